"""The import preview as a Qt table model: one row per change item, tickable, conflicts chosen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from psm_desktop.exchange.tracker.plan import ChangeItem, ImportPlan, ItemKind, Resolution

ItemRole = Qt.ItemDataRole.UserRole + 1
COL_APPLY, COL_KIND, COL_WHAT, COL_FIELD, COL_OLD, COL_NEW, COL_CHOICE, COL_WHERE = range(8)
HEADERS = (
    "Applica",
    "Tipo",
    "Elemento",
    "Campo",
    "Valore nel database",
    "Valore nel tracker",
    "Scelta",
    "Posizione",
)
UNCHOSEN = "— scegli —"
CONFLICT_BG = QColor("#f8cbad")
REMOVAL_BG = QColor("#fff2cc")

Index = QModelIndex | QPersistentModelIndex


class PlanModel(QAbstractTableModel):
    """Rows of an ImportPlan; ticking and choosing write straight into its items."""

    changed = Signal()

    def __init__(self, plan: ImportPlan, parent: Any = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self._items = plan.items

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def item(self, row: int) -> ChangeItem:
        return self._items[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        col = index.column()
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_APPLY:
            if item.kind is ItemKind.CONFLICT:
                return None
            return Qt.CheckState.Checked if item.selected else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(item, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.describe()
        if role == Qt.ItemDataRole.BackgroundRole:
            if item.kind is ItemKind.CONFLICT:
                return QBrush(CONFLICT_BG)
            if item.kind is ItemKind.REMOVE:
                return QBrush(REMOVAL_BG)
        return None

    @staticmethod
    def _text(item: ChangeItem, col: int) -> str:
        if col == COL_KIND:
            return item.kind.value
        if col == COL_WHAT:  # with what the row's code was ("codice cambiato: 1.1.1 → 1.2.1")
            return f"{item.title} ({item.note})" if item.note else item.title
        if col == COL_FIELD:
            return item.field_label
        if col == COL_OLD:
            return "" if item.kind is ItemKind.CREATE else item.old_text
        if col == COL_NEW:
            return "" if item.kind is ItemKind.REMOVE else item.new_text
        if col == COL_CHOICE:
            if item.kind is not ItemKind.CONFLICT:
                return ""
            return item.resolution.value if item.resolution else UNCHOSEN
        if col == COL_WHERE:
            return item.where
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        item = self._items[index.row()]
        if index.column() == COL_APPLY and item.kind is not ItemKind.CONFLICT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == COL_CHOICE and item.kind is ItemKind.CONFLICT:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == COL_APPLY:
            item.selected = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and index.column() == COL_CHOICE:
            item.resolution = _resolution(value)
        else:
            return False
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self.changed.emit()
        return True

    def set_all(self, selected: bool) -> None:
        """Tick or untick every change (removals too: the wizard asks before deleting)."""
        for item in self._items:
            if item.kind is not ItemKind.CONFLICT:
                item.selected = selected
        self._refresh()

    def resolve_all(self, resolution: Resolution) -> None:
        self.plan.resolve_all(resolution)
        self._refresh()

    def _refresh(self) -> None:
        if self._items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._items) - 1, len(HEADERS) - 1)
            )
        self.changed.emit()


def _resolution(value: Any) -> Resolution | None:
    if isinstance(value, Resolution):
        return value
    for resolution in Resolution:
        if value == resolution.value:
            return resolution
    return None


class ResolutionDelegate(QStyledItemDelegate):
    """A combo box for a conflict: «mantieni il database» or «usa il tracker»."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems([UNCHOSEN, *(r.value for r in Resolution)])
        combo.setAccessibleName("Scelta per il conflitto")
        combo.currentIndexChanged.connect(lambda _=0, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        text = index.data(Qt.ItemDataRole.EditRole)
        position = editor.findText(text)
        if position >= 0 and position != editor.currentIndex():
            editor.blockSignals(True)
            editor.setCurrentIndex(position)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
