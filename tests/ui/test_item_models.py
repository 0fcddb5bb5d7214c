"""The item models on plain rows, without any widget."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from psm_desktop.errors import UserError
from psm_desktop.model import Status
from psm_desktop.services import Services
from psm_desktop.services.dto import ActionRow, AxisInfo, AxisNode, StrategyInfo, StrategyNode
from psm_desktop.services.filters import ActionFilter
from psm_desktop.ui.models.action_table import (
    COL_CODE,
    COL_NEXT_DEADLINE,
    COL_OVERDUE,
    COL_PROGRESS,
    ActionProxyModel,
    ActionTableModel,
)
from psm_desktop.ui.models.base import ROW_ROLE
from psm_desktop.ui.models.plan_tree import COL_PROGRESS as TREE_PROGRESS
from psm_desktop.ui.models.plan_tree import PlanTreeModel

TODAY = dt.date(2025, 6, 1)


def row(
    i: int,
    code: str,
    status: Status = Status.IN_PROGRESS,
    progress: int = 0,
    overdue: bool = False,
    deadlines: tuple[dt.date, ...] = (),
    text: str = "",
) -> ActionRow:
    return ActionRow(
        id=i,
        code=code,
        text=text or f"azione {code}",
        short_title=None,
        axis_number=int(code[0]),
        strategy_code=code[:3],
        status=status,
        progress=progress,
        priority=None,
        start_date=None,
        end_date=None,
        lead=None,
        open_deadlines=deadlines,
        overdue=overdue,
        version=1,
        haystack=f"{code} {text}".casefold(),
    )


ROWS = [
    row(1, "1.1.1", progress=10, text="banda larga montagna"),
    row(2, "1.1.2", Status.COMPLETED, 100),
    row(3, "1.2.1", progress=40, overdue=True, deadlines=(dt.date(2025, 5, 1),)),
    row(4, "2.1.10", progress=50, deadlines=(dt.date(2025, 6, 10),)),
    row(5, "2.1.2", Status.NOT_STARTED),
]


def test_proxy_filters_with_matches(qtbot: QtBot) -> None:
    model = ActionTableModel()
    model.set_rows(ROWS)
    proxy = ActionProxyModel()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 5

    def ids() -> list[int]:
        return [proxy.index(r, 0).data(ROW_ROLE).id for r in range(proxy.rowCount())]

    proxy.set_action_filter(ActionFilter(text="MONTAGNA banda"), TODAY)
    assert ids() == [1]
    proxy.set_action_filter(ActionFilter(statuses=frozenset({Status.COMPLETED})), TODAY)
    assert ids() == [2]
    proxy.set_action_filter(ActionFilter(overdue_only=True), TODAY)
    assert ids() == [3]
    proxy.set_action_filter(ActionFilter(deadline_within_days=30), TODAY)
    assert ids() == [4]
    proxy.set_action_filter(ActionFilter(axis=2), TODAY)
    assert ids() == [4, 5]
    proxy.set_action_filter(ActionFilter(), TODAY)
    assert ids() == [1, 2, 3, 4, 5]


class _Unreadable:
    """Start-up's late filter fields when the file cannot be read just now."""

    def fill(self, row: ActionRow, name: str) -> None:
        raise UserError("Il piano non si può leggere in questo momento (il file è occupato).")


def test_a_filter_that_cannot_read_its_fields_leaves_the_view_as_it_was(qtbot: QtBot) -> None:
    import dataclasses

    model = ActionTableModel()
    late = [dataclasses.replace(r, lazy=_Unreadable()) for r in ROWS]
    for r in late:  # as start-up leaves them: the filters' ids to read when first asked for
        object.__delattr__(r, "stakeholder_ids")
    model.set_rows(late)
    proxy = ActionProxyModel()
    proxy.setSourceModel(model)
    proxy.set_action_filter(ActionFilter(axis=2), TODAY)
    assert proxy.rowCount() == 2
    with pytest.raises(UserError):
        proxy.set_action_filter(ActionFilter(stakeholder_id=7), TODAY)
    assert proxy.action_filter == ActionFilter(axis=2) and proxy.rowCount() == 2
    assert [proxy.index(r, 0).data(ROW_ROLE).id for r in range(2)] == [4, 5]


