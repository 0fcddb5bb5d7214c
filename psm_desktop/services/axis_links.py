"""The links between axes ("Le connessioni tra l'Asse N e gli altri Assi"), with a note each.

A link goes from an axis to another (the axis sheet of N lists the axes N links to). The
whole matrix is read and written at once: a write names the links it was based on, and is
refused when they changed since (like a stale write); every added, removed or re-noted
link is logged on the axis it starts from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from psm_desktop.errors import Problem, StaleWriteError, ValidationError
from psm_desktop.model import Axis, AxisLink
from psm_desktop.services import changelog
from psm_desktop.services.context import EditContext
from psm_desktop.services.renumbering import AXIS
from psm_desktop.services.validation import check_text
from psm_desktop.storage import Database

NOTE_LIMIT = 1_000
Links = Mapping[tuple[int, int], str]  # (axis id, linked axis id) -> note


@dataclass(frozen=True, slots=True)
class AxisLinkInfo:
    axis_id: int
    linked_axis_id: int
    note: str


class AxisLinkService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self._db = db
        self.ctx = ctx

    def links(self) -> dict[tuple[int, int], str]:
        with self._db.reading() as session:
            return _current(session)

    def set_links(self, expected: Links, new: Links) -> int:
        """Make the links `new`; `expected` is what the caller read. Returns the changes."""
        with self._db.transaction() as session:
            if _current(session) != dict(expected):
                raise StaleWriteError("I collegamenti tra gli assi")
            return self.set_links_in(session, new)

    def links_in(self, session: Session) -> dict[tuple[int, int], str]:
        return _current(session)

    def set_links_in(self, session: Session, new: Links) -> int:
        """Make the links `new` inside the caller's transaction (an import)."""
        current = _current(session)
        numbers = dict(session.execute(select(Axis.id, Axis.number)).all())
        clean = _validated(new, numbers)
        changed = 0
        for pair in sorted(set(current) | set(clean)):
            old, note = current.get(pair), clean.get(pair)
            if old == note:
                continue
            changed += 1
            axis_id, linked_id = pair
            link = session.get(AxisLink, pair)
            if note is None:
                session.delete(link)
            elif link is None:
                session.add(AxisLink(axis_id=axis_id, linked_axis_id=linked_id, note=note))
            else:
                link.note = note
            changelog.record(
                session,
                self.ctx,
                entity=AXIS,
                entity_id=axis_id,
                label=f"Asse {numbers[axis_id]}",
                action_id=None,
                field=f"Collegamento con l'Asse {numbers[linked_id]}",
                old=_shown(old),
                new=_shown(note),
            )
        return changed


def _current(session: Session) -> dict[tuple[int, int], str]:
    rows = session.execute(select(AxisLink.axis_id, AxisLink.linked_axis_id, AxisLink.note))
    return {(a, b): note or "" for a, b, note in rows}


def _validated(new: Links, numbers: Mapping[int, int]) -> dict[tuple[int, int], str]:
    problems: list[Problem] = []
    clean: dict[tuple[int, int], str] = {}
    for (axis_id, linked_id), note in new.items():
        if axis_id not in numbers or linked_id not in numbers:
            problems.append(Problem("Collegamenti", "un asse non esiste più"))
            continue
        if axis_id == linked_id:
            problems.append(Problem("Collegamenti", f"l'Asse {numbers[axis_id]} con sé stesso"))
            continue
        label = f"Nota del collegamento Asse {numbers[axis_id]} → Asse {numbers[linked_id]}"
        clean[(axis_id, linked_id)] = check_text(note, label, problems, limit=NOTE_LIMIT)
    if problems:
        raise ValidationError(problems)
    return clean


def _shown(note: str | None) -> str:
    if note is None:
        return "nessuno"
    return f"sì ({note})" if note else "sì"
