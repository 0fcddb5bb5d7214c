"""The fast reader (calamine): the same values as openpyxl's, and never used where it is unsafe.

A file with a formula, an error value, a DTD, a far cell or column goes to openpyxl's streamer
(which locates each such cell); every other file is read by calamine, whose values must be
exactly what openpyxl gave: LibreOffice re-saves with Italian formats included.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from badtrackers import add_row_xml

from psm_desktop.exchange.tracker import reading
from psm_desktop.exchange.tracker.fast_read import FastBook, open_fast
from psm_desktop.exchange.tracker.reading import TrackerError, read_tracker
from psm_desktop.exchange.tracker.rows import open_workbook, stream_rows

state_db = trackerkit.state_db_fixture
tracker = trackerkit.tracker_fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"
RESAVES = ["libreoffice-invariato.xlsx", "libreoffice-modificato.xlsx", "formato-1-modificato.xlsx"]


def _rows_both(path: Path) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Every sheet's rows (number, values without trailing blanks) by both readers."""

    def clean(rows: Any) -> list[Any]:
        found = []
        for number, values in rows:
            values = list(values)
            while values and values[-1] is None:
                values.pop()
            if values:
                found.append((number, [(type(v), v) for v in values]))
        return found

    slow_book = open_workbook(path)
    fast_book = open_fast(path)
    assert isinstance(fast_book, FastBook), "a plain file must take the fast path"
    try:
        slow = {ws.title: clean(stream_rows(ws, lambda n: None)) for ws in slow_book.worksheets}
        fast = {t: clean(fast_book[t].stream(lambda n: None)) for t in fast_book.sheetnames}
    finally:
        slow_book.close()
        fast_book.close()
    return slow, fast


@pytest.mark.parametrize("name", RESAVES)
def test_libreoffice_resaves_give_the_values_openpyxl_gave(name: str) -> None:
    slow, fast = _rows_both(FIXTURES / name)
    assert fast == slow


def test_dates_times_numbers_and_text_as_openpyxl_gives_them(tmp_path: Path) -> None:
    cells: list[tuple[Any, str]] = [
        (dt.datetime(2025, 3, 1), "DD/MM/YYYY"),
        (dt.datetime(2025, 3, 1, 13, 30), "DD/MM/YYYY HH:MM"),
        (45000, "[$-410]DD/MM/YYYY"),  # LibreOffice's Italian date
        (45000, "dd/mm/yyyy;@"),  # Excel's Italian date
        (45000, 'D" "MMMM" "YYYY'),
        (59, "DD/MM/YYYY"),  # Excel's 1900 leap-year bug: 28/02/1900
        (61, "DD/MM/YYYY"),
        (dt.time(13, 30), "HH:MM"),
        (dt.timedelta(hours=30), "[h]:mm"),
        (0.5, "0%"),
        (1, '0"%"'),
        (45000, "General"),
        (12.5, '#,##0.00" €"'),
        (1e20, "General"),
        (-3, "General"),
        (True, "General"),
        ("  spazi e\nrighe  ", "@"),
        ("=non una formula", "@"),
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Valori"
    for row, (value, number_format) in enumerate(cells, 1):
        cell = ws.cell(row, 2, value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text, as the exporter writes it
        cell.number_format = number_format
    ws.cell(40, 5, "lontano ma vicino")
    wb.save(tmp_path / "valori.xlsx")
    slow, fast = _rows_both(tmp_path / "valori.xlsx")
    assert fast == slow
    assert fast["Valori"][0] == (1, [(type(None), None), (dt.datetime, dt.datetime(2025, 3, 1))])


@pytest.mark.parametrize(
    "xml",
    [
        '<row r="900"><c r="B900"><f>1+2</f><v>3</v></c></row>',  # cached value: not a value
        '<row r="900"><c r="B900" t="e"><v>#REF!</v></c></row>',  # calamine reads it as empty
        '<row r="900"><c r="XFD900" t="inlineStr"><is><t>x</t></is></c></row>',
        '<row r="5000000"><c r="A5000000" t="inlineStr"><is><t>x</t></is></c></row>',
        '<row r="900"><c t="inlineStr"><is><t>senza riferimento</t></is></c></row>',
        "<row r='900'><c r='B900'><v>1</v></c></row>",
    ],
)
def test_files_the_fast_reader_must_not_read_go_to_openpyxl(
    tracker: Path, tmp_path: Path, xml: str
) -> None:
    odd = add_row_xml(tracker, tmp_path / "strano.xlsx", "Azioni", xml)
    assert open_fast(tracker) is not None
    assert open_fast(odd) is None


def test_a_cached_formula_is_still_a_located_error(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    odd = add_row_xml(
        tracker,
        tmp_path / "f.xlsx",
        "Azioni",
        '<row r="900"><c r="F900"><f>1+2</f><v>3</v></c></row>',
    )
    with pytest.raises(TrackerError) as info:
        trackerkit.plan_for(state_db, odd)
    assert "Azioni, riga 900, colonna Stato: contiene una formula" in info.value.message


def test_progress_of_one_in_a_percentage_cell_is_read_through_its_format(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        ws = wb["Azioni"]
        column = trackerkit.column_of(ws, "Avanzamento %")
        for row, (value, number_format) in enumerate([(1, "0%"), (1, '0"%"'), (0.5, "0%")], 2):
            ws.cell(row, column).value = value
            ws.cell(row, column).number_format = number_format

    edited = trackerkit.edit(tracker, tmp_path / "p.xlsx", change)
    assert open_fast(edited) is not None
    zones, axes = ["Torino"], [1, 2, 3, 4, 5, 6]
    content = read_tracker(edited, zones=zones, axes=axes)
    progress = [row.values["progress"] for row in content.rows["A"][:3]]
    assert progress == [100, 1, 50]


def test_fast_and_openpyxl_paths_read_the_same_content(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = shutil.copyfile(FIXTURES / "libreoffice-modificato.xlsx", tmp_path / "lo.xlsx")
    zones, axes = ["Torino", "AMT Ovest"], [1, 2, 3, 4, 5, 6]
    fast = read_tracker(source, zones=zones, axes=axes)
    monkeypatch.setattr(reading, "open_fast", lambda path: None)
    slow = read_tracker(source, zones=zones, axes=axes)
    assert (fast.meta, fast.base, fast.columns) == (slow.meta, slow.base, slow.columns)
    assert {k: [(r.number, r.values, r.grey) for r in v] for k, v in fast.rows.items()} == {
        k: [(r.number, r.values, r.grey) for r in v] for k, v in slow.rows.items()
    }
    assert (fast.problems, fast.warnings) == (slow.problems, slow.warnings)


def test_each_sheet_is_loaded_once(
    state_db: Path, tracker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[str] = []
    original = FastBook.sheet_data

    def counted(self: FastBook, title: str) -> Any:
        loads.append(title)
        return original(self, title)

    monkeypatch.setattr(FastBook, "sheet_data", counted)
    assert trackerkit.plan_for(state_db, tracker).is_empty
    assert sorted(loads) == sorted(["Azioni", "Scadenze", "Soggetti", "Assegnazioni", "_psm_base"])
