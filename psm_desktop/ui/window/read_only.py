"""What the main window allows on the plan it shows. A file opened read-only (someone else
has it open) disables every menu action that writes and freezes the editor's fields (the
window is marked "Sola lettura"); a plan on a server has no file to copy or restore. The
storage refuses writes anyway (Database.read_only): this is so the user is not offered
what cannot work.
"""

from __future__ import annotations

from PySide6.QtGui import QAction

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
