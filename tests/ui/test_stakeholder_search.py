"""Finding a stakeholder by typing part of the name: in the filter bar and in the tracker export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from psm_desktop.services import Services
from psm_desktop.ui.dialogs.tracker_dialogs import ExportTrackerDialog
from psm_desktop.ui.plan.filter_bar import FilterBar
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.demo_window import demo_window
from tests.ui.window_fixtures import shown

__all__ = ["demo_window", "shown"]


def stakeholder_id(win: MainWindow, name: str) -> int:
    return next(i for i, n in win.workspace.services.stakeholders.names() if n == name)


@pytest.fixture
def bar(demo_window: MainWindow, qtbot: QtBot) -> FilterBar:
    """The filter bar of a shown window, the focus in the stakeholder field."""
    demo_window.show()
    qtbot.waitExposed(demo_window)
    filter_bar = demo_window.plan.filter_bar
    filter_bar.stakeholder.setFocus()
    return filter_bar


def type_and_enter(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    line = combo.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_part_of_a_name_and_enter_picks_the_stakeholder(
    demo_window: MainWindow, bar: FilterBar, qtbot: QtBot
) -> None:
    type_and_enter(qtbot, bar.stakeholder, "pinerol")
    wanted = stakeholder_id(demo_window, "Comune di Pinerolo")
    assert bar.stakeholder.currentData() == wanted
    assert bar.current().stakeholder_id == wanted
    assert bar.stakeholder.currentText() == "Comune di Pinerolo"
    proxy = demo_window.plan.proxy
    rows = [proxy.row_object(proxy.index(r, 0)) for r in range(proxy.rowCount())]
    assert rows and all(wanted in r.stakeholder_ids for r in rows)


def test_several_matches_are_listed_and_the_filter_is_kept(
    demo_window: MainWindow, bar: FilterBar, qtbot: QtBot
) -> None:
    type_and_enter(qtbot, bar.stakeholder, "Pinerolo")
    chosen = bar.stakeholder.currentData()
    type_and_enter(qtbot, bar.stakeholder, "torino")  # many: never "Tutti i soggetti"
    assert bar.stakeholder.currentData() == chosen
    completer = bar.stakeholder.completer()
    assert completer is not None
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    listed = [
        completer.completionModel().index(r, 0).data()
        for r in range(completer.completionModel().rowCount())
    ]
    assert len(listed) > 3 and all("torino" in n.casefold() for n in listed)
    popup.hide()


def test_no_match_keeps_the_choice(demo_window: MainWindow, bar: FilterBar, qtbot: QtBot) -> None:
    type_and_enter(qtbot, bar.stakeholder, "Ivrea")
    chosen = stakeholder_id(demo_window, "Comune di Ivrea")
    type_and_enter(qtbot, bar.stakeholder, "zzzz")
    assert bar.stakeholder.currentData() == chosen
    assert bar.current().stakeholder_id == chosen


def test_tracker_export_stakeholder_list_is_searchable(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    services: Services = demo_window.workspace.services
    dialog = ExportTrackerDialog(demo_window, services)
    qtbot.addWidget(dialog)
    full = dialog.stakeholder.count()
    assert full > 10
    qtbot.keyClicks(dialog.stakeholder_search, "rivol")
    assert dialog.stakeholder.count() == 1
    assert dialog.stakeholder.currentText() == "Comune di Rivoli"
    assert dialog.by_stakeholder.isChecked()
    scope = dialog.scope()
    assert "Comune di Rivoli" in scope.label
    dialog.stakeholder_search.clear()
    assert dialog.stakeholder.count() == full
    assert dialog.stakeholder.currentText() == "Comune di Rivoli"  # the choice stays


def test_every_stakeholder_in_the_filter_carries_its_id(
    bar: FilterBar, demo_window: MainWindow
) -> None:
    names = demo_window.workspace.services.stakeholders.names()
    combo = bar.stakeholder
    assert combo.count() == len(names) + 1 and combo.itemData(0) is None
    assert [(combo.itemData(r), combo.itemText(r)) for r in range(1, combo.count())] == [
        (sid, name) for sid, name in names
    ]
    # A search by id finds the row (the filters look stakeholders up so).
    assert combo.findData(names[-1][0]) == len(names)
