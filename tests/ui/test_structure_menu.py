"""The Struttura menu through the real window: create, edit, move, delete, and their undo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from psm_desktop.services import EditContext, Services
from psm_desktop.services.dto import AxisInfo, StrategyInfo
from psm_desktop.storage import open_database
from psm_desktop.ui import messages, structure_dialogs
from psm_desktop.ui.main_window import MainWindow
from tests.ui.test_main_window import select_code
from tests.ui.window_fixtures import Shown, shown, shown_window, window

__all__ = ["shown", "shown_window", "window"]


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirmation the window asked for (all answered yes)."""
    texts: list[str] = []

    def confirm(_parent: object, text: str, title: str = "") -> bool:
        texts.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    return texts


def codes(win: MainWindow) -> dict[int, str]:
    return {r.id: r.code for r in win.workspace.services.actions.list_actions()}


def tree_codes(win: MainWindow) -> dict[int, str]:
    """What the tree shows now (it must reload after each edit)."""
    model = win.plan.tree_model
    found: dict[int, str] = {}

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            node = model.node(index)
            if node is not None and node.kind == "action":
                found[node.obj.id] = node.obj.code  # type: ignore[union-attr]
            walk(index)

    walk(QModelIndex())
    return found


def choose_in_tree(win: MainWindow, code: str) -> None:
    """Select the axis ('2') or the strategy ('1.3') with this code in the tree."""
    model = win.plan.tree_model
    for a in range(model.rowCount()):
        axis = model.index(a, 0)
        obj = model.node(axis).obj  # type: ignore[union-attr]
        if isinstance(obj, AxisInfo) and str(obj.number) == code:
            win.plan.tree.setCurrentIndex(axis)
            return
        for s in range(model.rowCount(axis)):
            index = model.index(s, 0, axis)
            obj = model.node(index).obj  # type: ignore[union-attr]
            if isinstance(obj, StrategyInfo) and obj.code == code:
                win.plan.tree.setCurrentIndex(index)
                return
    raise AssertionError(code)


def test_move_down_shows_the_renumbering_then_undo_and_redo(
    window: MainWindow, asked: list[str]
) -> None:
    first = select_code(window, "1.1.1")
    second = next(i for i, c in codes(window).items() if c == "1.1.2")
    window.menu_actions["move_down"].trigger()
    assert "azione 1.1.1 → 1.1.2" in asked[0]
    assert "azione 1.1.2 → 1.1.1" in asked[0]
    assert codes(window)[first] == "1.1.2" and codes(window)[second] == "1.1.1"
    assert tree_codes(window)[first] == "1.1.2"
    assert window.undo_stack.undoText() == "Sposta l'azione 1.1.1"
    window.undo_stack.undo()
    assert codes(window)[first] == "1.1.1" and tree_codes(window)[first] == "1.1.1"
    window.undo_stack.redo()
    assert codes(window)[first] == "1.1.2"


def test_move_up_of_the_first_is_refused_plainly(window: MainWindow, shown: Shown) -> None:
    select_code(window, "1.1.1")
    window.menu_actions["move_up"].trigger()
    assert shown.texts() == ["L'azione 1.1.1 è già in cima."]
    assert window.undo_stack.count() == 0


