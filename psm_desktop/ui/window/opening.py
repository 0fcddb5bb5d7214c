"""How the window opens a plan: a file (checked for a network drive and for someone else
having it open) or a server (the password from ~/.pgpass, the keyring, or asked).

`open_location()` returns the open Database, or None when the user chose not to open it;
a problem is a UserError with its Italian message. The two questions a file may raise
(`ask_network_consent`, `ask_read_only`) are module functions so tests can answer them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from psm_desktop.errors import ServerPasswordError
from psm_desktop.storage import network_drive
from psm_desktop.storage.paths import is_server_url
from psm_desktop.ui.core import messages, presence_claims

if TYPE_CHECKING:
    from psm_desktop.storage import Database

log = logging.getLogger(__name__)

Role = messages.Role


def ask_network_consent(parent: QWidget | None, text: str) -> bool:
    """Open a file on a network drive anyway? "Non aprire" is the default."""
    buttons = (("Non aprire", Role.RejectRole), ("Apri comunque", Role.AcceptRole))
    question = (
        f"{text}\n\nAprilo solo se sei sicuro che in questo momento nessun altro lo stia "
        "usando. Vuoi aprirlo comunque?"
    )
    title = "Database su un'unità di rete"
    return messages.show_box(parent, messages.Icon.Warning, title, question, buttons, 0) == 1


def ask_read_only(parent: QWidget | None, text: str) -> bool:
    """Someone else has the file open: open it read-only (True) or not at all?"""
    buttons = (("Apri in sola lettura", Role.AcceptRole), ("Annulla", Role.RejectRole))
    question = (
        f"{text}\n\nIn sola lettura puoi consultare il piano, esportare tracker e PDF, "
        "ma non modificarlo."
    )
    title = "Database già aperto"
    return messages.show_box(parent, messages.Icon.Warning, title, question, buttons, 0) == 0


def open_location(
    parent: QWidget | None, location: Path | str, *, create: bool = False, user: str = ""
) -> Database | None:
    """Open the plan at `location` (a file, or a server URL) for the window."""
    if is_server_url(location):
        return open_server(parent, str(location))
    return open_file(parent, Path(location), create=create, user=user)


def open_file(
    parent: QWidget | None, path: Path, *, create: bool = False, user: str = ""
) -> Database | None:
    """A file: on a network drive only with consent; read-only if someone else has it."""
    from psm_desktop.ui.core.workspace import open_plan_database  # SQLAlchemy: on first use

    path = Path(path).expanduser()
    where = network_drive.network_location(path)
    if where is not None:
        log.warning("%s is on a network drive (%s): asking the user", path, where)
        if not ask_network_consent(parent, network_drive.warning(path, where)):
            return None
    if create or not path.exists():  # a new file: nobody else can have it open yet
        db = open_plan_database(path, create=create)
        presence_claims.claim(path, user)
        presence_claims.attach(db, path)
        return db
    other = presence_claims.claim(path, user)
    if other is not None:
        if not ask_read_only(parent, other.message(path)):
            return None
        return open_plan_database(path, create=False, read_only=True)
    try:
        db = open_plan_database(path, create=False)
    except BaseException:
        presence_claims.release(path)
        raise
    presence_claims.attach(db, path)
    return db


def open_server(parent: QWidget | None, url: str) -> Database | None:
    """A server: the password in the URL, else this session's or the keyring's, else
    libpq's own (~/.pgpass, PGPASSFILE); the dialog asks for it when the server wants one."""
    from psm_desktop.storage import credentials, open_database
    from psm_desktop.storage.server_address import parse
    from psm_desktop.ui.dialogs import server_dialog

    address, password = parse(url)
    kept = None if password else credentials.saved_password(address)
    try:
        return open_database(address.url(password or kept))
    except ServerPasswordError as error:
        if kept is not None and not error.needed:
            credentials.forget_password(address)  # changed on the server since
        return server_dialog.ask_server_database(parent, address, error)
