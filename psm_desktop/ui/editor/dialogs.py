"""Dialogs of the action editor: pick a stakeholder (or create one), edit a deadline."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from typing import Any

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.formatting import unusual_date_question
from psm_desktop.model import Role
from psm_desktop.services import Services
from psm_desktop.services.dto import DeadlineInfo, StakeholderInfo
from psm_desktop.ui.core import messages
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.window_size import resize_within_screen
from psm_desktop.ui.editor.fields import CommitTextEdit, DateField
from psm_desktop.ui.models.base import ROW_ROLE, Column, RowTableModel
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel
from psm_desktop.ui.widgets.list_table import set_text_widths

PICKER_COLUMNS: tuple[Column[StakeholderInfo], ...] = (
    Column("Nome", lambda s: s.name),
    Column("Tipo", lambda s: s.kind.label),
    Column("Zona omogenea", lambda s: s.zone or ""),
)


def role_combo(parent: QWidget | None, accessible_name: str) -> QComboBox:
    combo = QComboBox(parent)
    for role in Role:
        combo.addItem(role.label, role)
    combo.setAccessibleName(accessible_name)
    # The longest role ("Responsabile/capofila") otherwise runs under the arrow.
    combo.setMinimumWidth(combo.sizeHint().width() + 2 * combo.fontMetrics().averageCharWidth())
    return combo


class StakeholderPicker(QDialog):
    """Search the registry, choose a stakeholder and a role; or create a new one."""

    def __init__(
        self,
        services: Services,
        events: DataEvents | None = None,
        parent: QWidget | None = None,
        exclude: frozenset[int] = frozenset(),
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assegna un soggetto all'azione")
        self.services = services
        self.events = events
        self.undo_stack = undo_stack
        self._exclude = exclude
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Cerca per nome, referente, e-mail o zona…")
        self.search.setAccessibleName("Cerca soggetto")
        self.search.setClearButtonEnabled(True)
        self.model: RowTableModel[StakeholderInfo] = RowTableModel(PICKER_COLUMNS, self)
        self.table = QTableView(self)
        self.table.setObjectName("stakeholderPickerTable")
        self.table.setAccessibleName("Soggetti trovati")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the role; arrows move inside
        self.table.setWordWrap(False)  # one line per stakeholder, columns wide enough below
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        set_text_widths(self.table, {1: "Università/centro di ricerca", 2: "Chierese-Carmagnolese"})
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.role = role_combo(self, "Ruolo nell'azione")
        self.role.setCurrentIndex(list(Role).index(Role.INVOLVED))
        self.new_button = QPushButton("&Nuovo soggetto…", self)
        self.new_button.setAccessibleName("Nuovo soggetto")
        buttons, self._ok = ok_cancel(self, "Assegna", on_ok=self._accept)
        search_label = QLabel("&Cerca:", self)
        search_label.setBuddy(self.search)
        role_label = QLabel("&Ruolo:", self)
        role_label.setBuddy(self.role)
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(role_label)
        bottom.addWidget(self.role)
        bottom.addStretch(1)
        bottom.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(buttons)
        resize_within_screen(self, 620, 460)
        self._all: list[StakeholderInfo] = []
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.table.doubleClicked.connect(lambda _i: self._accept())
        self.new_button.clicked.connect(self.create_new)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self._all = [s for s in self.services.stakeholders.search("") if s.id not in self._exclude]
        self._apply_search()
        if select_id is not None:
            for row, info in enumerate(self.model.rows()):
                if info.id == select_id:
                    self.table.selectRow(row)

    def _apply_search(self) -> None:
        words = self.search.text().casefold().split()

        def keep(s: StakeholderInfo) -> bool:
            hay = f"{s.name} {s.contact_person} {s.email} {s.zone or ''}".casefold()
            return all(w in hay for w in words)

        self.model.set_rows([s for s in self._all if keep(s)])
        if self.model.rowCount():
            self.table.selectRow(0)

    def chosen(self) -> StakeholderInfo | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(self.model.index(index.row(), 0), ROW_ROLE)
        return value if isinstance(value, StakeholderInfo) else None

    def chosen_role(self) -> Role:
        data = self.role.currentData()  # Qt hands StrEnum data back as plain str
        return Role(data) if data else Role.INVOLVED

    def create_new(self) -> None:
        """Open the registry's own dialog (Soggetti) and select the new stakeholder."""
        module = importlib.import_module("psm_desktop.ui.stakeholders.stakeholder_dialog")
        dialog = module.StakeholderDialog(self.services, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        info = self._create(dialog.values())
        if info is None:
            return
        self.search.clear()
        self.reload(select_id=info.id)
        self.table.setFocus()

    def _create(self, values: dict[str, Any]) -> StakeholderInfo | None:
        """Create through the registry's undoable command when there is an undo stack."""
        if self.events is not None and self.undo_stack is not None:
            commands = importlib.import_module("psm_desktop.ui.stakeholders.stakeholder_commands")
            ctx = commands.CommandContext(
                self.services, self.events, lambda text: messages.warn(self, text)
            )
            command = commands.CreateStakeholderCommand(ctx, values)
            if not command.execute(self.undo_stack):
                return None
            created: StakeholderInfo | None = command.created
            return created
        try:
            return self.services.stakeholders.create(**values)
        except UserError as error:
            messages.user_error(self, error)
            return None

    def _accept(self) -> None:
        if self.chosen() is None:
            messages.warn(self, "Scegli un soggetto dall'elenco.")
            return
        self.accept()

    def select_index(self, index: QModelIndex) -> None:
        self.table.setCurrentIndex(index)


class DeadlineDialog(QDialog):
    """Add or edit a deadline: title, due date, done date, stakeholder, notes."""

    def __init__(
        self,
        stakeholders: list[tuple[int, str]],
        parent: QWidget | None = None,
        deadline: DeadlineInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Modifica scadenza" if deadline else "Nuova scadenza")
        self.title = QLineEdit(self)
        self.title.setAccessibleName("Titolo della scadenza")
        self.due = DateField("Data prevista", self)
        self.completed = DateField("Data di completamento", self)
        self.completed.set_fallback(self.due.value)
        for field in (self.due, self.completed):
            field.set_check(functools.partial(_unusual_date, field.name))
        self.stakeholder = QComboBox(self)
        self.stakeholder.setAccessibleName("Responsabile della scadenza")
        self.stakeholder.addItem("— nessuno —", None)
        for sid, name in stakeholders:
            self.stakeholder.addItem(name, sid)
        self.notes = CommitTextEdit("Note della scadenza", self)
        self.notes.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow("&Titolo:", self.title)
        form.addRow("&Data prevista:", self.due)
        form.addRow("&Completata il:", self.completed)
        form.addRow("&Responsabile:", self.stakeholder)
        form.addRow("&Note:", self.notes)
        buttons, _ok = ok_cancel(self, "Salva", on_ok=self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if deadline is not None:
            self.title.setText(deadline.title)
            self.due.set_value(deadline.due_date)
            self.completed.set_value(deadline.completed_on)
            index = self.stakeholder.findData(deadline.stakeholder_id)
            self.stakeholder.setCurrentIndex(max(index, 0))
            self.notes.set_value(deadline.notes)
        else:
            self.due.set_value(dt.date.today() + dt.timedelta(days=30))
        self.resize(480, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text().strip(),
            "due_date": self.due.value(),
            "completed_on": self.completed.value(),
            "stakeholder_id": self.stakeholder.currentData(),
            "notes": self.notes.value(),
        }

    def _accept(self) -> None:
        problems = []
        if not self.title.text().strip():
            problems.append("il titolo è obbligatorio")
        if self.due.value() is None:
            problems.append("la data prevista è obbligatoria")
        if problems:
            messages.warn(self, "Scadenza: " + "; ".join(problems) + ".")
            return
        self.accept()


def _unusual_date(name: str, value: dt.date) -> str | None:
    return unusual_date_question(value, None, name)  # deadlines: far from today


# --- entry points the editor calls (tests patch these) -------------------------------------


def ask_stakeholder(
    parent: QWidget | None,
    services: Services,
    events: DataEvents | None,
    exclude: frozenset[int],
    undo_stack: QUndoStack | None = None,
) -> tuple[StakeholderInfo, Role] | None:
    picker = StakeholderPicker(services, events, parent, exclude, undo_stack)
    if picker.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = picker.chosen()
    return (chosen, picker.chosen_role()) if chosen else None


def ask_deadline(
    parent: QWidget | None,
    stakeholders: list[tuple[int, str]],
    deadline: DeadlineInfo | None = None,
) -> dict[str, Any] | None:
    dialog = DeadlineDialog(stakeholders, parent, deadline)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.values()
