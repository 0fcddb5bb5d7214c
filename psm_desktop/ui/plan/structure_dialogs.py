"""The small dialogs of the structure edits: a title and a description, a target to move to.

Module-level functions so tests can patch them (like file_dialogs and messages).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from psm_desktop.formatting import format_date, parse_date
from psm_desktop.services.code_changes import CodeChange
from psm_desktop.services.dto import PlanInfo
from psm_desktop.services.structure_service import PLAN_FIELD_LABELS
from psm_desktop.ui.core import messages
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel

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
    _ok_cancel(dialog, form)
    dialog.resize(560, 320)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    other = second.text() if isinstance(second, QLineEdit) else second.toPlainText()
    return first.toPlainText().strip(), other.strip()


def _ok_cancel(dialog: QDialog, form: QFormLayout) -> None:
    buttons, _ok = ok_cancel(dialog)
    form.addRow(buttons)


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


class PlanDataDialog(QDialog):
    """The plan's own data: title, issuing body, period, "ultimo aggiornamento"."""

    def __init__(self, parent: QWidget | None, info: PlanInfo) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dati del piano")
        self.setAccessibleName("Dati del piano")
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        shown = {
            "title": info.title,
            "issuer": info.issuer,
            "period": info.period,
            "updated_on": format_date(info.updated_on),
        }
        for name, label in PLAN_FIELD_LABELS.items():
            edit = QLineEdit(shown[name], self)
            edit.setAccessibleName(label)
            edit.setObjectName(f"plan_{name}")
            form.addRow(f"{label}:", edit)
            self.edits[name] = edit
        self.edits["updated_on"].setPlaceholderText("gg/mm/aaaa, o vuoto")
        _ok_cancel(self, form)
        self.resize(560, 200)
        self.values: dict[str, Any] = {}

    def accept(self) -> None:
        values: dict[str, Any] = {n: e.text().strip() for n, e in self.edits.items()}
        try:
            values["updated_on"] = parse_date(values["updated_on"])
        except ValueError:
            messages.warn(
                self, "Ultimo aggiornamento: scrivi la data come gg/mm/aaaa (per es. 30/08/2024)."
            )
            return
        self.values = values
        super().accept()


def ask_plan_data(parent: QWidget | None, info: PlanInfo) -> dict[str, Any] | None:
    dialog = PlanDataDialog(parent, info)
    return dialog.values if dialog.exec() == QDialog.DialogCode.Accepted else None
