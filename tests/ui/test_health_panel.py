"""The Panoramica's monitoring part: health per axis, trend, furthest indicators, clicks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from psm_desktop.model import Health, PeriodKind
from psm_desktop.services import Services
from psm_desktop.services.filters import ActionFilter
from psm_desktop.services.monitoring.indicators import IndicatorData
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.overview.health_panel import FIRST_COUNT_COLUMN, HEALTH_ORDER, HealthSection
from psm_desktop.ui.overview.overview_panel import OverviewPanel
from tests.ui.window_fixtures import shown, window

__all__ = ["shown", "window"]


def _set(services: Services, code: str, **changes: object) -> None:
    detail = services.actions.get_by_code(code)
    services.actions.update(detail.id, detail.version, changes)


@pytest.fixture
def monitored(services: Services) -> Services:
    year = {"start_date": dt.date(2025, 1, 1), "end_date": dt.date(2025, 12, 31)}
    _set(services, "1.1.1", status="in_corso", progress=50, **year)
    _set(services, "1.1.2", status="in_corso", progress=5, **year)
    _set(services, "1.2.1", status="in_corso", progress=10, **year)
    services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    ind = services.indicators.create(
        "1.1.1", IndicatorData(name="Imprese", baseline_value=Decimal(0), target_value=Decimal(100))
    )
    services.indicators.set_value(ind.id, "2025-S1", Decimal(30))
    services.periods.close("2025-S1")
    services.periods.add("2025-S2", dt.date(2025, 12, 31), PeriodKind.SEMESTER)
    return services


def test_section_shows_the_open_period_and_the_trend(qtbot: QtBot, monitored: Services) -> None:
    section = HealthSection(monitored, DataEvents())
    qtbot.addWidget(section)
    section.reload()
    assert section.period.currentData() == "2025-S2"  # the open period first
    assert [p.period for p in section.trend_model.rows()] == ["2025-S1"]
    assert section.chart.points and "2025-S1" in section.chart.accessibleDescription()
    axis1 = section.axes_model.rows()[0]
    assert axis1.code == "1" and axis1.count(Health.CRITICAL) == 3  # all late at year end
    assert "Regola dell'andamento" in section.rule_line.text()
    section.period.setCurrentIndex(section.period.findData("2025-S1"))
    assert section.report is not None and section.report.state.closed
    (worst,) = section.worst_model.rows()
    assert worst.name == "Imprese" and worst.health is Health.CRITICAL
    assert "istantanea congelata" in section.plan_line.text()


def test_a_count_opens_the_actions_behind_it(qtbot: QtBot, monitored: Services) -> None:
    events = DataEvents()
    section = HealthSection(monitored, events)
    qtbot.addWidget(section)
    section.reload()
    section.period.setCurrentIndex(section.period.findData("2025-S1"))
    asked: list[object] = []
    events.open_actions_requested.connect(asked.append)
    column = FIRST_COUNT_COLUMN + HEALTH_ORDER.index(Health.CRITICAL)
    index = section.axes_proxy.index(0, column)
    section.axes_table.doubleClicked.emit(index)
    (flt,) = asked
    assert isinstance(flt, ActionFilter)
    codes = {r.code for r in monitored.actions.list_actions(flt)}
    assert codes == {"1.1.1", "1.1.2", "1.2.1"}  # 1.1.1 through its indicator at 30 of 50
    assert flt.selection_label == "Asse 1: critico"


def test_the_window_shows_the_selection_as_a_chip(
    qtbot: QtBot, window: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = window.workspace.services  # type: ignore[attr-defined]
    _set(
        services,
        "1.1.1",
        status="in_corso",
        progress=0,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    window.show()  # type: ignore[attr-defined]
    window.menu_actions["show_overview"].trigger()  # type: ignore[attr-defined]
    overview = window.findChild(OverviewPanel)  # type: ignore[attr-defined]
    overview.reload()
    health = overview.health
    column = FIRST_COUNT_COLUMN + HEALTH_ORDER.index(Health.CRITICAL)
    health.axes_table.doubleClicked.emit(health.axes_proxy.index(0, column))
    plan = window.plan  # type: ignore[attr-defined]
    chip = plan.filter_bar.selection_chip
    assert chip.isVisibleTo(plan) and chip.text() == "Asse 1: critico ✕"
    assert plan.proxy.rowCount() == 1
    chip.click()
    assert not chip.isVisibleTo(plan) and plan.proxy.rowCount() == 24
