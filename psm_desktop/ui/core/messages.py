"""Every message box the application shows, in one module so tests can patch them.

All of them go through `show_box()`, which shows the text as plain text (a file called
`<b>uffici & comuni</b>.xlsx` is a name, not markup) and keeps long texts, such as the
problems of a tracker, in a scrollable pane inside a box that fits the screen, its buttons
always reachable (`message_boxes`, imported at the first box: not on start-up's way).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from psm_desktop.errors import StaleWriteError, UserError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

APP_TITLE = "PSM Desktop"


def _boxes() -> Any:
    """The module of the boxes themselves, imported at the first one."""
    from psm_desktop.ui.core import message_boxes

    return message_boxes


def __getattr__(name: str) -> Any:
    """`Icon` and `Role`: QMessageBox's, when first asked for."""
    if name in ("Icon", "Role"):
        return getattr(_boxes(), name)
    raise AttributeError(name)


def show_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: Sequence[tuple[str, QMessageBox.ButtonRole]] | None = None,
    default: int = 0,
    details: str = "",
) -> int:
    """Show a modal box; return the index in `buttons` (default: OK) of the one pressed
    (-1: closed)."""
    return int(_boxes().show_box(parent, icon, title, text, buttons, default, details))


def warn(parent: QWidget | None, text: str, title: str = APP_TITLE) -> None:
    show_box(parent, _boxes().Icon.Warning, title, text)


def info(parent: QWidget | None, text: str, title: str = APP_TITLE) -> None:
    show_box(parent, _boxes().Icon.Information, title, text)


def confirm(parent: QWidget | None, text: str, title: str = APP_TITLE) -> bool:
    """Yes or No; No is the default, so Enter never confirms by accident."""
    boxes = _boxes()
    buttons = (("Sì", boxes.Role.YesRole), ("No", boxes.Role.RejectRole))
    return show_box(parent, boxes.Icon.Question, title, text, buttons, default=1) == 0


def confirm_destructive(
    parent: QWidget | None, title: str, text: str, yes: str, details: str = ""
) -> bool:
    """A deletion and the like: `yes` does it, "Annulla" (the default) does not."""
    boxes = _boxes()
    buttons = ((yes, boxes.Role.DestructiveRole), ("Annulla", boxes.Role.RejectRole))
    return show_box(parent, boxes.Icon.Warning, title, text, buttons, 1, details) == 0


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
    show_box(parent, _boxes().Icon.Critical, "Errore imprevisto", text, details=details)
