"""Undo never reverts what the user cannot see: an import (or any change made outside the
undo stack) is a barrier; the edits before it can no longer be undone, and the user is told.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from trackerkit import edit, set_cell

from psm_desktop.ui.core import file_dialogs, jobs
from psm_desktop.ui.core.undo_commands import AddDeadlineCommand
from psm_desktop.ui.dialogs.tracker_dialogs import ImportWizard
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]


def import_tracker_through_wizard(
    qtbot: QtBot, win: MainWindow, tracker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: (str(tracker), ""))
    win.menu_actions["import_tracker"].trigger()
    wizard = win.findChild(ImportWizard)
    assert wizard is not None
    wizard.file_page._browse()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview_page, timeout=30_000)
    wizard.accept()
    qtbot.waitUntil(lambda: not jobs._running, timeout=30_000)


def add_deadline(win: MainWindow, title: str) -> int:
    """A deadline added to 1.1.1 as the editor does it (undoable); the action's id."""
    action = win.workspace.services.actions.get_by_code("1.1.1")
    values = {"title": title, "due_date": dt.date(2026, 9, 30)}
    command = AddDeadlineCommand(win.workspace.session, action.id, action.code, values)
    assert win.workspace.session.execute(command)
    return action.id


def test_ctrl_z_after_an_import_does_not_delete_an_earlier_deadline(
    window: MainWindow,
    shown: Shown,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = window
    services = win.workspace.services
    action_id = add_deadline(win, "Consegna relazione")
    assert win.menu_actions["undo"].isEnabled()

    # An office sends back its tracker, with one change, and it is imported.
    from psm_desktop.exchange.tracker.export import export_tracker

    export_tracker(services, tmp_path / "t.xlsx")

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.2.1", "Note", "dal tracker dell'ufficio")

    tracker = edit(tmp_path / "t.xlsx", tmp_path / "ufficio.xlsx", change)
    import_tracker_through_wizard(qtbot, win, tracker, monkeypatch)
    assert services.actions.get_by_code("1.2.1").notes == "dal tracker dell'ufficio"

    win.menu_actions["undo"].trigger()  # Ctrl+Z

    titles = [d.title for d in services.actions.get(action_id).deadlines]
    assert "Consegna relazione" in titles
    assert services.actions.get_by_code("1.2.1").notes == "dal tracker dell'ufficio"
    # The user is told, when the import ends and on the undo action itself.
    told = "non si possono più annullare"
    assert any(told in text for text in shown.texts())
    assert told in win.menu_actions["undo"].toolTip()
    assert told in win.statusBar().currentMessage()
    assert not win.menu_actions["undo"].isEnabled()


def test_undo_works_again_for_edits_after_the_import(
    window: MainWindow, shown: Shown, qtbot: QtBot
) -> None:
    win = window
    services = win.workspace.services
    win.events.outside_change.emit("l'importazione di ufficio.xlsx")
    action_id = add_deadline(win, "Dopo l'importazione")
    assert win.menu_actions["undo"].isEnabled()
    assert "non si possono più annullare" not in win.menu_actions["undo"].toolTip()
    win.menu_actions["undo"].trigger()
    assert "Dopo l'importazione" not in [d.title for d in services.actions.get(action_id).deadlines]


def test_ctrl_z_after_another_program_changed_the_file_reverts_nothing(
    window: MainWindow, shown: Shown
) -> None:
    from psm_desktop.services import EditContext, Services
    from psm_desktop.storage import open_database

    win = window
    services = win.workspace.services
    action_id = add_deadline(win, "Consegna relazione")
    # Meanwhile another program (or window) writes to the same file.
    other_db = open_database(win.workspace.path, auto_backup=False)
    try:
        other = Services(other_db, EditContext(user="Collega", source="test"))
        target = other.actions.get_by_code("1.3.1")
        other.actions.update(target.id, target.version, {"notes": "dal collega"})
    finally:
        other_db.close()

    win.menu_actions["undo"].trigger()  # Ctrl+Z

    assert "Consegna relazione" in [d.title for d in services.actions.get(action_id).deadlines]
    assert any("non si possono più annullare" in text for text in shown.texts())
    assert not win.menu_actions["undo"].isEnabled()
