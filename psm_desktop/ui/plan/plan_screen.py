"""The "Piano" screen: plan tree | filter bar + action table | action editor.

Data is loaded once in bulk (every action row), then the tree and the table share it.
After an edit only the rows of the changed actions are read again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.services.action_rows import build_tree
from psm_desktop.services.code_changes import CodeChange
from psm_desktop.services.dto import ActionRow, AxisInfo, StrategyInfo
from psm_desktop.services.filters import ActionFilter, matches
from psm_desktop.services.renumbered_rows import renumbered
from psm_desktop.ui.core.session import EditSession
from psm_desktop.ui.core.settings import AppSettings
from psm_desktop.ui.editor.action_editor import ActionEditor
from psm_desktop.ui.models.action_table import (
    COL_CODE,
    COL_END,
    COL_NEXT_DEADLINE,
    COL_OVERDUE,
    COL_PROGRESS,
    COL_START,
    COL_STATUS,
    COL_TEXT,
    ActionProxyModel,
    ActionTableModel,
)
from psm_desktop.ui.models.plan_tree import COL_NAME, PlanTreeModel
from psm_desktop.ui.models.plan_tree import COL_PROGRESS as TREE_PROGRESS
from psm_desktop.ui.plan.filter_bar import FilterBar
from psm_desktop.ui.widgets.empty_hint import set_empty_hint
from psm_desktop.ui.widgets.list_table import fill_column, set_text_widths
from psm_desktop.ui.widgets.wrap_rows import RowWrapper

if TYPE_CHECKING:  # made when an axis or strategy is first chosen, its module imported then
    from psm_desktop.ui.plan.description_panel import DescriptionPanel


class PlanScreen(QWidget):
    painted = Signal()  # once, when first painted (start-up opens the database then)

    def __init__(
        self,
        session: EditSession,
        parent: QWidget | None = None,
        *,
        defer_load: bool = False,
        settings: AppSettings | None = None,
        opening: bool = False,
    ) -> None:
        """With `opening` the session answers from the plan's first view (read-only) until
        `opened()` gives it the open database."""
        super().__init__(parent)
        self.setObjectName("planScreen")
        self.session = session
        self.settings = settings

        self.tree_model = PlanTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("planTree")
        self.tree.setAccessibleName("Albero del piano: assi, strategie, azioni")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumWidth(self.tree.fontMetrics().averageCharWidth() * 26)
        self.tree.setAllColumnsShowFocus(True)
        # Drag and drop moves axes, strategies and actions (confirmed, undoable).
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDropIndicatorShown(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(
            TREE_PROGRESS, QHeaderView.ResizeMode.ResizeToContents
        )

        self.filter_bar = FilterBar(self)
        self.table_model = ActionTableModel(self)
        self.proxy = ActionProxyModel(self)
        self.proxy.setSourceModel(self.table_model)
        self.table = QTableView(self)
        self.table.setObjectName("actionTable")
        self.table.setAccessibleName("Azioni")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Wide enough for a typical value and for the title with its sort arrow.
        set_text_widths(
            self.table,
            {
                COL_CODE: "6.6.999",
                COL_STATUS: "Non avviata",
                COL_PROGRESS: "100%",
                COL_START: "31/12/2026",
                COL_END: "31/12/2026",
                COL_NEXT_DEADLINE: "31/12/2026",
                COL_OVERDUE: "⚠ In ritardo",
            },
        )
        fill_column(self.table, COL_TEXT, 28)
        set_empty_hint(self.table, "Nessuna azione corrisponde ai filtri scelti.")
        self._description: DescriptionPanel | None = None  # see `description`
        self.wrap_toggle = QCheckBox("Testo &intero delle azioni (righe a capo)", self)
        self.wrap_toggle.setObjectName("wrapRowsToggle")
        self.wrap_toggle.setAccessibleName("Mostra il testo intero delle azioni nella tabella")

        self.editor = ActionEditor(session, self)
        self.editor.opening = opening

        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(3)
        centre_layout.addWidget(self.filter_bar)
        centre_layout.addWidget(self.table, 1)  # the description goes between, when made
        centre_layout.addWidget(self.wrap_toggle)
        self._centre = centre_layout

        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.setObjectName("planRightSplitter")
        self.right.addWidget(centre)
        self.right.addWidget(self.editor)
        self.right.setStretchFactor(0, 1)
        self.right.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("planSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 1000])
        self.right.setSizes([380, 420])
        for splitter in (self.splitter, self.right):
            splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.tree, self.filter_bar.text)
        self.setTabOrder(self.filter_bar.reset, self.table)
        self.setTabOrder(self.table, self.wrap_toggle)
        self.setTabOrder(self.wrap_toggle, self.editor.tabs)
        self.row_wrapper = RowWrapper(self.table)
        self.set_wrap_rows(settings.wrap_rows() if settings else False, remember=False)
        self.wrap_toggle.toggled.connect(self.set_wrap_rows)

        self._syncing = False
        self.filter_bar.changed.connect(self.apply_filter)
        # The selection, not the current index, restricts the table: focusing the tree
        # (Alt+1) moves the current index with nothing visibly chosen.
        self.tree.selectionModel().selectionChanged.connect(self._tree_selection_changed)
        self.filter_bar.scope_cleared.connect(self._scope_cleared)
        self.table.selectionModel().currentRowChanged.connect(self._table_current_changed)
        session.events.actions_changed.connect(self._actions_changed)
        session.events.database_replaced.connect(self.reload_everything)
        session.events.structure_changed.connect(self._structure_changed)
        self._load_after_paint = defer_load
        self._told_painted = False
        if defer_load:
            # Paint the window first, read the plan right after: the user sees it sooner.
            self.filter_bar.count.setText("Caricamento…")
        else:
            self.load()

    @property
    def description(self) -> DescriptionPanel:
        """The description of the axis or strategy chosen, above the table: made (hidden)
        when first asked for, which start-up does not."""
        if self._description is None:
            from psm_desktop.ui.plan.description_panel import DescriptionPanel

            panel = DescriptionPanel(self)
            self._centre.insertWidget(self._centre.indexOf(self.table), panel)
            self.setTabOrder(self.filter_bar.reset, panel.hide_button)
            self.setTabOrder(panel.hide_button, self.table)
            self._description = panel
        return self._description

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._told_painted:
            self._told_painted = True
            self.painted.emit()
        if self._load_after_paint:
            self._load_after_paint = False
            QTimer.singleShot(0, self.load)

    # --- data ---------------------------------------------------------------------------

    def set_session(self, session: EditSession) -> None:
        """Another database: forget the shown action; `database_replaced` then loads it all."""
        self.editor.show_action(None)
        self.session = session
        self.editor.set_session(session)

    def opened(self, session: EditSession, *, changed: bool) -> None:
        """The database is open: the plan shown from its first view becomes editable. Read
        again only if the file `changed` since the first view; the action shown stays."""
        self.session = session
        self.editor.set_session(session)
        self.editor.opening = False
        if changed:
            self.reload_everything()
        else:
            self.editor.reload()  # its history and indicators too, and editable

    def reload_everything(self) -> None:
        """After a bulk change (an import) or a new database: read it all, keep the action."""
        current = self.editor.action_id
        self.load()
        if current is not None and self.tree_model.index_of_action(current).isValid():
            self.select_action(current)

    def load(self) -> None:
        """Read everything once: the rows feed both the tree and the table."""
        self._show(self.session.services.actions.list_actions())

    def _structure_changed(self, changes: tuple[CodeChange, ...]) -> None:
        """After a move: the rows shown, renumbered (no need to read them all again)."""
        current = self.editor.action_id
        self._show(renumbered(self.table_model.rows(), changes))
        if current is not None and self.tree_model.index_of_action(current).isValid():
            self.select_action(current)

    def _show(self, rows: list[ActionRow]) -> None:
        services = self.session.services
        self.tree_model.set_tree(build_tree(services.plan.axes(), services.plan.strategies(), rows))
        self.table_model.set_rows(rows)
        self.filter_bar.set_choices(services)
        self.editor.load_choices()
        if not self.proxy.action_filter.is_empty:  # else the model's reset filtered them
            self.proxy.refilter()
        self.editor.show_action(None)
        self._update_count()

    def _actions_changed(self, ids: list[int]) -> None:
        if not ids:
            self.reload_everything()
            return
        try:
            fresh = self.session.services.actions.rows_by_id(ids)
        except UserError:
            return  # unreadable just now (locked): the rows shown are still the stored ones
        self.table_model.update_rows(fresh)
        self.tree_model.update_actions(fresh)
        if not self.proxy.action_filter.is_empty:
            self.proxy.refilter()  # an edit may move the action in or out of the filter
            self._update_count()

    def reload_choices(self) -> None:
        self.filter_bar.set_choices(self.session.services)

    # --- filtering ----------------------------------------------------------------------

    def apply_filter(self, flt: ActionFilter) -> None:
        current = self.editor.action_id
        self.proxy.set_action_filter(flt)
        info = self.tree_model.scope_info(flt.axis, flt.strategy)
        if info is not None or self._description is not None:  # none made for the whole plan
            self.description.show_scope(info)
        self._update_count()
        self.filter_bar.show_outside(self._matches_outside_scope(flt))
        if current is not None:
            self._select_in_table(current)

    def _matches_outside_scope(self, flt: ActionFilter) -> int:
        """Actions the text search finds in the rest of the plan, hidden by the tree's choice."""
        if not flt.text or (flt.axis is None and not flt.strategy):
            return 0
        wider = replace(flt, axis=None, strategy=None)
        today = dt.date.today()
        rows = self.table_model.rows()
        return sum(1 for r in rows if matches(r, wider, today)) - self.proxy.rowCount()

    def _scope_cleared(self) -> None:
        """The restriction was lifted in the filter bar: the tree no longer shows it.
        An action chosen in the tree stays chosen (it is not a restriction)."""
        chosen = self.tree.selectionModel().selectedRows()
        node = self.tree_model.node(chosen[0]) if chosen else None
        if node is not None and isinstance(node.obj, ActionRow):
            return
        self._syncing = True
        try:
            self.tree.clearSelection()
        finally:
            self._syncing = False

    def set_wrap_rows(self, on: bool, remember: bool = True) -> None:
        """Rows as tall as their wrapped text (the whole action), or one line each."""
        self.wrap_toggle.setChecked(on)
        self.row_wrapper.set_enabled(on)
        if remember and self.settings is not None:
            self.settings.set_wrap_rows(on)

    def _update_count(self) -> None:
        self.filter_bar.show_count(self.proxy.rowCount(), self.table_model.rowCount())

    # --- selection ----------------------------------------------------------------------

    def select_action(self, action_id: int) -> None:
        """Show this action: in the tree, in the table (clearing filters that hide it)."""
        self._syncing = True
        try:
            index = self.tree_model.index_of_action(action_id)
            if index.isValid():
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
        finally:
            self._syncing = False
        if self.proxy.proxy_row_of_action(action_id) is None:
            self.filter_bar.clear()
        self._select_in_table(action_id)
        self.editor.show_action(action_id)

    def _select_in_table(self, action_id: int) -> None:
        row = self.proxy.proxy_row_of_action(action_id)
        if row is None:
            return
        self._syncing = True
        try:
            index = self.proxy.index(row, COL_CODE)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        finally:
            self._syncing = False

    def _tree_selection_changed(self, _selected: QItemSelection, _gone: QItemSelection) -> None:
        if self._syncing:
            return
        chosen = self.tree.selectionModel().selectedRows()
        node = self.tree_model.node(chosen[0]) if chosen else None
        if node is None:  # nothing visibly chosen (a click on an empty part): the whole plan
            if self.proxy.action_filter.axis is not None or self.proxy.action_filter.strategy:
                self.filter_bar.set_scope(None, None)
            return
        obj = node.obj
        if isinstance(obj, AxisInfo):
            self.filter_bar.set_scope(obj.number, None)
        elif isinstance(obj, StrategyInfo):
            self.filter_bar.set_scope(None, obj.code)
        elif isinstance(obj, ActionRow):
            scope = self.proxy.action_filter
            if scope.strategy != obj.strategy_code:
                self.filter_bar.set_scope(None, obj.strategy_code)
            self._select_in_table(obj.id)
            self.editor.show_action(obj.id)

    def _table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        row = self.proxy.row_object(current)
        self.editor.show_action(row.id if row else None)

    def show_filtered(self, flt: object) -> None:
        """Show the actions of `flt` (an ActionFilter): its axis chosen in the tree, the
        rest in the filter bar; every other filter cleared."""
        if not isinstance(flt, ActionFilter):
            return
        self.filter_bar.clear()
        axes = (self.tree_model.index(r, 0) for r in range(self.tree_model.rowCount()))
        for index in axes:
            node = self.tree_model.node(index)
            if node is not None and isinstance(node.obj, AxisInfo) and node.obj.number == flt.axis:
                self.tree.setCurrentIndex(index)  # selects it: the chip and scope follow
                self.tree.scrollTo(index)
        self.filter_bar.set_fields(flt)

    def show_whole_plan(self) -> None:
        self.tree.clearSelection()
        self.filter_bar.set_scope(None, None)

    def current_axis(self) -> int | None:
        if self.editor.detail is not None:
            return self.editor.detail.axis_number
        return self.proxy.action_filter.axis
