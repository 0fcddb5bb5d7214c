"""A returned campaign tracker's row that names a stakeholder not yet in the register is a
proposal: the new stakeholder travels with its row and is created when the row is accepted
(exchange/campaigns/returns.py, services/campaigns/writing.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import trackerkit

from psm_desktop.errors import UserError
from psm_desktop.exchange.campaigns.export import CampaignExport, export_campaign
from psm_desktop.exchange.campaigns.returns import ReturnsReport, import_returns
from psm_desktop.model import StakeholderKind
from psm_desktop.services import Services
from tests.unit.test_campaign_review import IVREA, PINEROLO, services

__all__ = ["IVREA", "PINEROLO", "services"]

UNIONE = "Unione Val Pellice"
NEW_TEXT = f"nuovo soggetto «{UNIONE}», sarà aggiunto all'anagrafica"


@pytest.fixture
def exported(services: Services, tmp_path: Path) -> CampaignExport:
    return export_campaign(services, "Primavera", tmp_path / "uscita")


def back(
    services: Services,
    exported: CampaignExport,
    office: str,
    target: Path,
    change: Callable[[Any], None],
) -> ReturnsReport:
    tracker = next(o.tracker for o in exported.offices if o.office == office)
    returned = trackerkit.edit(tracker, target, change)
    report = import_returns(services, "Primavera", [returned])
    assert not report.refused, report.refused
    return report


def _with_soggetti_row(wb: Any) -> None:
    soggetto = {"Nome": UNIONE, "Tipo": "ente pubblico", "Referente": "Ufficio tecnico"}
    trackerkit.append_row(wb, "Soggetti", {**soggetto, "E-mail": "uvp@example.it"})
    row = {"Codice azione": "1.1.1", "Soggetto": "unione  val PELLICE", "Ruolo": "coinvolto"}
    trackerkit.append_row(wb, "Assegnazioni", row)
    deadline = {"Codice azione": "1.1.1", "Scadenza": "Tavolo tecnico"}
    trackerkit.append_row(
        wb, "Scadenze", {**deadline, "Data prevista": "15/09/2026", "Responsabile": UNIONE}
    )


def _source(services: Services, what: str) -> set[tuple[str, str]]:
    """(entity, source) of the logged changes whose record's label names `what`."""
    return {(e.entity, e.source) for e in services.history.recent(500) if what in e.entity_label}


