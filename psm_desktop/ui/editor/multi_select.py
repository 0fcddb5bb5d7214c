"""A short list of choices with a box per choice (sectors, zones, axes, goals)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QListView

from psm_desktop.ui.core import visible_boxes


class MultiSelectField(QListView):
    """A short list with a checkbox per choice; each tick is committed at once."""

    committed = Signal()

    def __init__(self, accessible_name: str, visible_rows: int = 5, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setAccessibleName(accessible_name)
        self.setUniformItemSizes(True)
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self._visible_rows = visible_rows
        self._loading = False
        self._model.itemChanged.connect(self._changed)
        visible_boxes.show_boxes(self)

    def set_choices(self, choices: Sequence[tuple[object, str]]) -> None:
        """(value, label) pairs, in display order."""
        self._loading = True
        self._model.clear()
        for value, label in choices:
            item = QStandardItem(label)
            item.setData(value, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setAccessibleText(label)
            self._model.appendRow(item)
        self._loading = False
        row_height = self.sizeHintForRow(0) if self._model.rowCount() else 20
        rows = min(self._visible_rows, max(self._model.rowCount(), 1))
        self.setMinimumHeight(row_height * rows + 2 * self.frameWidth() + 4)

    def value(self) -> frozenset[Any]:
        return frozenset(
            self._model.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self._model.rowCount())
            if self._model.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_value(self, values: Iterable[object]) -> None:
        wanted = set(values)
        self._loading = True
        for i in range(self._model.rowCount()):
            item = self._model.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._loading = False

    def toggle(self, value: object) -> None:
        """Tick or untick one choice as the user would (tests, keyboard)."""
        for i in range(self._model.rowCount()):
            item = self._model.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == value:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _changed(self, _item: QStandardItem) -> None:
        if not self._loading:
            self.committed.emit()
