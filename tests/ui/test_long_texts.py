"""Long official texts can be read without opening anything: wrapped rows, full tooltips,
an editor box that grows with its text, and the description of the axis or strategy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QFrame
from pytestqt.qtbot import QtBot

from psm_desktop.ui.models.action_table import COL_LEAD, COL_TEXT
from psm_desktop.ui.models.plan_tree import COL_NAME
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code
from tests.ui.window_fixtures import shown, shown_window, window

__all__ = ["shown", "shown_window", "window"]

TIP = Qt.ItemDataRole.ToolTipRole


def row_of(win: MainWindow, code: str) -> int:
    action_id = next(r.id for r in win.plan.table_model.rows() if r.code == code)
    row = win.plan.proxy.proxy_row_of_action(action_id)
    assert row is not None
    return row


def plain(tooltip: str) -> str:
    """Tooltip text without the markup that makes Qt wrap it."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText().replace("\n", " ")


def test_wrap_toggle_shows_the_whole_text_and_is_remembered(
    shown_window: MainWindow, qtbot: QtBot, db_path: Path
) -> None:
    plan = shown_window.plan
    toggle: QAbstractButton = plan.wrap_toggle
    select_code(shown_window, "1.5.2")  # in view
    row = row_of(shown_window, "1.5.2")
    one_line = plan.table.rowHeight(row)
    assert not plan.table.wordWrap()
    toggle.click()
    assert toggle.isChecked() and plan.table.wordWrap()
    qtbot.waitUntil(lambda: plan.table.rowHeight(row_of(shown_window, "1.5.2")) > 3 * one_line)
    assert shown_window.settings.wrap_rows()
    # a new window starts wrapped
    from psm_desktop.app import build_main_window

    other = build_main_window(db_path, settings=shown_window.settings)
    qtbot.addWidget(other)
    assert other.plan.wrap_toggle.isChecked() and other.plan.table.wordWrap()
    other.workspace.close()
    toggle.click()
    assert not plan.table.wordWrap() and not shown_window.settings.wrap_rows()
    assert plan.table.rowHeight(row_of(shown_window, "1.5.2")) == one_line


def test_table_and_tree_tooltips_carry_the_whole_text(shown_window: MainWindow) -> None:
    plan = shown_window.plan
    text = next(r.text for r in plan.table_model.rows() if r.code == "1.5.2")
    assert len(text) == 531
    row = row_of(shown_window, "1.5.2")
    tip = plan.proxy.index(row, COL_TEXT).data(TIP)
    assert tip.startswith("<")  # rich text: Qt wraps it instead of one line wider than the screen
    assert text in plain(tip)
    tree = plan.tree_model
    action_tip = tree.index_of_action(plan.table_model.rows()[0].id).data(TIP)
    assert action_tip.startswith("<")
    axis = tree.index_of_axis(1)
    axis_info = plan.session.services.plan.axis(1)
    assert axis_info.description and axis_info.description in plain(tree.data(axis, TIP))
    strategy = tree.index(4, COL_NAME, axis)  # 1.5
    info = plan.session.services.plan.strategies(1)[4]
    assert info.code == "1.5" and info.description in plain(tree.data(strategy, TIP))
    assert plan.proxy.index(row, COL_LEAD).data(TIP) is None  # empty cells: no tooltip


def test_editor_text_box_grows_to_show_the_longest_action(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    editor = shown_window.plan.editor
    select_code(shown_window, "1.1.1")
    qtbot.wait(20)
    short_height = editor.text.height()
    select_code(shown_window, "1.5.2")
    qtbot.waitUntil(lambda: editor.text.height() > short_height)
    assert editor.text.toPlainText().endswith(editor.detail.text[-40:])
    assert editor.text.verticalScrollBar().maximum() == 0  # nothing hidden: no scrolling
    # a text longer than the limit scrolls inside the box instead of growing for ever
    editor.text.setPlainText(editor.detail.text * 8)
    qtbot.waitUntil(lambda: editor.text.verticalScrollBar().maximum() > 0)
    assert editor.text.height() < shown_window.height() // 2


def test_selecting_an_axis_or_strategy_shows_its_description(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    plan = shown_window.plan
    panel = plan.description
    assert not panel.isVisible()
    axis_index = plan.tree_model.index_of_axis(1)
    plan.tree.setCurrentIndex(axis_index)
    axis = plan.session.services.plan.axis(1)
    assert panel.isVisible()
    assert axis.title in panel.title.text() and panel.body.text() == axis.description
    strategy = plan.session.services.plan.strategies(1)[1]
    plan.tree.setCurrentIndex(plan.tree_model.index(1, COL_NAME, axis_index))
    assert strategy.code in panel.title.text() and panel.body.text() == strategy.description
    shown_window.menu_actions["whole_plan"].trigger()
    assert not panel.isVisible()
    # an axis with no description says so instead of showing an empty box
    plan.tree.setCurrentIndex(plan.tree_model.index_of_axis(2))
    assert panel.isVisible() and "Asse 2" in panel.title.text()
    assert panel.body.text() == "Nessuna descrizione per questo asse."


def test_the_description_is_made_when_first_needed_and_tab_passes_through_it(
    shown_window: MainWindow, qtbot: QtBot
) -> None:
    """Start-up does not build the panel; once an axis is chosen it sits between the filter
    bar and the table, and Tab goes "Azzera filtri" -> its ✕ -> the table (and back)."""
    plan = shown_window.plan
    assert shown_window.findChild(QFrame, "scopeDescription") is None
    plan.tree.setCurrentIndex(plan.tree_model.index_of_axis(1))
    panel = shown_window.findChild(QFrame, "scopeDescription")
    assert panel is plan.description and panel.isVisible()
    assert panel.geometry().top() >= plan.filter_bar.geometry().bottom()
    assert panel.geometry().bottom() <= plan.table.geometry().top()
    shown_window.activateWindow()
    plan.filter_bar.reset.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(plan.filter_bar.reset, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.hide_button
    qtbot.keyClick(panel.hide_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.table
    qtbot.keyClick(plan.table, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is panel.hide_button
    qtbot.keyClick(panel.hide_button, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is plan.filter_bar.reset
