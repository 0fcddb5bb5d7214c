"""The plan as a tree: axes -> strategies -> actions, with status colour and progress.

Built from `PlanService.tree()` (bulk loaded). Each node is a small Python object; the
model hands Qt a node's position through `createIndex(row, col, node_key)` where the key
is an int id into a dict, so no Python object lifetime games with internalPointer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from psm_desktop.services.dto import ActionRow, AxisInfo, AxisNode, StrategyInfo
from psm_desktop.ui.models.base import ROW_ROLE, rich_tooltip
from psm_desktop.ui.widgets.status_style import overdue_color_for, status_color_for

if TYPE_CHECKING:  # imported at the first drag: not on start-up's way
    from psm_desktop.ui.models.plan_tree_drop import DropTarget

KIND_ROLE = Qt.ItemDataRole.UserRole + 10  # "axis", "strategy" or "action"
COL_NAME, COL_PROGRESS = 0, 1
HEADERS = ("Piano", "Avanz.")

AnyIndex = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-psm-plan-node"  # the dragged node's key


@dataclass(eq=False, slots=True, weakref_slot=True)  # weakly referable: see its memory test
class Node:
    key: int
    kind: str
    obj: AxisInfo | StrategyInfo | ActionRow
    parent: Node | None
    row: int
    children: list[Node] = field(default_factory=list)
    progress: int = 0  # mean progress of the actions below (or the action's own)
    # A strategy's actions whose leaves are not made yet (PlanTreeModel._grown): None once
    # they are. Start-up shows the strategies, not their 10,000 actions.
    pending: list[ActionRow] | None = None


class PlanTreeModel(QAbstractItemModel):
    # A node dropped elsewhere (a DropTarget): the screen confirms and moves it. The model
    # itself never changes on a drop; it is reloaded after the move.
    move_requested = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._roots: list[Node] = []
        self._nodes: dict[int, Node] = {}
        self._action_nodes: dict[int, Node] = {}
        self._strategy_of: dict[int, Node] = {}  # action id -> its strategy's node
        self._next_key = 0

    # --- data in ------------------------------------------------------------------------

    def set_tree(self, tree: list[AxisNode]) -> None:
        self.beginResetModel()
        for old in self._nodes.values():  # parent <-> children: free them without the
            old.parent, old.children = None, []  # cyclic collector (10,000 nodes and more)
        self._roots, self._nodes, self._action_nodes = [], {}, {}
        self._strategy_of = strategy_of = {}
        for a_row, axis_node in enumerate(tree):
            axis = self._add("axis", axis_node.axis, None, a_row)
            self._roots.append(axis)
            axis_actions: list[ActionRow] = []
            for s_row, strategy_node in enumerate(axis_node.strategies):
                strategy = self._add("strategy", strategy_node.strategy, axis, s_row)
                axis.children.append(strategy)
                actions = strategy_node.actions
                strategy.pending = actions  # the leaves: when first needed (_grown)
                strategy_of.update(dict.fromkeys([action.id for action in actions], strategy))
                strategy.progress = _mean(actions)
                axis_actions.extend(actions)
            axis.progress = _mean(axis_actions)
        self._next_key = len(self._nodes)
        self.endResetModel()

    def _grown(self, node: Node) -> list[Node]:
        """The node's children, a strategy's leaves made now if not yet."""
        actions = node.pending
        if actions is not None:
            node.pending = None
            nodes, action_nodes, leaves = self._nodes, self._action_nodes, node.children
            key = self._next_key
            # Written out (a strategy may hold hundreds): positional, no call per node.
            for r_row, action in enumerate(actions):
                key += 1
                leaf = Node(key, "action", action, node, r_row, [], action.progress)
                nodes[key] = leaf
                leaves.append(leaf)
                action_nodes[action.id] = leaf
            self._next_key = key
        return node.children

    def _action_node(self, action_id: int) -> Node | None:
        node = self._action_nodes.get(action_id)
        if node is None and action_id in self._strategy_of:
            self._grown(self._strategy_of[action_id])
            node = self._action_nodes.get(action_id)
        return node

    def update_actions(self, rows: list[ActionRow]) -> None:
        """Refresh edited actions in place and the progress of their ancestors."""
        for row in rows:
            node = self._action_node(row.id)
            if node is None:
                continue
            node.obj = row
            node.progress = row.progress
            index = self.createIndex(node.row, 0, node.key)
            self.dataChanged.emit(index, index.siblingAtColumn(COL_PROGRESS))
            parent = node.parent
            while parent is not None:
                leaves = _leaves(parent)
                parent.progress = _mean(leaves)
                pindex = self.createIndex(parent.row, COL_PROGRESS, parent.key)
                self.dataChanged.emit(pindex, pindex)
                parent = parent.parent

    def _add(self, kind: str, obj: Any, parent: Node | None, row: int) -> Node:
        node = Node(key=len(self._nodes) + 1, kind=kind, obj=obj, parent=parent, row=row)
        self._nodes[node.key] = node
        return node

    # --- lookup -------------------------------------------------------------------------

    def node(self, index: AnyIndex) -> Node | None:
        return self._nodes.get(index.internalId()) if index.isValid() else None

    def index_of_action(self, action_id: int) -> QModelIndex:
        node = self._action_node(action_id)
        return self.createIndex(node.row, 0, node.key) if node else QModelIndex()

    def index_of_axis(self, number: int) -> QModelIndex:
        for node in self._roots:
            assert isinstance(node.obj, AxisInfo)
            if node.obj.number == number:
                return self.createIndex(node.row, 0, node.key)
        return QModelIndex()

    def scope_info(self, axis: int | None, strategy: str | None) -> AxisInfo | StrategyInfo | None:
        """The axis or strategy a table filter is restricted to (None: the whole plan)."""
        for node in self._roots:
            if strategy is None and isinstance(node.obj, AxisInfo) and node.obj.number == axis:
                return node.obj
            for child in node.children:
                if isinstance(child.obj, StrategyInfo) and child.obj.code == strategy:
                    return child.obj
        return None

    # --- QAbstractItemModel -------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        siblings = self._children(parent)
        if 0 <= row < len(siblings) and 0 <= column < len(HEADERS):
            return self.createIndex(row, column, siblings[row].key)
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent.key)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._roots)
        node = self.node(parent)
        if node is None or parent.column() != 0:
            return 0
        # Counted without making the leaves: the view asks for every strategy it shows.
        return len(node.pending) if node.pending is not None else len(node.children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        obj = node.obj
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_PROGRESS:
                return f"{node.progress}%"
            return _label(node)
        if role == ROW_ROLE:
            return obj
        if role == KIND_ROLE:
            return node.kind
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(node)
        if role == Qt.ItemDataRole.ForegroundRole and isinstance(obj, ActionRow):
            if column == COL_NAME:
                return status_color_for(obj.status)
            if obj.overdue:
                return overdue_color_for()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _plain_tooltip(node)
        return None

    # --- drag and drop ------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index) | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        node = next((self.node(i) for i in indexes if self.node(i) is not None), None)
        if node is not None:
            data.setData(MIME_TYPE, str(node.key).encode())
        return data

    def drop_target_for(self, data: QMimeData, row: int, parent: AnyIndex) -> DropTarget | None:
        if not data.hasFormat(MIME_TYPE):
            return None
        dragged = self._nodes.get(int(bytes(data.data(MIME_TYPE).data()).decode() or 0))
        if dragged is None:
            return None
        on = self.node(parent)
        if on is not None:
            self._grown(on)  # dropped on a strategy never opened: its actions count
        from psm_desktop.ui.models.plan_tree_drop import drop_target

        return drop_target(dragged, on, row, self._roots)  # type: ignore[arg-type]

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return self.drop_target_for(data, row, parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        target = self.drop_target_for(data, row, parent)
        if target is not None:
            # After the drop event ends: the move reloads this model.
            QTimer.singleShot(0, lambda: self.move_requested.emit(target))
        return False

    def _children(self, parent: AnyIndex) -> list[Node]:
        if not parent.isValid():
            return self._roots
        node = self.node(parent)
        return self._grown(node) if node else []


def _label(node: Node) -> str:
    obj = node.obj
    if isinstance(obj, AxisInfo):
        return f"Asse {obj.number} — {obj.title}"
    if isinstance(obj, StrategyInfo):
        return f"{obj.code} {obj.title}"
    mark = "● " if not obj.overdue else "⚠ "
    return f"{mark}{obj.code} {obj.title}"


def _tooltip_parts(node: Node) -> tuple[str, str]:
    """A heading and the whole text (titles are cut in the tree)."""
    obj = node.obj
    if isinstance(obj, ActionRow):
        late = " — in ritardo" if obj.overdue else ""
        return f"{obj.code} — {obj.status.label}, {obj.progress}%{late}", obj.text
    if isinstance(obj, AxisInfo):
        head = f"Asse {obj.number}: {obj.title} — avanzamento medio {node.progress}%"
    else:
        head = f"Strategia {obj.code}: {obj.title} — avanzamento medio {node.progress}%"
    return head, obj.description


def _tooltip(node: Node) -> str:
    return rich_tooltip(*_tooltip_parts(node))  # rich text: Qt wraps it


def _plain_tooltip(node: Node) -> str:
    """The same for screen readers, with no markup."""
    head, text = _tooltip_parts(node)
    return f"{head}\n{text}" if text else head


def _leaves(node: Node) -> list[ActionRow]:
    if node.kind == "action":
        assert isinstance(node.obj, ActionRow)
        return [node.obj]
    if node.pending is not None:
        return list(node.pending)
    result: list[ActionRow] = []
    for child in node.children:
        result.extend(_leaves(child))
    return result


def _mean(rows: list[ActionRow]) -> int:
    return round(sum(r.progress for r in rows) / len(rows)) if rows else 0
