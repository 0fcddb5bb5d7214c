"""Impostazioni ufficio through the real dialog: it writes the user's template, the PDF uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfcheck import read_pdf
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import AxisSheet
from psm_desktop.exchange.pdf.theme import load_theme, shipped_theme_path, user_theme_path
from psm_desktop.services import Services
from psm_desktop.ui.dialogs import office_settings_dialog
from psm_desktop.ui.dialogs.office_settings_dialog import OfficeSettingsDialog
from psm_desktop.ui.dialogs.pdf_dialogs import ExportPdfDialog
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.accessibility import assert_keyboard_accessible
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]


@pytest.fixture
def dialog(qtbot: QtBot) -> OfficeSettingsDialog:
    widget = OfficeSettingsDialog()
    qtbot.addWidget(widget)
    return widget


def click_save(dialog: OfficeSettingsDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_starts_from_the_template_in_use(dialog: OfficeSettingsDialog) -> None:
    assert dialog.office.text() == "Città metropolitana di Torino"
    assert dialog.colours["primary"].colour() == "#1F3A5F"
    assert dialog.labels["axis_sheet"].text() == "Scheda dell'Asse"
    assert dialog.logo_path.text() == ""


def test_saving_writes_the_users_template_used_by_the_pdf(
    dialog: OfficeSettingsDialog, qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    logo = tmp_path / "stemma.png"
    Image.new("RGB", (90, 30), "#118833").save(logo)
    dialog.office.selectAll()
    qtbot.keyClicks(dialog.office, "Comune di Pinerolo")
    dialog.colours["primary"].set_colour("#7a1f5c")
    dialog.labels["axis_sheet"].setText("Scheda d'Asse del Comune")
    dialog._set_logo(logo)
    assert dialog.preview.settings.office == "Comune di Pinerolo"  # the preview follows
    assert dialog.preview.settings.colors["primary"] == "#7A1F5C"
    before = shipped_theme_path().read_bytes()
    click_save(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved_theme_path == user_theme_path()
    assert shipped_theme_path().read_bytes() == before  # the installation is not touched
    theme = load_theme()
    assert theme.source == user_theme_path()
    assert theme.office == "Comune di Pinerolo"
    assert theme.colors["primary"] == "#7A1F5C"
    assert theme.logo is not None and theme.logo.parent == user_theme_path().parent
    target = tmp_path / "asse.pdf"
    export_pdf(services, AxisSheet(axis=1), target)
    content = read_pdf(target)
    assert content.metadata["/Author"] == "Comune di Pinerolo"
    assert "Scheda d'Asse del Comune" in content.text
    assert "Comune di Pinerolo" in content.pages[0]


def test_a_bad_colour_is_refused_and_nothing_written(
    dialog: OfficeSettingsDialog, qtbot: QtBot, shown: Shown
) -> None:
    dialog.colours["accent"].set_colour("rosso")
    click_save(dialog, qtbot)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert any("accent" in text for text in shown.texts())
    assert not user_theme_path().exists()


def test_an_empty_office_name_is_asked_for(
    dialog: OfficeSettingsDialog, qtbot: QtBot, shown: Shown
) -> None:
    dialog.office.clear()
    dialog._save()
    assert "nome dell'ente" in shown.texts()[-1]
    assert not user_theme_path().exists()


def test_defaults_button_restores_the_shipped_values(dialog: OfficeSettingsDialog) -> None:
    dialog.office.setText("Altro")
    dialog.colours["primary"].set_colour("#000000")
    dialog.restore_defaults()
    assert dialog.office.text() == "Città metropolitana di Torino"
    assert dialog.colours["primary"].colour() == "#1F3A5F"


def test_menu_entry_and_pdf_dialog_lead_to_the_settings(
    window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QWidget | None] = []
    monkeypatch.setattr(
        office_settings_dialog, "edit_office_settings", lambda parent: opened.append(parent)
    )
    window.menu_actions["office_settings"].trigger()
    assert opened == [window]
    pdf = ExportPdfDialog(window, services, None, 1)
    text = pdf.theme_label.text()
    assert "Impostazioni ufficio" in text
    assert str(shipped_theme_path()) not in text and "site-packages" not in text
    pdf.theme_label.linkActivated.emit("office-settings")
    assert opened == [window, pdf]
    pdf.deleteLater()


def test_every_tab_is_keyboard_accessible(dialog: OfficeSettingsDialog, qtbot: QtBot) -> None:
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        assert_keyboard_accessible(dialog, qtbot)
