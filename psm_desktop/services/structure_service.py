"""The plan's structure as an editable thing: the plan's own data, axes, strategies, actions.

Create, edit, move, reorder and delete. Codes follow positions (`renumbering`), every code
that changes is logged old -> new, a write based on a stale read is refused, and every
renumbering can be previewed first: the preview runs the very same edit in a transaction
that is rolled back, so what the user confirms is what happens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from psm_desktop.errors import InUseError, NotFoundError, Problem, StaleWriteError, ValidationError
from psm_desktop.model import Action, Axis, Plan, Strategy
from psm_desktop.services import changelog, renumbering
from psm_desktop.services.action_service import ACTION_KIND
from psm_desktop.services.context import EditContext
from psm_desktop.services.dto import PlanInfo
from psm_desktop.services.entity_edit import EntityEditor, EntityKind
from psm_desktop.services.renumbering import (
    ACTION,
    AXIS,
    NEW_AXIS_NUMBER,
    PLACEHOLDER,
    STRATEGY,
    CodeChange,
    Layout,
    slot,
)
from psm_desktop.services.structure_delete import (
    DeleteSummary,
    actions_of,
    delete_actions,
    join_italian,
)
from psm_desktop.services.structure_delete import summary as delete_summary
from psm_desktop.services.structure_restore import Removed, restore_in, snapshot
from psm_desktop.services.validation import (
    LONG_TEXT_LIMIT,
    TEXT_LIMITS,
    check_date,
    check_text,
    placer,
)
from psm_desktop.storage import Database

PLAN_FIELD_LABELS: dict[str, str] = {
    "title": "Titolo del piano",
    "issuer": "Ente",
    "period": "Periodo",
    "updated_on": "Ultimo aggiornamento",
}
AXIS_FIELD_LABELS: dict[str, str] = {"title": "Titolo", "description": "Descrizione"}
STRATEGY_FIELD_LABELS = AXIS_FIELD_LABELS
# The longest texts taken, in characters (see validation.TEXT_LIMITS): a description is
# long prose; the period fits its column ("2024-2026").
TITLED_LIMITS = {"title": 1_000, "description": LONG_TEXT_LIMIT}
PLAN_LIMITS = {"title": 1_000, "issuer": 300, "period": 20}
MOVED_TO = {STRATEGY: "Asse", ACTION: "Strategia"}  # the field a move to another parent logs

PLAN_KIND: EntityKind[Plan] = EntityKind(
    model=Plan,
    entity="piano",
    labels=PLAN_FIELD_LABELS,
    not_found="Il database non contiene alcun piano.",
    describe=lambda p: "Il piano",
    log_label=lambda p: p.code,
)
AXIS_KIND: EntityKind[Axis] = EntityKind(
    model=Axis,
    entity=AXIS,
    labels=AXIS_FIELD_LABELS,
    not_found="L'asse non esiste più: forse è stato eliminato.",
    describe=lambda a: f"L'asse {a.number}",
    log_label=lambda a: f"Asse {a.number}",
)
STRATEGY_KIND: EntityKind[Strategy] = EntityKind(
    model=Strategy,
    entity=STRATEGY,
    labels=STRATEGY_FIELD_LABELS,
    not_found="La strategia non esiste più: forse è stata eliminata.",
    describe=lambda s: f"La strategia {s.code}",
    log_label=lambda s: s.code,
)


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """An axis, a strategy or an action as the structure editor sees it."""

    kind: str  # "asse", "strategia", "azione"
    id: int
    code: str  # "2", "2.1", "2.1.3"
    title: str  # an action's full text
    description: str
    position: int
    parent_id: int | None  # the axis of a strategy, the strategy of an action
    version: int


@dataclass(frozen=True, slots=True)
class StrategyOutline:
    node: NodeInfo
    actions: tuple[NodeInfo, ...]


@dataclass(frozen=True, slots=True)
class AxisOutline:
    """One axis with its strategies and actions, in order (what an axis text describes)."""

    node: NodeInfo
    strategies: tuple[StrategyOutline, ...]


@dataclass(frozen=True, slots=True)
class StructureResult:
    """What a structural edit did: the row it was about and every code it changed."""

    node: NodeInfo | None  # None after a delete
    code_changes: tuple[CodeChange, ...] = ()
    removed: Removed | None = None  # what a delete removed: `restore` puts it back (undo)

    @property
    def node_id(self) -> int:
        assert self.node is not None, "a delete has no node"
        return self.node.id

    @property
    def code(self) -> str:
        assert self.node is not None, "a delete has no node"
        return self.node.code


class StructureService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self._db = db
        self.ctx = ctx
        self.axes = EntityEditor(AXIS_KIND, ctx)
        self.strategies = EntityEditor(STRATEGY_KIND, ctx)
        self.actions = EntityEditor(ACTION_KIND, ctx)
        self.plan_editor = EntityEditor(PLAN_KIND, ctx)

    # --- reading -------------------------------------------------------------------------

    def node(self, kind: str, entity_id: int) -> NodeInfo:
        with self._db.reading() as session:
            return self.node_in(session, kind, entity_id)

    def node_in(self, session: Session, kind: str, entity_id: int) -> NodeInfo:
        if kind == AXIS:
            return _axis_node(self.axes.load(session, entity_id, None))
        if kind == STRATEGY:
            return _strategy_node(self.strategies.load(session, entity_id, None))
        return _action_node(self.actions.load(session, entity_id, None))

    def hold_actions_in(self, session: Session, action_ids: Sequence[int]) -> list[object]:
        """Load these actions in a few queries and keep them in the session while the
        caller holds the returned list: the edits that follow, one action at a time (an
        import of thousands), then find them there instead of reading each one again."""
        ids = list(action_ids)
        rows: list[object] = []
        for start in range(0, len(ids), renumbering.CHUNK):
            chunk = ids[start : start + renumbering.CHUNK]
            rows += session.scalars(select(Action).where(Action.id.in_(chunk)))
        return rows

    def axis_outline(self, number: int) -> AxisOutline | None:
        with self._db.reading() as session:
            return self.axis_outline_in(session, number)

    def axis_outline_in(self, session: Session, number: int) -> AxisOutline | None:
        """Axis `number` of the plan with its strategies and actions; None if there is none."""
        axis = session.scalar(select(Axis).where(Axis.number == number))
        if axis is None:
            return None
        strategies = renumbering.ordered_strategies(session, axis.id)
        actions: dict[int, list[NodeInfo]] = {s.id: [] for s in strategies}
        if strategies:
            for action in session.scalars(
                select(Action)
                .where(Action.strategy_id.in_(list(actions)))
                .order_by(Action.position, Action.id)
            ):
                actions[action.strategy_id].append(_action_node(action))
        return AxisOutline(
            _axis_node(axis),
            tuple(StrategyOutline(_strategy_node(s), tuple(actions[s.id])) for s in strategies),
        )

    def plan_outline_in(self, session: Session) -> tuple[AxisOutline, ...]:
        """Every axis of the plan, in number order, with its strategies and actions."""
        numbers = session.scalars(select(Axis.number).order_by(Axis.number)).all()
        return tuple(o for n in numbers if (o := self.axis_outline_in(session, n)) is not None)

    # --- the plan's own data -------------------------------------------------------------

    def plan_in(self, session: Session) -> PlanInfo:
        plan = _the_plan(session)
        return PlanInfo(
            plan.id,
            plan.code,
            plan.title,
            plan.issuer,
            plan.period,
            plan.updated_on,
            self._db.database_id or "",
        )

    def plan_updated_on_in(self, session: Session) -> dt.date | None:
        return _the_plan(session).updated_on

    def update_plan(self, expected: Mapping[str, Any] | None, changes: Mapping[str, Any]) -> None:
        """Edit title, issuer, period or "ultimo aggiornamento" (`PLAN_FIELD_LABELS`).

        The plan row has no version column: `expected` holds the values the caller read
        (field -> value, e.g. from PlanInfo); if any of them changed since, the edit is
        refused like a stale write. None skips the check.
        """
        with self._db.transaction() as session:
            self.update_plan_in(session, expected, changes)

    def update_plan_in(
        self,
        session: Session,
        expected: Mapping[str, Any] | None,
        changes: Mapping[str, Any],
        *,
        where: str = "",
    ) -> list[str]:
        plan = _the_plan(session)
        for name, value in (expected or {}).items():
            if name in PLAN_FIELD_LABELS and getattr(plan, name) != value:
                raise StaleWriteError("Il piano")
        return self.plan_editor.apply(session, plan, _validate_plan(changes, where))

    # --- axes ----------------------------------------------------------------------------

    def create_axis(
        self, title: str, description: str = "", number: int | None = None
    ) -> StructureResult:
        """A new axis at `number` (the following ones move up by one), or after the last."""
        return self._write(lambda s: self.create_axis_in(s, title, description, number))

    def create_axis_in(
        self,
        session: Session,
        title: str,
        description: str = "",
        number: int | None = None,
        *,
        renumber: bool = True,
    ) -> StructureResult:
        """`renumber=False` keeps `number` as given (a text import of axis 3 into an empty plan)."""
        clean = _validate_titled(AXIS_FIELD_LABELS, {"title": title, "description": description})
        plan = _the_plan(session)
        axes = renumbering.axis_slots(session, plan.id)
        if not renumber and number is not None:
            if any(a.position == number for a in axes):
                raise ValidationError([Problem("Numero", f"l'asse {number} esiste già")])
            axis = Axis(plan_id=plan.id, number=number, **clean)
            session.add(axis)
            session.flush()
            self.axes.created(session, axis, f"{number} {axis.title}")
            return StructureResult(_axis_node(axis))
        axis = Axis(plan_id=plan.id, number=NEW_AXIS_NUMBER, **clean)  # numbered below
        session.add(axis)
        session.flush()
        layout = Layout()
        layout.set_axes(renumbering.placed(axes, slot(axis), number))
        changes = renumbering.apply(session, self.ctx, layout)
        self.axes.created(session, axis, f"{axis.number} {axis.title}")
        return StructureResult(_axis_node(axis), tuple(changes))

    def update_axis(
        self, axis_id: int, expected_version: int | None, changes: Mapping[str, Any]
    ) -> NodeInfo:
        """Title and description; the number changes through `move_axis`."""
        with self._db.transaction() as session:
            return self.update_axis_in(session, axis_id, expected_version, changes)

    def update_axis_in(
        self,
        session: Session,
        axis_id: int,
        expected_version: int | None,
        changes: Mapping[str, Any],
    ) -> NodeInfo:
        axis, _ = self.axes.edit(
            session, axis_id, expected_version, changes, _titled_validator(AXIS_FIELD_LABELS)
        )
        return _axis_node(axis)

    def move_axis(self, axis_id: int, expected_version: int | None, number: int) -> StructureResult:
        """Give the axis number `number`; the others shift, codes below follow."""
        return self._write(lambda s: self.move_axis_in(s, axis_id, expected_version, number))

    def preview_move_axis(self, axis_id: int, number: int) -> tuple[CodeChange, ...]:
        return self._preview(lambda s: self.move_axis_in(s, axis_id, None, number))

    def move_axis_in(
        self, session: Session, axis_id: int, expected_version: int | None, number: int
    ) -> StructureResult:
        axis = self.axes.load(session, axis_id, expected_version)
        layout = Layout()
        layout.set_axes(
            renumbering.placed(renumbering.axis_slots(session, axis.plan_id), slot(axis), number)
        )
        return self._finish(session, layout, axis, _axis_node)

    def delete_axis(
        self, axis_id: int, expected_version: int | None, *, with_contents: bool = False
    ) -> StructureResult:
        """Delete an axis; refused while it holds actions unless `with_contents`."""
        return self._write(
            lambda s: self.delete_axis_in(s, axis_id, expected_version, with_contents=with_contents)
        )

    def preview_delete_axis(self, axis_id: int) -> DeleteSummary:
        return self._delete_preview(
            AXIS, axis_id, lambda s: self.delete_axis_in(s, axis_id, None, with_contents=True)
        )

    def delete_axis_in(
        self,
        session: Session,
        axis_id: int,
        expected_version: int | None,
        *,
        with_contents: bool = False,
    ) -> StructureResult:
        axis = self.axes.load(session, axis_id, expected_version)
        summary = delete_summary(session, AXIS, axis.id)
        if summary.holds_actions and not with_contents:
            raise InUseError(
                f"L'asse {axis.number} contiene {summary.contents()}: sposta prima le azioni "
                "in un altro asse o conferma l'eliminazione anche del contenuto."
            )
        removed = snapshot(session, AXIS, axis.id)
        for strategy in renumbering.ordered_strategies(session, axis.id):
            self._delete_strategy_rows(session, strategy)
        plan_id = axis.plan_id
        self.axes.deleted(session, axis, f"{axis.number} {axis.title}")
        session.flush()
        layout = Layout()
        layout.set_axes(renumbering.axis_slots(session, plan_id))
        changes = renumbering.apply(session, self.ctx, layout)
        return StructureResult(None, tuple(changes), removed)

    # --- strategies ----------------------------------------------------------------------

    def create_strategy(
        self, axis_id: int, title: str, description: str = "", position: int | None = None
    ) -> StructureResult:
        return self._write(
            lambda s: self.create_strategy_in(s, axis_id, title, description, position)
        )

    def create_strategy_in(
        self,
        session: Session,
        axis_id: int,
        title: str,
        description: str = "",
        position: int | None = None,
    ) -> StructureResult:
        clean = _validate_titled(
            STRATEGY_FIELD_LABELS, {"title": title, "description": description}
        )
        axis = self.axes.load(session, axis_id, None)
        siblings = renumbering.strategies_in(session, axis.id)
        strategy = Strategy(
            axis_id=axis.id, code=f"{PLACEHOLDER}new{axis.id}", position=len(siblings) + 1, **clean
        )
        session.add(strategy)
        session.flush()
        layout = Layout()
        layout.set_strategies(slot(axis), renumbering.placed(siblings, slot(strategy), position))
        changes = renumbering.apply(session, self.ctx, layout)
        self.strategies.created(session, strategy, f"{strategy.code} {strategy.title}")
        return StructureResult(_strategy_node(strategy), tuple(changes))

    def update_strategy(
        self, strategy_id: int, expected_version: int | None, changes: Mapping[str, Any]
    ) -> NodeInfo:
        """Title and description; the code changes through `move_strategy`."""
        with self._db.transaction() as session:
            return self.update_strategy_in(session, strategy_id, expected_version, changes)

    def update_strategy_in(
        self,
        session: Session,
        strategy_id: int,
        expected_version: int | None,
        changes: Mapping[str, Any],
    ) -> NodeInfo:
        strategy, _ = self.strategies.edit(
            session,
            strategy_id,
            expected_version,
            changes,
            _titled_validator(STRATEGY_FIELD_LABELS),
        )
        return _strategy_node(strategy)

    def move_strategy(
        self,
        strategy_id: int,
        expected_version: int | None,
        axis_id: int,
        position: int | None = None,
    ) -> StructureResult:
        """Move to `position` (1 = first, None = last) of axis `axis_id`; also reorders."""
        return self._write(
            lambda s: self.move_strategy_in(s, strategy_id, expected_version, axis_id, position)
        )

    def preview_move_strategy(
        self, strategy_id: int, axis_id: int, position: int | None = None
    ) -> tuple[CodeChange, ...]:
        return self._preview(
            lambda s: self.move_strategy_in(s, strategy_id, None, axis_id, position)
        )

    def move_strategy_in(
        self,
        session: Session,
        strategy_id: int,
        expected_version: int | None,
        axis_id: int,
        position: int | None = None,
    ) -> StructureResult:
        strategy = self.strategies.load(session, strategy_id, expected_version)
        source = self.axes.load(session, strategy.axis_id, None)
        target = self.axes.load(session, axis_id, None)
        layout = Layout()
        if source.id != target.id:
            siblings = renumbering.strategies_in(session, source.id)
            layout.set_strategies(slot(source), renumbering.without(siblings, strategy.id))
            self.strategies.log(session, strategy, MOVED_TO[STRATEGY], source.number, target.number)
        siblings = renumbering.strategies_in(session, target.id)
        layout.set_strategies(slot(target), renumbering.placed(siblings, slot(strategy), position))
        return self._finish(session, layout, strategy, _strategy_node)

    def delete_strategy(
        self, strategy_id: int, expected_version: int | None, *, with_actions: bool = False
    ) -> StructureResult:
        """Delete a strategy; refused while it holds actions unless `with_actions`."""
        return self._write(
            lambda s: self.delete_strategy_in(
                s, strategy_id, expected_version, with_actions=with_actions
            )
        )

    def preview_delete_strategy(self, strategy_id: int) -> DeleteSummary:
        return self._delete_preview(
            STRATEGY,
            strategy_id,
            lambda s: self.delete_strategy_in(s, strategy_id, None, with_actions=True),
        )

    def delete_strategy_in(
        self,
        session: Session,
        strategy_id: int,
        expected_version: int | None,
        *,
        with_actions: bool = False,
    ) -> StructureResult:
        strategy = self.strategies.load(session, strategy_id, expected_version)
        summary = delete_summary(session, STRATEGY, strategy.id)
        if summary.holds_actions and not with_actions:
            raise InUseError(
                f"La strategia {strategy.code} contiene {summary.contents()}: sposta prima le "
                "azioni in un'altra strategia o conferma l'eliminazione anche delle azioni."
            )
        axis = self.axes.load(session, strategy.axis_id, None)
        removed = snapshot(session, STRATEGY, strategy.id)
        self._delete_strategy_rows(session, strategy)
        session.flush()
        layout = Layout()
        layout.set_strategies(slot(axis), renumbering.strategies_in(session, axis.id))
        changes = renumbering.apply(session, self.ctx, layout)
        return StructureResult(None, tuple(changes), removed)

    def _delete_strategy_rows(self, session: Session, strategy: Strategy) -> None:
        delete_actions(session, self.ctx, actions_of(session, [strategy.id]))
        self.strategies.deleted(session, strategy, f"{strategy.code} {strategy.title}")

    # --- actions -------------------------------------------------------------------------

    def create_action(
        self,
        strategy_id: int,
        text: str,
        position: int | None = None,
        short_title: str | None = None,
    ) -> StructureResult:
        """A new action (its other fields are then edited through ActionService)."""
        return self._write(
            lambda s: self.create_action_in(s, strategy_id, text, position, short_title)
        )

    def create_action_in(
        self,
        session: Session,
        strategy_id: int,
        text: str,
        position: int | None = None,
        short_title: str | None = None,
    ) -> StructureResult:
        problems: list[Problem] = []
        limits = TEXT_LIMITS["action"]
        checked = check_text(text, "Azione", problems, limit=limits["text"], required=True)
        title = (
            check_text(short_title, "Titolo breve", problems, limit=limits["short_title"]).strip()
            or None
        )
        if problems:
            raise ValidationError(problems)
        strategy = self.strategies.load(session, strategy_id, None)
        siblings = renumbering.actions_in(session, strategy.id)
        action = Action(
            strategy_id=strategy.id,
            code=f"{PLACEHOLDER}new{strategy.id}",
            position=len(siblings) + 1,
            text=checked,
            short_title=title,
            updated_at=dt.datetime.now(),
        )
        session.add(action)
        session.flush()
        layout = Layout()
        layout.set_actions(slot(strategy), renumbering.placed(siblings, slot(action), position))
        changes = renumbering.apply(session, self.ctx, layout)
        self.actions.created(session, action, f"{action.code} {action.text}")
        return StructureResult(_action_node(action), tuple(changes))

    def create_actions_in(
        self,
        session: Session,
        strategy_id: int,
        texts: Sequence[tuple[str, str | None]],
        *,
        where: Sequence[str] = (),
    ) -> list[int]:
        """Many new actions (text, short title) after the last of a strategy, in one go.

        The same checks, rows and change-log entries as `create_action_in` once per text,
        but the strategy is numbered once at the end and the log written in one batch: an
        import of thousands of actions would otherwise renumber the strategy thousands of
        times. `where[i]` names the place of text i in the problems (else "Azione").
        Returns the new ids in order; every problem of every text is raised at once.
        """
        problems: list[Problem] = []
        limits = TEXT_LIMITS["action"]
        clean: list[tuple[str, str | None]] = []
        for index, (text, short_title) in enumerate(texts):
            place = where[index] + ", " if index < len(where) and where[index] else ""
            checked = check_text(
                text, f"{place}Azione", problems, limit=limits["text"], required=True
            )
            title = check_text(
                short_title, f"{place}Titolo breve", problems, limit=limits["short_title"]
            ).strip()
            clean.append((checked, title or None))
        if problems:
            raise ValidationError(problems)
        if not clean:
            return []
        strategy = self.strategies.load(session, strategy_id, None)
        siblings = renumbering.actions_in(session, strategy.id)
        now = dt.datetime.now()
        rows = [
            Action(
                strategy_id=strategy.id,
                code=f"{PLACEHOLDER}new{strategy.id}.{index}",
                position=len(siblings) + index,
                text=text,
                short_title=title,
                updated_at=now,
            )
            for index, (text, title) in enumerate(clean, start=1)
        ]
        session.add_all(rows)
        session.flush()
        ids = [row.id for row in rows]
        layout = Layout()
        layout.set_actions(slot(strategy), siblings + [slot(row) for row in rows])
        renumbering.apply(session, self.ctx, layout)
        codes = renumbering.codes_of(session, ACTION, ids)
        changelog.record_many(
            session,
            self.ctx,
            [
                changelog.Entry(ACTION, i, codes[i], i, "creazione", None, f"{codes[i]} {text}")
                for i, (text, _) in zip(ids, clean, strict=True)
            ],
        )
        return ids

    def move_action(
        self,
        action_id: int,
        expected_version: int | None,
        strategy_id: int,
        position: int | None = None,
    ) -> StructureResult:
        """Move to `position` (1 = first, None = last) of strategy `strategy_id`."""
        return self._write(
            lambda s: self.move_action_in(s, action_id, expected_version, strategy_id, position)
        )

    def preview_move_action(
        self, action_id: int, strategy_id: int, position: int | None = None
    ) -> tuple[CodeChange, ...]:
        return self._preview(
            lambda s: self.move_action_in(s, action_id, None, strategy_id, position)
        )

    def move_action_in(
        self,
        session: Session,
        action_id: int,
        expected_version: int | None,
        strategy_id: int,
        position: int | None = None,
    ) -> StructureResult:
        action = self.actions.load(session, action_id, expected_version)
        source = self.strategies.load(session, action.strategy_id, None)
        target = self.strategies.load(session, strategy_id, None)
        layout = Layout()
        if source.id != target.id:
            siblings = renumbering.actions_in(session, source.id)
            layout.set_actions(slot(source), renumbering.without(siblings, action.id))
            self.actions.log(session, action, MOVED_TO[ACTION], source.code, target.code)
        siblings = renumbering.actions_in(session, target.id)
        layout.set_actions(slot(target), renumbering.placed(siblings, slot(action), position))
        return self._finish(session, layout, action, _action_node)

    def arrange_axis_in(
        self, session: Session, axis_id: int, order: Sequence[tuple[int, Sequence[int]]]
    ) -> list[CodeChange]:
        """Put the listed actions in the listed strategies, in this order (an axis import).

        `order` is (strategy id, its action ids) for strategies of axis `axis_id`. Actions
        of the axis not listed stay in their strategy, after the listed ones, in their
        order. Every code that changes is logged, and so is every change of strategy.
        """
        axis = self.axes.load(session, axis_id, None)
        strategies = renumbering.strategies_in(session, axis.id)
        current = renumbering.action_slots(session, [s.id for s in strategies])
        by_id = {a.id: a for slots in current.values() for a in slots}
        named = {strategy_id: list(ids) for strategy_id, ids in order}
        listed = {i for ids in named.values() for i in ids}
        code_of = {s.id: s.code for s in strategies}
        layout = Layout()
        moves = []
        for strategy in strategies:
            ids = named.get(strategy.id, [])
            moves += [
                changelog.Entry(
                    ACTION,
                    i,
                    by_id[i].code,
                    i,
                    MOVED_TO[ACTION],
                    code_of[by_id[i].parent_id],
                    strategy.code,
                )
                for i in ids
                if by_id[i].parent_id != strategy.id
            ]
            rest = [a for a in current[strategy.id] if a.id not in listed]
            layout.set_actions(strategy, [by_id[i] for i in ids] + rest)
        changelog.record_many(session, self.ctx, moves)
        return renumbering.apply(session, self.ctx, layout)

    def delete_action(
        self, action_id: int, expected_version: int | None, *, confirmed: bool = False
    ) -> StructureResult:
        """Delete an action with its assignments and deadlines.

        When it has any of them, or a history, the caller must ask the user first
        (`preview_delete_action` says what goes with it) and pass `confirmed=True`.
        """
        return self._write(
            lambda s: self.delete_action_in(s, action_id, expected_version, confirmed=confirmed)
        )

    def preview_delete_action(self, action_id: int) -> DeleteSummary:
        return self._delete_preview(
            ACTION, action_id, lambda s: self.delete_action_in(s, action_id, None, confirmed=True)
        )

    def delete_action_in(
        self,
        session: Session,
        action_id: int,
        expected_version: int | None,
        *,
        confirmed: bool = False,
    ) -> StructureResult:
        action = self.actions.load(session, action_id, expected_version)
        summary = delete_summary(session, ACTION, action.id)
        if summary.needs_confirmation and not confirmed:
            what = summary.contents()
            history = "una cronologia di modifiche" if summary.history else ""
            raise InUseError(
                f"L'azione {action.code} ha {join_italian([p for p in (what, history) if p])}: "
                "conferma l'eliminazione (assegnazioni, scadenze e indicatori vengono "
                "eliminati con l'azione; la cronologia resta nel registro delle modifiche)."
            )
        strategy = self.strategies.load(session, action.strategy_id, None)
        removed = snapshot(session, ACTION, action.id)
        delete_actions(session, self.ctx, [action.id])
        layout = Layout()
        layout.set_actions(slot(strategy), renumbering.actions_in(session, strategy.id))
        changes = renumbering.apply(session, self.ctx, layout)
        return StructureResult(None, tuple(changes), removed)

    # --- undo of a delete ----------------------------------------------------------------

    def restore(self, removed: Removed) -> StructureResult:
        """Put back what a delete removed (same ids, places, codes, assignments, deadlines)."""
        return self._write(lambda s: self.restore_in(s, removed))

    def restore_in(self, session: Session, removed: Removed) -> StructureResult:
        layout = restore_in(session, self.ctx, removed)
        changes = renumbering.apply(session, self.ctx, layout)
        return StructureResult(
            self.node_in(session, removed.kind, removed.entity_id), tuple(changes)
        )

    # --- machinery -----------------------------------------------------------------------

    def _write(self, operation: Callable[[Session], StructureResult]) -> StructureResult:
        with self._db.transaction() as session:
            return operation(session)

    def _preview(self, operation: Callable[[Session], StructureResult]) -> tuple[CodeChange, ...]:
        """The code changes `operation` would make; nothing is written (rolled back)."""
        with self._db.reading() as session:
            session.info[renumbering.PREVIEW_ONLY] = True
            return operation(session).code_changes

    def _delete_preview(
        self, kind: str, entity_id: int, operation: Callable[[Session], StructureResult]
    ) -> DeleteSummary:
        with self._db.reading() as session:
            session.info[renumbering.PREVIEW_ONLY] = True
            summary = delete_summary(session, kind, entity_id)
            changes = operation(session).code_changes
        return dataclasses.replace(summary, code_changes=changes)

    def _finish(
        self,
        session: Session,
        layout: Layout,
        row: Any,
        node: Callable[[Any], NodeInfo],
    ) -> StructureResult:
        changes = renumbering.apply(session, self.ctx, layout)
        return StructureResult(node(row), tuple(changes))


def _the_plan(session: Session) -> Plan:
    plan = session.scalars(select(Plan).order_by(Plan.id)).first()
    if plan is None:
        raise NotFoundError("Il database non contiene alcun piano.")
    return plan


def _validate_titled(labels: Mapping[str, str], values: Mapping[str, Any]) -> dict[str, Any]:
    """Title (required) and description of an axis or a strategy, kept verbatim."""
    problems: list[Problem] = []
    clean: dict[str, Any] = {}
    place = placer(dict(labels), "")
    for name, value in values.items():
        if name not in labels:
            problems.append(Problem("", f"campo sconosciuto: {name}"))
        else:
            clean[name] = check_text(
                value, place(name), problems, limit=TITLED_LIMITS[name], required=name == "title"
            )
    if problems:
        raise ValidationError(problems)
    return clean


def _titled_validator(
    labels: Mapping[str, str],
) -> Callable[[Session, Any, Mapping[str, Any]], dict[str, Any]]:
    return lambda session, row, changes: _validate_titled(labels, changes)


def _validate_plan(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    problems: list[Problem] = []
    clean: dict[str, Any] = {}
    place = placer(PLAN_FIELD_LABELS, where)
    for name, value in values.items():
        if name not in PLAN_FIELD_LABELS:
            problems.append(Problem(where or "Piano", f"campo sconosciuto: {name}"))
        elif name == "updated_on":
            clean[name] = check_date(value, place(name), problems)
        else:
            limit = PLAN_LIMITS[name]
            text = check_text(value, place(name), problems, limit=limit, required=name == "title")
            clean[name] = text.strip()
    if problems:
        raise ValidationError(problems)
    return clean


def _axis_node(axis: Axis) -> NodeInfo:
    return NodeInfo(
        AXIS,
        axis.id,
        str(axis.number),
        axis.title,
        axis.description,
        axis.number,
        None,
        axis.version,
    )


def _strategy_node(s: Strategy) -> NodeInfo:
    return NodeInfo(
        STRATEGY, s.id, s.code, s.title, s.description, s.position, s.axis_id, s.version
    )


def _action_node(a: Action) -> NodeInfo:
    return NodeInfo(ACTION, a.id, a.code, a.text, "", a.position, a.strategy_id, a.version)
