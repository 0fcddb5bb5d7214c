"""The plan tree lets go of its old nodes at once when it is rebuilt (after every move)."""

from __future__ import annotations

import gc
import weakref

from pytestqt.qtbot import QtBot

from psm_desktop.services.dto import AxisInfo, AxisNode, StrategyInfo, StrategyNode
from psm_desktop.ui.models.plan_tree import PlanTreeModel
from tests.ui.test_item_models import ROWS


def test_old_nodes_are_freed_without_the_cyclic_collector(qtbot: QtBot) -> None:
    """Parents and children point at each other: left so, 10,000 old nodes would wait for
    the cyclic collector, whose pauses the user feels (and which start-up sets aside)."""
    axis = AxisInfo(id=1, number=1, title="Produttiva", description="")
    strategy = StrategyInfo(id=1, axis_number=1, code="1.1", title="Digitale", description="")
    tree = [AxisNode(axis, [StrategyNode(strategy, ROWS[:2])])]
    model = PlanTreeModel()
    model.set_tree(tree)
    old = weakref.ref(model.node(model.index(0, 0)))  # type: ignore[arg-type]
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        model.set_tree(tree)
        assert old() is None
    finally:
        if was_enabled:
            gc.enable()
