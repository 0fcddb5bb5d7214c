"""The board's detail of one office: its actions and the last recorded change of each."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from psm_desktop.model import Action, Assignment, ChangeLogEntry
from psm_desktop.model.codes import code_order
from psm_desktop.services.campaigns.dto import ActionUpdate


def office_actions(session: Session, stakeholder_id: int) -> list[ActionUpdate]:
    """The office's actions in code order, each with its role and its latest change-log entry."""
    rows = session.execute(
        select(Action.id, Action.code, Action.short_title, Action.text, Assignment.role)
        .join(Assignment, Assignment.action_id == Action.id)
        .where(Assignment.stakeholder_id == stakeholder_id)
        .order_by(Action.position, Action.code)
    ).all()
    ids = [r.id for r in rows]
    # One query for all: the newest entry id per action (ids grow with time).
    latest = (
        dict(
            session.execute(
                select(ChangeLogEntry.action_id, func.max(ChangeLogEntry.id))
                .where(ChangeLogEntry.action_id.in_(ids))
                .group_by(ChangeLogEntry.action_id)
            ).all()
        )
        if ids
        else {}
    )
    entries = (
        {
            e.action_id: e
            for e in session.scalars(
                select(ChangeLogEntry).where(ChangeLogEntry.id.in_(list(latest.values())))
            )
        }
        if latest
        else {}
    )
    found = []
    for r in rows:
        entry = entries.get(r.id)
        found.append(
            ActionUpdate(
                action_id=r.id,
                code=r.code,
                title=(r.short_title or r.text or "").strip(),
                role=r.role.label,
                changed_at=entry.changed_at if entry else None,
                user=entry.user if entry else "",
                source=entry.source if entry else "",
            )
        )
    return sorted(found, key=lambda a: code_order(a.code))
