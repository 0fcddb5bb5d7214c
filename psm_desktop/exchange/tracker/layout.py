"""The tracker's shape: sheet names, columns (Italian headers, kind of value, editable or not).

Export and import both read these definitions, so a column is described once. No openpyxl here.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from psm_desktop.model import (
    Competence,
    FundingSource,
    LabelledEnum,
    Priority,
    Role,
    StakeholderKind,
    Status,
)

FORMAT_MARKER = "psm-desktop-tracker"
# 2: progress as a whole number 0-100 (1: a fraction in a "0%" cell); 3: each action row
# carries the action's database id (hidden column and base sheet), which outlives its code.
FORMAT_VERSION = 3
BASE_SHEET = "_psm_base"  # very hidden: the values as exported, the base of the merge
INSTRUCTIONS_SHEET = "Istruzioni"

EXCEL_TEXT_LIMIT = 32_767
TRUNCATION_MARKER = " […testo troncato: il testo completo è nel database]"


class Kind(enum.Enum):
    """How a column's cells are written, read back and compared."""

    TEXT = "text"  # free text; "" when empty
    OPT_TEXT = "opt_text"  # free text stored as None when empty
    ENUM = "enum"  # a LabelledEnum, required
    OPT_ENUM = "opt_enum"  # a LabelledEnum or nothing
    PERCENT = "percent"  # 0..100 shown as a percentage
    DATE = "date"
    DECIMAL = "decimal"  # euro amount
    SECTORS = "sectors"  # set of Sector, "; "-separated labels
    ZONES = "zones"  # set of zone names
    AXES = "axes"  # set of axis numbers
    NAME = "name"  # a stakeholder name (compared ignoring case and spacing)
    ZONE = "zone"  # one zone name or nothing
    CODE = "code"  # an action code
    ID = "id"  # a database id (read-only)
    FLAG = "flag"  # derived yes/no, read-only
    INT = "int"  # derived number, read-only
    MEASURE = "measure"  # an indicator's value: a number, "n.d." (not available) or empty
    CUP = "cup"  # a Codice Unico di Progetto: text checked and upper-cased on reading
    PNRR = "pnrr"  # a PNRR measure: text normalised on reading ("M1C1 I1.1")
    GOALS = "goals"  # set of Agenda 2030 goals (1-17), written "3, 11"


# Kinds read and compared as optional text (stored as None when empty).
TEXT_LIKE = (Kind.OPT_TEXT, Kind.CUP, Kind.PNRR)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind
    editable: bool
    width: float
    enum_cls: type[LabelledEnum] | None = None
    wrap: bool = False
    required: bool = False  # the importer refuses a workbook without this column
    aliases: tuple[str, ...] = ()
    default: object = None  # what an empty cell means (enums with a natural default)
    hidden: bool = False  # written in a hidden column (a row's identity, which sorts follow)
    # Added after trackers were in use: a tracker without it is still imported, and the
    # field is left as it is.
    optional: bool = False


@dataclass(frozen=True)
class SheetSpec:
    name: str
    code: str  # the record type in the base sheet
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    by_key: dict[str, Column] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {c.key: c for c in self.columns})

    @property
    def editable(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.editable)

    @property
    def required(self) -> tuple[Column, ...]:
        """Columns an importable sheet must have: its key and every editable one."""
        return tuple(c for c in self.columns if (c.required or c.editable) and not c.optional)

    def index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)


def _c(key: str, header: str, kind: Kind, editable: bool, width: float, **kw: object) -> Column:
    return Column(key, header, kind, editable, width, **kw)  # type: ignore[arg-type]


