"""Guards against a Qt binding that mishandles null values (PySide6 6.12.0 did)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_ROOT = QModelIndex()


class _NullModel(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 1

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return None


def test_reading_null_model_data_keeps_none_alive(qapp: object) -> None:
    # PySide6 6.12.0 dropped one reference to None per null value handed back by Qt, and
    # the interpreter aborted ("none_dealloc") once enough were gone: the app crashed.
    model = _NullModel()
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(1000):
        index.data(Qt.ItemDataRole.DecorationRole)
        model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole)
    assert sys.getrefcount(None) >= before - 10
