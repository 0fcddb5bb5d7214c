"""The coordinator's review beyond accept and reject: an edited value, and the board's detail
of an office (its actions with their last update)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import trackerkit

from psm_desktop.errors import UserError
from psm_desktop.model import PeriodKind
from psm_desktop.services import EditContext, Services
from psm_desktop.services.campaigns import Proposal, codec
from psm_desktop.services.campaigns.editing import edit_text, editable, parse_edit
from psm_desktop.storage import open_database

PINEROLO, IVREA = "Comune di Pinerolo", "Comune di Ivrea"


@pytest.fixture
def services(db_path: Path) -> Iterator[Services]:
    trackerkit.make_state_db(db_path)
    db = open_database(db_path)
    svc = Services(db, EditContext(user="Tester", source="test"))
    svc.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    svc.campaigns.create("Primavera", dt.date(2025, 7, 31))
    yield svc
    db.close()


def _progress(services: Services, office: str, value: int) -> int:
    action = services.actions.get_by_code("1.1.1")
    sid = services.stakeholders.find_by_name(office).id
    proposal = Proposal("azione", action.id, action.id, "1.1.1", "progress", "Avanzamento %",
                        40, value, "40%", f"{value}%")  # fmt: skip
    services.campaigns.record_return("Primavera", sid, f"{office}.xlsx", office, [proposal])
    return next(c.id for c in services.campaigns.changes("Primavera") if c.office == office)


def test_an_edited_value_is_written_with_its_source_and_the_edit(services: Services) -> None:
    pinerolo, ivrea = _progress(services, PINEROLO, 60), _progress(services, IVREA, 70)
    services.campaigns.accept_edited("Primavera", pinerolo, 65, "65%")
    action = services.actions.get_by_code("1.1.1")
    assert action.progress == 65
    entry = next(e for e in services.history.for_action(action.id) if e.field == "Avanzamento %")
    assert entry.new_value == "65"
    assert PINEROLO in entry.source and f"{PINEROLO}.xlsx" in entry.source
    assert "modificata dal coordinatore" in entry.source
    rows = {c.id: c for c in services.campaigns.changes("Primavera")}
    assert rows[pinerolo].state == "accettata"
    assert rows[pinerolo].shown_proposed == "60%"  # what the office proposed stays on record
    assert rows[pinerolo].reason == "modificata dal coordinatore: accettato «65%» invece di «60%»"
    assert rows[ivrea].state == "respinta" and PINEROLO in rows[ivrea].reason
    assert {r.state for r in services.campaigns.board("Primavera")} == {"validato"}


def test_an_edited_value_is_validated_like_any_edit(services: Services) -> None:
    pinerolo = _progress(services, PINEROLO, 60)
    with pytest.raises(UserError, match="Nessuna modifica applicata"):
        services.campaigns.accept_edited("Primavera", pinerolo, 150)
    assert services.actions.get_by_code("1.1.1").progress == 40
    (change,) = services.campaigns.changes("Primavera")
    assert change.state == "proposta"  # still to decide
    with pytest.raises(UserError, match="non è più in attesa"):
        services.campaigns.reject("Primavera", [pinerolo], "no")
        services.campaigns.accept_edited("Primavera", pinerolo, 50)


def test_the_edited_text_is_read_as_the_proposals_kind() -> None:
    where = "Proposta n. 3"
    assert parse_edit(" 65 ", codec.encode(60), codec.encode(40), where) == 65
    assert parse_edit("65%", codec.encode(60), None, where) == 65
    assert parse_edit("15/3/2026", codec.encode(dt.date(2026, 1, 1)), None, where) == dt.date(
        2026, 3, 15
    )
    assert parse_edit("1.234,50", None, codec.encode(Decimal("10")), where) == Decimal("1234.50")
    assert parse_edit("Lavori avviati", codec.encode("x"), None, where) == "Lavori avviati"
    assert parse_edit("", codec.encode(60), None, where) is None
    with pytest.raises(UserError, match=r"Proposta n\. 3: «sessanta» non è un numero intero"):
        parse_edit("sessanta", codec.encode(60), None, where)
    with pytest.raises(UserError, match=r"Proposta n\. 3"):
        parse_edit("31/02/2026", codec.encode(dt.date(2026, 1, 1)), None, where)
    assert edit_text(codec.encode(dt.date(2026, 3, 15))) == "15/03/2026"
    assert edit_text(codec.encode(Decimal("1234.5"))) == "1234,5"
    assert editable("progress", codec.encode(60), None)
    assert not editable("stakeholder_id", codec.encode(3), None)
    assert not editable("zones", codec.encode(frozenset({"A"})), None)


def test_the_board_lists_an_offices_actions_with_their_last_update(services: Services) -> None:
    before = {a.code: a for a in services.campaigns.office_actions("Primavera", IVREA)}
    assert set(before) == {"1.1.1", "1.1.2"}  # partner in 1.1.1, involved in 1.1.2
    assert before["1.1.1"].role == "Partner"
    assert before["1.1.2"].role == "Coinvolto"
    services.campaigns.accept("Primavera", [_progress(services, IVREA, 70)])
    after = {a.code: a for a in services.campaigns.office_actions("Primavera", IVREA)}
    assert after["1.1.1"].changed_at is not None
    assert (
        before["1.1.1"].changed_at is None
        or after["1.1.1"].changed_at >= before["1.1.1"].changed_at
    )
    assert after["1.1.1"].user == "Tester"
    assert IVREA in after["1.1.1"].source and "Primavera" in after["1.1.1"].source
    assert after["1.1.2"] == before["1.1.2"]
    assert [a.code for a in services.campaigns.office_actions("Primavera", PINEROLO)] == ["1.1.1"]


def _returned_rows(services: Services, tmp_path: Path) -> dict[str, int]:
    """Pinerolo's tracker back with a new deadline and "Progetto esecutivo" deleted."""
    from psm_desktop.exchange.campaigns.export import export_campaign
    from psm_desktop.exchange.campaigns.returns import import_returns

    result = export_campaign(services, "Primavera", tmp_path / "uscita")
    tracker = next(o.tracker for o in result.offices if o.office == PINEROLO)

    def change(wb: trackerkit.Workbook) -> None:
        row = {"Codice azione": "1.1.1", "Scadenza": "Tavolo tecnico"}
        row["Data prevista"] = "15/09/2026"
        trackerkit.append_row(wb, "Scadenze", row)
        trackerkit.delete_row(wb, "Scadenze", "Scadenza", "Progetto esecutivo")

    back = trackerkit.edit(tracker, tmp_path / "p.xlsx", change)
    report = import_returns(services, "Primavera", [back])
    assert not report.refused and not report.warnings
    rows = {c.field_label: c for c in services.campaigns.changes("Primavera")}
    assert set(rows) == {"Nuova scadenza", "Scadenza tolta"}
    assert rows["Nuova scadenza"].shown_proposed == "Tavolo tecnico entro il 15/09/2026"
    assert rows["Scadenza tolta"].label == "1.1.1 — Progetto esecutivo"
    assert "Progetto esecutivo entro il 30/06/2025" in rows["Scadenza tolta"].shown_base
    assert not editable(rows["Nuova scadenza"].field, rows["Nuova scadenza"].proposed_value, None)
    return {label: row.id for label, row in rows.items()}


