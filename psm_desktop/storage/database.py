"""Open, create, migrate and back up the plan database.

`open_database` is the only way in: it refuses foreign, corrupt and newer files before
writing a single byte, copies the file before any migration, and keeps daily backups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from psm_desktop import __version__
from psm_desktop.errors import (
    DatabaseError,
    DatabaseLockedError,
    NewerSchemaError,
    NotAPsmDatabaseError,
    ReadOnlyDatabaseError,
    UserError,
)
from psm_desktop.model import Meta
from psm_desktop.storage import backups, journal, migrations, network_drive, postgres, sqlite
from psm_desktop.storage.access import Access
from psm_desktop.storage.os_errors import reason
from psm_desktop.storage.paths import backups_dir
from psm_desktop.storage.seed import read_seed, seed_plan

log = logging.getLogger(__name__)

APP_MARKER = "psm-desktop"


def restore_hint(path: Path) -> str:
    return f'le copie automatiche si elencano con «psm-desktop restore --db "{path}" --list»'


@dataclass
class Database:
    """An open plan database: the engine and a factory of short-lived sessions.

    `file` is the SQLite file, or None for a plan on a PostgreSQL server; `location` names
    either in messages (a server's URL never with its password).
    """

    engine: Engine
    database_id: str
    location: str
    file: Path | None = None
    # Why today's automatic copy could not be made, for the user (said once); else None.
    backup_problem: str | None = None
    # The file is on a network drive: what to tell the user before working on it; else None.
    network_warning: str | None = None
    # Opened read-only (someone else has the file open): every write is refused.
    read_only: bool = False
    session_factory: sessionmaker[Session] = field(init=False)
    write_session_factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        # Writes take the write lock when they begin, so a second writer waits its turn.
        self.write_session_factory = sessionmaker(
            sqlite.writing_engine(self.engine), expire_on_commit=False
        )

    @property
    def path(self) -> Path:
        """The SQLite file (backups, restore and the recent files need one)."""
        if self.file is None:
            raise DatabaseError(
                f"Il database {self.location} è su un server: non ha un file né copie "
                "automatiche (le copie di sicurezza del server le fa l'ufficio IT)."
            )
        return self.file

    @property
    def on_server(self) -> bool:
        return self.file is None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block ends normally, rolled back otherwise."""
        if self.read_only:
            raise ReadOnlyDatabaseError(
                f"Il database {self.location} è aperto in sola lettura: la modifica non è "
                "stata salvata. Per modificarlo riaprilo quando nessun altro lo sta usando."
            )
        session = self.write_session_factory()
        try:
            if self.file is not None:
                journal_page_one(session.connection())
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            translated = self._translate(exc)
            if translated is exc:
                raise
            raise translated from exc
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
            if self.file is None:
                postgres.ended_reading(session)
        except DBAPIError as exc:
            translated = self._translate(exc)
            if translated is exc:
                raise
            raise translated from exc
        finally:
            session.rollback()
            session.close()

    def _translate(self, exc: DBAPIError) -> Exception:
        if self.file is None:
            return postgres.translate_error(exc, self.location)
        if isinstance(exc, OperationalError):
            return translate_operational_error(exc, self.file)
        return exc

    def access(self) -> Access:
        """What this user may change: everything in a file; on a server, what the role and
        office allow (the interface greys out the rest; the server refuses it anyway)."""
        if self.file is not None:
            return Access(role=None, read_only=self.read_only, editable_actions=None)
        with self.engine.connect() as connection:
            user, role, actions = postgres.my_access(connection)
        return Access(
            role=role, read_only=role in (None, "lettore"), editable_actions=actions, user=user
        )

    def watch_changes(self) -> postgres.ChangeWatcher | None:
        """A watcher of the changes others make (on a server); None for a file."""
        if self.file is not None:
            return None
        return postgres.ChangeWatcher(self.engine)

    def save_copy(self, target: Path) -> None:
        """Write a consistent copy of the database to `target` (File > Salva una copia)."""
        sqlite.backup_to(self.path, target)

    def close(self) -> None:
        self.engine.dispose()


def journal_page_one(connection: Connection) -> None:
    """Make page 1 the first page this write transaction puts in the rollback journal.

    Rewriting user_version (to the same value) changes nothing but page 1, which SQLite
    journals at commit anyway to bump the change counter: no extra I/O. Doing it first
    means that if the application dies mid-transaction, its journal always holds page 1
    with the change counter of the file it was written for, so a journal left beside a
    file that has since been replaced (a backup copied over it) is recognised and never
    applied (storage/journal.py).
    """
    version = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    connection.exec_driver_sql(f"PRAGMA user_version = {version}")


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
    read_only: bool = False,
) -> Database:
    """Open the database at `path`, creating and seeding it if the file is new or empty.

    `path` may be a PostgreSQL URL (postgresql://user@host:5432/psm): see `open_server`.
    With `read_only` (a file someone else has open) nothing is ever written: no recovery,
    no migration, no daily copy, and SQLite itself refuses writes.
    """
    if postgres.is_server_url(path):
        return open_server(str(path))
    path = Path(path).expanduser()
    if read_only:
        return _open_read_only(path)
    if sqlite.is_empty_file(path):
        if not create:
            raise missing_or_empty(path)
        return _create(path, seed=seed)
    revision = inspect_existing(path)
    if revision != migrations.head_revision():
        try:
            backups.pre_migration_backup(path, revision)
        except (OSError, sqlite3.Error, UserError) as exc:  # UserError: from backup_to
            # Never migrate without the copy: the file is left as it is.
            log.warning("Pre-migration backup of %s failed: %r", path, exc)
            why = reason(exc) if isinstance(exc, OSError) else "errore nella copia"
            raise DatabaseError(
                f"Il database {path} va aggiornato, ma non è stato possibile farne prima "
                f"una copia di sicurezza nella cartella {backups_dir()}: {why}. "
                "Il file non è stato modificato."
            ) from exc
        engine = sqlite.make_engine(path)
        try:
            with engine.begin() as connection:
                journal_page_one(connection)
                migrations.upgrade_to_head(connection)
        except OperationalError as exc:
            engine.dispose()
            raise translate_operational_error(exc, path) from exc
    else:
        engine = sqlite.make_engine(path)
    db = Database(
        engine=engine,
        database_id=_read_meta(engine, "database_id"),
        location=str(path),
        file=path,
    )
    where = network_drive.network_location(path)
    if where is not None:
        log.warning("%s is on a network drive: %s", path, where)
        db.network_warning = network_drive.warning(path, where)
    if auto_backup and backups.daily_backup(path) is None:
        log.warning("No daily backup of %s could be made in %s", path, backups_dir())
        db.backup_problem = (
            f"non è stato possibile fare la copia di sicurezza giornaliera di {path.name} "
            f"nella cartella {backups_dir()} (disco pieno o cartella protetta da scrittura?). "
            "Si può continuare a lavorare; i dettagli sono nel registro."
        )
    return db


