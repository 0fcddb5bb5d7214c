"""The three panels load when first shown, and follow set_services() to another database."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from psm_desktop.services import Services
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.deadlines.deadlines_view import DeadlinesView
from psm_desktop.ui.overview.overview_panel import OverviewPanel
from psm_desktop.ui.stakeholders.stakeholders_view import StakeholdersView
from tests.ui import panel_fixtures

demo_services = panel_fixtures.demo_services  # the fixture, used by name


def test_lazy_load_then_switch_database(
    qtbot: QtBot, demo_services: Services, services: Services
) -> None:
    row = demo_services.actions.list_actions()[0]
    demo_services.deadlines.add(row.id, "Solo nella demo", dt.date.today())
    events = DataEvents()
    stakeholders = StakeholdersView(demo_services, events, QUndoStack())
    deadlines = DeadlinesView(demo_services, events)
    overview = OverviewPanel(demo_services, events)
    panels = (stakeholders, deadlines, overview)
    for panel in panels:
        qtbot.addWidget(panel)
    # Hidden: nothing loaded yet (start-up does no work for panels nobody looks at).
    assert stakeholders.model.rowCount() == 0 and deadlines.model.rowCount() == 0
    assert overview.overview is None
    for panel in panels:
        panel.show()
    demo_names = {s.name for s in demo_services.stakeholders.search()}
    assert {s.name for s in stakeholders.visible_stakeholders()} == demo_names
    assert [d.title for d in deadlines.visible_deadlines()] == ["Solo nella demo"]
    assert overview.overview is not None and overview.overview.total_actions == 30

    for panel in panels:
        panel.set_services(services)
    seeded = services.actions.list_actions()
    seeded_names = {s.name for s in services.stakeholders.search()}
    qtbot.waitUntil(lambda: overview.overview.total_actions == len(seeded))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: {s.name for s in stakeholders.visible_stakeholders()} == seeded_names)
    qtbot.waitUntil(lambda: deadlines.visible_deadlines() == [])
    assert deadlines.stakeholder_combo.count() == len(seeded_names) + 1  # "Tutti" + each
