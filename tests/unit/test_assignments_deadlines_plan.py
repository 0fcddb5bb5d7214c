"""Assignments (one per action and stakeholder), deadlines, and the plan tree."""

from __future__ import annotations

import datetime as dt

import pytest

from psm_desktop.errors import NotFoundError, ValidationError
from psm_desktop.model import Role
from psm_desktop.services import DeadlineFilter, Services

pytestmark = pytest.mark.both_engines

TODAY = dt.date(2026, 6, 15)


def _action(services: Services, code: str) -> int:
    return services.actions.get_by_code(code).id


# --- assignments --------------------------------------------------------------------------


def test_assign_change_role_and_unassign_with_log(services: Services) -> None:
    action = _action(services, "1.4.4")
    sh = services.stakeholders.create("SCR Piemonte", "ente_pubblico")
    info = services.assignments.assign(action, sh.id, "capofila")
    assert (info.role, info.action_code, info.stakeholder_name) == (
        Role.LEAD,
        "1.4.4",
        "SCR Piemonte",
    )
    assert services.actions.get(action).lead == "SCR Piemonte"
    changed = services.assignments.change_role(info.id, info.version, Role.PARTNER)
    assert changed.role is Role.PARTNER and changed.version == info.version + 1
    unchanged = services.assignments.change_role(changed.id, changed.version, "partner")
    assert unchanged.version == changed.version
    services.assignments.unassign(changed.id, changed.version)
    assert services.assignments.for_action(action) == []
    log = [(e.old_value, e.new_value) for e in services.history.for_action(action)]
    assert log == [
        ("Partner", None),
        ("Responsabile/capofila", "Partner"),
        (None, "Responsabile/capofila"),
    ]
    assert all(
        e.entity_label == "1.4.4 — SCR Piemonte" for e in services.history.for_action(action)
    )


def test_one_assignment_per_pair(services: Services) -> None:
    action = _action(services, "1.1.1")
    sh = services.stakeholders.create("CSI Piemonte", "ente_pubblico")
    services.assignments.assign(action, sh.id, Role.PARTNER)
    with pytest.raises(ValidationError, match="già assegnato") as caught:
        services.assignments.assign(action, sh.id, Role.LEAD)
    assert "1.1.1" in str(caught.value) and "Partner" in str(caught.value)
    assert len(services.assignments.for_action(action)) == 1
    # The same stakeholder on another action is fine.
    services.assignments.assign(_action(services, "1.1.2"), sh.id, Role.LEAD)


def test_assign_refuses_bad_role_and_missing_records(services: Services) -> None:
    action = _action(services, "1.1.1")
    sh = services.stakeholders.create("CSI Piemonte", "ente_pubblico")
    with pytest.raises(ValidationError) as caught:
        services.assignments.assign(action, sh.id, "sponsor")
    assert caught.value.problems[0].where == "Ruolo"
    with pytest.raises(NotFoundError):
        services.assignments.assign(999_999, sh.id, Role.PARTNER)
    with pytest.raises(NotFoundError):
        services.assignments.assign(action, 999_999, Role.PARTNER)


def test_assignments_listed_lead_first(services: Services) -> None:
    action = _action(services, "1.1.1")
    names = ["Zeta srl", "Alfa srl", "Beta srl"]
    ids = [services.stakeholders.create(n, "impresa").id for n in names]
    services.assignments.assign(action, ids[0], Role.LEAD)
    services.assignments.assign(action, ids[1], Role.INFORMED)
    services.assignments.assign(action, ids[2], Role.PARTNER)
    listed = [(a.stakeholder_name, a.role) for a in services.assignments.for_action(action)]
    assert listed == [
        ("Zeta srl", Role.LEAD),
        ("Beta srl", Role.PARTNER),
        ("Alfa srl", Role.INFORMED),
    ]


def test_two_leads_are_both_shown(services: Services) -> None:
    action = _action(services, "1.1.1")
    for name in ("Regione Piemonte", "Città di Torino"):
        sh = services.stakeholders.create(name, "ente_pubblico")
        services.assignments.assign(action, sh.id, Role.LEAD)
    [row] = [r for r in services.actions.list_actions() if r.id == action]
    assert row.lead == "Città di Torino, Regione Piemonte"


# --- deadlines ----------------------------------------------------------------------------


def test_deadline_add_update_complete_remove(services: Services) -> None:
    action = _action(services, "1.2.1")
    sh = services.stakeholders.create("Unioncamere Piemonte", "associazione_categoria")
    added = services.deadlines.add(
        action, "  Bando voucher  ", dt.date(2026, 9, 30), stakeholder_id=sh.id, notes="PR FESR"
    )
    assert (added.title, added.stakeholder_name, added.action_code) == (
        "Bando voucher",
        "Unioncamere Piemonte",
        "1.2.1",
    )
    moved = services.deadlines.update(added.id, added.version, {"due_date": dt.date(2026, 10, 15)})
    done = services.deadlines.complete(moved.id, moved.version, dt.date(2026, 10, 10))
    assert done.completed_on == dt.date(2026, 10, 10) and done.is_done and not done.overdue
    entries = [(e.field, e.old_value, e.new_value) for e in services.history.for_action(action)]
    assert entries[:3] == [
        ("Data di completamento", None, "10/10/2026"),
        ("Data prevista", "30/09/2026", "15/10/2026"),
        ("creazione", None, "Bando voucher (30/09/2026)"),
    ]
    services.deadlines.remove(done.id, done.version)
    assert services.deadlines.for_action(action) == []
    assert services.history.for_action(action)[0].field == "eliminazione"


