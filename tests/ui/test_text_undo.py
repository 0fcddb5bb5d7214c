"""Ctrl+Z in a text field undoes the typing there; the window's undo stays reachable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar, QWidget
from pytestqt.qtbot import QtBot

from psm_desktop.model import Status
from psm_desktop.ui.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import shown, shown_window, window

__all__ = ["shown", "shown_window", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def test_ctrl_z_in_notes_undoes_the_typing_there_even_after_it_was_saved(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    action_id = select_code(shown_window, "1.1.1")
    notes = shown_window.plan.editor.notes
    focus(qtbot, notes)
    qtbot.keyClicks(notes, "Riunione a marzo")
    qtbot.keyClick(notes, Qt.Key.Key_Tab)  # leaving the field saves it
    assert stored(shown_window, action_id).notes == "Riunione a marzo"
    focus(qtbot, notes)
    qtbot.keyClick(notes, Qt.Key.Key_Z, CTRL)
    assert notes.toPlainText() == ""
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert stored(shown_window, action_id).notes == ""


def test_ctrl_z_in_a_one_line_field_undoes_its_typing(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    action_id = select_code(shown_window, "1.1.1")
    title = shown_window.plan.editor.short_title
    focus(qtbot, title)
    qtbot.keyClicks(title, "Imprese")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert stored(shown_window, action_id).short_title == "Imprese"
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)
    assert title.text() == ""


def test_with_nothing_to_undo_in_the_field_ctrl_z_reaches_the_window(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    action_id = select_code(shown_window, "1.1.1")
    editor = shown_window.plan.editor
    editor.status.setCurrentIndex(editor.status.findData(Status.IN_PROGRESS))
    assert stored(shown_window, action_id).status is Status.IN_PROGRESS
    focus(qtbot, editor.notes)
    qtbot.keyClick(editor.notes, Qt.Key.Key_Z, CTRL)
    assert stored(shown_window, action_id).status is Status.NOT_STARTED


def test_window_undo_from_menu_and_toolbar_while_typing_in_notes(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    action_id = select_code(shown_window, "1.1.1")
    editor = shown_window.plan.editor
    editor.status.setCurrentIndex(editor.status.findData(Status.IN_PROGRESS))
    editor.status.setCurrentIndex(editor.status.findData(Status.SUSPENDED))
    focus(qtbot, editor.notes)
    qtbot.keyClicks(editor.notes, "appunto")
    undo = shown_window.menu_actions["undo"]
    assert undo.isEnabled()
    undo.trigger()  # Modifica › Annulla: the typing was saved first, then undone
    assert stored(shown_window, action_id).notes == ""
    assert stored(shown_window, action_id).status is Status.SUSPENDED
    toolbar = shown_window.findChild(QToolBar, "mainToolbar")
    button = toolbar.widgetForAction(undo)
    assert button is not None and button.isEnabled()
    focus(qtbot, editor.notes)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert stored(shown_window, action_id).status is Status.IN_PROGRESS


def test_ctrl_z_never_brings_back_the_text_of_the_previous_action(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    services = shown_window.workspace.services
    second = next(r.id for r in shown_window.plan.table_model.rows() if r.code == "1.1.2")
    services.actions.update(second, None, {"notes": "x"})  # the same note as typed below
    first = select_code(shown_window, "1.1.1")
    notes = shown_window.plan.editor.notes
    focus(qtbot, notes)
    qtbot.keyClicks(notes, "x")
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    select_code(shown_window, "1.1.2")
    focus(qtbot, notes)
    qtbot.keyClick(notes, Qt.Key.Key_Z, CTRL)  # the window's undo: the first action's note
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert stored(shown_window, second).notes == "x"
    assert stored(shown_window, first).notes == ""
