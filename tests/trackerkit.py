"""Helpers for tracker tests: a seeded plan with some state, export, edit with openpyxl, dumps."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from psm_desktop.exchange.tracker.export import export_tracker
from psm_desktop.exchange.tracker.plan import ImportPlan
from psm_desktop.exchange.tracker.scope import Scope
from psm_desktop.exchange.tracker.service import apply_plan, prepare_import
from psm_desktop.model import Role
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database

Workbook = Any


def give_state(services: Services) -> None:
    """Stakeholders, assignments and deadlines on 1.1.1 and 1.1.2 (the seed has none)."""
    a = services.actions.get_by_code("1.1.1")
    services.actions.update(
        a.id,
        a.version,
        {
            "status": "in corso",
            "progress": 40,
            "start_date": dt.date(2024, 9, 1),
            "end_date": dt.date(2026, 12, 31),
            "notes": "Nota iniziale",
            "zones": {"Torino", "Pinerolese"},
        },
    )
    pinerolo = services.stakeholders.create("Comune di Pinerolo", "comune", zone="Pinerolese")
    ivrea = services.stakeholders.create("Comune di Ivrea", "comune", zone="Eporediese")
    services.assignments.assign(a.id, pinerolo.id, Role.LEAD)
    services.assignments.assign(a.id, ivrea.id, Role.PARTNER)
    b = services.actions.get_by_code("1.1.2")
    services.assignments.assign(b.id, ivrea.id, Role.INVOLVED)
    services.deadlines.add(
        a.id, "Progetto esecutivo", dt.date(2025, 6, 30), stakeholder_id=pinerolo.id
    )
    services.deadlines.add(b.id, "Avvio gara", dt.date(2030, 1, 15), notes="da confermare")


_CACHE: dict[str, Path] = {}


def make_state_db(db_path: Path) -> Path:
    """Turn the fresh seeded `db_path` into the plan with `give_state` (made once, then copied)."""
    if "state" not in _CACHE:
        db, services = services_of(db_path)
        try:
            give_state(services)
        finally:
            db.close()
        cached = Path(tempfile.mkdtemp(prefix="psm-tracker-")) / "state.sqlite"
        shutil.copyfile(db_path, cached)
        _CACHE["state"] = cached
    else:
        shutil.copyfile(_CACHE["state"], db_path)
    return db_path


def copy_state_tracker(db_path: Path, target: Path) -> Path:
    """The whole-plan tracker of `state_db` (exported once, then copied)."""
    if "tracker" not in _CACHE:
        cached = _CACHE["state"].parent / "tracker.xlsx"
        export(db_path, cached)
        _CACHE["tracker"] = cached
    shutil.copyfile(_CACHE["tracker"], target)
    return target


@pytest.fixture(name="state_db")
def state_db_fixture(db_path: Path) -> Path:
    """Fixture: the seeded plan with `give_state` (import it into a test module by name)."""
    return make_state_db(db_path)


@pytest.fixture(name="tracker")
def tracker_fixture(state_db: Path, tmp_path: Path) -> Path:
    """Fixture: the whole-plan tracker of `state_db`."""
    return copy_state_tracker(state_db, tmp_path / "tracker.xlsx")


def services_of(db_path: Path, user: str = "Tester") -> tuple[Any, Services]:
    db = open_database(db_path)
    return db, Services(db, EditContext(user=user, source="test"))


def export(db_path: Path, target: Path, scope: Scope | None = None) -> Path:
    db, services = services_of(db_path)
    try:
        export_tracker(services, target, scope)
    finally:
        db.close()
    return target


def edit(source: Path, target: Path, change: Callable[[Workbook], None]) -> Path:
    """Open the tracker with openpyxl as another office would, change it, save it."""
    wb = openpyxl.load_workbook(source)
    change(wb)
    wb.save(target)
    return target


def column_of(ws: Any, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return int(cell.column)
    raise KeyError(header)


def row_of(ws: Any, header: str, value: Any) -> int:
    col = column_of(ws, header)
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, col).value == value:
            return row
    raise KeyError(value)


def set_cell(wb: Workbook, sheet: str, key_header: str, key: Any, header: str, value: Any) -> None:
    ws = wb[sheet]
    ws.cell(row_of(ws, key_header, key), column_of(ws, header)).value = value


def append_row(wb: Workbook, sheet: str, values: dict[str, Any]) -> int:
    """Write a new row right after the last non-empty one, by header names."""
    ws = wb[sheet]
    last = 1
    for row in range(2, ws.max_row + 1):
        if any(ws.cell(row, c).value not in (None, "") for c in range(1, ws.max_column + 1)):
            last = row
    target = last + 1
    for header, value in values.items():
        ws.cell(target, column_of(ws, header)).value = value
    return target


def delete_row(wb: Workbook, sheet: str, key_header: str, key: Any) -> None:
    ws = wb[sheet]
    ws.delete_rows(row_of(ws, key_header, key))


def plan_for(db_path: Path, tracker: Path) -> ImportPlan:
    db, services = services_of(db_path)
    try:
        return prepare_import(services, tracker)
    finally:
        db.close()


def import_all(db_path: Path, tracker: Path, *, removals: bool = False) -> ImportPlan:
    db, services = services_of(db_path)
    try:
        plan = prepare_import(services, tracker)
        plan.select_removals(removals)
        apply_plan(services, plan)
        return plan
    finally:
        db.close()


def adopt_identity(db_path: Path, tracker: Path) -> Path:
    """Give `db_path` the identity of the database that exported `tracker` (a fixture file).

    The fixture trackers were exported from a freshly seeded plan, the same data as every
    test database; only the identity differs, and a tracker of another database is refused.
    """
    from psm_desktop.exchange.tracker.layout import BASE_SHEET

    wb = openpyxl.load_workbook(tracker, read_only=True)
    try:
        meta = {r[1]: r[2] for r in wb[BASE_SHEET].iter_rows(values_only=True) if r[0] == "meta"}
    finally:
        wb.close()
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.execute(
                "UPDATE psm_meta SET value = ? WHERE key = 'database_id'", (meta["database_id"],)
            )
    finally:
        conn.close()
    return db_path


def dump(db_path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table (a comparison that ignores how SQLite laid out the pages)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return [
            (t, sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)) for t in tables
        ]
    finally:
        conn.close()
