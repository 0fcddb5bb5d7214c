"""'Le mie azioni': the operator says which stakeholder they work for, then one click filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from psm_desktop.ui.stakeholders import my_stakeholder_dialog
from psm_desktop.ui.stakeholders.my_stakeholder_dialog import MyStakeholderDialog
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.demo_window import demo_window
from tests.ui.window_fixtures import shown

__all__ = ["demo_window", "shown"]

MINE = "Comune di Pinerolo"


def shown_stakeholders(win: MainWindow) -> list[tuple[int, ...]]:
    proxy = win.plan.proxy
    return [proxy.row_object(proxy.index(r, 0)).stakeholder_ids for r in range(proxy.rowCount())]


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The chooser answers MINE; records the current choice it was shown."""
    calls: list[str] = []

    def answer(_parent: object, names: list[str], current: str) -> str:
        assert MINE in names
        calls.append(current)
        return MINE

    monkeypatch.setattr(my_stakeholder_dialog, "ask_my_stakeholder", answer)
    return calls


def test_first_click_asks_then_filters_and_is_remembered(
    demo_window: MainWindow, qtbot: QtBot, asked: list[str], tmp_path: Path
) -> None:
    bar = demo_window.plan.filter_bar
    total = demo_window.plan.table_model.rowCount()
    qtbot.mouseClick(bar.mine, Qt.MouseButton.LeftButton)  # nothing said yet: it asks
    assert asked == [""]
    assert demo_window.settings.my_stakeholder() == MINE
    mine_id = next(i for i, n in demo_window.workspace.services.stakeholders.names() if n == MINE)
    assert bar.mine.isChecked() and bar.current().stakeholder_id == mine_id
    rows = shown_stakeholders(demo_window)
    assert 0 < len(rows) < total and all(mine_id in ids for ids in rows)

    qtbot.mouseClick(bar.mine, Qt.MouseButton.LeftButton)  # off: every action again
    assert not bar.mine.isChecked() and len(shown_stakeholders(demo_window)) == total
    qtbot.mouseClick(bar.mine, Qt.MouseButton.LeftButton)  # on again, without asking
    assert asked == [""] and bar.mine.isChecked()
    other = bar.stakeholder.findText("Comune di Ivrea")
    bar.stakeholder.setCurrentIndex(other)  # another stakeholder: no longer "mine"
    assert not bar.mine.isChecked()
    qtbot.mouseClick(bar.reset, Qt.MouseButton.LeftButton)
    assert not bar.mine.isChecked()


def test_the_menu_entry_sets_it(demo_window: MainWindow, asked: list[str]) -> None:
    demo_window.settings.set_my_stakeholder("Comune di Ivrea")
    demo_window.menu_actions["my_stakeholder"].trigger()
    assert asked == ["Comune di Ivrea"]
    assert demo_window.settings.my_stakeholder() == MINE
    assert demo_window.plan.filter_bar.mine.isChecked()
    assert MINE in demo_window.plan.filter_bar.mine.toolTip()


def test_the_chooser_searches_and_can_say_none(qtbot: QtBot) -> None:
    names = [f"Comune numero {n}" for n in range(2000)] + [MINE]
    dialog = MyStakeholderDialog(None, names, "")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search, "pinerol")
    assert dialog.proxy.rowCount() == 1
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.chosen() == MINE

    again = MyStakeholderDialog(None, names, MINE)
    qtbot.addWidget(again)
    assert again.chosen() == MINE  # the current choice is preselected
    again.none_button.click()
    assert again.chosen() == ""
