"""Roll the actions' health up to strategies, axes and the plan, as the rule says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from psm_desktop.model import Health
from psm_desktop.services.monitoring.health import rollup_score
from psm_desktop.services.monitoring.state import ActionState, IndicatorState, PlanState


@dataclass(frozen=True, slots=True)
class HealthSummary:
    code: str  # "" for the plan, "1" for an axis, "1.2" for a strategy
    title: str
    health: Health
    score: float | None
    expected_progress: float | None  # average over the actions that have dates
    progress: float | None  # average declared progress
    actions: int
    by_health: tuple[tuple[Health, int], ...]

    def count(self, health: Health) -> int:
        return dict(self.by_health).get(health, 0)


@dataclass(frozen=True, slots=True)
class HealthReport:
    state: PlanState
    plan: HealthSummary
    axes: tuple[HealthSummary, ...]
    strategies: tuple[HealthSummary, ...]


def summarize(state: PlanState) -> HealthReport:
    by_axis: dict[int, list[ActionState]] = {n: [] for n, _ in state.axes}
    by_strategy: dict[str, list[ActionState]] = {c: [] for c, _, _ in state.strategies}
    for action in state.actions:
        by_axis.setdefault(action.axis, []).append(action)
        by_strategy.setdefault(action.strategy, []).append(action)
    return HealthReport(
        state=state,
        plan=_summary(state, "", "Piano", state.actions),
        axes=tuple(_summary(state, str(n), title, by_axis[n]) for n, title in state.axes),
        strategies=tuple(
            _summary(state, code, title, by_strategy[code]) for code, title, _ in state.strategies
        ),
    )


def _summary(
    state: PlanState, code: str, title: str, actions: Sequence[ActionState]
) -> HealthSummary:
    score = rollup_score([(a.score, a.budget) for a in actions], state.rule)
    expected = [a.expected_progress for a in actions if a.expected_progress is not None]
    counts = Counter(a.health for a in actions)
    return HealthSummary(
        code=code,
        title=title,
        health=state.rule.classify(score),
        score=score,
        expected_progress=round(sum(expected) / len(expected), 1) if expected else None,
        progress=round(sum(a.progress for a in actions) / len(actions), 1) if actions else None,
        actions=len(actions),
        by_health=tuple((h, counts[h]) for h in Health if counts[h]),
    )


def furthest_indicators(state: PlanState, limit: int = 10) -> list[IndicatorState]:
    """The rated indicators furthest from their target for the period, worst first."""
    rated = [i for i in state.indicators if i.score is not None]
    rated.sort(key=lambda i: (i.score, i.owner, i.name))
    return rated[:limit]


def actions_with(state: PlanState, health: Health, axis: int | None = None) -> frozenset[int]:
    """The ids of the actions (of one axis, or all) whose computed health is `health`."""
    return frozenset(
        a.id for a in state.actions if a.health is health and (axis is None or a.axis == axis)
    )
