"""The database's current data for a set of actions, as canonical values per tracker field.

The exporter writes it; the importer compares it with the tracker ("ours" in the merge).
Loaded in bulk (a handful of queries) so 10,000 actions take well under a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from psm_desktop.exchange.tracker.layout import (
    ACTIONS,
    DEADLINES,
    EXCEL_TEXT_LIMIT,
    STAKEHOLDERS,
    Kind,
    SheetSpec,
)
from psm_desktop.exchange.tracker.values import (
    CANONICAL,
    NOT_MEASURED,
    TextReport,
    canonical,
    clean_text,
    full_text,
    name_key,
    norm_text,
)
from psm_desktop.formatting import format_date
from psm_desktop.model import Direction
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import Services
from psm_desktop.services.action_identity import log_mark
from psm_desktop.services.dto import PlanInfo
from psm_desktop.services.monitoring.indicators import format_number
from psm_desktop.services.monitoring.periods import PeriodInfo
from psm_desktop.services.monitoring.tracker_rows import IndicatorRow, tracker_indicators
from psm_desktop.services.tracker_data import load_tracker_rows

LOADING = "Lettura dei dati dal database…"


@dataclass
class Record:
    """One row of a sheet as the database has it now: canonical values by field key."""

    id: int
    version: int
    values: dict[str, Any]
    action_id: int | None = None
    # The whole text of fields too long for a cell (values hold them cut, as exported).
    full: dict[str, str] = field(default_factory=dict)


@dataclass
class Snapshot:
    plan: PlanInfo
    actions: list[Record]  # values include the read-only columns too
    deadlines: list[Record]
    stakeholders: list[Record]
    assignments: list[Record]  # values: action_code, stakeholder_id, stakeholder, role
    zones: list[str]
    axes: list[int]
    action_ids_by_code: dict[str, int]  # every action of the plan, in scope or not
    today: dt.date = field(default_factory=dt.date.today)
    # The open period and the indicators in scope with their value for it (none without one).
    period: PeriodInfo | None = None
    indicators: list[Record] = field(default_factory=list)
    log_mark: int = 0  # the change log's last entry when the data was read
    _positions: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.action_by_id = {r.id: r for r in self.actions}
        self.deadline_by_id = {r.id: r for r in self.deadlines}
        self.stakeholder_by_id = {r.id: r for r in self.stakeholders}
        self.stakeholder_by_name = {name_key(r.values["name"]): r for r in self.stakeholders}
        self.indicator_by_id = {r.id: r for r in self.indicators}
        self.assignment_by_key = {  # by action id: codes change when the plan is restructured
            (r.action_id, r.values["stakeholder_id"]): r for r in self.assignments
        }

    def subset(
        self, action_ids: Iterable[int], stakeholder_ids: Collection[int] | None = None
    ) -> Snapshot:
        """The part of this snapshot about some actions, as `load_snapshot` would give it.

        Their deadlines, assignments and indicators (their own, their strategies' and axes');
        the stakeholders given (all of them with None). Records are shared, not copied: a
        campaign loads the database once and cuts one snapshot per office from it.
        """
        wanted = set(action_ids)
        index = self._index()
        owners = {
            str(index.action_by_id[a].values[key])
            for a in wanted
            if a in index.action_by_id
            for key in ("code", "strategy", "axis")
        }
        people = set(stakeholder_ids) if stakeholder_ids is not None else None
        return Snapshot(
            plan=self.plan,
            actions=_pick(self.actions, index.actions, wanted),
            deadlines=self.deadlines_of(wanted),
            stakeholders=(
                list(self.stakeholders)
                if people is None
                else _pick(self.stakeholders, index.stakeholders, people)
            ),
            assignments=self.assignments_of(wanted),
            zones=self.zones,
            axes=self.axes,
            action_ids_by_code=self.action_ids_by_code,
            today=self.today,
            period=self.period,
            indicators=_pick(self.indicators, index.indicators, owners),
            log_mark=self.log_mark,
        )

    def deadlines_of(self, action_ids: Collection[int]) -> list[Record]:
        """The deadlines of these actions, in this snapshot's order."""
        return _pick(self.deadlines, self._index().deadlines, action_ids)

    def assignments_of(self, action_ids: Collection[int]) -> list[Record]:
        """The assignments of these actions, in this snapshot's order."""
        return _pick(self.assignments, self._index().assignments, action_ids)

    def _index(self) -> _Index:
        """Where each action's records are: a campaign cuts 2,000 offices' parts from one
        snapshot, without going through every record of the plan for each of them."""
        if self._positions is None:
            self._positions = _Index(self)
        return self._positions


class _Index:
    """Positions of a snapshot's records by action (by id for stakeholders, by owner's code
    for indicators)."""

    def __init__(self, snap: Snapshot) -> None:
        self.action_by_id = snap.action_by_id
        self.actions = _positions(snap.actions, lambda r: r.id)
        self.deadlines = _positions(snap.deadlines, lambda r: r.action_id)
        self.assignments = _positions(snap.assignments, lambda r: r.action_id)
        self.stakeholders = _positions(snap.stakeholders, lambda r: r.id)
        self.indicators = _positions(snap.indicators, lambda r: r.values["owner"])


