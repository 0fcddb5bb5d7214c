"""Stakeholders assigned to actions with a role: one assignment per (action, stakeholder)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from psm_desktop.errors import NotFoundError, Problem, ValidationError
from psm_desktop.model import Action, Assignment, Role, Stakeholder
from psm_desktop.services.context import EditContext
from psm_desktop.services.dto import AssignmentInfo
from psm_desktop.services.entity_edit import EntityEditor, EntityKind
from psm_desktop.services.queries import assignment_info
from psm_desktop.services.validation import check_enum
from psm_desktop.storage import Database

ROLE_LABEL = "Ruolo"


def assignment_label(action_code: str, stakeholder_name: str) -> str:
    """How the change log names an assignment: '1.1.1 — Comune di Ivrea'."""
    return f"{action_code} — {stakeholder_name}"


def _label(a: Assignment) -> str:
    return assignment_label(a.action.code, a.stakeholder.name)


ASSIGNMENT_KIND: EntityKind[Assignment] = EntityKind(
    model=Assignment,
    entity="assegnazione",
    labels={"role": ROLE_LABEL},
    not_found="L'assegnazione non esiste più: forse è stata rimossa.",
    describe=lambda a: f"L'assegnazione {_label(a)}",
    log_label=_label,
    action_id=lambda a: a.action_id,
)


class AssignmentService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self._db = db
        self.ctx = ctx
        self.editor = EntityEditor(ASSIGNMENT_KIND, ctx)

    def for_action(self, action_id: int) -> list[AssignmentInfo]:
        with self._db.reading() as session:
            ids = session.scalars(
                select(Assignment.id).where(Assignment.action_id == action_id)
            ).all()
            return sorted(
                (self.info_in(session, i) for i in ids),
                key=lambda a: (list(Role).index(a.role), a.stakeholder_name.casefold()),
            )

    def assign(
        self, action_id: int, stakeholder_id: int, role: Role | str = Role.INVOLVED
    ) -> AssignmentInfo:
        with self._db.transaction() as session:
            new_id = self.assign_in(session, action_id, stakeholder_id, role)
            return self.info_in(session, new_id)

    def assign_in(
        self,
        session: Session,
        action_id: int,
        stakeholder_id: int,
        role: Role | str,
        *,
        where: str = "",
    ) -> int:
        problems: list[Problem] = []
        checked = check_enum(
            Role, role, f"{where}, colonna {ROLE_LABEL}" if where else ROLE_LABEL, problems
        )
        action = session.get(Action, action_id)
        stakeholder = session.get(Stakeholder, stakeholder_id)
        if action is None:
            raise NotFoundError("L'azione non esiste più: forse è stata eliminata.")
        if stakeholder is None:
            raise NotFoundError("Il soggetto non esiste più: forse è stato eliminato.")
        existing = session.scalar(
            select(Assignment).where(
                Assignment.action_id == action_id, Assignment.stakeholder_id == stakeholder_id
            )
        )
        if existing is not None:
            problems.append(
                Problem(
                    where or "Assegnazioni",
                    f"«{stakeholder.name}» è già assegnato all'azione {action.code} "
                    f"come {existing.role.label}",
                )
            )
        if problems:
            raise ValidationError(problems)
        assignment = Assignment(action_id=action_id, stakeholder_id=stakeholder_id, role=checked)
        session.add(assignment)
        session.flush()
        self.editor.log(session, assignment, ROLE_LABEL, None, checked)
        return assignment.id

    def change_role(
        self, assignment_id: int, expected_version: int | None, role: Role | str
    ) -> AssignmentInfo:
        with self._db.transaction() as session:
            self.change_role_in(session, assignment_id, expected_version, role)
            session.flush()
            return self.info_in(session, assignment_id)

    def change_role_in(
        self,
        session: Session,
        assignment_id: int,
        expected_version: int | None,
        role: Role | str,
        *,
        where: str = "",
    ) -> bool:
        assignment = self.editor.load(session, assignment_id, expected_version)
        problems: list[Problem] = []
        checked = check_enum(
            Role, role, f"{where}, colonna {ROLE_LABEL}" if where else ROLE_LABEL, problems
        )
        if problems:
            raise ValidationError(problems)
        return bool(self.editor.apply(session, assignment, {"role": checked}))

    def unassign(self, assignment_id: int, expected_version: int | None = None) -> None:
        with self._db.transaction() as session:
            self.unassign_in(session, assignment_id, expected_version)

    def unassign_in(
        self, session: Session, assignment_id: int, expected_version: int | None
    ) -> None:
        assignment = self.editor.load(session, assignment_id, expected_version)
        self.editor.log(session, assignment, ROLE_LABEL, assignment.role, None)
        session.delete(assignment)
        session.flush()

    def info_in(self, session: Session, assignment_id: int) -> AssignmentInfo:
        a = session.get(Assignment, assignment_id)
        if a is None:
            raise NotFoundError("L'assegnazione non esiste più: forse è stata rimossa.")
        return assignment_info(a, a.stakeholder, a.action.code)
