"""Message boxes: plain text whatever the file name, and long problem lists fit the screen.

Each box is opened for real (exec) and inspected from a timer while it is modal, as a user
would meet it; nothing in ui.messages is patched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from psm_desktop.errors import UserError
from psm_desktop.ui.core import messages

NASTY = "/tmp/<b>uffici</b> & <i>comuni</i>/tracker <x>.xlsx"


def displayed_text(box: QWidget) -> str:
    """What the user reads: labels rendered as Qt renders them, plus text panes."""
    parts = []
    for label in box.findChildren(QLabel):
        text = label.text()
        if not text or not label.isVisible():
            continue
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
        )
        if rich:
            doc = QTextDocument()
            doc.setHtml(text)
            text = doc.toPlainText()
        parts.append(text)
    for pane in box.findChildren(QPlainTextEdit):
        if pane.isVisible():
            parts.append(pane.toPlainText())
    for pane in box.findChildren(QTextEdit):
        if pane.isVisible():
            parts.append(pane.toPlainText())
    return "\n".join(parts)


class Seen:
    def __init__(self) -> None:
        self.text = ""
        self.frame = QRect()
        self.area = QRect()
        self.buttons: list[tuple[str, QRect]] = []
        self.found = False


def inspect_modal(show: Callable[[], Any]) -> Seen:
    """Run `show()` (which opens a modal box) and look at the box while it is open."""
    seen = Seen()

    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, look)
            return
        assert isinstance(box, QDialog)
        try:
            _record(box, seen)
        finally:
            box.done(0)  # close() is ignored by a box without an Escape button

    QTimer.singleShot(0, look)
    show()
    return seen


def _record(box: QDialog, seen: Seen) -> None:
    seen.found = True
    seen.text = displayed_text(box)
    seen.frame = box.frameGeometry()
    screen = box.screen() or QGuiApplication.primaryScreen()
    seen.area = screen.availableGeometry()
    for button in box.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            top_left = button.mapToGlobal(QPoint(0, 0))
            seen.buttons.append((button.text(), QRect(top_left, button.size())))


SHOWERS: dict[str, Callable[[str], Any]] = {
    "warn": lambda text: messages.warn(None, text),
    "info": lambda text: messages.info(None, text),
    "confirm": lambda text: messages.confirm(None, text),
    "user_error": lambda text: messages.user_error(None, UserError(text)),
}


@pytest.mark.parametrize("kind", sorted(SHOWERS))
def test_file_names_with_markup_are_shown_as_plain_text(qtbot: QtBot, kind: str) -> None:
    text = f"Impossibile salvare {NASTY}: la cartella è protetta da scrittura."
    seen = inspect_modal(lambda: SHOWERS[kind](text))
    assert seen.found
    assert NASTY in seen.text


def test_unexpected_error_box_shows_its_summary_as_plain_text(qtbot: QtBot) -> None:
    seen = inspect_modal(
        lambda: messages.bug(None, f"OSError: {NASTY}", "Traceback…", f"{NASTY}.log")
    )
    assert f"OSError: {NASTY}" in seen.text
    assert f"{NASTY}.log" in seen.text


def test_stakeholder_boxes_are_plain_text(qtbot: QtBot) -> None:
    from psm_desktop.ui.stakeholders import stakeholders_view

    parent = QWidget()
    qtbot.addWidget(parent)
    seen = inspect_modal(lambda: stakeholders_view.show_message(parent, f"Soggetto {NASTY}"))
    assert f"Soggetto {NASTY}" in seen.text
    seen = inspect_modal(
        lambda: stakeholders_view.confirm_delete(parent, "Elimina", f"Elimina {NASTY}?", "", "Sì")
    )
    assert f"Elimina {NASTY}?" in seen.text


@pytest.mark.parametrize("kind", ["warn", "user_error", "confirm"])
def test_a_thousand_problems_fit_the_screen_and_scroll(qtbot: QtBot, kind: str) -> None:
    lines = [
        f"Foglio Azioni, riga {n}, colonna Stato: valore non ammesso «x{n}»" for n in range(1000)
    ]
    text = "Il tracker non può essere importato:\n" + "\n".join(lines)
    seen = inspect_modal(lambda: SHOWERS[kind](text))
    assert seen.found
    assert seen.area.contains(seen.frame), (seen.frame, seen.area)
    assert seen.buttons, "the box has no visible button"
    for name, rect in seen.buttons:
        assert seen.area.contains(rect), (name, rect, seen.area)
    # Every line is there to read (in a scrollable pane), the last one included.
    assert lines[-1] in seen.text and lines[0] in seen.text