ACTIONS = SheetSpec(
    "Azioni",
    "A",
    (
        _c("code", "Codice", Kind.CODE, False, 10, required=True, aliases=("codice azione",)),
        _c("axis", "Asse", Kind.INT, False, 6),
        _c("strategy", "Strategia", Kind.TEXT, False, 10),
        _c("text", "Azione", Kind.TEXT, False, 60, wrap=True),
        _c("short_title", "Titolo breve", Kind.OPT_TEXT, True, 24, wrap=True),
        _c("status", "Stato", Kind.ENUM, True, 14, enum_cls=Status, required=True),
        _c(
            "progress",
            "Avanzamento %",
            Kind.PERCENT,
            True,
            13,
            required=True,
            aliases=("avanzamento", "avanzamento (%)", "% avanzamento"),
        ),
        _c(
            "priority",
            "Priorità",
            Kind.OPT_ENUM,
            True,
            10,
            enum_cls=Priority,
            required=True,
            aliases=("priorita",),
        ),
        _c("start_date", "Data inizio", Kind.DATE, True, 12, required=True),
        _c("end_date", "Data fine", Kind.DATE, True, 12, required=True),
        _c("lead", "Responsabile", Kind.TEXT, False, 24, wrap=True),
        _c("involved", "Soggetti coinvolti", Kind.TEXT, False, 30, wrap=True),
        _c("next_deadline", "Prossima scadenza", Kind.DATE, False, 12),
        _c("overdue", "In ritardo", Kind.FLAG, False, 9),
        _c("budget", "Budget (€)", Kind.DECIMAL, True, 14, aliases=("budget", "budget €")),
        _c(
            "funding_source",
            "Fonte di finanziamento",
            Kind.OPT_ENUM,
            True,
            16,
            enum_cls=FundingSource,
        ),
        _c("sectors", "Settori economici", Kind.SECTORS, True, 22, wrap=True),
        _c("zones", "Zone omogenee", Kind.ZONES, True, 22, wrap=True),
        _c("linked_axes", "Assi collegati", Kind.AXES, True, 10),
        _c("notes", "Note", Kind.TEXT, True, 40, wrap=True, required=True),
        _c("cup", "CUP", Kind.CUP, True, 18, optional=True, aliases=("codice cup",)),
        _c("pnrr", "Misura PNRR", Kind.PNRR, True, 13, optional=True, aliases=("pnrr",)),
        _c(
            "dup_objective",
            "Obiettivo DUP",
            Kind.OPT_TEXT,
            True,
            13,
            optional=True,
            aliases=("dup", "obiettivo del dup"),
        ),
        _c(
            "sdgs",
            "Obiettivi Agenda 2030",
            Kind.GOALS,
            True,
            13,
            optional=True,
            aliases=("sdg", "obiettivi sdg", "agenda 2030"),
        ),
        _c(
            "competence",
            "Competenza",
            Kind.OPT_ENUM,
            True,
            16,
            enum_cls=Competence,
            optional=True,
        ),
        # The action's database id: codes change when the plan is restructured, ids do
        # not. Hidden, inside the table, so that a sort moves it with its row; optional,
        # since trackers of format 2 have none (their rows are matched by code).
        _c("id", "ID", Kind.ID, False, 7, hidden=True),
    ),
)

DEADLINES = SheetSpec(
    "Scadenze",
    "D",
    (
        _c("id", "ID", Kind.ID, False, 7, required=True),
        _c("action_code", "Codice azione", Kind.CODE, True, 12, required=True, aliases=("codice",)),
        _c(
            "title",
            "Scadenza",
            Kind.TEXT,
            True,
            40,
            wrap=True,
            required=True,
            aliases=("titolo", "descrizione"),
        ),
        _c(
            "due_date",
            "Data prevista",
            Kind.DATE,
            True,
            13,
            required=True,
            aliases=("data", "data scadenza"),
        ),
        _c(
            "completed_on",
            "Data di completamento",
            Kind.DATE,
            True,
            15,
            required=True,
            aliases=("completata il", "completamento"),
        ),
        _c("stakeholder", "Responsabile", Kind.NAME, True, 28, wrap=True, aliases=("soggetto",)),
        _c("notes", "Note", Kind.TEXT, True, 40, wrap=True),
        _c("overdue", "In ritardo", Kind.FLAG, False, 9),
    ),
)

STAKEHOLDERS = SheetSpec(
    "Soggetti",
    "S",
    (
        _c("id", "ID", Kind.ID, False, 7, required=True),
        _c(
            "name",
            "Nome",
            Kind.TEXT,
            True,
            36,
            wrap=True,
            required=True,
            aliases=("soggetto", "denominazione"),
        ),
        _c(
            "kind",
            "Tipo",
            Kind.ENUM,
            True,
            22,
            enum_cls=StakeholderKind,
            default=StakeholderKind.OTHER,
        ),
        _c("zone", "Zona omogenea", Kind.ZONE, True, 22, aliases=("zona",)),
        _c("contact_person", "Referente", Kind.TEXT, True, 22),
        _c("email", "E-mail", Kind.TEXT, True, 26, aliases=("email", "posta elettronica")),
        _c("phone", "Telefono", Kind.TEXT, True, 14),
        _c("notes", "Note", Kind.TEXT, True, 30, wrap=True),
    ),
)

