"""Codes follow positions: lay out part of the tree, then write every changed code once.

A structural edit decides the new order of the siblings it touches (`Layout` of `Slot`s);
`apply` gives them positions 1..n, derives the codes (`2.1`, `2.1.3`) of them and of
everything below, writes only what changed (version checked and bumped, as the ORM does)
and logs every old -> new code.

Codes and axis numbers are unique in the database, and SQLite checks uniqueness row by
row, so swapping two codes in place would fail half-way. The rows whose code changes are
first given a temporary code with one bulk UPDATE (which does not touch their version),
then the final one, so each row's version is bumped once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, bindparam, cast, literal, select, update
from sqlalchemy.orm import Session

from psm_desktop.errors import StaleWriteError
from psm_desktop.model import Action, Axis, Strategy
from psm_desktop.services import changelog
from psm_desktop.services.code_changes import ACTION, AXIS, STRATEGY, CodeChange
from psm_desktop.services.context import EditContext

CODE_FIELD = "Codice"
NUMBER_FIELD = "Numero"
PLACEHOLDER = "~"  # prefix of the code of a row just created (replaced before the commit)
NEW_AXIS_NUMBER = 0  # the number of an axis just created: real ones start at 1, temporary < 0
CHUNK = 500  # ids per bulk UPDATE: well under SQLite's limit of bound parameters
# Set in `session.info` by a preview: `apply` then only says what would change (the
# transaction is rolled back anyway), which halves what the user waits for a move.
PREVIEW_ONLY = "psm_renumbering_preview_only"


def ordered_strategies(session: Session, axis_id: int) -> list[Strategy]:
    """The strategies of an axis as ORM rows (to delete or show them), in order."""
    return list(
        session.scalars(
            select(Strategy)
            .where(Strategy.axis_id == axis_id)
            .order_by(Strategy.position, Strategy.id)
        )
    )


def ordered_actions(session: Session, strategy_id: int) -> list[Action]:
    """The actions of a strategy as ORM rows (to delete them), in order."""
    return list(
        session.scalars(
            select(Action)
            .where(Action.strategy_id == strategy_id)
            .order_by(Action.position, Action.id)
        )
    )


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one row sits: all renumbering needs, read without loading whole ORM rows."""

    id: int
    parent_id: int  # the plan of an axis, the axis of a strategy, the strategy of an action
    position: int  # an axis's number
    code: str  # an axis's number as text
    version: int


def slot(row: Axis | Strategy | Action) -> Slot:
    if isinstance(row, Axis):
        return Slot(row.id, row.plan_id, row.number, str(row.number), row.version)
    if isinstance(row, Strategy):
        return Slot(row.id, row.axis_id, row.position, row.code, row.version)
    return Slot(row.id, row.strategy_id, row.position, row.code, row.version)


def axis_slots(session: Session, plan_id: int) -> list[Slot]:
    query = (
        select(Axis.id, Axis.plan_id, Axis.number, Axis.number, Axis.version)
        .where(Axis.plan_id == plan_id)
        .order_by(Axis.number, Axis.id)
    )
    return [Slot(i, p, n, str(c), v) for i, p, n, c, v in session.execute(query)]


def strategy_slots(session: Session, axis_ids: list[int]) -> dict[int, list[Slot]]:
    """axis id -> its strategies' slots in order."""
    query = (
        select(Strategy.id, Strategy.axis_id, Strategy.position, Strategy.code, Strategy.version)
        .where(Strategy.axis_id.in_(axis_ids))
        .order_by(Strategy.position, Strategy.id)
    )
    return _grouped(session, query, axis_ids)


def action_slots(session: Session, strategy_ids: list[int]) -> dict[int, list[Slot]]:
    """strategy id -> its actions' slots in order."""
    result: dict[int, list[Slot]] = {i: [] for i in strategy_ids}
    for start in range(0, len(strategy_ids), CHUNK):
        chunk = strategy_ids[start : start + CHUNK]
        query = (
            select(Action.id, Action.strategy_id, Action.position, Action.code, Action.version)
            .where(Action.strategy_id.in_(chunk))
            .order_by(Action.position, Action.id)
        )
        result.update(_grouped(session, query, chunk))
    return result


def strategies_in(session: Session, axis_id: int) -> list[Slot]:
    return strategy_slots(session, [axis_id])[axis_id]


def actions_in(session: Session, strategy_id: int) -> list[Slot]:
    return action_slots(session, [strategy_id])[strategy_id]


def codes_of(session: Session, entity: str, ids: list[int]) -> dict[int, str]:
    """id -> current code of these strategies or actions (rows just renumbered in bulk)."""
    model = Strategy if entity == STRATEGY else Action
    result: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = select(model.id, model.code).where(model.id.in_(chunk))
        result.update((i, c) for i, c in session.execute(query))
    return result


def without(siblings: list[Slot], row_id: int) -> list[Slot]:
    return [s for s in siblings if s.id != row_id]


def placed(siblings: list[Slot], row: Slot, position: int | None) -> list[Slot]:
    """`siblings` with `row` at 1-based `position` (None, or past the end: last)."""
    others = without(siblings, row.id)
    index = len(others) if position is None else max(0, min(position - 1, len(others)))
    return [*others[:index], row, *others[index:]]


def _grouped(session: Session, query: Any, parent_ids: list[int]) -> dict[int, list[Slot]]:
    result: dict[int, list[Slot]] = {i: [] for i in parent_ids}
    for row in session.execute(query):
        result[row[1]].append(Slot(*row))
    return result


