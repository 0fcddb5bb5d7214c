"""The editor's lists: assignments (stakeholders with roles), deadlines, and history."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.model import Role
from psm_desktop.services.dto import ActionDetail, AssignmentInfo, ChangeInfo, DeadlineInfo
from psm_desktop.ui.core.session import EditSession
from psm_desktop.ui.core.undo_commands import (
    AddDeadlineCommand,
    AssignCommand,
    ChangeRoleCommand,
    EditDeadlineCommand,
    RemoveDeadlineCommand,
    UnassignCommand,
    complete_deadline,
)
from psm_desktop.ui.editor import dialogs
from psm_desktop.ui.models.base import RowTableModel
from psm_desktop.ui.models.editor_tables import assignment_model, deadline_model, history_model


def make_table(parent: QWidget, name: str, accessible: str, model: Any) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def button(parent: QWidget, text: str, accessible: str) -> QPushButton:
    b = QPushButton(text, parent=parent)  # by keyword: see create_actions (window/actions)
    b.setAccessibleName(accessible)
    return b


class _ListTab(QWidget):
    """A table of rows of the current action, and the buttons that act on the selected one."""

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.detail: ActionDetail | None = None

    def set_session(self, session: EditSession) -> None:
        self.session = session

    def selected(self, table: QTableView, model: RowTableModel[Any]) -> Any:
        index = table.currentIndex()
        if not index.isValid() or not table.selectionModel().isSelected(index):
            rows = table.selectionModel().selectedRows()
            if not rows:
                return None
            index = rows[0]
        return model.row_at(index.row())

    def _select_id(self, table: QTableView, model: RowTableModel[Any], row_id: int | None) -> None:
        for row, item in enumerate(model.rows()):
            if item.id == row_id:
                table.selectRow(row)
                return


class AssignmentsTab(_ListTab):
    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = assignment_model(self)
        self.table = make_table(self, "assignmentTable", "Soggetti assegnati", self.model)
        self.add_button = button(self, "&Aggiungi soggetto…", "Aggiungi soggetto")
        self.role = dialogs.role_combo(self, "Ruolo del soggetto selezionato")
        self.role.setObjectName("assignmentRoleField")
        role_label = QLabel("R&uolo:", self)
        role_label.setBuddy(self.role)
        self.remove_button = button(self, "&Rimuovi", "Rimuovi il soggetto selezionato")
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        bar.addWidget(role_label)
        bar.addWidget(self.role)
        bar.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self._loading = False
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        self.role.activated.connect(lambda _i: self.change_role(Role(self.role.currentData())))
        self.table.selectionModel().selectionChanged.connect(self._sync_buttons)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_selected)
        self._sync_buttons()

    def load(self, detail: ActionDetail | None) -> None:
        selected = self.current()
        self.detail = detail
        self.model.set_rows(detail.assignments if detail else [])
        self.add_button.setEnabled(detail is not None)
        if selected is not None:
            self._select_id(self.table, self.model, selected.id)
            for row, item in enumerate(self.model.rows()):
                if item.stakeholder_id == selected.stakeholder_id:
                    self.table.selectRow(row)
        self._sync_buttons()

    def current(self) -> AssignmentInfo | None:
        value = self.selected(self.table, self.model)
        return value if isinstance(value, AssignmentInfo) else None

    def _sync_buttons(self) -> None:
        current = self.current()
        self.remove_button.setEnabled(current is not None)
        self.role.setEnabled(current is not None)
        if current is not None:
            self.role.setCurrentIndex(list(Role).index(current.role))

    def add(self) -> None:
        if self.detail is None:
            return
        exclude = frozenset(a.stakeholder_id for a in self.detail.assignments)
        answer = dialogs.ask_stakeholder(self, self.session.services, self.session.events, exclude)
        if answer is None:
            return
        stakeholder, role = answer
        d = self.detail
        self.session.execute(
            AssignCommand(self.session, d.id, d.code, stakeholder.id, stakeholder.name, role)
        )

    def change_role(self, role: Any) -> None:
        current = self.current()
        if current is None or not isinstance(role, Role) or role is current.role:
            return
        self.session.execute(ChangeRoleCommand(self.session, current, role))

    def remove_selected(self) -> None:
        current = self.current()
        if current is not None:
            self.session.execute(UnassignCommand(self.session, current))


class DeadlinesTab(_ListTab):
    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = deadline_model(self)
        self.table = make_table(self, "deadlineTable", "Scadenze dell'azione", self.model)
        self.add_button = button(self, "&Aggiungi…", "Aggiungi scadenza")
        self.edit_button = button(self, "&Modifica…", "Modifica la scadenza selezionata")
        self.done_button = button(self, "Segna &completata", "Segna la scadenza come completata")
        self.remove_button = button(self, "&Elimina", "Elimina la scadenza selezionata")
        self.summary = QLabel(self)
        bar = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.done_button, self.remove_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.done_button.clicked.connect(self.complete_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._sync_buttons)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_selected)
        self._sync_buttons()

    def load(self, detail: ActionDetail | None) -> None:
        selected = self.current()
        self.detail = detail
        rows = sorted(detail.deadlines, key=lambda d: (d.is_done, d.due_date)) if detail else []
        self.model.set_rows(rows)
        self.add_button.setEnabled(detail is not None)
        if selected is not None:
            self._select_id(self.table, self.model, selected.id)
        late = sum(1 for d in rows if d.overdue)
        self.summary.setText(f"⚠ {late} in ritardo" if late else "")
        self._sync_buttons()

    def current(self) -> DeadlineInfo | None:
        value = self.selected(self.table, self.model)
        return value if isinstance(value, DeadlineInfo) else None

    def _sync_buttons(self) -> None:
        current = self.current()
        for b in (self.edit_button, self.remove_button):
            b.setEnabled(current is not None)
        self.done_button.setEnabled(current is not None and not current.is_done)

    def _stakeholders(self) -> list[tuple[int, str]]:
        if self.detail is None:
            return []
        return [(a.stakeholder_id, a.stakeholder_name) for a in self.detail.assignments]

    def add(self) -> None:
        if self.detail is None:
            return
        values = dialogs.ask_deadline(self, self._stakeholders())
        if values is not None:
            d = self.detail
            self.session.execute(AddDeadlineCommand(self.session, d.id, d.code, values))

    def edit_selected(self) -> None:
        current = self.current()
        if current is None:
            return
        names = self._stakeholders()
        if current.stakeholder_id is not None and current.stakeholder_id not in dict(names):
            names.append((current.stakeholder_id, current.stakeholder_name or "?"))
        values = dialogs.ask_deadline(self, names, current)
        if values is None:
            return
        before = {
            "title": current.title,
            "due_date": current.due_date,
            "completed_on": current.completed_on,
            "stakeholder_id": current.stakeholder_id,
            "notes": current.notes,
        }
        changes = {k: v for k, v in values.items() if before.get(k) != v}
        if changes:
            self.session.execute(EditDeadlineCommand(self.session, current, changes))

    def complete_selected(self) -> None:
        current = self.current()
        if current is not None and not current.is_done:
            self.session.execute(complete_deadline(self.session, current))

    def remove_selected(self) -> None:
        current = self.current()
        if current is not None:
            self.session.execute(RemoveDeadlineCommand(self.session, current))


class HistoryTab(QWidget):
    """The change log of the action, newest first (when, who, what, old → new, source)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = history_model(self)
        self.table = make_table(self, "historyTable", "Cronologia delle modifiche", self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def load(self, entries: list[ChangeInfo]) -> None:
        self.model.set_rows(entries)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column), 260))
