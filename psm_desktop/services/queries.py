"""Bulk loading of actions and deadlines as plain rows: a handful of queries, never one per row."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from psm_desktop.model import (
    Action,
    ActionZone,
    Assignment,
    Axis,
    Deadline,
    Role,
    Stakeholder,
    Strategy,
)
from psm_desktop.services.dto import ActionRow, DeadlineInfo
from psm_desktop.services.filters import is_overdue


def load_action_rows(
    session: Session, today: dt.date, action_ids: list[int] | None = None
) -> list[ActionRow]:
    """Every action (or those in `action_ids`) in plan order, with lead and open deadlines."""
    query = (
        select(
            Action.id,
            Action.code,
            Action.text,
            Action.short_title,
            Axis.number,
            Strategy.code,
            Action.status,
            Action.progress,
            Action.priority,
            Action.start_date,
            Action.end_date,
            Action.version,
        )
        .join(Strategy, Action.strategy_id == Strategy.id)
        .join(Axis, Strategy.axis_id == Axis.id)
        .order_by(Axis.number, Strategy.position, Action.position, Action.id)
    )
    assign_q = (
        select(Assignment.action_id, Assignment.stakeholder_id, Assignment.role, Stakeholder.name)
        .join(Stakeholder, Assignment.stakeholder_id == Stakeholder.id)
        .order_by(Stakeholder.name)
    )
    deadline_q = (
        select(Deadline.action_id, Deadline.due_date)
        .where(Deadline.completed_on.is_(None))
        .order_by(Deadline.due_date)
    )
    zone_q = select(ActionZone.action_id, ActionZone.zone_id)
    if action_ids is not None:
        query = query.where(Action.id.in_(action_ids))
        assign_q = assign_q.where(Assignment.action_id.in_(action_ids))
        deadline_q = deadline_q.where(Deadline.action_id.in_(action_ids))
        zone_q = zone_q.where(ActionZone.action_id.in_(action_ids))

    leads: dict[int, list[str]] = defaultdict(list)
    stakeholders: dict[int, set[int]] = defaultdict(set)
    for action_id, stakeholder_id, role, name in session.execute(assign_q):
        stakeholders[action_id].add(stakeholder_id)
        if role == Role.LEAD:
            leads[action_id].append(name)
    deadlines: dict[int, list[dt.date]] = defaultdict(list)
    for action_id, due in session.execute(deadline_q):
        deadlines[action_id].append(due)
    zones: dict[int, set[int]] = defaultdict(set)
    for action_id, zone_id in session.execute(zone_q):
        zones[action_id].add(zone_id)

    rows: list[ActionRow] = []
    empty: frozenset[int] = frozenset()
    for (
        aid,
        code,
        text,
        short_title,
        axis_no,
        strategy_code,
        status,
        progress,
        priority,
        start,
        end,
        version,
    ) in session.execute(query):
        lead = ", ".join(leads[aid]) if aid in leads else None
        open_deadlines = tuple(deadlines[aid]) if aid in deadlines else ()
        rows.append(
            ActionRow(
                id=aid,
                code=code,
                text=text,
                short_title=short_title,
                axis_number=axis_no,
                strategy_code=strategy_code,
                status=status,
                progress=progress,
                priority=priority,
                start_date=start,
                end_date=end,
                lead=lead,
                open_deadlines=open_deadlines,
                overdue=is_overdue(status, end, open_deadlines, today),
                version=version,
                stakeholder_ids=frozenset(stakeholders[aid]) if aid in stakeholders else empty,
                zone_ids=frozenset(zones[aid]) if aid in zones else empty,
                haystack=f"{code} {text} {short_title or ''} {lead or ''}".casefold(),
            )
        )
    return rows


def load_deadlines(
    session: Session,
    today: dt.date,
    *,
    action_id: int | None = None,
    stakeholder_id: int | None = None,
    include_done: bool = True,
) -> list[DeadlineInfo]:
    """Deadlines with their action and responsible, open ones first by due date."""
    query = (
        select(Deadline, Action.code, Action.text, Axis.number, Stakeholder.name)
        .join(Action, Deadline.action_id == Action.id)
        .join(Strategy, Action.strategy_id == Strategy.id)
        .join(Axis, Strategy.axis_id == Axis.id)
        .outerjoin(Stakeholder, Deadline.stakeholder_id == Stakeholder.id)
        .order_by(Deadline.completed_on.is_not(None), Deadline.due_date, Action.code, Deadline.id)
    )
    if action_id is not None:
        query = query.where(Deadline.action_id == action_id)
    if stakeholder_id is not None:
        query = query.where(Deadline.stakeholder_id == stakeholder_id)
    if not include_done:
        query = query.where(Deadline.completed_on.is_(None))
    return [
        deadline_info(d, code, text, axis_no, name, today)
        for d, code, text, axis_no, name in session.execute(query)
    ]


def deadline_info(
    d: Deadline,
    action_code: str,
    action_text: str,
    axis_number: int,
    stakeholder_name: str | None,
    today: dt.date,
) -> DeadlineInfo:
    return DeadlineInfo(
        id=d.id,
        action_id=d.action_id,
        action_code=action_code,
        action_text=action_text,
        axis_number=axis_number,
        title=d.title,
        due_date=d.due_date,
        completed_on=d.completed_on,
        stakeholder_id=d.stakeholder_id,
        stakeholder_name=stakeholder_name,
        notes=d.notes,
        version=d.version,
        overdue=d.completed_on is None and d.due_date < today,
    )