@dataclass
class Layout:
    """The wanted order of the touched siblings; everything below them follows."""

    axes: list[Slot] | None = None  # all axes of the plan, in their new order
    strategies: dict[int, tuple[Slot, list[Slot]]] = field(default_factory=dict)
    actions: dict[int, tuple[Slot, list[Slot]]] = field(default_factory=dict)

    def set_axes(self, ordered: list[Slot]) -> None:
        self.axes = ordered

    def set_strategies(self, axis: Slot, ordered: list[Slot]) -> None:
        self.strategies[axis.id] = (axis, ordered)

    def set_actions(self, strategy: Slot, ordered: list[Slot]) -> None:
        self.actions[strategy.id] = (strategy, ordered)


@dataclass(frozen=True, slots=True)
class _Place:
    entity: str
    row: Slot
    parent_id: int
    position: int
    code: str

    @property
    def moves(self) -> bool:
        row = self.row
        return (row.parent_id, row.position, row.code) != (self.parent_id, self.position, self.code)


def apply(session: Session, ctx: EditContext, layout: Layout) -> list[CodeChange]:
    """Give the laid-out rows their positions and codes; log and return the code changes."""
    places = [p for p in _compute(session, layout) if p.moves]
    changes = [
        CodeChange(p.entity, p.row.id, p.row.code, p.code, p.row.version + 1)
        for p in places
        if p.row.code != p.code
    ]
    # A row just created has a placeholder code: its creation is logged, not a code change.
    changes = [c for c in changes if not _placeholder(c)]
    if session.info.get(PREVIEW_ONLY):
        return changes
    session.flush()  # what the caller did so far (a delete, a new row) goes first
    _free_codes(session, changes)
    for entity in (AXIS, STRATEGY, ACTION):
        _write(session, entity, [p for p in places if p.entity == entity])
    changelog.record_many(
        session,
        ctx,
        [
            changelog.Entry(
                entity=c.entity,
                entity_id=c.entity_id,
                label=c.new_code,
                action_id=c.entity_id if c.entity == ACTION else None,
                field=NUMBER_FIELD if c.entity == AXIS else CODE_FIELD,
                old=c.old_code,
                new=c.new_code,
            )
            for c in changes
        ],
    )
    _expire(session, places)
    return changes


def _placeholder(change: CodeChange) -> bool:
    return change.old_code.startswith(PLACEHOLDER) or change.old_code == str(NEW_AXIS_NUMBER)


def _compute(session: Session, layout: Layout) -> list[_Place]:
    places: list[_Place] = []
    axis_number: dict[int, int] = {}
    if layout.axes is not None:
        renumbered = []
        for number, axis in enumerate(layout.axes, start=1):
            places.append(_Place(AXIS, axis, axis.parent_id, number, str(number)))
            axis_number[axis.id] = number
            # A renumbered axis renumbers everything below it.
            if axis.position != number and axis.id not in layout.strategies:
                renumbered.append(axis)
        loaded = strategy_slots(session, [a.id for a in renumbered])
        for axis in renumbered:
            layout.set_strategies(axis, loaded[axis.id])
    recoded = []
    strategy_code: dict[int, str] = {}
    for axis, strategies in layout.strategies.values():
        number = axis_number.get(axis.id, axis.position)
        for position, strategy in enumerate(strategies, start=1):
            code = f"{number}.{position}"
            places.append(_Place(STRATEGY, strategy, axis.id, position, code))
            strategy_code[strategy.id] = code
            if strategy.code != code and strategy.id not in layout.actions:
                recoded.append(strategy)
    loaded = action_slots(session, [s.id for s in recoded])
    for strategy in recoded:
        layout.set_actions(strategy, loaded[strategy.id])
    for strategy, actions in layout.actions.values():
        prefix = strategy_code.get(strategy.id, strategy.code)
        for position, action in enumerate(actions, start=1):
            places.append(_Place(ACTION, action, strategy.id, position, f"{prefix}.{position}"))
    return places


_TABLES = {AXIS: Axis.__table__, STRATEGY: Strategy.__table__, ACTION: Action.__table__}
_PARENT = {AXIS: "plan_id", STRATEGY: "axis_id", ACTION: "strategy_id"}


def _write(session: Session, entity: str, places: list[_Place]) -> None:
    """One UPDATE per row, sent as one batch; each row's version is checked and bumped.

    Core, not the ORM: the ORM would send them one by one and walk every relationship of
    thousands of rows (a strategy of 500 actions moved to another axis).
    """
    if not places:
        return
    table = _TABLES[entity]
    if entity == AXIS:
        values: dict[str, Any] = {"number": bindparam("b_position")}
    else:
        values = {
            _PARENT[entity]: bindparam("b_parent"),
            "position": bindparam("b_position"),
            "code": bindparam("b_code"),
        }
    statement = (
        table.update()  # type: ignore[attr-defined]
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(version=table.c.version + 1, **values)
    )
    params = [
        {
            "b_id": p.row.id,
            "b_version": p.row.version,
            "b_parent": p.parent_id,
            "b_position": p.position,
            "b_code": p.code,
        }
        for p in places
    ]
    result: Any = session.execute(statement, params)
    # Like the ORM, trust the count of a batch only where the driver reports it.
    if session.get_bind().dialect.supports_sane_multi_rowcount and result.rowcount != len(params):
        # A row changed since it was read (another window or program).
        raise StaleWriteError("La struttura del piano")


def _expire(session: Session, places: list[_Place]) -> None:
    """Rows of this session that the batch rewrote are read again when next used."""
    wanted = {(_TABLES[p.entity], p.row.id) for p in places}
    for row in list(session.identity_map.values()):
        if (getattr(type(row), "__table__", None), getattr(row, "id", None)) in wanted:
            session.expire(row)


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
