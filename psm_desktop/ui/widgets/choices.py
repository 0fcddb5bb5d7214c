"""Long pick lists (thousands of offices) filled in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox


def add_choices(combo: QComboBox, items: Sequence[tuple[str, Any]]) -> None:
    """Append (text, data) items: the texts in one call, then the data with the model's
    watchers told once for all rows (one by one, each row's signal costs about as much as
    setting it: a third of the time for 2,000 offices)."""
    start = combo.count()
    combo.addItems([text for text, _data in items])
    model = combo.model()
    model.blockSignals(True)
    try:
        for row, (_text, data) in enumerate(items, start=start):
            combo.setItemData(row, data)
    finally:
        model.blockSignals(False)
    if items:
        first, last = model.index(start, 0), model.index(start + len(items) - 1, 0)
        model.dataChanged.emit(first, last, [Qt.ItemDataRole.UserRole])
