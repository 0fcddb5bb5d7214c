"""Checks for any window or dialog: accessible names and keyboard (Tab) reachability.

assert not unnamed(dialog)
assert not unreachable_by_tab(dialog, qtbot)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot


def _inner_part(widget: QWidget) -> bool:
    """Line edits inside combos and spin boxes, scroll bars and headers: named by their owner."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, (QScrollBar, QHeaderView, QTabBar))


def interactive(root: QWidget) -> list[QWidget]:
    """The widgets a keyboard user must be able to reach: shown, enabled, taking Tab focus."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisibleTo(root)
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        and not _inner_part(w)
        and type(w) is not QScrollArea  # a plain container around a form
        and w.objectName() != "qt_scrollarea_viewport"
    ]


def _describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}"


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets without an accessible name, a text of their own or a buddy label."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in interactive(root):
        if widget.accessibleName().strip() or id(widget) in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        missing.append(_describe(widget))
    return missing


def _owner(widget: QWidget | None, wanted: list[QWidget]) -> QWidget | None:
    """The interactive widget that the focused one belongs to (a combo's inner line edit...)."""
    while widget is not None and not any(widget is w for w in wanted):
        widget = widget.parentWidget()
    return widget


def unreachable_by_tab(root: QWidget, qtbot: QtBot) -> list[str]:
    """Shows root and presses Tab round the chain: the interactive widgets never focused."""
    root.show()
    qtbot.waitExposed(root)
    root.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is root, timeout=2000)
    wanted = interactive(root)
    assert wanted, "nothing interactive"
    wanted[0].setFocus(Qt.FocusReason.TabFocusReason)
    reached: list[QWidget] = []
    for _ in range(3 * len(wanted) + 5):
        owner = _owner(QApplication.focusWidget(), wanted)
        if owner is not None and not any(owner is r for r in reached):
            reached.append(owner)
        focused = QApplication.focusWidget()
        assert focused is not None, "focus left the window"
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    return [_describe(w) for w in wanted if not any(_same_stop(w, r) for r in reached)]


def _same_stop(widget: QWidget, reached: QWidget) -> bool:
    """Radio buttons of one exclusive group are one Tab stop: the arrow keys move inside it."""
    if widget is reached:
        return True
    if not (isinstance(widget, QRadioButton) and isinstance(reached, QRadioButton)):
        return False
    if widget.group() is not None:
        return widget.group() is reached.group()
    return widget.autoExclusive() and widget.parentWidget() is reached.parentWidget()


def assert_keyboard_accessible(root: QWidget, qtbot: QtBot) -> None:
    missing = unnamed(root)
    assert not missing, f"no accessible name: {missing}"
    unreachable = unreachable_by_tab(root, qtbot)
    assert not unreachable, f"Tab never reaches: {unreachable}"