def test_columns_and_sorting(qtbot: QtBot) -> None:
    model = ActionTableModel()
    model.set_rows(ROWS)
    proxy = ActionProxyModel()
    proxy.setSourceModel(model)
    assert model.index(2, COL_OVERDUE).data() == "⚠ In ritardo"
    assert model.index(1, COL_OVERDUE).data() == ""
    assert model.index(3, COL_NEXT_DEADLINE).data() == "10/06/2025"
    assert model.index(0, COL_PROGRESS).data() == "10%"
    assert model.index(2, COL_OVERDUE).data(Qt.ItemDataRole.ForegroundRole) is not None
    proxy.sort(COL_CODE, Qt.SortOrder.DescendingOrder)  # numeric: 2.1.10 after 2.1.2
    assert [proxy.index(r, 0).data() for r in range(5)][:2] == ["2.1.10", "2.1.2"]
    proxy.set_action_filter(ActionFilter(axis=1), TODAY)
    proxy.sort(COL_PROGRESS, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == [
        "1.1.1",
        "1.2.1",
        "1.1.2",
    ]
    model.update_rows([row(1, "1.1.1", progress=90)])
    assert proxy.index(0, 0).data() == "1.1.1"
    assert proxy.index(0, COL_PROGRESS).data() == "90%"


def _small_tree() -> list[AxisNode]:
    """One axis, two strategies: 1.1 with actions 1 and 2, 1.2 with action 3."""
    axis = AxisInfo(id=1, number=1, title="Produttiva", description="")
    s1 = StrategyInfo(id=1, axis_number=1, code="1.1", title="Digitale", description="")
    s2 = StrategyInfo(id=2, axis_number=1, code="1.2", title="Imprese", description="")
    return [AxisNode(axis, [StrategyNode(s1, ROWS[:2]), StrategyNode(s2, [ROWS[2]])])]


def test_plan_tree_model(qtbot: QtBot) -> None:
    tree = _small_tree()
    model = PlanTreeModel()
    model.set_tree(tree)
    root = QModelIndex()
    assert model.rowCount(root) == 1
    a = model.index(0, 0, root)
    assert model.data(a) == "Asse 1 — Produttiva"
    assert model.index(0, TREE_PROGRESS, root).data() == "50%"  # (10 + 100 + 40) / 3
    s = model.index(0, 0, a)
    assert model.rowCount(s) == 2 and model.parent(s) == a
    leaf = model.index(1, 0, s)
    assert "1.1.2" in leaf.data() and model.parent(leaf) == s
    assert leaf.data(ROW_ROLE).id == 2
    assert leaf.data(Qt.ItemDataRole.ForegroundRole) is not None  # status colour
    late = model.index_of_action(3)
    assert late.data().startswith("⚠")
    model.update_actions([row(1, "1.1.1", progress=70)])
    assert model.index(0, TREE_PROGRESS, root).data() == "70%"  # (70 + 100 + 40) / 3


def test_tree_from_services_has_every_action(services: Services, qtbot: QtBot) -> None:
    model = PlanTreeModel()
    model.set_tree(services.plan.tree())
    total = sum(
        model.rowCount(model.index(s, 0, model.index(a, 0)))
        for a in range(model.rowCount())
        for s in range(model.rowCount(model.index(a, 0)))
    )
    assert total == len(services.actions.list_actions())


def test_the_tree_makes_a_strategys_leaves_when_first_needed(qtbot: QtBot) -> None:
    """Start-up shows axes and strategies: the actions' nodes (10,000 in the demo) are made
    strategy by strategy, when the view opens one or a lookup, an edit or a drop needs it."""
    from PySide6.QtCore import QMimeData

    from psm_desktop.ui.models.plan_tree import MIME_TYPE

    tree = _small_tree()
    model = PlanTreeModel()
    model.set_tree(tree)
    a = model.index(0, 0)
    first, second = model.index(0, 0, a), model.index(1, 0, a)
    assert model.rowCount(first) == 2 and model.hasChildren(second)  # counted, not made
    assert model._action_nodes == {}
    # A lookup makes that strategy's leaves only.
    late = model.index_of_action(3)
    assert late.isValid() and model.parent(late) == second and late.data(ROW_ROLE).id == 3
    assert set(model._action_nodes) == {3}
    # An edit of an action not shown yet updates its strategy's and axis's progress.
    model.update_actions([row(2, "1.1.2", Status.COMPLETED, 40)])
    assert model.index(0, TREE_PROGRESS, a).data() == "25%"  # (10 + 40) / 2
    assert model.index(0, TREE_PROGRESS).data() == "30%"  # (10 + 40 + 40) / 3
    # Opening the strategy: its leaves, in order, keys unique across the tree.
    leaves = [model.index(r, 0, first) for r in range(model.rowCount(first))]
    assert [leaf.data(ROW_ROLE).id for leaf in leaves] == [1, 2]
    keys = [i.internalId() for i in (a, first, second, late, *leaves)]
    assert len(set(keys)) == len(keys)
    # Dropped on a strategy never opened, an action goes last in it.
    model.set_tree(tree)
    moved = model.index_of_action(1)
    data = QMimeData()
    data.setData(MIME_TYPE, str(moved.internalId()).encode())
    target = model.drop_target_for(data, -1, model.index(1, 0, model.index(0, 0)))
    assert target is not None and (target.parent_id, target.position) == (2, 2)