def _titles(services: Services) -> set[str]:
    action = services.actions.get_by_code("1.1.1")
    return {d.title for d in services.deadlines.for_action(action.id)}


def test_a_new_and_a_removed_deadline_accepted_are_written_with_their_source(
    services: Services, tmp_path: Path
) -> None:
    ids = _returned_rows(services, tmp_path)
    assert _titles(services) == {"Progetto esecutivo"}  # nothing written before review
    assert services.campaigns.accept("Primavera", ids.values()) == 2
    assert _titles(services) == {"Tavolo tecnico"}
    action = services.actions.get_by_code("1.1.1")
    (new,) = services.deadlines.for_action(action.id)
    assert new.due_date == dt.date(2026, 9, 15)
    sources = {e.source for e in services.history.for_action(action.id)
               if e.source.startswith("campagna")}  # fmt: skip
    assert sources == {f"campagna «Primavera»: {PINEROLO}, file p.xlsx"}
    entries = [e for e in services.history.for_action(action.id) if e.source in sources]
    assert len(entries) >= 2  # the addition and the removal
    assert {c.state for c in services.campaigns.changes("Primavera")} == {"accettata"}
    with pytest.raises(UserError):
        services.campaigns.accept_edited("Primavera", ids["Nuova scadenza"], "x")


