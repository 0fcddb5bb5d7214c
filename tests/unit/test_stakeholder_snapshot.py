"""Snapshot and restore of a stakeholder: what a forced delete removes comes back on undo."""

from __future__ import annotations

import datetime as dt

import pytest

from psm_desktop.errors import ValidationError
from psm_desktop.model import Role, StakeholderKind
from psm_desktop.services import Services
from psm_desktop.services.stakeholder_snapshot import restore, take_snapshot


def _assigned(services: Services) -> tuple[int, list[int], int]:
    s = services.stakeholders.create(
        "Comune di Beta", StakeholderKind.MUNICIPALITY, zone="Pinerolese", email="a@b.it"
    )
    rows = services.actions.list_actions()[:3]
    services.assignments.assign(rows[0].id, s.id, Role.LEAD)
    services.assignments.assign(rows[1].id, s.id, Role.PARTNER)
    d = services.deadlines.add(rows[2].id, "Consegna", dt.date(2030, 1, 1), stakeholder_id=s.id)
    return s.id, [rows[0].id, rows[1].id], d.id


def test_forced_delete_then_restore_brings_everything_back(services: Services) -> None:
    sid, action_ids, deadline_id = _assigned(services)
    snap = take_snapshot(services, sid)
    assert snap.action_ids == sorted(action_ids)
    assert snap.deadline_ids == (deadline_id,)
    services.stakeholders.delete(sid, force=True)
    assert services.stakeholders.find_by_name("Comune di Beta") is None

    result = restore(services, snap)
    assert result.skipped == ()
    back = result.stakeholder
    assert (back.name, back.kind, back.zone, back.email) == (
        "Comune di Beta",
        StakeholderKind.MUNICIPALITY,
        "Pinerolese",
        "a@b.it",
    )
    roles = {row.id: role for row, role in services.stakeholders.actions_of(back.id)}
    assert roles == {action_ids[0]: Role.LEAD, action_ids[1]: Role.PARTNER}
    assert [d.id for d in services.stakeholders.deadlines_of(back.id)] == [deadline_id]


def test_restore_skips_what_disappeared_and_refuses_a_taken_name(services: Services) -> None:
    sid, _, deadline_id = _assigned(services)
    snap = take_snapshot(services, sid)
    services.stakeholders.delete(sid, force=True)
    services.deadlines.remove(deadline_id)
    result = restore(services, snap)
    assert len(result.skipped) == 1 and "scadenza" in result.skipped[0]
    assert len(services.stakeholders.actions_of(result.stakeholder.id)) == 2

    services.stakeholders.delete(result.stakeholder.id, force=True)
    services.stakeholders.create("Comune di Beta")
    before = len(services.stakeholders.search())
    with pytest.raises(ValidationError):
        restore(services, snap)
    assert len(services.stakeholders.search()) == before  # all or nothing
