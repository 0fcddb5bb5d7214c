"""Light helpers over the plan's rows (no SQLAlchemy): the tree built from them, the text
the search looks in. The window's first view uses them before the data layers load."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from psm_desktop.model.enums import Role
from psm_desktop.services.dto import (
    ActionRow,
    AssignmentInfo,
    AxisInfo,
    AxisNode,
    StrategyInfo,
    StrategyNode,
)
from psm_desktop.services.filters import is_overdue

# Joins the leads' names inside SQL. No name holds it: names are whitespace-normalised on
# input and Python counts "\x1f" as whitespace.
NAME_SEPARATOR = "\x1f"


def haystack(code: str, text: str, short_title: str | None, lead: str | None) -> str:
    """What the free-text search looks in: code, text, short title and lead, casefolded."""
    return f"{code} {text} {short_title or ''} {lead or ''}".casefold()


def build_tree(
    axes: list[AxisInfo], strategies: list[StrategyInfo], rows: list[ActionRow]
) -> list[AxisNode]:
    by_strategy: dict[str, list[ActionRow]] = defaultdict(list)
    for row in rows:
        by_strategy[row.strategy_code].append(row)
    nodes = {axis.number: AxisNode(axis=axis) for axis in axes}
    for strategy in strategies:
        nodes[strategy.axis_number].strategies.append(
            StrategyNode(strategy=strategy, actions=by_strategy.get(strategy.code, []))
        )
    return [nodes[axis.number] for axis in axes]


def leads_shown(joined: str | None) -> str | None:
    """The leads' names as rows show them: sorted, comma-separated."""
    if not joined:
        return None
    return ", ".join(sorted(joined.split(NAME_SEPARATOR)))


_NO_IDS: frozenset[int] = frozenset()
# The same joined ids come back row after row (zones, goals, offices): each set is built
# once and shared (frozensets cannot change). Emptied when it grows past any plan's needs.
_IDS_SEEN: dict[str, frozenset[int]] = {}
_IDS_SEEN_MAX = 100_000


def id_set(joined: str | None) -> frozenset[int]:
    if not joined:
        return _NO_IDS
    found = _IDS_SEEN.get(joined)
    if found is None:
        if len(_IDS_SEEN) >= _IDS_SEEN_MAX:
            _IDS_SEEN.clear()
        found = _IDS_SEEN[joined] = frozenset(map(int, joined.split(",")))
    return found


def action_row(values: Any, today: dt.date) -> ActionRow:
    """An ActionRow from the columns of the rows' query (services.queries, storage.first_view),
    with dates and enums already converted."""
    code, text, short_title, status, end = values[1], values[2], values[3], values[6], values[10]
    lead = leads_shown(values[13])
    due_dates = values[15]
    open_deadlines = (
        tuple(sorted(map(dt.date.fromisoformat, due_dates.split(",")))) if due_dates else ()
    )
    # Positional, in the fields' order (id ... end_date come first, as in the query): the
    # cheapest call, for the 10,000 rows of start-up.
    return ActionRow(  # type: ignore[call-arg]  # mypy cannot count *values[:11]
        *values[:11],
        lead,
        open_deadlines,
        is_overdue(status, end, open_deadlines, today),
        values[11],  # version
        id_set(values[12]),  # the stakeholders
        id_set(values[14]),  # the zones
        haystack(code, text, short_title, lead),
        *values[16:19],  # cup, pnrr, competence
        id_set(values[19]),  # the goals
    )


def assignment_order(info: AssignmentInfo) -> tuple[int, str]:
    """Lead first, then partner, involved, informed (the enum's order, not the stored
    text's), then by name."""
    return _ROLE_ORDER[info.role], info.stakeholder_name.casefold()


_ROLE_ORDER = {role: i for i, role in enumerate(Role)}