def _positions(records: list[Record], key: Callable[[Record], Any]) -> dict[Any, list[int]]:
    found: dict[Any, list[int]] = {}
    for position, record in enumerate(records):
        found.setdefault(key(record), []).append(position)
    return found


def _pick(
    records: list[Record], positions: dict[Any, list[int]], keys: Iterable[Any]
) -> list[Record]:
    """The records under `keys`, in their order in `records`."""
    chosen = sorted(p for k in keys for p in positions.get(k, ()))
    return [records[p] for p in chosen]


def _record(
    spec: SheetSpec,
    raw: dict[str, Any],
    report: TextReport | None,
    action_id: int | None = None,
) -> Record:
    """A row of `spec` from the database's raw values; `report` counts what export must cut."""
    values = {
        key: raw[key] if convert is None else convert(raw[key])
        for key, convert, _ in spec_converters(spec)
    }
    full: dict[str, str] = {}
    for key, _, long_text in spec_converters(spec):
        value = raw[key]
        if not isinstance(value, str) or not value:
            continue
        if report is not None:
            clean_text(value, report)
        if long_text and len(value) > EXCEL_TEXT_LIMIT:
            whole = full_text(value)
            if whole != values[key]:
                full[key] = whole
    return Record(raw["id"], raw["version"], values, action_id=action_id, full=full)


_CONVERTERS: dict[str, list[tuple[str, Any, bool]]] = {}


def spec_converters(spec: SheetSpec) -> list[tuple[str, Any, bool]]:
    """Each column's key, its `canonical` conversion (None: the value as it is) and whether
    it is a text that may be longer than a cell; worked out once per sheet."""
    found = _CONVERTERS.get(spec.name)
    if found is None:
        found = _CONVERTERS[spec.name] = [
            (c.key, CANONICAL.get(c.kind), c.kind in (Kind.TEXT, Kind.OPT_TEXT))
            for c in spec.columns
        ]
    return found


def load_snapshot(
    services: Services,
    action_ids: Iterable[int],
    report: TextReport | None = None,
    progress: ProgressCallback = no_progress,
) -> Snapshot:
    """The data of these actions; `report` counts texts the export will have to clean.

    `progress` is called between the queries (seconds apart for a big plan): Cancel is
    heard there.
    """
    today = dt.date.today()
    wanted = list(action_ids)
    mark = log_mark(services.db)  # before the reads: a change made meanwhile is after it
    progress(0, 3, LOADING)
    rows = load_tracker_rows(services.db, wanted, today)
    progress(1, 3, LOADING)
    actions = [_record(ACTIONS, r, report, action_id=r["id"]) for r in rows.actions]
    deadlines = [_record(DEADLINES, r, report, action_id=r["action_id"]) for r in rows.deadlines]
    assignments = [
        Record(
            r["id"],
            r["version"],
            {
                "action_code": r["action_code"],
                "stakeholder_id": r["stakeholder_id"],
                "stakeholder": canonical(Kind.NAME, r["stakeholder"]),
                "role": r["role"],
            },
            action_id=r["action_id"],
        )
        for r in rows.assignments
    ]
    stakeholders = []
    for s in services.stakeholders.search():
        raw = {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "zone": s.zone,
            "contact_person": s.contact_person,
            "email": s.email,
            "phone": s.phone,
            "notes": s.notes,
            "version": s.version,
        }
        stakeholders.append(_record(STAKEHOLDERS, raw, report))
    progress(2, 3, LOADING)
    period = services.periods.open_period()
    indicators = (
        [_indicator(r) for r in tracker_indicators(services.db, wanted, period.id)]
        if period is not None
        else []
    )
    progress(3, 3, LOADING)
    return Snapshot(
        period=period,
        indicators=indicators,
        plan=services.plan.plan(),
        actions=actions,
        deadlines=deadlines,
        stakeholders=stakeholders,
        assignments=assignments,
        zones=[z.name for z in services.plan.zones()],
        axes=[a.number for a in services.plan.axes()],
        action_ids_by_code=services.actions.id_by_code(),
        today=today,
        log_mark=mark,
    )


def _dated(value: Decimal | None, prefix: str, when: dt.date | None) -> str:
    """'100 entro il 31/12/2027': a figure and its date, as the read-only cells show it."""
    if value is None:
        return ""
    text = format_number(value)
    return f"{text} {prefix} {format_date(when)}" if when else text


def _indicator(row: IndicatorRow) -> Record:
    """A row of the Indicatori sheet: read-only texts, then the period's value and note."""
    direction = row.direction.label
    if row.direction is Direction.RANGE:
        low, high = format_number(row.range_min), format_number(row.range_max)
        direction = f"{direction} {low}–{high}".strip()
    value: Any = (NOT_MEASURED if row.value is None else row.value) if row.measured else None
    values = {
        "id": row.id,
        "owner": row.owner,
        "name": norm_text(row.name),
        "unit": norm_text(row.unit),
        "direction": direction,
        "baseline": _dated(row.baseline, "al", row.baseline_date),
        "period_target": format_number(row.period_target),
        "final_target": _dated(row.final_target, "entro il", row.final_date),
        "value": value,
        "note": norm_text(row.note),
    }
    return Record(row.id, 0, values)
