"""Italian display of values (dates dd/mm/yyyy, euro with decimal comma), with no Qt."""

from __future__ import annotations

import datetime as dt
import enum
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
