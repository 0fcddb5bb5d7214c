"""Bulk loading of actions and deadlines as plain rows: a handful of queries, never one per row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from psm_desktop.model import (
    Action,
    ActionSdg,
    ActionZone,
    Assignment,
    Axis,
    Deadline,
    Role,
    Stakeholder,
    Status,
    Strategy,
)
from psm_desktop.services.action_rows import NAME_SEPARATOR, action_row, haystack, leads_shown
from psm_desktop.services.dto import ActionRow, AssignmentInfo, DeadlineInfo
from psm_desktop.services.filters import (
    ActionFilter,
    cup_fragment,
    matches,
    pnrr_prefix,
)

# Above this many ids an IN (...) list is not worth its parameters: filter in Python instead.
_MAX_IN_LIST = 2000


def load_action_rows(
    session: Session,
    today: dt.date,
    action_ids: list[int] | None = None,
    *,
    flt: ActionFilter | None = None,
) -> list[ActionRow]:
    """Every action (or those in `action_ids`, or those `flt` keeps) in plan order.

    One query returns each action with its stakeholders, leads, zones and open deadlines
    aggregated beside it (correlated subqueries, portable SQL). With a filter, its
    structured parts run in SQL and the free text on a light projection first, so only
    the actions kept are loaded in full; `matches()` (the rule the UI uses too) still has
    the last word.
    """
    conditions = _conditions(flt, today) if flt is not None else []
    ids = list(action_ids) if action_ids is not None else None
    if flt is not None and flt.text.split():
        found = _text_matches(session, conditions, ids, flt.text.casefold().split())
        ids = found if ids is None else sorted(set(found) & set(ids))
    if ids is not None and not ids:
        return []
    if ids is not None and (action_ids is not None or len(ids) <= _MAX_IN_LIST):
        conditions.append(Action.id.in_(ids))

    conn = session.connection()  # Core rows: no ORM identity work for plain columns
    rows = [action_row(values, today) for values in conn.execute(_main_query(conditions)).all()]
    if flt is not None and not flt.is_empty:
        rows = [row for row in rows if matches(row, flt, today)]
    return rows


def _plan_join(query: Select) -> Select:
    return query.join(Strategy, Action.strategy_id == Strategy.id).join(
        Axis, Strategy.axis_id == Axis.id
    )


def _conditions(flt: ActionFilter, today: dt.date) -> list[ColumnElement[bool]]:
    """The filter as SQL, exactly as `matches()` reads it (free text apart)."""
    where: list[ColumnElement[bool]] = []
    if flt.axis is not None:
        where.append(Axis.number == flt.axis)
    if flt.strategy:
        where.append(Strategy.code == flt.strategy)
    if flt.statuses is not None:
        where.append(Action.status.in_(list(flt.statuses)))
    if flt.stakeholder_id is not None:
        where.append(
            Action.id.in_(
                select(Assignment.action_id).where(Assignment.stakeholder_id == flt.stakeholder_id)
            )
        )
    if flt.zone_id is not None:
        where.append(
            Action.id.in_(select(ActionZone.action_id).where(ActionZone.zone_id == flt.zone_id))
        )
    if flt.cup and cup_fragment(flt.cup):
        where.append(Action.cup.contains(cup_fragment(flt.cup), autoescape=True))
    if flt.pnrr_mission is not None:
        where.append(Action.pnrr.startswith(pnrr_prefix(flt.pnrr_mission), autoescape=True))
    if flt.sdg is not None:
        where.append(Action.id.in_(select(ActionSdg.action_id).where(ActionSdg.goal == flt.sdg)))
    if flt.competence is not None:
        where.append(Action.competence == flt.competence)
    open_deadline = select(Deadline.action_id).where(Deadline.completed_on.is_(None))
    if flt.overdue_only:
        closed = [s for s in Status if s.is_closed]
        where.append(Action.status.not_in(closed))
        where.append(
            or_(
                Action.end_date < today,
                Action.id.in_(open_deadline.where(Deadline.due_date < today)),
            )
        )
    if flt.deadline_within_days is not None:
        limit = today + dt.timedelta(days=flt.deadline_within_days)
        where.append(
            Action.id.in_(
                open_deadline.where(Deadline.due_date >= today, Deadline.due_date <= limit)
            )
        )
    return where


def _joined(column: Any, *where: ColumnElement[bool]) -> Any:
    """A correlated subquery: the values of `column` for this action, comma-joined."""
    return (
        select(func.aggregate_strings(cast(column, String), ","))
        .where(*where)
        .correlate(Action)
        .scalar_subquery()
    )


def _lead_names() -> Any:
    """A correlated subquery: the names of this action's leads, joined by NAME_SEPARATOR."""
    return (
        select(func.aggregate_strings(Stakeholder.name, NAME_SEPARATOR))
        .select_from(Assignment)
        .join(Stakeholder, Assignment.stakeholder_id == Stakeholder.id)
        .where(Assignment.action_id == Action.id, Assignment.role == Role.LEAD)
        .correlate(Action)
        .scalar_subquery()
    )


