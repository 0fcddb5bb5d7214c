"""The Indicatori sheet: the open period's indicator values through the tracker (issue 11.2,
11.3, 11.8): round trip with n.d. and a decimal comma, conflicts, located errors, a period
closed or an indicator deleted since export, old trackers, critical andamento warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from trackerkit import column_of, edit, export, import_all, plan_for, services_of, set_cell

from psm_desktop.exchange.tracker.checks import CRITICAL_WITHOUT_NOTE
from psm_desktop.exchange.tracker.layout import BASE_SHEET
from psm_desktop.exchange.tracker.plan import ItemKind, Resolution
from psm_desktop.exchange.tracker.reading import TrackerError
from psm_desktop.exchange.tracker.scope import Scope
from psm_desktop.model import Direction, PeriodKind
from psm_desktop.services import Services
from psm_desktop.services.monitoring.indicators import IndicatorData

state_db = trackerkit.state_db_fixture
PERIOD = "2025-S1"
SHEET = "Indicatori"
VALUE = "Valore del periodo"


@pytest.fixture
def monitored(state_db: Path) -> Iterator[tuple[Path, dict[str, int]]]:
    """The plan with an open period and indicators on 1.1.1, strategy 1.1 and axis 1."""
    db, services = services_of(state_db)
    try:
        services.periods.add(PERIOD, dt.date(2025, 6, 30), PeriodKind.SEMESTER)
        ids = {
            "1.1.1": services.indicators.create(
                "1.1.1",
                IndicatorData(
                    name="Km di piste ciclabili",
                    unit="km",
                    baseline_value=Decimal(10),
                    baseline_date=dt.date(2024, 12, 31),
                    target_value=Decimal(50),
                    target_date=dt.date(2027, 12, 31),
                ),
            ).id,
            "1.1": services.indicators.create(
                "1.1", IndicatorData(name="Utenti serviti", direction=Direction.HIGHER)
            ).id,
            "1": services.indicators.create(
                "1", IndicatorData(name="Emissioni", direction=Direction.LOWER)
            ).id,
        }
        # Not in the scope of a tracker of strategy 1.1: never listed there.
        services.indicators.create("1.2.1", IndicatorData(name="Altra strategia"))
        services.indicators.set_target(ids["1.1.1"], PERIOD, Decimal(20))
    finally:
        db.close()
    yield state_db, ids


def with_services(db_path: Path) -> Any:
    class _Open:
        def __enter__(self) -> Services:
            self.db, services = services_of(db_path)
            return services

        def __exit__(self, *exc: object) -> None:
            self.db.close()

    return _Open()


def values_of(db_path: Path, indicator_id: int) -> dict[str, str]:
    with with_services(db_path) as services:
        return dict(services.indicators.get(indicator_id).values)


def set_value(wb: Any, indicator_id: int, value: Any, note: str | None = None) -> None:
    set_cell(wb, SHEET, "ID", indicator_id, VALUE, value)
    if note is not None:
        set_cell(wb, SHEET, "ID", indicator_id, "Nota", note)


def test_sheet_lists_the_scope_with_grey_figures_and_base(
    monitored: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db_path, ids = monitored
    wb = openpyxl.load_workbook(export(db_path, tmp_path / "t.xlsx"))
    ws = wb[SHEET]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["ID", "Codice", "Indicatore"]
    assert "Obiettivo del periodo" in headers and "Obiettivo finale" in headers
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) >= set(ids.values())
    km = dict(zip(headers, rows[ids["1.1.1"]], strict=True))
    assert km["Codice"] == "1.1.1" and km["Unità di misura"] == "km"
    assert km["Valore di partenza"] == "10 al 31/12/2024"
    assert km["Obiettivo del periodo"] == "20"
    assert km["Obiettivo finale"] == "50 entro il 31/12/2027"
    assert km[VALUE] is None
    # Owners in plan order: the axis, then its strategy, then the action.
    assert [rows[i][1] for i in (ids["1"], ids["1.1"], ids["1.1.1"])] == ["1", "1.1", "1.1.1"]
    codes = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert codes.index("1") < codes.index("1.1") < codes.index("1.1.1")
    # Grey and locked: read-only; the value and the note are editable.
    name_cell = ws.cell(2, column_of(ws, "Indicatore"))
    value_cell = ws.cell(2, column_of(ws, VALUE))
    assert name_cell.protection.locked and name_cell.fill.fgColor.rgb.endswith("E7E6E6")
    assert not value_cell.protection.locked
    assert ws.protection.sheet
    base = [r for r in wb[BASE_SHEET].iter_rows(values_only=True) if r[0] in ("I", "meta")]
    assert ("meta", "indicator_period", PERIOD) in [tuple(r[:3]) for r in base]
    assert {r[1] for r in base if r[0] == "I"} >= {str(i) for i in ids.values()}
    # A tracker of strategy 1.1: its actions', its own and its axis' indicators only.
    part = export(db_path, tmp_path / "s.xlsx", Scope.strategy("1.1"))
    names = [
        r[2] for r in openpyxl.load_workbook(part)[SHEET].iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["Emissioni", "Utenti serviti", "Km di piste ciclabili"]
    whole = [r[2] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "Altra strategia" in whole


def test_round_trip_with_nd_and_decimal_comma(
    monitored: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db_path, ids = monitored
    source = export(db_path, tmp_path / "t.xlsx")
    assert plan_for(db_path, source).is_empty

    def fill(wb: Any) -> None:
        set_value(wb, ids["1.1.1"], "12,5", "rilievo di giugno")
        set_value(wb, ids["1.1"], "n.d.")
        set_value(wb, ids["1"], 7)

    edited = edit(source, tmp_path / "filled.xlsx", fill)
    plan = import_all(db_path, edited)
    changed = {(i.entity, i.target_id, i.field): i for i in plan.items}
    assert changed[("indicatore", ids["1.1"], "value")].new_text == "n.d."
    assert changed[("indicatore", ids["1.1.1"], "value")].new_text == "12,5"
    assert values_of(db_path, ids["1.1.1"]) == {PERIOD: "12,5"}
    assert values_of(db_path, ids["1.1"]) == {PERIOD: "n.d."}  # not zero
    assert values_of(db_path, ids["1"]) == {PERIOD: "7"}
    with with_services(db_path) as services:
        km = next(i for i in services.periods.state(PERIOD).indicators if i.id == ids["1.1.1"])
        assert km.value == Decimal("12.5")
        logged = services.history.recent(50, source="importazione: filled.xlsx")
    assert {(e.entity, e.field) for e in logged} >= {
        ("indicatore", f"valore {PERIOD}"),
        ("indicatore", f"nota del valore {PERIOD}"),
    }
    assert plan_for(db_path, edited).is_empty  # importing it again changes nothing
    # The next export carries the values, and its round trip is empty too.
    again = openpyxl.load_workbook(export(db_path, tmp_path / "again.xlsx"))
    ws = again[SHEET]
    row = trackerkit.row_of(ws, "ID", ids["1.1"])
    assert ws.cell(row, column_of(ws, VALUE)).value == "n.d."
    assert plan_for(db_path, tmp_path / "again.xlsx").is_empty


def test_value_changed_in_the_database_meanwhile_is_a_conflict(
    monitored: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db_path, ids = monitored
    source = export(db_path, tmp_path / "t.xlsx")
    with with_services(db_path) as services:
        services.indicators.set_value(ids["1.1.1"], PERIOD, Decimal(20), "dal database")
    edited = edit(source, tmp_path / "e.xlsx", lambda wb: set_value(wb, ids["1.1.1"], 30))
    plan = plan_for(db_path, edited)
    (conflict,) = plan.conflicts
    assert conflict.entity == "indicatore" and conflict.field == "value"
    assert (conflict.old_text, conflict.new_text) == ("20", "30")
    with with_services(db_path) as services:
        plan.resolve_all(Resolution.THEIRS)
        trackerkit.apply_plan(services, plan)
    # The tracker's value, and the database's note kept (the office did not touch it).
    assert values_of(db_path, ids["1.1.1"]) == {PERIOD: "30"}
    with with_services(db_path) as services:
        km = next(i for i in services.periods.state(PERIOD).indicators if i.id == ids["1.1.1"])
    assert km.note == "dal database"
    # The same value typed on both sides is no conflict.
    same = edit(source, tmp_path / "s.xlsx", lambda wb: set_value(wb, ids["1.1.1"], "30,0"))
    assert plan_for(db_path, same).is_empty


def test_bad_values_are_located_problems(
    monitored: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db_path, ids = monitored
    with with_services(db_path) as services:
        services.indicators.set_value(ids["1"], PERIOD, Decimal(3))
    source = export(db_path, tmp_path / "t.xlsx")

    def spoil(wb: Any) -> None:
        set_value(wb, ids["1.1.1"], "dodici")
        set_value(wb, ids["1"], None)  # a recorded value emptied
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Note", "cambiata")

    edited = edit(source, tmp_path / "bad.xlsx", spoil)
    ws = openpyxl.load_workbook(edited)[SHEET]
    bad_row = trackerkit.row_of(ws, "ID", ids["1.1.1"])
    emptied_row = trackerkit.row_of(ws, "ID", ids["1"])
    with pytest.raises(TrackerError) as caught:
        plan_for(db_path, edited)
    text = str(caught.value)
    assert f"Indicatori, riga {bad_row}, colonna {VALUE}: «dodici» non è un numero" in text
    assert f"Indicatori, riga {emptied_row}, colonna {VALUE}: manca il valore" in text
    assert "Traceback" not in text and "Error" not in text
    assert values_of(db_path, ids["1"]) == {PERIOD: "3"}


def test_period_closed_since_export_refuses_the_whole_file(
    monitored: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db_path, ids = monitored
    source = export(db_path, tmp_path / "t.xlsx")

    def fill(wb: Any) -> None:
        set_value(wb, ids["1.1.1"], 15)
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Note", "aggiornata dall'ufficio")

    edited = edit(source, tmp_path / "e.xlsx", fill)
    with with_services(db_path) as services:
        services.periods.close(PERIOD)
        before = services.actions.get_by_code("1.1.2").notes
    ws = openpyxl.load_workbook(edited)[SHEET]
    row = trackerkit.row_of(ws, "ID", ids["1.1.1"])
    with pytest.raises(TrackerError) as caught:
        import_all(db_path, edited)
    text = str(caught.value)
    assert f"Indicatori, riga {row}: il periodo di monitoraggio «{PERIOD}» è stato chiuso" in text
    assert "congelati" in text
    with with_services(db_path) as services:
        assert services.actions.get_by_code("1.1.2").notes == before  # nothing applied
        assert dict(services.indicators.get(ids["1.1.1"]).values) == {}
    # Untouched rows of a closed period do not block the rest of a tracker.
    notes_only = edit(
        source,
        tmp_path / "n.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.2", "Note", "solo note"),
    )
    import_all(db_path, notes_only)
    with with_services(db_path) as services:
        assert services.actions.get_by_code("1.1.2").notes == "solo note"


def test_indicator_deleted_since_export_is_a_located_problem(
    monitored: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db_path, ids = monitored
    source = export(db_path, tmp_path / "t.xlsx")
    edited = edit(source, tmp_path / "e.xlsx", lambda wb: set_value(wb, ids["1.1"], "4,5"))
    with with_services(db_path) as services:
        services.indicators.delete(ids["1.1"])
    row = trackerkit.row_of(openpyxl.load_workbook(edited)[SHEET], "ID", ids["1.1"])
    with pytest.raises(TrackerError, match=rf"Indicatori, riga {row}: l'indicatore .* eliminato"):
        plan_for(db_path, edited)


def test_without_open_period_the_sheet_says_so(state_db: Path, tmp_path: Path) -> None:
    source = export(state_db, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(source)
    ws = wb[SHEET]
    assert ws.max_row == 1 and "Nessun periodo di monitoraggio è aperto" in ws["A1"].value
    assert not [r for r in wb[BASE_SHEET].iter_rows(values_only=True) if r[0] == "I"]
    assert plan_for(state_db, source).is_empty

    # A tracker without the sheet at all (as offices still have them) imports as before.
    def drop(book: Any) -> None:
        del book[SHEET]
        set_cell(book, "Azioni", "Codice", "1.1.2", "Note", "senza indicatori")

    plan = plan_for(state_db, edit(source, tmp_path / "old.xlsx", drop))
    assert [i.field for i in plan.items] == ["notes"]


def test_critical_andamento_without_a_note_is_warned(
    monitored: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db_path, _ = monitored
    source = export(db_path, tmp_path / "t.xlsx")
    # 1.1.1 runs 09/2024-12/2026: at 30/06/2025 about 36 % is expected; 5 % is critico.
    behind = edit(
        source,
        tmp_path / "b.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 5),
    )
    plan = plan_for(db_path, behind)
    warned = [w for w in plan.warnings if CRITICAL_WITHOUT_NOTE in w]
    assert len(warned) == 1 and "Azioni, riga" in warned[0] and "1.1.1" in warned[0]
    assert not [i for i in plan.items if i.kind is ItemKind.CONFLICT]

    def with_note(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 5)
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Note", "Gara deserta: ripubblicata")

    explained = plan_for(db_path, edit(source, tmp_path / "n.xlsx", with_note))
    assert not [w for w in explained.warnings if CRITICAL_WITHOUT_NOTE in w]
    on_track = edit(
        source,
        tmp_path / "ok.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 45),
    )
    assert not [w for w in plan_for(db_path, on_track).warnings if CRITICAL_WITHOUT_NOTE in w]


def test_instructions_ask_for_a_note_when_behind(state_db: Path, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(export(state_db, tmp_path / "t.xlsx"))["Istruzioni"]
    text = " ".join(str(c.value) for c in ws["A"] if c.value)
    assert "in ritardo" in text and "colonna Note" in text and "n.d." in text
