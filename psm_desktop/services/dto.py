"""Plain data returned by the services: no session, no lazy loading, safe on any thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from psm_desktop.model import (
    Competence,
    FundingSource,
    Priority,
    Role,
    Sector,
    StakeholderKind,
    Status,
)

if TYPE_CHECKING:
    from decimal import Decimal  # an annotation only: decimal is not on start-up's way


@dataclass(frozen=True, slots=True)
class ZoneInfo:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class PlanInfo:
    id: int
    code: str
    title: str
    issuer: str
    period: str
    updated_on: dt.date | None
    database_id: str


@dataclass(frozen=True, slots=True)
class AxisInfo:
    id: int
    number: int
    title: str
    description: str
    linked_axes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class StrategyInfo:
    id: int
    axis_number: int
    code: str
    title: str
    description: str


# Not frozen, for speed only: start-up builds 10,000 of them, and a frozen dataclass costs
# about eight times more to build (each field set through object.__setattr__). Treat it as
# frozen all the same: never assign a field, make another with dataclasses.replace().
# Hashed by its fields, as a frozen one.
@dataclass(slots=True, unsafe_hash=True)
class ActionRow:
    """One action as a list or table shows it, loaded in bulk."""

    id: int
    code: str
    text: str
    short_title: str | None
    axis_number: int
    strategy_code: str
    status: Status
    progress: int
    priority: Priority | None
    start_date: dt.date | None
    end_date: dt.date | None
    lead: str | None
    open_deadlines: tuple[dt.date, ...]
    overdue: bool
    version: int
    stakeholder_ids: frozenset[int] = frozenset()
    zone_ids: frozenset[int] = frozenset()
    haystack: str = ""  # casefolded code, text, short title and lead, for free-text search
    # The office fields the filters read (the rest are in ActionDetail).
    cup: str | None = None
    pnrr: str | None = None
    competence: Competence | None = None
    sdgs: frozenset[int] = frozenset()
    # Start-up's rows (services.first_view) leave what only the filters read unset, and
    # this fills it in when first read: stakeholder_ids, zone_ids, sdgs, haystack, cup,
    # pnrr, competence (LAZY_FIELDS).
    lazy: LazyFields | None = field(default=None, compare=False, repr=False)

    if not TYPE_CHECKING:  # (else mypy would accept any attribute name)

        def __getattr__(self, name: str) -> Any:
            """Called only for a field left unset (or an unknown name)."""
            lazy = ActionRow.lazy.__get__(self)  # type: ignore[attr-defined]
            if lazy is None or name not in LAZY_FIELDS:
                raise AttributeError(name)
            lazy.fill(self, name)
            return _SLOTS[name].__get__(self)

    @property
    def next_deadline(self) -> dt.date | None:
        return self.open_deadlines[0] if self.open_deadlines else None

    @property
    def title(self) -> str:
        """The short title if there is one, else the full text."""
        return self.short_title or self.text


LAZY_FIELDS = frozenset(
    ("stakeholder_ids", "zone_ids", "sdgs", "haystack", "cup", "pnrr", "competence")
)
_SLOTS = {name: getattr(ActionRow, name) for name in LAZY_FIELDS}


class LazyFields(Protocol):
    def fill(self, row: ActionRow, name: str) -> None:
        """Set the field `name` of `row` (and any other it reads at the same time)."""


@dataclass(frozen=True, slots=True)
class AssignmentInfo:
    id: int
    action_id: int
    action_code: str
    stakeholder_id: int
    stakeholder_name: str
    stakeholder_kind: StakeholderKind
    role: Role
    version: int


@dataclass(frozen=True, slots=True)
class DeadlineInfo:
    id: int
    action_id: int
    action_code: str
    action_text: str
    axis_number: int
    title: str
    due_date: dt.date
    completed_on: dt.date | None
    stakeholder_id: int | None
    stakeholder_name: str | None
    notes: str
    version: int
    overdue: bool  # open and due before today

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None


@dataclass(frozen=True, slots=True)
class ActionDetail:
    """Every field of one action, with its assignments and deadlines, for the editor."""

    id: int
    code: str
    text: str
    short_title: str | None
    axis_number: int
    axis_title: str
    strategy_code: str
    strategy_title: str
    status: Status
    progress: int
    priority: Priority | None
    start_date: dt.date | None
    end_date: dt.date | None
    budget: Decimal | None
    funding_source: FundingSource | None
    sectors: frozenset[Sector]
    zones: frozenset[str]
    linked_axes: frozenset[int]
    notes: str
    updated_at: dt.datetime | None
    version: int
    overdue: bool
    assignments: tuple[AssignmentInfo, ...] = ()
    deadlines: tuple[DeadlineInfo, ...] = ()
    cup: str | None = None
    pnrr: str | None = None
    dup_objective: str | None = None
    sdgs: frozenset[int] = frozenset()
    competence: Competence | None = None

    @property
    def leads(self) -> list[str]:
        return [a.stakeholder_name for a in self.assignments if a.role is Role.LEAD]

    @property
    def lead(self) -> str | None:
        return ", ".join(self.leads) or None


@dataclass(frozen=True, slots=True)
class StakeholderInfo:
    id: int
    name: str
    kind: StakeholderKind
    zone: str | None
    contact_person: str
    email: str
    phone: str
    notes: str
    version: int
    action_count: int = 0


@dataclass(frozen=True, slots=True)
class ChangeInfo:
    id: int
    changed_at: dt.datetime
    user: str
    entity: str
    entity_label: str
    field: str
    old_value: str | None
    new_value: str | None
    source: str


@dataclass(frozen=True, slots=True)
class StrategyNode:
    strategy: StrategyInfo
    actions: list[ActionRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AxisNode:
    axis: AxisInfo
    strategies: list[StrategyNode] = field(default_factory=list)
