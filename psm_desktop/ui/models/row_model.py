"""A read-only table model over a list of plain rows (service dataclasses), with named columns.

Each column says how to show a row, how to sort it and, optionally, how to colour it. The row
object itself is exposed through ROW_ROLE and the sort key through SORT_ROLE, so views never
parse display text. The model sorts itself (a header click reaches it through the proxy).

    columns = [Column("Nome", lambda s: s.name), Column("Azioni", lambda s: str(s.n), key=...)]
    model = RowTableModel(columns)
    model.set_rows(services.stakeholders.search())
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from psm_desktop.ui.widgets.status_style import is_dark

T = TypeVar("T")

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
Colour = Callable[[Any, bool], QColor | None]  # (row, dark palette?) -> colour or None


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    key: Callable[[T], Any] | None = None  # sort key; default: the text, casefolded
    foreground: Callable[[T, bool], QColor | None] | None = None
    background: Callable[[T, bool], QColor | None] | None = None
    tooltip: Callable[[T], str] | None = None
    align_right: bool = False


class RowTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[T] = []
        self._sort: tuple[int, bool] | None = None  # column, descending
        self._dark = is_dark()

    # --- data in -------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._rows.sort(key=self._key(self._sort[0]), reverse=self._sort[1])
        self._dark = is_dark()  # the palette may have changed since the last load
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with one key per row: far faster than a proxy's lessThan calls."""
        if not 0 <= column < len(self.columns):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._sort = (column, descending)
        self.layoutAboutToBeChanged.emit()
        key = self._key(column)
        old = self._rows
        positions = sorted(range(len(old)), key=lambda i: key(old[i]), reverse=descending)
        self._rows = [old[i] for i in positions]
        new_row = {before: after for after, before in enumerate(positions)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(new_row[p.row()], p.column()) for p in persistent]
        )
        self.layoutChanged.emit()

    def _key(self, column: int) -> Callable[[T], Any]:
        """Sort key of a column; empty values (None) go last."""
        spec = self.columns[column]
        if spec.key is None:
            return lambda row: spec.text(row).casefold()
        key = spec.key

        def none_last(row: T) -> tuple[bool, Any]:
            value = key(row)  # once: keys may be costly and are taken for every row
            return (value is None, value)

        return none_last

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return column.key(row) if column.key else column.text(row).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            return column.foreground(row, self._dark)
        if role == Qt.ItemDataRole.BackgroundRole and column.background:
            return column.background(row, self._dark)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.text(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RowSortProxy(QSortFilterProxyModel):
    """Keeps the rows that `accepts(row)` approves (default: all); sorting is the source's."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._accepts: Callable[[Any], bool] | None = None

    def set_predicate(self, accepts: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._accepts = accepts
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._accepts is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return self._accepts(model.row_at(source_row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Let the source sort its rows; this proxy keeps their order and only filters."""
        model = self.sourceModel()
        if isinstance(model, RowTableModel):
            model.sort(column, order)

    def row_at(self, proxy_row: int) -> Any:
        return self.index(proxy_row, 0).data(ROW_ROLE)
