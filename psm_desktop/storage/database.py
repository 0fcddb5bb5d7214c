"""Open, create, migrate and back up the plan database.

`open_database` is the only way in: it refuses foreign, corrupt and newer files before
writing a single byte, copies the file before any migration, and keeps daily backups.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from psm_desktop import __version__
from psm_desktop.errors import (
    DatabaseError,
    DatabaseLockedError,
    NewerSchemaError,
    NotAPsmDatabaseError,
)
from psm_desktop.model import Meta
from psm_desktop.storage import backups, migrations, sqlite
from psm_desktop.storage.paths import backups_dir
from psm_desktop.storage.seed import read_seed, seed_plan

APP_MARKER = "psm-desktop"


@dataclass
class Database:
    """An open plan database: the engine and a factory of short-lived sessions."""

    path: Path
    engine: Engine
    database_id: str
    session_factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block ends normally, rolled back otherwise."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise translate_operational_error(exc, self.path) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; whatever it did is rolled back."""
        session = self.session_factory()
        try:
            yield session
        except OperationalError as exc:
            raise translate_operational_error(exc, self.path) from exc
        finally:
            session.rollback()
            session.close()

    def save_copy(self, target: Path) -> None:
        """Write a consistent copy of the database to `target` (File > Salva una copia)."""
        sqlite.backup_to(self.path, target)

    def close(self) -> None:
        self.engine.dispose()


def translate_operational_error(exc: OperationalError, path: Path) -> Exception:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"Il database {path} è bloccato da un altro programma o da un'altra finestra. "
            "Riprova tra qualche secondo."
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            f"Il database {path} è in sola lettura (file o cartella protetti da scrittura): "
            "le modifiche non sono state salvate."
        )
    if "unable to open" in text:
        # SQLite cannot reach the file, or cannot create it or its journal.
        return DatabaseError(
            f"Impossibile usare il database {path}: il file non è raggiungibile (spostato, "
            "rinominato o su un'unità scollegata) oppure la cartella è protetta da scrittura. "
            "Le modifiche non sono state salvate."
        )
    if "disk I/O" in text:
        return DatabaseError(
            f"Errore di lettura o scrittura sul disco che contiene {path} (chiavetta USB "
            "rimossa o unità di rete scollegata?): le modifiche non sono state salvate."
        )
    if "disk" in text and "full" in text:
        return DatabaseError(
            f"Il disco che contiene {path} è pieno: la modifica non è stata salvata."
        )
    return exc


def open_database(
    path: Path | str,
    *,
    create: bool = True,
    seed: bool = True,
    auto_backup: bool = True,
) -> Database:
    """Open the database at `path`, creating and seeding it if the file is new or empty."""
    path = Path(path).expanduser()
    if sqlite.is_empty_file(path):
        if not create:
            raise DatabaseError(f"Il database {path} non esiste.")
        return _create(path, seed=seed)
    revision = inspect_existing(path)
    if revision != migrations.head_revision():
        try:
            backups.pre_migration_backup(path, revision)
        except (OSError, sqlite3.Error) as exc:
            # Never migrate without the copy: the file is left as it is.
            raise DatabaseError(
                f"Il database {path} va aggiornato, ma non è stato possibile farne prima "
                f"una copia di sicurezza nella cartella {backups_dir()} ({exc}). "
                "Il file non è stato modificato."
            ) from exc
        engine = sqlite.make_engine(path)
        try:
            with engine.begin() as connection:
                migrations.upgrade_to_head(connection)
        except OperationalError as exc:
            engine.dispose()
            raise translate_operational_error(exc, path) from exc
    else:
        engine = sqlite.make_engine(path)
    db = Database(path=path, engine=engine, database_id=_read_meta(engine, "database_id"))
    if auto_backup:
        backups.daily_backup(path)
    return db


