"""The confirm / Annulla row at the foot of a dialog, named for what it does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

Std = QDialogButtonBox.StandardButton


def ok_cancel(
    dialog: QDialog,
    ok_text: str = "OK",
    *,
    on_ok: Callable[[], object] | None = None,
    cancel_text: str = "Annulla",
    extra: Std = Std.NoButton,
) -> tuple[QDialogButtonBox, QPushButton]:
    """OK (named for what it does: "Salva", "Esporta"…) and Annulla, the first calling
    `on_ok` (default: accept, for dialogs that check nothing) and the second rejecting.
    `extra` adds standard buttons (Reset, RestoreDefaults) for the caller to name and wire."""
    buttons = QDialogButtonBox(Std.Ok | Std.Cancel | extra, dialog)
    ok = buttons.button(Std.Ok)
    ok.setText(ok_text)
    buttons.button(Std.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok
