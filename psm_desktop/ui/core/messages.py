"""Every message box the application shows, in one module so tests can patch them.

All of them go through `show_box()`, which shows the text as plain text (a file called
`<b>uffici & comuni</b>.xlsx` is a name, not markup) and keeps long texts, such as the
problems of a tracker, in a scrollable pane inside a box that fits the screen, its buttons
always reachable.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import StaleWriteError, UserError
from psm_desktop.ui.core.window_size import resize_within_screen

APP_TITLE = "PSM Desktop"
# Past these, the text goes in a scrollable pane: a QMessageBox grows with its text and
# pushes its buttons off the screen (1,000 problems made a box 28,000 pixels high).
LONG_LINES = 15
LONG_CHARS = 1500

Icon = QMessageBox.Icon
Role = QMessageBox.ButtonRole
_STYLE_ICONS = {
    Icon.Warning: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Icon.Information: QStyle.StandardPixmap.SP_MessageBoxInformation,
    Icon.Question: QStyle.StandardPixmap.SP_MessageBoxQuestion,
    Icon.Critical: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


def is_long(text: str) -> bool:
    return text.count("\n") >= LONG_LINES or len(text) > LONG_CHARS


def show_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: Sequence[tuple[str, QMessageBox.ButtonRole]] = (("OK", Role.AcceptRole),),
    default: int = 0,
    details: str = "",
) -> int:
    """Show a modal box; return the index in `buttons` of the one pressed (-1: closed)."""
    if is_long(text):
        return _LongMessage(parent, icon, title, text, buttons, default).ask()
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    if details:
        box.setDetailedText(details)
    made = [box.addButton(label, role) for label, role in buttons]
    box.setDefaultButton(made[default])
    rejecting = [b for b, (_l, role) in zip(made, buttons, strict=True) if role == Role.RejectRole]
    box.setEscapeButton(rejecting[0] if rejecting else made[-1])
    box.exec()
    clicked = box.clickedButton()
    return made.index(clicked) if clicked in made else -1


class _LongMessage(QDialog):
    """A message box for long texts: the first line as its heading, all of it scrollable."""

    def __init__(
        self,
        parent: QWidget | None,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        buttons: Sequence[tuple[str, QMessageBox.ButtonRole]],
        default: int,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.choice = -1
        heading, _sep, rest = text.partition("\n")
        picture = QLabel(self)
        style = self.style() or QApplication.style()
        picture.setPixmap(style.standardIcon(_STYLE_ICONS[icon]).pixmap(32, 32))
        label = QLabel(heading, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(label, 1)
        self.pane = QPlainTextEdit(self)
        self.pane.setReadOnly(True)
        self.pane.setPlainText(rest.strip("\n") or text)
        self.pane.setTabChangesFocus(True)
        self.pane.setAccessibleName(f"{title}: testo completo")
        self.pane.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        box = QDialogButtonBox(self)
        for index, (caption, role) in enumerate(buttons):
            button = QPushButton(caption, self)
            box.addButton(button, _DIALOG_ROLES.get(role, QDialogButtonBox.ButtonRole.ActionRole))
            button.clicked.connect(lambda _c=False, i=index: self._choose(i))
            if index == default:
                button.setDefault(True)
                button.setFocus()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pane, 1)
        layout.addWidget(box)
        resize_within_screen(self, 760, 560)

    def _choose(self, index: int) -> None:
        self.choice = index
        self.accept()

    def ask(self) -> int:
        self.exec()
        return self.choice


_DIALOG_ROLES = {
    Role.AcceptRole: QDialogButtonBox.ButtonRole.AcceptRole,
    Role.RejectRole: QDialogButtonBox.ButtonRole.RejectRole,
    Role.DestructiveRole: QDialogButtonBox.ButtonRole.DestructiveRole,
    Role.YesRole: QDialogButtonBox.ButtonRole.YesRole,
    Role.NoRole: QDialogButtonBox.ButtonRole.NoRole,
}


def warn(parent: QWidget | None, text: str, title: str = APP_TITLE) -> None:
    show_box(parent, Icon.Warning, title, text)


def info(parent: QWidget | None, text: str, title: str = APP_TITLE) -> None:
    show_box(parent, Icon.Information, title, text)


def confirm(parent: QWidget | None, text: str, title: str = APP_TITLE) -> bool:
    """Yes or No; No is the default, so Enter never confirms by accident."""
    buttons = (("Sì", Role.YesRole), ("No", Role.RejectRole))
    return show_box(parent, Icon.Question, title, text, buttons, default=1) == 0


def confirm_destructive(
    parent: QWidget | None, title: str, text: str, yes: str, details: str = ""
) -> bool:
    """A deletion and the like: `yes` does it, "Annulla" (the default) does not."""
    buttons = ((yes, Role.DestructiveRole), ("Annulla", Role.RejectRole))
    return show_box(parent, Icon.Warning, title, text, buttons, 1, details) == 0


def user_error(parent: QWidget | None, error: UserError) -> None:
    """A problem the user can fix, as a plain Italian message."""
    title = "Dati modificati altrove" if isinstance(error, StaleWriteError) else APP_TITLE
    warn(parent, error.message, title)


def bug(parent: QWidget | None, summary: str, details: str, log_file: str) -> None:
    """An unexpected error: say so plainly, point to the log, details on request."""
    text = (
        "Si è verificato un errore imprevisto. Il lavoro salvato finora non è perso: "
        f"ogni modifica viene salvata appena fatta.\n\n{summary}\n\n"
        f"I dettagli sono registrati in {log_file}."
    )
    show_box(parent, Icon.Critical, "Errore imprevisto", text, details=details)
