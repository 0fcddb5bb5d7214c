"""The tracker as officials use it: typing 50 means 50 %, filtering on the protected sheet,
instructions that promise only what works (issue 9, point 14), and the print layout (13)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from trackerkit import column_of, edit, import_all, row_of, services_of

from psm_desktop.exchange.tracker.reading import TrackerError

state_db = trackerkit.state_db_fixture
tracker = trackerkit.tracker_fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def progress_of(db_path: Path, code: str) -> int:
    db, services = services_of(db_path)
    try:
        return services.actions.get_by_code(code).progress
    finally:
        db.close()


def progress_cell(wb: Any, code: str = "1.1.3") -> Any:
    ws = wb["Azioni"]
    return ws.cell(row_of(ws, "Codice", code), column_of(ws, "Avanzamento %"))


def test_progress_is_a_whole_number_from_0_to_100(state_db: Path, tracker: Path) -> None:
    ws = openpyxl.load_workbook(tracker)["Azioni"]
    cell = progress_cell(ws.parent, "1.1.1")
    assert cell.value == 40 and cell.number_format == '0"%"'  # typing 50 shows "50%"
    empty = ws.cell(ws.max_row, cell.column)  # the column keeps its format to the end
    assert empty.number_format == '0"%"'
    letter = cell.column_letter
    [dv] = [
        dv
        for dv in ws.data_validations.dataValidation
        if any(str(r).startswith(f"{letter}2:") for r in dv.sqref.ranges)
    ]
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "0", "100")
    assert dv.showErrorMessage and "50" in dv.error and "%" in dv.error


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (50, None, 50),  # typed 50: the cell keeps its format, 50 %
        (1, None, 1),  # typed 1: 1 %
        ("50", None, 50),
        ("50%", None, 50),
        (" 7 % ", None, 7),
        (1, "0%", 100),  # pasted from a percentage cell, shown as 100 %
        (0.5, "0%", 50),
        (0.25, "0.00%", 25),
        (100, '0"%"', 100),
    ],
)
def test_typed_progress_is_read_as_shown(
    state_db: Path,
    tracker: Path,
    tmp_path: Path,
    value: Any,
    number_format: str | None,
    expected: int,
) -> None:
    def change(wb: Any) -> None:
        cell = progress_cell(wb)
        cell.value = value
        if number_format is not None:
            cell.number_format = number_format

    import_all(state_db, edit(tracker, tmp_path / "e.xlsx", change))
    assert progress_of(state_db, "1.1.3") == expected


@pytest.mark.parametrize("value", [0.5, "0,5", 40.5, 150, "metà"])
def test_progress_that_is_not_a_whole_percentage_is_a_located_problem(
    state_db: Path, tracker: Path, tmp_path: Path, value: Any
) -> None:
    edited = edit(
        tracker, tmp_path / "e.xlsx", lambda wb: setattr(progress_cell(wb), "value", value)
    )
    with pytest.raises(TrackerError) as info:
        import_all(state_db, edited)
    assert "Azioni, riga 4, colonna Avanzamento %: valore" in info.value.message
    # '0,5' typed as text can mean 50 % or 0,5 %: a question with both readings (issue 9.15)
    assert "da 0 a 100" in info.value.message or "ambiguo" in info.value.message
    assert progress_of(state_db, "1.1.3") == 0


def test_trackers_of_the_first_format_still_read_percentages(db_path: Path, tmp_path: Path) -> None:
    """Trackers sent out before this version held fractions (0.5 shown as 50 %)."""
    old = shutil.copyfile(FIXTURES / "formato-1-modificato.xlsx", tmp_path / "vecchio.xlsx")
    trackerkit.adopt_identity(db_path, old)
    import_all(db_path, old)
    assert progress_of(db_path, "1.1.2") == 50  # 0.5 in a "0%" cell
    assert progress_of(db_path, "1.1.1") == 100


def test_filtering_allowed_on_the_protected_sheet(state_db: Path, tracker: Path) -> None:
    ws = openpyxl.load_workbook(tracker)["Azioni"]
    protection = ws.protection
    assert protection.sheet and not protection.password
    # In openpyxl False means "not protected", i.e. allowed.
    assert protection.autoFilter is False and protection.sort is False
    assert ws.auto_filter.ref.startswith("A1:")
    # Excel lets the filter arrows work on a protected sheet only over unlocked headers.
    assert not any(cell.protection.locked for cell in ws[1] if cell.value)


def test_instructions_promise_only_what_works(state_db: Path, tracker: Path) -> None:
    ws = openpyxl.load_workbook(tracker)["Istruzioni"]
    text = "\n".join(str(r[0]) for r in ws.iter_rows(values_only=True) if r[0])
    assert "spostare le colonne" not in text.replace("non si possono spostare", "")
    assert "filtro" in text
    assert "Avanzamento" in text and "50 (senza il segno %)" in text
    assert "non si possono spostare" in text  # said plainly for the protected sheet
    assert "testo troncato" in text and "non cancellarlo" in text  # how to edit a cut note


# --- 9.13: the tracker prints -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "titles"),
    [("Azioni", "A:A"), ("Scadenze", "A:B"), ("Soggetti", "A:B"), ("Assegnazioni", "A:A")],
)
def test_every_sheet_prints_landscape_a4_fitted_to_the_width(
    state_db: Path, tracker: Path, sheet: str, titles: str
) -> None:
    ws = openpyxl.load_workbook(tracker)[sheet]
    setup = ws.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)  # as many pages as needed
    # The header row and the code column on every page.
    assert ws.print_title_rows.replace("$", "") == "1:1"
    assert ws.print_title_cols.replace("$", "") == titles
    header = ws.oddHeader
    assert "Città metropolitana di Torino" in header.left.text  # the office
    assert "2024-2026" in header.right.text  # the plan's period
    assert sheet in (header.center.text or "") or "&A" in (header.center.text or "")
    assert ws.oddFooter.right.text == "Pagina &P di &N"


def test_instructions_print_on_a4_with_the_same_header(tracker: Path) -> None:
    ws = openpyxl.load_workbook(tracker)["Istruzioni"]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation != "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.right.text == "Pagina &P di &N"


def test_every_style_names_its_font(tracker: Path) -> None:
    """LibreOffice falls back to a serif font for styles that name none (or a theme font)."""
    import re
    import zipfile

    with zipfile.ZipFile(tracker) as z:
        styles = z.read("xl/styles.xml").decode("utf-8")
    fonts = re.search(r"<fonts[^>]*>(.*?)</fonts>", styles, re.S)
    assert fonts is not None
    each = re.findall(r"<font>(.*?)</font>|<font/>", fonts.group(1), re.S)
    assert each
    for font in each:
        assert '<name val="Liberation Sans"' in font, font
        assert "<scheme" not in font  # a theme font would be Calibri whatever the name
    cell_styles = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
    assert cell_styles is not None
    used = {int(i) for i in re.findall(r'fontId="(\d+)"', cell_styles.group(1))}
    assert used and max(used) < len(each)


def test_header_names_the_open_reporting_period(state_db: Path, tmp_path: Path) -> None:
    import datetime as dt

    from psm_desktop.model import PeriodKind

    db, services = services_of(state_db)
    try:
        services.periods.add("1° semestre 2025", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    finally:
        db.close()
    path = trackerkit.export(state_db, tmp_path / "t.xlsx")
    for ws in openpyxl.load_workbook(path).worksheets[:5]:
        assert "Stato al 30/06/2025" in ws.oddHeader.right.text