def test_rows_naming_a_new_stakeholder_are_proposals_that_create_it_once(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    report = back(services, exported, PINEROLO, tmp_path / "p.xlsx", _with_soggetti_row)
    assert not report.warnings  # no longer "aggiungi prima i soggetti all'anagrafica"
    rows = {c.field_label: c for c in services.campaigns.changes("Primavera")}
    assert set(rows) == {"Nuova assegnazione", "Nuova scadenza"}
    assert all(NEW_TEXT in c.shown_proposed for c in rows.values())
    assert services.stakeholders.find_by_name(UNIONE) is None  # nothing before review

    assert services.campaigns.accept("Primavera", [c.id for c in rows.values()]) == 2
    created = services.stakeholders.find_by_name(UNIONE)
    assert created is not None
    assert created.kind is StakeholderKind.PUBLIC_BODY
    assert (created.contact_person, created.email) == ("Ufficio tecnico", "uvp@example.it")
    assert [s.name for s in services.stakeholders.search("pellice")] == [UNIONE]  # once
    action = services.actions.get_by_code("1.1.1")
    roles = {a.stakeholder_name: a.role.value for a in services.assignments.for_action(action.id)}
    assert roles[UNIONE] == "coinvolto"
    (tavolo,) = [d for d in services.deadlines.for_action(action.id) if d.title == "Tavolo tecnico"]
    assert tavolo.stakeholder_id == created.id
    source = f"campagna «Primavera»: {PINEROLO}, file p.xlsx"
    entities = {e for e, _ in _source(services, UNIONE)}
    assert {"soggetto", "assegnazione"} <= entities  # the stakeholder's creation too
    assert {s for _, s in _source(services, UNIONE)} == {source}


def test_without_a_soggetti_row_the_new_stakeholder_is_altro(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        row = {"Codice azione": "1.1.1", "Soggetto": "Consorzio Nuovo", "Ruolo": "partner"}
        trackerkit.append_row(wb, "Assegnazioni", row)

    back(services, exported, PINEROLO, tmp_path / "p.xlsx", change)
    (change_row,) = services.campaigns.changes("Primavera")
    assert "nuovo soggetto «Consorzio Nuovo», sarà aggiunto all'anagrafica" in (
        change_row.shown_proposed
    )
    services.campaigns.accept("Primavera", [change_row.id])
    created = services.stakeholders.find_by_name("Consorzio Nuovo")
    assert created is not None and created.kind is StakeholderKind.OTHER


def test_a_rejected_row_creates_no_stakeholder(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    back(services, exported, PINEROLO, tmp_path / "p.xlsx", _with_soggetti_row)
    ids = [c.id for c in services.campaigns.changes("Primavera")]
    assert services.campaigns.reject("Primavera", ids, "non è un nostro ufficio") == 2
    assert services.stakeholders.find_by_name(UNIONE) is None
    action = services.actions.get_by_code("1.1.1")
    assert UNIONE not in {a.stakeholder_name for a in services.assignments.for_action(action.id)}


def test_a_stakeholder_created_meanwhile_is_used(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    back(services, exported, PINEROLO, tmp_path / "p.xlsx", _with_soggetti_row)
    existing = services.stakeholders.create("UNIONE   val pellice", "comune")
    services.campaigns.accept("Primavera", [c.id for c in services.campaigns.changes("Primavera")])
    assert [s.id for s in services.stakeholders.search("pellice")] == [existing.id]
    assert services.stakeholders.get(existing.id).kind is StakeholderKind.MUNICIPALITY
    action = services.actions.get_by_code("1.1.1")
    assigned = {a.stakeholder_id for a in services.assignments.for_action(action.id)}
    assert existing.id in assigned


def test_two_offices_naming_the_same_new_stakeholder_create_it_once(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    def on(code: str) -> Callable[[Any], None]:
        def change(wb: Any) -> None:
            row = {"Codice azione": code, "Soggetto": UNIONE, "Ruolo": "coinvolto"}
            trackerkit.append_row(wb, "Assegnazioni", row)

        return change

    back(services, exported, PINEROLO, tmp_path / "p.xlsx", on("1.1.1"))
    back(services, exported, IVREA, tmp_path / "i.xlsx", on("1.1.2"))
    assert services.campaigns.conflicts("Primavera") == []
    for change in services.campaigns.changes("Primavera"):
        services.campaigns.accept("Primavera", [change.id])  # one after the other
    (created,) = services.stakeholders.search("pellice")
    for code in ("1.1.1", "1.1.2"):
        action = services.actions.get_by_code(code)
        assert created.id in {a.stakeholder_id for a in services.assignments.for_action(action.id)}


def test_a_failing_proposal_creates_no_stakeholder_all_or_nothing(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        _with_soggetti_row(wb)
        trackerkit.set_cell(wb, "Scadenze", "Scadenza", "Progetto esecutivo", "Note", "rinviato")

    back(services, exported, PINEROLO, tmp_path / "p.xlsx", change)
    rows = services.campaigns.changes("Primavera")
    note = next(c for c in rows if c.field == "notes")
    action = services.actions.get_by_code("1.1.1")
    (gone,) = services.deadlines.for_action(action.id)
    services.deadlines.remove(gone.id)  # deleted in the plan since the file came back
    with pytest.raises(UserError) as caught:
        services.campaigns.accept("Primavera", [c.id for c in rows])
    assert f"respingi la proposta n. {note.id}" in caught.value.message
    assert services.stakeholders.find_by_name(UNIONE) is None  # nothing written
    assert {c.state for c in services.campaigns.changes("Primavera")} == {"proposta"}


def test_a_new_soggetti_row_no_row_names_is_only_a_warning(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        trackerkit.append_row(wb, "Soggetti", {"Nome": UNIONE, "Tipo": "ente pubblico"})

    report = back(services, exported, PINEROLO, tmp_path / "p.xlsx", change)
    assert report.warnings == [
        f"p.xlsx, foglio Soggetti: il nuovo soggetto «{UNIONE}» non è usato da nessuna "
        "scadenza o assegnazione: non è registrato come proposta (un soggetto si aggiunge "
        "all'anagrafica con la riga che lo nomina)."
    ]
    assert services.campaigns.changes("Primavera") == []


def test_a_deadlines_responsible_changed_to_a_new_stakeholder(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        name = "Consorzio  nuovo"
        trackerkit.set_cell(wb, "Scadenze", "Scadenza", "Progetto esecutivo", "Responsabile", name)

    back(services, exported, PINEROLO, tmp_path / "p.xlsx", change)
    (proposal,) = services.campaigns.changes("Primavera")
    assert proposal.shown_base == PINEROLO
    assert proposal.shown_proposed == (
        "nuovo soggetto «Consorzio nuovo», sarà aggiunto all'anagrafica"
    )
    services.campaigns.accept("Primavera", [proposal.id])
    created = services.stakeholders.find_by_name("consorzio nuovo")
    assert created is not None and created.kind is StakeholderKind.OTHER
    action = services.actions.get_by_code("1.1.1")
    (deadline,) = services.deadlines.for_action(action.id)
    assert deadline.stakeholder_id == created.id
