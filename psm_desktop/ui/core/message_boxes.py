"""The message boxes themselves (Qt widgets), for `messages`: imported at the first box,
not at start-up (QMessageBox and QStyle's Python side cost a tenth of the window's start)."""

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

from psm_desktop.ui.core.window_size import resize_within_screen

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
    buttons: Sequence[tuple[str, QMessageBox.ButtonRole]] | None = None,
    default: int = 0,
    details: str = "",
) -> int:
    """Show a modal box; return the index in `buttons` of the one pressed (-1: closed)."""
    buttons = buttons or (("OK", Role.AcceptRole),)
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
