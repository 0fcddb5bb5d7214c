"""Reporting periods: frozen snapshots, logged reopening, one open period, what changed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import select

from psm_desktop.errors import NotFoundError, UserError, ValidationError
from psm_desktop.model import ChangeLogEntry, Direction, Health, PeriodKind, PeriodSnapshot, Status
from psm_desktop.services import Services
from psm_desktop.services.monitoring.indicators import IndicatorData
from psm_desktop.services.monitoring.state import PlanState

S1 = dt.date(2025, 6, 30)
S2 = dt.date(2025, 12, 31)

pytestmark = pytest.mark.both_engines


def _set(services: Services, code: str, **changes: object) -> None:
    detail = services.actions.get_by_code(code)
    services.actions.update(detail.id, detail.version, changes)


def _payload(services: Services) -> bytes:
    with services.db.reading() as session:
        return session.scalars(select(PeriodSnapshot.payload)).one()


@pytest.fixture
def monitored(services: Services) -> Services:
    _set(
        services,
        "1.1.1",
        status="in_corso",
        progress=50,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
        budget=Decimal("1000"),
    )
    _set(
        services,
        "1.1.2",
        status="in_corso",
        progress=10,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    _set(services, "1.1.3", status="completata", progress=100)
    services.periods.add("2025-S1", S1, PeriodKind.SEMESTER)
    indicator = services.indicators.create(
        "1.1.1",
        IndicatorData(
            name="Imprese coinvolte",
            unit="imprese",
            baseline_value=Decimal(0),
            target_value=Decimal(100),
        ),
    )
    services.indicators.set_value(indicator.id, "2025-S1", Decimal(100), "rilevato a giugno")
    return services


def test_a_closed_snapshot_never_changes_after_many_edits(monitored: Services) -> None:
    services = monitored
    services.periods.close("2025-S1")
    before = services.periods.state("2025-S1")
    payload = _payload(services)
    rng = random.Random(7)
    codes = [r.code for r in services.actions.list_actions()]
    for _ in range(60):
        code = rng.choice(codes)
        _set(
            services,
            code,
            progress=rng.randint(0, 100),
            notes=f"modifica {rng.random()}",
            status=rng.choice(["in_corso", "sospesa", "non_avviata"]),
        )
    services.deadlines.add(services.actions.get_by_code("1.2.1").id, "Nuova", S2)
    services.periods.add("2025-S2", S2, PeriodKind.SEMESTER)
    after = services.periods.state("2025-S1")
    assert after == before
    assert _payload(services) == payload
    assert services.periods.state("2025-S2") != before


def test_snapshot_reads_back_exactly(monitored: Services) -> None:
    live = monitored.periods.state("2025-S1")
    assert PlanState.from_bytes(live.to_bytes()) == live
    monitored.periods.close("2025-S1")
    frozen = monitored.periods.state("2025-S1")
    assert frozen.closed and frozen.period == "2025-S1" and frozen.reference_date == S1
    assert [a.code for a in frozen.actions] == [a.code for a in live.actions]
    first = next(a for a in frozen.actions if a.code == "1.1.1")
    assert first.budget == Decimal("1000.00") and first.progress == 50
    assert first.notes == "" and first.status is Status.IN_PROGRESS
    (ind,) = frozen.indicators
    assert ind.value == Decimal(100) and ind.note == "rilevato a giugno"


def test_snapshot_is_compact(monitored: Services) -> None:
    monitored.periods.close("2025-S1")
    with monitored.db.reading() as session:
        size = len(session.scalars(select(PeriodSnapshot.payload)).one())
    assert size < 8_000  # 24 actions with their texts, compressed


def test_health_at_the_period_date(monitored: Services) -> None:
    report = monitored.periods.health("2025-S1")
    actions = {a.code: a for a in report.state.actions}
    assert actions["1.1.1"].expected_progress == pytest.approx(49.6, abs=0.5)
    assert actions["1.1.1"].health is Health.ON_TRACK
    assert actions["1.1.2"].health is Health.CRITICAL  # 10 % against about 50 %
    assert actions["1.1.3"].health is Health.ON_TRACK  # completata
    assert actions["1.2.1"].health is Health.NOT_RATED  # no dates
    strategy = next(s for s in report.strategies if s.code == "1.1")
    assert strategy.actions == 3 and strategy.count(Health.CRITICAL) == 1
    assert report.plan.actions == 24


def test_reopening_needs_a_reason_and_is_logged(
    monitored: Services, logged_as: Callable[[str], str]
) -> None:
    services = monitored
    services.periods.close("2025-S1")
    with pytest.raises(ValidationError):
        services.periods.reopen("2025-S1", "  ")
    services.periods.reopen("2025-S1", "valore delle imprese da correggere")
    assert not services.periods.get("2025-S1").closed
    with services.db.reading() as session:
        entries = session.execute(
            select(ChangeLogEntry.field, ChangeLogEntry.new_value, ChangeLogEntry.user).where(
                ChangeLogEntry.entity == "periodo"
            )
        ).all()
    fields = [(field, new) for field, new, _ in entries]
    assert ("riaperto", "valore delle imprese da correggere") in fields
    assert any(f == "chiuso" for f, _ in fields)
    assert all(user == logged_as("Tester") for _, _, user in entries)


def test_one_open_period_at_a_time(monitored: Services) -> None:
    with pytest.raises(UserError, match="ancora aperto"):
        monitored.periods.add("2025-S2", S2, PeriodKind.SEMESTER)
    monitored.periods.close("2025-S1")
    monitored.periods.add("2025-S2", S2, PeriodKind.SEMESTER)
    with pytest.raises(UserError, match="è aperto"):
        monitored.periods.reopen("2025-S1", "motivo")
    with pytest.raises(UserError, match="già chiuso"):
        monitored.periods.close("2025-S1")
    with pytest.raises(UserError, match="Esiste già"):
        monitored.periods.add("2025-S1", S2, PeriodKind.SEMESTER)
    assert monitored.periods.open_period().name == "2025-S2"  # type: ignore[union-attr]


def test_a_closed_period_values_are_frozen(monitored: Services) -> None:
    (ind,) = monitored.periods.state("2025-S1").indicators
    monitored.periods.close("2025-S1")
    with pytest.raises(UserError, match="chiuso"):
        monitored.indicators.set_value(ind.id, "2025-S1", Decimal(1))


def test_unknown_period_names_the_known_ones(monitored: Services) -> None:
    with pytest.raises(NotFoundError, match="2025-S1"):
        monitored.periods.state("2030-S1")


def test_what_changed_between_two_periods_and_today(monitored: Services) -> None:
    services = monitored
    (ind,) = services.periods.state("2025-S1").indicators
    services.periods.close("2025-S1")
    services.periods.add("2025-S2", S2, PeriodKind.SEMESTER)
    _set(services, "1.1.2", progress=100, status="completata")
    _set(services, "1.1.1", end_date=dt.date(2026, 6, 30))
    services.indicators.set_value(ind.id, "2025-S2", None, "dato non ancora pubblicato")
    services.periods.close("2025-S2")
    changes = services.periods.changes("2025-S1", "2025-S2")
    seen = {(c.code, c.what): (c.old, c.new) for c in changes.changed}
    assert seen[("1.1.2", "stato")] == ("In corso", "Completata")
    assert seen[("1.1.2", "avanzamento")] == ("10 %", "100 %")
    assert seen[("1.1.2", "andamento")] == ("Critico", "In linea")
    assert seen[("1.1.1", "data di fine")] == ("31/12/2025", "30/06/2026")
    assert seen[("1.1.1", "indicatore «Imprese coinvolte»")] == ("100", "n.d.")
    assert not changes.added and not changes.removed
    # Seen on the period's own date, today's data has not moved since it was closed.
    assert services.periods.changes("2025-S2", today=S2).changed == ()


def test_added_and_removed_actions(monitored: Services) -> None:
    services = monitored
    services.periods.close("2025-S1")
    with services.db.transaction() as session:
        from psm_desktop.model import Action

        session.delete(session.scalars(select(Action).where(Action.code == "1.5.7")).one())
    changes = services.periods.changes("2025-S1")
    assert changes.removed == ("1.5.7",) and changes.added == ()


def test_not_available_is_a_value_of_its_own(monitored: Services) -> None:
    (ind,) = monitored.periods.state("2025-S1").indicators
    monitored.indicators.set_value(ind.id, "2025-S1", None)
    (after,) = monitored.periods.state("2025-S1").indicators
    assert after.not_available and after.value is None and after.health is Health.NOT_RATED
    action = next(a for a in monitored.periods.state("2025-S1").actions if a.code == "1.1.1")
    assert action.health is Health.ON_TRACK  # n.d. is not a zero that drags the action down


def test_lower_is_better_indicator_drives_the_action(monitored: Services) -> None:
    services = monitored
    bad = services.indicators.create(
        "1.1.1",
        IndicatorData(
            name="Tempi medi di risposta",
            unit="giorni",
            direction=Direction.LOWER,
            baseline_value=Decimal(60),
            target_value=Decimal(30),
        ),
    )
    services.indicators.set_value(bad.id, "2025-S1", Decimal(55))
    action = next(a for a in services.periods.state("2025-S1").actions if a.code == "1.1.1")
    assert action.health is Health.CRITICAL  # the worst component wins


def test_rule_is_stored_and_logged(monitored: Services) -> None:
    from psm_desktop.model import Rollup
    from psm_desktop.services.monitoring.health import HealthRule

    monitored.periods.set_rule(HealthRule(90, 60, Rollup.BUDGET))
    assert monitored.periods.rule() == HealthRule(90, 60, Rollup.BUDGET)
    report = monitored.periods.health("2025-S1")
    strategy = next(s for s in report.strategies if s.code == "1.1")
    assert strategy.score == pytest.approx(100.0)  # only 1.1.1 has a budget
    entries = monitored.history.recent(source=None)
    assert any(e.entity_label == "Regola dell'andamento" for e in entries)


def test_trend_over_closed_periods_and_furthest_indicators(monitored: Services) -> None:
    from psm_desktop.services.monitoring.summary import actions_with, furthest_indicators

    services = monitored
    assert services.periods.trend() == []
    services.periods.close("2025-S1")
    services.periods.add("2025-S2", S2, PeriodKind.SEMESTER)
    _set(services, "1.1.2", progress=100, status="completata")
    _set(services, "1.1.1", progress=100)
    services.periods.close("2025-S2")
    points = services.periods.trend()
    assert [p.period for p in points] == ["2025-S1", "2025-S2"]
    assert points[0].summary.count(Health.CRITICAL) == 1
    assert points[1].summary.count(Health.CRITICAL) == 0
    state = services.periods.state("2025-S1")
    assert [i.name for i in furthest_indicators(state)] == ["Imprese coinvolte"]
    critical = actions_with(state, Health.CRITICAL, axis=1)
    assert critical == {services.actions.get_by_code("1.1.2").id}
    assert actions_with(state, Health.CRITICAL, axis=2) == frozenset()
