"""Is the action with this id the one a file saw? Ids outlive codes, but may be given again.

A file that left the application (a tracker) names actions by their database id, which
survives renumbering and copies between SQLite and PostgreSQL. SQLite gives a new row the
highest id plus one, so the id of an action deleted after the export may belong to a new
action by the time the file comes back. The change log tells: the file records how far the
log went when it was written (`log_mark`), and an id deleted or created after that mark,
and not restored, is no longer the action the file saw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select

from psm_desktop.model import ChangeLogEntry
from psm_desktop.services.renumbering import ACTION, CHUNK, CODE_FIELD
from psm_desktop.services.structure_delete import DELETED
from psm_desktop.services.structure_restore import RESTORED
from psm_desktop.storage import Database

CREATED = "creazione"  # the field of an entity's creation entry (entity_edit.created)


def log_mark(db: Database) -> int:
    """The id of the last change-log entry so far (0 for an empty log)."""
    with db.reading() as session:
        return int(session.scalar(select(func.max(ChangeLogEntry.id))) or 0)


def replaced_since(db: Database, action_ids: Iterable[int], mark: int) -> set[int]:
    """The ids among `action_ids` that were deleted or created after entry `mark` of the
    log and not restored since: whatever holds them now is not what the file saw."""
    wanted = sorted(set(action_ids))
    replaced: set[int] = set()
    with db.reading() as session:
        for start in range(0, len(wanted), CHUNK):
            query = (
                select(ChangeLogEntry.entity_id, ChangeLogEntry.field)
                .where(
                    ChangeLogEntry.id > mark,
                    ChangeLogEntry.entity == ACTION,
                    ChangeLogEntry.field.in_((CREATED, DELETED, RESTORED)),
                    ChangeLogEntry.entity_id.in_(wanted[start : start + CHUNK]),
                )
                .order_by(ChangeLogEntry.id)
            )
            for action_id, field in session.execute(query):
                if action_id is None:
                    continue
                if field == RESTORED:  # the same row, put back by an undo
                    replaced.discard(action_id)
                else:
                    replaced.add(action_id)
    return replaced


def renumbered_since(db: Database, when: dt.datetime) -> int:
    """How many action codes changed after `when` (for files that carry no ids)."""
    with db.reading() as session:
        query = select(func.count(func.distinct(ChangeLogEntry.entity_id))).where(
            ChangeLogEntry.changed_at > when,
            ChangeLogEntry.entity == ACTION,
            ChangeLogEntry.field == CODE_FIELD,
        )
        return int(session.scalar(query) or 0)
