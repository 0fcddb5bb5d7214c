"""The Programmazione tab and the office filters, through the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from psm_desktop.model import Competence
from psm_desktop.ui.editor.action_editor import TAB_PROGRAMMING
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]


def _type(field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    field.setText(text)
    field.textEdited.emit(text)
    field.editingFinished.emit()


def _shown_codes(window: MainWindow) -> list[str]:
    proxy = window.plan.proxy
    return sorted(
        proxy.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(proxy.rowCount())
    )


def test_programming_tab_saves_normalised_values_and_undoes(
    window: MainWindow, shown: Shown
) -> None:
    action_id = select_code(window, "1.1.1")
    editor = window.plan.editor
    editor.tabs.setCurrentIndex(TAB_PROGRAMMING)
    assert editor.tabs.tabText(TAB_PROGRAMMING) == "Pro&grammazione"
    tab = editor.programming

    tab.cup.setText("")
    tab.cup.textEdited.emit("j81b")  # typed: shown upper-cased at once
    assert tab.cup.text() == "J81B"
    _type(tab.cup, "j81b 1900 0000 012")
    _type(tab.texts["pnrr"], "M1 C1 - I 1.1")
    _type(tab.texts["dup_objective"], "SeO 1.2")
    tab.sdgs.toggle(11)
    tab.sdgs.toggle(3)
    tab.competence.setCurrentIndex(tab.competence.findData(Competence.COORDINATION))

    detail = stored(window, action_id)
    assert (detail.cup, detail.pnrr, detail.dup_objective) == (
        "J81B19000000012",
        "M1C1 I1.1",
        "SeO 1.2",
    )
    assert (detail.sdgs, detail.competence) == ({3, 11}, Competence.COORDINATION)
    assert tab.texts["pnrr"].text() == "M1C1 I1.1"  # the editor shows what was stored
    assert tab.sdgs.value() == {3, 11}
    assert shown.items == []

    window.menu_actions["undo"].trigger()  # competence
    window.menu_actions["undo"].trigger()  # goal 3
    detail = stored(window, action_id)
    assert (detail.sdgs, detail.competence) == ({11}, None)
    assert tab.competence.currentIndex() == 0 and tab.sdgs.value() == {11}
    window.menu_actions["redo"].trigger()
    assert stored(window, action_id).sdgs == {3, 11}


def test_a_wrong_cup_is_refused_with_an_italian_message(window: MainWindow, shown: Shown) -> None:
    action_id = select_code(window, "1.1.2")
    tab = window.plan.editor.programming
    window.plan.editor.tabs.setCurrentIndex(TAB_PROGRAMMING)
    _type(tab.cup, "ABC123")
    assert stored(window, action_id).cup is None
    assert any("Il CUP deve avere 15 caratteri, lettere e cifre" in t for t in shown.texts())
    assert tab.cup.text() == ""  # reloaded: what is stored
    _type(tab.texts["pnrr"], "Missione uno")
    assert any("non è una misura PNRR" in t for t in shown.texts())
    assert not window.undo_stack.canUndo()


def test_filters_by_cup_pnrr_goal_and_competence(window: MainWindow, qtbot: QtBot) -> None:
    services = window.workspace.services
    for code, changes in (
        ("1.1.1", {"cup": "J81B19000000012", "pnrr": "M1C1 I1.1", "sdgs": [3, 11]}),
        ("1.1.2", {"cup": "J81B19000000012", "competence": "regia"}),
        ("1.2.1", {"pnrr": "M2C4 I2.2", "sdgs": [11], "competence": "diretta"}),
    ):
        detail = services.actions.get_by_code(code)
        services.actions.update(detail.id, detail.version, changes)
    window.workspace.session.events.actions_changed.emit([])  # as after an import
    bar = window.plan.filter_bar
    assert not bar.programming_row.isVisibleTo(window)
    bar.more.setChecked(True)
    assert bar.programming_row.isVisibleTo(window)

    bar.sdg.setCurrentIndex(bar.sdg.findData(11))
    qtbot.waitUntil(lambda: _shown_codes(window) == ["1.1.1", "1.2.1"])
    bar.pnrr.setCurrentIndex(bar.pnrr.findData(2))
    qtbot.waitUntil(lambda: _shown_codes(window) == ["1.2.1"])
    bar.clear()
    bar.cup.setText("j81b 19")
    bar.emit_now()
    qtbot.waitUntil(lambda: _shown_codes(window) == ["1.1.1", "1.1.2"])
    bar.competence.setCurrentIndex(bar.competence.findData(Competence.COORDINATION))
    qtbot.waitUntil(lambda: _shown_codes(window) == ["1.1.2"])
    flt = bar.current()
    assert (flt.cup, flt.competence) == ("j81b 19", Competence.COORDINATION)
    bar.clear()
    qtbot.waitUntil(lambda: len(_shown_codes(window)) == 24)
    bar.more.setChecked(False)
    bar.set_fields(flt)  # a saved filter with office fields shows the row again
    assert bar.more.isChecked() and bar.cup.text() == "j81b 19"
