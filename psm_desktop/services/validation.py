"""Rules for user input, each broken rule reported with the field's Italian name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from psm_desktop.errors import Problem
from psm_desktop.formatting import thousands
from psm_desktop.model import (
    FundingSource,
    LabelledEnum,
    Priority,
    Role,
    Sector,
    StakeholderKind,
    Status,
)

# The Italian names of the fields, as the editor, the tracker and the messages call them.
ACTION_FIELD_LABELS: dict[str, str] = {
    "text": "Azione",
    "short_title": "Titolo breve",
    "status": "Stato",
    "progress": "Avanzamento %",
    "priority": "Priorità",
    "start_date": "Data inizio",
    "end_date": "Data fine",
    "budget": "Budget (€)",
    "funding_source": "Fonte di finanziamento",
    "sectors": "Settori economici",
    "zones": "Zone omogenee",
    "linked_axes": "Assi collegati",
    "notes": "Note",
    "cup": "CUP",
    "pnrr": "Misura PNRR",
    "dup_objective": "Obiettivo DUP",
    "sdgs": "Obiettivi Agenda 2030",
    "competence": "Competenza",
}

STAKEHOLDER_FIELD_LABELS: dict[str, str] = {
    "name": "Nome",
    "kind": "Tipo",
    "zone": "Zona omogenea",
    "contact_person": "Referente",
    "email": "E-mail",
    "phone": "Telefono",
    "notes": "Note",
}

DEADLINE_FIELD_LABELS: dict[str, str] = {
    "title": "Scadenza",
    "due_date": "Data prevista",
    "completed_on": "Data di completamento",
    "stakeholder_id": "Responsabile",
    "notes": "Note",
}


def placer(labels: dict[str, str], where: str) -> Callable[[str], str]:
    """Name a field's place: 'Stato', or 'Azioni, riga 12, colonna Stato' inside a file."""

    def place(field: str) -> str:
        label = labels.get(field, field)
        return f"{where}, colonna {label}" if where else label

    return place


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The longest text each field takes, in characters: far above real use, low enough that a
# pasted file or a hostile tracker cannot bloat the database, the tables and the PDFs.
# Long texts (notes, the action's official text) take about 50 pages: more than a spreadsheet
# cell (32,767), so a tracker cuts the longest ones at export, and its import never shortens
# them (see exchange/tracker/merge). Short ones (titles, names, contacts) a few lines.
LONG_TEXT_LIMIT = 100_000
NOTE_LIMIT = LONG_TEXT_LIMIT
TEXT_LIMITS: dict[str, dict[str, int]] = {
    "action": {
        "text": LONG_TEXT_LIMIT,
        "short_title": 200,
        "notes": NOTE_LIMIT,
        "dup_objective": 60,
    },
    "deadline": {"title": 500, "notes": NOTE_LIMIT},
    "stakeholder": {
        "name": 200,
        "contact_person": 200,
        "email": 254,  # the longest address SMTP carries
        "phone": 50,
        "notes": NOTE_LIMIT,
    },
}


def check_enum(
    enum_cls: type[LabelledEnum],
    value: Any,
    label: str,
    problems: list[Problem],
    *,
    optional: bool = False,
) -> Any:
    if value is None:
        if not optional:
            problems.append(Problem(label, "valore obbligatorio"))
        return None
    if isinstance(value, enum_cls):
        return value
    if isinstance(value, str):
        try:
            return enum_cls.parse(value)
        except ValueError:
            pass
    allowed = ", ".join(enum_cls.labels())
    problems.append(Problem(label, f"valore '{value}' non valido; valori ammessi: {allowed}"))
    return None


