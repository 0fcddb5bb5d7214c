"""Keyboard, accessibility and the menu entries wired to the other features."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QWidget,
)
from pytestqt.qtbot import QtBot

from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.accessibility import unnamed, unreachable_by_tab
from tests.ui.test_main_window import select_code
from tests.ui.window_fixtures import shown, window

__all__ = ["shown", "window"]


def test_every_interactive_widget_on_the_plan_screen_has_an_accessible_name(
    window: MainWindow,
) -> None:
    select_code(window, "1.1.1")
    assert not unnamed(window.plan)


def test_tab_reaches_every_widget_of_each_screen(window: MainWindow, qtbot: QtBot) -> None:
    select_code(window, "1.1.1")
    for index in range(window.screens.count()):
        window.show_screen(index)
        screen = window.screens.currentWidget()
        assert not unnamed(screen), index
        assert not unreachable_by_tab(window, qtbot), index
    window.show_screen(0)
    tabs = window.plan.editor.tabs
    for index in range(tabs.count()):  # the editor's tabs, each with its own widgets
        tabs.setCurrentIndex(index)
        assert not unnamed(window.plan), tabs.tabText(index)
        assert not unreachable_by_tab(window, qtbot), tabs.tabText(index)


def test_standard_shortcuts(window: MainWindow) -> None:
    a = window.menu_actions
    assert QKeySequence("Ctrl+Z") in a["undo"].shortcuts()
    assert {QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")} <= set(a["redo"].shortcuts())
    assert QKeySequence("Ctrl+P") in a["export_pdf"].shortcuts()
    for i, key in enumerate(("show_plan", "show_stakeholders", "show_deadlines", "show_overview")):
        assert a[key].shortcut() == QKeySequence(f"Ctrl+{i + 1}")
    every = [s.toString() for action in a.values() for s in action.shortcuts()]
    assert len(every) == len(set(every)), "a shortcut is used twice"


def test_screens_reachable_and_named(window: MainWindow, qtbot: QtBot) -> None:
    window.menu_actions["show_overview"].trigger()
    assert window.screens.currentIndex() == 3
    for name in ("stakeholderTable", "deadlinesView", "overviewPanel"):
        assert window.findChild(QWidget, name) is not None, name
    window.menu_actions["find"].trigger()
    assert window.screens.currentIndex() == 0


def test_file_menu_calls_tracker_and_pdf_modules(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, object]] = []
    tracker = types.ModuleType("psm_desktop.ui.dialogs.tracker_dialogs")
    tracker.export_tracker = lambda w, s, e: calls.append(("export", s))  # type: ignore[attr-defined]
    tracker.import_tracker = lambda w, s, e: calls.append(("import", s))  # type: ignore[attr-defined]
    pdf = types.ModuleType("psm_desktop.ui.dialogs.pdf_dialogs")
    pdf.export_pdf = lambda w, s, a, x: calls.append(("pdf", (a, x)))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "psm_desktop.ui.dialogs.tracker_dialogs", tracker)
    monkeypatch.setitem(sys.modules, "psm_desktop.ui.dialogs.pdf_dialogs", pdf)
    action_id = select_code(window, "1.2.1")
    window.menu_actions["export_tracker"].trigger()
    window.menu_actions["import_tracker"].trigger()
    window.menu_actions["export_pdf"].trigger()
    assert [c[0] for c in calls] == ["export", "import", "pdf"]
    assert calls[0][1] is window.workspace.services
    assert calls[2][1] == (action_id, 1)
