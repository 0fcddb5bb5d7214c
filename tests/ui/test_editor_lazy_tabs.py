"""The editor's tabs past the first one are built when first opened (start-up speed):
once built they show the chosen action, follow the next ones, and are read-only when the
rest of the editor is."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget

from psm_desktop.model import Role, Sector
from psm_desktop.storage.access import Access
from psm_desktop.ui.editor.action_editor import (
    TAB_ASSIGNMENTS,
    TAB_CLASSIFICATION,
    TAB_DEADLINES,
    TAB_HISTORY,
    TAB_INDICATORS,
    TAB_PROGRAMMING,
)
from psm_desktop.ui.editor.multi_select import MultiSelectField
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code
from tests.ui.window_fixtures import shown, window

__all__ = ["shown", "window"]
ROOT = Path(__file__).resolve().parents[2]
LAZY = {
    TAB_CLASSIFICATION: "sectorsField",
    TAB_PROGRAMMING: "cupField",
    TAB_ASSIGNMENTS: "assignmentTable",
    TAB_DEADLINES: "deadlineTable",
    TAB_HISTORY: "historyTable",
    TAB_INDICATORS: "indicatorTable",
}


def test_the_tabs_are_built_when_first_opened_with_the_chosen_action(
    window: MainWindow,
) -> None:
    services = window.workspace.services
    action_id = select_code(window, "1.1.2")
    services.deadlines.add(action_id, "Verifica", dt.date(2030, 1, 31))
    someone = services.stakeholders.search()[0]
    services.assignments.assign(action_id, someone.id, Role.PARTNER)
    window.plan.editor.reload()
    editor = window.plan.editor
    for name in LAZY.values():
        assert window.findChild(QWidget, name) is None, name
    # The titles already count what the tabs hold.
    detail = services.actions.get(action_id)
    assert editor.tabs.tabText(TAB_ASSIGNMENTS) == f"&Soggetti ({len(detail.assignments)})"
    assert editor.tabs.tabText(TAB_DEADLINES) == f"Sca&denze ({len(detail.deadlines)})"
    assert editor.tabs.tabText(TAB_INDICATORS) == "Indi&catori (0)"

    editor.tabs.setCurrentIndex(TAB_ASSIGNMENTS)
    table: QTableView = window.findChild(QTableView, "assignmentTable")
    assert table is not None and table.isVisibleTo(window)
    assert table.model().rowCount() == len(detail.assignments) >= 1
    editor.tabs.setCurrentIndex(TAB_DEADLINES)
    deadlines: QTableView = window.findChild(QTableView, "deadlineTable")
    assert [d.title for d in editor.deadlines.model.rows()] == [d.title for d in detail.deadlines]
    assert deadlines.model().rowCount() == len(detail.deadlines) >= 1

    # Built, they follow the next action chosen.
    other = select_code(window, "1.1.1")
    assert table.model().rowCount() == len(services.actions.get(other).assignments)
    assert window.findChild(QLineEdit, "cupField") is None  # still not opened


def ticked(field: MultiSelectField) -> set[object]:
    """What the list shows ticked (read from its rows, not from the field's own value)."""
    model = field.model()
    rows = (model.index(r, 0) for r in range(model.rowCount()))
    return {
        i.data(Qt.ItemDataRole.UserRole)
        for i in rows
        if i.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
    }


def labels(field: MultiSelectField) -> list[str]:
    model = field.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_the_classification_is_built_when_opened_with_the_action_and_choices(
    window: MainWindow,
) -> None:
    services = window.workspace.services
    action_id = select_code(window, "1.2.1")
    zone = services.plan.zones()[0].name
    services.actions.update(
        action_id,
        None,
        {"sectors": frozenset({Sector.TOURISM}), "zones": frozenset({zone}), "linked_axes": {2}},
    )
    editor = window.plan.editor
    editor.reload()
    assert window.findChild(MultiSelectField, "sectorsField") is None
    editor.tabs.setCurrentIndex(TAB_CLASSIFICATION)
    sectors = window.findChild(MultiSelectField, "sectorsField")
    zones = window.findChild(MultiSelectField, "zonesField")
    axes = window.findChild(MultiSelectField, "linkedAxesField")
    assert sectors.isVisibleTo(window) and zones.isVisibleTo(window)
    # The choices read with the plan (before the tab existed) are there.
    assert labels(sectors) == [s.label for s in Sector]
    assert labels(zones) == [z.name for z in services.plan.zones()]
    assert labels(axes) == [f"Asse {a.number} — {a.title}" for a in services.plan.axes()]
    assert ticked(sectors) == {Sector.TOURISM}
    assert ticked(zones) == {zone}
    assert ticked(axes) == {2}
    # A tick is saved at once, like before.
    axes.toggle(3)
    assert services.actions.get(action_id).linked_axes == frozenset({2, 3})
    # Built, it follows the next action chosen.
    other = select_code(window, "1.1.1")
    assert ticked(axes) == set(services.actions.get(other).linked_axes)
    assert editor.linked_axes is axes


def test_the_classification_built_on_another_offices_action_is_read_only(
    window: MainWindow,
) -> None:
    select_code(window, "1.1.1")
    editor = window.plan.editor
    editor.session.access = Access(role="ufficio", read_only=False, editable_actions=frozenset())
    editor.reload()
    editor.tabs.setCurrentIndex(TAB_CLASSIFICATION)
    for name in ("sectorsField", "zonesField", "linkedAxesField"):
        assert not window.findChild(MultiSelectField, name).isEnabled(), name


def test_a_tab_built_on_another_offices_action_is_read_only(window: MainWindow) -> None:
    action_id = select_code(window, "1.1.1")
    session = window.plan.editor.session
    session.access = Access(role="ufficio", read_only=False, editable_actions=frozenset())
    window.plan.editor.reload()
    assert window.plan.editor.access_note.isVisibleTo(window)
    window.plan.editor.tabs.setCurrentIndex(TAB_PROGRAMMING)
    assert window.findChild(QLineEdit, "cupField").isReadOnly()
    window.plan.editor.tabs.setCurrentIndex(TAB_DEADLINES)
    assert not window.plan.editor.deadlines.add_button.isEnabled()
    # One of the office's own: everything editable again, the late tabs included.
    session.access = Access(
        role="ufficio", read_only=False, editable_actions=frozenset({action_id})
    )
    window.plan.editor.reload()
    assert not window.findChild(QLineEdit, "cupField").isReadOnly()
    assert window.plan.editor.deadlines.add_button.isEnabled()


def test_the_late_tabs_modules_wait_until_a_tab_is_opened() -> None:
    """The editor's module does not import the late tabs' (fresh interpreter)."""
    code = (
        "import sys\n"
        "import psm_desktop.ui.editor.action_editor\n"
        "late = ('indicators_tab', 'tabs', 'programming_tab', 'classification_tab',\n"
        "        'multi_select', 'calendar_popup')\n"
        "print(' '.join(m for m in late if f'psm_desktop.ui.editor.{m}' in sys.modules))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == []
