"""What the editor's Indicatori tab needs of the services: one action's health (also as an
edit would make it), undoing a deletion whole, and clearing a first value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from psm_desktop.model import Health, Status
from psm_desktop.services import Services
from psm_desktop.services.monitoring.indicators import IndicatorData
from tests.unit.test_periods import _set, monitored

__all__ = ["monitored"]


def test_action_health_matches_the_whole_plan_state(monitored: Services) -> None:
    plan = {a.code: a for a in monitored.periods.state("2025-S1").actions}
    for code in ("1.1.1", "1.1.2", "1.1.3", "1.2.1"):
        action_id = monitored.actions.get_by_code(code).id
        one = monitored.periods.action_health(action_id)
        assert one.period is not None and one.period.name == "2025-S1"
        assert (one.action.score, one.action.health) == (plan[code].score, plan[code].health)
    first = monitored.periods.action_health(monitored.actions.get_by_code("1.1.1").id)
    [indicator] = first.indicators
    assert (indicator.value, indicator.note) == (Decimal(100), "rilevato a giugno")
    assert (
        monitored.periods.action_health(monitored.actions.get_by_code("1.1.2").id).indicators == ()
    )


def test_action_health_as_an_edit_would_make_it(monitored: Services) -> None:
    action_id = monitored.actions.get_by_code("1.1.1").id
    assert monitored.periods.action_health(action_id).action.health is Health.ON_TRACK
    worse = monitored.periods.action_health(action_id, progress=10)
    assert worse.action.health is Health.CRITICAL and worse.action.progress == 10
    done = monitored.periods.action_health(action_id, status=Status.COMPLETED, progress=10)
    assert done.action.health is Health.ON_TRACK
    # nothing was written
    assert monitored.actions.get(action_id).progress == 50


@pytest.mark.both_engines
def test_many_actions_scored_at_once_as_one_by_one(monitored: Services) -> None:
    """An import scores a thousand edited actions in one read: the same andamento as
    `action_health` gives each, edits included; a deleted action is left out."""
    rows = monitored.actions.list_actions()
    edits: dict[int, tuple[Status | None, int | None]] = {
        row.id: (
            [None, Status.IN_PROGRESS, Status.COMPLETED][n % 3],
            [None, 5, 60, 100][n % 4],
        )
        for n, row in enumerate(rows)
    }
    edits[10**6] = (None, 10)  # no such action
    at_once = monitored.periods.healths_if_edited(edits)
    assert 10**6 not in at_once and len(at_once) == len(rows)
    for action_id, (status, progress) in edits.items():
        if action_id in at_once:
            one = monitored.periods.action_health(action_id, status=status, progress=progress)
            assert at_once[action_id] is one.action.health
    assert {Health.ON_TRACK, Health.CRITICAL} <= set(at_once.values())


def test_action_health_without_an_open_period_is_today_with_the_latest_values(
    monitored: Services,
) -> None:
    monitored.periods.close("2025-S1")
    action_id = monitored.actions.get_by_code("1.1.2").id
    today = monitored.periods.action_health(action_id, today=dt.date(2025, 12, 31))
    assert today.period is None and today.values_period == "2025-S1"
    assert today.action.expected_progress == 100.0
    assert today.action.health is Health.CRITICAL


def test_delete_then_restore_brings_back_values_and_targets(monitored: Services) -> None:
    action_id = monitored.actions.get_by_code("1.1.1").id
    [before] = monitored.indicators.for_action(action_id)
    monitored.indicators.set_target(before.id, "2025-S1", Decimal(60))
    health = monitored.periods.action_health(action_id).indicators
    deleted = monitored.indicators.delete(before.id)
    assert monitored.indicators.for_action(action_id) == []
    restored = monitored.indicators.restore(deleted)
    assert restored.id == before.id and restored.data == before.data
    assert restored.values == before.values
    assert monitored.periods.action_health(action_id).indicators == health
    history = [c.field for c in monitored.history.for_action(action_id)]
    assert "eliminato" in history and "ripristinato" in history


def test_restore_takes_a_new_id_when_the_old_one_is_taken(monitored: Services) -> None:
    action_id = monitored.actions.get_by_code("1.1.1").id
    [before] = monitored.indicators.for_action(action_id)
    deleted = monitored.indicators.delete(before.id)
    # A new indicator can reuse the freed id.
    other = monitored.indicators.create("1.1.2", IndicatorData(name="Altro"))
    restored = monitored.indicators.restore(deleted)
    assert restored.id not in (other.id,) and restored.values == before.values


def test_clear_value_of_the_open_period(monitored: Services) -> None:
    _set(monitored, "1.1.2", progress=10)
    indicator = monitored.indicators.create("1.1.2", IndicatorData(name="Km"))
    monitored.indicators.set_value(indicator.id, "2025-S1", None, "manca il dato")
    assert monitored.indicators.for_action(indicator_action(monitored))[0].values == (
        ("2025-S1", "n.d."),
    )
    monitored.indicators.clear_value(indicator.id, "2025-S1")
    assert monitored.indicators.for_action(indicator_action(monitored))[0].values == ()
    monitored.indicators.clear_value(indicator.id, "2025-S1")  # nothing to clear: no error


def test_check_raises_what_create_would(monitored: Services) -> None:
    from psm_desktop.errors import ValidationError

    with pytest.raises(ValidationError, match="nome"):
        monitored.indicators.check(IndicatorData(name=" "))


def indicator_action(services: Services) -> int:
    return services.actions.get_by_code("1.1.2").id
