"""Start-up choices, what QSettings remembers, and refusals the user can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from pytestqt.qtbot import QtBot

from psm_desktop import app
from psm_desktop.errors import DatabaseError, DatabaseLockedError
from psm_desktop.model import Status
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.storage.paths import default_db_path
from psm_desktop.ui.core import file_dialogs
from psm_desktop.ui.core.workspace import open_plan_database
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]


def test_startup_database_choice(db_path: Path, tmp_path: Path) -> None:
    settings = app.app_settings()
    assert app._startup_database(None, settings) == default_db_path()
    settings.set_last_database(db_path)
    assert app._startup_database(None, settings) == db_path
    explicit = tmp_path / "scelto.sqlite"
    assert app._startup_database(explicit, settings) == explicit
    db_path.unlink()  # the last one vanished: back to the default
    assert app._startup_database(None, settings) == default_db_path()


def test_default_database_is_created_and_seeded(qtbot: QtBot) -> None:
    win = app.build_main_window(default_db_path())
    qtbot.addWidget(win)
    assert default_db_path().exists()
    assert win.plan.table_model.rowCount() > 0
    win.workspace.close()


def test_layout_and_operator_are_remembered(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    first = app.build_main_window(db_path)
    qtbot.addWidget(first)
    first.resize(760, 560)  # the offscreen screen is 800x600
    first.show()
    qtbot.waitExposed(first)
    first.plan.right.setSizes([120, 400])  # table | editor
    size, sizes = first.size(), first.plan.right.sizes()
    assert sizes[0] < sizes[1]
    monkeypatch.setattr(file_dialogs, "ask_operator_name", lambda *a: "Maria Rossi")
    first.menu_actions["preferences"].trigger()
    assert "Maria Rossi" in first.user_label.text()
    action_id = select_code(first, "1.1.1")
    first.plan.editor.status.setCurrentIndex(list(Status).index(Status.IN_PROGRESS))
    assert first.workspace.services.history.for_action(action_id)[0].user == "Maria Rossi"
    first.close()
    first.workspace.close()

    second = app.build_main_window(db_path)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == size
    assert second.plan.right.sizes() == sizes
    assert second.workspace.services.ctx.user == "Maria Rossi"
    settings = app.app_settings()
    assert settings.last_database() == db_path
    assert isinstance(settings.geometry("window"), QByteArray)
    second.workspace.close()


def test_recent_files_menu_opens_a_database(
    window: MainWindow, tmp_path: Path, db_path: Path
) -> None:
    other = tmp_path / "secondo.sqlite"
    open_database(other).close()
    window.settings.add_recent(other)
    window._fill_recent_menu()
    entries = [a for a in window.recent_menu.actions() if "secondo.sqlite" in a.text()]
    assert len(entries) == 1
    entries[0].trigger()
    assert window.workspace.path == other


def test_refusals_are_clear_messages(tmp_path: Path, db_path: Path) -> None:
    with pytest.raises(DatabaseError, match="esiste già"):
        open_plan_database(db_path, create=True)
    with pytest.raises(DatabaseError, match="non esiste"):
        open_plan_database(tmp_path / "manca.sqlite", create=False)
    foreign = tmp_path / "altro.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(DatabaseError, match="non di PSM Desktop"):
        open_plan_database(foreign, create=False)


def test_locked_database_during_an_edit_is_a_message(
    window: MainWindow, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    action_id = select_code(window, "1.1.3")
    services = window.workspace.services

    def locked(*_a: object, **_k: object) -> None:
        raise DatabaseLockedError("Il database è bloccato da un altro programma.")

    monkeypatch.setattr(services.actions, "update", locked)
    monkeypatch.setattr(services.actions, "get", locked)  # even reading fails for now
    monkeypatch.setattr(services.actions, "rows_by_id", locked)
    editor = window.plan.editor
    editor.notes.setPlainText("durante il blocco")
    editor.notes.commit()
    monkeypatch.undo()
    assert shown.texts() == ["Il database è bloccato da un altro programma."]
    assert stored(window, action_id).notes == ""
    # What was typed stays, unsaved, to be saved again once the file is free (issue 8.6).
    assert editor.notes.toPlainText() == "durante il blocco"
    assert not window.undo_stack.canUndo()


def test_undo_after_a_change_elsewhere_is_refused(window: MainWindow, shown: Shown) -> None:
    action_id = select_code(window, "1.1.2")
    editor = window.plan.editor
    editor.status.setCurrentIndex(list(Status).index(Status.IN_PROGRESS))
    db = open_database(window.workspace.path)
    try:
        other = Services(db, EditContext(user="Collega", source="test"))
        detail = other.actions.get(action_id)
        other.actions.update(action_id, detail.version, {"status": Status.SUSPENDED})
    finally:
        db.close()
    window.menu_actions["undo"].trigger()
    assert stored(window, action_id).status is Status.SUSPENDED  # not overwritten
    # Another program wrote meanwhile: the history stops there, the user is told (8.5).
    assert any("non si possono più annullare" in t for t in shown.texts())
    assert editor.status.currentData() == Status.SUSPENDED  # reloaded: what is stored
    assert not window.undo_stack.canUndo()
