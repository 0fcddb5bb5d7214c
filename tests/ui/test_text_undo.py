"""Ctrl+Z in a text field undoes the typing there; the window's undo stays reachable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar, QWidget
from pytestqt.qtbot import QtBot

from psm_desktop.model import Status
from psm_desktop.ui.editor.action_editor import ActionEditor
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import shown, shown_window, window

__all__ = ["shown", "shown_window", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus)


@pytest.mark.parametrize(
    ("field", "saving_key"),
    [("notes", Qt.Key.Key_Tab), ("short_title", Qt.Key.Key_Return)],
)
def test_ctrl_z_in_a_text_field_undoes_the_typing_there_even_after_it_was_saved(
    shown_window: MainWindow, qtbot: QtBot, field: str, saving_key: Qt.Key
) -> None:
    action_id = select_code(shown_window, "1.1.1")
    widget = getattr(shown_window.plan.editor, field)
    focus(qtbot, widget)
    qtbot.keyClicks(widget, "Riunione a marzo")
    qtbot.keyClick(widget, saving_key)  # leaving the field (or Enter) saves it
    assert getattr(stored(shown_window, action_id), field) == "Riunione a marzo"
    focus(qtbot, widget)
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL)
    assert widget.value() == ""
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert getattr(stored(shown_window, action_id), field) in ("", None)


def set_statuses(window: MainWindow, *statuses: Status) -> tuple[int, ActionEditor]:
    """Action 1.1.1 given these statuses one after the other (edits on the undo stack)."""
    action_id = select_code(window, "1.1.1")
    editor = window.plan.editor
    for status in statuses:
        editor.status.setCurrentIndex(editor.status.findData(status))
    return action_id, editor


def test_with_nothing_to_undo_in_the_field_ctrl_z_reaches_the_window(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    action_id, editor = set_statuses(shown_window, Status.IN_PROGRESS)
    assert stored(shown_window, action_id).status is Status.IN_PROGRESS
    focus(qtbot, editor.notes)
    qtbot.keyClick(editor.notes, Qt.Key.Key_Z, CTRL)
    assert stored(shown_window, action_id).status is Status.NOT_STARTED


def test_window_undo_from_menu_and_toolbar_while_typing_in_notes(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    action_id, editor = set_statuses(shown_window, Status.IN_PROGRESS, Status.SUSPENDED)
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
