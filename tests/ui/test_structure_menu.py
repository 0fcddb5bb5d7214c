"""The Struttura menu through the real window: create, edit, move, delete, and their undo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from psm_desktop.services import EditContext, Services
from psm_desktop.services.dto import AxisInfo, StrategyInfo
from psm_desktop.storage import open_database
from psm_desktop.ui.core import messages
from psm_desktop.ui.plan import structure_dialogs
from psm_desktop.ui.window.main_window import MainWindow
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
    # The moved action heads the renumbering, its siblings follow.
    assert asked[0].split("Cambiano questi codici:\n")[1].startswith("azione 1.1.1 → 1.2.")
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


def test_a_renumbering_by_this_window_is_not_a_change_elsewhere(
    window: MainWindow, asked: list[str], shown: Shown
) -> None:
    """Moving a strategy renumbers (and so re-versions) its actions: a later move of one
    of them, by the same window, must not be refused as changed by someone else."""
    moved = select_code(window, "1.1.1")
    window.menu_actions["move_down"].trigger()
    window.undo_stack.undo()
    choose_in_tree(window, "1.1")
    window.menu_actions["move_down"].trigger()  # 1.1.1 becomes 1.2.1
    assert codes(window)[moved] == "1.2.1"
    window.undo_stack.undo()
    assert codes(window)[moved] == "1.1.1"
    select_code(window, "1.1.1")
    window.menu_actions["move_down"].trigger()
    assert shown.texts() == []
    assert codes(window)[moved] == "1.1.2"
    window.undo_stack.undo()
    assert shown.texts() == [] and codes(window)[moved] == "1.1.1"


def test_after_a_move_the_plan_shows_what_a_fresh_read_gives_without_one(
    window: MainWindow, asked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moves update the rows shown in place (codes, order, versions): the same rows as a
    full read, which is not made (it costs a second at 17,000 actions)."""
    plan, services = window.plan, window.workspace.services

    def fresh_read() -> None:
        raise AssertionError("the whole plan was read again")

    monkeypatch.setattr(plan, "load", fresh_read)
    monkeypatch.setattr(
        structure_dialogs,
        "ask_choice",
        lambda _p, _c, _l, items: next(i for i, t in enumerate(items) if t.startswith("Asse 2 ")),
    )

    def same_as_stored() -> None:
        stored = services.actions.list_actions()
        assert plan.table_model.rows() == stored
        assert tree_codes(window) == {r.id: r.code for r in stored}
        model = plan.tree_model
        axes = [model.index(i, 0) for i in range(model.rowCount())]
        assert [model.node(a).obj for a in axes] == services.plan.axes()  # type: ignore[union-attr]
        strategies = [model.index(i, 0, a) for a in axes for i in range(model.rowCount(a))]
        assert [model.node(s).obj for s in strategies] == services.plan.strategies()  # type: ignore[union-attr]

    moved = select_code(window, "1.1.1")
    window.menu_actions["move_down"].trigger()
    assert codes(window)[moved] == "1.1.2"
    same_as_stored()
    assert window.plan.editor.action_id == moved
    choose_in_tree(window, "1.1")
    window.menu_actions["move_to"].trigger()  # strategy 1.1 becomes 2.1, 1.2 becomes 1.1
    assert codes(window)[moved] == "2.1.2"
    same_as_stored()
    window.undo_stack.undo()
    same_as_stored()
    window.undo_stack.undo()
    assert codes(window)[moved] == "1.1.1"
    same_as_stored()


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


def tree_index(win: MainWindow, code: str) -> QModelIndex:
    model = win.plan.tree_model
    found: list[QModelIndex] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            obj = model.node(index).obj  # type: ignore[union-attr]
            shown = str(obj.number) if isinstance(obj, AxisInfo) else obj.code  # type: ignore[union-attr]
            if shown == code:
                found.append(index)
            walk(index)

    walk(QModelIndex())
    return found[0]


def drop(win: MainWindow, code: str, row: int, on: str | None) -> bool:
    """Drop the item `code` at `row` of `on` (-1: on the item itself), as the view does."""
    model = win.plan.tree_model
    data = model.mimeData([tree_index(win, code)])
    parent = tree_index(win, on) if on else QModelIndex()
    move = Qt.DropAction.MoveAction
    if not model.canDropMimeData(data, move, row, 0, parent):
        return False
    assert model.dropMimeData(data, move, row, 0, parent) is False  # the view removes nothing
    return True


def test_drag_and_drop_moves_after_confirming_and_undo_puts_back(
    window: MainWindow, asked: list[str], qtbot: QtBot
) -> None:
    before = codes(window)
    moved = next(i for i, c in before.items() if c == "1.1.1")
    assert not drop(window, "1.1.1", -1, "1")  # an action is not put straight in an axis
    assert not drop(window, "1.2", 0, "1.3")  # nor a strategy in a strategy
    assert not drop(window, "1.1.1", 0, "1.1")  # already first there
    assert drop(window, "1.1.1", 1, "1.3")  # between 1.3.1 and 1.3.2
    qtbot.waitUntil(lambda: codes(window)[moved] == "1.3.2")
    assert "Spostare l'azione 1.1.1 in 1.3.2?" in asked[0]
    assert tree_codes(window)[moved] == "1.3.2"
    window.undo_stack.undo()
    assert codes(window) == before
    assert drop(window, "1.1.1", -1, "1.1.3")  # on a sibling: takes its place
    qtbot.waitUntil(lambda: codes(window)[moved] == "1.1.3")
    assert drop(window, "1.1.3", 0, "1.1")  # between: back to the top
    qtbot.waitUntil(lambda: codes(window)[moved] == "1.1.1")


def test_drop_a_strategy_on_another_axis_and_reorder_axes(
    window: MainWindow, asked: list[str], qtbot: QtBot
) -> None:
    services = window.workspace.services
    strategy = next(s for s in services.plan.strategies() if s.code == "1.5")
    assert drop(window, "1.5", -1, "3")  # on an axis: last there
    qtbot.waitUntil(
        lambda: next(s for s in services.plan.strategies() if s.id == strategy.id).code == "3.1"
    )
    axis = next(a for a in services.plan.axes() if a.number == 6)
    assert drop(window, "6", 0, None)  # before the first axis
    qtbot.waitUntil(lambda: next(a for a in services.plan.axes() if a.id == axis.id).number == 1)


def test_axis_links_matrix_ticks_and_notes_with_undo(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    from psm_desktop.ui.plan import axis_links_dialog

    services = window.workspace.services
    ids = {a.number: a.id for a in services.plan.axes()}
    before = services.axis_links.links()

    def tick(_p: object, axes: list[AxisInfo], links: dict[tuple[int, int], str]) -> object:
        dialog = axis_links_dialog.AxisLinksDialog(None, axes, links)
        qtbot.addWidget(dialog)
        assert dialog.table.rowCount() == dialog.table.columnCount() == 6
        assert not dialog.cells[(0, 0)].flags() & Qt.ItemFlag.ItemIsUserCheckable
        cell = dialog.cells[(1, 4)]  # Asse 2 → Asse 5
        cell.setCheckState(Qt.CheckState.Checked)
        cell.setText("  mobilità e attrattività ")
        return dialog.links()

    monkeypatch.setattr(axis_links_dialog, "ask_axis_links", tick)
    window.menu_actions["axis_links"].trigger()
    after = services.axis_links.links()
    assert after == dict(before) | {(ids[2], ids[5]): "mobilità e attrattività"}
    assert 5 in next(a for a in services.plan.axes() if a.number == 2).linked_axes
    window.undo_stack.undo()
    assert services.axis_links.links() == before
