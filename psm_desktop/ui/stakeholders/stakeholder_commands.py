"""Undoable edits of the stakeholder registry: create, edit, delete (forced or not).

Each command calls the services in redo() and undo(), then tells the panels through
DataEvents. `execute(stack)` does the first step and pushes the command only if the service
accepted it. A later failure (a stale write, a name taken meanwhile) is reported through
`CommandContext.report` and makes the command obsolete, so Qt drops it from the stack
instead of leaving an undo step that cannot work.

Undoing a delete re-creates the stakeholder with a *new* id (see stakeholder_snapshot).
Commands further down the stack still know it by the id they saw, so they all go through
one `StakeholderTracker`, which maps that first id to the current one and remembers the
last version written by these commands (so that a change made elsewhere is still caught).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from psm_desktop.errors import UserError
from psm_desktop.services import Services
from psm_desktop.services.dto import StakeholderInfo
from psm_desktop.services.stakeholder_snapshot import (
    StakeholderSnapshot,
    info_values,
    restore,
    take_snapshot,
)
from psm_desktop.ui.core.events import DataEvents


class StakeholderTracker:
    """First-seen id -> current id and last known version of each stakeholder we touched."""

    def __init__(self) -> None:
        self._current: dict[int, int] = {}
        self._original: dict[int, int] = {}
        self._version: dict[int, int] = {}

    def original(self, current_id: int) -> int:
        return self._original.get(current_id, current_id)

    def current(self, original_id: int) -> int:
        return self._current.get(original_id, original_id)

    def version(self, original_id: int, default: int | None = None) -> int | None:
        return self._version.get(original_id, default)

    def seen(self, original_id: int, info: StakeholderInfo) -> None:
        """`info` is the stakeholder known as `original_id`, as it is now in the database."""
        self._current[original_id] = info.id
        self._original[info.id] = original_id
        self._version[original_id] = info.version

    def gone(self, original_id: int) -> None:
        """Deleted: its id may be given to someone else, so forget who it was."""
        self._original.pop(self.current(original_id), None)
        self._version.pop(original_id, None)


@dataclass
class CommandContext:
    services: Services
    events: DataEvents
    report: Callable[[str], None]  # shows a message to the user (the view: a message box)
    tracker: StakeholderTracker = field(default_factory=StakeholderTracker)


class _StakeholderCommand(QUndoCommand):
    def __init__(self, ctx: CommandContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._touched_actions: list[int] = []
        self._touched_deadlines = False
        self._already_done = False

    def execute(self, stack: QUndoStack) -> bool:
        """Do it now and push it for undo only if the service accepted it (no ghost steps)."""
        if not self._run(self._do):
            return False
        self._already_done = True  # QUndoStack.push() calls redo(): it is done already
        stack.push(self)
        return True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        if not self._run(self._do):
            self.setObsolete(True)  # Qt drops an obsolete command after redo()/undo()

    def undo(self) -> None:
        if not self._run(self._undo):
            self.setObsolete(True)

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def _run(self, step: Callable[[], None]) -> bool:
        self._touched_actions, self._touched_deadlines = [], False
        try:
            step()
        except UserError as exc:
            self.ctx.report(exc.message)
            return False
        finally:
            self._notify()  # on failure too: the panels reload what is really there
        return True

    def _notify(self) -> None:
        events = self.ctx.events
        events.stakeholders_changed.emit()
        if self._touched_actions:
            events.actions_changed.emit(list(self._touched_actions))
        if self._touched_deadlines:
            events.deadlines_changed.emit()


class CreateStakeholderCommand(_StakeholderCommand):
    def __init__(self, ctx: CommandContext, values: Mapping[str, Any]) -> None:
        super().__init__(ctx, f"Nuovo soggetto «{values.get('name', '')}»")
        self._values = dict(values)
        self._original: int | None = None
        self.created: StakeholderInfo | None = None

    def _do(self) -> None:
        values = dict(self._values)
        info = self.ctx.services.stakeholders.create(values.pop("name"), **values)
        if self._original is None:
            self._original = info.id
        self.ctx.tracker.seen(self._original, info)
        self.created = info

    def _undo(self) -> None:
        assert self._original is not None
        tracker = self.ctx.tracker
        # Not forced: if it was assigned meanwhile (elsewhere), refuse rather than lose that.
        self.ctx.services.stakeholders.delete(
            tracker.current(self._original), tracker.version(self._original)
        )
        tracker.gone(self._original)


class EditStakeholderCommand(_StakeholderCommand):
    def __init__(
        self, ctx: CommandContext, stakeholder: StakeholderInfo, changes: Mapping[str, Any]
    ) -> None:
        super().__init__(ctx, f"Modifica soggetto «{stakeholder.name}»")
        self._original = ctx.tracker.original(stakeholder.id)
        self._first_version: int | None = stakeholder.version  # what the user edited
        before = info_values(stakeholder)
        self._new = dict(changes)
        self._old = {k: before[k] for k in changes}

    def _do(self) -> None:
        self._write(self._new)

    def _undo(self) -> None:
        self._write(self._old)

    def _write(self, values: dict[str, Any]) -> None:
        tracker = self.ctx.tracker
        expected = self._first_version or tracker.version(self._original)
        self._first_version = None
        services = self.ctx.services
        info = services.stakeholders.update(tracker.current(self._original), expected, values)
        tracker.seen(self._original, info)
        if "name" in values:  # its name shows on action rows (lead) and on deadlines
            self._touched_actions = [row.id for row, _ in services.stakeholders.actions_of(info.id)]
            self._touched_deadlines = True


class DeleteStakeholderCommand(_StakeholderCommand):
    """Delete; when `force`, its assignments and deadline responsibilities go too.

    Undo puts back the stakeholder, its assignments (same actions, same roles) and its
    name on the deadlines it was responsible for, in one transaction.
    """

    def __init__(self, ctx: CommandContext, stakeholder: StakeholderInfo, force: bool) -> None:
        super().__init__(ctx, f"Elimina soggetto «{stakeholder.name}»")
        self._original = ctx.tracker.original(stakeholder.id)
        self._first_version: int | None = stakeholder.version
        self._force = force
        self._snapshot: StakeholderSnapshot | None = None

    def _do(self) -> None:
        tracker, services = self.ctx.tracker, self.ctx.services
        current = tracker.current(self._original)
        expected = self._first_version or tracker.version(self._original)
        self._first_version = None
        # Taken again at every redo: what is there now is what undo must give back.
        snapshot = take_snapshot(services, current)
        services.stakeholders.delete(current, expected, force=self._force)
        tracker.gone(self._original)
        self._snapshot = snapshot
        self._touched_actions = snapshot.action_ids
        self._touched_deadlines = bool(snapshot.deadline_ids)

    def _undo(self) -> None:
        assert self._snapshot is not None
        result = restore(self.ctx.services, self._snapshot)
        self.ctx.tracker.seen(self._original, result.stakeholder)
        self._touched_actions = self._snapshot.action_ids
        self._touched_deadlines = bool(self._snapshot.deadline_ids)
        if result.skipped:
            self.ctx.report(
                f"Il soggetto «{result.stakeholder.name}» è stato ripristinato, ma non tutto: "
                + "; ".join(result.skipped)
            )
