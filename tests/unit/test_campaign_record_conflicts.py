"""Offices' deleted, edited and added rows that clash (outside strict mode): a deletion
against an edit of the same row, one assignment added with two roles. Two offices deleting
the same row or adding the identical one agree: the second has nothing to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import trackerkit

from psm_desktop.errors import UserError
from psm_desktop.exchange.campaigns.export import CampaignExport
from psm_desktop.services import Services
from tests.unit.test_campaign_new_stakeholders import (
    IVREA,
    PINEROLO,
    back,
    exported,
    services,
)

__all__ = ["exported", "services"]

Change = Callable[[Any], None]


def _both(
    services: Services, exported: CampaignExport, tmp_path: Path, pinerolo: Change, ivrea: Change
) -> None:
    back(services, exported, PINEROLO, tmp_path / "p.xlsx", pinerolo)
    back(services, exported, IVREA, tmp_path / "i.xlsx", ivrea)


def _delete_deadline(wb: Any) -> None:
    trackerkit.delete_row(wb, "Scadenze", "Scadenza", "Progetto esecutivo")


def _edit_deadline(wb: Any) -> None:
    trackerkit.set_cell(wb, "Scadenze", "Scadenza", "Progetto esecutivo", "Note", "rinviato")


def _deadlines(services: Services) -> list[Any]:
    return services.deadlines.for_action(services.actions.get_by_code("1.1.1").id)


def _roles(services: Services) -> dict[str, str]:
    action = services.actions.get_by_code("1.1.1")
    return {a.stakeholder_name: a.role.value for a in services.assignments.for_action(action.id)}


def _by_office(services: Services) -> dict[str, Any]:
    return {c.office: c for c in services.campaigns.changes("Primavera")}


def test_a_deleted_deadline_edited_by_another_office_is_a_conflict(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    _both(services, exported, tmp_path, _delete_deadline, _edit_deadline)
    (conflict,) = services.campaigns.conflicts("Primavera")
    sides = {(c.office, c.field_label, c.shown_proposed) for c in conflict.changes}
    assert sides == {
        (PINEROLO, "Scadenza tolta", "(da togliere)"),
        (IVREA, "Note", "rinviato"),
    }
    assert "Progetto esecutivo" in conflict.describe()
    with pytest.raises(UserError, match="conflitt"):
        services.campaigns.accept("Primavera", [c.id for c in conflict.changes])
    with pytest.raises(UserError, match="conflitt"):
        services.campaigns.decide_all("Primavera", accept=True)
    assert [d.title for d in _deadlines(services)] == ["Progetto esecutivo"]  # nothing written

    # The coordinator chooses the deletion: the edit is rejected as its other side.
    services.campaigns.accept("Primavera", [_by_office(services)[PINEROLO].id])
    assert _deadlines(services) == []
    ivrea = _by_office(services)[IVREA]
    assert ivrea.state == "respinta" and PINEROLO in ivrea.reason


def test_choosing_the_edit_rejects_the_deletion(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    _both(services, exported, tmp_path, _delete_deadline, _edit_deadline)
    services.campaigns.accept("Primavera", [_by_office(services)[IVREA].id])
    assert [d.notes for d in _deadlines(services)] == ["rinviato"]
    pinerolo = _by_office(services)[PINEROLO]
    assert pinerolo.state == "respinta" and IVREA in pinerolo.reason


def test_a_deleted_assignment_whose_role_another_office_changed_is_a_conflict(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    def delete(wb: Any) -> None:
        trackerkit.delete_row(wb, "Assegnazioni", "Soggetto", IVREA)

    def role(wb: Any) -> None:
        ws = wb["Assegnazioni"]
        code, who = trackerkit.column_of(ws, "Codice azione"), trackerkit.column_of(ws, "Soggetto")
        for row in range(2, ws.max_row + 1):
            if ws.cell(row, code).value == "1.1.1" and ws.cell(row, who).value == IVREA:
                ws.cell(row, trackerkit.column_of(ws, "Ruolo")).value = "coinvolto"

    _both(services, exported, tmp_path, delete, role)
    (conflict,) = services.campaigns.conflicts("Primavera")
    assert {c.office for c in conflict.changes} == {PINEROLO, IVREA}
    with pytest.raises(UserError, match="conflitt"):
        services.campaigns.accept("Primavera", [c.id for c in conflict.changes])
    assert _roles(services)[IVREA] == "partner"


def _assign(role: str) -> Change:
    def change(wb: Any) -> None:
        row = {"Codice azione": "1.1.1", "Soggetto": "Unione Val Pellice", "Ruolo": role}
        trackerkit.append_row(wb, "Assegnazioni", row)

    return change


def test_one_assignment_added_with_two_roles_is_a_conflict(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    services.stakeholders.create("Unione Val Pellice", "comune")
    _both(services, exported, tmp_path, _assign("coinvolto"), _assign("partner"))
    (conflict,) = services.campaigns.conflicts("Primavera")
    assert {(c.office, c.shown_proposed) for c in conflict.changes} == {
        (PINEROLO, "Coinvolto"),
        (IVREA, "Partner"),
    }
    with pytest.raises(UserError, match="conflitt"):
        services.campaigns.accept("Primavera", [c.id for c in conflict.changes])
    services.campaigns.accept("Primavera", [_by_office(services)[IVREA].id])
    assert _roles(services)["Unione Val Pellice"] == "partner"
    assert _by_office(services)[PINEROLO].state == "respinta"


def test_the_same_assignment_added_by_two_offices_is_written_once(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    services.stakeholders.create("Unione Val Pellice", "comune")
    _both(services, exported, tmp_path, _assign("coinvolto"), _assign("coinvolto"))
    assert services.campaigns.conflicts("Primavera") == []
    assert services.campaigns.decide_all("Primavera", accept=True) == 2
    assert _roles(services)["Unione Val Pellice"] == "coinvolto"
    states = {
        (c.state, c.reason.startswith("nulla da fare")) for c in _by_office(services).values()
    }
    assert states == {("accettata", False), ("accettata", True)}


def test_the_same_deadline_deleted_by_two_offices_is_no_conflict(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    _both(services, exported, tmp_path, _delete_deadline, _delete_deadline)
    assert services.campaigns.conflicts("Primavera") == []
    ids = [c.id for c in services.campaigns.changes("Primavera")]
    assert services.campaigns.accept("Primavera", ids) == 2
    assert _deadlines(services) == []
    reasons = sorted(c.reason for c in _by_office(services).values())
    assert reasons[0] == "" and reasons[1].startswith("nulla da fare")


def test_the_identical_deadline_added_by_two_offices_is_written_once(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    def add(wb: Any) -> None:
        row = {"Codice azione": "1.1.1", "Scadenza": "Tavolo tecnico"}
        trackerkit.append_row(wb, "Scadenze", {**row, "Data prevista": "15/09/2026"})

    _both(services, exported, tmp_path, add, add)
    assert services.campaigns.conflicts("Primavera") == []
    ids = [c.id for c in services.campaigns.changes("Primavera")]
    assert services.campaigns.accept("Primavera", ids) == 2
    assert sorted(d.title for d in _deadlines(services)) == ["Progetto esecutivo", "Tavolo tecnico"]


def test_an_edit_of_a_row_deleted_since_says_to_reject_it(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    back(services, exported, IVREA, tmp_path / "i.xlsx", _edit_deadline)
    (edit,) = services.campaigns.changes("Primavera")
    (deadline,) = _deadlines(services)
    services.deadlines.remove(deadline.id)
    with pytest.raises(UserError) as caught:
        services.campaigns.accept("Primavera", [edit.id])
    message = caught.value.message
    assert IVREA in message and "Progetto esecutivo" in message
    assert "tolta dal piano" in message and f"respingi la proposta n. {edit.id}" in message
    with pytest.raises(UserError, match=f"respingi la proposta n. {edit.id}"):
        services.campaigns.accept_edited("Primavera", edit.id, "altro testo")