def test_move_to_another_strategy_and_back(
    window: MainWindow, asked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = codes(window)
    moved = select_code(window, "1.1.1")
    offered: list[str] = []

    def choose(_p: object, _c: str, _l: str, items: list[str]) -> int:
        offered.extend(items)
        return next(i for i, item in enumerate(items) if item.startswith("Strategia 1.2 "))

    monkeypatch.setattr(structure_dialogs, "ask_choice", choose)
    window.menu_actions["move_to"].trigger()
    assert not any(item.startswith("Strategia 1.1 ") for item in offered)
    assert asked[0].startswith("Spostare l'azione 1.1.1 in 1.2.")
    after = codes(window)
    assert after[moved].startswith("1.2.")
    assert after != before and tree_codes(window) == after
    window.undo_stack.undo()
    assert codes(window) == before


def test_delete_a_strategy_says_what_goes_and_undo_restores_it(
    window: MainWindow, asked: list[str]
) -> None:
    before = codes(window)
    choose_in_tree(window, "1.2")
    window.menu_actions["delete_node"].trigger()
    assert asked[0].startswith("Eliminare la strategia 1.2 «")
    assert "azioni" in asked[0] and "strategia 1.3 → 1.2" in asked[0]
    after = codes(window)
    assert len(after) < len(before)
    assert not any(c.startswith("1.5.") for c in after.values())
    window.undo_stack.undo()
    assert codes(window) == before  # same ids, same codes
    assert tree_codes(window) == before


def test_delete_declined_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    before = codes(window)
    select_code(window, "1.1.1")
    window.menu_actions["delete_node"].trigger()
    assert codes(window) == before and window.undo_stack.count() == 0


def test_new_strategy_and_action_then_undo_and_redo_keep_the_id(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([("Nuova strategia di prova", "Perché"), ("Testo dell'azione", "Breve")])
    monkeypatch.setattr(structure_dialogs, "ask_texts", lambda *a, **k: next(answers))
    choose_in_tree(window, "2")
    window.menu_actions["new_strategy"].trigger()
    services = window.workspace.services
    [strategy] = [s for s in services.plan.strategies() if s.axis_number == 2]
    assert (strategy.code, strategy.title, strategy.description) == (
        "2.1",
        "Nuova strategia di prova",
        "Perché",
    )
    choose_in_tree(window, "2.1")
    window.menu_actions["new_action"].trigger()
    [created] = [i for i, c in codes(window).items() if c == "2.1.1"]
    detail = services.actions.get(created)
    assert (detail.text, detail.short_title) == ("Testo dell'azione", "Breve")
    assert tree_codes(window)[created] == "2.1.1"
    window.undo_stack.undo()
    assert created not in codes(window)
    window.undo_stack.redo()
    assert codes(window)[created] == "2.1.1"  # the same action back
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert not [s for s in services.plan.strategies() if s.axis_number == 2]


def test_edit_a_strategy_and_an_action_with_undo(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = window.workspace.services
    old = next(s for s in services.plan.strategies() if s.code == "1.3")
    monkeypatch.setattr(structure_dialogs, "ask_texts", lambda *a, **k: ("Nuovo titolo", "D"))
    choose_in_tree(window, "1.3")
    window.menu_actions["edit_node"].trigger()
    fresh = next(s for s in services.plan.strategies() if s.code == "1.3")
    assert (fresh.title, fresh.description) == ("Nuovo titolo", "D")
    window.undo_stack.undo()
    fresh = next(s for s in services.plan.strategies() if s.code == "1.3")
    assert (fresh.title, fresh.description) == (old.title, old.description)
    window.plan.show_whole_plan()
    action_id = select_code(window, "1.1.2")
    monkeypatch.setattr(structure_dialogs, "ask_texts", lambda *a, **k: ("Altro testo", ""))
    window.menu_actions["edit_node"].trigger()
    assert services.actions.get(action_id).text == "Altro testo"


def test_undo_of_a_move_after_a_change_elsewhere_is_refused(
    window: MainWindow, asked: list[str], shown: Shown
) -> None:
    moved = select_code(window, "1.1.1")
    window.menu_actions["move_down"].trigger()
    other = Services(open_database(window.workspace.db.path), EditContext("Altra finestra"))
    try:
        detail = other.actions.get(moved)
        other.actions.update(moved, detail.version, {"notes": "cambiata altrove"})
    finally:
        other.db.close()
    window.undo_stack.undo()
    assert codes(window)[moved] == "1.1.2"
    assert shown.items and "altr" in shown.texts()[-1].lower()


def test_ctrl_shift_down_in_the_tree_moves_the_action(
    shown_window: MainWindow, asked: list[str], qtbot: QtBot
) -> None:
    window = shown_window
    moved = select_code(window, "1.1.1")
    window.plan.select_action(moved)
    window.plan.tree.setFocus()
    qtbot.keyClick(
        window.plan.tree,
        Qt.Key.Key_Down,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert asked and codes(window)[moved] == "1.1.2"
    qtbot.keyClick(
        window.plan.tree,
        Qt.Key.Key_Up,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert codes(window)[moved] == "1.1.1"


def test_plan_data_edited_with_undo(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    services = window.workspace.services
    before = services.plan.plan()
    new = {
        "title": "Piano di prova",
        "issuer": before.issuer,
        "period": "2025-2027",
        "updated_on": dt.date(2025, 1, 31),
    }
    monkeypatch.setattr(structure_dialogs, "ask_plan_data", lambda *a, **k: dict(new))
    window.menu_actions["edit_plan"].trigger()
    after = services.plan.plan()
    assert (after.title, after.period, after.updated_on) == (
        "Piano di prova",
        "2025-2027",
        dt.date(2025, 1, 31),
    )
    assert window.undo_stack.undoText() == "Modifica i dati del piano"
    window.undo_stack.undo()
    assert services.plan.plan() == before


def test_plan_data_dialog_refuses_an_unreadable_date(qtbot: QtBot, shown: Shown) -> None:
    from psm_desktop.services.dto import PlanInfo

    info = PlanInfo(1, "PSM", "Piano", "Ente", "2024-2026", None, "x")
    dialog = structure_dialogs.PlanDataDialog(None, info)
    qtbot.addWidget(dialog)
    dialog.edits["updated_on"].setText("31/02/20")
    dialog.accept()
    assert shown.texts() and "gg/mm/aaaa" in shown.texts()[0]
    assert dialog.values == {}
    dialog.edits["updated_on"].setText("30/08/2024")
    dialog.accept()
    assert dialog.values["updated_on"] == dt.date(2024, 8, 30)
