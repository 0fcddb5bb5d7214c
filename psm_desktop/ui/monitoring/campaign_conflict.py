"""A conflict between offices side by side: the value at export and each office's proposal
in its own column; the coordinator chooses one (the others are then rejected)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.services.campaigns import ChangeRow, Conflict
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel


class ConflictDialog(QDialog):
    help_anchor = "campagne"

    def __init__(self, parent: QWidget | None, conflict: Conflict) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conflitto tra uffici")
        self.conflict = conflict
        first = conflict.changes[0]
        what = f"{first.entity} {first.label}"
        if conflict.field_label:
            what += f" — {conflict.field_label}"
        title = QLabel(f"<b>{_html(what)}</b>")
        what_clashes = (
            "Un ufficio toglie la riga, un altro la modifica."
            if conflict.removes
            else "Gli uffici propongono valori diversi."
        )
        intro = QLabel(
            f"{what_clashes} Scegli la proposta da accettare: "
            "le altre vengono respinte con il motivo «in conflitto»."
        )
        intro.setWordWrap(True)
        sides = QHBoxLayout()
        base = QGroupBox("All'esportazione")
        base_layout = QVBoxLayout(base)
        base_layout.addWidget(_value(first.shown_base))
        base_layout.addStretch(1)
        sides.addWidget(base)
        self.group = QButtonGroup(self)
        self.choices: list[QRadioButton] = []
        for number, change in enumerate(conflict.changes):
            box = QGroupBox(change.office)
            layout = QVBoxLayout(box)
            if not conflict.field_label:  # the whole row (or action): field by field
                layout.addWidget(QLabel(change.field_label))
            layout.addWidget(_value(change.shown_proposed))
            source = QLabel(f"File: {change.source_file}")
            source.setWordWrap(True)
            layout.addWidget(source)
            choice = QRadioButton(f"&{number + 1} Accetta questa")
            choice.setAccessibleName(f"Accetta la proposta di {change.office}")
            self.group.addButton(choice, number)
            self.choices.append(choice)
            layout.addWidget(choice)
            layout.addStretch(1)
            sides.addWidget(box, 1)
        self.choices[0].setChecked(True)
        buttons, _ok = ok_cancel(self, "Accetta la proposta scelta")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(sides)
        layout.addWidget(buttons)
        self.resize(760, 300)

    def chosen(self) -> ChangeRow:
        return self.conflict.changes[max(0, self.group.checkedId())]


def _value(text: str) -> QLabel:
    label = QLabel(text or "(vuoto)")
    label.setWordWrap(True)
    label.setStyleSheet("font-size: 12pt; padding: 4px;")
    return label


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
