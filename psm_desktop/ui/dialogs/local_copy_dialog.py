"""File › Salva una copia locale…: the whole plan, from the server (or the open file), into
a SQLite file to carry to a meeting or into the field; written in the background with
progress and Annulla, and atomically (storage/copying.py): nothing half-written is left.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from psm_desktop.errors import UserError
from psm_desktop.progress import Cancelled
from psm_desktop.ui.core import file_dialogs, messages
from psm_desktop.ui.core.jobs import Job, run_job

if TYPE_CHECKING:
    from psm_desktop.storage import Database

TITLE = "Salva una copia locale"


def suggested_name(db: Database, folder: Path) -> Path:
    if db.file is not None:
        return folder / f"{db.file.stem}-copia-locale{db.file.suffix}"
    from psm_desktop.storage.server_address import parse

    name = parse(db.location)[0].database or "piano"
    return folder / f"{name}-copia-locale-{dt.date.today():%Y-%m-%d}.sqlite"


def done_text(target: Path, on_server: bool) -> str:
    source = "del server" if on_server else "del database"
    return (
        f"La copia locale completa del piano {source} è in {target}.\n\n"
        "Serve per portare il piano a una riunione o sul campo, anche senza rete: si apre "
        "con File › Apri database…. È una copia a sé: quello che vi si modifica non torna "
        "da solo nel database di partenza. Per riportare le modifiche, esporta un tracker "
        "Excel dalla copia e importalo nel database di partenza, come fa ogni ufficio."
    )


def save_local_copy(parent: QWidget, db: Database, start: Path) -> Job | None:
    """Ask where, then copy in the background; the job is returned (tests wait on it)."""
    from psm_desktop.storage.copying import save_local_copy as copy

    target = file_dialogs.ask_copy_target(parent, suggested_name(db, start), TITLE)
    if target is None:
        return None
    if db.file is not None and target.resolve() == db.file.resolve():
        messages.warn(parent, "La copia deve avere un nome diverso dal database aperto.", TITLE)
        return None

    def finished(_result: Any) -> None:
        messages.info(parent, done_text(target, db.on_server), TITLE)

    def failed(error: BaseException) -> None:
        if isinstance(error, Cancelled):
            messages.info(parent, f"Copia annullata: {target} non è stato scritto.", TITLE)
        elif isinstance(error, UserError):
            messages.user_error(parent, error)
        else:
            raise error  # a bug: the error dialog and the log

    return run_job(
        parent,
        TITLE,
        lambda progress: copy(db, target, progress),
        on_done=finished,
        on_error=failed,
    )
