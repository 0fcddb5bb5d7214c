"""Field values of proposed changes as JSON text, and back as the services accept them.

A proposal waits in the database until the coordinator decides, so its value is kept as
text: dates and amounts are tagged, sets become sorted lists, a new record's values a
tagged object (its empty values left out), enums their stored value
(the services' validation reads an enum from its value).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from decimal import Decimal
from typing import Any


def encode(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)


def decode(text: str | None) -> Any:
    if text is None:
        return None
    return _typed(json.loads(text))


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dict):  # a new record's values
        return {"record": {str(k): _plain(v) for k, v in value.items() if v is not None}}
    if isinstance(value, set | frozenset | list | tuple):
        items = [_plain(v) for v in value]
        return {"set": sorted(items, key=str)} if isinstance(value, set | frozenset) else items
    raise TypeError(f"valore non previsto in una proposta: {type(value).__name__}")


def _typed(data: Any) -> Any:
    if isinstance(data, dict):
        if "record" in data:
            return {k: _typed(v) for k, v in data["record"].items()}
        if "date" in data:
            return dt.date.fromisoformat(data["date"])
        if "datetime" in data:
            return dt.datetime.fromisoformat(data["datetime"])
        if "decimal" in data:
            return Decimal(data["decimal"])
        if "set" in data:
            return frozenset(_typed(v) for v in data["set"])
    if isinstance(data, list):
        return [_typed(v) for v in data]
    return data
