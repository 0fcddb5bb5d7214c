"""Edits of the plan's structure as QUndoCommands: create, move, delete axes, strategies, actions.

Apply and revert both call StructureService: undo of a move moves back, undo of a delete
restores the snapshot the delete returned (same ids, codes, assignments, deadlines), undo
of a create deletes it and redo restores it with the same id. Each command keeps the
version it last wrote, so undo after someone else's change is refused (StaleWriteError).
After every step the panels reload the whole plan: codes and positions changed (after a
move only the renumbered rows change, and the plan screen updates them in place).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psm_desktop.services.code_changes import ACTION, AXIS, STRATEGY, CodeChange
from psm_desktop.services.structure_restore import Removed
from psm_desktop.services.structure_service import NodeInfo, StructureResult, StructureService
from psm_desktop.ui.core.session import EditSession, ServiceCommand

ARTICLE = {AXIS: "l'asse", STRATEGY: "la strategia", ACTION: "l'azione"}


class StructureCommand(ServiceCommand):
    def __init__(self, session: EditSession, text: str, node: NodeInfo | None) -> None:
        super().__init__(session, text, None)
        self.node = node
        self.changes: tuple[CodeChange, ...] = ()  # what the last step renumbered

    @property
    def structure(self) -> StructureService:
        return self.services.structure

    def _version(self) -> int | None:
        assert self.node is not None
        return self.session.version(self.node.kind, self.node.id) or self.node.version

    def _noted(self, result: StructureResult) -> StructureResult:
        if result.node is not None:
            self.node = result.node
            self.session.note_version(result.node.kind, result.node.id, result.node.version)
        self.session.note_renumbering(result.code_changes)
        self.changes = result.code_changes
        return result

    def notify(self) -> None:
        self.session.events.everything_changed()

    def _delete(self) -> Removed:
        node = self.node
        assert node is not None
        if node.kind == AXIS:
            result = self.structure.delete_axis(node.id, self._version(), with_contents=True)
        elif node.kind == STRATEGY:
            result = self.structure.delete_strategy(node.id, self._version(), with_actions=True)
        else:
            result = self.structure.delete_action(node.id, self._version(), confirmed=True)
        assert result.removed is not None
        return result.removed


class CreateNodeCommand(StructureCommand):
    """A new axis, strategy or action; undo deletes it, redo puts the same one back."""

    def __init__(
        self,
        session: EditSession,
        kind: str,
        parent_id: int | None,
        title: str,
        description: str = "",
        position: int | None = None,
    ) -> None:
        name = {AXIS: "asse", STRATEGY: "strategia", ACTION: "azione"}[kind]
        super().__init__(session, f"Nuova {name}" if kind != AXIS else "Nuovo asse", None)
        self.kind, self.parent_id, self.position = kind, parent_id, position
        self.title, self.description = title, description
        self.removed: Removed | None = None

    def apply(self) -> None:
        if self.removed is not None:
            self._noted(self.structure.restore(self.removed))
            return
        if self.kind == AXIS:
            result = self.structure.create_axis(self.title, self.description, self.position)
        elif self.kind == STRATEGY:
            assert self.parent_id is not None
            result = self.structure.create_strategy(
                self.parent_id, self.title, self.description, self.position
            )
        else:
            assert self.parent_id is not None
            result = self.structure.create_action(
                self.parent_id, self.title, self.position, self.description or None
            )
        self._noted(result)
        assert self.node is not None
        self.setText(f"{self.text()} {self.node.code}")

    def revert(self) -> None:
        self.removed = self._delete()


class MoveNodeCommand(StructureCommand):
    """Move to `position` of parent `parent_id` (an axis: to number `position`)."""

    def __init__(
        self, session: EditSession, node: NodeInfo, parent_id: int | None, position: int
    ) -> None:
        super().__init__(session, f"Sposta {ARTICLE[node.kind]} {node.code}", node)
        self.old = (node.parent_id, node.position)
        self.new = (parent_id, position)

    def _move(self, parent_id: int | None, position: int) -> None:
        node = self.node
        assert node is not None
        if node.kind == AXIS:
            result = self.structure.move_axis(node.id, self._version(), position)
        elif node.kind == STRATEGY:
            assert parent_id is not None
            result = self.structure.move_strategy(node.id, self._version(), parent_id, position)
        else:
            assert parent_id is not None
            result = self.structure.move_action(node.id, self._version(), parent_id, position)
        self._noted(result)

    def apply(self) -> None:
        self._move(*self.new)

    def revert(self) -> None:
        self._move(*self.old)

    def notify(self) -> None:
        # Only codes and order changed: the panels need not read the whole plan again.
        self.session.events.structure_changed.emit(self.changes)


class DeleteNodeCommand(StructureCommand):
    """Delete with everything that goes with it; undo restores it all (same ids and codes)."""

    def __init__(self, session: EditSession, node: NodeInfo) -> None:
        super().__init__(session, f"Elimina {ARTICLE[node.kind]} {node.code}", node)
        self.removed: Removed | None = None

    def apply(self) -> None:
        self.removed = self._delete()

    def revert(self) -> None:
        assert self.removed is not None
        self._noted(self.structure.restore(self.removed))


class EditNodeCommand(StructureCommand):
    """Title and description of an axis or a strategy (an action: EditActionCommand)."""

    def __init__(
        self, session: EditSession, node: NodeInfo, old: dict[str, str], new: dict[str, str]
    ) -> None:
        super().__init__(session, f"Modifica {ARTICLE[node.kind]} {node.code}", node)
        self.old, self.new = old, new

    def _write(self, values: dict[str, str]) -> None:
        node = self.node
        assert node is not None
        update = self.structure.update_axis if node.kind == AXIS else self.structure.update_strategy
        fresh = update(node.id, self._version(), values)
        self._noted(StructureResult(fresh))

    def apply(self) -> None:
        self._write(self.new)

    def revert(self) -> None:
        self._write(self.old)


class ReplaceCommand(ServiceCommand):
    """Data written as a whole (the plan's data, the axis links): `write(expected, new)`.

    Each step expects what the other one wrote, so a change made elsewhere in between is
    refused instead of overwritten.
    """

    def __init__(
        self,
        session: EditSession,
        text: str,
        write: Callable[[Any, Any], object],
        old: Any,
        new: Any,
    ) -> None:
        super().__init__(session, text, None)
        self.write, self.old, self.new = write, old, new

    def apply(self) -> None:
        self.write(self.old, self.new)

    def revert(self) -> None:
        self.write(self.new, self.old)

    def notify(self) -> None:
        self.session.events.everything_changed()


def edit_plan_command(
    session: EditSession, old: dict[str, Any], new: dict[str, Any]
) -> ReplaceCommand:
    return ReplaceCommand(
        session, "Modifica i dati del piano", session.services.structure.update_plan, old, new
    )


def axis_links_command(
    session: EditSession, old: dict[tuple[int, int], str], new: dict[tuple[int, int], str]
) -> ReplaceCommand:
    return ReplaceCommand(
        session,
        "Modifica i collegamenti tra gli assi",
        session.services.axis_links.set_links,
        old,
        new,
    )
