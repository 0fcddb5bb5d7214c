"""Data for printed documents, loaded in bulk: a handful of queries for any number of actions.

`ActionService.get` runs several queries per action, which is right for the editor but
slow for a PDF of a thousand sheets; this module builds the same `ActionDetail`s with one
query per related table.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from psm_desktop.model import (
    Action,
    ActionAxisLink,
    ActionSdg,
    ActionSector,
    ActionZone,
    Assignment,
    Axis,
    Deadline,
    Sector,
    Stakeholder,
    Strategy,
    Zone,
)
from psm_desktop.services.action_service import build_detail
from psm_desktop.services.dto import ActionDetail, ActionRow, AssignmentInfo, DeadlineInfo
from psm_desktop.services.queries import assignment_info, deadline_info, load_action_rows
from psm_desktop.storage import Database

# SQLite limits bound parameters per statement; stay well below it.
_CHUNK = 500


class ReportDataService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def action_details(
        self, action_ids: Iterable[int], today: dt.date | None = None
    ) -> list[ActionDetail]:
        """The details of these actions, in plan order (ids that do not exist are skipped)."""
        wanted = list(dict.fromkeys(action_ids))
        today = today or dt.date.today()
        keyed: list[tuple[tuple[int, int, int, int], ActionDetail]] = []
        with self._db.reading() as session:
            for chunk in _chunks(wanted, _CHUNK):
                keyed.extend(load_details(session, chunk, today))
        keyed.sort(key=lambda pair: pair[0])
        return [detail for _, detail in keyed]

    def axis_rows(self, axis_number: int, today: dt.date | None = None) -> list[ActionRow]:
        """The table rows of one axis's actions, in plan order, without loading the others."""
        today = today or dt.date.today()
        with self._db.reading() as session:
            ids = list(
                session.scalars(
                    select(Action.id)
                    .join(Strategy, Action.strategy_id == Strategy.id)
                    .join(Axis, Strategy.axis_id == Axis.id)
                    .where(Axis.number == axis_number)
                    .order_by(Strategy.position, Action.position, Action.id)
                )
            )
            rows: list[ActionRow] = []
            for chunk in _chunks(ids, _CHUNK):  # chunks in plan order: the rows stay in order
                rows.extend(load_action_rows(session, today, chunk))
        return rows

    def derived_axis_links(self, axis_number: int) -> dict[int, int]:
        """Other axes the actions of this axis are linked to, with how many actions link."""
        with self._db.reading() as session:
            rows = session.execute(
                select(ActionAxisLink.action_id, Axis.number)
                .join(Axis, ActionAxisLink.axis_id == Axis.id)
                .join(Action, ActionAxisLink.action_id == Action.id)
                .join(Strategy, Action.strategy_id == Strategy.id)
                .where(Strategy.axis_id.in_(select(Axis.id).where(Axis.number == axis_number)))
            ).all()
        counts = Counter(number for _, number in rows if number != axis_number)
        return dict(sorted(counts.items()))


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


PlanKey = tuple[int, int, int, int]  # axis number, strategy and action position, id


def load_details(
    session: Session, action_ids: list[int], today: dt.date
) -> list[tuple[PlanKey, ActionDetail]]:
    """ActionDetails of `action_ids` with one query per related table, with their plan key."""
    if not action_ids:
        return []
    sectors: dict[int, set[Sector]] = defaultdict(set)
    for aid, sector in session.execute(
        select(ActionSector.action_id, ActionSector.sector).where(
            ActionSector.action_id.in_(action_ids)
        )
    ):
        sectors[aid].add(sector)
    zones: dict[int, set[str]] = defaultdict(set)
    for aid, name in session.execute(
        select(ActionZone.action_id, Zone.name)
        .join(Zone, ActionZone.zone_id == Zone.id)
        .where(ActionZone.action_id.in_(action_ids))
    ):
        zones[aid].add(name)
    goals: dict[int, set[int]] = defaultdict(set)
    for aid, goal in session.execute(
        select(ActionSdg.action_id, ActionSdg.goal).where(ActionSdg.action_id.in_(action_ids))
    ):
        goals[aid].add(goal)
    linked: dict[int, set[int]] = defaultdict(set)
    for aid, number in session.execute(
        select(ActionAxisLink.action_id, Axis.number)
        .join(Axis, ActionAxisLink.axis_id == Axis.id)
        .where(ActionAxisLink.action_id.in_(action_ids))
    ):
        linked[aid].add(number)
    assignments: dict[int, list[AssignmentInfo]] = defaultdict(list)
    for a, s, code in session.execute(
        select(Assignment, Stakeholder, Action.code)
        .join(Stakeholder, Assignment.stakeholder_id == Stakeholder.id)
        .join(Action, Assignment.action_id == Action.id)
        .where(Assignment.action_id.in_(action_ids))
    ):
        assignments[a.action_id].append(assignment_info(a, s, code))
    deadlines: dict[int, list[DeadlineInfo]] = defaultdict(list)
    for d, code, text, axis_no, name in session.execute(
        select(Deadline, Action.code, Action.text, Axis.number, Stakeholder.name)
        .join(Action, Deadline.action_id == Action.id)
        .join(Strategy, Action.strategy_id == Strategy.id)
        .join(Axis, Strategy.axis_id == Axis.id)
        .outerjoin(Stakeholder, Deadline.stakeholder_id == Stakeholder.id)
        .where(Deadline.action_id.in_(action_ids))
        .order_by(Deadline.completed_on.is_not(None), Deadline.due_date, Deadline.id)
    ):
        deadlines[d.action_id].append(deadline_info(d, code, text, axis_no, name, today))

    result: list[tuple[PlanKey, ActionDetail]] = []
    for action, strategy, axis in session.execute(
        select(Action, Strategy, Axis)
        .join(Strategy, Action.strategy_id == Strategy.id)
        .join(Axis, Strategy.axis_id == Axis.id)
        .where(Action.id.in_(action_ids))
        .order_by(Axis.number, Strategy.position, Action.position, Action.id)
    ):
        key = (axis.number, strategy.position, action.position, action.id)
        detail = build_detail(
            action,
            strategy,
            axis,
            sectors=sectors.get(action.id, ()),
            zones=zones.get(action.id, ()),
            linked_axes=linked.get(action.id, ()),
            sdgs=goals.get(action.id, ()),
            assignments=assignments.get(action.id, ()),  # sorted lead first by build_detail
            deadlines=deadlines.get(action.id, ()),
            today=today,
        )
        result.append((key, detail))
    return result
