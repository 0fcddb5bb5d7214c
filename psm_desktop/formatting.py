"""Italian display of values (dates dd/mm/yyyy, euro with decimal comma), with no Qt."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from decimal import Decimal

from psm_desktop.model.enums import LabelledEnum

EMPTY = "—"


def format_date(value: dt.date | None, empty: str = "") -> str:
    return value.strftime("%d/%m/%Y") if value else empty


def format_euro(value: Decimal | float | int | None, empty: str = "") -> str:
    """1234567.5 -> '1.234.567,50 €'."""
    if value is None:
        return empty
    text = f"{Decimal(value):,.2f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".") + " €"


def format_percent(value: int | None) -> str:
    return "" if value is None else f"{value}%"


def format_value(value: object) -> str | None:
    """A value as the change log and the history show it."""
    if value is None or value == "":
        return None
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_euro(value)
    if isinstance(value, (set, frozenset, list, tuple)):
        return join_labels(value) or None
    return str(value)


def join_labels(values: Iterable[object]) -> str:
    parts = [format_value(v) or "" for v in values]
    return "; ".join(sorted(p for p in parts if p))


def thousands(n: int) -> str:
    """An integer with Italian thousands: 10.000."""
    return f"{n:,}".replace(",", ".")


def plural(n: int, singular: str, plural_form: str, *, number: bool = True) -> str:
    """'1 azione', '2 azioni', '1.234 azioni' (Italian thousands); number=False: the noun only."""
    noun = singular if n == 1 else plural_form
    return f"{thousands(n)} {noun}" if number else noun


# --- dates typed by hand ----------------------------------------------------------------------

DATE_HINT = "scrivi la data come gg/mm/aaaa, per esempio 15/03/2025"
_SEPARATORS = re.compile(r"\s*[/.\-\s]\s*")


def parse_date(text: str) -> dt.date | None:
    """A date as officials type it: 15/03/2025, 15/3/25, 15-03-2025, 15032025, 150325, or
    ISO 2025-03-15. Blank -> None. Anything else raises ValueError with an Italian message;
    a year of 1 or 3 digits (a year half deleted) is refused, never guessed."""
    cleaned = text.strip()
    if not cleaned:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned)
    if iso:
        iso_year, iso_month, iso_day = (int(g) for g in iso.groups())
        return _make_date(iso_day, iso_month, iso_year, text)
    if cleaned.isdigit() and len(cleaned) in (6, 8):
        parts = [cleaned[:2], cleaned[2:4], cleaned[4:]]
    else:
        parts = _SEPARATORS.split(cleaned)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"«{text.strip()}» non è una data: {DATE_HINT}.")
    day, month, year_text = parts
    if len(year_text) == 2:
        short = int(year_text)
        year = 2000 + short if short < 70 else 1900 + short
    elif len(year_text) == 4:
        year = int(year_text)
    else:
        raise ValueError(f"«{text.strip()}»: l'anno va scritto con 4 cifre ({DATE_HINT}).")
    return _make_date(int(day), int(month), year, text)


def _make_date(day: int, month: int, year: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"«{text.strip()}» non è una data esistente: {DATE_HINT}.") from None


def plan_years(period: str) -> tuple[int, int] | None:
    """'2024-2026' -> (2024, 2026); None when the plan's period says no years."""
    years = [int(y) for y in re.findall(r"\d{4}", period)]
    return (min(years), max(years)) if years else None


YEARS_BEFORE, YEARS_AFTER = 2, 4  # how far from the plan's period a date is still ordinary


def unusual_date_question(
    value: dt.date, years: tuple[int, int] | None, field: str, today: dt.date | None = None
) -> str | None:
    """The question to ask before saving a date far from the plan's period (a mistyped year,
    a stray key), or None when the date is ordinary."""
    if years is None:
        year = (today or dt.date.today()).year
        first, last, where = year - 5, year + 10, "da oggi"
    else:
        first, last = years[0] - YEARS_BEFORE, years[1] + YEARS_AFTER
        where = f"dal periodo del piano ({years[0]}-{years[1]})"
    if first <= value.year <= last:
        return None
    return f"{field}: {format_date(value)} è molto lontana {where}.\nSalvare proprio questa data?"
