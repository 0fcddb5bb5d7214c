"""Stream the rows of an untrusted sheet: only the rows the file holds, formulas flagged.

openpyxl's read-only `iter_rows` fills every missing row and column: a file with one row
numbered 50,000,000 (or one cell in column XFD) makes it produce millions of empty tuples,
and `data_only=True` turns a formula without a cached value into an empty cell. Here the
sheet's XML is parsed directly (openpyxl's own parser), so gaps cost nothing, a formula or
an error value reaches the reader as what it is, and a progress tick every few hundred
rows lets Cancel stop the work inside the loop.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

TICK_ROWS = 500  # rows parsed between two progress ticks (and chances to cancel)
MAX_COLUMNS = 200  # a tracker sheet has about 20 columns; cells beyond this are not read


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: its cached value may be missing, wrong or stale."""

    text: str


@dataclass(frozen=True)
class ErrorValue:
    """A cell holding an error such as #REF! or #VALUE!."""

    code: str


Tick = Callable[[int], None]  # called with the number of rows parsed so far


class RowValues(tuple[Any, ...]):
    """A row's values, cell by cell; `styles` holds each cell's style id (for its format)."""

    styles: tuple[int, ...] = ()


def number_format(ws: Any, style_id: int) -> str:
    """The number format of a style of the sheet's workbook ('0%', '0"%"', 'General'…)."""
    workbook = ws.parent
    try:
        format_id = workbook._cell_styles[style_id].numFmtId
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            return str(BUILTIN_FORMATS.get(format_id, "General"))
        return str(workbook._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE])
    except (IndexError, KeyError, TypeError):  # a style the file does not define
        return "General"


class _Sheet(ReadOnlyWorksheet):  # type: ignore[misc]
    def _get_size(self) -> None:
        """Skipped: openpyxl parses the whole sheet looking for its size, which is unused."""


class _Reader(ExcelReader):  # type: ignore[misc]
    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                ws = _Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)


def open_workbook(path: Any) -> Any:
    """The workbook, read-only: names, shared strings and styles; sheets are read on demand."""
    reader = _Reader(path, read_only=True, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


def stream_rows(ws: Any, tick: Tick) -> Iterator[tuple[int, RowValues]]:
    """(row number, values) for each row present in the sheet, in file order."""
    workbook = ws.parent
    # openpyxl's parser of one worksheet (private API, pinned by the tests of this module).
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for count, (number, cells) in enumerate(parser.parse(), 1):
            if count % TICK_ROWS == 0:
                tick(count)
            if cells:
                yield number, _values(cells)


def _values(cells: list[dict[str, Any]]) -> RowValues:
    width = min(max(cell["column"] for cell in cells), MAX_COLUMNS)
    values: list[Any] = [None] * width
    styles = [0] * width
    for cell in cells:
        column = cell["column"]
        if column <= width:
            values[column - 1] = _value(cell)
            styles[column - 1] = int(cell["style_id"] or 0)
    row = RowValues(values)
    row.styles = tuple(styles)
    return row


def _value(cell: dict[str, Any]) -> Any:
    kind = cell["data_type"]
    if kind == "f":
        value = cell["value"]
        return Formula(value if isinstance(value, str) else str(getattr(value, "text", "=")))
    if kind == "e":
        return ErrorValue(str(cell["value"] or "#N/D"))
    return cell["value"]


# A date-formatted cell whose serial number is out of range: openpyxl warns and hands it
# over as an error value, which the reader reports with its place; the warning is noise.
warnings.filterwarnings("ignore", message=r"Cell .* is marked as a date", category=UserWarning)
