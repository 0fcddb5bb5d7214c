"""The registry of stakeholders: search, create, edit, delete (refused while assigned)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from psm_desktop.errors import InUseError, NotFoundError, Problem, ValidationError
from psm_desktop.formatting import plural
from psm_desktop.model import Action, Assignment, Deadline, Role, Stakeholder, StakeholderKind, Zone
from psm_desktop.services.assignment_service import ASSIGNMENT_KIND, ROLE_LABEL
from psm_desktop.services.context import EditContext
from psm_desktop.services.deadline_service import DEADLINE_KIND
from psm_desktop.services.dto import ActionRow, DeadlineInfo, StakeholderInfo
from psm_desktop.services.entity_edit import EntityEditor, EntityKind
from psm_desktop.services.queries import load_action_rows, load_deadlines
from psm_desktop.services.validation import (
    STAKEHOLDER_FIELD_LABELS,
    TEXT_LIMITS,
    check_email,
    check_enum,
    check_text,
    placer,
)
from psm_desktop.storage import Database

FIELDS = tuple(STAKEHOLDER_FIELD_LABELS)
LIMITS = TEXT_LIMITS["stakeholder"]


def _shown(session: Session, field: str, value: Any) -> Any:
    """A zone by its name in the change log, not its id."""
    if field == "zone_id" and value:
        zone = session.get(Zone, value)
        return zone.name if zone is not None else value
    return value


STAKEHOLDER_KIND: EntityKind[Stakeholder] = EntityKind(
    model=Stakeholder,
    entity="soggetto",
    labels=STAKEHOLDER_FIELD_LABELS,
    not_found="Il soggetto non esiste più: forse è stato eliminato.",
    describe=lambda s: f"Il soggetto «{s.name}»",
    log_label=lambda s: s.name,
    shown=_shown,
    label_of=lambda f: STAKEHOLDER_FIELD_LABELS["zone" if f == "zone_id" else f],
)


class StakeholderService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self._db = db
        self.ctx = ctx
        self.editor = EntityEditor(STAKEHOLDER_KIND, ctx)

    # --- reading -------------------------------------------------------------------------

    def search(self, text: str = "") -> list[StakeholderInfo]:
        """The registry, by name, keeping those whose name, contact, e-mail or zone match."""
        with self._db.reading() as session:
            counts = dict(
                session.execute(
                    select(Assignment.stakeholder_id, func.count()).group_by(
                        Assignment.stakeholder_id
                    )
                ).all()
            )
            zones = dict(session.execute(select(Zone.id, Zone.name)).all())
            query = select(Stakeholder).order_by(func.lower(Stakeholder.name))
            result = [
                _info(s, zones.get(s.zone_id) if s.zone_id else None, counts.get(s.id, 0))
                for s in session.scalars(query)
            ]
        words = text.casefold().split()
        if words:
            result = [s for s in result if all(w in _haystack(s) for w in words)]
        return result

    def names(self) -> list[tuple[int, str]]:
        """(id, name) of every stakeholder in `search()` order: a light read for pick lists."""
        with self._db.reading() as session:
            query = select(Stakeholder.id, Stakeholder.name).order_by(func.lower(Stakeholder.name))
            return [(sid, name) for sid, name in session.execute(query)]

    def get(self, stakeholder_id: int) -> StakeholderInfo:
        with self._db.reading() as session:
            return self.info_in(session, stakeholder_id)

    def find_by_name(self, name: str) -> StakeholderInfo | None:
        with self._db.reading() as session:
            found = session.scalar(
                select(Stakeholder.id).where(func.lower(Stakeholder.name) == name.strip().lower())
            )
            return self.info_in(session, found) if found is not None else None

    def info_in(self, session: Session, stakeholder_id: int) -> StakeholderInfo:
        s = session.get(Stakeholder, stakeholder_id)
        if s is None:
            raise NotFoundError("Il soggetto non esiste più: forse è stato eliminato.")
        zone = session.get(Zone, s.zone_id) if s.zone_id else None
        count = session.scalar(
            select(func.count()).select_from(Assignment).where(Assignment.stakeholder_id == s.id)
        )
        return _info(s, zone.name if zone else None, int(count or 0))

    def actions_of(
        self, stakeholder_id: int, today: dt.date | None = None
    ) -> list[tuple[ActionRow, Role]]:
        """The actions a stakeholder is assigned to, with its role in each."""
        today = today or dt.date.today()
        with self._db.reading() as session:
            roles = dict(
                session.execute(
                    select(Assignment.action_id, Assignment.role).where(
                        Assignment.stakeholder_id == stakeholder_id
                    )
                ).all()
            )
            rows = load_action_rows(session, today, list(roles)) if roles else []
        return [(row, roles[row.id]) for row in rows]

    def deadlines_of(self, stakeholder_id: int, today: dt.date | None = None) -> list[DeadlineInfo]:
        with self._db.reading() as session:
            return load_deadlines(session, today or dt.date.today(), stakeholder_id=stakeholder_id)

    # --- editing -------------------------------------------------------------------------

    def create(
        self, name: str, kind: StakeholderKind | str = StakeholderKind.OTHER, **fields: Any
    ) -> StakeholderInfo:
        with self._db.transaction() as session:
            new_id = self.create_in(session, {"name": name, "kind": kind, **fields})
            return self.info_in(session, new_id)

    def create_in(self, session: Session, values: Mapping[str, Any], *, where: str = "") -> int:
        clean = self.validate(session, values, None, where=where)
        stakeholder = Stakeholder(
            name=clean.get("name", ""),
            kind=clean.get("kind") or StakeholderKind.OTHER,
            zone_id=clean.get("zone_id"),
            contact_person=clean.get("contact_person", ""),
            email=clean.get("email", ""),
            phone=clean.get("phone", ""),
            notes=clean.get("notes", ""),
        )
        session.add(stakeholder)
        session.flush()
        self.editor.created(session, stakeholder, stakeholder.name)
        return stakeholder.id

    def update(
        self, stakeholder_id: int, expected_version: int | None, changes: Mapping[str, Any]
    ) -> StakeholderInfo:
        with self._db.transaction() as session:
            self.update_in(session, stakeholder_id, expected_version, changes)
            session.flush()
            return self.info_in(session, stakeholder_id)

    def update_in(
        self,
        session: Session,
        stakeholder_id: int,
        expected_version: int | None,
        changes: Mapping[str, Any],
        *,
        where: str = "",
    ) -> list[str]:
        s = self.editor.load(session, stakeholder_id, expected_version)
        clean = self.validate(session, changes, s, where=where)
        return ["zone" if f == "zone_id" else f for f in self.editor.apply(session, s, clean)]

    def delete(
        self, stakeholder_id: int, expected_version: int | None = None, *, force: bool = False
    ) -> None:
        """Delete a stakeholder; refused while it is assigned to actions unless `force`."""
        with self._db.transaction() as session:
            s = self.editor.load(session, stakeholder_id, expected_version)
            assigned = session.execute(
                select(Assignment, Action.code)
                .join(Action, Assignment.action_id == Action.id)
                .where(Assignment.stakeholder_id == s.id)
                .order_by(Action.code)
            ).all()
            if assigned and not force:
                codes = ", ".join(code for _, code in assigned)
                raise InUseError(
                    f"Il soggetto «{s.name}» è assegnato a "
                    f"{plural(len(assigned), 'azione', 'azioni')} ({codes}): "
                    "rimuovi prima le assegnazioni o conferma l'eliminazione forzata."
                )
            assignments = EntityEditor(ASSIGNMENT_KIND, self.ctx)
            for assignment, _ in assigned:
                assignments.log(session, assignment, ROLE_LABEL, assignment.role, None)
                session.delete(assignment)
            deadlines = EntityEditor(DEADLINE_KIND, self.ctx)
            for deadline in session.scalars(
                select(Deadline).where(Deadline.stakeholder_id == s.id)
            ):
                deadlines.apply(session, deadline, {"stakeholder_id": None})
            self.editor.deleted(session, s, s.name)

    def check(self, values: Mapping[str, Any], stakeholder_id: int | None = None) -> None:
        """Raise ValidationError if `values` would be refused by create (or update of the id).

        Writes nothing: a form uses it to stay open and show the problems before saving.
        """
        with self._db.reading() as session:
            current = session.get(Stakeholder, stakeholder_id) if stakeholder_id else None
            if stakeholder_id is not None and current is None:
                raise NotFoundError("Il soggetto non esiste più: forse è stato eliminato.")
            self.validate(session, values, current)

    def validate(
        self,
        session: Session,
        values: Mapping[str, Any],
        current: Stakeholder | None,
        *,
        where: str = "",
    ) -> dict[str, Any]:
        problems: list[Problem] = []
        clean: dict[str, Any] = {}

        place = placer(STAKEHOLDER_FIELD_LABELS, where)

        for field, value in values.items():
            if field not in FIELDS:
                problems.append(Problem(where or "Soggetto", f"campo sconosciuto: {field}"))
            elif field == "name":
                text = check_text(value, place(field), problems, limit=LIMITS[field], required=True)
                name = " ".join(text.split())
                clash = session.scalar(
                    select(Stakeholder.id).where(func.lower(Stakeholder.name) == name.lower())
                )
                if clash is not None and (current is None or clash != current.id):
                    problems.append(Problem(place(field), f"esiste già un soggetto «{name}»"))
                clean["name"] = name
            elif field == "kind":
                clean["kind"] = check_enum(StakeholderKind, value, place(field), problems)
            elif field == "zone":
                clean["zone_id"] = _zone_id(session, value, place(field), problems)
            elif field == "email":
                clean["email"] = check_email(value, problems, place(field))
            else:
                clean[field] = check_text(
                    value, place(field), problems, limit=LIMITS[field]
                ).strip()
        named = any(p.where == place("name") for p in problems)
        if current is None and not clean.get("name") and not named:
            problems.append(Problem(place("name"), "il nome è obbligatorio"))
        if problems:
            raise ValidationError(problems)
        return clean


def _zone_id(session: Session, value: Any, label: str, problems: list[Problem]) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int):
        if session.get(Zone, value) is None:
            problems.append(Problem(label, f"zona omogenea {value} sconosciuta"))
            return None
        return value
    name = str(value).strip().casefold()
    for zone_id, zone_name in session.execute(select(Zone.id, Zone.name)):
        if zone_name.casefold() == name:
            return int(zone_id)
    problems.append(Problem(label, f"zona omogenea '{value}' sconosciuta"))
    return None


def _haystack(s: StakeholderInfo) -> str:
    return f"{s.name} {s.contact_person} {s.email} {s.zone or ''} {s.kind.label}".casefold()


def _info(s: Stakeholder, zone: str | None, action_count: int) -> StakeholderInfo:
    return StakeholderInfo(
        id=s.id,
        name=s.name,
        kind=s.kind,
        zone=zone,
        contact_person=s.contact_person,
        email=s.email,
        phone=s.phone,
        notes=s.notes,
        version=s.version,
        action_count=action_count,
    )
