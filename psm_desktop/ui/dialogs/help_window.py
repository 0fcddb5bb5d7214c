"""Aiuto › Guida (F1): the offline guide in Italian, and context help in every dialog.

The guide is HTML shipped in resources/guida/ (found through psm_desktop.resources, so an
installed wheel has it too) and shown in a QTextBrowser. F1 in a dialog opens the section
about that dialog: the dialog's `help_anchor` attribute, else its class name looked up in
CONTEXT_ANCHORS (so other modules need no change to have context help).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from psm_desktop.resources import guide_file
from psm_desktop.ui.core.window_size import resize_within_screen

HOME = "indice"
# Dialogs of other modules and the section of the guide about each.
CONTEXT_ANCHORS = {
    "ExportTrackerDialog": "inviare-un-tracker",
    "ImportWizard": "unire-un-tracker",
    "ExportPdfDialog": "stampare-la-scheda-dell-asse",
    "PdfPreviewDialog": "stampare-la-scheda-dell-asse",
    "DeadlineDialog": "aggiungere-una-scadenza",
    "StakeholderPicker": "assegnare-un-soggetto",
    "StakeholderDialog": "soggetti",
    "QInputDialog": "preferenze",
    "RestoreDialog": "database",
    "ServerDialog": "database-sul-server",
}
# The main window's screens, in tab order.
SCREEN_ANCHORS = ("trovare-le-mie-azioni", "soggetti", "scadenze", "panoramica")


def guide_anchors() -> frozenset[str]:
    """The sections of the guide (the ids of its HTML)."""
    return frozenset(re.findall(r'\bid="([^"]+)"', guide_file().read_text(encoding="utf-8")))


def guide_url(anchor: str = "") -> QUrl:
    url = QUrl.fromLocalFile(str(guide_file()))
    if anchor:
        url.setFragment(anchor)
    return url


class HelpWindow(QDialog):
    """The guide, with back/forward, its index and a search; never modal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle("Guida di PSM Desktop")
        self.setAccessibleName("Guida di PSM Desktop")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpBrowser")
        self.browser.setAccessibleName("Testo della guida")
        self.browser.setOpenExternalLinks(True)
        self.back = QPushButton("◀ &Indietro", self)
        self.forward = QPushButton("A&vanti ▶", self)
        self.home = QPushButton("In&dice", self)
        self.search = QLineEdit(self)
        self.search.setObjectName("helpSearch")
        self.search.setAccessibleName("Cerca nella guida")
        self.search.setPlaceholderText("Cerca nella guida… (Invio: il successivo)")
        self.search.setClearButtonEnabled(True)
        self.back.clicked.connect(self.browser.backward)
        self.forward.clicked.connect(self.browser.forward)
        self.home.clicked.connect(lambda: self.show_section(HOME))
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.search.returnPressed.connect(self.find_next)
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        bar = QHBoxLayout()
        for button in (self.back, self.forward, self.home):
            bar.addWidget(button)
        bar.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.anchors = guide_anchors()
        self.browser.setSource(guide_url())
        resize_within_screen(self, 900, 700)

    def show_section(self, anchor: str) -> None:
        """Open the guide at a section (its id); an unknown one opens the index."""
        if anchor not in self.anchors:
            anchor = HOME
        self.browser.setSource(guide_url(anchor))
        self.browser.scrollToAnchor(anchor)

    def section(self) -> str:
        return self.browser.source().fragment()

    def find_next(self) -> bool:
        text = self.search.text().strip()
        if not text:
            return False
        if self.browser.find(text):
            return True
        cursor = self.browser.textCursor()  # from the top again
        cursor.movePosition(cursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        return self.browser.find(text, QTextDocument.FindFlag(0))


_window: HelpWindow | None = None


def show_help(parent: QWidget | None, anchor: str = "") -> HelpWindow:
    """Show the guide at `anchor`. Over a modal dialog the guide is that dialog's child
    window, since a modal dialog blocks every other window of the application."""
    global _window
    modal = QApplication.activeModalWidget()
    owner = modal if modal is not None and not isinstance(modal, HelpWindow) else parent
    owner = owner.window() if owner is not None else None
    if _window is not None and isValid(_window) and _window.parentWidget() is owner:
        window = _window
    else:
        if _window is not None and isValid(_window):
            _window.close()
            _window.deleteLater()
        window = HelpWindow(owner)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        _window = window
    section = anchor if anchor in window.anchors else HOME
    window.show_section(section)
    window.show()
    window.raise_()
    window.activateWindow()
    # Shown, the text is laid out again at the window's width: scroll to the section then.
    QTimer.singleShot(0, window, lambda: window.browser.scrollToAnchor(section))
    return window


def anchor_for(widget: QWidget | None) -> str:
    """The section about `widget`'s dialog: its `help_anchor`, else by its class name."""
    while widget is not None:
        own = getattr(widget, "help_anchor", None)
        if isinstance(own, str) and own:
            return own
        known = CONTEXT_ANCHORS.get(type(widget).__name__)
        if known:
            return known
        widget = widget.parentWidget()
    return ""


class ContextHelp(QObject):
    """F1 anywhere but the main window (which has its own Aiuto › Guida): that dialog's section."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if (
            QKeySequence(event.keyCombination())
            not in QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
            and event.key() != Qt.Key.Key_F1
        ):
            return False
        window = QApplication.activeModalWidget() or QApplication.activeWindow()
        if window is None or isinstance(window, HelpWindow):
            return False
        focus = QApplication.focusWidget()
        source = focus if focus is not None and focus.window() is window else window
        show_help(window, anchor_for(source))
        return True


_filter: ContextHelp | None = None


def install_context_help() -> None:
    """Once per application: F1 in any dialog opens its section of the guide."""
    global _filter
    app = QApplication.instance()
    if app is None or (_filter is not None and isValid(_filter)):
        return
    _filter = ContextHelp(app)
    app.installEventFilter(_filter)
