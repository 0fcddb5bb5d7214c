"""The shared row model (ui/models/row_model.py) plus what big tables need: in-place row updates
and sorting in Python (one `list.sort` with the column's key instead of Qt comparing
cell by cell through Python calls, which is slow at 10,000 rows)."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import Qt

from psm_desktop.ui.models.row_model import ROW_ROLE, SORT_ROLE, Column, RowTableModel

T = TypeVar("T")

__all__ = [
    "ROW_ROLE",
    "SORT_ROLE",
    "Column",
    "RowTableModel",
    "SortableRowModel",
    "rich_tooltip",
]


def rich_tooltip(*paragraphs: str) -> str:
    """A tooltip Qt wraps to a readable width (plain text would run off the screen in one
    line): each non-empty paragraph escaped, the first in bold when there are several."""
    parts = [p for p in paragraphs if p]
    if not parts:
        return ""
    import html  # html.entities is large: not imported until a tooltip is asked for

    html_parts = [html.escape(p).replace("\n", "<br>") for p in parts]
    if len(html_parts) > 1:
        html_parts[0] = f"<b>{html_parts[0]}</b>"
    return "".join(f"<p>{p}</p>" for p in html_parts)


class SortableRowModel(RowTableModel[T]):
    def replace_row(self, row: int, value: T) -> None:
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        col = self.columns[column]
        key = col.key or (lambda r: col.text(r).casefold())
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [id(r) for r in self._rows]
        self._rows.sort(
            key=lambda r: _empty_last(key(r)), reverse=order == Qt.SortOrder.DescendingOrder
        )
        position = {id(r): i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [self.index(position[before[p.row()]], p.column()) for p in persistent],
        )
        self.layoutChanged.emit()


def _empty_last(value: Any) -> tuple[bool, Any]:
    return (value is None or value == "", value if value is not None else 0)
