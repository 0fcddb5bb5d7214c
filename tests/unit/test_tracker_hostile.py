"""Hostile and odd trackers: formulas, error values, bombs, sparse rows, Cancel, raw messages.

Each case is generated here from the good tracker (see tests/badtrackers.py); the database
must never change, and every message is Italian, located and short.
"""

from __future__ import annotations

import logging
import os
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from badtrackers import add_row_xml, cell_of, refused, replace_cell, rezip, row_of, sha
from trackerkit import edit, set_cell

from psm_desktop.exchange.tracker import reading, safety
from psm_desktop.exchange.tracker.reading import TrackerError
from psm_desktop.exchange.tracker.safety import TrackerFileError
from psm_desktop.exchange.tracker.service import prepare_import
from psm_desktop.progress import Cancelled

state_db = trackerkit.state_db_fixture
tracker = trackerkit.tracker_fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")  # ExpatError, BadZipFile, ...


# --- 8.4: formulas and error values are never read as empty ----------------------------


def test_formulas_without_cached_value_are_located_errors(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:  # openpyxl writes formulas with no cached value
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", "=40+29")
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Data fine", "=DATE(2027,1,1)")
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Note", '="Nota "&A2')

    bad = edit(tracker, tmp_path / "formule.xlsx", change)
    row = row_of(bad, "Azioni", "Codice", "1.1.1")
    message = refused(state_db, bad, TrackerError)
    for column in ("Avanzamento %", "Data fine", "Note"):
        assert (
            f"Azioni, riga {row}, colonna {column}: contiene una formula: scrivi il valore"
        ) in message


@pytest.mark.parametrize(
    ("cell_xml", "expected"),
    [
        ('<c r="{c}" t="e"><f>#REF!/2</f><v>#REF!</v></c>', "contiene una formula"),
        ('<c r="{c}"><f>40+29</f><v>69</v></c>', "contiene una formula"),
        ('<c r="{c}" t="e"><v>#VALUE!</v></c>', "contiene l'errore #VALUE!"),
        ('<c r="{c}" t="e"><v>#REF!</v></c>', "contiene l'errore #REF!"),
    ],
)
def test_cached_formulas_and_error_values_are_located_errors(
    state_db: Path, tracker: Path, tmp_path: Path, cell_xml: str, expected: str
) -> None:
    coordinate = cell_of(tracker, "Azioni", "Codice", "1.1.1", "Avanzamento %")
    bad = replace_cell(
        tracker, tmp_path / "errore.xlsx", "Azioni", coordinate, cell_xml.format(c=coordinate)
    )
    row = row_of(tracker, "Azioni", "Codice", "1.1.1")
    message = refused(state_db, bad, TrackerError)
    assert f"Azioni, riga {row}, colonna Avanzamento %: {expected}" in message
    assert "scrivi il valore" in message


@pytest.mark.parametrize("header", ["Stato", "Avanzamento %"])
def test_emptied_required_cell_is_an_error_not_zero(
    state_db: Path, tracker: Path, tmp_path: Path, header: str
) -> None:
    bad = edit(
        tracker,
        tmp_path / "vuota.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.1", header, None),
    )
    row = row_of(bad, "Azioni", "Codice", "1.1.1")
    message = refused(state_db, bad, TrackerError)
    assert f"Azioni, riga {row}, colonna {header}: valore obbligatorio" in message


# --- 8.10: bounded work --------------------------------------------------------------------


def test_absolute_unpacked_size_is_capped(db_path: Path, tmp_path: Path) -> None:
    """A few MB that unpack about 100-fold, past the cap, refused before anything is parsed."""
    block = os.urandom(1000) + bytes(99_000)  # compresses about 100-fold
    blocks = safety.MAX_TOTAL_UNCOMPRESSED // len(block) + 2
    bomb = rezip(
        FIXTURES / "libreoffice-invariato.xlsx",
        tmp_path / "grande.xlsx",
        {"xl/media/dati.bin": block * blocks},
    )
    with zipfile.ZipFile(bomb) as z:
        info = z.getinfo("xl/media/dati.bin")
    assert 50 < info.file_size / info.compress_size < 150
    assert bomb.stat().st_size < 5 * 1024 * 1024
    started = time.perf_counter()
    message = refused(db_path, bomb, TrackerFileError)
    assert time.perf_counter() - started < 10  # the directory is read, nothing unpacked
    assert "grande.xlsx" in message and "troppo grande" in message


