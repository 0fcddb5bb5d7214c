"""The open database as the window sees it: services, events, undo stack, known versions.

Every edit goes through `EditSession.execute(command)`: the command's service call runs
first; only if it succeeds is the command pushed on the undo stack (so a refused edit
never leaves a ghost entry). The versions this window last saw of each record are kept
here and sent as `expected_version`, so a record changed by another window or program
is never overwritten silently: the service raises StaleWriteError instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from psm_desktop.errors import UserError
from psm_desktop.services import Services
from psm_desktop.services.code_changes import ACTION, CodeChange
from psm_desktop.services.dto import ActionDetail, AssignmentInfo, DeadlineInfo
from psm_desktop.storage.access import Access
from psm_desktop.ui.core import messages
from psm_desktop.ui.core.events import DataEvents


class EditSession:
    def __init__(
        self,
        services: Services,
        events: DataEvents,
        undo_stack: QUndoStack,
        dialog_parent: Callable[[], QWidget | None] = lambda: None,
    ) -> None:
        self.services = services
        self.events = events
        self.undo_stack = undo_stack
        self._dialog_parent = dialog_parent
        self._versions: dict[tuple[str, int], int] = {}
        self.last_error: UserError | None = None  # why the last execute() was refused
        self.watch = LogWatch(services)
        # What this user may change (a server's role and office); a file: everything.
        self.access = Access(role=None, read_only=False, editable_actions=None)

    # --- versions this window has seen --------------------------------------------------

    def note_action(self, detail: ActionDetail) -> None:
        self._versions[("action", detail.id)] = detail.version
        for assignment in detail.assignments:
            self.note_assignment(assignment)
        for deadline in detail.deadlines:
            self.note_deadline(deadline)

    def note_assignment(self, info: AssignmentInfo) -> None:
        self._versions[("assignment", info.id)] = info.version

    def note_deadline(self, info: DeadlineInfo) -> None:
        self._versions[("deadline", info.id)] = info.version

    def note_version(self, kind: str, record_id: int, version: int) -> None:
        self._versions[(kind, record_id)] = version

    def version(self, kind: str, record_id: int) -> int | None:
        return self._versions.get((kind, record_id))

    def note_renumbering(self, changes: Iterable[CodeChange]) -> None:
        """This window's structural edit renumbered these rows (bumping their versions):
        a version known just before it stays current, so a later edit or undo of them is
        not refused as made elsewhere. A version already older stays as it was."""
        for change in changes:
            kinds = (change.entity, "action") if change.entity == ACTION else (change.entity,)
            for kind in kinds:
                if self._versions.get((kind, change.entity_id)) == change.version - 1:
                    self._versions[(kind, change.entity_id)] = change.version

    # --- running edits ------------------------------------------------------------------

    def execute(self, command: ServiceCommand) -> bool:
        """Apply the command now; push it for undo only if the service accepted it."""
        self.last_error = None
        try:
            command.apply()
        except UserError as error:
            self.last_error = error
            self.report(error, command.action_id)
            return False
        command.mark_applied()
        self.undo_stack.push(command)
        return True

    def report(self, error: UserError, action_id: int | None) -> None:
        """Show the problem, then make every panel reload what it shows of the action."""
        messages.user_error(self._dialog_parent(), error)
        if action_id is not None:
            self.events.actions_changed.emit([action_id])


class LogWatch:
    """Notices changes that did not go through this window's undo stack (another window or
    program, a command line import) by the change log's newest id: the window refreshes
    it whenever its stack moves, and asks before an undo whether it moved meanwhile."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._seen = self._read()

    def _read(self) -> int | None:
        try:
            return self._services.history.last_id()
        except UserError:  # locked just now: the undo itself will say so
            return None

    def refresh(self) -> None:
        self._seen = self._read()

    def moved(self) -> bool:
        now = self._read()
        return now is not None and self._seen is not None and now != self._seen


class ServiceCommand(QUndoCommand):
    """An undoable edit: `apply()` and `revert()` each call a service in one transaction."""

    def __init__(self, session: EditSession, text: str, action_id: int | None) -> None:
        super().__init__(text)
        self.session = session
        self.action_id = action_id
        self._skip_next_redo = False

    @property
    def services(self) -> Services:
        return self.session.services

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def notify(self) -> None:
        """Tell the panels what changed (after apply and revert)."""
        if self.action_id is not None:
            self.session.events.actions_changed.emit([self.action_id])

    def mark_applied(self) -> None:
        self.notify()
        self._skip_next_redo = True  # QUndoStack.push() calls redo(): it is already done

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, step: Callable[[], None]) -> None:
        try:
            step()
        except UserError as error:
            # The record changed elsewhere (or vanished): this step cannot be replayed.
            # An obsolete command is dropped from the stack by Qt after undo()/redo().
            self.setObsolete(True)
            self.session.report(error, self.action_id)
            return
        self.notify()
