"""File › Ripristina da backup… through the real window and dialog, and the status bar note
of a daily backup that could not be made (issue 8, points 3 and 16)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from psm_desktop.storage import backups
from psm_desktop.storage import sqlite as storage_sqlite
from psm_desktop.storage.restore import available_backups
from psm_desktop.ui.core.undo_commands import EditActionCommand
from psm_desktop.ui.dialogs import restore_dialog
from psm_desktop.ui.dialogs.restore_dialog import RestoreDialog
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]


def _progress(path: Path, code: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT progress FROM action WHERE code = ?", (code,)).fetchone()
        return int(row[0])
    finally:
        conn.close()


def _edit_in_window(win: MainWindow, code: str, progress: int) -> None:
    """An edit through the session machinery: it lands on the undo stack."""
    services = win.workspace.services
    detail = services.actions.get(services.actions.get_by_code(code).id)
    win.workspace.session.note_action(detail)
    command = EditActionCommand(
        win.workspace.session,
        detail.id,
        code,
        {"progress": detail.progress},
        {"progress": progress},
    )
    assert win.workspace.session.execute(command)
    assert win.undo_stack.count() == 1


@pytest.fixture
def choose_first(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[RestoreDialog]]:
    """Run the real dialog, but instead of waiting for a click accept its first row."""
    opened: list[RestoreDialog] = []

    def exec_(self: RestoreDialog) -> int:
        opened.append(self)
        self.table.selectRow(0)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(RestoreDialog, "exec", exec_)
    yield opened


def test_dialog_lists_the_backups_with_dates(qtbot: QtBot, db_path: Path, tmp_path: Path) -> None:
    import datetime as dt

    backups.daily_backup(db_path, today=dt.date(2026, 3, 2))
    backups.daily_backup(db_path, today=dt.date(2026, 3, 5))
    dialog = RestoreDialog(db_path, available_backups(db_path), None)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableView, "backupTable")
    model = table.model()
    assert model.rowCount() == 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Data",
        "Tipo",
        "Dimensione",
        "File",
    ]
    assert model.index(0, 0).data().startswith("05/03/2026")
    assert model.index(1, 0).data().startswith("02/03/2026")
    assert model.index(0, 1).data() == "copia giornaliera"
    assert dialog.chosen() is not None and dialog.chosen().taken_at.day == 5
    table.selectRow(1)
    assert dialog.chosen().taken_at.day == 2
    assert isinstance(dialog.findChild(QPushButton, "restoreButton"), QPushButton)


def test_restore_from_the_file_menu_reopens_the_database_and_clears_undo(
    window: MainWindow, shown: Shown, choose_first: list[RestoreDialog]
) -> None:
    path = window.workspace.path
    # Opening the window made today's copy; everything after it is undone by the restore.
    assert [b.kind for b in available_backups(path)] == ["copia giornaliera"]
    _edit_in_window(window, "1.1.1", 66)
    assert _progress(path, "1.1.1") == 66
    old_session = window.workspace.session
    window.menu_actions["restore_backup"].trigger()
    assert len(choose_first) == 1
    assert _progress(path, "1.1.1") == 0
    assert window.undo_stack.count() == 0
    assert window.workspace.session is not old_session
    assert window.workspace.path == path
    detail = window.workspace.services.actions.get_by_code("1.1.1")
    assert detail.progress == 0
    kinds = [b.kind for b in available_backups(path)]
    assert "prima di un ripristino" in kinds
    assert any("messo" in t or "Il database di prima" in t for t in shown.texts())
    assert any("Annulla" in t for t in shown.texts())
    # The window goes on working on the restored file.
    _edit_in_window(window, "1.1.2", 12)
    assert _progress(path, "1.1.2") == 12


def test_a_failed_restore_leaves_the_window_on_the_same_database(
    window: MainWindow, shown: Shown, choose_first: list[RestoreDialog]
) -> None:
    path = window.workspace.path
    _edit_in_window(window, "1.1.1", 66)
    backup = available_backups(path)[0].path
    backup.write_text("non più un database")
    before = path.read_bytes()
    window.menu_actions["restore_backup"].trigger()
    assert path.read_bytes() == before
    assert any("non è stato modificato" in t for t in shown.texts())
    assert window.undo_stack.count() == 1  # nothing changed: the edit can still be undone
    window.undo_stack.undo()
    assert _progress(path, "1.1.1") == 0


def test_no_backups_is_said_plainly(
    window: MainWindow, shown: Shown, choose_first: list[RestoreDialog]
) -> None:
    for info in available_backups(window.workspace.path):
        info.path.unlink()
    window.menu_actions["restore_backup"].trigger()
    assert choose_first == []
    assert any("Non ci sono ancora copie automatiche" in t for t in shown.texts())


def test_failed_daily_backup_is_told_in_the_status_bar(
    qtbot: QtBot, db_path: Path, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full data folder, simulated where the copy is written (SQLite's backup API)."""
    from psm_desktop.app import build_main_window

    def no_space(source: Path, target: Path) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(storage_sqlite, "backup_to", no_space)
    win = build_main_window(db_path)
    qtbot.addWidget(win)
    try:
        message = win.statusBar().currentMessage()
        assert "copia di sicurezza giornaliera" in message
        assert "disk is full" not in message
        assert shown.texts() == []  # the status bar, not a dialog in the user's way
    finally:
        win.workspace.close()


def test_restore_dialog_module_needs_no_display(db_path: Path) -> None:
    assert restore_dialog.size_label(2048) == "2 kB"
    assert restore_dialog.size_label(3 * 1024 * 1024) == "3,0 MB"


def test_dialog_is_keyboard_accessible(qtbot: QtBot, db_path: Path) -> None:
    from tests.ui.accessibility import assert_keyboard_accessible

    backups.daily_backup(db_path)
    dialog = RestoreDialog(db_path, available_backups(db_path), None)
    qtbot.addWidget(dialog)
    assert_keyboard_accessible(dialog, qtbot)
