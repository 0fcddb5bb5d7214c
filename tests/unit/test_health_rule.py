"""The health rule at its thresholds and edges: pure arithmetic, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from psm_desktop.model import Direction, Health, Rollup, Status
from psm_desktop.services.monitoring.health import (
    HealthRule,
    IndicatorFacts,
    action_score,
    expected_progress,
    indicator_score,
    period_target,
    progress_score,
    rollup_score,
)

pytestmark = pytest.mark.both_engines

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
RULE = HealthRule()


def facts(direction: Direction = Direction.HIGHER, **kw: object) -> IndicatorFacts:
    base: dict[str, object] = {
        "direction": direction,
        "baseline": None,
        "baseline_date": None,
        "target": None,
        "target_date": None,
        "range_min": None,
        "range_max": None,
    }
    base.update(kw)
    return IndicatorFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("score", "health"),
    [
        (100.0, Health.ON_TRACK),
        (95.0, Health.ON_TRACK),
        (94.9, Health.ATTENTION),
        (85.0, Health.ATTENTION),
        (84.9, Health.CRITICAL),
        (0.0, Health.CRITICAL),
        (None, Health.NOT_RATED),
    ],
)
def test_thresholds(score: float | None, health: Health) -> None:
    assert RULE.classify(score) is health


def test_thresholds_are_checked() -> None:
    with pytest.raises(ValueError):
        HealthRule(on_track=80, attention=90)


def test_expected_progress_edges() -> None:
    assert expected_progress(None, END, START) is None  # no dates
    assert expected_progress(START, None, START) is None
    assert expected_progress(START, END, dt.date(2024, 6, 1)) == 0.0  # start in the future
    assert expected_progress(START, END, START) == 0.0
    assert expected_progress(START, END, END) == 100.0  # end reached
    assert expected_progress(START, END, dt.date(2026, 3, 1)) == 100.0  # end passed
    assert expected_progress(START, END, dt.date(2025, 7, 2)) == pytest.approx(50.0, abs=0.2)


def test_progress_score() -> None:
    assert progress_score(Status.IN_PROGRESS, 50, 50.0) == 100.0
    assert progress_score(Status.IN_PROGRESS, 95, 100.0) == 95.0  # exactly the threshold
    assert progress_score(Status.IN_PROGRESS, 40, 50.0) == 80.0
    assert progress_score(Status.IN_PROGRESS, 80, 50.0) == 100.0  # ahead counts as 100
    assert progress_score(Status.NOT_STARTED, 0, 0.0) == 100.0  # nothing due yet
    assert progress_score(Status.IN_PROGRESS, 30, None) is None  # no dates
    assert progress_score(Status.COMPLETED, 40, 100.0) == 100.0
    assert progress_score(Status.CANCELLED, 0, 100.0) is None


def test_higher_is_better_from_a_baseline() -> None:
    f = facts(baseline=Decimal(10), target=Decimal(110))
    assert indicator_score(f, Decimal(110), f.target) == 100.0
    assert indicator_score(f, Decimal(105), f.target) == 95.0
    assert indicator_score(f, Decimal(60), f.target) == 50.0
    assert indicator_score(f, Decimal(0), f.target) == 0.0  # below the baseline: never negative


def test_lower_is_better() -> None:
    f = facts(Direction.LOWER, baseline=Decimal(200), target=Decimal(100))
    assert indicator_score(f, Decimal(100), f.target) == 100.0
    assert indicator_score(f, Decimal(90), f.target) == 100.0  # better than the target
    assert indicator_score(f, Decimal(150), f.target) == 50.0
    assert indicator_score(f, Decimal(250), f.target) == 0.0
    no_baseline = facts(Direction.LOWER, target=Decimal(100))
    assert indicator_score(no_baseline, Decimal(80), no_baseline.target) == 100.0
    assert indicator_score(no_baseline, Decimal(125), no_baseline.target) == 80.0


def test_range() -> None:
    f = facts(Direction.RANGE, range_min=Decimal(10), range_max=Decimal(20))
    assert indicator_score(f, Decimal(10), None) == 100.0
    assert indicator_score(f, Decimal(20), None) == 100.0
    assert indicator_score(f, Decimal(21), None) == 90.0
    assert indicator_score(f, Decimal(5), None) == 50.0
    assert indicator_score(f, Decimal(100), None) == 0.0
    only_max = facts(Direction.RANGE, range_max=Decimal(50))
    assert indicator_score(only_max, Decimal(-3), None) == 100.0
    assert indicator_score(only_max, Decimal(55), None) == 90.0


def test_not_available_is_not_zero() -> None:
    f = facts(baseline=Decimal(0), target=Decimal(100))
    assert indicator_score(f, None, f.target) is None
    assert action_score([100.0, None]) == 100.0
    assert action_score([None, None]) is None


def test_period_target_intermediate_then_interpolated_then_final() -> None:
    f = facts(
        baseline=Decimal(0),
        baseline_date=dt.date(2024, 1, 1),
        target=Decimal(100),
        target_date=dt.date(2026, 1, 1),
    )
    assert period_target(f, Decimal(30), dt.date(2025, 1, 1)) == Decimal(30)
    halfway = period_target(f, None, dt.date(2025, 1, 1))
    assert halfway is not None and abs(halfway - Decimal(50)) < 1
    assert period_target(f, None, dt.date(2023, 6, 1)) == Decimal(0)
    assert period_target(f, None, dt.date(2027, 1, 1)) == Decimal(100)
    assert period_target(facts(target=Decimal(7)), None, dt.date(2025, 1, 1)) == Decimal(7)
    # Nothing expected yet (target equal to the baseline) scores full marks when met.
    early = period_target(f, None, dt.date(2024, 1, 1))
    assert indicator_score(f, Decimal(0), early) == 100.0


def test_action_is_its_worst_component() -> None:
    assert action_score([100.0, 60.0, None]) == 60.0


def test_rollup_average_and_budget() -> None:
    items = [(100.0, Decimal(1000)), (50.0, Decimal(3000)), (None, Decimal(99999)), (80.0, None)]
    assert rollup_score(items, HealthRule()) == pytest.approx((100 + 50 + 80) / 3, abs=0.1)
    by_budget = HealthRule(rollup=Rollup.BUDGET)
    assert rollup_score(items, by_budget) == 62.5  # (100*1000 + 50*3000) / 4000
    assert rollup_score([(70.0, None), (90.0, None)], by_budget) == 80.0  # no budgets: average
    assert rollup_score([(None, Decimal(5))], by_budget) is None


def test_the_rule_is_described_with_its_thresholds() -> None:
    text = " ".join(HealthRule(on_track=90, attention=70, rollup=Rollup.BUDGET).describe())
    assert "almeno 90 %" in text and "sotto 70 %" in text and "budget" in text
