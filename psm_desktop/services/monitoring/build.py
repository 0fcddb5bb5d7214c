"""Build the live state of the plan at a reference date, in a handful of bulk queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from psm_desktop.errors import NotFoundError
from psm_desktop.model import (
    Action,
    ActionSdg,
    Assignment,
    Axis,
    Competence,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Role,
    Stakeholder,
    Status,
    Strategy,
)
from psm_desktop.services.monitoring.health import (
    HealthRule,
    IndicatorFacts,
    action_score,
    expected_progress,
    indicator_score,
    period_target,
    progress_score,
)
from psm_desktop.services.monitoring.state import ActionState, IndicatorState, PlanState

# The columns of an action that its state needs (rows, not ORM objects: 10,000 of them).
_ACTION_COLUMNS = (
    "id",
    "code",
    "text",
    "status",
    "progress",
    "start_date",
    "end_date",
    "budget",
    "notes",
    "cup",
    "pnrr",
    "dup_objective",
    "competence",
)


class _ActionRow(NamedTuple):
    id: int
    code: str
    text: str
    status: Status
    progress: int
    start_date: dt.date | None
    end_date: dt.date | None
    budget: Decimal | None
    notes: str
    cup: str | None
    pnrr: str | None
    dup_objective: str | None
    competence: Competence | None


def build_state(
    session: Session,
    *,
    reference_date: dt.date,
    period_id: int | None,
    period_name: str | None,
    closed: bool,
    rule: HealthRule,
) -> PlanState:
    """Every action and indicator as they stand now, scored at `reference_date`.

    Indicator values and intermediate targets are those of `period_id` (none without one).
    """
    axes = tuple(
        (n, t) for n, t in session.execute(select(Axis.number, Axis.title).order_by(Axis.number))
    )
    strategy_rows = session.execute(
        select(Strategy.id, Strategy.code, Strategy.title, Axis.number, Axis.id)
        .join(Axis, Strategy.axis_id == Axis.id)
        .order_by(Axis.number, Strategy.position)
    ).all()
    strategies = tuple((code, title, number) for _, code, title, number, _ in strategy_rows)
    strategy_code = {sid: code for sid, code, _, _, _ in strategy_rows}
    axis_number = {aid: number for _, _, _, number, aid in strategy_rows}
    axis_number.update({aid: n for aid, n in session.execute(select(Axis.id, Axis.number))})

    action_rows = session.execute(
        select(*(getattr(Action, name) for name in _ACTION_COLUMNS), Strategy.code, Axis.number)
        .join(Strategy, Action.strategy_id == Strategy.id)
        .join(Axis, Strategy.axis_id == Axis.id)
        .order_by(Axis.number, Strategy.position, Action.position)
    ).all()
    action_code = {row[0]: row[1] for row in action_rows}
    lead_names: dict[int, list[str]] = defaultdict(list)
    for action_id, name in session.execute(
        select(Assignment.action_id, Stakeholder.name)
        .join(Stakeholder, Assignment.stakeholder_id == Stakeholder.id)
        .where(Assignment.role == Role.LEAD)
        .order_by(Assignment.action_id, Stakeholder.name)
    ):
        lead_names[action_id].append(name)
    leads = {action_id: ", ".join(names) for action_id, names in lead_names.items()}
    goals: dict[int, list[int]] = defaultdict(list)
    for action_id, goal in session.execute(
        select(ActionSdg.action_id, ActionSdg.goal).order_by(ActionSdg.action_id, ActionSdg.goal)
    ):
        goals[action_id].append(goal)

    indicators = _indicators(
        session, period_id, reference_date, rule, action_code, strategy_code, axis_number
    )
    by_action: dict[str, list[float | None]] = defaultdict(list)
    for ind in indicators:
        if ind.owner_kind == "azione":
            by_action[ind.owner].append(ind.score)

    actions = []
    for *columns, s_code, a_number in action_rows:
        action = _ActionRow(*columns)
        expected = expected_progress(action.start_date, action.end_date, reference_date)
        score = action_score(
            [progress_score(action.status, action.progress, expected), *by_action[action.code]]
        )
        actions.append(
            ActionState(
                id=action.id,
                code=action.code,
                axis=a_number,
                strategy=s_code,
                text=action.text,
                status=action.status,
                progress=action.progress,
                start_date=action.start_date,
                end_date=action.end_date,
                budget=action.budget,
                notes=action.notes,
                lead=leads.get(action.id),
                expected_progress=expected,
                score=score,
                health=rule.classify(score),
                cup=action.cup,
                pnrr=action.pnrr,
                dup_objective=action.dup_objective,
                sdgs=tuple(goals.get(action.id, ())),
                competence=action.competence,
            )
        )
    return PlanState(
        period=period_name,
        reference_date=reference_date,
        closed=closed,
        rule=rule,
        axes=axes,
        strategies=strategies,
        actions=tuple(actions),
        indicators=tuple(indicators),
    )


def build_action(
    session: Session,
    action_id: int,
    *,
    reference_date: dt.date,
    period_id: int | None,
    rule: HealthRule,
    status: Status | None = None,
    progress: int | None = None,
) -> tuple[ActionState, list[IndicatorState]]:
    """One action and its indicators scored like `build_state` does, in three small reads.

    `status` and `progress` replace the stored ones: the health an edit would give.
    """
    built = build_actions(
        session,
        {action_id: (status, progress)},
        reference_date=reference_date,
        period_id=period_id,
        rule=rule,
    )
    if not built:
        raise NotFoundError("L'azione non esiste più: è stata eliminata.")
    return built[0]


# Actions per query in `build_actions`: well under every engine's limit of parameters.
_CHUNK = 500


def build_actions(
    session: Session,
    edits: dict[int, tuple[Status | None, int | None]],
    *,
    reference_date: dt.date,
    period_id: int | None,
    rule: HealthRule,
) -> list[tuple[ActionState, list[IndicatorState]]]:
    """`build_action` for many actions (id -> status, progress as if edited; None: the
    stored one) in three reads per few hundred, not per action; missing ones are left out."""
    ids = sorted(edits)
    built = []
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        rows = session.execute(
            select(Action, Strategy.code, Axis.number)
            .join(Strategy, Action.strategy_id == Strategy.id)
            .join(Axis, Strategy.axis_id == Axis.id)
            .where(Action.id.in_(chunk))
            .order_by(Action.id)
        ).all()
        indicators = _indicators(
            session,
            period_id,
            reference_date,
            rule,
            {action.id: action.code for action, _, _ in rows},
            {},
            {},
            only_actions=chunk,
        )
        by_action: dict[str, list[IndicatorState]] = defaultdict(list)
        for ind in indicators:
            by_action[ind.owner].append(ind)
        for action, s_code, a_number in rows:
            status, progress = edits[action.id]
            mine = by_action[action.code]
            built.append(
                (
                    _action_state(
                        action, s_code, a_number, reference_date, rule, status, progress, mine
                    ),
                    mine,
                )
            )
    return built


def _action_state(
    action: Action,
    s_code: str,
    a_number: int,
    reference_date: dt.date,
    rule: HealthRule,
    status: Status | None,
    progress: int | None,
    indicators: list[IndicatorState],
) -> ActionState:
    status = status if status is not None else action.status
    progress = progress if progress is not None else action.progress
    expected = expected_progress(action.start_date, action.end_date, reference_date)
    score = action_score(
        [progress_score(status, progress, expected), *(i.score for i in indicators)]
    )
    return ActionState(
        id=action.id,
        code=action.code,
        axis=a_number,
        strategy=s_code,
        text=action.text,
        status=status,
        progress=progress,
        start_date=action.start_date,
        end_date=action.end_date,
        budget=action.budget,
        notes=action.notes,
        lead=None,  # not needed by the editor; the period's state has it
        expected_progress=expected,
        score=score,
        health=rule.classify(score),
    )


_INDICATOR_COLUMNS = (
    "id",
    "action_id",
    "strategy_id",
    "axis_id",
    "name",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "range_min",
    "range_max",
)


def _indicators(
    session: Session,
    period_id: int | None,
    at: dt.date,
    rule: HealthRule,
    action_code: dict[int, str],
    strategy_code: dict[int, str],
    axis_number: dict[int, int],
    only_actions: list[int] | None = None,
) -> list[IndicatorState]:
    targets: dict[int, Decimal] = {}
    values: dict[int, Any] = {}  # rows of value, not_available, note
    # Some actions' indicators only (the editor's light read), or every one (a period).
    mine = [Indicator.action_id.in_(only_actions)] if only_actions is not None else []
    of_mine = (
        [*mine, Indicator.id == IndicatorTarget.indicator_id] if only_actions is not None else []
    )
    if period_id is not None:
        targets = {
            indicator_id: value
            for indicator_id, value in session.execute(
                select(IndicatorTarget.indicator_id, IndicatorTarget.value).where(
                    IndicatorTarget.period_id == period_id, *of_mine
                )
            )
        }
        # Columns, not ORM objects: a period of 10,000 actions has 20,000 of each.
        query = select(
            IndicatorValue.indicator_id,
            IndicatorValue.value,
            IndicatorValue.not_available,
            IndicatorValue.note,
        ).where(IndicatorValue.period_id == period_id)
        if only_actions is not None:
            query = query.join(Indicator, Indicator.id == IndicatorValue.indicator_id).where(*mine)
        values = {row.indicator_id: row for row in session.execute(query)}
    out = []
    columns = [getattr(Indicator, name) for name in _INDICATOR_COLUMNS]
    for ind in session.execute(select(*columns).where(*mine).order_by(Indicator.id)):
        if ind.action_id is not None:
            owner, kind = action_code[ind.action_id], "azione"
        elif ind.strategy_id is not None:
            owner, kind = strategy_code[ind.strategy_id], "strategia"
        else:
            assert ind.axis_id is not None
            owner, kind = str(axis_number[ind.axis_id]), "asse"
        facts = IndicatorFacts(
            direction=ind.direction,
            baseline=ind.baseline_value,
            baseline_date=ind.baseline_date,
            target=ind.target_value,
            target_date=ind.target_date,
            range_min=ind.range_min,
            range_max=ind.range_max,
        )
        goal = period_target(facts, targets.get(ind.id), at)
        measured = values.get(ind.id)
        value = measured.value if measured else None
        score = indicator_score(facts, value, goal)
        out.append(
            IndicatorState(
                id=ind.id,
                owner=owner,
                owner_kind=kind,
                name=ind.name,
                unit=ind.unit,
                direction=ind.direction,
                baseline=ind.baseline_value,
                baseline_date=ind.baseline_date,
                target=ind.target_value,
                target_date=ind.target_date,
                period_target=goal,
                value=value,
                not_available=bool(measured and measured.not_available),
                note=measured.note if measured else "",
                score=score,
                health=rule.classify(score),
            )
        )
    return out
