"""The read-only lists of the panels: a row model, its filtering proxy and a table view.

rows = row_list(COLUMNS, "stakeholderTable", "Registro dei soggetti", parent)
rows.model.set_rows(services.stakeholders.search())
rows.table.doubleClicked.connect(...)     # Enter does the same (ActivatingTable)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from psm_desktop.ui.models.row_model import Column, RowSortProxy, RowTableModel

T = TypeVar("T")


def set_text_widths(table: QTableView, samples: dict[int, str]) -> None:
    """Interactive columns just wide enough for a typical value (the sample text) and the title.

    Call it after the table has its model."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    padding = 2 * metrics.averageCharWidth() + 8
    model = table.model()
    for column, sample in samples.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model else ""
        # The title needs room for the sort arrow too.
        widest = max(
            metrics.horizontalAdvance(sample),
            max((metrics.horizontalAdvance(line) for line in title.split("\n")), default=0)
            + 3 * metrics.averageCharWidth(),
        )
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, widest + padding)


class _FillColumn(QObject):
    """Keeps one column as wide as the free space, but never narrower than a minimum.

    The table's header spans its viewport (QTableView lays it out so, scroll bar or not):
    its resizes and width are the viewport's. Asking for the viewport itself would make
    PySide build the Python class of every kind of widget, a hundred, since it cannot
    tell which kind the viewport is: a tenth of a bare window's start-up."""

    def __init__(self, table: QTableView, column: int, minimum: int) -> None:
        super().__init__(table)
        self._table = table
        self._column = column
        self._minimum = minimum
        header = table.horizontalHeader()
        header.installEventFilter(self)
        header.sectionResized.connect(self._other_resized)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _other_resized(self, column: int, _old: int, _new: int) -> None:
        if column != self._column:
            self.fit()

    def fit(self) -> None:
        header = self._table.horizontalHeader()
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != self._column and not header.isSectionHidden(c)
        )
        free = header.width() - others
        header.resizeSection(self._column, max(self._minimum, free))


def fill_column(table: QTableView, column: int, min_chars: int) -> None:
    """Like a Stretch column, except that on a narrow window (150 % scaling) it keeps
    min_chars characters and the table scrolls sideways instead of squeezing it to nothing."""
    table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    _FillColumn(table, column, min_chars * table.fontMetrics().averageCharWidth()).fit()


class ActivatingTable(QTableView):
    """A table that treats Enter/Return like a double-click (keyboard users open rows too)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.doubleClicked.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def make_table(name: str, accessible: str) -> QTableView:
    """A read-only, row-selecting, sortable table; Enter acts like a double-click."""
    table = ActivatingTable()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    table.verticalHeader().hide()
    # One fixed row height from the font (scales with it): measuring every row of a
    # 15,000-row list would cost seconds.
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
    table.horizontalHeader().setHighlightSections(False)
    table.setSortingEnabled(True)
    return table


@dataclass(frozen=True)
class RowList(Generic[T]):
    model: RowTableModel[T]
    proxy: RowSortProxy
    table: QTableView


def row_list(
    columns: Sequence[Column[T]], name: str, accessible: str, parent: QObject
) -> RowList[T]:
    """Model + proxy + table, sorted by the first column."""
    model: RowTableModel[T] = RowTableModel(columns, parent)
    proxy = RowSortProxy(parent)
    proxy.setSourceModel(model)
    table = make_table(name, accessible)
    table.setModel(proxy)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return RowList(model, proxy, table)


def rows_height(table: QTableView, minimum_rows: int = 0) -> int:
    """The height that shows every row (a handful): no empty table area below them."""
    count = table.model().rowCount()
    rows = sum(table.rowHeight(r) for r in range(count))
    rows += max(0, minimum_rows - count) * table.verticalHeader().defaultSectionSize()
    frame = 2 * table.frameWidth()
    bar = table.horizontalScrollBar()
    scrollbar = bar.sizeHint().height() if bar.maximum() > 0 else 0
    header = table.horizontalHeader().sizeHint().height()
    return header + rows + frame + scrollbar
