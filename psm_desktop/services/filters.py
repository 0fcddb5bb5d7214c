"""Which actions a filter keeps: one pure function shared by the services and the UI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from psm_desktop.model import Competence, Status
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
    cup: str = ""  # a part of the CUP, any case, spaces ignored
    pnrr_mission: int | None = None  # PNRR_ANY: any PNRR measure; 1-7: that mission
    sdg: int | None = None  # an Agenda 2030 goal, 1-17
    competence: Competence | None = None
    # A set of actions picked elsewhere (a bar of the dashboard), and what to call it.
    action_ids: frozenset[int] | None = None
    selection_label: str = ""

    @property
    def is_empty(self) -> bool:
        return self == ActionFilter()


PNRR_ANY = 0


def cup_fragment(text: str) -> str:
    """The CUP filter as stored CUPs read: upper case, no spaces."""
    return "".join(text.split()).upper()


def pnrr_prefix(mission: int) -> str:
    """What a stored measure of this mission starts with ('M2C…'); '' for any measure."""
    return "" if mission == PNRR_ANY else f"M{mission}C"


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
    if flt.cup and cup_fragment(flt.cup) not in (row.cup or ""):
        return False
    if flt.pnrr_mission is not None and not (
        row.pnrr and row.pnrr.startswith(pnrr_prefix(flt.pnrr_mission))
    ):
        return False
    if flt.sdg is not None and flt.sdg not in row.sdgs:
        return False
    if flt.competence is not None and row.competence is not flt.competence:
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
