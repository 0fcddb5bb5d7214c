"""The editor's "Programmazione" tab: how the action sits in the public programming.

CUP, PNRR measure, DUP objective, competence and the Agenda 2030 goals. The tab only
shows values and says what the user changed (`edited`); the editor turns each change
into an undoable edit, and the service checks and normalises it (a CUP upper-cased,
"M1 C1 - I 1.1" stored as "M1C1 I1.1"), so the tab shows what was stored after a save.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from psm_desktop.model import SDG_NAMES, Competence, sdg_label
from psm_desktop.services.dto import ActionDetail
from psm_desktop.ui.editor.fields import CommitLineEdit, enum_combo, enum_value
from psm_desktop.ui.editor.multi_select import MultiSelectField

# field -> (label with mnemonic, accessible name, placeholder, longest text)
_TEXTS: dict[str, tuple[str, str, str, int]] = {
    "cup": ("C&UP:", "CUP", "15 lettere e cifre, per esempio J81B19000000012", 20),
    "pnrr": ("Misura P&NRR:", "Misura PNRR", "missione, componente, misura: M1C1 I1.1", 40),
    "dup_objective": (
        "Obiettivo &DUP:",
        "Obiettivo DUP",
        "codice dell'obiettivo strategico o operativo",
        60,
    ),
}


class ProgrammingTab(QWidget):
    edited = Signal(str, object)  # field, new value (as the service takes it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.texts: dict[str, CommitLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, (label, name, placeholder, limit) in _TEXTS.items():
            edit = CommitLineEdit(name, self)
            edit.setObjectName(f"{field}Field")
            edit.setPlaceholderText(placeholder)
            edit.setMaxLength(limit)
            edit.committed.connect(lambda f=field, e=edit: self._text_changed(f, e))
            self.texts[field] = edit
            form.addRow(self._label(label, edit), edit)
        self.cup = self.texts["cup"]
        self.cup.textEdited.connect(self._upper_case_cup)
        self.competence = enum_combo(self, Competence, "Competenza", optional=True)
        self.competence.setObjectName("competenceField")
        self.competence.setToolTip(
            "Competenza diretta: l'azione è della Città metropolitana; "
            "regia: è di altri enti, che la Città metropolitana coordina e promuove"
        )
        self.competence.currentIndexChanged.connect(self._competence_changed)
        form.addRow(self._label("Co&mpetenza:", self.competence), self.competence)

        self.sdgs = MultiSelectField("Obiettivi dell'Agenda 2030", 9, self)
        self.sdgs.setObjectName("sdgsField")
        self.sdgs.set_choices([(goal, sdg_label(goal)) for goal in SDG_NAMES])
        self.sdgs.committed.connect(self._sdgs_changed)
        box = QGroupBox("Obiettivi dell'Agenda 2030 (SDG)", self)
        inner = QVBoxLayout(box)
        inner.addWidget(self.sdgs)

        left = QWidget(self)
        left.setLayout(form)
        layout = QHBoxLayout(self)
        layout.addWidget(left, 1)
        layout.addWidget(box, 1)
        QWidget.setTabOrder(self.texts["dup_objective"], self.competence)
        QWidget.setTabOrder(self.competence, self.sdgs)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def load(self, detail: ActionDetail | None, same: bool = False) -> None:
        self._loading = True
        try:
            for field, edit in self.texts.items():
                edit.set_value((getattr(detail, field) or "") if detail else "", same)
            index = self.competence.findData(detail.competence if detail else None)
            self.competence.setCurrentIndex(max(index, 0))
            self.sdgs.set_value(detail.sdgs if detail else ())
        finally:
            self._loading = False

    def _emit(self, field: str, value: Any) -> None:
        if not self._loading:
            self.edited.emit(field, value)

    def _text_changed(self, field: str, edit: CommitLineEdit) -> None:
        self._emit(field, edit.value().strip() or None)

    def _upper_case_cup(self, text: str) -> None:
        if text != text.upper():
            cursor = self.cup.cursorPosition()
            self.cup.setText(text.upper())
            self.cup.setCursorPosition(cursor)

    def _competence_changed(self, _index: int) -> None:
        self._emit("competence", enum_value(self.competence, Competence))

    def _sdgs_changed(self) -> None:
        self._emit("sdgs", self.sdgs.value())
