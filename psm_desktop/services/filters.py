"""Which actions a filter keeps: one pure function shared by the services and the UI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from psm_desktop.model import Status
from psm_desktop.services.dto import ActionRow


@dataclass(frozen=True)
class ActionFilter:
    axis: int | None = None
    strategy: str | None = None
    statuses: frozenset[Status] | None = None
    stakeholder_id: int | None = None
    zone_id: int | None = None
    overdue_only: bool = False
    deadline_within_days: int | None = None
    text: str = ""
    # A set of actions picked elsewhere (a bar of the dashboard), and what to call it.
    action_ids: frozenset[int] | None = None
    selection_label: str = ""

    @property
    def is_empty(self) -> bool:
        return self == ActionFilter()


def is_overdue(
    status: Status, end_date: dt.date | None, open_deadlines: tuple[dt.date, ...], today: dt.date
) -> bool:
    """'In ritardo' is derived, never stored: an open action past its end or a deadline."""
    if status.is_closed:
        return False
    if end_date is not None and end_date < today:
        return True
    return bool(open_deadlines) and open_deadlines[0] < today


def matches(row: ActionRow, flt: ActionFilter, today: dt.date) -> bool:
    if flt.action_ids is not None and row.id not in flt.action_ids:
        return False
    if flt.axis is not None and row.axis_number != flt.axis:
        return False
    if flt.strategy and row.strategy_code != flt.strategy:
        return False
    if flt.statuses is not None and row.status not in flt.statuses:
        return False
    if flt.stakeholder_id is not None and flt.stakeholder_id not in row.stakeholder_ids:
        return False
    if flt.zone_id is not None and flt.zone_id not in row.zone_ids:
        return False
    if flt.overdue_only and not row.overdue:
        return False
    if flt.deadline_within_days is not None:
        limit = today + dt.timedelta(days=flt.deadline_within_days)
        if not any(today <= due <= limit for due in row.open_deadlines):
            return False
    if flt.text:
        words = flt.text.casefold().split()
        if not all(word in row.haystack for word in words):
            return False
    return True


def filter_rows(rows: list[ActionRow], flt: ActionFilter, today: dt.date) -> list[ActionRow]:
    if flt.is_empty:
        return list(rows)
    return [row for row in rows if matches(row, flt, today)]
