"""The coordinator's review beyond accept and reject: an edited value, and the board's detail
of an office (its actions with their last update)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import trackerkit

from psm_desktop.errors import UserError
from psm_desktop.model import PeriodKind
from psm_desktop.services import EditContext, Services
from psm_desktop.services.campaigns import Proposal, codec
from psm_desktop.services.campaigns.editing import edit_text, editable, parse_edit
from psm_desktop.storage import open_database

PINEROLO, IVREA = "Comune di Pinerolo", "Comune di Ivrea"


@pytest.fixture
def services(db_path: Path) -> Iterator[Services]:
    trackerkit.make_state_db(db_path)
    db = open_database(db_path)
    svc = Services(db, EditContext(user="Tester", source="test"))
    svc.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    svc.campaigns.create("Primavera", dt.date(2025, 7, 31))
    yield svc
    db.close()


def _progress(services: Services, office: str, value: int) -> int:
    action = services.actions.get_by_code("1.1.1")
    sid = services.stakeholders.find_by_name(office).id
    proposal = Proposal("azione", action.id, action.id, "1.1.1", "progress", "Avanzamento %",
                        40, value, "40%", f"{value}%")  # fmt: skip
    services.campaigns.record_return("Primavera", sid, f"{office}.xlsx", office, [proposal])
    return next(c.id for c in services.campaigns.changes("Primavera") if c.office == office)


def test_an_edited_value_is_written_with_its_source_and_the_edit(services: Services) -> None:
    pinerolo, ivrea = _progress(services, PINEROLO, 60), _progress(services, IVREA, 70)
    services.campaigns.accept_edited("Primavera", pinerolo, 65, "65%")
    action = services.actions.get_by_code("1.1.1")
    assert action.progress == 65
    entry = next(e for e in services.history.for_action(action.id) if e.field == "Avanzamento %")
    assert entry.new_value == "65"
    assert PINEROLO in entry.source and f"{PINEROLO}.xlsx" in entry.source
    assert "modificata dal coordinatore" in entry.source
    rows = {c.id: c for c in services.campaigns.changes("Primavera")}
    assert rows[pinerolo].state == "accettata"
    assert rows[pinerolo].shown_proposed == "60%"  # what the office proposed stays on record
    assert rows[pinerolo].reason == "modificata dal coordinatore: accettato «65%» invece di «60%»"
    assert rows[ivrea].state == "respinta" and PINEROLO in rows[ivrea].reason
    assert {r.state for r in services.campaigns.board("Primavera")} == {"validato"}


def test_an_edited_value_is_validated_like_any_edit(services: Services) -> None:
    pinerolo = _progress(services, PINEROLO, 60)
    with pytest.raises(UserError, match="Nessuna modifica applicata"):
        services.campaigns.accept_edited("Primavera", pinerolo, 150)
    assert services.actions.get_by_code("1.1.1").progress == 40
    (change,) = services.campaigns.changes("Primavera")
    assert change.state == "proposta"  # still to decide
    with pytest.raises(UserError, match="non è più in attesa"):
        services.campaigns.reject("Primavera", [pinerolo], "no")
        services.campaigns.accept_edited("Primavera", pinerolo, 50)


def test_the_edited_text_is_read_as_the_proposals_kind() -> None:
    where = "Proposta n. 3"
    assert parse_edit(" 65 ", codec.encode(60), codec.encode(40), where) == 65
    assert parse_edit("65%", codec.encode(60), None, where) == 65
    assert parse_edit("15/3/2026", codec.encode(dt.date(2026, 1, 1)), None, where) == dt.date(
        2026, 3, 15
    )
    assert parse_edit("1.234,50", None, codec.encode(Decimal("10")), where) == Decimal("1234.50")
    assert parse_edit("Lavori avviati", codec.encode("x"), None, where) == "Lavori avviati"
    assert parse_edit("", codec.encode(60), None, where) is None
    with pytest.raises(UserError, match=r"Proposta n\. 3: «sessanta» non è un numero intero"):
        parse_edit("sessanta", codec.encode(60), None, where)
    with pytest.raises(UserError, match=r"Proposta n\. 3"):
        parse_edit("31/02/2026", codec.encode(dt.date(2026, 1, 1)), None, where)
    assert edit_text(codec.encode(dt.date(2026, 3, 15))) == "15/03/2026"
    assert edit_text(codec.encode(Decimal("1234.5"))) == "1234,5"
    assert editable("progress", codec.encode(60), None)
    assert not editable("stakeholder_id", codec.encode(3), None)
    assert not editable("zones", codec.encode(frozenset({"A"})), None)


def test_the_board_lists_an_offices_actions_with_their_last_update(services: Services) -> None:
    before = {a.code: a for a in services.campaigns.office_actions("Primavera", IVREA)}
    assert set(before) == {"1.1.1", "1.1.2"}  # partner in 1.1.1, involved in 1.1.2
    assert before["1.1.1"].role == "Partner"
    assert before["1.1.2"].role == "Coinvolto"
    services.campaigns.accept("Primavera", [_progress(services, IVREA, 70)])
    after = {a.code: a for a in services.campaigns.office_actions("Primavera", IVREA)}
    assert after["1.1.1"].changed_at is not None
    assert (
        before["1.1.1"].changed_at is None
        or after["1.1.1"].changed_at >= before["1.1.1"].changed_at
    )
    assert after["1.1.1"].user == "Tester"
    assert IVREA in after["1.1.1"].source and "Primavera" in after["1.1.1"].source
    assert after["1.1.2"] == before["1.1.2"]
    assert [a.code for a in services.campaigns.office_actions("Primavera", PINEROLO)] == ["1.1.1"]
