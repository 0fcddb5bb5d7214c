"""The state of the plan at a reference date: what a period's snapshot freezes.

The live state (today, or an open period) and a closed period's snapshot are the same
document, so every report, comparison and roll-up reads one shape, and a closed period
gives the same content every time. The JSON form round-trips exactly (decimals as text).

Format 2 adds what a publication shows besides the state (public bodies' roles, deadlines,
the plan's title and texts: never a contact), frozen at the close. A format 1 snapshot,
closed by an earlier release, still reads: its `public` is None, and its publication says
that these facts were not recorded (sitedata.py).
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from psm_desktop.model import Competence, Direction, Health, Rollup, Status
from psm_desktop.services.monitoring.health import HealthRule
from psm_desktop.services.publication_data import PublicPlan, from_document, to_document

SNAPSHOT_FORMAT = 2
READABLE_FORMATS = (1, 2)  # 1: before the public facts were frozen with the state


@dataclass(frozen=True, slots=True)
class ActionState:
    id: int
    code: str
    axis: int
    strategy: str
    text: str
    status: Status
    progress: int
    start_date: dt.date | None
    end_date: dt.date | None
    budget: Decimal | None
    notes: str
    lead: str | None
    expected_progress: float | None
    score: float | None
    health: Health
    # The office fields (schema 0004): absent from older snapshots, read as empty.
    cup: str | None = None
    pnrr: str | None = None
    dup_objective: str | None = None
    sdgs: tuple[int, ...] = ()
    competence: Competence | None = None


@dataclass(frozen=True, slots=True)
class IndicatorState:
    id: int
    owner: str  # the code of the action or strategy, or the axis number, that it measures
    owner_kind: str  # "azione", "strategia", "asse"
    name: str
    unit: str
    direction: Direction
    baseline: Decimal | None
    baseline_date: dt.date | None
    target: Decimal | None
    target_date: dt.date | None
    period_target: Decimal | None
    value: Decimal | None
    not_available: bool
    note: str
    score: float | None
    health: Health


@dataclass(frozen=True, slots=True)
class PlanState:
    period: str | None  # None: today's data, not a period
    reference_date: dt.date
    closed: bool
    rule: HealthRule
    axes: tuple[tuple[int, str], ...]
    strategies: tuple[tuple[str, str, int], ...]  # code, title, axis number
    actions: tuple[ActionState, ...]
    indicators: tuple[IndicatorState, ...] = field(default=())
    # What a publication shows besides the state, frozen at the close; None for a live
    # state (read from the database when needed) and for a format 1 snapshot.
    public: PublicPlan | None = None

    def to_bytes(self) -> bytes:
        """The compressed, canonical JSON of the state (sorted keys: same state, same bytes)."""
        document = {
            "format": SNAPSHOT_FORMAT,
            "period": self.period,
            "reference_date": self.reference_date.isoformat(),
            "closed": self.closed,
            "rule": {
                "on_track": self.rule.on_track,
                "attention": self.rule.attention,
                "rollup": self.rule.rollup.value,
            },
            "axes": [list(a) for a in self.axes],
            "strategies": [list(s) for s in self.strategies],
            "actions": [_encode(a, _ACTION_FIELDS) for a in self.actions],
            "indicators": [_encode(i, _INDICATOR_FIELDS) for i in self.indicators],
            "public": to_document(self.public) if self.public is not None else None,
        }
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return zlib.compress(text.encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, payload: bytes) -> PlanState:
        document = json.loads(zlib.decompress(payload).decode("utf-8"))
        if document.get("format") not in READABLE_FORMATS:
            raise ValueError(f"formato di istantanea sconosciuto: {document.get('format')}")
        rule = document["rule"]
        public = document.get("public")
        return cls(
            period=document["period"],
            reference_date=dt.date.fromisoformat(document["reference_date"]),
            closed=document["closed"],
            rule=HealthRule(rule["on_track"], rule["attention"], Rollup(rule["rollup"])),
            axes=tuple((int(n), str(t)) for n, t in document["axes"]),
            strategies=tuple((str(c), str(t), int(a)) for c, t, a in document["strategies"]),
            actions=tuple(_action(a) for a in document["actions"]),
            indicators=tuple(_indicator(i) for i in document["indicators"]),
            public=from_document(public) if public is not None else None,
        )


# Read field by field: dataclasses.asdict deep-copies every value, and was most of the
# time of closing a period of 10,000 actions.
_ACTION_FIELDS = tuple(f.name for f in fields(ActionState))
_INDICATOR_FIELDS = tuple(f.name for f in fields(IndicatorState))
_PLAIN = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Status | Health | Direction):
        return value.value
    return value


def _encode(row: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(row, name)) for name in names}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _action(row: dict[str, Any]) -> ActionState:
    return ActionState(
        id=row["id"],
        code=row["code"],
        axis=row["axis"],
        strategy=row["strategy"],
        text=row["text"],
        status=Status(row["status"]),
        progress=row["progress"],
        start_date=_date(row["start_date"]),
        end_date=_date(row["end_date"]),
        budget=_decimal(row["budget"]),
        notes=row["notes"],
        lead=row["lead"],
        expected_progress=row["expected_progress"],
        score=row["score"],
        health=Health(row["health"]),
        cup=row.get("cup"),
        pnrr=row.get("pnrr"),
        dup_objective=row.get("dup_objective"),
        sdgs=tuple(row.get("sdgs", ())),
        competence=Competence(row["competence"]) if row.get("competence") else None,
    )


def _indicator(row: dict[str, Any]) -> IndicatorState:
    return IndicatorState(
        id=row["id"],
        owner=row["owner"],
        owner_kind=row["owner_kind"],
        name=row["name"],
        unit=row["unit"],
        direction=Direction(row["direction"]),
        baseline=_decimal(row["baseline"]),
        baseline_date=_date(row["baseline_date"]),
        target=_decimal(row["target"]),
        target_date=_date(row["target_date"]),
        period_target=_decimal(row["period_target"]),
        value=_decimal(row["value"]),
        not_available=row["not_available"],
        note=row["note"],
        score=row["score"],
        health=Health(row["health"]),
    )
