"""Assignments, deadlines, history, stale writes and database swaps through the real window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTableView
from pytestqt.qtbot import QtBot

from psm_desktop.exchange.new_plan import create_builtin_plan
from psm_desktop.model import Role, Status
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.ui.core import file_dialogs
from psm_desktop.ui.dialogs import new_database_dialog
from psm_desktop.ui.editor import dialogs
from psm_desktop.ui.editor.action_editor import TAB_HISTORY
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]


def test_assign_change_role_remove_with_undo(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    action_id = select_code(window, "1.1.1")
    services = window.workspace.services
    comune = services.stakeholders.search("")[0]
    monkeypatch.setattr(dialogs, "ask_stakeholder", lambda *a, **k: (comune, Role.PARTNER))
    tab = window.plan.editor.assignments
    window.menu_actions["add_assignment"].trigger()
    [assignment] = stored(window, action_id).assignments
    assert (assignment.stakeholder_id, assignment.role) == (comune.id, Role.PARTNER)
    table: QTableView = window.findChild(QTableView, "assignmentTable")
    assert table.model().rowCount() == 1
    table.selectRow(0)
    tab.role.setCurrentIndex(list(Role).index(Role.LEAD))
    tab.role.activated.emit(tab.role.currentIndex())
    assert stored(window, action_id).assignments[0].role is Role.LEAD
    # the lead shows in the action table
    row = window.plan.table_model.rows()[window.plan.table_model.row_of_action(action_id)]
    assert row.lead == comune.name
    window.menu_actions["undo"].trigger()
    assert stored(window, action_id).assignments[0].role is Role.PARTNER
    table.selectRow(0)
    tab.remove_button.click()
    assert stored(window, action_id).assignments == ()
    window.menu_actions["undo"].trigger()  # back, with a new row id
    assert stored(window, action_id).assignments[0].role is Role.PARTNER
    window.menu_actions["undo"].trigger()
    window.menu_actions["undo"].trigger()
    assert stored(window, action_id).assignments == ()
    window.menu_actions["redo"].trigger()
    assert len(stored(window, action_id).assignments) == 1


def test_picker_searches_and_creates_a_new_stakeholder(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    from psm_desktop.ui.stakeholders import stakeholder_dialog

    select_code(window, "1.1.1")
    session = window.workspace.session
    session.services.stakeholders.create("Comune di Alpette")
    session.services.stakeholders.create("Comune di Bardonecchia")
    picker = dialogs.StakeholderPicker(
        session.services, session.events, window, frozenset(), session.undo_stack
    )
    qtbot.addWidget(picker)
    everyone = picker.model.rowCount()
    assert everyone == 3
    picker.search.setText("bardo")
    qtbot.waitUntil(lambda: picker.model.rowCount() == 1)
    assert picker.chosen() is not None and picker.chosen().name == "Comune di Bardonecchia"

    def fake_exec(dialog: QDialog) -> int:
        dialog.name_edit.setText("Comune di Prova")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(stakeholder_dialog.StakeholderDialog, "exec", fake_exec)
    picker.create_new()
    chosen = picker.chosen()
    assert chosen is not None and chosen.name == "Comune di Prova"
    assert session.services.stakeholders.find_by_name("Comune di Prova") is not None
    window.menu_actions["undo"].trigger()  # the creation is undoable too
    assert session.services.stakeholders.find_by_name("Comune di Prova") is None


def test_add_edit_complete_remove_deadline(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    action_id = select_code(window, "1.2.2")
    late = dt.date.today() - dt.timedelta(days=5)
    values = {
        "title": "Bando",
        "due_date": late,
        "completed_on": None,
        "stakeholder_id": None,
        "notes": "",
    }
    monkeypatch.setattr(dialogs, "ask_deadline", lambda *a, **k: dict(values))
    window.menu_actions["add_deadline"].trigger()
    [deadline] = stored(window, action_id).deadlines
    assert deadline.title == "Bando" and deadline.overdue
    table: QTableView = window.findChild(QTableView, "deadlineTable")
    assert table.model().rowCount() == 1
    assert "ritardo" in table.model().index(0, 2).data().lower()
    assert table.model().index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert stored(window, action_id).overdue
    tab = window.plan.editor.deadlines
    table.selectRow(0)
    monkeypatch.setattr(
        dialogs, "ask_deadline", lambda *a, **k: {**values, "title": "Bando regionale"}
    )
    tab.edit_button.click()
    assert stored(window, action_id).deadlines[0].title == "Bando regionale"
    table.selectRow(0)
    tab.done_button.click()
    done = stored(window, action_id).deadlines[0]
    assert done.completed_on == dt.date.today() and not done.overdue
    window.menu_actions["undo"].trigger()
    assert stored(window, action_id).deadlines[0].completed_on is None
    table.selectRow(0)
    tab.remove_button.click()
    assert stored(window, action_id).deadlines == ()
    window.menu_actions["undo"].trigger()
    assert stored(window, action_id).deadlines[0].title == "Bando regionale"


def test_history_tab_lists_changes(window: MainWindow) -> None:
    action_id = select_code(window, "1.1.1")
    window.plan.editor.status.setCurrentIndex(list(Status).index(Status.IN_PROGRESS))
    assert window.findChild(QTableView, "historyTable") is None  # built when first opened
    window.plan.editor.tabs.setCurrentIndex(TAB_HISTORY)
    history: QTableView = window.findChild(QTableView, "historyTable")
    model = history.model()
    assert model.rowCount() == len(window.workspace.services.history.for_action(action_id)) >= 1
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[2] == "Azione" and cells[3] == "Stato"
    assert cells[4] == "Non avviata → In corso"
    assert cells[1] == window.workspace.services.ctx.user
    # Open, the tab follows each edit and each action chosen.
    window.plan.editor.progress.setValue(30)
    window.plan.editor.commit_progress()
    assert model.rowCount() == len(window.workspace.services.history.for_action(action_id)) >= 2
    other = select_code(window, "1.1.2")
    assert model.rowCount() == len(window.workspace.services.history.for_action(other))


def test_stale_write_is_refused_and_editor_reloaded(window: MainWindow, shown: Shown) -> None:
    action_id = select_code(window, "1.1.2")
    other_db = open_database(window.workspace.path)
    try:
        other = Services(other_db, EditContext(user="Collega", source="test"))
        current = other.actions.get(action_id)
        other.actions.update(action_id, current.version, {"notes": "scritto dal collega"})
    finally:
        other_db.close()
    editor = window.plan.editor
    assert editor.notes.toPlainText() == ""  # the window still shows what it read
    editor.progress.setValue(55)
    editor.progress.editingFinished.emit()
    detail = stored(window, action_id)
    assert detail.progress == 0  # refused
    assert detail.notes == "scritto dal collega"  # nothing overwritten
    assert any("modificati da un'altra finestra" in t for t in shown.texts())
    assert editor.notes.toPlainText() == "scritto dal collega"  # reloaded
    assert editor.progress.value() == 0
    assert not window.undo_stack.canUndo()
    editor.progress.setValue(55)  # after the reload, the edit goes through
    editor.progress.editingFinished.emit()
    assert stored(window, action_id).progress == 55


def test_open_another_database_and_recent_files(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    first = window.workspace.path
    count = window.plan.table_model.rowCount()
    select_code(window, "1.1.1")
    window.plan.editor.status.setCurrentIndex(list(Status).index(Status.COMPLETED))
    assert window.undo_stack.canUndo()
    target = tmp_path / "altro" / "nuovo.sqlite"
    monkeypatch.setattr(
        new_database_dialog, "ask_new_plan", lambda *a: create_builtin_plan(target).path
    )
    window.menu_actions["new_db"].trigger()
    assert window.workspace.path == target and target.exists()
    assert window.windowTitle().startswith("nuovo.sqlite")
    assert not window.undo_stack.canUndo()
    assert window.plan.table_model.rowCount() == count  # seeded
    assert stored(window, select_code(window, "1.1.1")).status is Status.NOT_STARTED
    assert window.settings.recent_files()[:2] == [target, first]

    not_psm = tmp_path / "foto.sqlite"
    not_psm.write_bytes(b"not a database at all" * 100)
    monkeypatch.setattr(file_dialogs, "ask_open_database", lambda *a: not_psm)
    window.menu_actions["open_db"].trigger()
    assert window.workspace.path == target  # still open
    assert "PSM" in shown.texts()[-1] or "database" in shown.texts()[-1]

    monkeypatch.setattr(file_dialogs, "ask_open_database", lambda *a: first)
    window.menu_actions["open_db"].trigger()
    assert window.workspace.path == first
    assert stored(window, select_code(window, "1.1.1")).status is Status.COMPLETED


def test_save_copy_uses_backup(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "copia.sqlite"
    monkeypatch.setattr(file_dialogs, "ask_copy_target", lambda *a: target)
    window.menu_actions["save_copy"].trigger()
    db = open_database(target)
    try:
        assert len(Services(db).actions.list_actions()) == window.plan.table_model.rowCount()
    finally:
        db.close()


def test_open_action_request_switches_screen(window: MainWindow) -> None:
    rows = window.plan.table_model.rows()
    window.show_screen(2)
    window.plan.filter_bar.overdue.setChecked(True)  # hides everything in the seed
    window.events.open_action_requested.emit(rows[-1].id)
    assert window.screens.currentIndex() == 0
    assert window.plan.editor.action_id == rows[-1].id
    assert window.plan.table.currentIndex().isValid()


def test_user_error_and_bug_in_excepthook(window: MainWindow, shown: Shown) -> None:
    from psm_desktop.app import excepthook, log_file
    from psm_desktop.errors import DatabaseLockedError

    excepthook(DatabaseLockedError, DatabaseLockedError("Il database è bloccato."), None)
    assert shown.items[-1] == ("warn", "Il database è bloccato.")
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        excepthook(ZeroDivisionError, exc, exc.__traceback__)
    assert shown.items[-1][0] == "bug" and "boom" in shown.items[-1][1]
    assert window.isVisible() or True  # the window is untouched
    assert log_file().name == "psm-desktop.log"


def test_bulk_change_elsewhere_then_reload_keeps_the_action(window: MainWindow) -> None:
    action_id = select_code(window, "1.3.2")
    db = open_database(window.workspace.path)
    try:
        other = Services(db, EditContext(user="Import", source="importazione: t.xlsx"))
        detail = other.actions.get(action_id)
        other.actions.update(action_id, detail.version, {"progress": 80})
    finally:
        db.close()
    window.events.everything_changed()  # what an import announces
    row = window.plan.table_model.rows()[window.plan.table_model.row_of_action(action_id)]
    assert row.progress == 80
    assert window.plan.editor.action_id == action_id
    assert window.plan.editor.progress.value() == 80
    window.menu_actions["reload"].trigger()  # F5 keeps it too
    assert window.plan.editor.action_id == action_id
