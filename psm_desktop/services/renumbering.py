"""Codes follow positions: lay out part of the tree, then write every changed code once.

A structural edit decides the new order of the siblings it touches (`Layout`); `apply`
gives them positions 1..n, derives the codes (`2.1`, `2.1.3`) of them and of everything
below, writes only what changed and logs every old -> new code.

Codes and axis numbers are unique in the database, and SQLite checks uniqueness row by
row, so swapping two codes in place would fail half-way. The rows whose code changes are
first given a temporary code with one bulk UPDATE (which does not touch their version),
then the final one through the ORM, so each row's version is bumped once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, literal, select, update
from sqlalchemy.orm import Session

from psm_desktop.model import Action, Axis, Strategy
from psm_desktop.services import changelog
from psm_desktop.services.context import EditContext

AXIS = "asse"
STRATEGY = "strategia"
ACTION = "azione"
CODE_FIELD = "Codice"
NUMBER_FIELD = "Numero"
PLACEHOLDER = "~"  # prefix of the code of a row just created (replaced before the commit)
NEW_AXIS_NUMBER = 0  # the number of an axis just created: real ones start at 1, temporary < 0
CHUNK = 500  # ids per bulk UPDATE: well under SQLite's limit of bound parameters


@dataclass(frozen=True, slots=True)
class CodeChange:
    """One code that a structural edit changes: what the user confirms, what the log keeps."""

    entity: str  # "asse", "strategia", "azione"
    entity_id: int
    old_code: str
    new_code: str

    def __str__(self) -> str:
        return f"{self.entity} {self.old_code} → {self.new_code}"


def ordered_strategies(session: Session, axis_id: int) -> list[Strategy]:
    return list(
        session.scalars(
            select(Strategy)
            .where(Strategy.axis_id == axis_id)
            .order_by(Strategy.position, Strategy.id)
        )
    )


def ordered_actions(session: Session, strategy_id: int) -> list[Action]:
    return list(
        session.scalars(
            select(Action)
            .where(Action.strategy_id == strategy_id)
            .order_by(Action.position, Action.id)
        )
    )


def ordered_axes(session: Session, plan_id: int) -> list[Axis]:
    return list(
        session.scalars(select(Axis).where(Axis.plan_id == plan_id).order_by(Axis.number, Axis.id))
    )


@dataclass
class Layout:
    """The wanted order of the touched siblings; everything below them follows."""

    axes: list[Axis] | None = None  # all axes of the plan, in their new order
    strategies: dict[int, tuple[Axis, list[Strategy]]] = field(default_factory=dict)
    actions: dict[int, tuple[Strategy, list[Action]]] = field(default_factory=dict)

    def set_axes(self, ordered: list[Axis]) -> None:
        self.axes = ordered

    def set_strategies(self, axis: Axis, ordered: list[Strategy]) -> None:
        self.strategies[axis.id] = (axis, ordered)

    def set_actions(self, strategy: Strategy, ordered: list[Action]) -> None:
        self.actions[strategy.id] = (strategy, ordered)


@dataclass
class _Target:
    """The computed place of every row the layout reaches."""

    axis_numbers: dict[Axis, int] = field(default_factory=dict)
    strategies: dict[Strategy, tuple[int, int, str]] = field(default_factory=dict)
    actions: dict[Action, tuple[int, int, str]] = field(default_factory=dict)


def apply(session: Session, ctx: EditContext, layout: Layout) -> list[CodeChange]:
    """Give the laid-out rows their positions and codes; log and return the code changes."""
    target = _compute(session, layout)
    # A row just created has a placeholder code: its creation is logged, not a code change.
    changes = [c for c in _code_changes(target) if not _placeholder(c)]
    _free_codes(session, changes)
    with session.no_autoflush:
        for axis, number in target.axis_numbers.items():
            axis.number = number
        for strategy, (axis_id, position, code) in target.strategies.items():
            strategy.axis_id, strategy.position, strategy.code = axis_id, position, code
        for action, (strategy_id, position, code) in target.actions.items():
            action.strategy_id, action.position, action.code = strategy_id, position, code
        for change in changes:
            changelog.record(
                session,
                ctx,
                entity=change.entity,
                entity_id=change.entity_id,
                label=change.new_code,
                action_id=change.entity_id if change.entity == ACTION else None,
                field=NUMBER_FIELD if change.entity == AXIS else CODE_FIELD,
                old=change.old_code,
                new=change.new_code,
            )
    return changes


def _placeholder(change: CodeChange) -> bool:
    return change.old_code.startswith(PLACEHOLDER) or change.old_code == str(NEW_AXIS_NUMBER)


def _compute(session: Session, layout: Layout) -> _Target:
    target = _Target()
    axis_number: dict[int, int] = {}
    if layout.axes is not None:
        for number, axis in enumerate(layout.axes, start=1):
            target.axis_numbers[axis] = number
            axis_number[axis.id] = number
            # A renumbered axis renumbers everything below it.
            if axis.number != number and axis.id not in layout.strategies:
                layout.set_strategies(axis, ordered_strategies(session, axis.id))
    for axis, strategies in layout.strategies.values():
        number = axis_number.get(axis.id, axis.number)
        for position, strategy in enumerate(strategies, start=1):
            code = f"{number}.{position}"
            target.strategies[strategy] = (axis.id, position, code)
            if strategy.code != code and strategy.id not in layout.actions:
                layout.set_actions(strategy, ordered_actions(session, strategy.id))
    for strategy, actions in layout.actions.values():
        prefix = target.strategies.get(strategy, (0, 0, strategy.code))[2]
        for position, action in enumerate(actions, start=1):
            target.actions[action] = (strategy.id, position, f"{prefix}.{position}")
    return target


def _code_changes(target: _Target) -> list[CodeChange]:
    changes = [
        CodeChange(AXIS, axis.id, str(axis.number), str(number))
        for axis, number in target.axis_numbers.items()
        if axis.number != number
    ]
    changes += [
        CodeChange(STRATEGY, s.id, s.code, code)
        for s, (_, _, code) in target.strategies.items()
        if s.code != code
    ]
    changes += [
        CodeChange(ACTION, a.id, a.code, code)
        for a, (_, _, code) in target.actions.items()
        if a.code != code
    ]
    return changes


def _free_codes(session: Session, changes: list[CodeChange]) -> None:
    """Move the changing codes out of the way (see the module's doc)."""
    ids: dict[str, list[int]] = {AXIS: [], STRATEGY: [], ACTION: []}
    for change in changes:
        ids[change.entity].append(change.entity_id)
    temporary: dict[str, tuple[Any, dict[str, Any]]] = {
        AXIS: (Axis, {"number": -Axis.id}),
        STRATEGY: (Strategy, {"code": literal(PLACEHOLDER + "s") + cast(Strategy.id, String)}),
        ACTION: (Action, {"code": literal(PLACEHOLDER + "a") + cast(Action.id, String)}),
    }
    for entity, (model, values) in temporary.items():
        for start in range(0, len(ids[entity]), CHUNK):
            chunk = ids[entity][start : start + CHUNK]
            session.execute(
                update(model).where(model.id.in_(chunk)).values(values),
                execution_options={"synchronize_session": False},
            )
