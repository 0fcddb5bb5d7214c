"""Every dialog the application opens: accessible names and every interactive widget
reachable with Tab (in each of its modes: radio choices that enable other widgets, wizard pages)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot
from trackerkit import edit, set_cell

from psm_desktop.services import Services
from psm_desktop.ui.core import file_dialogs
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.dialogs.pdf_dialogs import ExportPdfDialog
from psm_desktop.ui.dialogs.tracker_dialogs import ExportTrackerDialog
from psm_desktop.ui.editor.dialogs import DeadlineDialog, StakeholderPicker
from psm_desktop.ui.stakeholders.stakeholder_dialog import StakeholderDialog
from tests.ui.accessibility import assert_keyboard_accessible, unnamed, unreachable_by_tab
from tests.ui.test_tracker_dialogs import (
    edited_tracker,
    open_wizard,
    shown,
    state_services,
    wait_jobs,
)

__all__ = ["shown", "state_services"]


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def check(dialog: QWidget, qtbot: QtBot) -> None:
    qtbot.addWidget(dialog)
    assert_keyboard_accessible(dialog, qtbot)


def test_the_checks_catch_a_nameless_or_unreachable_widget(qtbot: QtBot) -> None:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout

    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    named = QLineEdit()
    named.setAccessibleName("Nome")
    table = QTableView()  # takes Tab for itself: the edit after it is never reached
    rows = QStandardItemModel(2, 2, table)
    table.setModel(rows)
    table.setAccessibleName("Tabella")
    last = QLineEdit()
    for widget in (named, table, last):
        layout.addWidget(widget)
    assert unnamed(dialog) == ["QLineEdit ''"]
    assert unreachable_by_tab(dialog, qtbot) == ["QLineEdit ''"]
    table.setTabKeyNavigation(False)
    assert unreachable_by_tab(dialog, qtbot) == []


def test_stakeholder_dialog_new_and_edit(qtbot: QtBot, services: Services) -> None:
    check(StakeholderDialog(services), qtbot)
    info = services.stakeholders.search()[0]
    check(StakeholderDialog(services, stakeholder=info), qtbot)


def test_deadline_dialog_new_and_edit(qtbot: QtBot, services: Services) -> None:
    people = [(s.id, s.name) for s in services.stakeholders.search()]
    check(DeadlineDialog(people), qtbot)
    action = services.actions.get_by_code("1.1.1")
    deadline = services.deadlines.add(action.id, "Collaudo", dt.date(2026, 3, 1))
    check(DeadlineDialog(people, deadline=deadline), qtbot)


def test_stakeholder_picker(qtbot: QtBot, services: Services) -> None:
    services.stakeholders.create("Comune di Alpette")
    picker = StakeholderPicker(services, DataEvents(), None, frozenset())
    check(picker, qtbot)


def test_operator_name_dialog(qtbot: QtBot) -> None:
    dialog = file_dialogs.operator_name_dialog(None, "Maria Rossi")
    check(dialog, qtbot)


def test_pdf_export_dialog_in_every_mode(qtbot: QtBot, parent: QWidget, services: Services) -> None:
    action = services.actions.get_by_code("1.1.1")
    dialog = ExportPdfDialog(parent, services, action.id, 1)
    qtbot.addWidget(dialog)
    for radio in (
        dialog.axis_radio,
        dialog.action_radio,
        dialog.actions_radio,
        dialog.deadlines_radio,
    ):
        radio.setChecked(True)
        if radio is dialog.actions_radio:
            for i in range(dialog.filter_combo.count()):
                dialog.filter_combo.setCurrentIndex(i)
                assert_keyboard_accessible(dialog, qtbot)
        if radio is dialog.deadlines_radio:
            dialog.within_check.setChecked(True)
        assert_keyboard_accessible(dialog, qtbot)


def test_tracker_export_dialog(qtbot: QtBot, parent: QWidget, services: Services) -> None:
    check(ExportTrackerDialog(parent, services), qtbot)


def test_import_wizard_file_page(qtbot: QtBot, parent: QWidget, services: Services) -> None:
    from psm_desktop.ui.dialogs.tracker_dialogs import ImportWizard

    wizard = ImportWizard(parent, services, DataEvents())
    check(wizard, qtbot)


def test_import_wizard_preview_and_problems_pages(
    qtbot: Any,
    parent: QWidget,
    state_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],
) -> None:
    from psm_desktop.ui.dialogs import tracker_dialogs
    from psm_desktop.ui.dialogs.tracker_dialogs import ImportWizard

    parent.show()
    path = edited_tracker(state_services, tmp_path)  # exports t.xlsx, then edits a copy
    wizard, _ = open_wizard(qtbot, parent, state_services, path, monkeypatch)
    assert_keyboard_accessible(wizard, qtbot)  # the table of changes with its choices
    wizard.reject()
    wizard.setParent(None)

    def broken(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "forse")

    bad = edit(tmp_path / "t.xlsx", tmp_path / "b.xlsx", broken)
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: (str(bad), ""))
    tracker_dialogs.import_tracker(parent, state_services, DataEvents())
    problems_wizard = parent.findChild(ImportWizard)
    assert problems_wizard is not None
    problems_wizard.file_page._browse()
    problems_wizard.next()
    qtbot.waitUntil(lambda: problems_wizard.read_page.problems.isVisible(), timeout=30_000)
    wait_jobs(qtbot)
    assert_keyboard_accessible(problems_wizard, qtbot)  # the problems found, readable by keyboard
    problems_wizard.reject()


def test_pdf_preview_dialog(qtbot: QtBot, parent: QWidget, tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    from psm_desktop.ui.dialogs.pdf_dialogs import PdfPreviewDialog

    path = tmp_path / "prova.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Scheda")
    pdf.save()
    dialog = PdfPreviewDialog(parent, path, "Scheda", 1)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    check(dialog, qtbot)


def test_indicator_dialog_new_and_edit_with_a_range(qtbot: QtBot, services: Services) -> None:
    from decimal import Decimal

    from psm_desktop.model import Direction, PeriodKind
    from psm_desktop.services.monitoring.indicators import IndicatorData
    from psm_desktop.ui.monitoring.indicator_dialog import IndicatorAnswer, IndicatorDialog

    people = services.stakeholders.names()
    check(IndicatorDialog(None, people, services.indicators.check), qtbot)
    period = services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    ranged = IndicatorAnswer(
        IndicatorData(name="Temperatura", direction=Direction.RANGE, range_min=Decimal(18)),
        Decimal(20),
    )
    dialog = IndicatorDialog(None, people, services.indicators.check, period, ranged, new=False)
    check(dialog, qtbot)
    assert dialog.range_min.isVisible() and dialog.period_target.isVisible()


def test_critical_note_dialog(qtbot: QtBot) -> None:
    from psm_desktop.ui.editor.critical_note import CriticalNoteDialog

    check(CriticalNoteDialog(None, "L'andamento risulta critico.", ""), qtbot)


def test_indicators_tab(qtbot: QtBot, services: Services) -> None:
    from PySide6.QtGui import QUndoStack

    from psm_desktop.model import PeriodKind
    from psm_desktop.services.monitoring.indicators import IndicatorData
    from psm_desktop.ui.core.session import EditSession
    from psm_desktop.ui.editor.indicators_tab import IndicatorsTab

    services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    services.indicators.create("1.1.1", IndicatorData(name="Imprese"))
    stack = QUndoStack()
    tab = IndicatorsTab(EditSession(services, DataEvents(), stack))
    tab.load(services.actions.get_by_code("1.1.1"))
    check(tab, qtbot)


@pytest.mark.parametrize("password", [False, True])
def test_server_dialog(parent: QWidget, qtbot: QtBot, password: bool) -> None:
    from psm_desktop.ui.dialogs.server_dialog import ServerDialog

    dialog = ServerDialog(parent)
    dialog.show_password_field(password)
    check(dialog, qtbot)
