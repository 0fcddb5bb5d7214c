"""Writing and reading the change log: one entry per changed field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from psm_desktop.formatting import format_value
from psm_desktop.model import ChangeLogEntry
from psm_desktop.services.context import EditContext
from psm_desktop.services.dto import ChangeInfo
from psm_desktop.storage import Database


def record(
    session: Session,
    ctx: EditContext,
    *,
    entity: str,
    entity_id: int | None,
    label: str,
    action_id: int | None,
    field: str,
    old: object,
    new: object,
    when: dt.datetime | None = None,
) -> None:
    session.add(
        ChangeLogEntry(
            changed_at=when or dt.datetime.now(),
            user=ctx.user,
            entity=entity,
            entity_id=entity_id,
            entity_label=label,
            action_id=action_id,
            field=field,
            old_value=format_value(old),
            new_value=format_value(new),
            source=ctx.source,
        )
    )


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry for `record_many`: the arguments of `record`."""

    entity: str
    entity_id: int | None
    label: str
    action_id: int | None
    field: str
    old: object
    new: object


def record_many(session: Session, ctx: EditContext, entries: list[Entry]) -> None:
    """Many entries in one batched INSERT (a renumbering logs thousands of codes).

    On the table, not the mapped class: the ORM's bulk path costs as much again per row."""
    if not entries:
        return
    now = dt.datetime.now()
    session.execute(
        insert(ChangeLogEntry.__table__),  # type: ignore[arg-type]
        [
            {
                "changed_at": now,
                "user": ctx.user,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "entity_label": e.label,
                "action_id": e.action_id,
                "field": e.field,
                "old_value": format_value(e.old),
                "new_value": format_value(e.new),
                "source": ctx.source,
            }
            for e in entries
        ],
    )


def _info(entry: ChangeLogEntry) -> ChangeInfo:
    return ChangeInfo(
        id=entry.id,
        changed_at=entry.changed_at,
        user=entry.user,
        entity=entry.entity,
        entity_label=entry.entity_label,
        field=entry.field,
        old_value=entry.old_value,
        new_value=entry.new_value,
        source=entry.source,
    )


@dataclass(frozen=True)
class ChangesSince:
    last_id: int
    action_ids: frozenset[int]
    entities: frozenset[str]


class ChangeLogService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def for_action(self, action_id: int) -> list[ChangeInfo]:
        """The history of one action, its assignments and deadlines, newest first."""
        with self._db.reading() as session:
            entries = session.scalars(
                select(ChangeLogEntry)
                .where(ChangeLogEntry.action_id == action_id)
                .order_by(ChangeLogEntry.changed_at.desc(), ChangeLogEntry.id.desc())
            ).all()
            return [_info(e) for e in entries]

    def last_id(self) -> int:
        """The newest entry's id (0 if none): when it moves, someone changed the data."""
        with self._db.reading() as session:
            return int(session.scalar(select(func.max(ChangeLogEntry.id))) or 0)

    def changed_since(self, after_id: int) -> ChangesSince:
        """What the entries newer than `after_id` touched (another user's edits, told by
        the server): the actions among them and the kinds of record."""
        with self._db.reading() as session:
            rows = session.execute(
                select(ChangeLogEntry.id, ChangeLogEntry.entity, ChangeLogEntry.action_id).where(
                    ChangeLogEntry.id > after_id
                )
            ).all()
        return ChangesSince(
            last_id=max((int(r[0]) for r in rows), default=after_id),
            action_ids=frozenset(int(r[2]) for r in rows if r[2] is not None),
            entities=frozenset(str(r[1]) for r in rows),
        )

    def recent(self, limit: int = 200, source: str | None = None) -> list[ChangeInfo]:
        with self._db.reading() as session:
            query = select(ChangeLogEntry).order_by(ChangeLogEntry.id.desc()).limit(limit)
            if source is not None:
                query = query.where(ChangeLogEntry.source == source)
            return [_info(e) for e in session.scalars(query).all()]

    def count(self) -> int:
        with self._db.reading() as session:
            return len(session.scalars(select(ChangeLogEntry.id)).all())