def _open_read_only(path: Path) -> Database:
    if sqlite.is_empty_file(path):
        raise missing_or_empty(path)
    sqlite.check_sqlite_header(path)
    try:
        revision = _inspect(path, shown=path)
    except NotAPsmDatabaseError as exc:
        if not sqlite.needs_journal_rollback(exc.__cause__):
            raise
        raise DatabaseError(
            f"Il database {path} non è stato chiuso correttamente, o chi lo usa lo sta "
            "salvando proprio ora: in sola lettura non si può aprire. Riprova tra poco."
        ) from exc
    if revision != migrations.head_revision():
        raise DatabaseError(
            f"Il database {path} va aggiornato a questa versione di PSM Desktop, cosa che in "
            "sola lettura non si può fare: aprilo normalmente quando nessun altro lo usa. "
            "Il file non è stato modificato."
        )
    engine = sqlite.make_engine(path, read_only=True)
    db = Database(
        engine=engine,
        database_id=_read_meta(engine, "database_id"),
        location=str(path),
        file=path,
        read_only=True,
    )
    where = network_drive.network_location(path)
    if where is not None:
        db.network_warning = network_drive.warning(path, where)
    return db


def missing_or_empty(path: Path) -> DatabaseError:
    """The error for a database that is not there, or is a 0-byte file."""
    if path.exists() and path.stat().st_size > 0:
        return NotAPsmDatabaseError(
            f"La creazione del database {path} si è interrotta prima della fine: il file "
            "non contiene dati e non è un database di PSM Desktop. Non è stato modificato."
        )
    if path.exists():
        return NotAPsmDatabaseError(
            f"Il file {path} è vuoto (0 byte): non è un database di PSM Desktop. "
            "Non è stato modificato."
        )
    return DatabaseError(f"Il database {path} non esiste.")


