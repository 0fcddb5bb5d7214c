"""Soggetti: the registry of stakeholders with search, create, edit and delete (undoable).

Top: search field, buttons and the registry table. Below: for the selected stakeholder, the
actions it is assigned to (with its role) and its deadlines; double-click or Enter on either
asks the main window to open the action.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.formatting import format_date, format_percent, plural
from psm_desktop.model import Role
from psm_desktop.model.codes import code_order
from psm_desktop.services import Services
from psm_desktop.services.dto import ActionRow, StakeholderInfo
from psm_desktop.services.stakeholder_snapshot import StakeholderSnapshot, take_snapshot
from psm_desktop.ui.core import messages
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.reload_scheduler import ReloadScheduler
from psm_desktop.ui.deadlines.deadlines_view import DEADLINE_SAMPLES, deadline_columns
from psm_desktop.ui.models.row_model import Column
from psm_desktop.ui.stakeholders.stakeholder_commands import (
    CommandContext,
    CreateStakeholderCommand,
    DeleteStakeholderCommand,
    EditStakeholderCommand,
)
from psm_desktop.ui.stakeholders.stakeholder_dialog import StakeholderDialog
from psm_desktop.ui.widgets.empty_hint import set_empty_hint
from psm_desktop.ui.widgets.list_table import fill_column, row_list, set_text_widths
from psm_desktop.ui.widgets.status_style import OVERDUE_LABEL, overdue_color, status_color

MAX_LISTED = 15  # actions named in the delete confirmation; the rest in the details

# --- dialogs, as module functions so tests can replace them ----------------------------------


def ask_stakeholder(
    parent: QWidget, services: Services, stakeholder: StakeholderInfo | None
) -> dict[str, Any] | None:
    """The form: the new stakeholder's values, or the changed fields; None if cancelled."""
    dialog = StakeholderDialog(services, parent, stakeholder)
    if not dialog.exec():
        return None
    return dialog.changes()


def confirm_delete(parent: QWidget, title: str, text: str, details: str, yes: str) -> bool:
    # Enter must not delete by accident: "Annulla" is the default.
    return messages.confirm_destructive(parent, title, text, yes, details)


def show_message(parent: QWidget, text: str) -> None:
    messages.warn(parent, text, "Soggetti")


# --- columns --------------------------------------------------------------------------------


def _haystack(s: StakeholderInfo) -> str:
    return f"{s.name} {s.kind.label} {s.zone or ''} {s.contact_person} {s.email} {s.phone}"


STAKEHOLDER_COLUMNS: list[Column[StakeholderInfo]] = [
    Column("Nome", lambda s: s.name),
    Column("Tipo", lambda s: s.kind.label),
    Column("Zona omogenea", lambda s: s.zone or ""),
    Column("Azioni", lambda s: str(s.action_count), key=lambda s: s.action_count, align_right=True),
    Column("Referente", lambda s: s.contact_person),
    Column("Telefono", lambda s: s.phone),
    Column("E-mail", lambda s: s.email),
]


def _late_colour(item: tuple[ActionRow, Role], dark: bool) -> QColor | None:
    return overdue_color(dark) if item[0].overdue else None


ROLE_COLUMNS: list[Column[tuple[ActionRow, Role]]] = [
    Column("Codice", lambda a: a[0].code, key=lambda a: code_order(a[0].code)),
    Column("Azione", lambda a: a[0].title, tooltip=lambda a: a[0].text),
    Column("Ruolo", lambda a: a[1].label, key=lambda a: list(Role).index(a[1])),
    Column(
        "Stato",
        lambda a: a[0].status.label,
        key=lambda a: a[0].status.label,
        foreground=lambda a, dark: status_color(a[0].status, dark),
    ),
    Column(
        "Avanz.",
        lambda a: format_percent(a[0].progress),
        key=lambda a: a[0].progress,
        align_right=True,
    ),
    Column(
        "Fine",
        lambda a: format_date(a[0].end_date),
        key=lambda a: a[0].end_date or dt.date.max,
    ),
    Column(
        "Ritardo",
        lambda a: OVERDUE_LABEL if a[0].overdue else "",
        key=lambda a: not a[0].overdue,
        foreground=_late_colour,
    ),
]


