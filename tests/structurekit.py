"""The plan behind the structure workbook fixtures, and helpers to read and edit workbooks."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import openpyxl

from psm_desktop.services import Services

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "structure"
LIBREOFFICE = FIXTURES / "struttura-libreoffice.xlsx"


def prepare_plan(services: Services) -> None:
    """The seeded plan made to exercise the workbook: codes like 2.10, links with notes,
    a short title that looks like a formula, a description with a leading minus sign.
    tests/fixtures/make_structure_workbooks.py exports it; keep the two in step."""
    structure = services.structure
    axis2 = next(a for a in services.plan.axes() if a.number == 2)
    for m in range(1, 11):
        strategy = structure.create_strategy(
            axis2.id, f"Strategia di prova {m}", "- punto elenco\n- secondo punto"
        )
        structure.create_action(strategy.node_id, f"Azione di prova 2.{m}.1")
    axes = {a.number: a.id for a in services.plan.axes()}
    services.axis_links.set_links(
        {}, {(axes[1], axes[3]): "Infrastrutture digitali e mobilità", (axes[2], axes[1]): ""}
    )
    first = services.actions.get_by_code("1.1.1")
    services.actions.update(first.id, None, {"short_title": "=SOMMA(A1) resta testo"})


def adopt_identity(db_path: Path, workbook: Path) -> None:
    """Give `db_path` the identity of the database the workbook was exported from."""
    wb = openpyxl.load_workbook(workbook, read_only=True)
    try:
        rows = {r[0]: r[1] for r in wb["Piano"].iter_rows(values_only=True)}
    finally:
        wb.close()
    database_id = rows["Identificativo del database (non modificare)"]
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.execute("UPDATE psm_meta SET value = ? WHERE key = 'database_id'", (database_id,))
    finally:
        conn.close()


def row_of(ws: Any, header: str, value: str) -> int:
    column = next(c.column for c in ws[1] if c.value == header)
    return next(c.row for c in ws.iter_cols(column, column).__next__() if c.value == value)


def set_cell(ws: Any, code: str, header: str, value: Any) -> None:
    """The cell of column `header` in the row whose Codice is `code`."""
    column = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row_of(ws, "Codice", code), column).value = value
