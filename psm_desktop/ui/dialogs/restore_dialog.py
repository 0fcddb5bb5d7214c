"""File › Ripristina da backup…: choose one of the automatic copies of the open database.

The dialog only chooses; `MainWindow.restore_backup` closes the database, restores the
copy (storage.restore) and reopens it through the usual swap, which clears Undo.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.storage.restore import BackupInfo, available_backups

HEADERS = ("Data", "Tipo", "Dimensione", "File")
Index = QModelIndex | QPersistentModelIndex


def size_label(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


class BackupTableModel(QAbstractTableModel):
    def __init__(self, rows: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows

    def rows(self) -> list[BackupInfo]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        info = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        return (info.when, info.kind, size_label(info.size), info.path.name)[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


class RestoreDialog(QDialog):
    def __init__(self, db_path: Path, rows: list[BackupInfo], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Ripristina da backup")
        self.setAccessibleName("Ripristina da backup")
        intro = QLabel(
            f"Copie automatiche di {db_path.name}, dalla più recente. Il database attuale "
            "viene messo da parte fra le copie prima del ripristino: si può tornare indietro "
            "scegliendo la copia «prima di un ripristino».",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.model = BackupTableModel(rows, self)
        self.table = QTableView(self)
        self.table.setObjectName("backupTable")
        self.table.setAccessibleName("Copie automatiche")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton(
            "&Ripristina", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.table.selectRow(0)
        self.table.setFocus()
        self.resize(720, 360)

    def chosen(self) -> BackupInfo | None:
        selected = self.table.selectionModel().selectedRows()
        return self.model.rows()[selected[0].row()] if selected else None


def ask_backup(parent: QWidget | None, db_path: Path) -> BackupInfo | None:
    """The copy the user wants back, or None (no copies, or cancelled)."""
    from psm_desktop.ui.core import messages

    rows = available_backups(db_path)
    if not rows:
        messages.info(parent, f"Non ci sono ancora copie automatiche di {db_path}.")
        return None
    dialog = RestoreDialog(db_path, rows, parent)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.chosen() if accepted else None
    finally:
        dialog.deleteLater()
