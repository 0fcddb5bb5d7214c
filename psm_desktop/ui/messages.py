"""Every message box the application shows, in one module so tests can patch them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from psm_desktop.errors import StaleWriteError, UserError

APP_TITLE = "PSM Desktop"


def warn(parent: QWidget | None, text: str, title: str = APP_TITLE) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    box.exec()


def info(parent: QWidget | None, text: str, title: str = APP_TITLE) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setAccessibleName(title)
    box.exec()


def confirm(parent: QWidget | None, text: str, title: str = APP_TITLE) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def user_error(parent: QWidget | None, error: UserError) -> None:
    """A problem the user can fix, as a plain Italian message."""
    title = "Dati modificati altrove" if isinstance(error, StaleWriteError) else APP_TITLE
    warn(parent, error.message, title)


def bug(parent: QWidget | None, summary: str, details: str, log_file: str) -> None:
    """An unexpected error: say so plainly, point to the log, details on request."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Errore imprevisto")
    box.setText(
        "Si è verificato un errore imprevisto. Il lavoro salvato finora non è perso: "
        "ogni modifica viene salvata appena fatta."
    )
    box.setInformativeText(f"{summary}\n\nI dettagli sono registrati in {log_file}.")
    box.setDetailedText(details)
    box.setAccessibleName("Errore imprevisto")
    box.exec()
