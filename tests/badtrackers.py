"""The bad-tracker collection, generated: formulas, error values, sparse rows, odd sheets.

Each builder takes a good tracker and writes a damaged copy the way a script, a converter or
a careless office would, often by patching the sheet XML that openpyxl itself cannot write.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import trackerkit
from openpyxl.utils import get_column_letter

from psm_desktop.errors import UserError
from psm_desktop.exchange.tracker.plan import Resolution
from psm_desktop.exchange.tracker.service import apply_plan, prepare_import


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(db_path: Path, tracker: Path, error: type[BaseException] = UserError) -> str:
    """Import `tracker` (preview, then apply) and return the message; the db must not change."""
    before, rows = sha(db_path), trackerkit.dump(db_path)
    db, services = trackerkit.services_of(db_path)
    try:
        with pytest.raises(error) as info:
            plan = prepare_import(services, tracker)
            plan.resolve_all(Resolution.THEIRS)  # conflicts are not what is refused
            apply_plan(services, plan)
    finally:
        db.close()
    assert sha(db_path) == before
    assert trackerkit.dump(db_path) == rows
    return str(getattr(info.value, "message", info.value))


def rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """A copy of the workbook with some entries replaced or added."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.pop(info.filename, None) or src.read(info.filename))
        for name, data in replace.items():
            dst.writestr(name, data)
    return target


def sheet_entry(path: Path, sheet: str) -> str:
    """The zip entry holding a sheet, found through the workbook and its relationships."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    found = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(\w+)"', workbook)
    assert found, sheet
    target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{found.group(1)}"', rels)
    if target is None:
        target = re.search(rf'Id="{found.group(1)}"[^>]*Target="([^"]+)"', rels)
    assert target, found.group(1)
    name = target.group(1).lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


def replace_cell(source: Path, target: Path, sheet: str, coordinate: str, cell_xml: str) -> Path:
    """Replace the XML of one existing cell (`<c r="G2" ...>...</c>`) with `cell_xml`."""
    entry = sheet_entry(source, sheet)
    with zipfile.ZipFile(source) as z:
        xml = z.read(entry).decode()
    pattern = re.compile(rf'<c r="{coordinate}"(?: [^>]*)?(?:/>|>.*?</c>)', re.S)
    assert pattern.search(xml), coordinate
    xml = pattern.sub(lambda _: cell_xml, xml, count=1)
    return rezip(source, target, {entry: xml.encode()})


def add_row_xml(source: Path, target: Path, sheet: str, row_xml: str) -> Path:
    """Append a raw `<row>` at the end of a sheet's data (any row number)."""
    entry = sheet_entry(source, sheet)
    with zipfile.ZipFile(source) as z:
        xml = z.read(entry).decode()
    xml = xml.replace("</sheetData>", row_xml + "</sheetData>", 1)
    return rezip(source, target, {entry: xml.encode()})


def row_of(path: Path, sheet: str, key_header: str, key: object) -> int:
    """The number of the row whose key column holds `key`."""
    return trackerkit.row_of(openpyxl.load_workbook(path)[sheet], key_header, key)


def cell_of(path: Path, sheet: str, key_header: str, key: object, header: str) -> str:
    """The coordinate ('G3') of a column's cell in the row whose key column holds `key`."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    row = trackerkit.row_of(ws, key_header, key)
    return f"{get_column_letter(trackerkit.column_of(ws, header))}{row}"
