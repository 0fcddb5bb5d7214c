"""The table of actions (code, text, status, progress, dates, lead, next deadline, late mark).

Rows are `ActionRow`s loaded in one bulk query. Filtering is done by `ActionProxyModel`,
which runs `services.filters.matches` once per row when the filter changes and keeps the
answer in a mask, so `filterAcceptsRow` is a lookup. Sorting is done by the source model
in Python (one `list.sort`), which is much faster than letting Qt compare cell by cell.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from psm_desktop.errors import UserError
from psm_desktop.formatting import format_date
from psm_desktop.model.codes import code_order
from psm_desktop.services.dto import ActionRow
from psm_desktop.services.filters import ActionFilter, matches
from psm_desktop.ui.models.base import Column, SortableRowModel, rich_tooltip
from psm_desktop.ui.widgets.status_style import OVERDUE_LABEL, overdue_color, status_color

COL_CODE, COL_TEXT, COL_STATUS, COL_PROGRESS, COL_START, COL_END = range(6)
COL_LEAD, COL_NEXT_DEADLINE, COL_OVERDUE = 6, 7, 8


def _overdue_colour(row: ActionRow, dark: bool) -> QColor | None:
    return overdue_color(dark) if row.overdue else None


ACTION_COLUMNS: tuple[Column[ActionRow], ...] = (
    Column("Codice", lambda r: r.code, key=lambda r: code_order(r.code)),
    Column("Azione", lambda r: r.title, tooltip=lambda r: rich_tooltip(r.text)),
    Column(
        "Stato",
        lambda r: r.status.label,
        key=lambda r: list(type(r.status)).index(r.status),
        foreground=lambda r, dark: status_color(r.status, dark),
    ),
    Column("Avanz.", lambda r: f"{r.progress}%", key=lambda r: r.progress, align_right=True),
    Column("Inizio", lambda r: format_date(r.start_date), key=lambda r: r.start_date),
    Column("Fine", lambda r: format_date(r.end_date), key=lambda r: r.end_date),
    Column("Responsabile", lambda r: r.lead or "", key=lambda r: (r.lead or "").casefold()),
    Column(
        "Prossima\nscadenza",
        lambda r: format_date(r.next_deadline),
        key=lambda r: r.next_deadline,
    ),
    Column(
        "Ritardo",
        lambda r: f"⚠ {OVERDUE_LABEL}" if r.overdue else "",
        key=lambda r: not r.overdue,
        foreground=_overdue_colour,
    ),
)


class ActionTableModel(SortableRowModel[ActionRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(ACTION_COLUMNS, parent)

    def row_of_action(self, action_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == action_id:
                return i
        return None

    def update_rows(self, fresh: list[ActionRow]) -> None:
        """Replace the given actions in place (after an edit), keeping order and selection."""
        by_id = {r.id: r for r in fresh}
        for i, row in enumerate(self._rows):
            if row.id in by_id:
                self.replace_row(i, by_id.pop(row.id))
        if by_id:  # new actions: append (rare; a full reload puts them in plan order)
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(by_id) - 1)
            self._rows.extend(by_id.values())
            self.endInsertRows()


class ActionProxyModel(QSortFilterProxyModel):
    """Keeps the rows that `matches()` the current filter; sorting is the source's job."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter = ActionFilter()
        self._mask: bytearray | None = None
        self._today = dt.date.today()
        self.setDynamicSortFilter(False)

    @property
    def action_filter(self) -> ActionFilter:
        return self._filter

    def set_action_filter(self, flt: ActionFilter, today: dt.date | None = None) -> None:
        before = self._filter, self._today
        self._filter = flt
        self._today = today or dt.date.today()
        try:
            self.refilter()
        except UserError:  # a row's filter fields unreadable just now: the filter stays
            self._filter, self._today = before
            raise

    def refilter(self) -> None:
        """Recompute the mask for every row in one pass, then let Qt re-read it."""
        source = self.sourceModel()
        mask = None
        if not self._filter.is_empty and isinstance(source, ActionTableModel):
            # Before the change begins: a row may read its filter fields now (start-up's
            # rows), and a failure must leave the view as it was.
            flt, today = self._filter, self._today
            mask = bytearray(matches(r, flt, today) for r in source._rows)
        self.beginFilterChange()
        self._mask = mask
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        mask = self._mask
        if mask is None:
            return True
        if source_row >= len(mask):  # rows appended since the last refilter
            source = self.sourceModel()
            assert isinstance(source, ActionTableModel)
            return matches(source.row_at(source_row), self._filter, self._today)
        return bool(mask[source_row])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if column >= 0 and source is not None:
            source.sort(column, order)
            if self._mask is not None:
                self.refilter()

    def row_object(self, index: QModelIndex | QPersistentModelIndex) -> ActionRow | None:
        source = self.sourceModel()
        if not index.isValid() or not isinstance(source, ActionTableModel):
            return None
        return source.row_at(self.mapToSource(index).row())

    def proxy_row_of_action(self, action_id: int) -> int | None:
        source = self.sourceModel()
        if not isinstance(source, ActionTableModel):
            return None
        row = source.row_of_action(action_id)
        if row is None:
            return None
        mapped = self.mapFromSource(source.index(row, 0))
        return mapped.row() if mapped.isValid() else None