def test_problem_list_is_capped_and_says_how_many_more(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        ws = wb["Azioni"]
        code, progress = (
            trackerkit.column_of(ws, "Codice"),
            trackerkit.column_of(ws, "Avanzamento %"),
        )
        for n in range(3000):
            ws.cell(ws.max_row + 1, code).value = f"9.9.{n}"
            ws.cell(ws.max_row, progress).value = "metà"

    message = refused(state_db, edit(tracker, tmp_path / "tante.xlsx", change), TrackerError)
    listed = [line for line in message.splitlines() if line.startswith("- ")]
    assert 100 <= len(listed) <= reading.MAX_LISTED_PROBLEMS + 1
    assert re.search(r"e [\d.]+ altri problemi", message)
    found = re.search(r"\b([\d.]+) problemi in tutto", message)
    assert found
    total = int(found.group(1).replace(".", ""))
    assert total == 9000  # each row: its progress, its empty status and its unknown code
    assert len(message) < 100_000


def test_sparse_row_is_skipped_quickly(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    """One row numbered 50,000,000 (a cell right of the table): the rows in between do not
    exist and are not visited."""
    far = add_row_xml(
        tracker,
        tmp_path / "sparsa.xlsx",
        "Azioni",
        '<row r="50000000"><c r="AZ50000000" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    far_base = add_row_xml(
        far,
        tmp_path / "sparsa2.xlsx",
        "_psm_base",
        '<row r="40000000"><c r="A40000000" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    db, services = trackerkit.services_of(state_db)
    calls: list[tuple[int, int, str]] = []
    try:
        started = time.perf_counter()
        plan = prepare_import(services, far_base, lambda d, t, m="": calls.append((d, t, m)))
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    assert plan.is_empty
    assert elapsed < 15  # today's code walks 90 million empty rows (minutes)
    assert len(calls) < 100  # the work counted: no progress tick per skipped row


def test_far_column_does_not_widen_every_row(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    wide = add_row_xml(
        tracker,
        tmp_path / "larga.xlsx",
        "Azioni",
        '<row r="900"><c r="XFD900" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    assert trackerkit.plan_for(state_db, wide).is_empty


def test_cancel_stops_the_import_at_any_point(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    big = edit(
        tracker,
        tmp_path / "lunga.xlsx",
        lambda wb: [  # rows the reader must walk through, outside the tracker's columns
            wb["Soggetti"].cell(300 + n, 20).__setattr__("value", f"appunto {n}")
            for n in range(3000)
        ],
    )
    db, services = trackerkit.services_of(state_db)
    calls: list[str] = []
    try:
        prepare_import(services, big, lambda d, t, m="": calls.append(m))
    finally:
        db.close()
    # The sheet with 3000 rows is read with ticks in its loop, not once at the end.
    assert sum("Soggetti" in m for m in calls) >= 3
    before = sha(state_db)
    for stop in range(1, len(calls) + 1):

        def progress(done: int, total: int, message: str = "", stop: int = stop) -> None:
            progress.count += 1  # type: ignore[attr-defined]
            if progress.count >= stop:  # type: ignore[attr-defined]
                raise Cancelled()

        progress.count = 0  # type: ignore[attr-defined]
        db, services = trackerkit.services_of(state_db)
        try:
            with pytest.raises(Cancelled):
                prepare_import(services, big, progress)
        finally:
            db.close()
    assert sha(state_db) == before


# --- 8.15: no internals in messages ----------------------------------------------------------


def _assert_plain(message: str) -> None:
    assert set(CLASS_NAME.findall(message)) <= {"LibreOffice"}, message
    for word in ("Error", "zip file", "Errno", "errno", "tmp", "Traceback"):
        assert word not in message, message
    assert not re.search(r"\d{16,}", message), message


def test_truncated_zip_message_is_italian_and_details_are_logged(
    db_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "troncato.xlsx"
    path.write_bytes((FIXTURES / "libreoffice-invariato.xlsx").read_bytes()[:20_000])
    with caplog.at_level(logging.INFO):
        message = refused(db_path, path, TrackerFileError)
    assert "troncato.xlsx" in message and "danneggiato" in message
    _assert_plain(message)
    assert "troncato.xlsx" in caplog.text  # the technical detail is in the log


def test_broken_sheet_xml_message_names_no_class(
    db_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = FIXTURES / "libreoffice-invariato.xlsx"
    with zipfile.ZipFile(source) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    broken = sheet.replace("</sheetData>", "<row r='999'><c r='A999'><v>1</c></row></sheetData>")
    path = rezip(source, tmp_path / "rotto.xlsx", {"xl/worksheets/sheet1.xml": broken.encode()})
    with caplog.at_level(logging.INFO):
        message = refused(db_path, path, TrackerFileError)
    assert "rotto.xlsx" in message and "danneggiato" in message
    _assert_plain(message)
    assert "rotto.xlsx" in caplog.text


def test_a_folder_named_like_a_tracker(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cartella.xlsx"
    folder.mkdir()
    message = refused(db_path, folder, TrackerFileError)
    assert "cartella.xlsx" in message and "cartella" in message
    _assert_plain(message)
    assert "directory" not in message


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")  # openpyxl's, on Data fine
@pytest.mark.parametrize("header", ["Avanzamento %", "Data fine", "Budget (€)"])
def test_huge_numbers_are_not_echoed_back(
    state_db: Path, tracker: Path, tmp_path: Path, header: str
) -> None:
    bad = edit(
        tracker,
        tmp_path / "enorme.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.1", header, 1e308),
    )
    message = refused(state_db, bad, TrackerError)
    assert f"colonna {header}" in message
    _assert_plain(message)


def test_infinite_axis_number_is_a_located_error(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    bad = edit(
        tracker,
        tmp_path / "asse.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.1", "Assi collegati", "inf"),
    )
    message = refused(state_db, bad, TrackerError)
    assert "colonna Assi collegati: asse 'inf' inesistente" in message


# --- 8.17: sheets named alike ----------------------------------------------------------------


@pytest.mark.parametrize("twin", ["AZIONI ", "azioni", " Azioni"])
def test_second_sheet_named_alike_is_an_error(
    state_db: Path, tracker: Path, tmp_path: Path, twin: str
) -> None:
    def change(wb: Any) -> None:
        copy = wb.copy_worksheet(wb["Azioni"])
        copy.title = "GEMELLO"  # openpyxl refuses names differing only by case: patched below
        set_cell(wb, "GEMELLO", "Codice", "1.1.1", "Avanzamento %", 0.9)

    copied = edit(tracker, tmp_path / "copia.xlsx", change)
    with zipfile.ZipFile(copied) as z:
        workbook = z.read("xl/workbook.xml").decode()
    twins = rezip(
        copied,
        tmp_path / "doppio.xlsx",
        {"xl/workbook.xml": workbook.replace('name="GEMELLO"', f'name="{twin}"').encode()},
    )
    assert twin in openpyxl.load_workbook(twins, read_only=True).sheetnames
    message = refused(state_db, twins, TrackerError)
    assert f"«{twin}»" in message and "«Azioni»" in message


def test_sheets_are_parsed_once(
    state_db: Path, tracker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Work counted: each sheet's XML is parsed once, not first in full to find its size
    (openpyxl's path, taken by files the fast reader leaves to it; see test_tracker_fast_read)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    from psm_desktop.exchange.tracker import reading

    monkeypatch.setattr(reading, "open_fast", lambda path: None)

    parses: list[int] = []
    original = WorkSheetParser.parse

    def counted(self: Any) -> Any:
        parses.append(1)
        return original(self)

    def refused_size(self: Any) -> Any:
        raise AssertionError("a whole sheet parsed to find its size")

    monkeypatch.setattr(WorkSheetParser, "parse", counted)
    monkeypatch.setattr(WorkSheetParser, "parse_dimensions", refused_size)
    assert trackerkit.plan_for(state_db, tracker).is_empty
    assert len(parses) == 5  # the four data sheets and the hidden one
