"""A snapshot's bytes are the canonical JSON of every field of the state (fast encoder)."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from psm_desktop.model import Direction, Health, Status
from psm_desktop.services.monitoring.health import HealthRule
from psm_desktop.services.monitoring.state import ActionState, IndicatorState, PlanState


def _reference(row: dict[str, Any]) -> dict[str, Any]:
    """The encoding as first written with dataclasses.asdict (the stored format)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            out[key] = str(value)
        elif isinstance(value, dt.date):
            out[key] = value.isoformat()
        elif isinstance(value, Status | Health | Direction):
            out[key] = value.value
        else:
            out[key] = value
    return out


def test_fast_encoding_is_the_stored_format_and_reads_back() -> None:
    action = ActionState(
        id=1, code="1.1.1", axis=1, strategy="1.1", text="Azione «è»", status=Status.IN_PROGRESS,
        progress=40, start_date=dt.date(2025, 1, 1), end_date=None, budget=Decimal("1000.50"),
        notes="", lead=None, expected_progress=27.8, score=None, health=Health.NOT_RATED,
    )  # fmt: skip
    indicator = IndicatorState(
        id=7, owner="1.1.1", owner_kind="azione", name="Imprese", unit="",
        direction=Direction.LOWER,
        baseline=Decimal("0"), baseline_date=None, target=Decimal("12.5"),
        target_date=dt.date(2026, 6, 30), period_target=None, value=None, not_available=True,
        note="n.d.", score=80.0, health=Health.ATTENTION,
    )  # fmt: skip
    state = PlanState(
        period="2025-S1", reference_date=dt.date(2025, 6, 30), closed=True, rule=HealthRule(),
        axes=((1, "Asse"),), strategies=(("1.1", "Strategia", 1),), actions=(action,),
        indicators=(indicator,),
    )  # fmt: skip
    document = json.loads(zlib.decompress(state.to_bytes()))
    assert document["actions"] == [_reference(asdict(action))]
    assert document["indicators"] == [_reference(asdict(indicator))]
    assert PlanState.from_bytes(state.to_bytes()) == state
