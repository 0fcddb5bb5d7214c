"""Struttura › Collegamenti tra gli assi…: a matrix of axes, a tick and a note per link.

Row N, column M ticked: the axis N sheet lists axis M among its connections; the cell's
text is the optional note. The dialog returns the links; the caller writes them through
an undoable command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.services.dto import AxisInfo
from psm_desktop.ui.core import visible_boxes
from psm_desktop.ui.core.window_size import resize_within_screen
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel

Links = dict[tuple[int, int], str]


class AxisLinksDialog(QDialog):
    def __init__(self, parent: QWidget | None, axes: list[AxisInfo], links: Links) -> None:
        super().__init__(parent)
        self.axes = axes
        self.setWindowTitle("Collegamenti tra gli assi")
        self.setAccessibleName("Collegamenti tra gli assi")
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Spunta la casella della riga di un asse e della colonna di un altro asse per "
            "collegarli; scrivi nella casella una nota facoltativa (doppio clic o F2)."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        n = len(axes)
        self.table = QTableWidget(n, n, self)
        self.table.setObjectName("axisLinksMatrix")
        self.table.setAccessibleName("Matrice dei collegamenti: righe e colonne sono gli assi")
        self.cells: dict[tuple[int, int], QTableWidgetItem] = {}
        visible_boxes.show_boxes(self.table)
        for r, axis in enumerate(axes):
            for put in (self.table.setVerticalHeaderItem, self.table.setHorizontalHeaderItem):
                header = QTableWidgetItem(f"Asse {axis.number}")
                header.setToolTip(axis.title)
                put(r, header)
            for c, other in enumerate(axes):
                item = QTableWidgetItem()
                if r == c:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    item.setText("—")
                else:
                    pair = (axis.id, other.id)
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsUserCheckable
                        | Qt.ItemFlag.ItemIsEditable
                    )
                    linked = pair in links
                    item.setCheckState(Qt.CheckState.Checked if linked else Qt.CheckState.Unchecked)
                    item.setText(links.get(pair, ""))
                    item.setToolTip(f"Asse {axis.number} → Asse {other.number}")
                self.table.setItem(r, c, item)
                self.cells[(r, c)] = item
        self.table.horizontalHeader().setDefaultSectionSize(150)
        layout.addWidget(self.table, 1)
        buttons, _ok = ok_cancel(self, "Salva i collegamenti")
        layout.addWidget(buttons)
        resize_within_screen(self, 1040, 420)

    def links(self) -> Links:
        chosen: Links = {}
        for r, axis in enumerate(self.axes):
            for c, other in enumerate(self.axes):
                item = self.cells[(r, c)]
                if r != c and item.checkState() == Qt.CheckState.Checked:
                    chosen[(axis.id, other.id)] = item.text().strip()
        return chosen


def ask_axis_links(parent: QWidget | None, axes: list[AxisInfo], links: Links) -> Links | None:
    dialog = AxisLinksDialog(parent, axes, links)
    return dialog.links() if dialog.exec() == QDialog.DialogCode.Accepted else None
