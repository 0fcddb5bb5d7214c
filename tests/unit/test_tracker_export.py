"""Export: the workbook's sheets, formats, protection, hidden base, and text that stays text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import trackerkit
from trackerkit import export, plan_for, services_of

from psm_desktop.errors import UserError
from psm_desktop.exchange.tracker.export import export_tracker
from psm_desktop.exchange.tracker.layout import BASE_SHEET, TRUNCATION_MARKER
from psm_desktop.exchange.tracker.scope import Scope

state_db = trackerkit.state_db_fixture


def headers(ws: object) -> list[str]:
    return [c.value for c in ws[1] if c.value]  # type: ignore[index]


def test_sheets_headers_and_hidden_base(state_db: Path, tmp_path: Path) -> None:
    path = export(state_db, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Azioni",
        "Scadenze",
        "Soggetti",
        "Assegnazioni",
        "Indicatori",
        "Istruzioni",
        BASE_SHEET,
    ]
    assert wb.active.title == "Azioni"
    assert wb[BASE_SHEET].sheet_state == "veryHidden"
    assert headers(wb["Azioni"])[:14] == [
        "Codice", "Asse", "Strategia", "Azione", "Titolo breve", "Stato", "Avanzamento %",
        "Priorità", "Data inizio", "Data fine", "Responsabile", "Soggetti coinvolti",
        "Prossima scadenza", "In ritardo",
    ]  # fmt: skip
    for extra in ("Budget (€)", "Fonte di finanziamento", "Settori economici", "Zone omogenee",
                  "Assi collegati", "Note"):  # fmt: skip
        assert extra in headers(wb["Azioni"])
    assert headers(wb["Assegnazioni"]) == ["Codice azione", "Soggetto", "Ruolo"]
    meta = {r[1]: r[2] for r in wb[BASE_SHEET].iter_rows(values_only=True) if r[0] == "meta"}
    assert meta["format"] == "psm-desktop-tracker"
    assert meta["plan_code"] == "PSM-2024-2026"
    db, services = services_of(state_db)
    try:
        assert meta["database_id"] == services.plan.plan().database_id
    finally:
        db.close()
    dt.datetime.fromisoformat(meta["exported_at"])
    assert meta["scope"] == "piano:"
    text = " ".join(str(r[0]) for r in wb["Istruzioni"].iter_rows(values_only=True) if r[0])
    assert "Come compilare" in text and "gg/mm/aaaa" in text


def test_formats_protection_validation(state_db: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(state_db, tmp_path / "t.xlsx"))
    ws = wb["Azioni"]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.protection.sheet and not ws.protection.password
    row = 2
    assert ws.cell(row, 1).value == "1.1.1"
    assert ws.cell(row, 1).protection.locked  # Codice: read-only
    assert ws.cell(row, 1).fill.fgColor.rgb.endswith("E7E6E6")
    status = ws.cell(row, 6)
    assert status.value == "In corso" and not status.protection.locked
    progress = ws.cell(row, 7)
    assert progress.value == 40 and progress.number_format == '0"%"'
    start = ws.cell(row, 9)
    assert start.value == dt.datetime(2024, 9, 1) and start.number_format == "DD/MM/YYYY"
    assert ws.cell(row, 4).alignment.wrap_text  # the action's text wraps
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"Non avviata,In corso,Completata,Sospesa,Annullata"' in lists
    assert '"Alta,Media,Bassa"' in lists
    assert ws.conditional_formatting  # late actions
    roles = {dv.formula1 for dv in wb["Assegnazioni"].data_validations.dataValidation}
    assert any("Partner" in (f or "") for f in roles)
    assert wb["Scadenze"].conditional_formatting  # overdue deadlines
    deadlines = wb["Scadenze"]
    assert deadlines.cell(2, 1).protection.locked  # ID
    assert not deadlines.cell(2, 3).protection.locked


@pytest.mark.parametrize("text", ["=1+1", "+39 011 555", "-meno", "@SUM(A1)", '=HYPERLINK("x")'])
def test_formula_like_text_stays_text(db_path: Path, tmp_path: Path, text: str) -> None:
    db, services = services_of(db_path)
    try:
        a = services.actions.get_by_code("1.1.3")
        services.actions.update(a.id, a.version, {"notes": text, "short_title": text})
    finally:
        db.close()
    path = export(db_path, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)["Azioni"]
    row = next(c for c in ws["A"] if c.value == "1.1.3").row
    for col in (5, 20):
        cell = ws.cell(row, col)
        assert cell.value == text and cell.data_type == "s"
    assert plan_for(db_path, path).is_empty  # and it reads back as the same text


def test_control_characters_and_overlong_text(db_path: Path, tmp_path: Path) -> None:
    long = "x" * 40_000
    db, services = services_of(db_path)
    try:
        a = services.actions.get_by_code("1.1.1")
        services.actions.update(a.id, a.version, {"notes": long, "short_title": "a\x00b\x07c\x1bd"})
        result = export_tracker(services, tmp_path / "t.xlsx")
    finally:
        db.close()
    assert any("32.767" in w for w in result.warnings)
    assert any("caratteri di controllo" in w for w in result.warnings)
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Azioni"]
    assert ws.cell(2, 5).value == "abcd"
    note = ws.cell(2, 20).value
    assert len(note) == 32_767 and note.endswith(TRUNCATION_MARKER)
    # Unchanged in the tracker: the full text in the database is kept.
    assert plan_for(db_path, tmp_path / "t.xlsx").is_empty


def test_scopes(state_db: Path, tmp_path: Path) -> None:
    def codes(scope: Scope) -> list[str]:
        path = export(state_db, tmp_path / "s.xlsx", scope)
        ws = openpyxl.load_workbook(path)["Azioni"]
        return [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]

    assert all(c.startswith("1.1.") for c in codes(Scope.strategy("1.1")))
    assert all(c.startswith("1.") for c in codes(Scope.axis(1)))
    assert codes(Scope.stakeholder("comune di ivrea")) == ["1.1.1", "1.1.2"]
    with pytest.raises(UserError, match="asse 9"):
        export(state_db, tmp_path / "x.xlsx", Scope.axis(9))
    with pytest.raises(UserError, match=r"Nessuno|non esiste"):
        export(state_db, tmp_path / "x.xlsx", Scope.stakeholder("Nessuno"))
    assert not (tmp_path / "x.xlsx").exists()


def test_no_temporary_file_left_on_cancel(state_db: Path, tmp_path: Path) -> None:
    from psm_desktop.progress import Cancelled

    def cancel(done: int, total: int, message: str = "") -> None:
        if done > 0:
            raise Cancelled()

    db, services = services_of(state_db)
    try:
        with pytest.raises(Cancelled):
            export_tracker(services, tmp_path / "t.xlsx", progress=cancel)
    finally:
        db.close()
    assert list(tmp_path.glob("*.xlsx")) == []


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every cell of every sheet: value, number format, lock, fill, quote prefix, row height."""
    wb = openpyxl.load_workbook(path)
    found = {}
    for ws in wb.worksheets:
        found[ws.title] = [
            (
                c.coordinate,
                c.value,
                c.number_format,
                c.protection.locked,
                c.fill.fgColor.rgb,
                c.font.b,
                c.alignment.wrap_text,
                c.quotePrefix,
                ws.row_dimensions[c.row].height,
            )
            for row in ws.iter_rows()
            if not (ws.title == BASE_SHEET and row[1].value == "exported_at")
            for c in row
            if " alle " not in str(c.value)  # the minute of export, in the instructions
        ]
    return found


def test_rows_written_as_text_are_the_cells_openpyxl_writes(
    state_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast row writer (XML text) and openpyxl's own cells give the same workbook."""
    from psm_desktop.exchange.tracker import export as export_module

    db, services = services_of(state_db)
    try:
        action = services.actions.get_by_code("1.1.1")
        long_text = "  =SOMMA(A1) & <b>\n" + "parola lunga " * 40
        services.actions.update(action.id, None, {"notes": long_text})
        assert export_module.raw_rows_possible()
        fast = export_tracker(services, tmp_path / "fast.xlsx")
        monkeypatch.setattr(export_module, "raw_rows_possible", lambda: False)
        slow = export_tracker(services, tmp_path / "slow.xlsx")
    finally:
        db.close()
    fast_cells, slow_cells = _cells(fast.path), _cells(slow.path)
    assert fast_cells.keys() == slow_cells.keys()
    for sheet, cells in fast_cells.items():
        assert cells == slow_cells[sheet], sheet
    assert any(c[1] == long_text.strip() for c in fast_cells["Azioni"])
