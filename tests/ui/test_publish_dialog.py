"""File › Pubblica… through the real widgets: periods offered, settings saved, the site built
in the background and its index opened in the browser; errors as Italian messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from psm_desktop.exchange.web.settings import PublishSettings, load_settings
from psm_desktop.services import Services
from psm_desktop.ui.dialogs import publish_dialog
from psm_desktop.ui.dialogs.publish_dialog import PublishDialog, PublishRequest
from tests.publishkit import PERIOD, monitor
from tests.ui.accessibility import assert_keyboard_accessible


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_dialog_offers_closed_periods_then_today(
    qtbot: QtBot, window: QWidget, services: Services
) -> None:
    monitor(services)
    dialog = PublishDialog(window, services)
    qtbot.addWidget(dialog)
    items = [dialog.period_combo.itemText(i) for i in range(dialog.period_combo.count())]
    assert items == [f"{PERIOD} – Stato al 30/06/2025", "Dati di oggi (pubblicazione provvisoria)"]
    assert dialog.licence_combo.currentData() == "CC-BY-4.0"
    assert_keyboard_accessible(dialog, qtbot)
    dialog._accept()  # no folder: refused, with the reason shown
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error_label.isVisibleTo(dialog)
    assert "cartella" in dialog.error_label.text()
    dialog.folder_edit.setText("/tmp/x")
    dialog.ipa_edit.setText("non valido!")
    dialog._accept()
    assert "Codice IPA" in dialog.error_label.text()


def test_publish_builds_in_background_saves_settings_and_opens_the_index(
    window: QWidget,
    services: Services,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monitor(services)
    folder = tmp_path / "sito"

    def choose(dialog: PublishDialog) -> int:
        dialog.folder_edit.setText(str(folder))
        dialog.ipa_edit.setText("cmto")
        dialog.office_edit.setText("Ufficio del piano")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(PublishDialog, "exec", choose)
    opened: list[QUrl] = []
    monkeypatch.setattr(
        publish_dialog.QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(url) or True),
    )
    told: list[str] = []
    monkeypatch.setattr(
        publish_dialog.messages, "info", lambda parent, text, title: told.append(text)
    )
    job = publish_dialog.publish(window, services)
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=30_000):
        pass
    assert opened == [QUrl.fromLocalFile(str(folder / "index.html"))]
    assert told and str(folder) in told[0]
    assert "provvisori" not in (folder / "index.html").read_text(encoding="utf-8")
    assert load_settings() == PublishSettings(ipa="cmto", office="Ufficio del piano")


def test_a_user_error_is_shown_as_a_message(
    window: QWidget,
    services: Services,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        publish_dialog.messages, "user_error", lambda parent, exc: shown.append(exc.message)
    )
    request = PublishRequest("2099-S1", False, tmp_path / "sito", PublishSettings(), False)
    job = publish_dialog.start_publish(window, services, request)
    with qtbot.waitSignal(job.done, timeout=20_000):
        pass
    assert shown and "2099-S1" in shown[0]


def test_the_file_menu_has_it(qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from psm_desktop.app import build_main_window

    win = build_main_window(db_path)
    qtbot.addWidget(win)
    seen: list[PublishDialog] = []

    def capture(dialog: PublishDialog) -> int:
        seen.append(dialog)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(PublishDialog, "exec", capture)
    try:
        action = win.menu_actions["publish"]
        assert action.text() == "Pu&bblica…"
        action.trigger()
        assert len(seen) == 1
    finally:
        win.workspace.close()
