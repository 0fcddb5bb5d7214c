"""Trackers really re-saved by LibreOffice (tests/fixtures/make_trackers.py) import correctly."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from trackerkit import adopt_identity, import_all, plan_for, services_of

from psm_desktop.exchange.tracker.layout import BASE_SHEET
from psm_desktop.model import Priority, Role, Sector, Status

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def test_fixtures_really_come_from_libreoffice() -> None:
    for name in (
        "libreoffice-invariato.xlsx",
        "libreoffice-modificato.xlsx",
        "libreoffice-righe-dirette.xlsx",
    ):
        with zipfile.ZipFile(FIXTURES / name) as z:
            assert b"LibreOffice" in z.read("docProps/app.xml")
        wb = openpyxl.load_workbook(FIXTURES / name)
        assert wb[BASE_SHEET].sheet_state in ("hidden", "veryHidden")
        assert wb["Azioni"].protection.sheet


@pytest.mark.parametrize(
    "name",
    [
        "libreoffice-invariato.xlsx",
        "libreoffice-righe-dirette.xlsx",  # rows written by the exporter as XML text
    ],
)
def test_unchanged_tracker_resaved_by_libreoffice_changes_nothing(db_path: Path, name: str) -> None:
    tracker = FIXTURES / name
    plan = plan_for(adopt_identity(db_path, tracker), tracker)
    assert plan.is_empty


def test_edited_tracker_resaved_by_libreoffice(db_path: Path) -> None:
    tracker = FIXTURES / "libreoffice-modificato.xlsx"
    plan = import_all(adopt_identity(db_path, tracker), tracker)
    assert sorted((i.label, i.field) for i in plan.items if i.field) == [
        ("1.1.1", "progress"),
        ("1.1.1", "status"),
        ("1.1.2", "end_date"),
        ("1.1.2", "progress"),
        ("1.1.2", "start_date"),
        ("1.1.3", "notes"),
        ("1.1.3", "priority"),
        ("1.1.3", "sectors"),
        ("1.2.1", "progress"),
        ("1.2.1", "zones"),
    ]
    assert any("Commenti ufficio" in w for w in plan.warnings)
    db, services = services_of(db_path)
    try:
        a = services.actions.get_by_code("1.1.1")
        assert (a.status, a.progress) == (Status.COMPLETED, 100)
        assert [(d.title, d.due_date, d.stakeholder_name) for d in a.deadlines] == [
            ("Collaudo della rete", dt.date(2025, 12, 1), "Città metropolitana di Torino")
        ]
        assert sorted((x.stakeholder_name, x.role) for x in a.assignments) == [
            ("Città metropolitana di Torino", Role.LEAD),
            ("Comune di Susa", Role.PARTNER),
        ]
        b = services.actions.get_by_code("1.1.2")
        assert (b.progress, b.start_date, b.end_date) == (
            50,
            dt.date(2025, 3, 1),
            dt.date(2026, 6, 30),
        )
        c = services.actions.get_by_code("1.1.3")
        assert c.priority is Priority.HIGH
        assert c.sectors == {Sector.TOURISM, Sector.CULTURE}
        assert c.notes == "=SOMMA(A1:A3) resta testo"
        d = services.actions.get_by_code("1.2.1")
        assert (d.progress, d.zones) == (25, {"Torino", "Pinerolese"})
        susa = services.stakeholders.find_by_name("Comune di Susa")
        assert susa is not None and susa.zone == "Valli di Susa e Sangone"
    finally:
        db.close()
    assert plan_for(db_path, tracker).is_empty  # the second import changes nothing


def test_formula_like_text_is_still_text_after_libreoffice() -> None:
    ws = openpyxl.load_workbook(FIXTURES / "libreoffice-modificato.xlsx")["Azioni"]
    note_col = next(c.column for c in ws[1] if c.value == "Note")
    row = next(c.row for c in ws["A"] if c.value == "1.1.3")
    cell = ws.cell(row, note_col)
    assert cell.data_type == "s" and cell.value == "=SOMMA(A1:A3) resta testo"
    # LibreOffice keeps the column's protection and formats too.
    assert not cell.protection.locked
    date_col = next(c.column for c in ws[1] if c.value == "Data inizio")
    assert ws.cell(row, date_col).number_format.upper().startswith("DD/MM/YYYY")
