"""An indicator's data as the editor shows and types it: light (no SQLAlchemy), so the
window's editor loads before the data layers. `indicators.IndicatorService` stores them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from psm_desktop.errors import Problem, ValidationError
from psm_desktop.model.enums import Direction

NAME_MAX = 300
NOTE_MAX = 4000
NOT_AVAILABLE = "n.d."
_LIMIT = Decimal("1e14")  # the column holds 14 digits before the decimal mark


@dataclass(frozen=True, slots=True)
class IndicatorData:
    """What the user edits of an indicator (its owner is fixed at creation)."""

    name: str
    direction: Direction = Direction.HIGHER
    unit: str = ""
    baseline_value: Decimal | None = None
    baseline_date: dt.date | None = None
    target_value: Decimal | None = None
    target_date: dt.date | None = None
    range_min: Decimal | None = None
    range_max: Decimal | None = None
    source: str = ""
    frequency: str = ""
    measured_by_id: int | None = None


# Italian names of the fields, for messages and the change log.
LABELS = {
    "name": "nome",
    "direction": "direzione",
    "unit": "unità di misura",
    "baseline_value": "valore di partenza",
    "baseline_date": "data del valore di partenza",
    "target_value": "obiettivo",
    "target_date": "data dell'obiettivo",
    "range_min": "minimo dell'intervallo",
    "range_max": "massimo dell'intervallo",
    "source": "fonte dei dati",
    "frequency": "frequenza",
    "measured_by_id": "chi lo rileva",
}


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    id: int
    owner: str
    owner_kind: str
    data: IndicatorData
    version: int
    values: tuple[tuple[str, str], ...] = field(default=())  # (period name, shown value)


@dataclass(frozen=True, slots=True)
class DeletedIndicator:
    """All an indicator was, so that undoing its deletion brings it back whole."""

    id: int
    owner: str
    data: IndicatorData
    # (period name, value or None for n.d., note) and (period name, target)
    values: tuple[tuple[str, Decimal | None, str], ...]
    targets: tuple[tuple[str, Decimal], ...]


def parse_value(text: str | Decimal | int | float | None, where: str) -> Decimal | None:
    """A measured value as typed: a number (decimal comma or point) or "n.d." (None).

    Raises ValidationError naming `where` for anything else.
    """
    if text is None:
        raise ValidationError([Problem(where, "manca il valore (scrivi un numero o n.d.)")])
    if isinstance(text, Decimal | int | float):
        number = Decimal(str(text))
    else:
        cleaned = text.strip().replace(" ", "")
        if cleaned.casefold() in ("n.d.", "nd", "n.d", "nd."):
            return None
        if "," in cleaned:
            cleaned = cleaned.replace(".", "").replace(",", ".")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise ValidationError(
                [Problem(where, f"«{shown}» non è un numero (scrivi un numero o n.d.)")]
            ) from None
    if not number.is_finite() or abs(number) >= _LIMIT:
        raise ValidationError([Problem(where, "il numero è troppo grande")])
    return number.quantize(Decimal("0.0001")).normalize()


def format_number(value: Decimal | None, not_available: bool = False) -> str:
    if not_available:
        return NOT_AVAILABLE
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    whole, _, decimals = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = f"{int(whole):,}".replace(",", ".")
    return sign + groups + ("," + decimals if decimals else "")
