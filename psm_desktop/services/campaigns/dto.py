"""What the campaign service returns: frozen dataclasses, no sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# The states users read; "in ritardo" is computed from the due date and the grace days.
STATE_LABELS = {
    "da_inviare": "da inviare",
    "inviato": "inviato",
    "rientrato": "rientrato",
    "validato": "validato",
}
LATE = "in ritardo"

# The `field` of a proposal that adds a whole record (its values) or deletes one.
NEW, REMOVED = "nuovo", "rimozione"
RECORD_FIELDS = (NEW, REMOVED)
RECORD_LABELS = {
    ("scadenza", NEW): "Nuova scadenza",
    ("scadenza", REMOVED): "Scadenza tolta",
    ("assegnazione", NEW): "Nuova assegnazione",
    ("assegnazione", REMOVED): "Assegnazione tolta",
}

# A proposal's row may name a stakeholder not yet in the register: its values carry it under
# this key (name, and kind and contacts when the office filled the Soggetti sheet's row);
# accepting the row creates it, or uses the one of that name created meanwhile.
NEW_STAKEHOLDER = "new_stakeholder"
NEW_STAKEHOLDER_FIELDS = ("kind", "zone", "contact_person", "email", "phone", "notes")


def new_stakeholder(value: Any) -> dict[str, Any] | None:
    """The new stakeholder a proposal's value (a new row, or a deadline's responsible) names."""
    if isinstance(value, dict):
        spec = value.get(NEW_STAKEHOLDER)
        if isinstance(spec, dict) and spec.get("name"):
            return spec
    return None


@dataclass(frozen=True, slots=True)
class CampaignInfo:
    id: int
    name: str
    period: str
    period_closed: bool
    due_date: dt.date
    grace_days: int
    instructions: str
    offices: int
    returned: int
    validated: int

    @property
    def last_day(self) -> dt.date:
        """The last day a return is on time: the due date plus the grace days."""
        return self.due_date + dt.timedelta(days=self.grace_days)

    @property
    def state(self) -> str:
        if self.offices and self.validated == self.offices:
            return "conclusa"
        if self.returned:
            return "in corso"
        return "aperta"


@dataclass(frozen=True, slots=True)
class OfficeRow:
    """One row of the return board."""

    office_id: int
    stakeholder_id: int
    office: str
    email: str
    contact: str
    phone: str
    state: str  # da inviare, inviato, rientrato, validato, in ritardo
    sent_at: dt.datetime | None
    file_name: str
    returned_at: dt.datetime | None
    returned_file: str
    proposed: int
    accepted: int
    rejected: int

    def as_json(self) -> dict[str, Any]:
        return {
            "office": self.office,
            "state": self.state,
            "returned_at": self.returned_at.isoformat() if self.returned_at else None,
            "file": self.returned_file or None,
            "proposed": self.proposed,
            "accepted": self.accepted,
            "rejected": self.rejected,
        }


@dataclass(frozen=True, slots=True)
class Proposal:
    """A change read from an office's returned tracker, to record as a proposal."""

    entity: str  # azione, scadenza, soggetto, assegnazione
    target_id: int | None
    action_id: int | None
    label: str
    field: str
    field_label: str
    base: Any
    proposed: Any
    shown_base: str
    shown_proposed: str


@dataclass(frozen=True, slots=True)
class ChangeRow:
    id: int
    office: str
    office_id: int
    entity: str
    target_id: int | None
    action_id: int | None
    label: str
    field: str
    field_label: str
    shown_base: str
    shown_proposed: str
    proposed_value: str | None  # as stored (JSON): compares two offices' values
    source_file: str
    state: str
    reason: str
    decided_by: str | None
    decided_at: dt.datetime | None
    base_value: str | None = None  # as stored (JSON): the kind of an edited value

    def describe(self) -> str:
        what = f"{self.entity} {self.label} — {self.field_label}"
        return f"{what}: «{self.shown_base}» → «{self.shown_proposed}» ({self.office})"


@dataclass(frozen=True, slots=True)
class ActionUpdate:
    """One of an office's actions on the board: its role and its last recorded change."""

    action_id: int
    code: str
    title: str
    role: str
    changed_at: dt.datetime | None
    user: str
    source: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """Proposals of two or more offices that cannot all be accepted."""

    entity: str
    label: str
    field_label: str  # "" in strict mode: the whole record
    changes: tuple[ChangeRow, ...]

    def describe(self) -> str:
        what = f"{self.entity} {self.label}"
        if self.field_label:
            what += f" — {self.field_label}"
            sides = "; ".join(f"{c.office}: «{c.shown_proposed}»" for c in self.changes)
        else:  # the whole record: each side says which field (or the row's deletion)
            sides = "; ".join(
                f"{c.office}: {c.field_label} «{c.shown_proposed}»" for c in self.changes
            )
        return f"{what}: {sides}"

    @property
    def removes(self) -> bool:
        """One side deletes the row the other sides edit."""
        return any(c.field == REMOVED for c in self.changes)


@dataclass(frozen=True, slots=True)
class ReturnResult:
    office: str
    file_name: str
    recorded: int
    dry_run: bool
