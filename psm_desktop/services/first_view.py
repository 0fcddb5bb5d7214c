"""The plan's first view: what the first screen shows, before the data layers are loaded.

`first_view(location)` asks storage for a quick read-only look at the plan (storage decides
whether it can give one: a PSM file at the current schema, nothing pending; never a
server) and turns it into the same rows the services give (`ActionRow`, `AxisInfo`, ...).
`FirstViewServices` answers the reads the plan screen makes (tree, table, filter choices,
the chosen action) until the database is opened the normal way; it writes nothing.
Light on purpose: no SQLAlchemy here nor in what it imports (tests/unit/test_startup_imports.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psm_desktop.errors import NotFoundError, UserError
from psm_desktop.model.enums import (
    Competence,
    FundingSource,
    Priority,
    Role,
    Sector,
    StakeholderKind,
    Status,
)
from psm_desktop.services.action_rows import assignment_order, haystack, id_set, leads_shown
from psm_desktop.services.dto import (
    ActionDetail,
    ActionRow,
    AssignmentInfo,
    AxisInfo,
    ChangeInfo,
    DeadlineInfo,
    PlanInfo,
    StrategyInfo,
    ZoneInfo,
)
from psm_desktop.services.filters import is_overdue
from psm_desktop.storage import first_view as storage_view

_STATUS = {s.value: s for s in Status}
_PRIORITY: dict[str | None, Priority | None] = {p.value: p for p in Priority}
_COMPETENCE: dict[str | None, Competence | None] = {c.value: c for c in Competence}


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass
class FirstView:
    """The first screen's data, and the reader that gives any action's detail meanwhile."""

    database_id: str
    plan: PlanInfo | None
    axes: list[AxisInfo]
    strategies: list[StrategyInfo]
    zones: list[ZoneInfo]
    stakeholder_names: list[tuple[int, str]]
    rows: list[ActionRow]
    last_change: int  # the change log's newest id (0 if none)
    _reader: storage_view.FirstViewReader
    today: dt.date
    _filter_ids: _FilterIds

    def detail(self, action_id: int) -> ActionDetail:
        """The action as `ActionService.get` gives it; NotFoundError if it does not exist."""
        found = self._reader.detail(action_id)
        if found is None:
            raise NotFoundError("L'azione non esiste più: forse è stata eliminata.")
        row, tags, assignments, deadlines = found
        return _detail(row, tags, assignments, deadlines, self.today)

    def close(self) -> bool:
        """Let the file go; True if every row is whole (the ids only the filters read,
        read when first asked for, could be read before)."""
        whole = self._filter_ids.load() is not None
        self._reader.close()
        return whole


def first_view(location: Path | str, today: dt.date | None = None) -> FirstView | None:
    """The first view of the plan at `location`, or None when storage cannot give one
    quickly and safely (then the normal opening shows the plan, or says what is wrong)."""
    return _view(storage_view.read_first_view(location), today)


def _view(
    found: tuple[storage_view.FirstViewReader, storage_view.FirstViewData] | None,
    today: dt.date | None,
) -> FirstView | None:
    if found is None:
        return None
    reader, data = found
    today = today or dt.date.today()
    filter_ids = _FilterIds(reader)
    numbers = {axis_id: number for axis_id, number, _t, _d in data.axes}
    links: dict[int, list[int]] = defaultdict(list)
    for axis_id, linked_id in data.axis_links:
        links[axis_id].append(numbers[linked_id])
    plan = None
    if data.plan is not None:
        pid, code, title, issuer, period, updated_on = data.plan
        plan = PlanInfo(pid, code, title, issuer, period, _date(updated_on), data.database_id)
    return FirstView(
        database_id=data.database_id,
        plan=plan,
        axes=[
            AxisInfo(id=i, number=n, title=t, description=d, linked_axes=tuple(sorted(links[i])))
            for i, n, t, d in data.axes
        ],
        strategies=[
            StrategyInfo(id=i, axis_number=n, code=c, title=t, description=d)
            for i, n, c, t, d in data.strategies
        ],
        zones=[ZoneInfo(id=i, name=n) for i, n in data.zones],
        stakeholder_names=list(data.stakeholders),
        rows=_rows(data.actions, data.strategies, today, filter_ids),
        last_change=int(data.last_change or 0),
        _reader=reader,
        today=today,
        _filter_ids=filter_ids,
    )


class _Dates(dict[str | None, Any]):
    """Stored dates as dates (None stays None), each text converted once (the plan's
    dates repeat)."""

    def __missing__(self, text: str) -> dt.date:
        found = self[text] = dt.date.fromisoformat(text)
        return found


_CLOSED = frozenset(s.value for s in Status if s.is_closed)


class _FilterIds:
    """What only the filters read, left out of the first view's rows (`ActionRow.lazy`):
    the stakeholders', zones' and goals' ids and the office fields (CUP, PNRR measure,
    competence), read from the file when first asked for (or when the first view closes),
    and the search text."""

    def __init__(self, reader: storage_view.FirstViewReader) -> None:
        self._reader = reader
        self._ids: storage_view.FilterIds | None = None

    def load(self) -> storage_view.FilterIds | None:
        if self._ids is None:
            self._ids = self._reader.filter_ids()
        return self._ids

    def fill(self, row: ActionRow, name: str) -> None:
        if name == "haystack":
            row.haystack = haystack(row.code, row.text, row.short_title, row.lead)
            return
        ids = self.load()
        if ids is None:
            raise UserError(
                "Il piano non si può leggere in questo momento (il file è occupato): "
                "riprovare tra poco."
            )
        stakeholders, zones, goals, office = ids
        aid = row.id
        row.stakeholder_ids = id_set(stakeholders.get(aid))
        row.zone_ids = id_set(zones.get(aid))
        row.sdgs = id_set(goals.get(aid))
        row.cup, row.pnrr, competence = office.get(aid, _NO_OFFICE_FIELDS)
        row.competence = _COMPETENCE.get(competence)


_NO_OFFICE_FIELDS = (None, None, None)


def _rows(
    actions: storage_view.ActionRows,
    strategies: list[tuple[Any, ...]],
    today: dt.date,
    lazy: _FilterIds,
) -> list[ActionRow]:
    """The rows as `services.queries` gives them (`action_rows.action_row`, which
    tests/unit/test_first_view.py holds them to): enums and dates converted, joined values
    beside each action; what only the filters read is left to `lazy`. Written out in one
    loop with its lookups bound locally, each row's fields set one by one (the lazy ones
    stay unset): the 10,000 rows of start-up cost a fifth of what `action_row` costs."""
    status_of, priority_of = _STATUS, _PRIORITY.get
    leads, due = actions.leads.get, actions.due.get
    dates = _Dates({None: None})
    closed, separator = _CLOSED, storage_view.NAME_SEPARATOR
    strategy_of = {sid: (axis, code) for sid, axis, code, _title, _text in strategies}
    new = ActionRow.__new__
    rows: list[ActionRow] = []
    append = rows.append
    for values in actions.rows:
        aid, code, text, short, strategy, status, progress, prio, start, end, version = values[:11]
        lead = leads(aid)
        if lead is not None and separator in lead:
            lead = leads_shown(lead)
        joined_due = due(aid)
        open_due = tuple(sorted([dates[d] for d in joined_due.split(",")])) if joined_due else ()
        end_date = dates[end]
        row = new(ActionRow)
        row.id = aid
        row.code = code
        row.text = text
        row.short_title = short
        row.axis_number, row.strategy_code = strategy_of[strategy]
        row.status = status_of[status]
        row.progress = progress
        row.priority = priority_of(prio)
        row.start_date = dates[start]
        row.end_date = end_date
        row.lead = lead
        row.open_deadlines = open_due
        row.overdue = status not in closed and (  # filters.is_overdue
            (end_date is not None and end_date < today) or (bool(open_due) and open_due[0] < today)
        )
        row.version = version
        row.lazy = lazy
        append(row)
    return rows


def _decimal(value: float) -> Any:
    from decimal import Decimal  # for the chosen action only: not on start-up's way

    return Decimal(f"{value:.2f}")


def _detail(
    row: tuple[Any, ...],
    tags: list[tuple[str, str]],
    assignments: list[tuple[Any, ...]],
    deadlines: list[tuple[Any, ...]],
    today: dt.date,
) -> ActionDetail:
    (
        aid,
        code,
        text,
        short_title,
        axis_number,
        axis_title,
        strategy_code,
        strategy_title,
        status_value,
        progress,
        priority,
        start,
        end,
        budget,
        funding,
        notes,
        updated_at,
        version,
        cup,
        pnrr,
        dup_objective,
        competence,
    ) = row
    kinds: dict[str, list[str]] = {"s": [], "z": [], "a": [], "g": []}
    for kind, value in tags:
        kinds[kind].append(value)
    infos = sorted(
        (
            AssignmentInfo(
                id=i,
                action_id=a,
                action_code=code,
                stakeholder_id=sid,
                stakeholder_name=name,
                stakeholder_kind=StakeholderKind(kind),
                role=Role(role),
                version=v,
            )
            for i, a, sid, name, kind, role, v in assignments
        ),
        key=assignment_order,
    )
    due = tuple(
        DeadlineInfo(
            id=i,
            action_id=a,
            action_code=c,
            action_text=t,
            axis_number=n,
            title=title,
            due_date=dt.date.fromisoformat(d),
            completed_on=_date(done),
            stakeholder_id=sid,
            stakeholder_name=name,
            notes=note,
            version=v,
            overdue=done is None and dt.date.fromisoformat(d) < today,
        )
        for i, a, c, t, n, title, d, done, sid, name, note, v in deadlines
    )
    status = _STATUS[status_value]
    end_date = _date(end)
    open_due = tuple(sorted(d.due_date for d in due if d.completed_on is None))
    return ActionDetail(
        id=aid,
        code=code,
        text=text,
        short_title=short_title,
        axis_number=axis_number,
        axis_title=axis_title,
        strategy_code=strategy_code,
        strategy_title=strategy_title,
        status=status,
        progress=progress,
        priority=_PRIORITY.get(priority),
        start_date=_date(start),
        end_date=end_date,
        budget=None if budget is None else _decimal(budget),
        funding_source=FundingSource(funding) if funding else None,
        sectors=frozenset(map(Sector, kinds["s"])),
        zones=frozenset(kinds["z"]),
        linked_axes=frozenset(map(int, kinds["a"])),
        notes=notes,
        updated_at=dt.datetime.fromisoformat(updated_at) if updated_at else None,
        version=version,
        overdue=is_overdue(status, end_date, open_due, today),
        assignments=tuple(infos),
        deadlines=due,
        cup=cup,
        pnrr=pnrr,
        dup_objective=dup_objective,
        sdgs=frozenset(map(int, kinds["g"])),
        competence=_COMPETENCE.get(competence),
    )


# --- the reads of the plan screen, answered from the first view -----------------------


class _Plan:
    def __init__(self, view: FirstView) -> None:
        self._view = view

    def plan(self) -> PlanInfo:
        if self._view.plan is None:
            raise NotFoundError("Il database non contiene alcun piano.")
        return self._view.plan

    def axes(self) -> list[AxisInfo]:
        return list(self._view.axes)

    def strategies(self) -> list[StrategyInfo]:
        return list(self._view.strategies)

    def zones(self) -> list[ZoneInfo]:
        return list(self._view.zones)


class _Actions:
    def __init__(self, view: FirstView) -> None:
        self._view = view

    def list_actions(self) -> list[ActionRow]:
        return list(self._view.rows)

    def get(self, action_id: int) -> ActionDetail:
        return self._view.detail(action_id)


class _Stakeholders:
    def __init__(self, view: FirstView) -> None:
        self._view = view

    def names(self) -> list[tuple[int, str]]:
        return list(self._view.stakeholder_names)


class _History:
    def __init__(self, view: FirstView) -> None:
        self._view = view

    def last_id(self) -> int:
        return self._view.last_change

    def for_action(self, _action_id: int) -> list[ChangeInfo]:
        return []  # shown once the database is open


class _Indicators:
    def for_action(self, _action_id: int) -> list[Any]:
        return []  # shown once the database is open


class _Periods:
    def action_health(self, _action_id: int) -> None:
        return None  # computed once the database is open


class FirstViewServices:
    """The services' reads the plan screen makes, answered from a first view: the screen
    shows the plan while the database opens; nothing can be changed through it."""

    def __init__(self, view: FirstView) -> None:
        self.view = view
        self.plan = _Plan(view)
        self.actions = _Actions(view)
        self.stakeholders = _Stakeholders(view)
        self.history = _History(view)
        self.indicators = _Indicators()
        self.periods = _Periods()


__all__ = ["FirstView", "FirstViewServices", "first_view"]
