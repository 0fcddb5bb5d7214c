"""Everything SQLite-specific: file checks, connection settings, the backup API.

The services never see any of this, so that the same code can run on PostgreSQL.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from psm_desktop.atomic_files import atomic_write, write_error
from psm_desktop.errors import DatabaseLockedError, NotAPsmDatabaseError
from psm_desktop.storage import journal
from psm_desktop.storage.os_errors import reason
from psm_desktop.storage.sqlite_uri import file_uri

SQLITE_HEADER = b"SQLite format 3\x00"


def is_empty_file(path: Path) -> bool:
    """No file, a 0-byte one, or one whose creation was cut short (a crash or Ctrl+C while
    `init` or `demo` ran): SQLite's recovery of the latter empties it."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    return journal.creation_interrupted(path)


def check_sqlite_header(path: Path) -> None:
    """Refuse a file that is not SQLite at all, without opening it as a database."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise NotAPsmDatabaseError(f"Impossibile leggere il file {path}: {reason(exc)}.") from exc
    if header != SQLITE_HEADER:
        raise NotAPsmDatabaseError(
            f"Il file {path} non è un database di PSM Desktop (non è un database SQLite)."
        )


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a file for inspection only: SQLite cannot write through this connection."""
    return sqlite3.connect(file_uri(path, "ro"), uri=True)


def journal_path(path: Path) -> Path:
    return journal.journal_path(path)


def needs_journal_rollback(error: BaseException | None) -> bool:
    """A read-only connection met a hot journal (a write cut short by a crash, a pulled
    USB stick, a power cut) that only a read-write connection may roll back."""
    return getattr(error, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK"


def copy_with_journal(path: Path, folder: Path) -> Path:
    """Copy the database and its journal into `folder`, for trying a recovery there."""
    import shutil

    copy = folder / path.name
    shutil.copyfile(path, copy)
    shutil.copyfile(journal_path(path), journal_path(copy))
    return copy


def roll_back_journal(path: Path) -> None:
    """Let SQLite restore the last committed state: the first read-write read does it.

    If the journal is not hot (another program is writing right now), this is a plain read.
    """
    conn = sqlite3.connect(file_uri(path, "rw"), uri=True, timeout=5)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The file may be on a USB stick or a network share: no WAL there, a rollback
    # journal with full syncs instead. Foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = DELETE")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def make_engine(path: Path, *, create: bool = False, read_only: bool = False) -> Engine:
    """An engine on `path`; only with `create` may SQLite make the file, and with
    `read_only` SQLite itself refuses every write (mode=ro, query_only).

    Connections are not kept between operations, so without mode=rw a file moved away
    while the application runs (renamed, USB stick pulled) would silently be replaced by
    a new empty database at the old place.
    """
    uri = file_uri(path, "ro" if read_only else "rwc" if create else "rw")

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5)
        if read_only:
            connection.execute("PRAGMA query_only = ON")
        return connection

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=NullPool)
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
    engine_any: Any = engine

    @event.listens_for(engine_any, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        _set_pragmas(dbapi_connection, record)

    @event.listens_for(engine_any, "begin")
    def _on_begin(conn: Any) -> None:
        # A write transaction takes the write lock first (IMMEDIATE): a second writer then
        # waits for the busy timeout. With a plain BEGIN it would read first and, asking for
        # the lock another writer holds, be refused at once ("database is locked") to avoid
        # a deadlock. Reading stays DEFERRED: it never waits for a writer.
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


# Execution option of the connections that write (see `writing_engine`).
WRITE_OPTION = "psm_write"


def writing_engine(engine: Engine) -> Engine:
    """The same engine (pool, events) whose transactions begin IMMEDIATE, for writes."""
    return engine.execution_options(**{WRITE_OPTION: True})


def backup_to(source: Path, target: Path) -> None:
    """Copy a database with SQLite's online backup API (safe while others have it open).

    Written beside `target` and renamed into place (atomic_write): a full disk or a
    read-only folder leaves no partial copy and gives a message that names `target`.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target) as tmp:
        src = connect_read_only(source)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                dst.close()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise DatabaseLockedError(
                    f"Il database {source} è bloccato da un altro programma: "
                    "impossibile farne una copia ora. Riprova tra poco."
                ) from exc
            raise write_error(target, _errno_of(exc), exc) from exc
        finally:
            src.close()


def _errno_of(exc: sqlite3.Error) -> int | None:
    """The errno that SQLite's message for a failed write stands for."""
    text = str(exc)
    if "full" in text:
        return errno.ENOSPC
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return errno.EACCES
    return None
