"""Going back to an automatic copy: list the copies, restore one without risk.

The order of the steps is what makes a restore safe:
1. the chosen copy is checked (PSM marker, schema version, full integrity check);
2. it is copied with SQLite's backup API to a file beside the database, and that file is
   checked again: nothing has been touched so far;
3. the current file (and a journal beside it, if a crash left one) is copied, byte for
   byte, into the copies' folder as `prima-del-ripristino-<date>` and the copy compared:
   whatever state it is in, it can be restored in its turn;
4. the journal beside the database is set aside, so it is never applied to the restored
   file, and the checked file replaces the database in one rename.
A failure at any step puts back what it moved and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from psm_desktop.errors import DatabaseError, DatabaseLockedError
from psm_desktop.storage import backups, journal, sqlite
from psm_desktop.storage.database import inspect_existing, verify_copy
from psm_desktop.storage.os_errors import reason

log = logging.getLogger(__name__)

ASIDE_PREFIX = "prima-del-ripristino-"
_STAMP = re.compile(r"(\d{8}-\d{6})")
_DAY = re.compile(r"giornaliero-(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str  # in Italian, for lists
    taken_at: dt.datetime
    size: int

    @property
    def when(self) -> str:
        return self.taken_at.strftime("%d/%m/%Y %H:%M")


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    restored: Path
    kept_aside: Path | None  # the previous file, now among the copies; None if there was none


def available_backups(db_path: Path) -> list[BackupInfo]:
    """The automatic copies of `db_path`, newest first."""
    found = []
    for path in backups.list_backups(Path(db_path).expanduser()):
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append(
            BackupInfo(path, _kind(path.name), _taken_at(path.name, stat.st_mtime), stat.st_size)
        )
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def _kind(name: str) -> str:
    if name.startswith("giornaliero-"):
        return "copia giornaliera"
    if name.startswith("pre-migrazione-"):
        return "prima di un aggiornamento"
    if name.startswith(ASIDE_PREFIX):
        return "prima di un ripristino"
    return "copia"


def _taken_at(name: str, mtime: float) -> dt.datetime:
    modified = dt.datetime.fromtimestamp(mtime)
    stamp = _STAMP.search(name)
    if stamp:
        return dt.datetime.strptime(stamp.group(1), "%Y%m%d-%H%M%S")
    day = _DAY.search(name)
    if day:
        date = dt.date.fromisoformat(day.group(1))
        # The day is in the name; the time is the file's, if it was written that day.
        return modified if modified.date() == date else dt.datetime.combine(date, dt.time())
    return modified


def find_backup(db_path: Path, wanted: str) -> Path:
    """A copy named on the command line: its number in the list, its file name, or a path."""
    listed = available_backups(db_path)
    if wanted.isdigit() and 1 <= int(wanted) <= len(listed):
        return listed[int(wanted) - 1].path
    for info in listed:
        if info.path.name == wanted:
            return info.path
    path = Path(wanted).expanduser()
    if path.is_file():
        return path
    raise DatabaseError(
        f"La copia «{wanted}» non esiste: indica il numero o il nome che compare con --list, "
        "oppure il percorso di un file."
    )


def restore_backup(db_path: Path, backup: Path, *, now: dt.datetime | None = None) -> RestoreResult:
    """Replace `db_path` with the copy `backup`, keeping the current file aside first."""
    db_path, backup = Path(db_path).expanduser(), Path(backup).expanduser()
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise DatabaseError(
            f"La copia da ripristinare non può essere il database stesso ({db_path})."
        )
    cancelled = f"Il ripristino è stato annullato: {db_path} non è stato modificato."
    try:
        inspect_existing(backup)  # marker, schema version, quick check; a crash's journal
    except DatabaseError as exc:
        raise DatabaseError(
            f"La copia {backup} non si può ripristinare. {exc.message} {cancelled}"
        ) from exc
    _refuse_if_in_use(db_path)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    staged = db_path.with_name(f"{db_path.name}.ripristino-{stamp}")
    try:
        _stage(backup, staged, cancelled)
        aside = _keep_aside(db_path, stamp, cancelled)
        _replace(db_path, staged, cancelled)
    finally:
        for leftover in (staged, staged.with_name(staged.name + ".part")):
            leftover.unlink(missing_ok=True)
    log.info("Restored %s from %s; previous file kept as %s", db_path, backup, aside)
    return RestoreResult(database=db_path, restored=backup, kept_aside=aside)


def _stage(backup: Path, staged: Path, cancelled: str) -> None:
    try:
        sqlite.backup_to(backup, staged)
    except (OSError, sqlite3.Error) as exc:
        log.warning("Copying %s to %s failed: %r", backup, staged, exc)
        why = reason(exc) if isinstance(exc, OSError) else "errore nella copia"
        raise DatabaseError(
            f"Impossibile preparare la copia {backup.name} nella cartella {staged.parent}: "
            f"{why}. {cancelled}"
        ) from exc
    try:
        verify_copy(staged, shown=backup)
    except DatabaseError as exc:
        raise DatabaseError(f"{exc.message} {cancelled}") from exc


def _keep_aside(db_path: Path, stamp: str, cancelled: str) -> Path | None:
    """Copy the current file (and its journal) among the copies, byte for byte.

    Not the backup API: the file may be damaged or carry a crash's journal (often the
    very reason for the restore), and it must be kept exactly as it is. Nothing has it
    open: the window closes it before restoring, and a writer elsewhere was refused.
    """
    if not db_path.exists():
        return None
    aside = backups.folder_for(db_path) / f"{ASIDE_PREFIX}{stamp}.sqlite"
    pairs = [(db_path, aside)]
    if journal.journal_path(db_path).exists():
        pairs.append((journal.journal_path(db_path), journal.journal_path(aside)))
    try:
        aside.parent.mkdir(parents=True, exist_ok=True)
        for source, target in pairs:
            _copy_exactly(source, target)
    except OSError as exc:
        log.warning("Keeping %s aside as %s failed: %r", db_path, aside, exc)
        for _source, target in pairs:
            target.unlink(missing_ok=True)
        raise DatabaseError(
            f"Impossibile mettere da parte il database attuale nella cartella {aside.parent}: "
            f"{reason(exc)}. {cancelled}"
        ) from exc
    return aside


def _copy_exactly(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())
    if _sha256(source) != _sha256(target):
        raise OSError(5, "the copy differs from the file", str(target))


def _replace(db_path: Path, staged: Path, cancelled: str) -> None:
    stray = journal.journal_path(db_path)
    parked = db_path.with_name(f"{db_path.name}.journal-da-parte")
    has_journal = stray.exists()
    try:
        if has_journal:
            os.replace(stray, parked)  # it belongs to the old file, never to the restored one
        os.replace(staged, db_path)
    except OSError as exc:
        log.warning("Replacing %s failed: %r", db_path, exc)
        if has_journal and parked.exists():
            os.replace(parked, stray)
        raise DatabaseError(
            f"Impossibile sostituire {db_path} con la copia: {reason(exc)}. {cancelled}"
        ) from exc
    parked.unlink(missing_ok=True)  # its copy is kept aside with the old file


def _refuse_if_in_use(db_path: Path) -> None:
    """Refuse while another program writes to the file (a journal means none does now)."""
    if not db_path.is_file() or journal.journal_path(db_path).exists():
        return
    try:
        conn = sqlite3.connect(sqlite.file_uri(db_path, "rw"), uri=True, timeout=1)
    except sqlite3.Error:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLockedError(
                f"Il database {db_path} è in uso da un altro programma: chiudilo e riprova. "
                "Il ripristino è stato annullato, il database non è stato modificato."
            ) from exc
    except sqlite3.DatabaseError:
        pass  # a damaged file: it is kept aside as it is
    finally:
        conn.close()


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
