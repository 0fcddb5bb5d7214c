"""The tree's restriction of the table is visible, removable, and never hides a search silently."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QTreeView
from pytestqt.qtbot import QtBot

from psm_desktop.ui.widgets.empty_hint import hint_shown
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.demo_window import demo_window
from tests.ui.window_fixtures import shown

__all__ = ["demo_window", "shown"]


def shown_codes(win: MainWindow) -> list[str]:
    proxy = win.plan.proxy
    return [proxy.row_object(proxy.index(r, 0)).code for r in range(proxy.rowCount())]


def choose_axis(win: MainWindow, number: int) -> None:
    tree: QTreeView = win.findChild(QTreeView, "planTree")
    tree.setCurrentIndex(tree.model().index(number - 1, 0))


def test_axis_restriction_is_shown_as_a_removable_chip(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    bar = demo_window.plan.filter_bar
    assert bar.scope_chip.isHidden()
    choose_axis(demo_window, 4)
    assert set(c.split(".")[0] for c in shown_codes(demo_window)) == {"4"}
    assert not bar.scope_chip.isHidden()
    assert bar.scope_chip.text() == "Asse 4 ✕"
    qtbot.mouseClick(bar.scope_chip, Qt.MouseButton.LeftButton)
    assert bar.scope_chip.isHidden()
    assert len(shown_codes(demo_window)) == demo_window.plan.table_model.rowCount()
    assert not demo_window.plan.tree.selectionModel().hasSelection()


def test_strategy_chip_and_clear_filters_lifts_it(demo_window: MainWindow, qtbot: QtBot) -> None:
    tree = demo_window.plan.tree
    axis = tree.model().index(1, 0)
    tree.setCurrentIndex(tree.model().index(2, 0, axis))  # strategy 2.3
    bar = demo_window.plan.filter_bar
    assert bar.scope_chip.text() == "Strategia 2.3 ✕"
    assert {c.rsplit(".", 1)[0] for c in shown_codes(demo_window)} == {"2.3"}
    qtbot.mouseClick(bar.reset, Qt.MouseButton.LeftButton)  # "Azzera filtri"
    assert bar.scope_chip.isHidden()
    assert len(shown_codes(demo_window)) == demo_window.plan.table_model.rowCount()
    assert not tree.selectionModel().hasSelection()


def restricted_iff_selected(win: MainWindow) -> bool:
    """The invariant: the table is cut to a part of the plan only when the tree shows it."""
    selected = win.plan.tree.selectionModel().hasSelection()
    restricted = len(shown_codes(win)) < win.plan.table_model.rowCount()
    return selected == restricted == (not win.plan.filter_bar.scope_chip.isHidden())


def test_focusing_or_clicking_the_tree_never_restricts_unseen(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    demo_window.show()
    qtbot.waitExposed(demo_window)
    tree = demo_window.plan.tree
    total = demo_window.plan.table_model.rowCount()
    demo_window.menu_actions["focus_tree"].trigger()  # Alt+1 with nothing chosen
    qtbot.waitUntil(tree.hasFocus, timeout=2000)
    assert len(shown_codes(demo_window)) == total
    assert restricted_iff_selected(demo_window)

    empty = QPoint(10, tree.viewport().height() - 5)  # below the six axes
    assert not tree.indexAt(empty).isValid()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert len(shown_codes(demo_window)) == total
    assert restricted_iff_selected(demo_window)

    choose_axis(demo_window, 4)
    assert restricted_iff_selected(demo_window)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert restricted_iff_selected(demo_window)
    demo_window.menu_actions["whole_plan"].trigger()  # Ctrl+0: the current index stays
    demo_window.plan.table.setFocus()
    demo_window.menu_actions["focus_tree"].trigger()
    qtbot.waitUntil(tree.hasFocus, timeout=2000)
    assert len(shown_codes(demo_window)) == total
    assert restricted_iff_selected(demo_window)


def test_search_says_how_many_matches_lie_outside_and_shows_them(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    choose_axis(demo_window, 4)
    bar = demo_window.plan.filter_bar
    text: QLineEdit = demo_window.findChild(QLineEdit, "actionFilter")
    qtbot.keyClicks(text, "2.3.1")
    bar.emit_now()
    assert shown_codes(demo_window) == []
    assert hint_shown(demo_window.plan.table) == "Nessuna azione corrisponde ai filtri scelti."
    outside = [r.code for r in demo_window.plan.table_model.rows() if "2.3.1" in r.haystack]
    assert outside
    assert not bar.outside.isHidden()
    assert bar.outside.text().startswith(f"{len(outside)} risultat")
    assert "fuori da Asse 4" in bar.outside.text()
    bar.outside.linkActivated.emit("show")
    assert sorted(shown_codes(demo_window)) == sorted(outside)
    assert bar.scope_chip.isHidden()
    assert bar.outside.isHidden()
    assert text.text() == "2.3.1"  # the search stays


def test_no_outside_notice_without_a_text_search(demo_window: MainWindow) -> None:
    choose_axis(demo_window, 4)
    assert demo_window.plan.filter_bar.outside.isHidden()


def test_an_action_chosen_in_the_tree_stays_chosen_when_the_chip_goes(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    tree = demo_window.plan.tree
    axis = tree.model().index(2, 0)
    action = tree.model().index(0, 0, tree.model().index(1, 0, axis))  # 3.2.1
    tree.setCurrentIndex(action)
    bar = demo_window.plan.filter_bar
    assert bar.scope_chip.text() == "Strategia 3.2 ✕"
    chosen = demo_window.plan.editor.action_id
    assert chosen is not None
    qtbot.mouseClick(bar.scope_chip, Qt.MouseButton.LeftButton)
    assert len(shown_codes(demo_window)) == demo_window.plan.table_model.rowCount()
    assert demo_window.plan.editor.action_id == chosen
    assert tree.selectionModel().isSelected(action)
