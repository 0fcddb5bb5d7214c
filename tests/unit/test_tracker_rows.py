"""The row streamer: rows as the file holds them, formulas and errors flagged, formats known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from badtrackers import add_row_xml

from psm_desktop.exchange.tracker.rows import (
    ErrorValue,
    Formula,
    number_format,
    open_workbook,
    stream_rows,
)


def test_rows_values_formulas_errors_and_formats(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Azioni"
    ws.append(["Codice", "Avanzamento", "Data"])
    ws.append(["1.1.1", 0.5, dt.date(2025, 3, 15)])
    ws["B2"].number_format = "0%"
    ws["C2"].number_format = "dd/mm/yyyy"
    ws.append(["1.1.2", 50, "=TODAY()"])
    ws["B3"].number_format = '0"%"'
    ws["B4"] = "#REF!"  # openpyxl writes an error value
    wb.save(tmp_path / "a.xlsx")
    sparse = add_row_xml(
        tmp_path / "a.xlsx",
        tmp_path / "b.xlsx",
        "Azioni",
        '<row r="9000000"><c r="A9000000" t="inlineStr"><is><t>lontana</t></is></c></row>',
    )
    book = open_workbook(sparse)
    try:
        ticks: list[int] = []
        rows = list(stream_rows(book["Azioni"], ticks.append))
        assert [n for n, _ in rows] == [1, 2, 3, 4, 9_000_000]
        assert rows[1][1][:2] == ("1.1.1", 0.5)
        assert rows[1][1][2] == dt.datetime(2025, 3, 15)
        assert rows[2][1][2] == Formula("=TODAY()")
        assert rows[3][1] == (None, ErrorValue("#REF!"))
        assert rows[4][1] == ("lontana",)
        formats = [number_format(book["Azioni"], row.styles[1]) for _, row in rows[1:3]]
        assert formats == ["0%", '0"%"']
        assert ticks == []  # five rows parsed: no tick needed
    finally:
        book.close()