class StakeholdersView(QWidget):
    def __init__(
        self,
        services: Services,
        events: DataEvents,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stakeholdersView")
        self.setAccessibleName("Soggetti")
        self._services = services
        self._events = events
        self._undo_stack = undo_stack
        self._ctx = self._make_context(services)
        self._selected_id: int | None = None

        # Registry.
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("stakeholderSearch")
        self.search_edit.setAccessibleName("Cerca soggetti")
        self.search_edit.setPlaceholderText("Cerca per nome, tipo, zona, referente, e-mail…")
        self.search_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Numero di soggetti")
        self.new_button = self._button("Nuovo", "newStakeholderButton", "Nuovo soggetto")
        self.edit_button = self._button("Modifica", "editStakeholderButton", "Modifica soggetto")
        self.delete_button = self._button("Elimina", "deleteStakeholderButton", "Elimina soggetto")
        self._registry_editable = True  # on a server, only a coordinator changes it

        rows = row_list(STAKEHOLDER_COLUMNS, "stakeholderTable", "Registro dei soggetti", self)
        self.model, self.proxy, self.table = rows.model, rows.proxy, rows.table
        # The name never shrinks away: fixed sample widths, the e-mail (last) takes the rest,
        # and a narrow window scrolls sideways instead.
        set_text_widths(
            self.table,
            {
                0: "Comune di San Secondo di Pinerolo",
                1: "Università/centro di ricerca",
                2: "Ciriacese-Valli di Lanzo",
                3: "Azioni",
                4: "Giulia Ferrero",
                5: "011 1234567",
            },
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        # Details of the selected stakeholder.
        self.detail_title = QLabel()
        self.detail_title.setObjectName("stakeholderDetailTitle")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        roles = row_list(ROLE_COLUMNS, "stakeholderActionsTable", "Azioni del soggetto", self)
        self.actions_model, self.actions_proxy = roles.model, roles.proxy
        self.actions_table = roles.table
        set_text_widths(
            self.actions_table,
            {
                0: "10.10.100",
                2: "Responsabile/capofila",
                3: "Non avviata",
                4: "Avanz.",
                5: "00/00/0000",
                6: "In ritardo",
            },
        )
        fill_column(self.actions_table, 1, 30)  # the action: readable at 150 % too
        self.actions_table.doubleClicked.connect(self._open_role_action)

        dues = row_list(
            deadline_columns(dt.date.today(), with_stakeholder=False),
            "stakeholderDeadlinesTable",
            "Scadenze del soggetto",
            self,
        )
        self.deadlines_model, self.deadlines_proxy = dues.model, dues.proxy
        self.deadlines_table = dues.table
        set_text_widths(self.deadlines_table, DEADLINE_SAMPLES)
        fill_column(self.deadlines_table, 3, 30)
        self.deadlines_table.doubleClicked.connect(self._open_deadline_action)

        self._layout()
        self._shortcuts()

        self._scheduler = ReloadScheduler(self, self.reload)
        self.search_edit.textChanged.connect(self._apply_search)
        self.new_button.clicked.connect(self.create_new)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        events.stakeholders_changed.connect(self._scheduler.request)
        events.actions_changed.connect(self._scheduler.request)
        events.deadlines_changed.connect(self._scheduler.request)
        events.database_replaced.connect(self._scheduler.request)
        events.structure_changed.connect(self._scheduler.request)
        self._scheduler.request()  # loaded when first shown: start-up stays fast

    # --- building ------------------------------------------------------------------------

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    def _layout(self) -> None:
        top = QHBoxLayout()
        search_label = QLabel("&Cerca:")
        search_label.setBuddy(self.search_edit)
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        for button in (self.new_button, self.edit_button, self.delete_button):
            top.addWidget(button)
        registry = QWidget()
        registry_layout = QVBoxLayout(registry)
        registry_layout.setContentsMargins(0, 0, 0, 0)
        registry_layout.addLayout(top)
        registry_layout.addWidget(self.table, 1)

        # Tabs rather than side by side: each list gets the full width, also at 150 %.
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("stakeholderDetailTabs")
        self.detail_tabs.setAccessibleName("Azioni e scadenze del soggetto")
        self.detail_tabs.tabBar().setAccessibleName("Schede: azioni o scadenze del soggetto")
        self.detail_tabs.addTab(self.actions_table, "")
        self.detail_tabs.addTab(self.deadlines_table, "")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail_title)
        lower_layout.addWidget(self.detail_tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("stakeholdersSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(registry)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([420, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.search_edit, self.new_button)
        self.setTabOrder(self.new_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.delete_button)
        self.setTabOrder(self.delete_button, self.table)
        self.setTabOrder(self.table, self.actions_table)
        self.setTabOrder(self.actions_table, self.deadlines_table)

    def _shortcuts(self) -> None:
        """Insert, F2 and Delete while the focus is in this panel (not window-wide)."""
        for key, slot, button in (
            (QKeySequence(Qt.Key.Key_Insert), self.create_new, self.new_button),
            (QKeySequence(Qt.Key.Key_F2), self.edit_selected, self.edit_button),
            (QKeySequence.StandardKey.Delete, self.delete_selected, self.delete_button),
        ):
            action = QAction(button.text(), self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.new_button.setToolTip("Nuovo soggetto (Ins)")
        self.edit_button.setToolTip("Modifica il soggetto selezionato (F2 o doppio clic)")
        self.delete_button.setToolTip("Elimina il soggetto selezionato (Canc)")

    def _make_context(self, services: Services) -> CommandContext:
        return CommandContext(services, self._events, lambda text: show_message(self, text))

    # --- public --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scheduler.shown()

    def set_services(self, services: Services) -> None:
        self._services = services
        self._ctx = self._make_context(services)  # ids and versions of the old file mean nothing
        self._selected_id = None
        self._scheduler.request()

    def reload(self) -> None:
        self._scheduler.reloading()
        self.model.set_rows(self._services.stakeholders.search())
        self._apply_search()
        self._select_id(self._selected_id)
        self._show_details()

    def current_stakeholder(self) -> StakeholderInfo | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        row: StakeholderInfo = self.proxy.row_at(index.row())
        return row

    def visible_stakeholders(self) -> list[StakeholderInfo]:
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]

    def select_stakeholder(self, stakeholder_id: int) -> None:
        self._selected_id = stakeholder_id
        self._select_id(stakeholder_id)

    # --- editing -------------------------------------------------------------------------

    def set_registry_editable(self, editable: bool) -> None:
        """Whether this user may change the registry (the server refuses it to an office
        and to a reader): its buttons, keys and double-click follow."""
        self._registry_editable = editable
        self.new_button.setEnabled(editable)
        self._show_details()

    def create_new(self) -> None:
        if not self._registry_editable:
            return
        values = ask_stakeholder(self, self._services, None)
        if values is None:
            return
        command = CreateStakeholderCommand(self._ctx, values)
        if command.execute(self._undo_stack) and command.created is not None:
            self._selected_id = command.created.id
            self.reload()

    def edit_selected(self) -> None:
        current = self.current_stakeholder()
        if current is None or not self._registry_editable:
            return
        try:
            fresh = self._services.stakeholders.get(current.id)  # edit what is there now
        except UserError as exc:
            show_message(self, exc.message)
            self.reload()
            return
        changes = ask_stakeholder(self, self._services, fresh)
        if changes:
            EditStakeholderCommand(self._ctx, fresh, changes).execute(self._undo_stack)
            self.reload()

    def delete_selected(self) -> None:
        current = self.current_stakeholder()
        if current is None or not self._registry_editable:
            return
        try:
            snapshot = take_snapshot(self._services, current.id)
        except UserError as exc:
            show_message(self, exc.message)
            self.reload()
            return
        title, text, details, yes = _delete_question(snapshot)
        if not confirm_delete(self, title, text, details, yes):
            return
        command = DeleteStakeholderCommand(
            self._ctx, snapshot.info, force=bool(snapshot.assignments)
        )
        if command.execute(self._undo_stack):
            self._selected_id = None
            self.reload()

    # --- internals -----------------------------------------------------------------------

    def _apply_search(self) -> None:
        words = self.search_edit.text().casefold().split()
        self.proxy.set_predicate(
            (lambda s: all(w in _haystack(s).casefold() for w in words)) if words else None
        )
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            f"{shown} di {total}" if shown != total else plural(total, "soggetto", "soggetti")
        )
        if self.current_stakeholder() is None and self._selected_id is not None:
            self._select_id(self._selected_id)

    def _select_id(self, stakeholder_id: int | None) -> None:
        if stakeholder_id is None:
            return
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).id == stakeholder_id:
                self.table.selectRow(r)
                self.table.scrollTo(self.proxy.index(r, 0))
                return

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        current = self.current_stakeholder()
        if current is not None:
            self._selected_id = current.id
        self._show_details()

    def _show_details(self) -> None:
        current = self.current_stakeholder()
        has = current is not None
        self.edit_button.setEnabled(has and self._registry_editable)
        self.delete_button.setEnabled(has and self._registry_editable)
        if current is None:
            self.detail_title.setText("Seleziona un soggetto per vederne azioni e scadenze.")
            for table in (self.actions_table, self.deadlines_table):
                set_empty_hint(table, "Scegli un soggetto nell'elenco qui sopra.")
            self.actions_model.set_rows([])
            self.deadlines_model.set_rows([])
        else:
            set_empty_hint(self.actions_table, "Nessuna azione assegnata a questo soggetto.")
            set_empty_hint(self.deadlines_table, "Nessuna scadenza affidata a questo soggetto.")
            parts = [current.kind.label, current.zone or "", current.contact_person, current.email]
            info = " · ".join(p for p in parts if p)
            self.detail_title.setText(f"{current.name} — {info}")
            self.actions_model.set_rows(self._services.stakeholders.actions_of(current.id))
            self.deadlines_model.columns = deadline_columns(dt.date.today(), with_stakeholder=False)
            self.deadlines_model.set_rows(self._services.stakeholders.deadlines_of(current.id))
        n_actions, n_deadlines = self.actions_model.rowCount(), self.deadlines_model.rowCount()
        self.detail_tabs.setTabText(0, f"&Azioni assegnate ({n_actions})")
        self.detail_tabs.setTabText(1, f"Scadenze di cui è &responsabile ({n_deadlines})")

    def _open_role_action(self, index: QModelIndex) -> None:
        if index.isValid():
            self._events.open_action_requested.emit(self.actions_proxy.row_at(index.row())[0].id)

    def _open_deadline_action(self, index: QModelIndex) -> None:
        if index.isValid():
            self._events.open_action_requested.emit(
                self.deadlines_proxy.row_at(index.row()).action_id
            )


def _delete_question(snapshot: StakeholderSnapshot) -> tuple[str, str, str, str]:
    """Title, text, details and confirm-button text of the delete question."""
    name = snapshot.info.name
    n_deadlines = len(snapshot.deadline_ids)
    deadline_note = (
        f"\n\nÈ indicato come responsabile di {plural(n_deadlines, 'scadenza', 'scadenze')}: "
        "resteranno senza responsabile."
        if n_deadlines
        else ""
    )
    if not snapshot.assignments:
        return (
            "Elimina soggetto",
            f"Eliminare il soggetto «{name}»?{deadline_note}\n\nPuoi annullare con Ctrl+Z.",
            "",
            "Elimina",
        )
    codes = _assigned_lines(snapshot)
    listed = "\n".join(codes[:MAX_LISTED])
    extra = len(codes) - MAX_LISTED
    more = f"\n… e {plural(extra, 'altra', 'altre')}" if extra > 0 else ""
    text = (
        f"Il soggetto «{name}» è assegnato a {plural(len(codes), 'azione', 'azioni')}:"
        f"\n\n{listed}{more}\n\n"
        "Eliminandolo verranno rimosse anche queste assegnazioni."
        f"{deadline_note}\n\nPuoi annullare con Ctrl+Z."
    )
    return "Eliminazione forzata", text, "\n".join(codes), "Elimina comunque"


def _assigned_lines(snapshot: StakeholderSnapshot) -> list[str]:
    return [f"{code} ({role.label})" for code, role in snapshot.assigned_codes]
