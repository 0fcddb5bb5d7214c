"""What the main window allows on the plan it shows: a file opened read-only (someone else
has it open) or a server plan disables every menu action that writes to it, and marks the
window "Sola lettura". The storage refuses writes anyway (Database.read_only); this is so
the user is not offered what cannot work.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
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


def freeze_fields(root: QWidget) -> list[Editable]:
    """Text, number and date fields under `root` show their values but take no input;
    return those changed, for `thaw_fields`."""
    frozen: list[Editable] = []
    for kind in (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox):
        for field in root.findChildren(kind):
            if isinstance(field, Editable) and not field.isReadOnly():
                field.setReadOnly(True)
                frozen.append(field)
    return frozen


def thaw_fields(fields: list[Editable]) -> None:
    for field in fields:
        if isValid(field):
            field.setReadOnly(False)
