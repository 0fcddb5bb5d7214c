"""Property: random edits and random garbage are either applied exactly or refused whole."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from psm_desktop.errors import UserError
from psm_desktop.exchange.tracker.service import apply_plan, prepare_import
from psm_desktop.model import Priority, Status

CODES = ("1.1.1", "1.1.2", "1.1.3", "1.2.1")
HEADERS = {
    "status": "Stato",
    "progress": "Avanzamento %",
    "priority": "Priorità",
    "start_date": "Data inizio",
    "end_date": "Data fine",
    "notes": "Note",
}
Edit = tuple[str, str, Any, Any, bool]  # code, field, cell written, value expected, valid


def messy(text: str, draw: Any) -> str:
    """The label as someone types it: other case, spaces around."""
    text = draw(st.sampled_from([text, text.upper(), text.lower()]))
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", " "]))


@st.composite
def edits(draw: Any) -> Edit:
    code = draw(st.sampled_from(CODES))
    field = draw(st.sampled_from(sorted(HEADERS)))
    if draw(st.integers(0, 5)) == 0:  # garbage
        junk = {
            "status": st.sampled_from(["fatto", "boh", "50%"]),
            "progress": st.sampled_from(["tanto", "150%", "-3", "1/2"]),
            "priority": st.sampled_from(["urgentissima", "0"]),
            "start_date": st.sampled_from(["32/01/2025", "domani", "2025-13-01"]),
            "end_date": st.sampled_from(["31/02/2025", "mai"]),
            "notes": st.nothing(),
        }[field]
        if field != "notes":
            return (code, field, draw(junk), None, False)
    if field == "status":
        status = draw(st.sampled_from(list(Status)))
        return (code, field, messy(status.label, draw), status, True)
    if field == "priority":
        priority = draw(st.sampled_from(list(Priority)))
        return (code, field, messy(priority.label, draw), priority, True)
    if field == "progress":
        value = draw(st.integers(0, 100))
        # A number is a whole percentage: the column shows it with "%" after it.
        options = [f"{value}%", value, str(value)]
        cell = draw(st.sampled_from(options))
        return (code, field, cell, value, True)
    if field in ("start_date", "end_date"):
        day = draw(st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31)))
        cell = draw(
            st.sampled_from([dt.datetime.combine(day, dt.time()), day.strftime("%d/%m/%Y")])
        )
        return (code, field, cell, day, True)
    text = draw(
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40
        )
    )
    text = draw(st.sampled_from(["", "=", "+", "-"])) + text
    return (code, field, text, text.strip(), True)


def fields_of(services: Any, code: str) -> dict[str, Any]:
    a = services.actions.get_by_code(code)
    return {f: getattr(a, f) for f in HEADERS}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("property")
    db_path = folder / "template.sqlite"
    from psm_desktop.storage import open_database

    open_database(db_path, auto_backup=False).close()
    trackerkit.make_state_db(db_path)
    return db_path, trackerkit.export(db_path, folder / "tracker.xlsx")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(edits(), min_size=1, max_size=6))
def test_random_edits_apply_exactly_or_not_at_all(
    base: tuple[Path, Path], changes: list[Edit]
) -> None:
    template, tracker = base
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "piano.sqlite"
        shutil.copyfile(template, db_path)
        wb = openpyxl.load_workbook(tracker)
        ws = wb["Azioni"]
        for code, field, cell, _, _ in changes:
            target = ws.cell(
                trackerkit.row_of(ws, "Codice", code), trackerkit.column_of(ws, HEADERS[field])
            )
            target.value = cell
            if isinstance(cell, str):
                target.data_type = "s"  # typed text, never a formula
        edited = Path(folder) / "ufficio.xlsx"
        wb.save(edited)

        db, services = trackerkit.services_of(db_path)
        try:
            before = {code: fields_of(services, code) for code in CODES}
            expected = {code: dict(values) for code, values in before.items()}
            for code, field, _, value, _ in changes:
                expected[code][field] = value
            last = {(code, field): ok for code, field, _, _, ok in changes}  # last edit wins
            valid = all(last.values()) and all(
                not (v["start_date"] and v["end_date"] and v["end_date"] < v["start_date"])
                for v in expected.values()
            )
            rows = trackerkit.dump(db_path)
            try:
                plan = prepare_import(services, edited)
                assert not plan.conflicts  # the database did not change since the export
                apply_plan(services, plan)
            except UserError as exc:
                event("refused")
                assert not valid, exc.message
                assert "riga" in exc.message and "colonna" in exc.message
                assert trackerkit.dump(db_path) == rows  # nothing half-written
                return
            event("applied")
            assert valid
            after = {code: fields_of(services, code) for code in CODES}
            assert after == expected
            changed = sum(before[c][f] != expected[c][f] for c in CODES for f in HEADERS)
            imported = [h for h in services.history.recent(100) if h.source.startswith("import")]
            assert len(imported) == changed
            assert prepare_import(services, edited).is_empty  # and again: nothing to do
        finally:
            db.close()
