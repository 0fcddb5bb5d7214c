"""Show an editor's values without letting them be changed (an action of another office,
a reader's window): text read-only, choosers and buttons disabled, the values readable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

Typed = QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox
Choosers = (QComboBox, QSlider, QAbstractButton, QAbstractItemView)
DISABLED = Qt.WidgetAttribute.WA_ForceDisabled  # disabled itself, not through a parent


def freeze(root: QWidget, *spared: QWidget) -> list[QWidget]:
    """Freeze the fields under `root` but those under `spared` (e.g. the history, which
    only reads); return what was changed, for `thaw`."""
    frozen: list[QWidget] = []

    def free(widget: QWidget) -> bool:
        return any(s is widget or s.isAncestorOf(widget) for s in spared)

    for kind in (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox):
        for field in root.findChildren(kind):
            if isinstance(field, Typed) and not field.isReadOnly() and not free(field):
                field.setReadOnly(True)
                frozen.append(field)
    for chooser in Choosers:
        for widget in root.findChildren(chooser):
            if not isinstance(widget, QWidget) or free(widget) or _navigation(widget):
                continue
            if not widget.testAttribute(DISABLED):  # not already disabled on its own
                widget.setEnabled(False)
                frozen.append(widget)
    return frozen


def _navigation(widget: QWidget) -> bool:
    """Tab arrows, scroll bars' buttons and Qt's own helpers move around; they edit nothing."""
    return isinstance(widget.parentWidget(), QTabBar) or widget.objectName().startswith("qt_")


def thaw(fields: list[QWidget]) -> None:
    for field in fields:
        if not isValid(field):
            continue
        if isinstance(field, Typed):
            field.setReadOnly(False)
        else:
            field.setEnabled(True)
