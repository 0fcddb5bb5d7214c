"""Panoramica: the per-axis figures and next deadlines on screen match a plan built via services."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from psm_desktop.model import Status
from psm_desktop.services import Services
from psm_desktop.ui.events import DataEvents
from psm_desktop.ui.overview_panel import OverviewPanel, status_breakdown
from psm_desktop.ui.status_style import overdue_color
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
    columns = [panel.axes_model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
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
    assert "<b style='color:" in panel.summary.text() and "2</b> in ritardo" in panel.summary.text()

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
