"""What the main window allows on the plan it shows. A file opened read-only (someone else
has it open) disables every menu action that writes and freezes the editor's fields (the
window is marked "Sola lettura"); a plan on a server has no file to copy or restore. The
storage refuses writes anyway (Database.read_only): this is so the user is not offered
what cannot work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

READ_ONLY_MARK = "Sola lettura"

# Menu actions that change the plan.
EDIT_ACTIONS = (
    "undo",
    "redo",
    "add_assignment",
    "add_deadline",
    "import_tracker",
    "import_plan_text",
    "restore_backup",
    "new_axis",
    "new_strategy",
    "new_action",
    "edit_node",
    "move_up",
    "move_down",
    "move_to",
    "delete_node",
    "edit_plan",
    "axis_links",
    "periods",
    "campaigns",
)
# Actions that need a file (a server has no file to copy or restore).
FILE_ACTIONS = ("save_copy", "restore_backup")


def disabled_actions(*, read_only: bool, on_server: bool) -> frozenset[str]:
    keys: set[str] = set()
    if read_only:
        keys.update(EDIT_ACTIONS)
    if on_server:
        keys.update(FILE_ACTIONS)
    return frozenset(keys)


def apply(actions: dict[str, QAction], *, read_only: bool, on_server: bool) -> None:
    """Enable every action but those the plan does not allow; say why on the disabled."""
    off = disabled_actions(read_only=read_only, on_server=on_server)
    for key, action in actions.items():
        if key in ("undo", "redo") and key not in off:
            continue  # the undo stack decides these
        action.setEnabled(key not in off)


Editable = QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox
# Choosers with no read-only state of their own: disabled (their value stays readable).
Choosers = (QComboBox, QSlider, QToolButton)
DISABLED = Qt.WidgetAttribute.WA_ForceDisabled  # disabled itself, not by a parent


def freeze_fields(root: QWidget) -> list[QWidget]:
    """Fields under `root` show their values but take no input (text, numbers and dates
    read-only; combo boxes, sliders and the date buttons disabled); return those changed,
    for `thaw_fields`."""
    frozen: list[QWidget] = []
    for kind in (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox):
        for field in root.findChildren(kind):
            if isinstance(field, Editable) and not field.isReadOnly():
                field.setReadOnly(True)
                frozen.append(field)
    for chooser in Choosers:
        for widget in root.findChildren(chooser):
            if _navigation(widget) or widget.testAttribute(DISABLED):
                continue
            if isinstance(widget, QWidget):
                widget.setEnabled(False)
                frozen.append(widget)
    return frozen


def _navigation(widget: QWidget) -> bool:
    """Tabs' scroll arrows and Qt's own calendar buttons move around; they edit nothing."""
    return isinstance(widget.parentWidget(), QTabBar) or widget.objectName().startswith("qt_")


def thaw_fields(fields: list[QWidget]) -> None:
    for field in fields:
        if not isValid(field):
            continue
        if isinstance(field, Editable):
            field.setReadOnly(False)
        else:
            field.setEnabled(True)
