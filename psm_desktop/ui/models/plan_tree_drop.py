"""Where a node dropped in the plan tree goes: its new parent and position, or nowhere.

An action goes into a strategy, a strategy into an axis, an axis among the axes. Dropped
on an item of its own kind it takes that item's place; dropped on a parent it goes last;
dropped between two items it goes there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from psm_desktop.services.code_changes import ACTION, AXIS, STRATEGY

SERVICE_KIND = {"axis": AXIS, "strategy": STRATEGY, "action": ACTION}
PARENT_KIND = {"action": "strategy", "strategy": "axis", "axis": None}


class HasId(Protocol):
    @property
    def id(self) -> int: ...


class TreeNode(Protocol):
    kind: str
    row: int
    children: list[TreeNode]

    @property
    def parent(self) -> TreeNode | None: ...

    @property
    def obj(self) -> HasId: ...


@dataclass(frozen=True, slots=True)
class DropTarget:
    kind: str  # "asse", "strategia", "azione"
    entity_id: int
    parent_id: int  # the new axis or strategy (0 for an axis)
    position: int  # 1 = first


def drop_target(
    dragged: TreeNode, on: TreeNode | None, row: int, roots: list[TreeNode]
) -> DropTarget | None:
    """`on` is the item under the drop (None: the empty area), `row` Qt's row (-1: on it)."""
    if row < 0 and on is not None and on.kind == dragged.kind:
        container, position = on.parent, on.row + 1  # take its place
    else:
        container, position = on, row + 1 if row >= 0 else 0
        if container is not None and container.kind != PARENT_KIND[dragged.kind]:
            return None
        if container is None and dragged.kind != "axis":
            return None
        siblings = container.children if container is not None else roots
        same = dragged.parent is container
        if position == 0:  # on the parent itself: last
            position = len(siblings) if same else len(siblings) + 1
        elif same and dragged.row + 1 < position:
            position -= 1  # its own place is freed above the drop line
    if container is not dragged.parent and dragged.kind == "axis":
        return None
    if container is dragged.parent and position == dragged.row + 1:
        return None  # where it already is
    parent_id = 0 if container is None else int(container.obj.id)
    return DropTarget(SERVICE_KIND[dragged.kind], int(dragged.obj.id), parent_id, position)
