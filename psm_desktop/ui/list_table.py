"""The read-only lists of the panels: a row model, its filtering proxy and a table view.

rows = row_list(COLUMNS, "stakeholderTable", "Registro dei soggetti", parent)
rows.model.set_rows(services.stakeholders.search())
rows.table.doubleClicked.connect(...)     # Enter does the same (ActivatingTable)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from psm_desktop.ui.row_model import Column, RowSortProxy, RowTableModel

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
