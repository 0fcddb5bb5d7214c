"""File > Esporta PDF through the real widgets: choices, background job, preview, viewer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pdfcheck import read_pdf
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.requests import ActionSheets, AxisSheet, DeadlinesReport
from psm_desktop.exchange.pdf.theme import shipped_theme_path
from psm_desktop.model import Status
from psm_desktop.services import Services
from psm_desktop.ui.dialogs import pdf_dialogs
from psm_desktop.ui.dialogs.pdf_dialogs import ExportPdfDialog, PdfPreviewDialog


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def previews(window: QWidget) -> list[PdfPreviewDialog]:
    return window.findChildren(PdfPreviewDialog)


def test_defaults_to_the_current_action(window: QWidget, services: Services) -> None:
    action = services.actions.get_by_code("1.2.3")
    dialog = ExportPdfDialog(window, services, action.id, 1)
    assert dialog.action_radio.isChecked() and "(1.2.3)" in dialog.action_radio.text()
    assert dialog.request() == ActionSheets(action_ids=(action.id,))
    assert dialog.target() == Path.home() / "scheda-azione-1.2.3.pdf"
    # The office's look: a link to Impostazioni ufficio, not to the installation.
    assert "Impostazioni ufficio" in dialog.theme_label.text()
    assert str(shipped_theme_path()) not in dialog.theme_label.text()


def test_without_an_action_the_axis_sheet_of_the_current_axis(
    window: QWidget, services: Services
) -> None:
    dialog = ExportPdfDialog(window, services, None, 4)
    assert not dialog.action_radio.isEnabled()
    assert dialog.axis_radio.isChecked()
    assert dialog.request() == AxisSheet(axis=4)
    assert dialog.path_edit.text().endswith("scheda-asse-4.pdf")
    dialog.axis_combo.setCurrentIndex(1)
    assert dialog.request() == AxisSheet(axis=2)
    assert dialog.path_edit.text().endswith("scheda-asse-2.pdf")


def test_several_actions_by_axis_stakeholder_status(window: QWidget, services: Services) -> None:
    chieri = services.stakeholders.create("Comune di Chieri")
    dialog = ExportPdfDialog(window, services, None, None)
    dialog.actions_radio.setChecked(True)
    assert dialog.filter_combo.isEnabled() and not dialog.axis_combo.isEnabled()
    assert dialog.request() == ActionSheets()
    dialog.filter_combo.setCurrentIndex(pdf_dialogs.FILTER_AXIS)
    dialog.filter_axis.setCurrentIndex(2)
    assert dialog.request() == ActionSheets(axis=3)
    dialog.filter_combo.setCurrentIndex(pdf_dialogs.FILTER_STAKEHOLDER)
    dialog.filter_stakeholder.setEditText("comune di chieri")  # typed, any case
    assert dialog.request() == ActionSheets(stakeholder_id=chieri.id)
    dialog.filter_stakeholder.setEditText("Nessuno")
    with pytest.raises(UserError, match="Nessun soggetto si chiama «Nessuno»"):
        dialog.request()
    dialog.filter_combo.setCurrentIndex(pdf_dialogs.FILTER_STATUS)
    dialog.filter_status.setCurrentIndex(dialog.filter_status.findData(Status.SUSPENDED))
    assert dialog.request() == ActionSheets(status=Status.SUSPENDED)


def test_deadlines_report_choices(window: QWidget, services: Services) -> None:
    who = services.stakeholders.create("Comune di Ivrea")
    dialog = ExportPdfDialog(window, services, None, None)
    dialog.deadlines_radio.setChecked(True)
    assert dialog.request() == DeadlinesReport() == DeadlinesReport(within_days=60)
    assert dialog.path_edit.text().endswith(f"scadenze-{dt.date.today():%Y-%m-%d}.pdf")
    assert dialog.within_days.isEnabled()
    dialog.within_check.setChecked(False)
    assert not dialog.within_days.isEnabled()
    assert dialog.request() == DeadlinesReport(within_days=None)  # all of them
    dialog.within_check.setChecked(True)
    dialog.within_days.setValue(14)
    dialog.deadline_stakeholder.setCurrentIndex(dialog.deadline_stakeholder.findData(who.id))
    assert dialog.request() == DeadlinesReport(within_days=14, stakeholder_id=who.id)


def test_browse_uses_the_file_dialog_and_adds_the_suffix(
    window: QWidget, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fake_save(parent: Any, caption: str, start: str, filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(tmp_path / "verbale"), filters

    monkeypatch.setattr(pdf_dialogs.file_dialogs, "get_save_file_name", fake_save)
    dialog = ExportPdfDialog(window, services, None, 1)
    dialog._browse()
    assert asked == [str(Path.home() / "scheda-asse-1.pdf")]
    assert dialog.target() == tmp_path / "verbale.pdf"
    dialog.axis_combo.setCurrentIndex(3)  # a chosen file is not replaced by a suggestion
    assert dialog.target() == tmp_path / "verbale.pdf"


def test_export_builds_in_background_then_previews_and_opens(
    window: QWidget,
    services: Services,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "asse1.pdf"

    def choose(dialog: ExportPdfDialog) -> int:
        dialog.axis_combo.setCurrentIndex(0)
        dialog.path_edit.setText(str(target))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ExportPdfDialog, "exec", choose)
    opened: list[QUrl] = []
    monkeypatch.setattr(
        pdf_dialogs.QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(url) or True),
    )
    pdf_dialogs.export_pdf(window, services, None, 1)
    qtbot.waitUntil(lambda: len(previews(window)) == 1, timeout=20_000)
    preview = previews(window)[0]
    pages = len(read_pdf(target).pages)
    assert preview.document.pageCount() == pages > 1
    assert preview.page_label.text() == f"Pagina 1 di {pages}"
    preview.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(target))]
    preview.close()


def test_cancel_stops_the_job_and_leaves_no_file(
    window: QWidget, services: Services, tmp_path: Path, qtbot: QtBot
) -> None:
    target = tmp_path / "schede.pdf"
    job = pdf_dialogs.start_export(window, services, ActionSheets(axis=1), target)
    job.cancel()  # what the progress dialog's Annulla does
    with qtbot.waitSignal(job.done, timeout=20_000):
        pass
    assert job.cancelled and job.result is None
    assert not target.exists() and previews(window) == []
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".tmp")] == []


def test_a_user_error_is_shown_as_a_message(
    window: QWidget,
    services: Services,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        pdf_dialogs.messages, "user_error", lambda parent, exc: shown.append(exc.message)
    )
    job = pdf_dialogs.start_export(window, services, AxisSheet(axis=9), tmp_path / "x.pdf")
    with qtbot.waitSignal(job.done, timeout=20_000):
        pass
    assert shown == ["L'asse 9 non esiste nel piano."]
    assert previews(window) == []


def test_characters_the_font_lacks_are_listed_after_the_export(
    window: QWidget,
    services: Services,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    action = services.actions.get_by_code("1.1.1")
    services.actions.update(action.id, None, {"notes": "Gemellaggio con 北京"})
    shown: list[str] = []
    monkeypatch.setattr(
        pdf_dialogs.messages, "warn", lambda parent, text, title="": shown.append(text)
    )
    request = ActionSheets(action_ids=(action.id,))
    job = pdf_dialogs.start_export(window, services, request, tmp_path / "x.pdf")
    qtbot.waitUntil(lambda: len(previews(window)) == 1, timeout=20_000)
    assert len(shown) == 1 and "Azione 1.1.1, Note: 京 北" in shown[0]
    assert job.result is not None
    previews(window)[0].close()


def test_the_dialog_refuses_an_empty_file_name(
    window: QWidget, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        pdf_dialogs.messages, "user_error", lambda parent, exc: shown.append(exc.message)
    )
    dialog = ExportPdfDialog(window, services, None, 1)
    dialog.path_edit.setText("  ")
    dialog._accept()
    assert shown == ["Scegli il file PDF da creare."]
    assert dialog.result() != QDialog.DialogCode.Accepted.value


def test_the_main_windows_file_menu_opens_it_on_the_selected_action(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psm_desktop.app import build_main_window
    from tests.ui.test_main_window import select_code

    win = build_main_window(db_path)
    qtbot.addWidget(win)
    seen: list[object] = []

    def capture(dialog: ExportPdfDialog) -> int:
        seen.append(dialog.request())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(ExportPdfDialog, "exec", capture)
    try:
        action_id = select_code(win, "1.2.3")
        win.menu_actions["export_pdf"].trigger()
        assert seen == [ActionSheets(action_ids=(action_id,))]
    finally:
        win.workspace.close()


def test_monitoring_report_of_a_chosen_period(window: QWidget, services: Services) -> None:
    from psm_desktop.exchange.pdf.requests import MonitoringReport
    from psm_desktop.model import PeriodKind

    dialog = ExportPdfDialog(window, services, None, 1)
    assert not dialog.monitoring_radio.isEnabled()  # no period yet
    services.periods.add("2025/S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    services.periods.close("2025/S1")
    services.periods.add("2025-S2", dt.date(2025, 12, 31), PeriodKind.SEMESTER)
    dialog = ExportPdfDialog(window, services, None, 1)
    assert not dialog.period_combo.isEnabled()
    dialog.monitoring_radio.setChecked(True)
    assert dialog.period_combo.isEnabled()
    # Newest first, and an open period says its report is provisional.
    assert dialog.period_combo.itemText(0) == "2025-S2 – Stato al 31/12/2025 (aperto, provvisorio)"
    assert dialog.request() == MonitoringReport(period="2025-S2")
    dialog.period_combo.setCurrentIndex(1)
    assert dialog.request() == MonitoringReport(period="2025/S1")
    assert dialog.path_edit.text().endswith("monitoraggio-2025-S1.pdf")