def inspect_existing(path: Path) -> str:
    """Check, read-only, that `path` is a healthy PSM database we can open; return its revision.

    The one write allowed before that is SQLite's own recovery of a write cut short by a
    crash (a hot journal), and only when the journal belongs to the file and a copy has
    shown that the recovered file is a PSM database.
    """
    sqlite.check_sqlite_header(path)
    try:
        return _inspect(path, shown=path)
    except NotAPsmDatabaseError as exc:
        if not sqlite.needs_journal_rollback(exc.__cause__):
            raise
    _refuse_stale_journal(path)
    try:
        with tempfile.TemporaryDirectory(prefix="psm-recupero-") as folder:
            copy = sqlite.copy_with_journal(path, Path(folder))
            sqlite.roll_back_journal(copy)
            _inspect(copy, shown=path)  # raises, leaving `path` untouched, if it is not ours
    except (OSError, sqlite3.Error) as exc:
        log.warning("Trial recovery of %s in a temporary folder failed: %r", path, exc)
        why = reason(exc) if isinstance(exc, OSError) else "errore di SQLite"
        raise DatabaseError(
            f"Il database {path} non era stato chiuso correttamente e non è stato possibile "
            f"provarne il recupero su una copia temporanea ({why}). "
            "Il file non è stato modificato."
        ) from exc
    _roll_back(path)
    return _inspect(path, shown=path)


def _refuse_stale_journal(path: Path) -> None:
    why = journal.stale_journal_reason(path)
    if why is None:
        return
    name = journal.journal_path(path).name
    log.warning("Refused to apply %s to %s: %s", name, path, why)
    raise NotAPsmDatabaseError(
        f"Il database {path} non si può aprire: accanto c'è il file di recupero {name}, "
        f"lasciato da un'interruzione, che non appartiene a questo database ({why}); "
        "forse il database è stato sostituito con una copia dopo l'interruzione. "
        "Applicarlo mescolerebbe due versioni dei dati. Nessuno dei due file è stato "
        f"modificato. Se {path.name} è la versione che vuoi usare, sposta {name} in "
        f"un'altra cartella e riapri il database; {restore_hint(path)}."
    )


def _roll_back(path: Path) -> None:
    """Let SQLite recover `path`; if it fails, say whether the file was written or not."""
    before = _digest(path)
    try:
        sqlite.roll_back_journal(path)
    except sqlite3.Error as exc:
        log.warning("Rollback of the journal of %s failed: %r", path, exc)
        name = journal.journal_path(path).name
        if _digest(path) == before:
            raise DatabaseError(
                f"Il database {path} non era stato chiuso correttamente e non è stato "
                "possibile riportarlo all'ultimo salvataggio: il file o la cartella sono "
                "protetti da scrittura. Il file non è stato modificato: rendi scrivibili "
                f"il file e la cartella (oppure copia {path.name} e {name} insieme in una "
                "cartella scrivibile) e riapri."
            ) from exc
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_IOERR_DELETE":
            raise DatabaseError(
                f"Il database {path} non era stato chiuso correttamente: è stato "
                "riportato all'ultimo salvataggio, ma il file di recupero "
                f"{name} non si può eliminare (la cartella è protetta da scrittura?). "
                f"Finché resta lì il database non si può aprire: rendi scrivibile la "
                f"cartella {path.parent}, oppure copia il solo {path.name} in una cartella "
                "scrivibile e apri la copia."
            ) from exc
        raise DatabaseError(
            f"Il database {path} non era stato chiuso correttamente e il suo recupero si è "
            "interrotto (disco pieno, unità scollegata?): il file è stato riportato solo in "
            f"parte all'ultimo salvataggio. Non spostare né cancellare {name}: il recupero "
            "riprenderà alla prossima apertura, quando il disco sarà di nuovo disponibile."
        ) from exc