def check_progress(value: Any, label: str, problems: list[Problem]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(
            Problem(label, f"valore '{value}' non valido: serve un numero intero da 0 a 100")
        )
        return None
    if not 0 <= value <= 100:
        problems.append(Problem(label, f"valore {value} fuori intervallo: deve essere tra 0 e 100"))
        return None
    return value


def check_date(value: Any, label: str, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    problems.append(Problem(label, f"valore '{value}' non è una data"))
    return None


def check_budget(value: Any, label: str, problems: list[Problem]) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        problems.append(Problem(label, f"valore '{value}' non è un importo"))
        return None
    if not amount.is_finite() or amount < 0:
        problems.append(Problem(label, f"valore '{value}' non valido: serve un importo positivo"))
        return None
    if amount >= Decimal("1e12"):
        problems.append(Problem(label, f"valore '{value}' troppo grande"))
        return None
    return amount.quantize(Decimal("0.01"))


def check_text(
    value: Any, label: str, problems: list[Problem], *, limit: int, required: bool = False
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(Problem(label, "serve un testo"))
        return ""
    if required and not value.strip():
        problems.append(Problem(label, "il testo non può essere vuoto"))
    check_length(value, label, limit, problems)
    return value


def check_length(text: str, label: str, limit: int, problems: list[Problem]) -> bool:
    """False (and a problem naming the field) if `text` is longer than `limit` characters."""
    if len(text) <= limit:
        return True
    problems.append(
        Problem(
            label,
            f"testo troppo lungo: {thousands(len(text))} caratteri, al massimo {thousands(limit)}",
        )
    )
    return False


def check_email(value: Any, problems: list[Problem], label: str | None = None) -> str:
    label = label or STAKEHOLDER_FIELD_LABELS["email"]
    limit = TEXT_LIMITS["stakeholder"]["email"]
    text = check_text(value, label, problems, limit=limit).strip()
    if text and len(text) <= limit and not EMAIL_RE.match(text):
        problems.append(Problem(label, f"indirizzo '{text}' non valido"))
    return text


CUP_LENGTH = 15
_CUP_RE = re.compile(r"[A-Z0-9]{15}")


def check_cup(value: Any, label: str, problems: list[Problem]) -> str | None:
    """The Codice Unico di Progetto: 15 letters and digits, upper-cased; empty is None.

    Spaces a copy adds (inside or around) are dropped; several actions may share one CUP.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    cup = re.sub(r"\s+", "", value).upper()
    if not cup:
        return None
    if not _CUP_RE.fullmatch(cup):
        shown = value.strip() if len(value) <= 40 else value.strip()[:40] + "…"
        problems.append(
            Problem(
                label,
                f"Il CUP deve avere {CUP_LENGTH} caratteri, lettere e cifre: "
                f"'{shown}' ne ha {len(cup)}"
                + ("" if cup.isalnum() and cup.isascii() else " e contiene altri segni"),
            )
        )
        return None
    return cup


# A PNRR measure: mission 1-7 (M7 is REPowerEU), component, then an investment (I) or a
# reform (R) with its number (1, 1.1, 1.1.2). Spaces, dashes, dots and the words
# "investimento"/"riforma" between the parts are tolerated; the stored form is "M1C1 I1.1".
_PNRR_RE = re.compile(
    r"M\s*(?P<mission>[1-7])[\s\-–—.,/]*C\s*(?P<component>\d{1,2})[\s\-–—.,/:]*"
    r"(?P<kind>INVESTIMENTO|INV\.?|RIFORMA|RIF\.?|I|R)\s*"
    r"(?P<number>\d{1,2}(?:\s*\.\s*\d{1,2}){0,2})"
)


def normalise_pnrr(text: str) -> str | None:
    """'M1 C1 - I 1.1' -> 'M1C1 I1.1'; None when the text is not a PNRR measure."""
    match = _PNRR_RE.fullmatch(text.strip().upper())
    if match is None:
        return None
    kind = "R" if match["kind"].startswith("R") else "I"
    number = re.sub(r"\s+", "", match["number"])
    return f"M{match['mission']}C{int(match['component'])} {kind}{number}"


def check_pnrr(value: Any, label: str, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    measure = normalise_pnrr(text)
    if measure is None:
        shown = text if len(text) <= 40 else text[:40] + "…"
        problems.append(
            Problem(
                label,
                f"'{shown}' non è una misura PNRR: scrivi missione, componente e investimento "
                "o riforma, per esempio M1C1 I1.1 oppure M2C4 R1.2",
            )
        )
    return measure


def check_sdgs(value: Any, label: str, problems: list[Problem]) -> frozenset[int]:
    """Goals of the Agenda 2030: numbers 1-17, as a list or a text like '3, 11'."""
    if value is None:
        return frozenset()
    items: list[Any]
    if isinstance(value, str):
        items = [p for p in re.split(r"[\s,;]+", value.strip()) if p]
    elif isinstance(value, int | float):
        items = [value]
    else:
        items = list(value)
    goals: set[int] = set()
    wrong: list[str] = []
    for item in items:
        goal = _goal(item)
        if goal is None:
            wrong.append(str(item))
        else:
            goals.add(goal)
    if wrong:
        problems.append(
            Problem(
                label,
                f"obiettivi non validi: {', '.join(wrong[:5])}; "
                "scrivi i numeri degli obiettivi da 1 a 17 separati da virgole, per esempio 3, 11",
            )
        )
    return frozenset(goals)


def _goal(item: Any) -> int | None:
    if isinstance(item, bool):
        return None
    if isinstance(item, float) and item.is_integer():
        item = int(item)
    if isinstance(item, str) and re.fullmatch(r"\d{1,2}", item.strip()):
        item = int(item)
    if isinstance(item, int) and 1 <= item <= 17:
        return item
    return None


def check_dates_order(
    start: dt.date | None, end: dt.date | None, label: str, problems: list[Problem]
) -> None:
    if start and end and end < start:
        problems.append(
            Problem(
                label,
                f"la data di fine ({end:%d/%m/%Y}) è precedente alla data di inizio "
                f"({start:%d/%m/%Y})",
            )
        )


__all__ = [
    "ACTION_FIELD_LABELS",
    "DEADLINE_FIELD_LABELS",
    "NOTE_LIMIT",
    "STAKEHOLDER_FIELD_LABELS",
    "TEXT_LIMITS",
    "FundingSource",
    "Priority",
    "Role",
    "Sector",
    "StakeholderKind",
    "Status",
    "check_budget",
    "check_cup",
    "check_date",
    "check_dates_order",
    "check_email",
    "check_enum",
    "check_length",
    "check_pnrr",
    "check_progress",
    "check_sdgs",
    "check_text",
    "placer",
]
