"""Rules for user input, each broken rule reported with the field's Italian name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from psm_desktop.errors import Problem
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
MAX_TEXT = 1_000_000  # generous: a note may be long, but not unbounded


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


def check_text(value: Any, label: str, problems: list[Problem], *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(Problem(label, "serve un testo"))
        return ""
    if required and not value.strip():
        problems.append(Problem(label, "il testo non può essere vuoto"))
    if len(value) > MAX_TEXT:
        problems.append(Problem(label, f"testo troppo lungo (più di {MAX_TEXT} caratteri)"))
    return value


def check_email(value: Any, problems: list[Problem]) -> str:
    text = check_text(value, STAKEHOLDER_FIELD_LABELS["email"], problems).strip()
    if text and not EMAIL_RE.match(text):
        problems.append(
            Problem(STAKEHOLDER_FIELD_LABELS["email"], f"indirizzo '{text}' non valido")
        )
    return text


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
    "STAKEHOLDER_FIELD_LABELS",
    "FundingSource",
    "Priority",
    "Role",
    "Sector",
    "StakeholderKind",
    "Status",
    "check_budget",
    "check_date",
    "check_dates_order",
    "check_email",
    "check_enum",
    "check_progress",
    "check_text",
    "placer",
]
