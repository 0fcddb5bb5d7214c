"""The small dialogs of the structure edits: a title and a description, a target to move to.

Module-level functions so tests can patch them (like file_dialogs and messages).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from psm_desktop.services.renumbering import CodeChange

SHOWN_CHANGES = 25  # code changes listed in a confirmation; the rest are counted


def ask_texts(
    parent: QWidget | None,
    caption: str,
    labels: tuple[str, str],
    values: tuple[str, str] = ("", ""),
) -> tuple[str, str] | None:
    """Two texts: a title (one line) and a description (a paragraph), or None if cancelled.

    For an action the first is its full text (a paragraph) and the second the short title.
    """
    dialog = QDialog(parent)
    dialog.setWindowTitle(caption)
    dialog.setAccessibleName(caption)
    form = QFormLayout(dialog)
    first = QPlainTextEdit(values[0], dialog)
    first.setTabChangesFocus(True)
    first.setAccessibleName(labels[0])
    first.setObjectName("structureFirstText")
    if labels[0] == "Azione":
        second: QLineEdit | QPlainTextEdit = QLineEdit(values[1], dialog)
    else:
        first.setFixedHeight(first.fontMetrics().lineSpacing() * 3 + 12)
        second = QPlainTextEdit(values[1], dialog)
        second.setTabChangesFocus(True)
    second.setAccessibleName(labels[1])
    second.setObjectName("structureSecondText")
    form.addRow(f"&{labels[0]}:", first)
    form.addRow(f"{labels[1]}:", second)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    dialog.resize(560, 320)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    other = second.text() if isinstance(second, QLineEdit) else second.toPlainText()
    return first.toPlainText().strip(), other.strip()


def ask_choice(parent: QWidget | None, caption: str, label: str, items: list[str]) -> int | None:
    """The index of the item chosen from a list, or None."""
    item, ok = QInputDialog.getItem(parent, caption, label, items, 0, False)
    return items.index(item) if ok and item in items else None


def changes_text(changes: tuple[CodeChange, ...]) -> str:
    """The renumbering as the user confirms it: one 'azione 1.1.3 → 1.2.5' per line."""
    if not changes:
        return "Nessun altro codice cambia."
    lines = [str(c) for c in changes[:SHOWN_CHANGES]]
    if len(changes) > SHOWN_CHANGES:
        lines.append(f"… e altri {len(changes) - SHOWN_CHANGES} codici.")
    return "Cambiano questi codici:\n" + "\n".join(lines)
