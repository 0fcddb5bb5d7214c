"""The office fields in the Excel tracker: columns, round trip, located errors, old trackers.

`libreoffice-campi-uffici.xlsx` was exported from a freshly seeded plan, edited by hand
(tests/fixtures/make_trackers.py, `edit_office_fields`) and re-saved by LibreOffice.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from trackerkit import adopt_identity, edit, export, import_all, plan_for, services_of

from psm_desktop.errors import ValidationError
from psm_desktop.exchange.tracker.layout import ACTIONS
from psm_desktop.exchange.tracker.values import display
from psm_desktop.model import Competence

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"
HEADERS = ("CUP", "Misura PNRR", "Obiettivo DUP", "Obiettivi Agenda 2030", "Competenza")


def _cell(ws: object, code: str, header: str) -> object:
    col = next(c.column for c in ws[1] if c.value == header)  # type: ignore[attr-defined]
    row = next(c.row for c in ws["A"] if c.value == code)  # type: ignore[index]
    return ws.cell(row, col)  # type: ignore[attr-defined]


def _give_fields(db_path: Path) -> None:
    db, services = services_of(db_path)
    try:
        a = services.actions.get_by_code("1.1.1")
        services.actions.update(
            a.id,
            a.version,
            {
                "cup": "J81B19000000012",
                "pnrr": "M1C1 I1.1",
                "dup_objective": "SeO 1.2",
                "sdgs": [3, 11],
                "competence": Competence.COORDINATION,
            },
        )
    finally:
        db.close()


def test_export_writes_the_columns_as_users_read_them(db_path: Path, tmp_path: Path) -> None:
    _give_fields(db_path)
    tracker = export(db_path, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tracker)["Azioni"]
    headers = [c.value for c in ws[1]]
    assert all(h in headers for h in HEADERS)
    values = [_cell(ws, "1.1.1", h).value for h in HEADERS]  # type: ignore[attr-defined]
    assert values == ["J81B19000000012", "M1C1 I1.1", "SeO 1.2", "3, 11", "Regia"]
    sdg_cell = _cell(ws, "1.1.1", "Obiettivi Agenda 2030")
    assert sdg_cell.number_format == "@"  # type: ignore[attr-defined]  # "3, 11" stays text
    assert not sdg_cell.protection.locked  # type: ignore[attr-defined]
    assert plan_for(db_path, tracker).is_empty  # exported and re-read: nothing to import


def test_round_trip_of_edited_fields(db_path: Path, tmp_path: Path) -> None:
    _give_fields(db_path)
    tracker = export(db_path, tmp_path / "t.xlsx")

    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["Azioni"]
        _cell(ws, "1.1.1", "Obiettivi Agenda 2030").value = "3; 11; 13"  # type: ignore[attr-defined]
        _cell(ws, "1.1.1", "Competenza").value = None  # type: ignore[attr-defined]
        _cell(ws, "1.2.1", "CUP").value = "j81b19000000012"  # type: ignore[attr-defined]
        _cell(ws, "1.2.1", "Misura PNRR").value = "M5C2 - R 1"  # type: ignore[attr-defined]

    plan = import_all(db_path, edit(tracker, tmp_path / "e.xlsx", change))
    goals = next(i for i in plan.items if i.field == "sdgs")
    assert (display(goals.value_kind, goals.old), display(goals.value_kind, goals.new)) == (
        "3, 11",
        "3, 11, 13",
    )  # the preview shows goals as they are typed
    changed = sorted((i.label, i.field_label) for i in plan.items if i.field)
    assert changed == [
        ("1.1.1", "Competenza"),
        ("1.1.1", "Obiettivi Agenda 2030"),
        ("1.2.1", "CUP"),
        ("1.2.1", "Misura PNRR"),
    ]
    db, services = services_of(db_path)
    try:
        a = services.actions.get_by_code("1.1.1")
        assert (a.sdgs, a.competence) == ({3, 11, 13}, None)
        b = services.actions.get_by_code("1.2.1")
        assert (b.cup, b.pnrr) == ("J81B19000000012", "M5C2 R1")
        history = {h.field for h in services.history.for_action(b.id)}
        assert {"CUP", "Misura PNRR"} <= history
    finally:
        db.close()


def test_wrong_values_are_located_by_sheet_row_and_column(db_path: Path, tmp_path: Path) -> None:
    tracker = export(db_path, tmp_path / "t.xlsx")
    rows: dict[str, int] = {}

    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["Azioni"]
        for code, header, value in (
            ("1.1.1", "Obiettivi Agenda 2030", "0"),
            ("1.1.2", "Obiettivi Agenda 2030", 18),
            ("1.1.3", "Obiettivi Agenda 2030", "tre, 4"),
            ("1.2.1", "CUP", "J81B1900"),
            ("1.2.2", "Misura PNRR", "Missione 1"),
            ("1.2.3", "Competenza", "mista"),
        ):
            cell = _cell(ws, code, header)
            cell.value = value  # type: ignore[attr-defined]
            rows[code] = cell.row  # type: ignore[attr-defined]

    edited = edit(tracker, tmp_path / "e.xlsx", change)
    with pytest.raises(ValidationError) as caught:
        plan_for(db_path, edited)
    places = {p.where: p.message for p in caught.value.problems}
    sdg = "colonna Obiettivi Agenda 2030"
    assert "0" in places[f"Azioni, riga {rows['1.1.1']}, {sdg}"]
    assert "18" in places[f"Azioni, riga {rows['1.1.2']}, {sdg}"]
    assert "tre" in places[f"Azioni, riga {rows['1.1.3']}, {sdg}"]
    assert places[f"Azioni, riga {rows['1.2.1']}, colonna CUP"].startswith(
        "Il CUP deve avere 15 caratteri, lettere e cifre"
    )
    assert "non è una misura PNRR" in places[f"Azioni, riga {rows['1.2.2']}, colonna Misura PNRR"]
    assert (
        "Competenza diretta, Regia" in places[f"Azioni, riga {rows['1.2.3']}, colonna Competenza"]
    )


def test_a_tracker_without_the_new_columns_still_imports(db_path: Path, tmp_path: Path) -> None:
    # Trackers exported before these fields were added are still out in offices.
    assert all(ACTIONS.by_key[k].optional for k in ("cup", "pnrr", "dup_objective", "sdgs"))
    _give_fields(db_path)
    tracker = export(db_path, tmp_path / "t.xlsx")

    def drop_columns(wb: openpyxl.Workbook) -> None:
        ws = wb["Azioni"]
        for header in HEADERS:
            ws.delete_cols(next(c.column for c in ws[1] if c.value == header))
        _cell(ws, "1.1.1", "Avanzamento %").value = 30  # type: ignore[attr-defined]

    plan = import_all(db_path, edit(tracker, tmp_path / "old.xlsx", drop_columns))
    assert [(i.label, i.field) for i in plan.items if i.field] == [("1.1.1", "progress")]
    db, services = services_of(db_path)
    try:
        a = services.actions.get_by_code("1.1.1")
        assert (a.cup, a.sdgs, a.competence) == (
            "J81B19000000012",
            {3, 11},
            Competence.COORDINATION,
        )
    finally:
        db.close()


def test_fields_typed_by_hand_and_resaved_by_libreoffice(db_path: Path) -> None:
    tracker = FIXTURES / "libreoffice-campi-uffici.xlsx"
    with zipfile.ZipFile(tracker) as z:
        assert b"LibreOffice" in z.read("docProps/app.xml")
    plan = import_all(adopt_identity(db_path, tracker), tracker)
    assert sorted((i.label, i.field) for i in plan.items if i.field) == [
        ("1.1.1", "competence"),
        ("1.1.1", "cup"),
        ("1.1.1", "dup_objective"),
        ("1.1.1", "pnrr"),
        ("1.1.1", "sdgs"),
        ("1.1.2", "competence"),
        ("1.1.2", "cup"),
        ("1.1.2", "sdgs"),
        ("1.1.3", "pnrr"),
    ]
    db, services = services_of(db_path)
    try:
        a = services.actions.get_by_code("1.1.1")
        assert (a.cup, a.pnrr, a.dup_objective, a.sdgs, a.competence) == (
            "J81B19000000012",
            "M1C1 I1.1",
            "SeO 1.2",
            {3, 11},
            Competence.COORDINATION,
        )
        b = services.actions.get_by_code("1.1.2")
        assert (b.cup, b.sdgs, b.competence) == ("J81B19000000012", {7}, Competence.DIRECT)
        assert services.actions.get_by_code("1.1.3").pnrr == "M2C4 I2.2"
    finally:
        db.close()
    assert plan_for(db_path, tracker).is_empty  # the second import changes nothing
