"""The open database of a window: Database, Services and EditSession, and how to swap them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import OperationalError

from psm_desktop.errors import DatabaseError
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import Database, open_database
from psm_desktop.storage.os_errors import reason
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.session import EditSession


def open_plan_database(path: Path, *, create: bool, read_only: bool = False) -> Database:
    """Open (or create and seed) a database; every problem is a UserError with a message."""
    path = Path(path).expanduser()
    if create and path.exists() and path.stat().st_size > 0:
        raise DatabaseError(
            f"Il file {path} esiste già: per un nuovo database scegli un nome diverso "
            "(per aprirlo usa File › Apri database)."
        )
    if not create and not path.exists():
        raise DatabaseError(f"Il file {path} non esiste (forse è stato spostato o rinominato).")
    try:
        return open_database(path, create=create, read_only=read_only)
    except OperationalError as exc:  # SQLite could not create or open the file
        raise DatabaseError(
            f"Impossibile aprire o creare {path}: la cartella potrebbe essere in sola lettura, "
            "il file bloccato da un altro programma o il disco non disponibile."
        ) from exc
    except PermissionError as exc:
        raise DatabaseError(
            f"Impossibile scrivere in {path.parent}: la cartella è in sola lettura "
            "o non hai i permessi necessari."
        ) from exc
    except OSError as exc:
        raise DatabaseError(f"Impossibile aprire {path}: {reason(exc)}.") from exc


class Workspace:
    def __init__(
        self,
        db: Database,
        events: DataEvents,
        undo_stack: QUndoStack,
        user: str,
        dialog_parent: QWidget | None = None,
    ) -> None:
        self.db = db
        self.events = events
        self.undo_stack = undo_stack
        self._parent = dialog_parent
        self.services = Services(db, EditContext.default(user=user))
        self.session = EditSession(self.services, events, undo_stack, lambda: self._parent)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def location(self) -> Path | str:
        """The file, or the server's URL without its password (recent files, settings)."""
        if self.db.file is not None:
            return self.db.file
        from psm_desktop.storage.server_address import parse

        return parse(self.db.location)[0].url()

    def label(self) -> str:
        """What the title names: the file's name, or user@host/database on a server."""
        if self.db.file is not None:
            return self.db.file.name
        from psm_desktop.storage.server_address import parse

        return parse(self.db.location)[0].label()

    def set_dialog_parent(self, parent: QWidget) -> None:
        self._parent = parent

    def set_user(self, user: str) -> None:
        """The operator's name goes in the change log of every later edit."""
        fresh = EditContext.default(user=user)
        self.services.ctx.user = fresh.user
        for service in (
            self.services.actions,
            self.services.stakeholders,
            self.services.assignments,
            self.services.deadlines,
        ):
            service.ctx = self.services.ctx

    def close(self) -> None:
        from psm_desktop.ui.core import presence_claims

        self.db.close()
        presence_claims.release_for(self.db)
