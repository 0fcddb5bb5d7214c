"""Scadenze: order (overdue first), the 30-day window, filters, and opening an action."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from psm_desktop.model import Role
from psm_desktop.services import Services
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.deadlines.deadlines_view import ALL, DeadlinesView, choice, when_text
from psm_desktop.ui.widgets.empty_hint import hint_shown
from psm_desktop.ui.widgets.status_style import overdue_background
from tests.ui import panel_fixtures

demo_services = panel_fixtures.demo_services  # the fixture, used by name

TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def plan(demo_services: Services) -> dict[str, int]:
    """Deadlines on actions of axes 1 and 2, one with a stakeholder in a zone."""
    services = demo_services
    rows = services.actions.list_actions()
    a1 = next(r for r in rows if r.axis_number == 1)
    a2 = next(r for r in rows if r.axis_number == 2)
    comune = services.stakeholders.create("Ufficio di prova PSM", zone="Pinerolese")
    services.assignments.assign(a2.id, comune.id, Role.LEAD)
    for row in rows:  # only a2 is in the Pinerolese zone
        zones = ["Pinerolese"] if row.id == a2.id else []
        services.actions.update(row.id, None, {"zones": zones})
    ids = {
        "late": services.deadlines.add(a1.id, "Relazione in ritardo", days(-4)).id,
        "soon": services.deadlines.add(a2.id, "Bando", days(3), stakeholder_id=comune.id).id,
        "later": services.deadlines.add(a1.id, "Collaudo", days(90)).id,
        "month": services.deadlines.add(a1.id, "Gara", days(20)).id,
    }
    done = services.deadlines.add(a2.id, "Firma", days(-10))
    services.deadlines.complete(done.id, done.version)
    ids |= {"done": done.id, "a1": a1.id, "a2": a2.id, "comune": comune.id}
    return ids


def make_view(qtbot: QtBot, services: Services) -> tuple[DeadlinesView, DataEvents]:
    events = DataEvents()
    view = DeadlinesView(services, events)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    return view, events


def titles(view: DeadlinesView) -> list[str]:
    return [d.title for d in view.visible_deadlines()]


def test_overdue_first_then_next_30_days(qtbot: QtBot, demo_services: Services, plan: dict) -> None:
    services = demo_services
    view, _ = make_view(qtbot, services)
    assert view.findChild(type(view.table), "deadlinesView") is view.table
    assert titles(view) == ["Relazione in ritardo", "Bando", "Gara"]
    # The late row is highlighted and says so.
    first = view.proxy.index(0, 1)
    assert first.data() == "In ritardo di 4 giorni"
    assert first.data(Qt.ItemDataRole.BackgroundRole) == overdue_background(False)
    assert view.proxy.index(1, 1).data() == "Tra 3 giorni"
    assert "1 in ritardo" in view.summary.text()
    panel_fixtures.assert_accessible(view)

    assert "prossimi 30 giorni" in view.title.text()
    view.later_check.setChecked(True)
    qtbot.waitUntil(lambda: titles(view)[-1] == "Collaudo")
    assert "tutte le aperte" in view.title.text()
    view.done_check.setChecked(True)
    qtbot.waitUntil(lambda: "Firma" in titles(view))
    assert titles(view)[-1] == "Firma"  # completed ones last
    assert view.proxy.index(len(titles(view)) - 1, 1).data().startswith("Completata il")
    view.later_check.setChecked(False)
    qtbot.waitUntil(lambda: "Collaudo" not in titles(view))
    assert "Firma" in titles(view)


def _choose(combo, value: object) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(value))


def test_filters_by_stakeholder_zone_and_axis(
    qtbot: QtBot, demo_services: Services, plan: dict
) -> None:
    services = demo_services
    view, _ = make_view(qtbot, services)
    line = view.stakeholder_combo.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "ufficio di prova psm")  # typed, any case
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: titles(view) == ["Bando"])
    assert choice(view.stakeholder_combo) == plan["comune"]
    line.setText("nessuno con questo nome")
    line.editingFinished.emit()  # unknown text: back to the current choice
    assert view.stakeholder_combo.currentText() == "Ufficio di prova PSM"
    _choose(view.stakeholder_combo, ALL)
    _choose(view.zone_combo, next(z.id for z in services.plan.zones() if z.name == "Pinerolese"))
    qtbot.waitUntil(lambda: titles(view) == ["Bando"])
    _choose(view.zone_combo, ALL)
    _choose(view.axis_combo, 1)
    qtbot.waitUntil(lambda: titles(view) == ["Relazione in ritardo", "Gara"])


def test_an_empty_list_says_why(qtbot: QtBot, demo_services: Services) -> None:
    """No blank box: the sentence says what is shown and how to see more."""
    services = demo_services
    view, _ = make_view(qtbot, services)
    qtbot.waitUntil(lambda: view.title.text() != "")
    assert hint_shown(view.table) == (
        "Nessuna scadenza in ritardo o nei prossimi 30 giorni. "
        "«Anche oltre 30 giorni» mostra le successive."
    )
    view.later_check.setChecked(True)
    qtbot.waitUntil(lambda: hint_shown(view.table) == "Nessuna scadenza aperta.")
    view.done_check.setChecked(True)
    qtbot.waitUntil(lambda: hint_shown(view.table) == "Nessuna scadenza nel piano.")
    _choose(view.axis_combo, 2)
    qtbot.waitUntil(lambda: hint_shown(view.table) == "Nessuna scadenza con i filtri scelti.")

    action = services.actions.list_actions()[0]  # axis 1: still none for axis 2
    services.deadlines.add(action.id, "Relazione", days(5))
    _choose(view.axis_combo, 1)
    qtbot.waitUntil(lambda: titles(view) == ["Relazione"])
    assert hint_shown(view.table) == ""


def test_double_click_and_enter_open_the_action(
    qtbot: QtBot, demo_services: Services, plan: dict
) -> None:
    services = demo_services
    view, events = make_view(qtbot, services)
    index = view.proxy.index(1, 2)
    with qtbot.waitSignal(events.open_action_requested) as blocker:
        view.table.doubleClicked.emit(index)
    assert blocker.args == [plan["a2"]]
    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    with qtbot.waitSignal(events.open_action_requested) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [plan["a1"]]


def test_reloads_on_events(qtbot: QtBot, demo_services: Services, plan: dict) -> None:
    services = demo_services
    view, events = make_view(qtbot, services)
    services.deadlines.add(plan["a1"], "Nuova", days(1))
    events.deadlines_changed.emit()
    qtbot.waitUntil(lambda: "Nuova" in titles(view))
    renamed = services.stakeholders.create("Unione montana")
    events.stakeholders_changed.emit()
    qtbot.waitUntil(lambda: view.stakeholder_combo.findData(renamed.id) > 0)


def test_when_text_words() -> None:
    from psm_desktop.services.dto import DeadlineInfo

    def info(due: dt.date, done: dt.date | None = None) -> DeadlineInfo:
        return DeadlineInfo(1, 1, "1.1.1", "t", 1, "x", due, done, None, None, "", 1, False)

    assert when_text(info(days(0)), TODAY) == "Oggi"
    assert when_text(info(days(1)), TODAY) == "Domani"
    assert when_text(info(days(-1)), TODAY) == "In ritardo di 1 giorno"
    assert when_text(info(days(-1), TODAY), TODAY) == f"Completata il {TODAY:%d/%m/%Y}"
