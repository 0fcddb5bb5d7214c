"""A snapshot's bytes are the canonical JSON of every field of the state (fast encoder)."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import asdict
from decimal import Decimal
from typing import Any

import pytest

from psm_desktop.model import Competence, Direction, Health, Status
from psm_desktop.services.monitoring.health import HealthRule
from psm_desktop.services.monitoring.state import (
    SNAPSHOT_FORMAT,
    ActionState,
    IndicatorState,
    PlanState,
)
from psm_desktop.services.publication_data import PublicAssignment, PublicDeadline, PublicPlan


def _reference(row: dict[str, Any]) -> dict[str, Any]:
    """The encoding as first written with dataclasses.asdict (the stored format)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            out[key] = str(value)
        elif isinstance(value, dt.date):
            out[key] = value.isoformat()
        elif isinstance(value, Status | Health | Direction | Competence):
            out[key] = value.value
        elif isinstance(value, tuple):
            out[key] = list(value)  # what JSON makes of it
        else:
            out[key] = value
    return out


def test_fast_encoding_is_the_stored_format_and_reads_back() -> None:
    action = ActionState(
        id=1, code="1.1.1", axis=1, strategy="1.1", text="Azione «è»", status=Status.IN_PROGRESS,
        progress=40, start_date=dt.date(2025, 1, 1), end_date=None, budget=Decimal("1000.50"),
        notes="", lead=None, expected_progress=27.8, score=None, health=Health.NOT_RATED,
        cup="J81B19000000012", pnrr="M1C1 I1.1", dup_objective="SeO 1.2", sdgs=(3, 11),
        competence=Competence.COORDINATION,
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


def _public() -> PublicPlan:
    return PublicPlan(
        code="PSM", title="Piano «è»", issuer="Città", period="2024-2026",
        axis_descriptions=((1, "Descrizione"),), axis_links=((1, (2, 3)), (2, ())),
        strategy_descriptions=(("1.1", "Testo"),),
        assignments=(PublicAssignment("1.1.1", "Comune di Pinerolo", "Comune", "responsabile",
                                      "Responsabile"),),
        deadlines=(
            PublicDeadline("1.1.1", "Bando", dt.date(2025, 3, 31), dt.date(2025, 3, 20), "Comune"),
            PublicDeadline("1.1.1", "Lavori", dt.date(2025, 9, 30), None, ""),
        ),
    )  # fmt: skip


def test_the_public_facts_are_frozen_with_the_state_and_read_back() -> None:
    state = PlanState(
        period="2025-S1", reference_date=dt.date(2025, 6, 30), closed=True, rule=HealthRule(),
        axes=((1, "Asse"),), strategies=(), actions=(), public=_public(),
    )  # fmt: skip
    document = json.loads(zlib.decompress(state.to_bytes()))
    assert document["format"] == SNAPSHOT_FORMAT == 2
    assert document["public"]["deadlines"][1] == ["1.1.1", "Lavori", "2025-09-30", None, ""]
    assert PlanState.from_bytes(state.to_bytes()) == state
    live = PlanState(
        period=None, reference_date=dt.date(2025, 6, 30), closed=False, rule=HealthRule(),
        axes=(), strategies=(), actions=(),
    )  # fmt: skip
    assert PlanState.from_bytes(live.to_bytes()) == live


def test_a_first_format_snapshot_still_reads_without_public_facts() -> None:
    document = {
        "format": 1, "period": "2024-S2", "reference_date": "2024-12-31", "closed": True,
        "rule": {"on_track": 80.0, "attention": 50.0, "rollup": "media"},
        "axes": [[1, "Asse"]], "strategies": [["1.1", "Strategia", 1]], "actions": [],
        "indicators": [],
    }  # fmt: skip
    state = PlanState.from_bytes(zlib.compress(json.dumps(document).encode("utf-8")))
    assert state.period == "2024-S2" and state.public is None and state.closed
    document["format"] = 3  # from a newer release: refused, never guessed
    with pytest.raises(ValueError, match="formato di istantanea sconosciuto: 3"):
        PlanState.from_bytes(zlib.compress(json.dumps(document).encode("utf-8")))


def test_a_snapshot_taken_before_the_office_fields_reads_them_as_empty() -> None:
    old = {
        "id": 1, "code": "1.1.1", "axis": 1, "strategy": "1.1", "text": "Azione",
        "status": "in_corso", "progress": 40, "start_date": None, "end_date": None,
        "budget": None, "notes": "", "lead": None, "expected_progress": None, "score": None,
        "health": "non_valutabile",
    }  # fmt: skip
    document = {
        "format": 1, "period": "2025-S1", "reference_date": "2025-06-30", "closed": True,
        "rule": {"on_track": 80.0, "attention": 50.0, "rollup": "media"},
        "axes": [[1, "Asse"]], "strategies": [["1.1", "Strategia", 1]], "actions": [old],
        "indicators": [],
    }  # fmt: skip
    payload = zlib.compress(json.dumps(document).encode("utf-8"))
    (action,) = PlanState.from_bytes(payload).actions
    assert (action.cup, action.pnrr, action.dup_objective, action.sdgs, action.competence) == (
        None, None, None, (), None,
    )  # fmt: skip