def test_a_new_and_a_removed_deadline_rejected_change_nothing(
    services: Services, tmp_path: Path
) -> None:
    ids = _returned_rows(services, tmp_path)
    with pytest.raises(UserError, match="si accetta o si respinge"):
        services.campaigns.accept_edited("Primavera", ids["Scadenza tolta"], "x")
    assert services.campaigns.reject("Primavera", ids.values(), "non concordato") == 2
    assert _titles(services) == {"Progetto esecutivo"}
    rows = services.campaigns.changes("Primavera")
    assert {(c.state, c.reason) for c in rows} == {("respinta", "non concordato")}


def test_new_deadlines_of_two_offices_are_no_conflict(services: Services) -> None:
    action = services.actions.get_by_code("1.1.1")
    ids = []
    for office, title in ((PINEROLO, "Tavolo A"), (IVREA, "Tavolo B")):
        values = {"title": title, "due_date": dt.date(2026, 9, 15), "completed_on": None,
                  "notes": "", "stakeholder_id": None}  # fmt: skip
        proposal = Proposal("scadenza", None, action.id, "1.1.1", "nuovo", "Nuova scadenza",
                            None, values, "", f"{title} entro il 15/09/2026")  # fmt: skip
        sid = services.stakeholders.find_by_name(office).id
        services.campaigns.record_return("Primavera", sid, f"{office}.xlsx", office, [proposal])
    assert services.campaigns.conflicts("Primavera") == []
    ids = [c.id for c in services.campaigns.changes("Primavera")]
    services.campaigns.accept("Primavera", ids[:1])
    states = sorted(c.state for c in services.campaigns.changes("Primavera"))
    assert states == ["accettata", "proposta"]  # the other office's addition still waits
    services.campaigns.accept("Primavera", ids[1:])
    assert _titles(services) == {"Progetto esecutivo", "Tavolo A", "Tavolo B"}


def test_an_added_and_a_removed_assignment_accepted_are_written(
    services: Services, tmp_path: Path
) -> None:
    from psm_desktop.exchange.campaigns.export import export_campaign
    from psm_desktop.exchange.campaigns.returns import import_returns

    services.stakeholders.create("Unione Val Pellice", "comune")
    result = export_campaign(services, "Primavera", tmp_path / "uscita")
    tracker = next(o.tracker for o in result.offices if o.office == PINEROLO)

    def change(wb: trackerkit.Workbook) -> None:
        trackerkit.delete_row(wb, "Assegnazioni", "Soggetto", IVREA)
        row = {"Codice azione": "1.1.1", "Soggetto": "Unione Val Pellice"}
        trackerkit.append_row(wb, "Assegnazioni", {**row, "Ruolo": "coinvolto"})

    back = trackerkit.edit(tracker, tmp_path / "p.xlsx", change)
    report = import_returns(services, "Primavera", [back])
    assert not report.refused and not report.warnings
    rows = {c.field_label: c for c in services.campaigns.changes("Primavera")}
    assert set(rows) == {"Nuova assegnazione", "Assegnazione tolta"}
    action = services.actions.get_by_code("1.1.1")
    before = {a.stakeholder_name for a in services.assignments.for_action(action.id)}
    assert before == {PINEROLO, IVREA}
    services.campaigns.accept("Primavera", [r.id for r in rows.values()])
    after = {a.stakeholder_name for a in services.assignments.for_action(action.id)}
    assert after == {PINEROLO, "Unione Val Pellice"}
