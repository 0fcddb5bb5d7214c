"""File choosers and small dialogs of the File menu (tests patch these functions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

DB_FILTER = "Database PSM (*.sqlite *.db *.psm);;Tutti i file (*)"


def ask_open_database(parent: QWidget | None, start: Path | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Apri database", str(start or Path.home()), DB_FILTER
    )
    return Path(name) if name else None


def ask_new_database(parent: QWidget | None, start: Path | None) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "Nuovo database",
        str((start or Path.home()) / "piano.sqlite"),
        DB_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused anyway
    )
    return _with_suffix(name)


def ask_copy_target(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Salva una copia", str(suggested), DB_FILTER)
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
