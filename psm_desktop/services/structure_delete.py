"""What deleting part of the plan takes with it, and the delete of many actions at once.

Deleting an axis of a thousand actions must not load each action with its collections:
the change-log entries (one per action, assignment and deadline) are written in one
batch and the rows deleted with one statement per chunk, the database's ON DELETE
CASCADE taking their sectors, zones, links, assignments and deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from psm_desktop.errors import NotFoundError
from psm_desktop.formatting import plural
from psm_desktop.model import (
    Action,
    Assignment,
    Axis,
    ChangeLogEntry,
    Deadline,
    Indicator,
    Stakeholder,
    Strategy,
)
from psm_desktop.services import changelog
from psm_desktop.services.assignment_service import ROLE_LABEL, assignment_label
from psm_desktop.services.context import EditContext
from psm_desktop.services.deadline_service import deadline_text
from psm_desktop.services.renumbering import ACTION, AXIS, CHUNK, STRATEGY, CodeChange

DELETED = "eliminazione"


@dataclass(frozen=True, slots=True)
class DeleteSummary:
    """What deleting an axis, a strategy or an action takes with it."""

    kind: str
    code: str
    title: str
    # What an axis or a strategy holds (0 for an action).
    strategies: int
    actions: int
    assignments: int
    deadlines: int
    history: int  # change-log entries of the actions (kept in the log after the delete)
    indicators: int = 0  # of the actions, and of the strategies and the axis deleted
    code_changes: tuple[CodeChange, ...] = ()

    @property
    def holds_actions(self) -> bool:
        return self.actions > 0

    @property
    def needs_confirmation(self) -> bool:
        return any(
            (
                self.strategies,
                self.actions,
                self.assignments,
                self.deadlines,
                self.indicators,
                self.history,
            )
        )

    def contents(self) -> str:
        """'3 azioni, 2 assegnazioni e 1 scadenza' (what goes with it), or ''."""
        parts = [
            _count(self.strategies, "strategia", "strategie"),
            _count(self.actions, "azione", "azioni"),
            _count(self.assignments, "assegnazione", "assegnazioni"),
            _count(self.deadlines, "scadenza", "scadenze"),
            _count(self.indicators, "indicatore", "indicatori"),
        ]
        return join_italian([p for p in parts if p])


def _count(n: int, one: str, many: str) -> str:
    return plural(n, one, many) if n else ""


def join_italian(parts: list[str]) -> str:
    """'a', 'a e b', 'a, b e c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " e " + parts[-1]


def summary(session: Session, kind: str, entity_id: int) -> DeleteSummary:
    if kind == AXIS:
        axis = session.get(Axis, entity_id)
        if axis is None:
            raise NotFoundError("L'asse non esiste più: forse è stato eliminato.")
        strategy_ids = list(session.scalars(select(Strategy.id).where(Strategy.axis_id == axis.id)))
        code, title = str(axis.number), axis.title
    elif kind == STRATEGY:
        strategy = session.get(Strategy, entity_id)
        if strategy is None:
            raise NotFoundError("La strategia non esiste più: forse è stata eliminata.")
        strategy_ids, code, title = [strategy.id], strategy.code, strategy.title
    else:
        action = session.get(Action, entity_id)
        if action is None:
            raise NotFoundError("L'azione non esiste più: forse è stata eliminata.")
        strategy_ids, code, title = [], action.code, action.text
    action_ids = [entity_id] if kind == ACTION else actions_of(session, strategy_ids)

    def count(column: Any) -> int:
        return sum(
            int(session.scalar(select(func.count()).where(column.in_(chunk))) or 0)
            for chunk in _chunks(action_ids)
        )

    owned = or_(Indicator.strategy_id.in_(strategy_ids), Indicator.axis_id == entity_id)
    if kind != AXIS:
        owned = Indicator.strategy_id.in_(strategy_ids)
    return DeleteSummary(
        kind=kind,
        code=code,
        title=title,
        strategies=len(strategy_ids) if kind == AXIS else 0,
        actions=len(action_ids) if kind != ACTION else 0,
        assignments=count(Assignment.action_id),
        deadlines=count(Deadline.action_id),
        history=count(ChangeLogEntry.action_id),
        indicators=count(Indicator.action_id)
        + int(session.scalar(select(func.count()).where(owned)) or 0),
    )


def actions_of(session: Session, strategy_ids: list[int]) -> list[int]:
    if not strategy_ids:
        return []
    query = select(Action.id).where(Action.strategy_id.in_(strategy_ids)).order_by(Action.id)
    return list(session.scalars(query))


def delete_actions(session: Session, ctx: EditContext, action_ids: list[int]) -> None:
    """Log and delete these actions with their assignments and deadlines."""
    session.flush()
    for chunk in _chunks(action_ids):
        entries = [
            changelog.Entry(
                "assegnazione",
                a_id,
                assignment_label(code, name),
                action_id,
                ROLE_LABEL,
                role,
                None,
            )
            for a_id, action_id, role, code, name in session.execute(
                select(
                    Assignment.id,
                    Assignment.action_id,
                    Assignment.role,
                    Action.code,
                    Stakeholder.name,
                )
                .join(Action, Assignment.action_id == Action.id)
                .join(Stakeholder, Assignment.stakeholder_id == Stakeholder.id)
                .where(Assignment.action_id.in_(chunk))
                .order_by(Assignment.id)
            )
        ]
        entries += [
            changelog.Entry(
                "scadenza", d_id, title, action_id, DELETED, deadline_text(title, due), None
            )
            for d_id, action_id, title, due in session.execute(
                select(Deadline.id, Deadline.action_id, Deadline.title, Deadline.due_date)
                .where(Deadline.action_id.in_(chunk))
                .order_by(Deadline.id)
            )
        ]
        entries += [
            changelog.Entry(ACTION, a_id, code, a_id, DELETED, f"{code} {text}", None)
            for a_id, code, text in session.execute(
                select(Action.id, Action.code, Action.text)
                .where(Action.id.in_(chunk))
                .order_by(Action.position)
            )
        ]
        changelog.record_many(session, ctx, entries)
        session.execute(
            delete(Action).where(Action.id.in_(chunk)),
            execution_options={"synchronize_session": False},
        )
    gone = set(action_ids)
    for row in list(session.identity_map.values()):
        if isinstance(row, Action) and row.id in gone:
            session.expunge(row)


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
