"""The campaign wizard: name, due date and grace, instructions and the offices in scope.

A plan has up to a few thousand stakeholders: the list can be searched, and "Seleziona
tutti" / "Nessuno" act on the offices the search shows (tick every "Unione" in two clicks),
with a count of how many are chosen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.formatting import plural, thousands
from psm_desktop.services import Services
from psm_desktop.ui.core import messages, visible_boxes
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


class NewCampaignDialog(QDialog):
    """The campaign wizard: name, due date and grace, instructions, the offices in scope."""

    help_anchor = "campagne"

    def __init__(self, parent: QWidget | None, services: Services, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nuova campagna di aggiornamento")
        period = services.periods.open_period()
        self.name = QLineEdit(f"Aggiornamento {period.name}" if period else "")
        self.name.setAccessibleName("Nome della campagna")
        self.due = QDateEdit(QDate(today.year, today.month, today.day).addDays(30))
        self.due.setDisplayFormat("dd/MM/yyyy")
        self.due.setCalendarPopup(True)
        self.due.setAccessibleName("Data di consegna")
        self.grace = QSpinBox()
        self.grace.setRange(0, 90)
        self.grace.setSuffix(" giorni")
        self.grace.setAccessibleName("Giorni di tolleranza")
        self.instructions = QPlainTextEdit()
        self.instructions.setAccessibleName("Istruzioni agli uffici")
        self.instructions.setTabChangesFocus(True)
        self.instructions.setPlaceholderText("Breve testo che entra nell'e-mail agli uffici")
        self.instructions.setFixedHeight(70)
        form = QFormLayout()
        form.addRow("&Nome:", self.name)
        form.addRow(
            "Periodo raccolto:", QLabel(period.name if period else "(nessun periodo aperto)")
        )
        form.addRow("&Consegna entro il:", self.due)
        form.addRow("&Tolleranza:", self.grace)
        form.addRow("&Istruzioni:", self.instructions)
        note = QLabel(
            "Uffici coinvolti: sono già spuntati i responsabili e i partner di almeno un'azione."
        )
        note.setWordWrap(True)
        buttons, _ok = ok_cancel(self, "Crea campagna")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addLayout(self._office_tools())
        layout.addWidget(self._office_list(services), 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self._update_count()
        self.resize(620, 680)  # room for the instructions and a long list of offices

    def _office_tools(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cerca ufficio…")
        self.search.setAccessibleName("Cerca tra gli uffici")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.select_all = QPushButton("Seleziona &tutti")
        self.select_all.setToolTip("Spunta gli uffici mostrati dalla ricerca")
        self.select_all.clicked.connect(lambda: self._tick_shown(True))
        self.select_none = QPushButton("Ness&uno")
        self.select_none.setToolTip("Togli la spunta agli uffici mostrati dalla ricerca")
        self.select_none.clicked.connect(lambda: self._tick_shown(False))
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.select_all)
        row.addWidget(self.select_none)
        return row

    def _office_list(self, services: Services) -> QListWidget:
        self.offices = QListWidget()
        self.offices.setAccessibleName("Uffici coinvolti")
        self.offices.setUniformItemSizes(True)  # thousands of rows: no per-row measuring
        visible_boxes.show_boxes(self.offices)
        for name, default in services.campaigns.candidates():
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if default else Qt.CheckState.Unchecked)
            self.offices.addItem(item)
        self.offices.itemChanged.connect(self._update_count)
        return self.offices

    def _items(self) -> list[QListWidgetItem]:
        return [self.offices.item(i) for i in range(self.offices.count())]

    def _filter(self, text: str) -> None:
        wanted = _folded(text)
        for item in self._items():
            item.setHidden(bool(wanted) and wanted not in _folded(item.text()))
        self._update_count()

    def _tick_shown(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.offices.blockSignals(True)  # one count at the end, not one per office
        try:
            for item in self._items():
                if not item.isHidden():
                    item.setCheckState(state)
        finally:
            self.offices.blockSignals(False)
        self.offices.viewport().update()
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        total = self.offices.count()
        chosen = len(self.chosen())
        shown = sum(1 for item in self._items() if not item.isHidden())
        text = f"Selezionati: {thousands(chosen)} di {plural(total, 'ufficio', 'uffici')}"
        if shown < total:
            text += f" · {plural(shown, 'mostrato', 'mostrati')} dalla ricerca"
        self.count.setText(text)

    def chosen(self) -> list[str]:
        return [i.text() for i in self._items() if i.checkState() == Qt.CheckState.Checked]

    def due_date(self) -> dt.date:
        q = self.due.date()
        return dt.date(q.year(), q.month(), q.day())

    def accept(self) -> None:
        # No office ticked would silently fall back to the default scope: ask instead.
        if self.offices.count() and not self.chosen():
            messages.warn(
                self,
                "Spunta almeno un ufficio a cui inviare il tracker "
                "(«Seleziona tutti» spunta quelli mostrati dalla ricerca).",
                "Nessun ufficio scelto",
            )
            return
        super().accept()
