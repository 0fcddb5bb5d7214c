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


def _ids(joined: str | None) -> frozenset[int]:
    return frozenset(map(int, joined.split(","))) if joined else _NO_IDS


def action_row(values: Any, today: dt.date) -> ActionRow:
    """An ActionRow from the columns of the rows' query (services.queries, storage.first_view),
    with dates and enums already converted."""
    (
        aid,
        code,
        text,
        short_title,
        axis_no,
        strategy_code,
        status,
        progress,
        priority,
        start,
        end,
        version,
        stakeholder_ids,
        leads,
        zone_ids,
        due_dates,
        cup,
        pnrr,
        competence,
        sdgs,
    ) = values
    lead = leads_shown(leads)
    open_deadlines = (
        tuple(sorted(map(dt.date.fromisoformat, due_dates.split(",")))) if due_dates else ()
    )
    return ActionRow(
        id=aid,
        code=code,
        text=text,
        short_title=short_title,
        axis_number=axis_no,
        strategy_code=strategy_code,
        status=status,
        progress=progress,
        priority=priority,
        start_date=start,
        end_date=end,
        lead=lead,
        open_deadlines=open_deadlines,
        overdue=is_overdue(status, end, open_deadlines, today),
        version=version,
        stakeholder_ids=_ids(stakeholder_ids),
        zone_ids=_ids(zone_ids),
        haystack=haystack(code, text, short_title, lead),
        cup=cup,
        pnrr=pnrr,
        competence=competence,
        sdgs=_ids(sdgs),
    )


def assignment_order(info: AssignmentInfo) -> tuple[int, str]:
    """Lead first, then partner, involved, informed (the enum's order, not the stored
    text's), then by name."""
    return _ROLE_ORDER[info.role], info.stakeholder_name.casefold()


_ROLE_ORDER = {role: i for i, role in enumerate(Role)}
