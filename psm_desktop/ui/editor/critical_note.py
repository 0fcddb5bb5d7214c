"""When a declared figure makes the action's andamento critico, ask the office why.

The editor calls `ask_critical_note` (tests patch it): it returns the notes to save with
the edit, or None when the user skips (the figure is saved anyway).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.ui.widgets.dialog_buttons import ok_cancel

if TYPE_CHECKING:
    from psm_desktop.services.monitoring.state import ActionState

SKIP_TEXT = "Salta (la chiederà il coordinatore)"


def explanation(state: ActionState, period: str | None) -> str:
    when = f"nel periodo «{period}»" if period else "a oggi"
    expected = (
        f" (avanzamento {state.progress} % contro {state.expected_progress:.0f} % atteso)"
        if state.expected_progress is not None
        else ""
    )
    return (
        f"Con questo dato l'andamento dell'azione {state.code} {when} risulta critico"
        f"{expected}.\nScrivi nelle note il perché: saranno salvate insieme al dato. "
        "Se salti, il dato è salvato lo stesso e il coordinatore ti chiederà la spiegazione."
    )


class CriticalNoteDialog(QDialog):
    def __init__(self, parent: QWidget | None, text: str, notes: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Andamento critico: serve una nota")
        self.setAccessibleName(self.windowTitle())
        message = QLabel(text, self)
        message.setWordWrap(True)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Note dell'azione")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlainText(notes)
        label = QLabel("&Note:", self)
        label.setBuddy(self.notes)
        buttons, _ok = ok_cancel(self, "Salva con la nota", cancel_text=SKIP_TEXT)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(label)
        layout.addWidget(self.notes, 1)
        layout.addWidget(buttons)
        self.resize(520, 300)
        self.notes.setFocus()


def ask_critical_note(parent: QWidget | None, text: str, notes: str) -> str | None:
    """The notes to save with the figure, or None to skip (also when nothing was added)."""
    dialog = CriticalNoteDialog(parent, text, notes)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    written = dialog.notes.toPlainText().strip()
    return written if written and written != notes.strip() else None
