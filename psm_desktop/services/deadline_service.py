"""Deadlines (milestones) of actions: list across the plan, add, edit, complete, remove."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from psm_desktop.errors import NotFoundError, Problem, ValidationError
from psm_desktop.model import Action, ActionZone, Axis, Deadline, Stakeholder, Strategy
from psm_desktop.services.context import EditContext
from psm_desktop.services.dto import DeadlineInfo
from psm_desktop.services.entity_edit import EntityEditor, EntityKind
from psm_desktop.services.queries import deadline_info, load_deadlines
from psm_desktop.services.validation import (
    DEADLINE_FIELD_LABELS,
    TEXT_LIMITS,
    check_date,
    check_text,
    placer,
)
from psm_desktop.storage import Database

LIMITS = TEXT_LIMITS["deadline"]


@dataclass(frozen=True)
class DeadlineFilter:
    stakeholder_id: int | None = None
    zone_id: int | None = None
    axis: int | None = None
    include_done: bool = False
    within_days: int | None = None  # open deadlines due within N days (overdue ones included)


def _shown(session: Session, field: str, value: Any) -> Any:
    """The person responsible by name in the change log, not by id."""
    if field == "stakeholder_id" and value:
        stakeholder = session.get(Stakeholder, value)
        return stakeholder.name if stakeholder is not None else value
    return value


def deadline_text(title: str, due_date: dt.date) -> str:
    """A deadline as its creation and deletion are logged: 'Bando (01/02/2026)'."""
    return f"{title} ({due_date:%d/%m/%Y})"


def deadline_shown(deadline: Deadline) -> str:
    return deadline_text(deadline.title, deadline.due_date)


DEADLINE_KIND: EntityKind[Deadline] = EntityKind(
    model=Deadline,
    entity="scadenza",
    labels=DEADLINE_FIELD_LABELS,
    not_found="La scadenza non esiste più: forse è stata eliminata.",
    describe=lambda d: f"La scadenza «{d.title}»",
    log_label=lambda d: d.title,
    action_id=lambda d: d.action_id,
    shown=_shown,
)


class DeadlineService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self._db = db
        self.ctx = ctx
        self.editor = EntityEditor(DEADLINE_KIND, ctx)

    def list_deadlines(
        self, flt: DeadlineFilter | None = None, today: dt.date | None = None
    ) -> list[DeadlineInfo]:
        """Deadlines across the plan: overdue first, then by due date; done ones last."""
        flt = flt or DeadlineFilter()
        today = today or dt.date.today()
        with self._db.reading() as session:
            rows = load_deadlines(
                session, today, stakeholder_id=flt.stakeholder_id, include_done=flt.include_done
            )
            if flt.zone_id is not None:
                in_zone = set(
                    session.scalars(
                        select(ActionZone.action_id).where(ActionZone.zone_id == flt.zone_id)
                    )
                )
                rows = [d for d in rows if d.action_id in in_zone]
        if flt.axis is not None:
            rows = [d for d in rows if d.axis_number == flt.axis]
        if flt.within_days is not None:
            limit = today + dt.timedelta(days=flt.within_days)
            rows = [d for d in rows if d.completed_on is None and d.due_date <= limit]
        return rows

    def for_action(self, action_id: int, today: dt.date | None = None) -> list[DeadlineInfo]:
        with self._db.reading() as session:
            return load_deadlines(session, today or dt.date.today(), action_id=action_id)

    def add(
        self,
        action_id: int,
        title: str,
        due_date: dt.date,
        *,
        stakeholder_id: int | None = None,
        notes: str = "",
        completed_on: dt.date | None = None,
    ) -> DeadlineInfo:
        with self._db.transaction() as session:
            new_id = self.add_in(
                session,
                action_id,
                {
                    "title": title,
                    "due_date": due_date,
                    "stakeholder_id": stakeholder_id,
                    "notes": notes,
                    "completed_on": completed_on,
                },
            )
            return self.info_in(session, new_id)

    def add_in(
        self, session: Session, action_id: int, values: Mapping[str, Any], *, where: str = ""
    ) -> int:
        action = session.get(Action, action_id)
        if action is None:
            raise NotFoundError("L'azione non esiste più: forse è stata eliminata.")
        clean = self.validate(session, values, where=where, creating=True)
        deadline = Deadline(
            action_id=action_id,
            title=clean["title"],
            due_date=clean["due_date"],
            completed_on=clean.get("completed_on"),
            stakeholder_id=clean.get("stakeholder_id"),
            notes=clean.get("notes", ""),
        )
        session.add(deadline)
        session.flush()
        self.editor.created(session, deadline, deadline_shown(deadline))
        return deadline.id

    def update(
        self, deadline_id: int, expected_version: int | None, changes: Mapping[str, Any]
    ) -> DeadlineInfo:
        with self._db.transaction() as session:
            self.update_in(session, deadline_id, expected_version, changes)
            session.flush()
            return self.info_in(session, deadline_id)

    def complete(
        self, deadline_id: int, expected_version: int | None, on: dt.date | None = None
    ) -> DeadlineInfo:
        return self.update(deadline_id, expected_version, {"completed_on": on or dt.date.today()})

    def update_in(
        self,
        session: Session,
        deadline_id: int,
        expected_version: int | None,
        changes: Mapping[str, Any],
        *,
        where: str = "",
    ) -> list[str]:
        deadline = self.editor.load(session, deadline_id, expected_version)
        clean = self.validate(session, changes, where=where, creating=False)
        return self.editor.apply(session, deadline, clean)

    def remove(self, deadline_id: int, expected_version: int | None = None) -> None:
        with self._db.transaction() as session:
            self.remove_in(session, deadline_id, expected_version)

    def remove_in(self, session: Session, deadline_id: int, expected_version: int | None) -> None:
        deadline = self.editor.load(session, deadline_id, expected_version)
        self.editor.deleted(session, deadline, deadline_shown(deadline))
        session.flush()

    def info_in(self, session: Session, deadline_id: int) -> DeadlineInfo:
        row = session.execute(
            select(Deadline, Action.code, Action.text, Axis.number, Stakeholder.name)
            .join(Action, Deadline.action_id == Action.id)
            .join(Strategy, Action.strategy_id == Strategy.id)
            .join(Axis, Strategy.axis_id == Axis.id)
            .outerjoin(Stakeholder, Deadline.stakeholder_id == Stakeholder.id)
            .where(Deadline.id == deadline_id)
        ).first()
        if row is None:
            raise NotFoundError("La scadenza non esiste più: forse è stata eliminata.")
        return deadline_info(*row, today=dt.date.today())

    def validate(
        self, session: Session, values: Mapping[str, Any], *, where: str = "", creating: bool
    ) -> dict[str, Any]:
        problems: list[Problem] = []
        clean: dict[str, Any] = {}

        place = placer(DEADLINE_FIELD_LABELS, where)

        for field, value in values.items():
            if field not in DEADLINE_FIELD_LABELS:
                problems.append(Problem(where or "Scadenza", f"campo sconosciuto: {field}"))
            elif field == "title":
                clean[field] = check_text(
                    value, place(field), problems, limit=LIMITS[field], required=True
                ).strip()
            elif field in ("due_date", "completed_on"):
                clean[field] = check_date(value, place(field), problems)
                if field == "due_date" and clean[field] is None and value is None:
                    problems.append(Problem(place(field), "la data è obbligatoria"))
            elif field == "stakeholder_id":
                if value is not None and session.get(Stakeholder, value) is None:
                    problems.append(Problem(place(field), f"soggetto {value} sconosciuto"))
                clean[field] = value
            else:
                clean[field] = check_text(value, place(field), problems, limit=LIMITS[field])
        if creating:
            for required in ("title", "due_date"):
                if required not in values:
                    problems.append(Problem(place(required), "valore obbligatorio"))
        if problems:
            raise ValidationError(problems)
        return clean
