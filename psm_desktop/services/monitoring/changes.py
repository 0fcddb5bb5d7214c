"""What changed between two states of the plan (two periods, or a period and today)."""

from __future__ import annotations

from dataclasses import dataclass

from psm_desktop.formatting import format_value
from psm_desktop.services.monitoring.indicators import format_number
from psm_desktop.services.monitoring.state import ActionState, IndicatorState, PlanState

# The facts of an action compared between two states, with their Italian names.
ACTION_FIELDS: tuple[tuple[str, str], ...] = (
    ("status", "stato"),
    ("progress", "avanzamento"),
    ("health", "andamento"),
    ("start_date", "data di inizio"),
    ("end_date", "data di fine"),
    ("budget", "budget"),
)


@dataclass(frozen=True, slots=True)
class Change:
    code: str  # the action's code (an indicator's change carries its owner's code)
    what: str  # Italian name of the field, or of the indicator
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Changes:
    before: str  # "30/06/2025" label of each side
    after: str
    added: tuple[str, ...]  # action codes
    removed: tuple[str, ...]
    changed: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare(before: PlanState, after: PlanState) -> Changes:
    """Actions are matched by their id, so a renumbered action is one action that moved."""
    old = {a.id: a for a in before.actions}
    new = {a.id: a for a in after.actions}
    changed: list[Change] = []
    for action in after.actions:
        previous = old.get(action.id)
        if previous is None:
            continue
        if previous.code != action.code:
            changed.append(Change(action.code, "codice", previous.code, action.code))
        changed.extend(_field_changes(previous, action))
    changed.extend(_indicator_changes(before.indicators, after.indicators))
    return Changes(
        before=_label(before),
        after=_label(after),
        added=tuple(a.code for a in after.actions if a.id not in old),
        removed=tuple(a.code for a in before.actions if a.id not in new),
        changed=tuple(changed),
    )


def _label(state: PlanState) -> str:
    return state.period or f"oggi ({format_value(state.reference_date)})"


def _shown(value: object) -> str:
    label = getattr(value, "label", None)
    return str(label) if label is not None else format_value(value) or "—"


def _field_changes(before: ActionState, after: ActionState) -> list[Change]:
    def shown(state: ActionState, attr: str) -> str:
        value = getattr(state, attr)
        return f"{value} %" if attr == "progress" else _shown(value)

    return [
        Change(after.code, name, shown(before, attr), shown(after, attr))
        for attr, name in ACTION_FIELDS
        if getattr(before, attr) != getattr(after, attr)
    ]


def shown_value(ind: IndicatorState) -> str:
    """An indicator's value as every report shows it: a number, n.d. or the dash."""
    return format_number(ind.value, ind.not_available) or "—"


def _indicator_changes(
    before: tuple[IndicatorState, ...], after: tuple[IndicatorState, ...]
) -> list[Change]:
    old = {i.id: i for i in before}
    out = []
    for ind in after:
        previous = old.get(ind.id)
        old_value = shown_value(previous) if previous else "—"
        if old_value != shown_value(ind):
            what = f"indicatore «{ind.name}»"
            out.append(Change(ind.owner, what, old_value, shown_value(ind)))
    return out
