"""A tracker exported before the plan was restructured imports onto the right actions.

Each row of the Azioni sheet carries the action's database id (a hidden column, also in the
hidden sheet), so a move to another strategy, a deleted sibling or a strategy moved to
another axis does not send the office's edits to whatever action now has the old code.
The plan is trackerkit's: Comune di Pinerolo leads 1.1.1 (Ivrea partner), Ivrea is
involved in 1.1.2; the deadlines are "Progetto esecutivo" (1.1.1) and "Avvio gara" (1.1.2).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from trackerkit import (
    adopt_identity,
    append_row,
    column_of,
    edit,
    import_all,
    plan_for,
    services_of,
    set_cell,
)

from psm_desktop.exchange.tracker.layout import BASE_SHEET
from psm_desktop.exchange.tracker.plan import preview_lines
from psm_desktop.model import PeriodKind, Role, Status

state_db = trackerkit.state_db_fixture
tracker = trackerkit.tracker_fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def ids_of(db_path: Path | str, *codes: str) -> list[int]:
    db, services = services_of(db_path)  # type: ignore[arg-type]
    try:
        return [services.actions.get_by_code(code).id for code in codes]
    finally:
        db.close()


def get(db_path: Path | str, action_id: int) -> Any:
    db, services = services_of(db_path)  # type: ignore[arg-type]
    try:
        return services.actions.get(action_id)
    finally:
        db.close()


def strategy_id(services: Any, code: str) -> int:
    return next(s.id for s in services.plan.strategies() if s.code == code)


def move_111_to_12(db_path: Path | str) -> None:
    """1.1.1 becomes 1.2.1; its siblings 1.1.2, 1.1.3 become 1.1.1, 1.1.2; 1.2.k: 1.2.k+1."""
    db, services = services_of(db_path)  # type: ignore[arg-type]
    try:
        moved = services.actions.get_by_code("1.1.1")
        services.structure.move_action(moved.id, moved.version, strategy_id(services, "1.2"), 1)
    finally:
        db.close()


def office_edits(wb: Any) -> None:
    """Edits on the moved action and on two renumbered siblings, by the codes as exported."""
    set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 70)
    set_cell(wb, "Azioni", "Codice", "1.1.1", "Stato", "in corso")
    set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", 55)
    set_cell(wb, "Azioni", "Codice", "1.1.2", "Stato", "in corso")
    set_cell(wb, "Azioni", "Codice", "1.1.3", "Note", "Nota su 1.1.3")


def sort_rows_descending(wb: Any) -> None:
    """The Azioni rows sorted by code, last first, as a sort over the whole table does."""
    ws = wb["Azioni"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2) if row[0].value]
    rows.sort(key=lambda r: [int(p) for p in str(r[0]).split(".")], reverse=True)
    for number, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            ws.cell(number, column).value = value


def check_edits_landed(db_path: Path | str, a: int, b: int, c: int) -> None:
    moved, sibling, last = get(db_path, a), get(db_path, b), get(db_path, c)
    assert (moved.code, moved.progress) == ("1.2.1", 70)
    assert (sibling.code, sibling.progress, sibling.status) == ("1.1.1", 55, Status.IN_PROGRESS)
    assert (last.code, last.notes) == ("1.1.2", "Nota su 1.1.3")


def test_edits_land_on_the_actions_exported_after_a_move(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    a, b, c = ids_of(state_db, "1.1.1", "1.1.2", "1.1.3")
    before_121 = get(state_db, ids_of(state_db, "1.2.1")[0])
    edited = edit(tracker, tmp_path / "ufficio.xlsx", office_edits)
    move_111_to_12(state_db)

    plan = import_all(state_db, edited)

    check_edits_landed(state_db, a, b, c)
    untouched = get(state_db, before_121.id)  # now 1.2.2: the move pushed it down
    assert (untouched.code, untouched.progress) == ("1.2.2", before_121.progress)
    # The preview says which codes changed since the export, in its own words.
    text = "\n".join(preview_lines(plan))
    assert "codice cambiato: 1.1.1 → 1.2.1" in text
    assert "codice cambiato: 1.1.2 → 1.1.1" in text
    assert "codice cambiato: 1.1.3 → 1.1.2" in text
    assert {i.label for i in plan.items} == {"1.2.1", "1.1.1", "1.1.2"}  # current codes
    moved_items = [i for i in plan.items if i.action_id == a]
    assert moved_items and all("1.1.1 → 1.2.1" in i.describe() for i in moved_items)
    # No false alarm about the grey Asse/Strategia cells, which the move changed.
    assert not [w for w in plan.warnings if "colonna grigia" in w]
    assert plan_for(state_db, edited).is_empty  # the second import is a no-op


def test_rows_sorted_in_the_workbook_still_land_right(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    a, b, c = ids_of(state_db, "1.1.1", "1.1.2", "1.1.3")

    def change(wb: Any) -> None:
        office_edits(wb)
        sort_rows_descending(wb)

    edited = edit(tracker, tmp_path / "ordinato.xlsx", change)
    move_111_to_12(state_db)
    import_all(state_db, edited)
    check_edits_landed(state_db, a, b, c)


def test_deadlines_and_assignments_typed_with_exported_codes(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    a, b = ids_of(state_db, "1.1.1", "1.1.2")

    def change(wb: Any) -> None:
        append_row(
            wb,
            "Scadenze",
            {
                "Codice azione": "1.1.2",
                "Scadenza": "Aggiudicazione",
                "Data prevista": dt.datetime(2031, 3, 1),
            },
        )
        append_row(
            wb,
            "Assegnazioni",
            {"Codice azione": "1.1.2", "Soggetto": "Comune di Pinerolo", "Ruolo": "partner"},
        )
        set_cell(wb, "Scadenze", "Scadenza", "Progetto esecutivo", "Note", "rinviato")

    edited = edit(tracker, tmp_path / "scadenze.xlsx", change)
    move_111_to_12(state_db)
    plan = import_all(state_db, edited, removals=True)

    assert not plan.removals  # the exported assignments are recognised, not dropped
    sibling, moved = get(state_db, b), get(state_db, a)
    assert "Aggiudicazione" in {d.title for d in sibling.deadlines}
    assert ("Comune di Pinerolo", Role.PARTNER) in {
        (x.stakeholder_name, x.role) for x in sibling.assignments
    }
    assert len(moved.assignments) == 2 and len(sibling.assignments) == 2
    assert {d.title: d.notes for d in moved.deadlines}["Progetto esecutivo"] == "rinviato"
    labels = {(i.label, i.field_label) for i in plan.items}
    assert ("1.1.1", "nuova scadenza") in labels  # the current code of 1.1.2 as exported
    assert ("1.1.1 — Comune di Pinerolo", "nuova assegnazione") in labels
    assert ("1.2.1 — Progetto esecutivo", "Note") in labels


def test_strategy_moved_to_another_axis(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    (first,) = ids_of(state_db, "1.5.1")
    edited = edit(
        tracker,
        tmp_path / "asse.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.5.1", "Avanzamento %", 35),
    )
    db, services = services_of(state_db)
    try:
        strategy = next(s for s in services.plan.strategies() if s.code == "1.5")
        axis2 = services.plan.axis(2)
        services.structure.move_strategy(strategy.id, None, axis2.id, 1)
    finally:
        db.close()
    plan = import_all(state_db, edited)
    moved = get(state_db, first)
    assert (moved.code, moved.progress) == ("2.1.1", 35)
    assert "codice cambiato: 1.5.1 → 2.1.1" in "\n".join(preview_lines(plan))


def test_an_action_deleted_since_export_is_named_and_its_row_ignored(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    b, c = ids_of(state_db, "1.1.2", "1.1.3")

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", 90)
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Avanzamento %", 15)

    edited = edit(tracker, tmp_path / "eliminata.xlsx", change)
    row = openpyxl.load_workbook(edited)["Azioni"]
    number = next(r[0].row for r in row.iter_rows(min_row=2) if r[0].value == "1.1.2")
    db, services = services_of(state_db)
    try:
        services.structure.delete_action(b, None, confirmed=True)
    finally:
        db.close()

    plan = import_all(state_db, edited)
    assert get(state_db, c).code == "1.1.2" and get(state_db, c).progress == 15
    assert [i.action_id for i in plan.items] == [c]
    (warning,) = [w for w in plan.warnings if "eliminata" in w]
    assert warning.startswith(f"Azioni, riga {number}:")
    assert "1.1.2" in warning and "dopo l'esportazione" in warning


def test_an_id_given_again_to_a_new_action_is_not_the_exported_one(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    """SQLite gives a new row the highest id plus one: the id of a deleted last action."""
    db, services = services_of(state_db)
    try:
        last = max(services.actions.list_actions(), key=lambda a: a.id)
        services.structure.delete_action(last.id, None, confirmed=True)
        strategy = strategy_id(services, last.code.rsplit(".", 1)[0])
        created = services.structure.create_action(strategy, "Un'azione nuova").node
    finally:
        db.close()
    assert created is not None and created.id == last.id  # the premise: the id came back
    edited = edit(
        tracker,
        tmp_path / "riuso.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", last.code, "Avanzamento %", 80),
    )
    plan = import_all(state_db, edited)
    assert get(state_db, created.id).progress == 0
    assert not plan.items
    assert any("eliminata" in w and last.code in w for w in plan.warnings)


def test_a_delete_undone_keeps_the_action_the_tracker_saw(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    """Undo puts the action back under its id: the same action, its row still applies."""
    (b,) = ids_of(state_db, "1.1.2")
    edited = edit(
        tracker,
        tmp_path / "annullata.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", 85),
    )
    db, services = services_of(state_db)
    try:
        removed = services.structure.delete_action(b, None, confirmed=True).removed
        assert removed is not None
        services.structure.restore(removed)
    finally:
        db.close()
    plan = import_all(state_db, edited)
    assert [i.action_id for i in plan.items] == [b]
    assert get(state_db, b).progress == 85


def test_a_row_whose_code_and_id_disagree_is_refused(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    """A sort of some columns only would pair a code with another action's hidden id."""
    from psm_desktop.exchange.tracker.reading import TrackerError

    def change(wb: Any) -> None:
        ws = wb["Azioni"]
        column = column_of(ws, "ID")
        rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
        first, second = ws.cell(rows["1.1.1"], column), ws.cell(rows["1.1.2"], column)
        first.value, second.value = second.value, first.value
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 99)

    edited = edit(tracker, tmp_path / "scambiati.xlsx", change)
    with pytest.raises(TrackerError, match=r"Azioni, riga \d+, colonna Codice.*1\.1\.1"):
        plan_for(state_db, edited)