def test_deadline_validation(services: Services) -> None:
    action = _action(services, "1.2.1")
    with pytest.raises(ValidationError) as caught:
        services.deadlines.add(action, " ", None)  # type: ignore[arg-type]
    assert {p.where for p in caught.value.problems} == {"Scadenza", "Data prevista"}
    with pytest.raises(ValidationError) as caught:
        services.deadlines.add(action, "Bando", "30/09/2026")  # type: ignore[arg-type]
    assert caught.value.problems[0].where == "Data prevista"
    with pytest.raises(ValidationError) as caught:
        services.deadlines.add(action, "Bando", dt.date(2026, 9, 30), stakeholder_id=999_999)
    assert caught.value.problems[0].where == "Responsabile"
    with pytest.raises(NotFoundError):
        services.deadlines.add(999_999, "Bando", dt.date(2026, 9, 30))
    assert services.deadlines.for_action(action) == []


def test_deadline_list_order_and_filters(services: Services) -> None:
    a1, a2 = _action(services, "1.1.1"), _action(services, "1.5.7")
    sh = services.stakeholders.create("Turismo Torino e Provincia", "ente_pubblico")
    services.deadlines.add(a1, "Futura", TODAY + dt.timedelta(days=30))
    services.deadlines.add(a2, "Scaduta", TODAY - dt.timedelta(days=3), stakeholder_id=sh.id)
    services.deadlines.add(a2, "Vicina", TODAY + dt.timedelta(days=6), stakeholder_id=sh.id)
    services.deadlines.add(a1, "Chiusa", TODAY - dt.timedelta(days=90), completed_on=TODAY)

    def titles(**flt: object) -> list[str]:
        rows = services.deadlines.list_deadlines(DeadlineFilter(**flt), today=TODAY)  # type: ignore[arg-type]
        return [d.title for d in rows]

    assert titles() == ["Scaduta", "Vicina", "Futura"]
    assert titles(include_done=True) == ["Scaduta", "Vicina", "Futura", "Chiusa"]
    assert titles(within_days=7) == ["Scaduta", "Vicina"]  # overdue ones included
    assert titles(stakeholder_id=sh.id) == ["Scaduta", "Vicina"]
    assert titles(axis=2) == []
    overdue = {d.title: d.overdue for d in services.deadlines.list_deadlines(today=TODAY)}
    assert overdue == {"Scaduta": True, "Vicina": False, "Futura": False}


# --- the plan tree ------------------------------------------------------------------------


def test_plan_tree_shape(services: Services) -> None:
    tree = services.plan.tree(today=TODAY)
    assert [node.axis.number for node in tree] == [1, 2, 3, 4, 5, 6]
    axis1 = tree[0]
    assert [s.strategy.code for s in axis1.strategies] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert [len(s.actions) for s in axis1.strategies] == [3, 6, 4, 4, 7]
    assert [a.code for a in axis1.strategies[0].actions] == ["1.1.1", "1.1.2", "1.1.3"]
    for node in tree[1:]:
        assert node.strategies == []
    # Actions in the tree are the same rows the list gives.
    flat = [a for s in axis1.strategies for a in s.actions]
    assert flat == services.actions.list_actions(today=TODAY)


def test_plan_tree_reflects_edits(services: Services) -> None:
    detail = services.actions.get_by_code("1.3.2")
    services.actions.update(detail.id, detail.version, {"status": "in corso", "progress": 45})
    node = services.plan.tree(today=TODAY)[0].strategies[2]
    row = next(a for a in node.actions if a.code == "1.3.2")
    assert (row.status.label, row.progress) == ("In corso", 45)


def test_missing_axis(services: Services) -> None:
    with pytest.raises(NotFoundError, match="7"):
        services.plan.axis(7)


def test_action_detail_lists_assignments_like_the_assignment_service(services: Services) -> None:
    action = _action(services, "1.1.1")
    for name, role in (
        ("Alfa srl", Role.INVOLVED),
        ("Beta srl", Role.LEAD),
        ("Gamma", Role.PARTNER),
    ):
        services.assignments.assign(action, services.stakeholders.create(name, "impresa").id, role)
    detail = services.actions.get(action)
    assert [a.role for a in detail.assignments] == [Role.LEAD, Role.PARTNER, Role.INVOLVED]
    assert list(detail.assignments) == services.assignments.for_action(action)


def test_deadline_filter_by_zone(services: Services) -> None:
    a1, a2 = _action(services, "1.1.1"), _action(services, "1.1.2")
    services.actions.update(a1, services.actions.get(a1).version, {"zones": ["Eporediese"]})
    services.deadlines.add(a1, "Ivrea", TODAY + dt.timedelta(days=3))
    services.deadlines.add(a2, "Altrove", TODAY + dt.timedelta(days=3))
    zones = {z.name: z.id for z in services.plan.zones()}
    rows = services.deadlines.list_deadlines(DeadlineFilter(zone_id=zones["Eporediese"]), TODAY)
    assert [d.title for d in rows] == ["Ivrea"]
    assert services.deadlines.list_deadlines(DeadlineFilter(zone_id=zones["Torino"]), TODAY) == []
