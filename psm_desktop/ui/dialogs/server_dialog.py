"""File › Apri database sul server…: host, port, database and user of a plan on a
PostgreSQL server, and the password only when the server asks for one.

The password is first looked for where it should be: libpq's own ~/.pgpass or PGPASSFILE
(the IT office's way), then the system keyring. Only when the server still wants one is the
password field shown; "Ricorda la password" keeps it in the keyring, never in the settings
file. Without a keyring (a headless Linux) the user is told it lasts for this session only.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import DatabaseError, ServerPasswordError, UserError
from psm_desktop.storage.server_address import DEFAULT_PORT, ServerAddress

if TYPE_CHECKING:
    from psm_desktop.storage import Database

log = logging.getLogger(__name__)

INTRO = (
    "Apre il piano condiviso dall'ufficio su un server PostgreSQL: più persone lo modificano "
    "insieme, ognuna con il proprio utente. I dati del server li fornisce l'ufficio "
    "informatico."
)
NO_KEYRING = (
    "Su questo computer non c'è un portachiavi di sistema: la password non può essere "
    "ricordata. Resta valida solo finché PSM Desktop rimane aperto; la prossima volta "
    "verrà chiesta di nuovo (oppure l'ufficio informatico può metterla nel file .pgpass)."
)


class ServerDialog(QDialog):
    help_anchor = "database-sul-server"

    def __init__(
        self,
        parent: QWidget | None,
        address: ServerAddress | None = None,
        problem: UserError | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("serverDialog")
        self.setWindowTitle("Apri database sul server")
        self.setAccessibleName("Apri database sul server")
        self.db: Database | None = None
        self.keyring_missing = False

        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        self.host = self._line("serverHost", "nome del server, es. dbserver.ente.local")
        self.host.setToolTip(
            "Il nome o l'indirizzo del computer dove gira PostgreSQL (lo dà l'ufficio IT)."
        )
        self.port = QSpinBox(self)
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setToolTip("La porta di PostgreSQL: quasi sempre 5432.")
        self.database = self._line("serverDatabase", "es. psm")
        self.database.setToolTip("Il nome del database del piano sul server.")
        self.user = self._line("serverUser", "il tuo utente del piano, es. mrossi")
        self.user.setToolTip(
            "Il tuo utente del piano (creato dall'ufficio IT con il tuo ruolo): "
            "mai l'utente amministratore."
        )
        self.password = self._line("serverPassword", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setToolTip("La password del tuo utente sul server.")
        self.remember = QCheckBox("&Ricorda la password", self)
        self.remember.setObjectName("rememberPassword")
        self.remember.setToolTip(
            "La password viene conservata nel portachiavi di sistema (mai nel file delle "
            "impostazioni): le prossime volte non verrà chiesta."
        )
        self.problem = QLabel(self)
        self.problem.setObjectName("serverProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()

        form = QFormLayout()
        form.addRow("&Server:", self.host)
        form.addRow("&Porta:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&Utente:", self.user)
        self.password_label = QLabel("Pass&word:", self)
        self.password_label.setBuddy(self.password)
        form.addRow(self.password_label, self.password)
        form.addRow("", self.remember)
        self._form = form

        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton("&Apri", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Annulla", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_open)
        buttons.rejected.connect(self.reject)
        self.open_button.setDefault(True)

        note = QLabel(
            "La password si legge dal file .pgpass, se c'è; altrimenti viene chiesta qui. "
            "F1: la guida.",
            self,
        )
        note.setWordWrap(True)
        note.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

        self.show_password_field(False)
        if address is not None:
            self.set_address(address)
        if problem is not None:
            self.say(problem)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        return line

    def set_address(self, address: ServerAddress) -> None:
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.database.setText(address.database)
        self.user.setText(address.user)

    def address(self) -> ServerAddress:
        return ServerAddress(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
        )

    def show_password_field(self, shown: bool) -> None:
        self._form.setRowVisible(self.password, shown)
        self._form.setRowVisible(self.remember, shown)

    def password_asked(self) -> bool:
        return self._form.isRowVisible(self.password)

    def say(self, problem: UserError) -> None:
        self.problem.setText(problem.message)
        self.problem.show()
        if isinstance(problem, ServerPasswordError):
            self.show_password_field(True)
            self.password.selectAll()
            self.password.setFocus()

    def missing(self) -> str:
        names = (
            ("il server", self.host),
            ("il database", self.database),
            ("l'utente", self.user),
        )
        empty = [label for label, line in names if not line.text().strip()]
        return ", ".join(empty)

    def try_open(self) -> bool:
        """Open the server's plan with what is filled in; on a problem say it and stay."""
        from psm_desktop.storage import credentials, open_database

        empty = self.missing()
        if empty:
            self.say(DatabaseError(f"Manca {empty}."))
            return False
        address = self.address()
        typed = self.password.text() if self.password_asked() else ""
        password = typed or credentials.saved_password(address)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.db = open_database(address.url(password))
        except UserError as error:
            if isinstance(error, ServerPasswordError) and not typed and password:
                credentials.forget_password(address)  # no longer the right one
            self.say(error)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        if typed and self.remember.isChecked():
            self.keyring_missing = not credentials.remember_password(address, typed)
        self.accept()
        return True


def ask_server_database(
    parent: QWidget | None,
    address: ServerAddress | None = None,
    problem: UserError | None = None,
) -> Database | None:
    """The dialog, until a server's plan is open (returned) or the user cancels (None)."""
    from psm_desktop.ui.core import messages

    dialog = ServerDialog(parent, address, problem)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if dialog.keyring_missing:
            messages.info(parent, NO_KEYRING, "Password non ricordata")
        return dialog.db
    finally:
        dialog.deleteLater()
