"""The main window through its real widgets: select, edit every kind of field, undo/redo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QTableView, QTreeView, QWidget
from pytestqt.qtbot import QtBot

from psm_desktop.model import Sector, Status
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.fresh_python import run_fresh
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]


def select_code(win: MainWindow, code: str) -> int:
    rows = win.plan.table_model.rows()
    action_id = next(r.id for r in rows if r.code == code)
    table: QTableView = win.findChild(QTableView, "actionTable")
    proxy = win.plan.proxy
    row = proxy.proxy_row_of_action(action_id)
    assert row is not None
    table.setCurrentIndex(proxy.index(row, 0))
    assert win.plan.editor.action_id == action_id
    return action_id


def stored(win: MainWindow, action_id: int):  # type: ignore[no-untyped-def]
    return win.workspace.services.actions.get(action_id)


def test_contract_object_names(window: MainWindow) -> None:
    tabs = window.plan.editor.tabs
    for index in range(tabs.count()):  # the editor's tabs are built when first opened
        tabs.setCurrentIndex(index)
    for name in (
        "planTree",
        "actionTable",
        "actionFilter",
        "actionEditor",
        "statusField",
        "progressField",
        "startDateField",
        "endDateField",
        "notesField",
        "assignmentTable",
        "deadlineTable",
    ):
        assert window.findChild(QWidget, name) is not None, name
    assert window.windowTitle().startswith("piano.sqlite")


def test_read_only_mark_styled_only_when_shown(window: MainWindow) -> None:
    """A style sheet makes Qt build a style-sheet style for the widget: start-up (a file
    open for writing) leaves the hidden mark without one."""
    assert window.mode_label.isHidden() and not window.mode_label.styleSheet()


def test_heavy_libraries_not_imported_at_start_up(db_path: Path) -> None:
    """openpyxl and reportlab wait until an export needs them (fresh interpreter)."""
    code = (
        "import sys\n"
        "from psm_desktop.app import build_main_window\n"
        f"w = build_main_window({str(db_path)!r})\n"
        "print('HEAVY', sorted(m for m in ('openpyxl', 'reportlab') if m in sys.modules))\n"
    )
    lines = run_fresh(code)
    assert "HEAVY []" in lines, lines


def test_tree_shows_axes_strategies_actions(window: MainWindow) -> None:
    tree: QTreeView = window.findChild(QTreeView, "planTree")
    model = tree.model()
    assert model.rowCount() == 6
    axis = model.index(0, 0)
    assert model.data(axis).startswith("Asse 1")
    strategy = model.index(0, 0, axis)
    assert model.data(strategy).startswith("1.1")
    action = model.index(0, 0, strategy)
    assert "1.1.1" in model.data(action)
    tree.setCurrentIndex(strategy)  # choosing a strategy shows its actions in the table
    codes = {
        window.plan.proxy.row_object(window.plan.proxy.index(r, 0)).code
        for r in range(window.plan.proxy.rowCount())
    }
    assert codes and all(c.startswith("1.1.") for c in codes)
    tree.setCurrentIndex(action)
    assert window.plan.editor.detail is not None
    assert window.plan.editor.detail.code == "1.1.1"


def test_status_progress_undo_redo(window: MainWindow, qtbot: QtBot) -> None:
    action_id = select_code(window, "1.1.2")
    status: QComboBox = window.findChild(QComboBox, "statusField")
    status.setCurrentIndex(status.findData(Status.IN_PROGRESS))
    assert stored(window, action_id).status is Status.IN_PROGRESS
    progress: QSpinBox = window.findChild(QSpinBox, "progressField")
    progress.setValue(40)
    progress.editingFinished.emit()
    assert stored(window, action_id).progress == 40
    # the table row follows the edit
    row = window.plan.table_model.rows()[window.plan.table_model.row_of_action(action_id)]
    assert row.status is Status.IN_PROGRESS and row.progress == 40

    window.menu_actions["undo"].trigger()
    assert stored(window, action_id).progress == 0
    assert progress.value() == 0
    window.menu_actions["undo"].trigger()
    assert stored(window, action_id).status is Status.NOT_STARTED
    assert status.currentData() == Status.NOT_STARTED
    window.menu_actions["redo"].trigger()
    window.menu_actions["redo"].trigger()
    detail = stored(window, action_id)
    assert (detail.status, detail.progress) == (Status.IN_PROGRESS, 40)
    history = window.workspace.services.history.for_action(action_id)
    assert [h.field for h in history][:2] == ["Avanzamento %", "Stato"]


def test_dates_including_no_date(window: MainWindow) -> None:
    action_id = select_code(window, "1.2.1")
    editor = window.plan.editor
    editor.start_date.set_date(dt.date(2025, 3, 1))
    editor.end_date.set_date(dt.date(2026, 6, 30))
    detail = stored(window, action_id)
    assert (detail.start_date, detail.end_date) == (dt.date(2025, 3, 1), dt.date(2026, 6, 30))
    assert editor.end_date.edit.text() == "30/06/2026"
    editor.end_date.clear_button.click()
    assert stored(window, action_id).end_date is None
    assert editor.end_date.edit.text() == ""
    assert editor.end_date.edit.placeholderText() == "nessuna data"
    # end before start is refused with the rule's message, and the editor shows the stored value
    editor.end_date.set_date(dt.date(2024, 1, 1))
    assert stored(window, action_id).end_date is None
    assert editor.end_date.value() is None


def test_text_notes_budget_and_multiselects(window: MainWindow, shown: Shown) -> None:
    action_id = select_code(window, "1.3.1")
    editor = window.plan.editor
    editor.notes.set_value("")
    editor.notes.setPlainText("Riunione con i comuni a marzo")
    editor.notes.commit()
    editor.short_title.setText("Nuove imprese")
    editor.short_title.editingFinished.emit()
    editor.budget.setText("1.250.000,50")
    editor.budget.editingFinished.emit()
    editor.sectors.toggle(Sector.TOURISM)
    editor.zones.toggle("Pinerolese")
    editor.linked_axes.toggle(3)
    detail = stored(window, action_id)
    assert detail.notes == "Riunione con i comuni a marzo"
    assert detail.short_title == "Nuove imprese"
    assert detail.budget == Decimal("1250000.50")
    assert editor.budget.text() == "1.250.000,50 €"
    assert detail.sectors == frozenset({Sector.TOURISM})
    assert detail.zones == frozenset({"Pinerolese"})
    assert detail.linked_axes == frozenset({3})
    # the table shows the short title
    row = window.plan.table_model.rows()[window.plan.table_model.row_of_action(action_id)]
    assert row.title == "Nuove imprese"
    for _ in range(6):
        window.menu_actions["undo"].trigger()
    detail = stored(window, action_id)
    assert detail.notes == "" and detail.budget is None and not detail.sectors
    assert editor.notes.toPlainText() == ""
    assert not shown.items


def test_text_is_saved_when_selecting_another_action(window: MainWindow) -> None:
    action_id = select_code(window, "1.1.3")
    window.plan.editor.notes.setPlainText("scritto ma non ancora salvato")
    select_code(window, "1.1.1")
    assert stored(window, action_id).notes == "scritto ma non ancora salvato"


def test_filters_text_status_overdue(window: MainWindow, qtbot: QtBot) -> None:
    plan = window.plan
    total = plan.proxy.rowCount()
    text: QLineEdit = window.findChild(QLineEdit, "actionFilter")
    qtbot.keyClicks(text, "telecomunicazioni")
    qtbot.waitUntil(lambda: plan.proxy.rowCount() < total, timeout=2000)
    shown_rows = [
        plan.proxy.row_object(plan.proxy.index(r, 0)) for r in range(plan.proxy.rowCount())
    ]
    assert shown_rows and all("telecomunicazioni" in r.haystack for r in shown_rows)
    text.clear()
    plan.filter_bar.emit_now()
    assert plan.proxy.rowCount() == total
    assert plan.filter_bar.count.text() == f"{total} di {total}"
    plan.filter_bar.show_count(9876, 10000)  # a large plan: Italian thousands
    assert plan.filter_bar.count.text() == "9.876 di 10.000"

    action_id = select_code(window, "1.1.1")
    window.plan.editor.status.setCurrentIndex(window.plan.editor.status.findData(Status.SUSPENDED))
    combo: QComboBox = window.findChild(QComboBox, "statusFilter")
    combo.setCurrentIndex(combo.findText(Status.SUSPENDED.label))
    assert [
        plan.proxy.row_object(plan.proxy.index(r, 0)).id for r in range(plan.proxy.rowCount())
    ] == [action_id]
    combo.setCurrentIndex(0)

    window.plan.editor.end_date.set_date(dt.date.today() - dt.timedelta(days=3))
    plan.filter_bar.overdue.setChecked(True)
    ids = [plan.proxy.row_object(plan.proxy.index(r, 0)).id for r in range(plan.proxy.rowCount())]
    assert ids == [action_id]
    assert "ritardo" in plan.proxy.index(0, 8).data().lower()
