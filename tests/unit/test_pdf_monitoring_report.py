"""The monitoring report (issue 11, point 6): same closed period, same text; bookmarks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from pdfcheck import PdfContent, flat, read_pdf

from psm_desktop.errors import NotFoundError
from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.health_marks import health_words, percent
from psm_desktop.exchange.pdf.requests import ActionSheets, AxisSheet, MonitoringReport
from psm_desktop.model import PeriodKind, Rollup
from psm_desktop.services import Services
from psm_desktop.services.monitoring.health import HealthRule
from psm_desktop.services.monitoring.indicators import IndicatorData

TODAY = dt.date(2026, 1, 15)


def _set(services: Services, code: str, **changes: object) -> None:
    detail = services.actions.get_by_code(code)
    services.actions.update(detail.id, detail.version, changes)


@pytest.fixture
def monitored(services: Services) -> Services:
    _set(
        services,
        "1.1.1",
        status="in_corso",
        progress=20,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    _set(services, "1.1.3", status="completata", progress=100)
    services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    indicator = services.indicators.create(
        "1.1.1",
        IndicatorData(
            name="Imprese coinvolte",
            unit="imprese",
            baseline_value=Decimal(0),
            target_value=Decimal(100),
            target_date=dt.date(2025, 12, 31),
        ),
    )
    services.indicators.set_value(indicator.id, "2025-S1", Decimal(30), "rilevato a giugno")
    services.periods.close("2025-S1")
    services.periods.add("2025-S2", dt.date(2025, 12, 31), PeriodKind.SEMESTER)
    services.indicators.set_value(indicator.id, "2025-S2", Decimal(80), "")
    _set(services, "1.1.1", progress=70)
    return services


def _make(services: Services, period: str, target: Path) -> PdfContent:
    export_pdf(services, MonitoringReport(period), target, today=TODAY)
    return read_pdf(target)


def test_a_closed_period_gives_the_same_text_after_editing_the_plan(
    monitored: Services, tmp_path: Path
) -> None:
    services = monitored
    services.periods.close("2025-S2")
    first = _make(services, "2025-S2", tmp_path / "a.pdf")
    text = first.text
    assert "RESOCONTO DI MONITORAGGIO" in text and "Stato al 31/12/2025" in text
    assert "provvisorio" not in flat(first.pages[0]).lower()
    assert "Imprese coinvolte" in text and "80" in text
    assert "Regola dell'andamento" in text and "In linea: punteggio almeno 95 %" in flat(text)
    # What changed since 2025-S1: the progress (listed) and the indicator's value (its
    # "Prima" column: 30 then, 80 now).
    assert "1.1.1 avanzamento 20 % 70 %" in flat(text)
    assert "1.1.1 Imprese coinvolte (imprese) ✗ Critico 0 100 100 30 80" in flat(text)
    for code in ("1.1.1", "1.1.2", "1.2.1"):
        _set(services, code, progress=5, status="sospesa", text="Testo riscritto dopo")
    action = services.actions.get_by_code("1.1.1")
    for indicator in services.indicators.for_action(action.id):
        services.indicators.delete(indicator.id)
    services.periods.set_rule(HealthRule(on_track=90, attention=70, rollup=Rollup.BUDGET))
    services.periods.add("2026-S1", dt.date(2026, 6, 30), PeriodKind.SEMESTER)
    second = _make(services, "2025-S2", tmp_path / "b.pdf")
    assert second.pages == first.pages
    assert "Testo riscritto dopo" not in second.text


def test_an_open_period_says_provisional(monitored: Services, tmp_path: Path) -> None:
    content = _make(monitored, "2025-S2", tmp_path / "open.pdf")
    assert "Provvisorio" in flat(content.pages[0])


def test_health_is_in_words_and_marks(monitored: Services, tmp_path: Path) -> None:
    monitored.periods.close("2025-S2")
    text = flat(_make(monitored, "2025-S2", tmp_path / "m.pdf").text)
    # 1.1.1 declared 70 % of an expected 100 %: critico, said with its mark.
    assert "✗ Critico" in text and "✓ In linea" in text and "○ Non valutabile" in text


def test_bookmarks_open_every_axis_and_strategy(monitored: Services, tmp_path: Path) -> None:
    monitored.periods.close("2025-S2")
    content = _make(monitored, "2025-S2", tmp_path / "b.pdf")
    axes = monitored.plan.axes()
    strategies = [s for a in axes for s in monitored.plan.strategies(a.number)]
    titles = [title for _, title in content.outline]
    assert sum(t.startswith("Asse ") for t in titles) == len(axes)
    assert sum(t.startswith("Strategia ") for t in titles) == len(strategies)
    pages = [page for _, page in content.targets]
    assert pages == sorted(pages) and len(set(pages)) > 3
    for (level, title), (_, page) in zip(content.outline, content.targets, strict=True):
        text = flat(content.pages[page])
        if title.startswith(("Asse ", "Strategia ")):
            assert flat(title) in text, (title, page)
        elif title == "Sintesi":
            assert "Azioni per andamento, per asse" in text
        elif level == 0 and title == "Regola dell'andamento":
            assert "Avanzamento atteso" in text


def test_an_unknown_period_is_named(monitored: Services, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="2024-S9"):
        _make(monitored, "2024-S9", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


# --- the action and axis sheets gain the andamento and the indicators -----------------------


def _sheet(services: Services, request: object, target: Path) -> str:
    export_pdf(services, request, target, today=TODAY)  # type: ignore[arg-type]
    return flat(read_pdf(target).text)


def test_action_sheet_prints_health_and_indicator_values_by_period(
    monitored: Services, tmp_path: Path
) -> None:
    action = monitored.actions.get_by_code("1.1.1")
    one = _sheet(monitored, ActionSheets(action_ids=(action.id,)), tmp_path / "one.pdf")
    many = _sheet(monitored, ActionSheets(axis=1), tmp_path / "many.pdf")
    for text in (one, many[many.index("Azione 1.1.1") :]):
        # 70 % declared of 100 % expected at 31/12/2025; the indicator at 80 of 100.
        assert "Andamento ✗ Critico Avanz. atteso 100 %" in text
        assert "data del periodo «2025-S2», aperto: provvisorio" in text
        assert "Indicatori (1)" in text
        assert "Imprese coinvolte (imprese) ✗ Critico 0 100 (2025) 2025-S1: 30 · 2025-S2: 80" in (
            text
        )
    other = _sheet(
        monitored,
        ActionSheets(action_ids=(monitored.actions.get_by_code("1.1.2").id,)),
        tmp_path / "other.pdf",
    )
    assert "Indicatori (0) Nessun indicatore registrato." in other


def test_axis_sheet_prints_the_axis_health_and_its_roll_up(
    monitored: Services, tmp_path: Path
) -> None:
    monitored.periods.close("2025-S2")  # none open: today, with the latest period's values
    text = _sheet(monitored, AxisSheet(axis=1), tmp_path / "axis.pdf")
    report = monitored.periods.health(None, TODAY)
    axis = next(a for a in report.axes if a.code == "1")
    assert f"Andamento dell'Asse: {health_words(axis.health)}" in text
    assert "Andamento calcolato a oggi, 15/01/2026, con i valori degli indicatori del " in text
    assert "periodo «2025-S2» (nessun periodo è aperto)" in text
    for strategy in (s for s in report.strategies if s.code.startswith("1.")):
        assert f"· andamento {health_words(strategy.health)} ({percent(strategy.score)})" in text
