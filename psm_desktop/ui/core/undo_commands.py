"""Every edit of the plan as a QUndoCommand: apply and revert both call a service.

Commands carry the values, never widgets. Versions come from the EditSession, which
records what this window last saw, so undo after someone else's change is refused
(StaleWriteError) instead of overwriting it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from psm_desktop.model import Role
from psm_desktop.services.dto import AssignmentInfo, DeadlineInfo
from psm_desktop.services.validation import ACTION_FIELD_LABELS
from psm_desktop.ui.core.session import EditSession, ServiceCommand

DEADLINE_FIELDS = ("title", "due_date", "completed_on", "stakeholder_id", "notes")


class EditActionCommand(ServiceCommand):
    """Change one or more fields of an action (status, dates, notes, sectors...)."""

    def __init__(
        self,
        session: EditSession,
        action_id: int,
        code: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
    ) -> None:
        names = ", ".join(ACTION_FIELD_LABELS.get(f, f) for f in new)
        super().__init__(session, f"Modifica {names} dell'azione {code}", action_id)
        self.old = dict(old)
        self.new = dict(new)

    def _write(self, values: dict[str, Any]) -> None:
        assert self.action_id is not None
        detail = self.services.actions.update(
            self.action_id, self.session.version("action", self.action_id), values
        )
        self.session.note_action(detail)

    def apply(self) -> None:
        self._write(self.new)

    def revert(self) -> None:
        self._write(self.old)


class AssignCommand(ServiceCommand):
    def __init__(
        self,
        session: EditSession,
        action_id: int,
        code: str,
        stakeholder_id: int,
        name: str,
        role: Role,
    ) -> None:
        super().__init__(session, f"Assegna «{name}» all'azione {code}", action_id)
        self.stakeholder_id = stakeholder_id
        self.role = role
        self.assignment_id: int | None = None

    def apply(self) -> None:
        assert self.action_id is not None
        info = self.services.assignments.assign(self.action_id, self.stakeholder_id, self.role)
        self.session.note_assignment(info)
        self.assignment_id = info.id

    def revert(self) -> None:
        assert self.assignment_id is not None
        self.services.assignments.unassign(
            self.assignment_id, self.session.version("assignment", self.assignment_id)
        )

    def notify(self) -> None:
        super().notify()
        self.session.events.stakeholders_changed.emit()


class UnassignCommand(ServiceCommand):
    def __init__(self, session: EditSession, assignment: AssignmentInfo) -> None:
        super().__init__(
            session,
            f"Rimuovi «{assignment.stakeholder_name}» dall'azione {assignment.action_code}",
            assignment.action_id,
        )
        self.assignment_id = assignment.id
        self.stakeholder_id = assignment.stakeholder_id
        self.role = assignment.role

    def apply(self) -> None:
        self.services.assignments.unassign(
            self.assignment_id, self.session.version("assignment", self.assignment_id)
        )

    def revert(self) -> None:
        assert self.action_id is not None
        info = self.services.assignments.assign(self.action_id, self.stakeholder_id, self.role)
        self.session.note_assignment(info)
        self.assignment_id = info.id  # a new row: redo must remove this one

    def notify(self) -> None:
        super().notify()
        self.session.events.stakeholders_changed.emit()


class ChangeRoleCommand(ServiceCommand):
    def __init__(self, session: EditSession, assignment: AssignmentInfo, role: Role) -> None:
        super().__init__(
            session,
            f"Ruolo di «{assignment.stakeholder_name}» nell'azione {assignment.action_code}: "
            f"{role.label}",
            assignment.action_id,
        )
        self.assignment_id = assignment.id
        self.old = assignment.role
        self.new = role

    def _write(self, role: Role) -> None:
        info = self.services.assignments.change_role(
            self.assignment_id, self.session.version("assignment", self.assignment_id), role
        )
        self.session.note_assignment(info)

    def apply(self) -> None:
        self._write(self.new)

    def revert(self) -> None:
        self._write(self.old)


def _deadline_values(info: DeadlineInfo) -> dict[str, Any]:
    return {
        "title": info.title,
        "due_date": info.due_date,
        "completed_on": info.completed_on,
        "stakeholder_id": info.stakeholder_id,
        "notes": info.notes,
    }


class _DeadlineCommand(ServiceCommand):
    def notify(self) -> None:
        super().notify()
        self.session.events.deadlines_changed.emit()

    def _add(self, values: Mapping[str, Any]) -> int:
        assert self.action_id is not None
        info = self.services.deadlines.add(
            self.action_id,
            values["title"],
            values["due_date"],
            stakeholder_id=values.get("stakeholder_id"),
            notes=values.get("notes") or "",
            completed_on=values.get("completed_on"),
        )
        self.session.note_deadline(info)
        return info.id

    def _remove(self, deadline_id: int) -> None:
        self.services.deadlines.remove(deadline_id, self.session.version("deadline", deadline_id))


class AddDeadlineCommand(_DeadlineCommand):
    def __init__(
        self, session: EditSession, action_id: int, code: str, values: Mapping[str, Any]
    ) -> None:
        super().__init__(session, f"Nuova scadenza «{values['title']}» ({code})", action_id)
        self.values = dict(values)
        self.deadline_id: int | None = None

    def apply(self) -> None:
        self.deadline_id = self._add(self.values)

    def revert(self) -> None:
        assert self.deadline_id is not None
        self._remove(self.deadline_id)


class RemoveDeadlineCommand(_DeadlineCommand):
    def __init__(self, session: EditSession, deadline: DeadlineInfo) -> None:
        super().__init__(session, f"Elimina scadenza «{deadline.title}»", deadline.action_id)
        self.deadline_id = deadline.id
        self.values = _deadline_values(deadline)

    def apply(self) -> None:
        self._remove(self.deadline_id)

    def revert(self) -> None:
        self.deadline_id = self._add(self.values)


class EditDeadlineCommand(_DeadlineCommand):
    """Edit a deadline's fields; marking it done is `{"completed_on": today}`."""

    def __init__(
        self, session: EditSession, deadline: DeadlineInfo, changes: Mapping[str, Any]
    ) -> None:
        if set(changes) == {"completed_on"} and changes["completed_on"] is not None:
            text = f"Scadenza «{deadline.title}» completata"
        else:
            text = f"Modifica scadenza «{deadline.title}»"
        super().__init__(session, text, deadline.action_id)
        self.deadline_id = deadline.id
        before = _deadline_values(deadline)
        self.old = {k: before[k] for k in changes}
        self.new = dict(changes)

    def _write(self, values: dict[str, Any]) -> None:
        info = self.services.deadlines.update(
            self.deadline_id, self.session.version("deadline", self.deadline_id), values
        )
        self.session.note_deadline(info)

    def apply(self) -> None:
        self._write(self.new)

    def revert(self) -> None:
        self._write(self.old)


def complete_deadline(session: EditSession, deadline: DeadlineInfo) -> EditDeadlineCommand:
    return EditDeadlineCommand(session, deadline, {"completed_on": dt.date.today()})
