"""Import: trackers edited with openpyxl the way other offices do, read back and applied."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import trackerkit
from trackerkit import (
    append_row,
    column_of,
    delete_row,
    edit,
    import_all,
    plan_for,
    services_of,
    set_cell,
)

from psm_desktop.exchange.tracker.plan import ItemKind
from psm_desktop.model import Priority, Role, Sector, Status

pytestmark = pytest.mark.both_engines


@pytest.fixture(name="state_db")
def state_db_on_each_engine(engine: str, request: pytest.FixtureRequest) -> Path | str:
    """The plan with `give_state`, in a file or (under `both_engines`) on the server."""
    if engine == "sqlite":
        return trackerkit.make_state_db(request.getfixturevalue("db_path"))
    url = str(request.getfixturevalue("pg_url"))
    db, services = services_of(url)  # type: ignore[arg-type]
    try:
        trackerkit.give_state(services)
    finally:
        db.close()
    return url


@pytest.fixture(name="tracker")
def tracker_of_each_engine(engine: str, state_db: Any, tmp_path: Path) -> Path:
    # The server's plan has its own database id: its tracker is exported from it.
    if engine == "sqlite":
        return trackerkit.copy_state_tracker(state_db, tmp_path / "tracker.xlsx")
    return trackerkit.export(state_db, tmp_path / "tracker.xlsx")


def action(db_path: Path, code: str) -> Any:
    db, services = services_of(db_path)
    try:
        return services.actions.get_by_code(code)
    finally:
        db.close()


def test_round_trip_changes_nothing(state_db: Path, tracker: Path) -> None:
    plan = plan_for(state_db, tracker)
    assert plan.is_empty
    assert not plan.warnings


def test_edits_are_applied_and_logged_with_the_file_name(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Stato", "  COMPLETATA ")
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", 100)
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Priorità", "alta")
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Budget (€)", "1.250,50 €")
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Settori economici", "Turismo; cultura")
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Assi collegati", "2, 3")
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Note", "Nota dell'ufficio\r\nseconda riga")

    edited = edit(tracker, tmp_path / "ufficio.xlsx", change)
    plan = import_all(state_db, edited)
    assert {i.field for i in plan.items} == {
        "status", "progress", "priority", "budget", "sectors", "linked_axes", "notes",
    }  # fmt: skip
    a = action(state_db, "1.1.2")
    assert a.status is Status.COMPLETED and a.progress == 100 and a.priority is Priority.HIGH
    assert a.budget == Decimal("1250.50")
    assert a.sectors == {Sector.TOURISM, Sector.CULTURE} and a.linked_axes == {2, 3}
    assert a.notes == "Nota dell'ufficio\nseconda riga"
    db, services = services_of(state_db)
    try:
        history = services.history.for_action(a.id)
    finally:
        db.close()
    imported = [h for h in history if h.source == "importazione: ufficio.xlsx"]
    assert {h.field for h in imported} == {
        "Stato", "Avanzamento %", "Priorità", "Budget (€)", "Settori economici",
        "Assi collegati", "Note",
    }  # fmt: skip
    assert {h.source for h in history} == {"importazione: ufficio.xlsx", "test"}
    assert plan_for(state_db, edited).is_empty  # the second import is a no-op


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.datetime(2025, 2, 3), dt.date(2025, 2, 3)),
        (45691, dt.date(2025, 2, 3)),  # Excel serial number
        ("03/02/2025", dt.date(2025, 2, 3)),
        ("3/2/25", dt.date(2025, 2, 3)),
        ("2025-02-03", dt.date(2025, 2, 3)),
        ("03.02.2025", dt.date(2025, 2, 3)),
    ],
)
def test_dates_as_retyped(
    state_db: Path, tracker: Path, tmp_path: Path, cell: Any, expected: dt.date
) -> None:
    edited = edit(
        tracker,
        tmp_path / "e.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.3", "Data inizio", cell),
    )
    import_all(state_db, edited)
    assert action(state_db, "1.1.3").start_date == expected


@pytest.mark.parametrize(
    ("cell", "expected"), [("50%", 50), (50, 50), ("50", 50), ("25,0", 25), (" 7 % ", 7)]
)
def test_percentages_as_retyped(
    state_db: Path, tracker: Path, tmp_path: Path, cell: Any, expected: int
) -> None:
    edited = edit(
        tracker,
        tmp_path / "e.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.3", "Avanzamento %", cell),
    )
    import_all(state_db, edited)
    assert action(state_db, "1.1.3").progress == expected


def test_reordered_added_columns_and_empty_rows(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        ws = wb["Azioni"]
        ws.protection.sheet = False
        ws.move_range("F1:F200", rows=0, cols=30)  # Stato moved to the far right
        ws.insert_cols(1)  # a new first column
        ws.cell(1, 1).value = "Mio commento"
        ws.cell(2, 1).value = "da verificare"
        ws.insert_rows(5, 3)  # empty rows in the middle
        status_col = column_of(ws, "Stato")
        code_col = column_of(ws, "Codice")
        for row in range(2, ws.max_row + 1):
            if ws.cell(row, code_col).value == "1.2.1":
                ws.cell(row, status_col).value = "in_corso"
        last = ws.max_row
        ws.cell(last + 5, 1).value = "   "  # trailing whitespace-only row

    edited = edit(tracker, tmp_path / "e.xlsx", change)
    plan = import_all(state_db, edited)
    assert [(i.label, i.field) for i in plan.items] == [("1.2.1", "status")]
    assert any("Mio commento" in w and "ignorata" in w for w in plan.warnings)
    assert action(state_db, "1.2.1").status is Status.IN_PROGRESS


def test_new_and_changed_deadlines_stakeholders_assignments(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Scadenze", "Scadenza", "Avvio gara", "Data di completamento", "10/01/2030")
        append_row(
            wb,
            "Scadenze",
            {
                "Codice azione": "1.1.3",
                "Scadenza": "Tavolo tecnico",
                "Data prevista": "15/09/2026",
                "Responsabile": "Unione Montana Alta Valle",
            },
        )
        set_cell(wb, "Soggetti", "Nome", "Comune di Ivrea", "Referente", "Ufficio tecnico")
        append_row(
            wb,
            "Soggetti",
            {
                "Nome": "Unione Montana Alta Valle",
                "Tipo": "ente pubblico",
                "Zona omogenea": "torino",
            },
        )
        append_row(
            wb,
            "Assegnazioni",
            {
                "Codice azione": "1.1.3",
                "Soggetto": "unione montana alta valle",
                "Ruolo": "capofila",
            },
        )
        set_cell(wb, "Assegnazioni", "Codice azione", "1.1.2", "Ruolo", "Partner")

    edited = edit(tracker, tmp_path / "e.xlsx", change)
    plan = plan_for(state_db, edited)
    kinds = sorted((i.entity, i.kind.value) for i in plan.items)
    assert kinds == [
        ("assegnazione", "modifica"),
        ("assegnazione", "nuovo"),
        ("scadenza", "modifica"),
        ("scadenza", "nuovo"),
        ("soggetto", "modifica"),
        ("soggetto", "nuovo"),
    ]
    import_all(state_db, edited)
    db, services = services_of(state_db)
    try:
        new = services.stakeholders.find_by_name("Unione Montana Alta Valle")
        assert new is not None and new.zone == "Torino"
        c = services.actions.get_by_code("1.1.3")
        assert [(a.stakeholder_name, a.role) for a in c.assignments] == [
            ("Unione Montana Alta Valle", Role.LEAD)
        ]
        assert [(d.title, d.due_date, d.stakeholder_name) for d in c.deadlines] == [
            ("Tavolo tecnico", dt.date(2026, 9, 15), "Unione Montana Alta Valle")
        ]
        b = services.actions.get_by_code("1.1.2")
        assert b.deadlines[0].completed_on == dt.date(2030, 1, 10)
        assert b.assignments[0].role is Role.PARTNER
        assert services.stakeholders.find_by_name("Comune di Ivrea").contact_person == (  # type: ignore[union-attr]
            "Ufficio tecnico"
        )
    finally:
        db.close()
    assert plan_for(state_db, edited).is_empty  # new rows are not added twice


def test_removed_rows_need_confirmation(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        delete_row(wb, "Scadenze", "Scadenza", "Avvio gara")
        delete_row(wb, "Assegnazioni", "Codice azione", "1.1.2")

    edited = edit(tracker, tmp_path / "e.xlsx", change)
    plan = import_all(state_db, edited)  # removals not confirmed
    assert [i.kind for i in plan.items] == [ItemKind.REMOVE, ItemKind.REMOVE]
    assert not any(i.selected for i in plan.items)
    b = action(state_db, "1.1.2")
    assert len(b.deadlines) == 1 and len(b.assignments) == 1
    import_all(state_db, edited, removals=True)
    b = action(state_db, "1.1.2")
    assert b.deadlines == () and b.assignments == ()
    assert plan_for(state_db, edited).is_empty


def test_stakeholder_rows_removed_are_only_a_warning(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    edited = edit(
        tracker,
        tmp_path / "e.xlsx",
        lambda wb: delete_row(wb, "Soggetti", "Nome", "Comune di Pinerolo"),
    )
    plan = plan_for(state_db, edited)
    assert plan.is_empty
    assert any("Comune di Pinerolo" in w for w in plan.warnings)