def strip_identity(wb: Any) -> None:
    """The tracker as the previous release wrote it: no ID column, no ids in the base."""
    ws = wb["Azioni"]
    ws.delete_cols(column_of(ws, "ID"))
    base = wb[BASE_SHEET]
    for row in base.iter_rows():
        if row[0].value == "fields" and row[1].value == "A":
            keys = [c.value for c in row[2:] if c.value is not None]
            where = keys.index("id") + 2
            break
    for row in base.iter_rows():
        if row[0].value in ("A",) or (row[0].value == "fields" and row[1].value == "A"):
            cells = list(row)
            offset = where if row[0].value == "fields" else where - 1
            values = [c.value for c in cells]
            del values[offset]
            for cell, value in zip(cells, [*values, None], strict=False):
                cell.value = value
        if row[0].value == "meta" and row[1].value == "version":
            row[2].value = "2"


def test_an_old_tracker_without_ids_still_imports_by_code(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    (b,) = ids_of(state_db, "1.1.2")

    def change(wb: Any) -> None:
        strip_identity(wb)
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", 45)
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Stato", "in corso")

    edited = edit(tracker, tmp_path / "vecchio.xlsx", change)
    plan = import_all(state_db, edited)
    assert [(i.label, i.field) for i in plan.items] == [("1.1.2", "status"), ("1.1.2", "progress")]
    assert get(state_db, b).progress == 45
    assert not plan.warnings and not plan.code_changes


def test_an_old_tracker_read_after_a_move_warns_that_codes_changed(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    """Without ids the rows can only be matched by code, as before; the preview says the
    codes changed since the export, so the coordinator checks before applying."""
    (b,) = ids_of(state_db, "1.1.2")

    def change(wb: Any) -> None:
        strip_identity(wb)
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 45)

    edited = edit(tracker, tmp_path / "vecchio.xlsx", change)
    move_111_to_12(state_db)
    plan = plan_for(state_db, edited)
    assert [(i.label, i.action_id) for i in plan.items] == [("1.1.1", b)]  # by code
    (warning,) = [w for w in plan.warnings if "versione precedente" in w]
    assert "9 azioni hanno cambiato codice" in warning


def test_the_id_column_is_hidden_inside_the_filtered_table(state_db: Path, tracker: Path) -> None:
    """Inside the filter's range, so a sort from the filter arrows moves it with its row."""
    ws = openpyxl.load_workbook(tracker)["Azioni"]
    column = column_of(ws, "ID")
    letter = openpyxl.utils.get_column_letter(column)
    assert ws.column_dimensions[letter].hidden
    assert ws.auto_filter.ref.split(":")[1].startswith(letter)
    assert ws.cell(2, column).protection.locked
    by_code = {ws.cell(r, 1).value: ws.cell(r, column).value for r in range(2, ws.max_row + 1)}
    db, services = services_of(state_db)
    try:
        assert by_code == services.actions.id_by_code()
    finally:
        db.close()


def test_libreoffice_resaved_tracker_after_a_move(db_path: Path) -> None:
    """Exported with ids, edited, sorted last code first and re-saved by LibreOffice
    (tests/fixtures/make_trackers.py); the plan is then restructured before the import."""
    fixture = FIXTURES / "libreoffice-identita.xlsx"
    adopt_identity(db_path, fixture)
    a, b, c = ids_of(db_path, "1.1.1", "1.1.2", "1.1.3")
    move_111_to_12(db_path)
    plan = import_all(db_path, fixture)
    check_edits_landed(db_path, a, b, c)
    assert "codice cambiato: 1.1.1 → 1.2.1" in "\n".join(preview_lines(plan))


def test_identity_survives_a_copy_to_the_server(
    state_db: Path, tracker: Path, tmp_path: Path, pg_server: Any
) -> None:
    """Ids are the database's: the server copy keeps them, so the tracker still fits."""
    from psm_desktop.storage.copying import copy_plan
    from psm_desktop.storage.database import open_server

    a, b, c = ids_of(state_db, "1.1.1", "1.1.2", "1.1.3")
    edited = edit(tracker, tmp_path / "server.xlsx", office_edits)
    url = pg_server.url(pg_server.new_database())
    copy_plan(state_db, url)
    db = open_server(url, administration=True)
    try:
        from psm_desktop.exchange.tracker.service import apply_plan, prepare_import
        from psm_desktop.services import EditContext, Services

        services = Services(db, EditContext(user="Tester", source="test"))
        moved = services.actions.get(a)
        services.structure.move_action(a, moved.version, strategy_id(services, "1.2"), 1)
        apply_plan(services, prepare_import(services, edited))
        assert (services.actions.get(a).code, services.actions.get(a).progress) == ("1.2.1", 70)
        assert services.actions.get(b).progress == 55
        assert services.actions.get(c).notes == "Nota su 1.1.3"
    finally:
        db.close()


def test_fixture_is_really_from_libreoffice() -> None:
    import zipfile

    fixture = FIXTURES / "libreoffice-identita.xlsx"
    with zipfile.ZipFile(fixture) as z:
        assert b"LibreOffice" in z.read("docProps/app.xml")
    ws = openpyxl.load_workbook(fixture)["Azioni"]
    letter = openpyxl.utils.get_column_letter(column_of(ws, "ID"))
    assert ws.column_dimensions[letter].hidden
    assert ws.cell(2, 1).value != "1.1.1"  # sorted: the first code is not first


def test_campaign_tracker_returned_after_a_move(state_db: Path, tmp_path: Path) -> None:
    from psm_desktop.exchange.campaigns.export import export_campaign
    from psm_desktop.exchange.campaigns.returns import import_returns

    (a,) = ids_of(state_db, "1.1.1")
    db, services = services_of(state_db)
    try:
        services.periods.add("2025-S2", dt.date(2025, 12, 31), PeriodKind.SEMESTER)
        services.campaigns.create("Autunno", dt.date(2025, 10, 31))
        exported = export_campaign(services, "Autunno", tmp_path / "uscita")
        sent = next(o.tracker for o in exported.offices if o.office == "Comune di Pinerolo")
        (tmp_path / "ritorno").mkdir()
        back = edit(
            sent,
            tmp_path / "ritorno" / "pinerolo.xlsx",
            lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 65),
        )
        moved = services.actions.get(a)
        services.structure.move_action(a, moved.version, strategy_id(services, "1.2"), 1)
        report = import_returns(services, "Autunno", [back])
        assert any("codice cambiato: 1.1.1 → 1.2.1" in w for w in report.warnings)
        (change,) = services.campaigns.changes("Autunno")
        assert (change.action_id, change.label, change.field) == (a, "1.2.1", "progress")
        # Moved again before the review: the proposal shows the action's code of today.
        moved = services.actions.get(a)
        services.structure.move_action(a, moved.version, strategy_id(services, "1.3"), 1)
        (change,) = services.campaigns.changes("Autunno")
        assert (change.action_id, change.label) == (a, "1.3.1")
        assert services.campaigns.decide_all("Autunno", accept=True) == 1
        assert services.actions.get(a).progress == 65
        assert services.actions.get_by_code("1.1.1").progress != 65
        assert services.actions.get(a).code == "1.3.1"
    finally:
        db.close()