ASSIGNMENTS = SheetSpec(
    "Assegnazioni",
    "G",
    (
        _c("action_code", "Codice azione", Kind.CODE, True, 12, required=True, aliases=("codice",)),
        _c(
            "stakeholder",
            "Soggetto",
            Kind.NAME,
            True,
            36,
            wrap=True,
            required=True,
            aliases=("nome", "soggetto coinvolto"),
        ),
        _c(
            "role",
            "Ruolo",
            Kind.ENUM,
            True,
            22,
            enum_cls=Role,
            required=True,
            default=Role.INVOLVED,
        ),
    ),
)

DATA_SHEETS: tuple[SheetSpec, ...] = (ACTIONS, DEADLINES, STAKEHOLDERS, ASSIGNMENTS)

# The open period's indicator values. Not in DATA_SHEETS: trackers exported before it, or
# without an open period, have no rows for it and are imported without it.
INDICATORS = SheetSpec(
    "Indicatori",
    "I",
    (
        _c("id", "ID", Kind.ID, False, 7, required=True),
        _c("owner", "Codice", Kind.TEXT, False, 9),
        _c("name", "Indicatore", Kind.TEXT, False, 40, wrap=True),
        _c("unit", "Unità di misura", Kind.TEXT, False, 12, wrap=True),
        _c("direction", "Direzione", Kind.TEXT, False, 14, wrap=True),
        _c("baseline", "Valore di partenza", Kind.TEXT, False, 15, wrap=True),
        _c("period_target", "Obiettivo del periodo", Kind.TEXT, False, 13, wrap=True),
        _c("final_target", "Obiettivo finale", Kind.TEXT, False, 15, wrap=True),
        _c(
            "value",
            "Valore del periodo",
            Kind.MEASURE,
            True,
            13,
            required=True,
            aliases=("valore", "valore rilevato"),
        ),
        _c("note", "Nota", Kind.TEXT, True, 40, wrap=True, required=True, aliases=("note",)),
    ),
)
INDICATOR_EDITABLE: tuple[str, ...] = ("value", "note")

# Fields of an action that the tracker can change, by the ActionService's names.
ACTION_EDITABLE: tuple[str, ...] = tuple(c.key for c in ACTIONS.editable)
DEADLINE_EDITABLE: tuple[str, ...] = ("title", "due_date", "completed_on", "stakeholder", "notes")
STAKEHOLDER_EDITABLE: tuple[str, ...] = (
    "name",
    "kind",
    "zone",
    "contact_person",
    "email",
    "phone",
    "notes",
)

# Fields stored per record in the base sheet (after the record's key).
BASE_FIELDS: dict[str, tuple[str, ...]] = {
    "A": ("code", *ACTION_EDITABLE, "id"),
    "D": ("id", "action_code", *DEADLINE_EDITABLE),
    "S": ("id", *STAKEHOLDER_EDITABLE),
    "G": ("action_code", "stakeholder_id", "stakeholder", "role"),
    "I": ("id", *INDICATOR_EDITABLE),
}


def normalise_header(text: str) -> str:
    """'  Avanzamento  % ' -> 'avanzamento %'; accents kept, case and spacing folded."""
    return re.sub(r"\s+", " ", text.replace("\n", " ")).strip().casefold()


def header_lookup(sheet: SheetSpec) -> dict[str, Column]:
    """Every accepted spelling of every header of a sheet."""
    result: dict[str, Column] = {}
    for column in sheet.columns:
        for name in (column.header, column.key, *column.aliases):
            result[normalise_header(name)] = column
    return result


STAKEHOLDER_ID = Column("stakeholder_id", "ID soggetto", Kind.ID, False, 0)


def base_column(code: str, key: str) -> Column:
    """The column describing a field of a base record (the key of its kind of value)."""
    if key == "stakeholder_id":
        return STAKEHOLDER_ID
    return {s.code: s for s in (*DATA_SHEETS, INDICATORS)}[code].by_key[key]
