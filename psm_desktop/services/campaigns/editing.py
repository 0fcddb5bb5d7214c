"""The coordinator's own value for a proposal: typed text read as the proposal's kind.

A proposal's value is stored as JSON (codec); the coordinator edits it as text. The text is
read as the same kind as the office's value (or the value at export when the office
emptied the field): a whole number, a date, an amount, or text. Whether the value is
acceptable for the field is the services' validation, the same as for any edit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from psm_desktop.errors import UserError
from psm_desktop.formatting import format_date, parse_date
from psm_desktop.services.campaigns import codec
from psm_desktop.services.campaigns.dto import RECORD_FIELDS


def editable(field: str, proposed: str | None, base: str | None) -> bool:
    """False for a reference to another record or a set of values: chosen in the plan."""
    if field.endswith("_id") or field == "role" or field in RECORD_FIELDS:
        return False  # a whole new or deleted record is accepted or rejected as it is
    sample = _sample(proposed, base)
    return not isinstance(sample, list | tuple | set | frozenset)


def edit_text(proposed: str | None) -> str:
    """The office's value as the coordinator starts editing it."""
    value = codec.decode(proposed)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    return str(value)


def parse_edit(text: str, proposed: str | None, base: str | None, where: str) -> Any:
    """`text` as a value of the proposal's kind; UserError naming `where` if it is not one."""
    sample = _sample(proposed, base)
    cleaned = text.strip()
    if not cleaned:
        return None
    if isinstance(sample, bool):
        if cleaned.lower() in ("sì", "si", "vero", "1"):
            return True
        if cleaned.lower() in ("no", "falso", "0"):
            return False
        raise UserError(f"{where}: scrivi «sì» o «no», non «{cleaned}».")
    if isinstance(sample, int):
        try:
            return int(cleaned.rstrip("%").strip())
        except ValueError:
            raise UserError(f"{where}: «{cleaned}» non è un numero intero.") from None
    if isinstance(sample, dt.date):
        try:
            return parse_date(cleaned)
        except ValueError as exc:
            raise UserError(f"{where}: {exc}") from None
    if isinstance(sample, Decimal):
        number = cleaned.replace("€", "").replace(" ", "").replace(".", "").replace(",", ".")
        try:
            return Decimal(number)
        except InvalidOperation:
            raise UserError(f"{where}: «{cleaned}» non è un importo.") from None
    if isinstance(sample, list | tuple | set | frozenset):
        raise UserError(f"{where}: questo campo si modifica nel piano, non nella revisione.")
    return cleaned


def _sample(proposed: str | None, base: str | None) -> Any:
    value = codec.decode(proposed)
    return value if value is not None else codec.decode(base)
