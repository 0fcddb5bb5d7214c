"""The preview of an import: a list of change items the user can untick, and its Italian text."""

from __future__ import annotations

import dataclasses
import enum
from collections import Counter
from dataclasses import dataclass
from typing import Any

from psm_desktop.exchange.tracker.layout import Kind
from psm_desktop.exchange.tracker.values import display


class ItemKind(enum.Enum):
    UPDATE = "modifica"
    CREATE = "nuovo"
    REMOVE = "rimozione"
    CONFLICT = "conflitto"


class Resolution(enum.Enum):
    OURS = "mantieni il database"
    THEIRS = "usa il tracker"


ENTITY_TITLES = {
    "azione": "Azione",
    "scadenza": "Scadenza",
    "soggetto": "Soggetto",
    "assegnazione": "Assegnazione",
    "indicatore": "Indicatore",
}


@dataclass
class ChangeItem:
    """One change the import would make (or a conflict to resolve)."""

    number: int
    kind: ItemKind
    entity: str  # azione, scadenza, soggetto, assegnazione
    label: str  # which record, as the user knows it (code, title, name)
    field: str  # the field's key ("" for a whole record)
    field_label: str  # the field's Italian name
    value_kind: Kind
    old: Any  # the database's value now (ours)
    new: Any  # the tracker's value (theirs)
    base: Any = None  # the value when the tracker was exported
    where: str = ""  # sheet and row
    target_id: int | None = None  # the record in the database (None for new records)
    version: int | None = None  # its version when the preview was made
    action_id: int | None = None
    payload: dict[str, Any] = dataclasses.field(default_factory=dict)  # values of a new record
    selected: bool = True
    resolution: Resolution | None = None
    note: str = ""

    @property
    def applies(self) -> bool:
        if self.kind is ItemKind.CONFLICT:
            return self.resolution is Resolution.THEIRS
        return self.selected

    @property
    def old_text(self) -> str:
        return display(self.value_kind, self.old)

    @property
    def new_text(self) -> str:
        return display(self.value_kind, self.new)

    @property
    def title(self) -> str:
        return f"{ENTITY_TITLES.get(self.entity, self.entity)} {self.label}"

    def describe(self) -> str:
        what = f"{self.title} — {self.field_label}" if self.field_label else self.title
        place = f"  ({self.where})" if self.where else ""
        note = f"  [{self.note}]" if self.note else ""
        if self.kind is ItemKind.CONFLICT:
            return (
                f"{what}: database «{self.old_text}», tracker «{self.new_text}» "
                f"(all'esportazione «{display(self.value_kind, self.base)}»){place}{note}"
            )
        if self.kind is ItemKind.CREATE:
            return f"{what}: {self.new_text}{place}{note}"
        if self.kind is ItemKind.REMOVE:
            return f"{what}: {self.old_text}{place}{note}"
        return f"{what}: {self.old_text} → {self.new_text}{place}{note}"


@dataclass
class ImportPlan:
    file_name: str
    plan_code: str
    scope_label: str
    exported_at: str
    items: list[ChangeItem] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    # Actions renumbered since the export ("Azioni, riga 5: codice cambiato: 1.1.1 → 1.2.1"):
    # their rows still reach them (the tracker carries their ids).
    code_changes: list[str] = dataclasses.field(default_factory=list)

    @property
    def conflicts(self) -> list[ChangeItem]:
        return [i for i in self.items if i.kind is ItemKind.CONFLICT]

    @property
    def unresolved(self) -> list[ChangeItem]:
        return [i for i in self.conflicts if i.resolution is None]

    @property
    def removals(self) -> list[ChangeItem]:
        return [i for i in self.items if i.kind is ItemKind.REMOVE]

    @property
    def to_apply(self) -> list[ChangeItem]:
        return [i for i in self.items if i.applies]

    @property
    def is_empty(self) -> bool:
        return not self.items

    def resolve_all(self, resolution: Resolution) -> None:
        for item in self.conflicts:
            item.resolution = resolution

    def select_removals(self, selected: bool) -> None:
        for item in self.removals:
            item.selected = selected


SECTIONS: tuple[tuple[str, str], ...] = (
    ("modifiche", "Modifiche"),
    ("nuovi", "Nuovi elementi (scadenze, soggetti, assegnazioni)"),
    ("rimozioni", "Rimozioni (righe tolte dal tracker)"),
    ("conflitti", "Conflitti (valore cambiato sia nel tracker sia nel database)"),
)


def _section(item: ChangeItem) -> str:
    return {
        ItemKind.UPDATE: "modifiche",
        ItemKind.CREATE: "nuovi",
        ItemKind.REMOVE: "rimozioni",
        ItemKind.CONFLICT: "conflitti",
    }[item.kind]


def preview_lines(plan: ImportPlan, *, removals_hint: str = "") -> list[str]:
    """The preview in Italian, as the command line prints it."""
    lines = [
        f"Tracker: {plan.file_name}",
        f"Piano {plan.plan_code} — {plan.scope_label}, esportato il {plan.exported_at}",
    ]
    if plan.is_empty:
        lines.append("Nessuna modifica da importare: il database è già aggiornato.")
    for key, title in SECTIONS:
        items = [i for i in plan.items if _section(i) == key]
        if not items:
            continue
        lines.append("")
        lines.append(f"{title}: {len(items)}")
        if key == "rimozioni" and removals_hint:
            lines.append(f"  {removals_hint}")
        for item in items:
            mark = _mark(item)
            lines.append(f"  [{item.number}] {mark}{item.describe()}")
    if plan.code_changes:
        lines.append("")
        lines.extend(code_change_lines(plan))
    if plan.warnings:
        lines.append("")
        lines.append("Avvisi:")
        lines.extend(f"  - {w}" for w in plan.warnings)
    return lines


def code_change_lines(plan: ImportPlan) -> list[str]:
    """The codes changed since the export, with what that means for the rows."""
    return [
        "Codici cambiati dopo l'esportazione (il piano è stato riorganizzato; le righe "
        "vengono comunque applicate alle azioni giuste):",
        *(f"  - {change}" for change in plan.code_changes),
    ]


def _mark(item: ChangeItem) -> str:
    if item.kind is ItemKind.CONFLICT:
        return f"<{item.resolution.value}> " if item.resolution else "<da risolvere> "
    return "" if item.selected else "<non applicata> "


def summary(items: list[ChangeItem]) -> str:
    """'3 modifiche, 1 nuovo, 2 rimozioni' for the items that apply."""
    counts = Counter(i.kind for i in items)
    words = {
        ItemKind.UPDATE: ("modifica", "modifiche"),
        ItemKind.CREATE: ("nuovo elemento", "nuovi elementi"),
        ItemKind.REMOVE: ("rimozione", "rimozioni"),
        ItemKind.CONFLICT: ("conflitto risolto con il tracker", "conflitti risolti con il tracker"),
    }
    parts = [f"{n} {words[k][0] if n == 1 else words[k][1]}" for k, n in counts.items() if n]
    return ", ".join(parts) or "nessuna modifica"
