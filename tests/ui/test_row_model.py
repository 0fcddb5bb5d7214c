"""RowTableModel and RowSortProxy without any widget: roles, sorting with gaps, filtering."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from psm_desktop.ui.models.row_model import ROW_ROLE, SORT_ROLE, Column, RowSortProxy, RowTableModel


@dataclass(frozen=True)
class Item:
    name: str
    size: int | None


COLUMNS: list[Column[Item]] = [
    Column("Nome", lambda i: i.name, tooltip=lambda i: f"tip {i.name}"),
    Column(
        "Misura",
        lambda i: "" if i.size is None else str(i.size),
        key=lambda i: i.size,
        foreground=lambda i, dark: QColor("red") if (i.size or 0) > 5 else None,
        align_right=True,
    ),
]


def test_roles_and_sorting(qtbot: QtBot) -> None:
    model: RowTableModel[Item] = RowTableModel(COLUMNS)
    model.set_rows([Item("beta", 10), Item("Alfa", None), Item("gamma", 2)])
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Misura"
    index = model.index(0, 1)
    assert index.data() == "10"
    assert index.data(ROW_ROLE) == Item("beta", 10)
    assert index.data(SORT_ROLE) == 10
    assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor("red")
    assert model.index(2, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "tip beta"
    assert model.index(0, 0).data(SORT_ROLE) == "beta"  # text, casefolded

    proxy = RowSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.row_at(r).name for r in range(3)] == ["Alfa", "beta", "gamma"]
    proxy.sort(1, Qt.SortOrder.AscendingOrder)  # the empty size sorts last
    assert [proxy.row_at(r).name for r in range(3)] == ["gamma", "beta", "Alfa"]

    proxy.set_predicate(lambda item: item.size is not None)
    assert [proxy.row_at(r).name for r in range(proxy.rowCount())] == ["gamma", "beta"]
    model.set_rows([Item("delta", None), Item("eps", 1)])  # the predicate keeps applying
    assert [proxy.row_at(r).name for r in range(proxy.rowCount())] == ["eps"]
    proxy.set_predicate(None)
    assert proxy.rowCount() == 2
