"""Stakeholders assigned to actions with a role: one assignment per (action, stakeholder)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from psm_desktop.errors import NotFoundError, Problem, StaleWriteError, ValidationError
from psm_desktop.model import Action, Assignment, Role, Stakeholder
from psm_desktop.services import changelog
from psm_desktop.services.context import EditContext
from psm_desktop.services.dto import AssignmentInfo
from psm_desktop.services.queries import assignment_info
from psm_desktop.services.validation import check_enum
from psm_desktop.storage import Database

ROLE_LABEL = "Ruolo"


class AssignmentService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self._db = db
        self.ctx = ctx

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
        changelog.record(
            session,
            self.ctx,
            entity="assegnazione",
            entity_id=assignment.id,
            label=f"{action.code} — {stakeholder.name}",
            action_id=action_id,
            field=ROLE_LABEL,
            old=None,
            new=checked,
        )
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
        assignment, label = self._load(session, assignment_id, expected_version)
        problems: list[Problem] = []
        checked = check_enum(
            Role, role, f"{where}, colonna {ROLE_LABEL}" if where else ROLE_LABEL, problems
        )
        if problems:
            raise ValidationError(problems)
        if assignment.role == checked:
            return False
        changelog.record(
            session,
            self.ctx,
            entity="assegnazione",
            entity_id=assignment.id,
            label=label,
            action_id=assignment.action_id,
            field=ROLE_LABEL,
            old=assignment.role,
            new=checked,
        )
        assignment.role = checked
        try:
            session.flush()
        except StaleDataError as exc:
            raise StaleWriteError(f"L'assegnazione {label}") from exc
        return True

    def unassign(self, assignment_id: int, expected_version: int | None = None) -> None:
        with self._db.transaction() as session:
            self.unassign_in(session, assignment_id, expected_version)

    def unassign_in(
        self, session: Session, assignment_id: int, expected_version: int | None
    ) -> None:
        assignment, label = self._load(session, assignment_id, expected_version)
        changelog.record(
            session,
            self.ctx,
            entity="assegnazione",
            entity_id=assignment.id,
            label=label,
            action_id=assignment.action_id,
            field=ROLE_LABEL,
            old=assignment.role,
            new=None,
        )
        session.delete(assignment)
        session.flush()

    def _load(
        self, session: Session, assignment_id: int, expected_version: int | None
    ) -> tuple[Assignment, str]:
        assignment = session.get(Assignment, assignment_id)
        if assignment is None:
            raise NotFoundError("L'assegnazione non esiste più: forse è stata rimossa.")
        label = f"{assignment.action.code} — {assignment.stakeholder.name}"
        if expected_version is not None and assignment.version != expected_version:
            raise StaleWriteError(f"L'assegnazione {label}")
        return assignment, label

    def info_in(self, session: Session, assignment_id: int) -> AssignmentInfo:
        a = session.get(Assignment, assignment_id)
        if a is None:
            raise NotFoundError("L'assegnazione non esiste più: forse è stata rimossa.")
        return assignment_info(a, a.stakeholder, a.action.code)
