"""Panoramica: the per-axis figures and next deadlines on screen match a plan built via services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from psm_desktop.formatting import format_euro
from psm_desktop.model import Status
from psm_desktop.services import Services
from psm_desktop.services.filters import ActionFilter
from psm_desktop.storage.demo import build_demo
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.overview.overview_panel import OverviewPanel, status_breakdown
from psm_desktop.ui.widgets.empty_hint import hint_shown
from psm_desktop.ui.widgets.status_style import overdue_color
from tests.ui import panel_fixtures

demo_services = panel_fixtures.demo_services  # the fixture, used by name

TODAY = dt.date.today()


def _prepare(services: Services) -> dict[int, dict[str, int]]:
    """Give every action of axis 1 and 2 a known status; add late and coming deadlines."""
    rows = services.actions.list_actions()
    for row in rows:  # nothing late unless we say so
        services.actions.update(row.id, None, {"end_date": None, "start_date": None})
    axis1 = [r for r in rows if r.axis_number == 1]
    axis2 = [r for r in rows if r.axis_number == 2]
    statuses = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETED]
    for i, row in enumerate(axis1):
        services.actions.update(row.id, None, {"status": statuses[i % 3], "progress": 30})
    for row in axis2:
        services.actions.update(row.id, None, {"status": Status.SUSPENDED, "progress": 0})
    # Axis 1: one action late by an open deadline; one late deadline on a completed action.
    late_open = next(r for i, r in enumerate(axis1) if i % 3 == 1)
    closed = next(r for i, r in enumerate(axis1) if i % 3 == 2)
    services.deadlines.add(late_open.id, "Rendiconto", TODAY - dt.timedelta(days=2))
    services.deadlines.add(closed.id, "Archivio", TODAY - dt.timedelta(days=5))
    # Axis 2: two coming deadlines, one late action (past its end date).
    services.deadlines.add(axis2[0].id, "Bando", TODAY + dt.timedelta(days=4))
    services.deadlines.add(axis2[0].id, "Gara", TODAY + dt.timedelta(days=60))
    services.actions.update(axis2[1].id, None, {"end_date": TODAY - dt.timedelta(days=1)})
    n1 = len(axis1)
    return {
        1: {
            "total": n1,
            Status.NOT_STARTED.value: len(range(0, n1, 3)),
            Status.IN_PROGRESS.value: len(range(1, n1, 3)),
            Status.COMPLETED.value: len(range(2, n1, 3)),
            "late_actions": 1,
            "late_deadlines": 2,
            "coming": 0,
        },
        2: {
            "total": len(axis2),
            Status.SUSPENDED.value: len(axis2),
            "late_actions": 1,
            "late_deadlines": 0,
            "coming": 1,
        },
    }


def _cell(panel: OverviewPanel, row: int, title: str) -> str:
    columns = [panel.axes_model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    return str(panel.axes_proxy.index(row, columns.index(title)).data())


def test_figures_per_axis_and_next_deadlines(qtbot: QtBot, demo_services: Services) -> None:
    expected = _prepare(demo_services)
    events = DataEvents()
    panel = OverviewPanel(demo_services, events)
    qtbot.addWidget(panel)
    panel.resize(1300, 700)
    panel.show()
    assert panel.objectName() == "overviewPanel"
    assert panel.axes_proxy.rowCount() == 6
    for row, number in ((0, 1), (1, 2)):
        want = expected[number]
        axis = panel.axes_proxy.row_at(row)
        assert axis.number == number
        assert _cell(panel, row, "Azioni") == str(want["total"])
        assert _cell(panel, row, "Azioni\nin ritardo") == str(want["late_actions"])
        assert _cell(panel, row, "Scadenze\nin ritardo") == str(want["late_deadlines"])
        assert _cell(panel, row, "Scadenze\na 30 giorni") == str(want["coming"])
        for status in Status:
            assert axis.by_status[status] == want.get(status.value, 0)
        assert _cell(panel, row, "Azioni per stato") == status_breakdown(axis)
    assert _cell(panel, 1, "Azioni per stato") == f"Sospesa {expected[2]['total']}"
    assert _cell(panel, 1, "Avanz.\nmedio") == "0%"
    late_cell = panel.axes_proxy.index(0, 4)
    assert late_cell.data(Qt.ItemDataRole.ForegroundRole) == overdue_color(False)
    assert (
        "<b style='color:" in panel.summary.text()
        and "2</b></a> in ritardo" in panel.summary.text()
    )

    titles = [panel.next_proxy.row_at(r).title for r in range(panel.next_proxy.rowCount())]
    assert titles == ["Bando", "Gara"]  # open, from today on; late ones are not "next"
    with qtbot.waitSignal(events.open_action_requested) as blocker:
        panel.next_table.doubleClicked.emit(panel.next_proxy.index(0, 0))
    assert blocker.args == [panel.next_proxy.row_at(0).action_id]


def test_reloads_on_events_and_paints(qtbot: QtBot, demo_services: Services) -> None:
    events = DataEvents()
    panel = OverviewPanel(demo_services, events)
    qtbot.addWidget(panel)
    panel.show()
    before = panel.overview.overdue_deadlines  # type: ignore[union-attr]
    row = demo_services.actions.list_actions()[0]
    demo_services.deadlines.add(row.id, "Nuova", TODAY - dt.timedelta(days=1))
    events.deadlines_changed.emit()
    qtbot.waitUntil(lambda: panel.overview.overdue_deadlines == before + 1)  # type: ignore[union-attr]
    image = panel.grab().toImage()  # the bar delegate paints without errors
    assert not image.isNull()
    panel_fixtures.assert_accessible(panel)


def test_double_click_on_an_axis_or_a_count_asks_for_those_actions(
    qtbot: QtBot, demo_services: Services
) -> None:
    _prepare(demo_services)
    events = DataEvents()
    panel = OverviewPanel(demo_services, events)
    qtbot.addWidget(panel)
    panel.show()
    axis = panel.axes_proxy.row_at(1)
    for column, wanted in (
        (0, ActionFilter(axis=axis.number)),
        (4, ActionFilter(axis=axis.number, overdue_only=True)),
        (6, ActionFilter(axis=axis.number, deadline_within_days=30)),
    ):
        with qtbot.waitSignal(events.open_actions_requested) as blocker:
            panel.axes_table.doubleClicked.emit(panel.axes_proxy.index(1, column))
        assert blocker.args == [wanted], column
    with qtbot.waitSignal(events.open_actions_requested) as blocker:
        panel.summary.linkActivated.emit("overdue")
    assert blocker.args == [ActionFilter(overdue_only=True)]


def test_budget_per_axis_and_for_the_plan_in_euro(qtbot: QtBot, demo_services: Services) -> None:
    panel = OverviewPanel(demo_services, DataEvents())
    qtbot.addWidget(panel)
    panel.show()
    overview = panel.overview
    assert overview is not None and overview.total_budget > 0
    for row in range(panel.axes_proxy.rowCount()):
        axis = panel.axes_proxy.row_at(row)
        assert _cell(panel, row, "Budget") == format_euro(axis.budget)
        assert _cell(panel, row, "Budget").endswith(",00 €")
    assert f"budget del piano <b>{format_euro(overview.total_budget)}</b>" in panel.summary.text()


def test_empty_tables_say_what_is_missing(qtbot: QtBot, demo_services: Services) -> None:
    panel = OverviewPanel(demo_services, DataEvents())  # the fixture has no deadlines
    qtbot.addWidget(panel)
    panel.show()
    assert panel.next_proxy.rowCount() == 0
    assert hint_shown(panel.next_table) == "Nessuna scadenza aperta da oggi in poi."
    assert hint_shown(panel.axes_table) == ""  # it has rows
    image = panel.next_table.viewport().grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(image.height())}
    assert len(colours) > 2  # the sentence is painted, not a blank box


def test_clicking_a_count_opens_the_plan_filtered(qtbot: QtBot, tmp_path: Path) -> None:
    from psm_desktop.app import build_main_window

    path = tmp_path / "demo.sqlite"
    build_demo(path, 120)
    window = build_main_window(path)
    qtbot.addWidget(window)
    window.show()
    window.menu_actions["show_overview"].trigger()
    panel = window.findChild(OverviewPanel)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.overview is not None, timeout=3000)
    row = next(
        r for r in range(panel.axes_proxy.rowCount()) if panel.axes_proxy.row_at(r).overdue_actions
    )
    axis = panel.axes_proxy.row_at(row)
    panel.axes_table.doubleClicked.emit(panel.axes_proxy.index(row, 4))
    assert window.screens.currentIndex() == 0
    plan = window.plan
    shown_rows = [
        plan.proxy.row_object(plan.proxy.index(r, 0)) for r in range(plan.proxy.rowCount())
    ]
    assert len(shown_rows) == axis.overdue_actions
    assert all(r.axis_number == axis.number and r.overdue for r in shown_rows)
    assert plan.filter_bar.scope_chip.text() == f"Asse {axis.number} ✕"
    assert plan.filter_bar.overdue.isChecked()
    window.workspace.close()
