"""File choosers and small dialogs of the File menu (tests patch these functions).

Every file chooser of the application goes through `get_open_file_name` and
`get_save_file_name` (same answers as QFileDialog's static functions): the platform's own
dialog where there is one (Windows, macOS, Linux desktops with a portal), else Qt's, made
wide enough for its columns and Italian throughout (see ui/core/qt_italian.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QTreeView,
    QWidget,
)

from psm_desktop.ui.core.window_size import resize_within_screen

DB_FILTER = "Database PSM (*.sqlite *.db *.psm);;Tutti i file (*)"
Option = QFileDialog.Option
NO_OPTIONS = Option(0)


class _FileDialog(QFileDialog):
    """Qt's own file chooser with columns as wide as their titles and contents."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        tree = self.findChild(QTreeView)
        model = self.findChild(QFileSystemModel)
        if tree is None or model is None:  # the platform's dialog: nothing to fit
            return
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        model.directoryLoaded.connect(lambda _path: header.resizeSections())


def build_file_dialog(
    parent: QWidget | None, title: str, start: str, filters: str, *, save: bool
) -> QFileDialog:
    dialog = _FileDialog(parent, title, start, filters)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    resize_within_screen(dialog, 860, 520)  # Qt's 630 points cut "Dimensione" and the date
    return dialog


def _ask(
    parent: QWidget | None, title: str, start: str, filters: str, save: bool, options: Option
) -> tuple[str, str]:
    dialog = build_file_dialog(parent, title, start, filters, save=save)
    dialog.setOptions(dialog.options() | options)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return "", ""
        return dialog.selectedFiles()[0], dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def get_open_file_name(
    parent: QWidget | None, title: str, start: str, filters: str, options: Option = NO_OPTIONS
) -> tuple[str, str]:
    """(file name, chosen filter), or ("", "") when cancelled: like QFileDialog's."""
    return _ask(parent, title, start, filters, False, options)


def get_open_file_names(
    parent: QWidget | None, title: str, start: str, filters: str
) -> tuple[list[str], str]:
    """(file names, chosen filter), or ([], "") when cancelled: several files at once."""
    dialog = build_file_dialog(parent, title, start, filters, save=False)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        return list(dialog.selectedFiles()), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def get_save_file_name(
    parent: QWidget | None, title: str, start: str, filters: str, options: Option = NO_OPTIONS
) -> tuple[str, str]:
    return _ask(parent, title, start, filters, True, options)


def ask_open_database(parent: QWidget | None, start: Path | None) -> Path | None:
    name, _ = get_open_file_name(parent, "Apri database", str(start or Path.home()), DB_FILTER)
    return Path(name) if name else None


def ask_new_database(parent: QWidget | None, start: Path | None) -> Path | None:
    name, _ = get_save_file_name(
        parent,
        "Nuovo database",
        str((start or Path.home()) / "piano.sqlite"),
        DB_FILTER,
        options=Option.DontConfirmOverwrite,  # an existing file is refused anyway
    )
    return _with_suffix(name)


def ask_copy_target(
    parent: QWidget | None, suggested: Path, title: str = "Salva una copia"
) -> Path | None:
    name, _ = get_save_file_name(parent, title, str(suggested), DB_FILTER)
    return _with_suffix(name)


def operator_name_dialog(parent: QWidget | None, current: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Preferenze")
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setLabelText("Nome dell'&operatore (compare nella cronologia delle modifiche):")
    dialog.setTextValue(current)
    return dialog


def ask_operator_name(parent: QWidget | None, current: str) -> str | None:
    dialog = operator_name_dialog(parent, current)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    text = dialog.textValue()
    dialog.deleteLater()
    return text.strip() if ok else None


def _with_suffix(name: str) -> Path | None:
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".sqlite")


def ask_folder(parent: QWidget | None, title: str, start: str) -> Path | None:
    """A folder (File › Pubblica… writes a site into one), or None when cancelled."""
    dialog = build_file_dialog(parent, title, start, "", save=False)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])
    finally:
        dialog.deleteLater()