def _text_matches(
    session: Session,
    conditions: list[ColumnElement[bool]],
    ids: list[int] | None,
    words: list[str],
) -> list[int]:
    """Ids of the actions whose haystack holds every word, read from a light projection."""
    where = list(conditions)
    if ids is not None and len(ids) <= _MAX_IN_LIST:
        where.append(Action.id.in_(ids))
    conn = session.connection()
    query = _plan_join(
        select(Action.id, Action.code, Action.text, Action.short_title, _lead_names())
    ).where(*where)
    found = []
    for aid, code, text, short_title, leads in conn.execute(query).all():
        hay = haystack(code, text, short_title, leads_shown(leads))
        if all(word in hay for word in words):
            found.append(aid)
    return found


def _main_query(conditions: list[ColumnElement[bool]]) -> Select:
    query = _plan_join(
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
            _joined(Assignment.stakeholder_id, Assignment.action_id == Action.id),
            _lead_names(),
            _joined(ActionZone.zone_id, ActionZone.action_id == Action.id),
            # ISO text on SQLite, and on PostgreSQL with its default DateStyle.
            _joined(
                Deadline.due_date,
                Deadline.action_id == Action.id,
                Deadline.completed_on.is_(None),
            ),
            Action.cup,
            Action.pnrr,
            Action.competence,
            _joined(ActionSdg.goal, ActionSdg.action_id == Action.id),
        )
    ).order_by(Axis.number, Strategy.position, Action.position, Action.id)
    return query.where(*conditions) if conditions else query


def load_deadlines(
    session: Session,
    today: dt.date,
    *,
    action_id: int | None = None,
    stakeholder_id: int | None = None,
    include_done: bool = True,
) -> list[DeadlineInfo]:
    """Deadlines with their action and responsible, open ones first by due date."""
    # Plain columns, not Deadline objects: 15,000 ORM instances cost about twice the query.
    query = (
        select(
            Deadline.id,
            Deadline.action_id,
            Action.code,
            Action.text,
            Axis.number,
            Deadline.title,
            Deadline.due_date,
            Deadline.completed_on,
            Deadline.stakeholder_id,
            Stakeholder.name,
            Deadline.notes,
            Deadline.version,
        )
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
        DeadlineInfo(
            id=id_,
            action_id=action_id,
            action_code=code,
            action_text=text,
            axis_number=axis_no,
            title=title,
            due_date=due,
            completed_on=done,
            stakeholder_id=stakeholder_id,
            stakeholder_name=name,
            notes=notes,
            version=version,
            overdue=done is None and due < today,
        )
        for (
            id_,
            action_id,
            code,
            text,
            axis_no,
            title,
            due,
            done,
            stakeholder_id,
            name,
            notes,
            version,
        ) in session.connection().execute(query)  # Core rows: no ORM result machinery
    ]


def assignment_info(a: Assignment, stakeholder: Stakeholder, action_code: str) -> AssignmentInfo:
    """The plain-data view of one assignment (shared by every service that returns one)."""
    return AssignmentInfo(
        id=a.id,
        action_id=a.action_id,
        action_code=action_code,
        stakeholder_id=stakeholder.id,
        stakeholder_name=stakeholder.name,
        stakeholder_kind=stakeholder.kind,
        role=a.role,
        version=a.version,
    )


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