def _digest(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def verify_copy(path: Path, *, shown: Path) -> str:
    """The checks of `inspect_existing` plus SQLite's full integrity check, on a copy that
    is about to replace a database (messages name it as `shown`); return its revision."""
    revision = _inspect(path, shown=shown)
    conn = sqlite.connect_read_only(path)
    try:
        problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(50)")]
    finally:
        conn.close()
    if problems != ["ok"]:
        log.warning("Integrity check of %s failed:\n%s", shown, "\n".join(problems))
        raise NotAPsmDatabaseError(
            f"La copia {shown} è danneggiata (il controllo di integrità ha trovato dei "
            "problemi, i dettagli sono nel registro)."
        )
    return revision


def _inspect(path: Path, *, shown: Path) -> str:
    """The checks of `inspect_existing` on `path`; messages name the file as `shown`."""
    try:
        conn = sqlite.connect_read_only(path)
    except sqlite3.Error as exc:
        log.warning("Cannot open %s read-only: %r", shown, exc)
        raise NotAPsmDatabaseError(
            f"Impossibile aprire il file {shown}: non è leggibile o l'unità non è "
            "raggiungibile. Non è stato modificato."
        ) from exc
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
        problems = [str(r[0]) for r in conn.execute("PRAGMA quick_check(50)")]
        if problems != ["ok"]:
            log.warning("Quick check of %s failed:\n%s", shown, "\n".join(problems))
            raise NotAPsmDatabaseError(
                f"Il database {shown} è danneggiato (il controllo di integrità ha trovato "
                "dei problemi, i dettagli sono nel registro). Non è stato modificato: "
                f"ripristina una copia di sicurezza; {restore_hint(shown)}."
            )
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise DatabaseLockedError(
                f"Il database {shown} è bloccato da un altro programma. Riprova tra poco."
            ) from exc
        if not sqlite.needs_journal_rollback(exc):
            log.warning("Cannot read %s: %r", shown, exc)
        raise NotAPsmDatabaseError(
            f"Il file {shown} è danneggiato o non è un database di PSM Desktop. "
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


def create_database(
    path: Path, *, seed: bool = True, populate: Callable[[Session], None] | None = None
) -> Database:
    """Create a new database at `path` in one transaction, `populate` included: if anything
    fails or the process is stopped, no half database is left (a journal rolled back on
    the next opening leaves an empty file, which counts as new)."""
    path = Path(path).expanduser()
    if not sqlite.is_empty_file(path):
        raise DatabaseError(f"Il file {path} esiste già: scegli un altro nome.")
    return _create(path, seed=seed, populate=populate)


def _create(
    path: Path, *, seed: bool, populate: Callable[[Session], None] | None = None
) -> Database:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("Cannot create the folder %s: %r", path.parent, exc)
        raise DatabaseError(
            f"Impossibile creare la cartella {path.parent}: {reason(exc)}."
        ) from exc
    existed = path.exists()
    engine = sqlite.make_engine(path, create=True)
    try:
        with engine.begin() as connection:
            database_id = build_schema(connection, seed=seed, populate=populate)
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
    return Database(engine=engine, database_id=database_id, location=str(path), file=path)


def build_schema(
    connection: Connection, *, seed: bool, populate: Callable[[Session], None] | None = None
) -> str:
    """Create the schema (the Alembic migrations) and the plan in an empty database, inside
    the caller's transaction; return the new database id."""
    database_id = str(uuid.uuid4())
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
    if populate is not None:
        populate(session)
    session.flush()
    session.close()
    return database_id


def open_server(url: str, *, administration: bool = False) -> Database:
    """Open the plan on a PostgreSQL server: the same checks as for a file (ours, not newer;
    a new database is filled only by `create_on_server`).

    The application works as one of the plan's users, never as the tables' owner or a
    superuser, for whom the server checks no permission: only `administration` (the IT
    office's `server` commands) connects so, and only then is an older schema migrated.
    """
    engine = postgres.make_engine(url)
    where = postgres.shown(url)
    with _disposed_on_error(engine, where):
        revision = _server_revision(engine, where)
        if revision is None:
            raise DatabaseError(
                f"Il database {where} sul server è vuoto: va preparato con "
                f'«psm-desktop server init --db "{where}"» (lo fa l\'ufficio IT).'
            )
        if not administration and postgres.is_owner(engine):
            raise DatabaseError(
                f"Il database {where} è stato aperto con l'utente proprietario delle tabelle "
                "o con un amministratore del server, per il quale il server non controlla i "
                "permessi: usa il tuo utente del piano (creato con «psm-desktop server "
                "add-user»)."
            )
        if revision != migrations.head_revision():
            if not administration:
                raise DatabaseError(
                    f"Il database {where} sul server va aggiornato a questa versione di "
                    "PSM Desktop: chiedi all'ufficio IT di eseguire «psm-desktop server init» "
                    "con l'utente proprietario. Il database non è stato modificato."
                )
            _migrate_server(engine, where)
        database_id = _read_meta(engine, "database_id")
    return Database(engine=engine, database_id=database_id, location=where)


def create_on_server(url: str, *, seed: bool = True) -> Database:
    """Create the schema and the plan in an empty server database, in one transaction."""
    engine = postgres.make_engine(url)
    where = postgres.shown(url)
    with _disposed_on_error(engine, where):
        if _server_revision(engine, where) is not None:
            raise DatabaseError(f"Il database {where} contiene già un piano di PSM Desktop.")
        with engine.begin() as connection:
            database_id = build_schema(connection, seed=seed)
    return Database(engine=engine, database_id=database_id, location=where)


@contextmanager
def _disposed_on_error(engine: Engine, where: str) -> Iterator[None]:
    """Close the server engine if opening fails; say what the server refused in Italian."""
    try:
        yield
    except DBAPIError as exc:
        engine.dispose()
        translated = postgres.translate_error(exc, where)
        if translated is exc:
            raise
        raise translated from exc
    except BaseException:
        engine.dispose()
        raise


def _server_revision(engine: Engine, where: str) -> str | None:
    """The schema revision of a server database, None if it is empty; refuse anything that
    is not ours, or is newer than this application."""
    tables = postgres.table_names(engine)
    if not tables:
        return None
    if "psm_meta" not in tables or "alembic_version" not in tables:
        raise NotAPsmDatabaseError(
            f"Il database {where} sul server non è di PSM Desktop: non è stato modificato."
        )
    if _read_meta(engine, "app") != APP_MARKER:
        raise NotAPsmDatabaseError(
            f"Il database {where} sul server non è di PSM Desktop: non è stato modificato."
        )
    revision = postgres.read_one(engine, "SELECT version_num FROM alembic_version")
    if revision is None:
        raise NotAPsmDatabaseError(
            f"Il database {where} sul server è danneggiato: manca la versione dello schema."
        )
    if revision not in migrations.known_revisions():
        raise NewerSchemaError(
            f"Il database sul server ({where}) è di una versione più recente di PSM Desktop "
            f"(schema {revision}). Aggiorna l'applicazione per aprirlo: "
            "il database non è stato modificato."
        )
    return str(revision)


def _migrate_server(engine: Engine, where: str) -> None:
    """Bring an older server schema to this version, in one transaction (PostgreSQL's DDL is
    transactional: a failure leaves it as it was); only the tables' owner may."""
    try:
        with engine.begin() as connection:
            migrations.upgrade_to_head(connection)
    except DBAPIError as exc:
        if postgres.sqlstate(exc) != postgres.INSUFFICIENT_PRIVILEGE:
            raise
        log.warning("Migration of %s refused by the server: %s", where, exc.orig)
        raise DatabaseError(
            f"Il database {where} sul server va aggiornato a questa versione di PSM Desktop, "
            "ma il tuo utente non ha il permesso di farlo: chiedi all'ufficio IT di eseguire "
            f'«psm-desktop server init --db "{where}"» con l\'utente proprietario. '
            "Il database non è stato modificato."
        ) from exc


def _read_meta(engine: Engine, key: str) -> str:
    with engine.connect() as connection:
        value = connection.execute(
            text("SELECT value FROM psm_meta WHERE key = :key"), {"key": key}
        ).scalar()
    return str(value or "")
