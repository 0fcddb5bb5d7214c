"""Writing the files that leave the application: atomically, failing with Italian messages.

Every export (tracker, PDF, copy of the database) writes a temporary file beside its target
and renames it over the target only once it is complete: a full disk, a read-only folder or
a USB stick pulled out never leaves a half-written file under the target's name, and an
older file of that name stays as it was. The temporary file is removed whatever happens.

A failure is a `UserError` that names the target and says what to do, never the errno text
("[Errno 28] No space left on device") nor the temporary file's name; those go to the log.
"""

from __future__ import annotations

import errno
import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psm_desktop.errors import UserError

log = logging.getLogger(__name__)

_NOT_WRITTEN = "Il file non è stato salvato (un file già presente con quel nome resta com'era)."


def temp_path_for(target: Path) -> Path:
    """A hidden, unique name beside `target`: same folder, so the rename is atomic."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")


def write_error(target: Path, code: int | None, detail: object = "") -> UserError:
    """The user's message for a failed write of `target` (`code`: an errno value)."""
    # INFO: details for the log file; a warning would also reach the CLI user's terminal.
    log.info("Scrittura di %s non riuscita (errno %s): %s", target, code, detail)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        why = "il disco (o lo spazio a tua disposizione) è pieno. Libera spazio o scegli "
        why += "un'altra cartella"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = (
            "la cartella è in sola lettura o non hai il permesso di scrivervi, oppure il file "
            "è aperto in un altro programma (Excel, LibreOffice, un lettore PDF): chiudilo "
            "o scegli un'altra cartella"
        )
    elif code == errno.ENOENT:
        why = "la cartella non esiste più (spostata, rinominata o su un'unità scollegata)"
    elif code == errno.EISDIR:
        why = "con quel nome c'è una cartella: scegli il nome di un file"
    elif code == errno.ENAMETOOLONG:
        why = "il nome del file o del percorso è troppo lungo: scegline uno più corto"
    else:
        why = (
            "errore di scrittura sul disco o sull'unità di rete (chiavetta USB rimossa o "
            "rete scollegata?)"
        )
    return UserError(f"Impossibile salvare {target}: {why}. {_NOT_WRITTEN}")


@contextmanager
def atomic_write(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`.

    Any OSError while writing or renaming becomes a UserError naming `target`; the
    temporary file never stays behind. The temporary file is created with the user's
    normal permissions (not 0600), so colleagues on a shared folder can open the result.
    """
    target = Path(target)
    if target.is_dir():
        raise UserError(f"{target} è una cartella: scegli il nome del file da salvare.")
    if not target.parent.is_dir():
        raise UserError(f"La cartella {target.parent} non esiste.")
    temp = temp_path_for(target)
    try:
        temp.open("xb").close()  # reserve the name; fails early on a read-only folder
        yield temp
        os.replace(temp, target)
    except OSError as exc:
        raise write_error(target, exc.errno, exc) from exc
    finally:
        try:
            temp.unlink(missing_ok=True)
        except OSError:  # the folder went away: nothing left to remove there
            log.info("File temporaneo %s non rimosso", temp, exc_info=True)
