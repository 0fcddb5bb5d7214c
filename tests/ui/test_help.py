"""Aiuto › Guida (F1): the offline Italian guide, its screenshots, context help in dialogs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from psm_desktop.resources import guide_file
from psm_desktop.ui.dialogs import help_window
from psm_desktop.ui.dialogs.help_window import (
    CONTEXT_ANCHORS,
    SCREEN_ANCHORS,
    HelpWindow,
    guide_anchors,
)
from psm_desktop.ui.dialogs.office_settings_dialog import OfficeSettingsDialog
from psm_desktop.ui.dialogs.tracker_dialogs import ExportTrackerDialog
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import shown, window

__all__ = ["shown", "window"]

TASKS = (
    "trovare-le-mie-azioni",  # find and update my actions
    "aggiornare-un-azione",
    "aggiungere-una-scadenza",
    "inviare-un-tracker",  # send and merge a tracker
    "unire-un-tracker",
    "stampare-la-scheda-dell-asse",  # print the axis sheet
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            self.images.append(values.get("src") or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def test_the_guide_is_shipped_with_every_section_and_small_screenshots() -> None:
    page = guide_file()
    assert page.is_file() and page.parent.name == "guida"
    anchors = guide_anchors()
    for anchor in (*TASKS, *SCREEN_ANCHORS, *CONTEXT_ANCHORS.values(), "impostazioni-ufficio"):
        assert anchor in anchors, anchor
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    assert len(parser.images) >= 6
    for src in parser.images:
        image = page.parent / src
        assert image.is_file(), src
        assert image.stat().st_size < 120_000, src  # small: it ships in the wheel
    for link in parser.links:  # every link of the index leads to a section
        assert link.startswith("#") and link[1:] in anchors, link
    text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
    for italian in ("Le mie azioni", "scadenza", "tracker", "Scheda dell'asse", "Annulla"):
        assert italian.casefold() in text.casefold(), italian


def test_f1_opens_the_guide_at_the_screen_in_view(window: MainWindow, qtbot: QtBot) -> None:
    action = window.menu_actions["help"]
    assert QKeySequence("F1") in action.shortcuts()
    help_menu = next(m for m in window.menuBar().actions() if m.text() == "&Aiuto").menu()
    assert action in help_menu.actions()
    window.show_screen(3)
    action.trigger()
    guide = window.findChild(HelpWindow)
    assert guide is not None and guide.isVisible()
    assert guide.section() == "panoramica"
    assert guide.browser.source().toLocalFile() == str(guide_file())
    assert "Panoramica" in guide.browser.toPlainText()
    window.show_screen(0)
    action.trigger()
    assert window.findChildren(HelpWindow) == [guide]  # one guide window, reused
    assert guide.section() == "trovare-le-mie-azioni"
    guide.search.setText("tracker")
    assert guide.find_next()
    assert "tracker" in guide.browser.textCursor().selectedText().casefold()
    guide.close()


def _f1_in(dialog: QDialog, qtbot: QtBot) -> HelpWindow:
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    focus = dialog.focusWidget() or dialog
    qtbot.keyClick(focus, Qt.Key.Key_F1)
    guide = dialog.findChild(HelpWindow)
    assert guide is not None and guide.isVisible()
    return guide


@pytest.mark.parametrize(
    ("make", "anchor"),
    [
        (lambda win: ExportTrackerDialog(win, win.workspace.services), "inviare-un-tracker"),
        (lambda win: OfficeSettingsDialog(win), "impostazioni-ufficio"),
    ],
)
def test_f1_in_a_modal_dialog_opens_its_section(
    window: MainWindow, qtbot: QtBot, make: object, anchor: str
) -> None:
    window.show()
    dialog = make(window)  # type: ignore[operator]
    qtbot.addWidget(dialog)
    dialog.setModal(True)  # as exec()/open() would: the guide must still be usable
    guide = _f1_in(dialog, qtbot)
    assert guide.section() == anchor
    assert guide.parentWidget() is dialog  # not blocked by the modal dialog
    assert QApplication.activeModalWidget() in (dialog, None) or guide.isVisible()
    dialog.close()


def test_an_unknown_section_opens_the_index(qtbot: QtBot) -> None:
    guide = help_window.show_help(None, "non-esiste")
    qtbot.addWidget(guide)
    assert guide.section() == "indice"
