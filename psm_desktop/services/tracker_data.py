"""Bulk data for Excel trackers: every field of many actions as plain dicts, in a few queries.

`ReportDataService.action_details` builds full ORM objects and DTOs, which is fine for a
PDF of a thousand sheets but is the slowest part of exporting 10,000 actions; trackers
only need column values, so this module selects columns (SQLAlchemy Core rows).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from psm_desktop.model import (
    Action,
    ActionAxisLink,
    ActionSdg,
    ActionSector,
    ActionZone,
    Assignment,
    Axis,
    Deadline,
    Role,
    Stakeholder,
    Strategy,
    Zone,
)
from psm_desktop.services.filters import is_overdue
from psm_desktop.storage import Database


@dataclass
class TrackerRows:
    """Raw values: one dict per action, deadline and assignment, in plan order."""

    actions: list[dict[str, Any]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)


def load_tracker_rows(
    db: Database, action_ids: Iterable[int], today: dt.date | None = None
) -> TrackerRows:
    wanted = set(action_ids)
    today = today or dt.date.today()
    result = TrackerRows()
    with db.reading() as orm_session:
        # Core rows, not the ORM's result processing: a fifth of the time for 50,000 rows.
        session = orm_session.connection()
        sectors: dict[int, set[Any]] = defaultdict(set)
        for aid, sector in session.execute(select(ActionSector.action_id, ActionSector.sector)):
            if aid in wanted:
                sectors[aid].add(sector)
        zones: dict[int, set[str]] = defaultdict(set)
        for aid, name in session.execute(
            select(ActionZone.action_id, Zone.name).join(Zone, ActionZone.zone_id == Zone.id)
        ):
            if aid in wanted:
                zones[aid].add(name)
        linked: dict[int, set[int]] = defaultdict(set)
        for aid, number in session.execute(
            select(ActionAxisLink.action_id, Axis.number).join(
                Axis, ActionAxisLink.axis_id == Axis.id
            )
        ):
            if aid in wanted:
                linked[aid].add(number)
        goals: dict[int, set[int]] = defaultdict(set)
        for aid, goal in session.execute(select(ActionSdg.action_id, ActionSdg.goal)):
            if aid in wanted:
                goals[aid].add(goal)
        codes = {
            aid: code
            for aid, code in session.execute(select(Action.id, Action.code))
            if aid in wanted
        }
        leads: dict[int, list[str]] = defaultdict(list)
        involved: dict[int, list[str]] = defaultdict(list)
        for row in session.execute(
            select(
                Assignment.id,
                Assignment.action_id,
                Assignment.stakeholder_id,
                Stakeholder.name,
                Assignment.role,
                Assignment.version,
            )
            .join(Stakeholder, Assignment.stakeholder_id == Stakeholder.id)
            .order_by(Assignment.action_id, Assignment.role, Stakeholder.name)
        ):
            aid = row.action_id
            if aid not in wanted:
                continue
            if row.role == Role.LEAD:
                leads[aid].append(row.name)
            else:
                involved[aid].append(f"{row.name} ({row.role.label})")
            result.assignments.append(
                {
                    "id": row.id,
                    "action_id": aid,
                    "action_code": codes[aid],
                    "stakeholder_id": row.stakeholder_id,
                    "stakeholder": row.name,
                    "role": row.role,
                    "version": row.version,
                }
            )
        open_due: dict[int, list[dt.date]] = defaultdict(list)
        for d in session.execute(
            select(
                Deadline.id,
                Deadline.action_id,
                Deadline.title,
                Deadline.due_date,
                Deadline.completed_on,
                Stakeholder.name,
                Deadline.notes,
                Deadline.version,
            )
            .outerjoin(Stakeholder, Deadline.stakeholder_id == Stakeholder.id)
            .order_by(Deadline.completed_on.is_not(None), Deadline.due_date, Deadline.id)
        ):
            aid = d.action_id
            if aid not in wanted:
                continue
            if d.completed_on is None:
                open_due[aid].append(d.due_date)
            result.deadlines.append(
                {
                    "id": d.id,
                    "action_id": aid,
                    "action_code": codes[aid],
                    "title": d.title,
                    "due_date": d.due_date,
                    "completed_on": d.completed_on,
                    "stakeholder": d.name,
                    "notes": d.notes,
                    "overdue": d.completed_on is None and d.due_date < today,
                    "version": d.version,
                }
            )
        for a in session.execute(
            select(
                Action.id,
                Action.code,
                Axis.number,
                Strategy.code.label("strategy"),
                Action.text,
                Action.short_title,
                Action.status,
                Action.progress,
                Action.priority,
                Action.start_date,
                Action.end_date,
                Action.budget,
                Action.funding_source,
                Action.notes,
                Action.version,
                Action.cup,
                Action.pnrr,
                Action.dup_objective,
                Action.competence,
            )
            .join(Strategy, Action.strategy_id == Strategy.id)
            .join(Axis, Strategy.axis_id == Axis.id)
            .order_by(Axis.number, Strategy.position, Action.position, Action.id)
        ):
            aid = a.id
            if aid not in wanted:
                continue
            due = tuple(sorted(open_due.get(aid, ())))
            result.actions.append(
                {
                    "id": aid,
                    "version": a.version,
                    "code": a.code,
                    "axis": a.number,
                    "strategy": a.strategy,
                    "text": a.text,
                    "short_title": a.short_title,
                    "status": a.status,
                    "progress": a.progress,
                    "priority": a.priority,
                    "start_date": a.start_date,
                    "end_date": a.end_date,
                    "lead": ", ".join(leads[aid]) if aid in leads else None,
                    "involved": "; ".join(involved[aid]) if aid in involved else "",
                    "next_deadline": due[0] if due else None,
                    "overdue": is_overdue(a.status, a.end_date, due, today),
                    "budget": a.budget,
                    "funding_source": a.funding_source,
                    "sectors": frozenset(sectors.get(aid, ())),
                    "zones": frozenset(zones.get(aid, ())),
                    "linked_axes": frozenset(linked.get(aid, ())),
                    "notes": a.notes,
                    "cup": a.cup,
                    "pnrr": a.pnrr,
                    "dup_objective": a.dup_objective,
                    "sdgs": frozenset(goals.get(aid, ())),
                    "competence": a.competence,
                }
            )
    return result
