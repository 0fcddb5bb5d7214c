"""Typing dates the way officials do, through the real date fields of the action editor."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from psm_desktop.ui.core import messages
from psm_desktop.ui.editor.dialogs import DeadlineDialog
from psm_desktop.ui.editor.fields import DateField
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import Shown, shown, shown_window, window

__all__ = ["shown", "shown_window", "window"]

Key = Qt.Key


def type_into(qtbot: QtBot, field: DateField, text: str) -> None:
    """Focus the field as Tab would (all selected), type, and leave it with Tab."""
    field.edit.setFocus(Qt.FocusReason.TabFocusReason)
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Key.Key_Tab)


@pytest.mark.parametrize("typed", ["15/03/2025", "15032025", "15/3/25", "15-3-2025"])
def test_typing_a_date_into_an_empty_field_sets_it(
    shown_window: MainWindow, qtbot: QtBot, shown: Shown, typed: str
) -> None:
    action_id = select_code(shown_window, "1.2.1")
    editor = shown_window.plan.editor
    assert stored(shown_window, action_id).end_date is None
    type_into(qtbot, editor.end_date, typed)
    assert stored(shown_window, action_id).end_date == dt.date(2025, 3, 15)
    assert editor.end_date.edit.text() == "15/03/2025"
    assert not shown.items


def test_keys_never_create_a_date_out_of_nothing(
    shown_window: MainWindow, qtbot: QtBot, shown: Shown
) -> None:
    action_id = select_code(shown_window, "1.2.1")
    edit = shown_window.plan.editor.end_date.edit
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    for key in (Key.Key_Up, Key.Key_Down, Key.Key_PageUp, Key.Key_PageDown, Key.Key_Space):
        qtbot.keyClick(edit, key)
    qtbot.keyClick(edit, Key.Key_Tab)
    assert stored(shown_window, action_id).end_date is None
    assert shown_window.undo_stack.count() == 0
    assert not shown.items


def test_up_and_down_move_an_existing_date_by_one_day(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    action_id = select_code(shown_window, "1.2.1")
    field = shown_window.plan.editor.end_date
    type_into(qtbot, field, "15/03/2025")
    field.edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(field.edit, Key.Key_Up)
    qtbot.keyClick(field.edit, Key.Key_Up)
    qtbot.keyClick(field.edit, Key.Key_Down)
    qtbot.keyClick(field.edit, Key.Key_Tab)
    assert stored(shown_window, action_id).end_date == dt.date(2025, 3, 16)


def test_clearing_is_one_key_or_the_cross_button(shown_window: MainWindow, qtbot: QtBot) -> None:
    action_id = select_code(shown_window, "1.2.1")
    field = shown_window.plan.editor.end_date
    type_into(qtbot, field, "15/03/2025")
    field.edit.setFocus(Qt.FocusReason.TabFocusReason)  # Tab selects the whole date
    assert field.edit.selectedText() == "15/03/2025"
    qtbot.keyClick(field.edit, Key.Key_Delete)
    qtbot.keyClick(field.edit, Key.Key_Tab)
    assert stored(shown_window, action_id).end_date is None
    type_into(qtbot, field, "16/03/2025")
    field.clear_button.click()
    assert stored(shown_window, action_id).end_date is None
    assert field.edit.text() == "" and field.edit.placeholderText() == "nessuna data"


def test_double_click_and_ctrl_a_select_the_whole_date(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    select_code(shown_window, "1.2.1")
    field = shown_window.plan.editor.end_date
    type_into(qtbot, field, "15/03/2025")
    field.edit.setFocus()
    field.edit.setCursorPosition(4)
    qtbot.mouseDClick(field.edit, Qt.MouseButton.LeftButton)
    assert field.edit.selectedText() == "15/03/2025"
    field.edit.deselect()
    qtbot.keyClick(field.edit, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert field.edit.selectedText() == "15/03/2025"


@pytest.mark.parametrize(
    ("key", "modifier"),
    [(Key.Key_Down, Qt.KeyboardModifier.AltModifier), (Key.Key_F4, Qt.KeyboardModifier.NoModifier)],
)
def test_alt_down_and_f4_open_the_calendar(
    shown_window: MainWindow, qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    select_code(shown_window, "1.2.1")
    field = shown_window.plan.editor.end_date
    field.edit.setFocus()
    qtbot.keyClick(field.edit, key, modifier)
    assert field.popup.isVisible()
    qtbot.keyClick(field.popup.calendar, Key.Key_Escape)
    assert not field.popup.isVisible()


def test_calendar_opens_at_the_date_else_the_other_date_else_today(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    action_id = select_code(shown_window, "1.2.1")
    editor = shown_window.plan.editor
    editor.end_date.open_calendar()
    assert editor.end_date.popup.calendar.selectedDate() == QDate.currentDate()
    editor.end_date.popup.close()
    type_into(qtbot, editor.start_date, "01/02/2025")
    editor.end_date.open_calendar()  # no end date: the start date
    assert editor.end_date.popup.calendar.selectedDate() == QDate(2025, 2, 1)
    # picking a day in the calendar saves it
    editor.end_date.popup.calendar.setSelectedDate(QDate(2025, 9, 30))
    editor.end_date.popup.calendar.activated.emit(QDate(2025, 9, 30))
    assert not editor.end_date.popup.isVisible()
    assert stored(shown_window, action_id).end_date == dt.date(2025, 9, 30)
    editor.end_date.open_calendar()  # its own date now
    assert editor.end_date.popup.calendar.selectedDate() == QDate(2025, 9, 30)
    editor.end_date.popup.close()
    editor.start_date.clear()
    editor.start_date.open_calendar()  # no start date: the end date
    assert editor.start_date.popup.calendar.selectedDate() == QDate(2025, 9, 30)


def test_a_date_far_from_the_plan_period_asks_first(
    shown_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    action_id = select_code(shown_window, "1.2.1")
    field = shown_window.plan.editor.end_date
    type_into(qtbot, field, "15/03/2025")
    questions: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(
        messages, "confirm", lambda _p, text, title="": questions.append(text) or answers.pop(0)
    )
    # backspacing the year and typing another one: asked, and refused here
    field.edit.setFocus()
    field.edit.end(False)
    for _ in range(2):
        qtbot.keyClick(field.edit, Key.Key_Backspace)
    qtbot.keyClicks(field.edit, "06")
    assert field.edit.text() == "15/03/2006"
    qtbot.keyClick(field.edit, Key.Key_Tab)
    assert len(questions) == 1 and "15/03/2006" in questions[0] and "2024-2026" in questions[0]
    assert stored(shown_window, action_id).end_date == dt.date(2025, 3, 15)
    assert field.edit.text() == "15/03/2025"
    # confirmed: saved
    type_into(qtbot, field, "15/03/2006")
    assert len(questions) == 2
    assert stored(shown_window, action_id).end_date == dt.date(2006, 3, 15)


def test_an_unreadable_date_says_why_and_changes_nothing(
    shown_window: MainWindow, qtbot: QtBot, shown: Shown
) -> None:
    action_id = select_code(shown_window, "1.2.1")
    field = shown_window.plan.editor.end_date
    type_into(qtbot, field, "15/03/2025")
    type_into(qtbot, field, "15/03/202")  # a year half deleted
    assert stored(shown_window, action_id).end_date == dt.date(2025, 3, 15)
    [(kind, text)] = shown.items
    assert kind == "warn" and "Data di fine" in text and "gg/mm/aaaa" in text
    assert field.edit.text() == "15/03/2025"


def test_deadline_dialog_takes_typed_dates(qtbot: QtBot, shown: Shown) -> None:
    dialog = DeadlineDialog([], None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.title.setText("Collaudo")
    type_into(qtbot, dialog.due, "30/6/26")
    type_into(qtbot, dialog.completed, "01072026")
    assert dialog.values()["due_date"] == dt.date(2026, 6, 30)
    assert dialog.values()["completed_on"] == dt.date(2026, 7, 1)
    dialog.completed.clear()
    dialog.completed.open_calendar()  # no completion date: opens at the due date
    assert dialog.completed.popup.calendar.selectedDate() == QDate(2026, 6, 30)
    assert not shown.items
