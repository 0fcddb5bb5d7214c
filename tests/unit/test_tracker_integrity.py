"""Trackers never write to the wrong place nor lose text: foreign databases, cut notes, limits.

Issue 8, points 1 (a tracker of another database), 2 (notes cut at export), 12 (text limits
on import) and 18 (the file's permissions).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from trackerkit import column_of, edit, export, import_all, plan_for, row_of, services_of, set_cell

from psm_desktop.errors import UserError
from psm_desktop.exchange.tracker.layout import EXCEL_TEXT_LIMIT, TRUNCATION_MARKER
from psm_desktop.exchange.tracker.plan import Resolution
from psm_desktop.exchange.tracker.reading import TrackerError
from psm_desktop.exchange.tracker.service import apply_plan, prepare_import
from psm_desktop.storage import open_database

state_db = trackerkit.state_db_fixture
tracker = trackerkit.tracker_fixture


def refused(db_path: Path, path: Path, resolution: Resolution | None) -> str:
    """Import `path` as far as it goes; it must be refused and the database left as it was."""
    rows = trackerkit.dump(db_path)
    db, services = services_of(db_path)
    try:
        with pytest.raises(UserError) as info:
            plan = prepare_import(services, path)
            if resolution is not None:
                plan.resolve_all(resolution)
            apply_plan(services, plan)
    finally:
        db.close()
    assert trackerkit.dump(db_path) == rows
    return info.value.message


# --- 8.18: the tracker gets the user's normal permissions -----------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664)])
def test_tracker_has_the_users_normal_permissions(
    state_db: Path, tmp_path: Path, umask: int, mode: int
) -> None:
    old = os.umask(umask)
    try:
        path = export(state_db, tmp_path / "t.xlsx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == mode


# --- 8.1: a tracker exported from another database ------------------------------------------


def foreign_tracker(tmp_path: Path) -> Path:
    """An office made its own database (like `init`), exported its tracker and edited it."""
    other = tmp_path / "ufficio" / "psm.sqlite"
    open_database(other, auto_backup=False).close()
    db, services = services_of(other)
    try:
        trackerkit.give_state(services)
    finally:
        db.close()
    exported = export(other, tmp_path / "ufficio.xlsx")

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "in corso")
        set_cell(wb, "Scadenze", "Scadenza", "Progetto esecutivo", "Scadenza", "Collaudo")
        set_cell(wb, "Soggetti", "Nome", "Comune di Ivrea", "Referente", "Mario Rossi")

    return edit(exported, tmp_path / "ufficio-compilato.xlsx", change)


@pytest.mark.parametrize("resolution", [None, Resolution.THEIRS, Resolution.OURS])
def test_tracker_of_another_database_is_refused(
    state_db: Path, tmp_path: Path, resolution: Resolution | None
) -> None:
    message = refused(state_db, foreign_tracker(tmp_path), resolution)
    assert "ufficio-compilato.xlsx" in message
    assert "da un altro database" in message
    assert "non è stato importato" in message


def test_copy_of_the_same_database_is_accepted(state_db: Path, tmp_path: Path) -> None:
    """A backup or 'Salva una copia' keeps the identity: its trackers belong here."""
    copy = tmp_path / "copia.sqlite"
    db = open_database(state_db, auto_backup=False)
    try:
        db.save_copy(copy)
    finally:
        db.close()
    path = export(copy, tmp_path / "dalla-copia.xlsx")
    edited = edit(
        path,
        tmp_path / "e.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "in corso"),
    )
    plan = import_all(state_db, edited)
    assert [(i.label, i.field) for i in plan.items] == [("1.1.3", "status")]


# --- 8.2: notes cut at export -----------------------------------------------------------------

LONG = "".join(f"Paragrafo {n}: testo della nota lunga con un refuso qui. " for n in range(700))


def long_note_db(db_path: Path, note: str = LONG) -> None:
    db, services = services_of(db_path)
    try:
        a = services.actions.get_by_code("1.1.1")
        services.actions.update(a.id, a.version, {"notes": note})
    finally:
        db.close()


def note_of(db_path: Path, code: str = "1.1.1") -> str:
    db, services = services_of(db_path)
    try:
        return services.actions.get_by_code(code).notes
    finally:
        db.close()


def edit_note(path: Path, target: Path, change: Any) -> Path:
    def apply(wb: Any) -> None:
        ws = wb["Azioni"]
        cell = ws.cell(row_of(ws, "Codice", "1.1.1"), column_of(ws, "Note"))
        # Set as LibreOffice saves it: openpyxl's setter would cut at 32,767 characters.
        cell._value, cell.data_type = change(cell.value), "s"

    return edit(path, target, apply)


def test_long_note_is_cut_at_export(db_path: Path, tmp_path: Path) -> None:
    assert len(LONG) > EXCEL_TEXT_LIMIT
    long_note_db(db_path)
    path = export(db_path, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)["Azioni"]
    cell = ws.cell(row_of(ws, "Codice", "1.1.1"), column_of(ws, "Note")).value
    assert len(cell) == EXCEL_TEXT_LIMIT and cell.endswith(TRUNCATION_MARKER)
    assert plan_for(db_path, path).is_empty


def test_typo_fixed_in_a_cut_note_is_merged_into_the_full_text(
    db_path: Path, tmp_path: Path
) -> None:
    long_note_db(db_path)
    path = export(db_path, tmp_path / "t.xlsx")
    edited = edit_note(path, tmp_path / "e.xlsx", lambda v: v.replace("refuso", "errore", 1))
    plan = import_all(db_path, edited)
    assert [(i.label, i.field) for i in plan.items] == [("1.1.1", "notes")]
    assert note_of(db_path) == LONG.replace("refuso", "errore", 1).strip()  # nothing lost
    assert TRUNCATION_MARKER.strip() not in note_of(db_path)
    assert plan_for(db_path, edited).is_empty  # and a second import finds nothing to do


def test_text_added_after_the_cut_is_appended_to_the_full_text(
    db_path: Path, tmp_path: Path
) -> None:
    long_note_db(db_path)
    path = export(db_path, tmp_path / "t.xlsx")
    edited = edit_note(
        path,
        tmp_path / "e.xlsx",
        lambda v: v.replace("refuso", "errore di battitura", 1) + "\nAggiornato dall'ufficio.",
    )
    import_all(db_path, edited)
    expected = LONG.replace("refuso", "errore di battitura", 1).strip()
    assert note_of(db_path) == expected + "\nAggiornato dall'ufficio."
    assert plan_for(db_path, edited).is_empty  # already there: nothing added twice


def test_cut_note_whose_marker_was_removed_is_refused_with_its_place(
    db_path: Path, tmp_path: Path
) -> None:
    long_note_db(db_path)
    path = export(db_path, tmp_path / "t.xlsx")
    edited = edit_note(path, tmp_path / "e.xlsx", lambda v: v.replace(TRUNCATION_MARKER, ""))
    message = refused(db_path, edited, Resolution.THEIRS)
    assert "Azioni, riga 2, colonna Note" in message
    assert "tagliato" in message and "nell'applicazione" in message
    assert note_of(db_path) == LONG


def test_cut_note_changed_on_both_sides_is_refused(db_path: Path, tmp_path: Path) -> None:
    long_note_db(db_path)
    path = export(db_path, tmp_path / "t.xlsx")
    long_note_db(db_path, "Nuova premessa. " + LONG)  # changed in the database meanwhile
    edited = edit_note(path, tmp_path / "e.xlsx", lambda v: v.replace("refuso", "errore", 1))
    message = refused(db_path, edited, Resolution.THEIRS)
    assert "Azioni, riga 2, colonna Note" in message
    assert note_of(db_path) == "Nuova premessa. " + LONG


# --- 8.12: text limits, reported as located problems -----------------------------------------


def test_overlong_note_in_a_tracker_is_a_located_problem(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def put(wb: Any, sheet: str, key_header: str, key: str, text: str) -> None:
        ws = wb[sheet]
        cell = ws.cell(row_of(ws, key_header, key), column_of(ws, "Note"))
        cell._value, cell.data_type = text, "s"  # as LibreOffice saves it, uncut

    def change(wb: Any) -> None:
        put(wb, "Azioni", "Codice", "1.1.2", "x" * 1_000_000)
        put(wb, "Soggetti", "Nome", "Comune di Ivrea", "y" * 1_000_000)
        put(wb, "Scadenze", "Scadenza", "Avvio gara", "z" * 1_000_000)

    edited = edit(tracker, tmp_path / "e.xlsx", change)
    with pytest.raises(TrackerError):
        plan_for(state_db, edited)
    message = refused(state_db, edited, None)
    assert "Azioni, riga 3, colonna Note: testo troppo lungo" in message
    assert "Soggetti, riga 3, colonna Note: testo troppo lungo" in message
    assert "Scadenze, riga 3, colonna Note: testo troppo lungo" in message
    assert "1.000.000 caratteri" in message and "100.000" in message