def inspect_existing(path: Path) -> str:
    """Check, read-only, that `path` is a healthy PSM database we can open; return its revision.

    The one write allowed before that is SQLite's own recovery of a write cut short by a
    crash (a hot journal), and only once a copy has shown the file is a PSM database.
    """
    sqlite.check_sqlite_header(path)
    try:
        return _inspect(path, shown=path)
    except NotAPsmDatabaseError as exc:
        if not sqlite.needs_journal_rollback(exc.__cause__):
            raise
    with tempfile.TemporaryDirectory(prefix="psm-recupero-") as folder:
        copy = sqlite.copy_with_journal(path, Path(folder))
        sqlite.roll_back_journal(copy)
        _inspect(copy, shown=path)  # raises, leaving `path` untouched, if it is not ours
    try:
        sqlite.roll_back_journal(path)
    except sqlite3.Error as exc:
        raise NotAPsmDatabaseError(
            f"Il database {path} non è stato chiuso correttamente e non è possibile "
            f"ripristinarlo ({exc}): la cartella o il file sono protetti da scrittura?"
        ) from exc
    return _inspect(path, shown=path)


def _inspect(path: Path, *, shown: Path) -> str:
    """The checks of `inspect_existing` on `path`; messages name the file as `shown`."""
    try:
        conn = sqlite.connect_read_only(path)
    except sqlite3.Error as exc:
        raise NotAPsmDatabaseError(f"Impossibile aprire il file {shown}: {exc}.") from exc
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "psm_meta" not in tables or "alembic_version" not in tables:
            raise NotAPsmDatabaseError(
                f"Il file {shown} è un database SQLite ma non di PSM Desktop: "
                "non è stato modificato."
            )
        marker = conn.execute("SELECT value FROM psm_meta WHERE key = 'app'").fetchone()
        if marker is None or marker[0] != APP_MARKER:
            raise NotAPsmDatabaseError(
                f"Il file {shown} non è un database di PSM Desktop: non è stato modificato."
            )
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise NotAPsmDatabaseError(
                f"Il database {shown} è danneggiato ({check[0] if check else '?'}). "
                "Non è stato modificato: ripristina una copia di sicurezza."
            )
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise DatabaseLockedError(
                f"Il database {shown} è bloccato da un altro programma. Riprova tra poco."
            ) from exc
        raise NotAPsmDatabaseError(
            f"Il file {shown} è danneggiato o non è un database di PSM Desktop ({exc}). "
            "Non è stato modificato."
        ) from exc
    finally:
        conn.close()
    revision = row[0] if row else None
    if revision is None:
        # Our marker is there but the schema version is gone: damaged, not newer.
        raise NotAPsmDatabaseError(
            f"Il database {shown} è danneggiato: manca la versione dello schema. "
            "Non è stato modificato: ripristina una copia di sicurezza."
        )
    if revision not in migrations.known_revisions():
        raise NewerSchemaError(
            f"Il database {shown} è stato creato da una versione più recente di PSM Desktop "
            f"(schema {revision}). Aggiorna l'applicazione per aprirlo: "
            "il file non è stato modificato."
        )
    return str(revision)


def _create(path: Path, *, seed: bool) -> Database:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"Impossibile creare la cartella {path.parent}: {exc.strerror}."
        ) from exc
    existed = path.exists()
    engine = sqlite.make_engine(path, create=True)
    database_id = str(uuid.uuid4())
    try:
        with engine.begin() as connection:
            migrations.upgrade_to_head(connection)
            session = Session(bind=connection)
            session.add_all(
                [
                    Meta(key="app", value=APP_MARKER),
                    Meta(key="database_id", value=database_id),
                    Meta(key="created_at", value=dt.datetime.now(dt.UTC).isoformat()),
                    Meta(key="created_by_version", value=__version__),
                ]
            )
            if seed:
                seed_plan(session, read_seed())
            session.flush()
            session.close()
    except OperationalError as exc:
        engine.dispose()
        if not existed:
            path.unlink(missing_ok=True)
        raise translate_operational_error(exc, path) from exc
    except BaseException:
        engine.dispose()
        if not existed:
            path.unlink(missing_ok=True)
        raise
    return Database(path=path, engine=engine, database_id=database_id)


def _read_meta(engine: Engine, key: str) -> str:
    with engine.connect() as connection:
        value = connection.exec_driver_sql(
            "SELECT value FROM psm_meta WHERE key = ?", (key,)
        ).scalar()
    return str(value or "")
