"""Everything PostgreSQL-specific: server URLs, the engine, the server's errors in Italian.

The plan can live on a PostgreSQL server shared by a coordination office (psycopg 3 as
the driver). Backups there are the IT office's job (pg_dump), not the application's: the
SQLite backup API, the journal checks and the daily copies have no meaning on a server.
"""

from __future__ import annotations

import logging
import select
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session

from psm_desktop.errors import (
    ConnectionLostError,
    DatabaseError,
    DatabaseLockedError,
    PermissionDeniedError,
    ServerPasswordError,
)
from psm_desktop.storage.paths import is_server_url

__all__ = ["is_server_url", "make_engine", "shown", "translate_error"]

log = logging.getLogger(__name__)


# SQLSTATE codes (PostgreSQL appendix A) the user is told about in plain words.
INSUFFICIENT_PRIVILEGE = "42501"
LOCK_NOT_AVAILABLE = "55P03"
DEADLOCK = "40P01"
SERIALIZATION = "40001"


def sqlalchemy_url(url: str) -> URL:
    """The SQLAlchemy URL for `url`, always with the psycopg 3 driver."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise DatabaseError(f"L'indirizzo del server {url} non è valido.") from exc
    if not parsed.database:
        raise DatabaseError(
            f"L'indirizzo del server {shown(url)} non indica il database "
            "(postgresql://utente@server:5432/NOMEDATABASE)."
        )
    return parsed.set(drivername="postgresql+psycopg")


def shown(url: str) -> str:
    """`url` as it may be shown or logged: never with its password."""
    try:
        return make_url(url.strip()).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str) -> Engine:
    """An engine on the server at `url`; the password, if any, comes from the URL or from
    libpq's own sources (~/.pgpass, PGPASSFILE, PGPASSWORD).

    Each operation costs as few round trips to the server as possible: a pooled connection
    is checked without one (`_lost`), and statements run often are kept prepared on it.
    """
    engine = create_engine(
        sqlalchemy_url(url),
        pool_size=2,
        max_overflow=4,
        connect_args={
            "application_name": "psm-desktop",
            "connect_timeout": 10,
            # The plan's queries are short: compiling them (JIT) costs more than it saves,
            # up to a second on the action list when the statistics are not yet there.
            "options": "-c jit=off",
        },
    )
    event.listen(engine, "checkout", _refuse_lost)
    event.listen(engine, "begin", _track_writes)
    event.listen(engine, "before_cursor_execute", _note_write)
    return engine


def _refuse_lost(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """A connection the server has dropped is replaced, not reused (the pool retries)."""
    if _lost(dbapi_connection):
        log.info("A pooled connection to the server was lost: replaced")
        raise DisconnectionError()


def _lost(dbapi_connection: Any) -> bool:
    """Whether the server has closed this idle connection, told without a round trip
    (a "SELECT 1" before every operation would double the cost of the small ones).

    An idle connection has nothing to read: if the socket is readable, the server has
    said goodbye (restarted, or the connection was terminated) and closed it.
    """
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    try:
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


_WROTE = "psm_wrote"


def _track_writes(connection: Connection) -> None:
    connection.info[_WROTE] = False


def _note_write(connection: Connection, cursor: Any, statement: str, *args: Any) -> None:
    if statement.lstrip()[:6].upper() != "SELECT":
        connection.info[_WROTE] = True


def ended_reading(session: Session) -> None:
    """End a read-only session's transaction with COMMIT when it wrote nothing (the same
    as a rollback for the data), else roll it back. psycopg forgets the statements it
    prepared on a connection at every ROLLBACK: committing keeps them prepared, so the
    server plans the application's frequent queries once, not at every operation."""
    pending = session.new or session.dirty or session.deleted  # a commit would write them
    if session.in_transaction() and not pending and not session.connection().info.get(_WROTE, True):
        session.commit()
    else:
        session.rollback()


def sqlstate(exc: DBAPIError) -> str:
    return str(getattr(exc.orig, "sqlstate", "") or "")


def translate_error(exc: DBAPIError, where: str) -> Exception:
    """An Italian message for what the server refused; other errors are returned as they are."""
    code = sqlstate(exc)
    if code == INSUFFICIENT_PRIVILEGE:
        log.warning("The server %s refused a statement: %s", where, exc.orig)
        return PermissionDeniedError(
            f"Il server {where} non ha permesso la modifica: il tuo utente non ha i permessi "
            "per cambiare questi dati (può farlo un coordinatore o l'ufficio assegnatario). "
            "Nulla è stato salvato."
        )
    if code in (LOCK_NOT_AVAILABLE, DEADLOCK, SERIALIZATION):
        return DatabaseLockedError(
            f"Il database {where} è occupato da un'altra modifica in corso. "
            "Riprova tra qualche secondo."
        )
    if isinstance(exc, OperationalError):
        log.warning("Server %s unreachable: %r", where, exc.orig)
        refused = connection_refusal(str(exc.orig or exc), where)
        if refused is not None:
            return refused
        return ConnectionLostError(
            f"Connessione al server {where} persa o impossibile (rete, server spento, "
            "utente o password non accettati): le modifiche non sono state salvate. "
            "I dettagli sono nel registro."
        )
    return exc


def connection_refusal(text: str, where: str) -> DatabaseError | None:
    """What a failed connection means, from libpq's message (it gives no SQLSTATE then);
    None when it is none of the cases a user can fix by name."""
    try:
        url = make_url(where)
        user, database = url.username or "", url.database or ""
        host = url.host or url.query.get("host") or "localhost"
    except ArgumentError:
        user = database = host = ""
    if "no password supplied" in text:
        return ServerPasswordError(
            f"Il server {host} chiede la password dell'utente {user} per il database {database}.",
            needed=True,
        )
    if "password authentication failed" in text:
        return ServerPasswordError(
            f"Il server {host} non ha accettato la password dell'utente {user}: controlla "
            "la password (maiuscole e minuscole contano) e riprova.",
            needed=False,
        )
    if f'database "{database}" does not exist' in text:
        return DatabaseError(
            f"Sul server {host} non esiste il database {database}: controlla il nome "
            "(lo sa l'ufficio IT)."
        )
    if f'role "{user}" does not exist' in text:
        return DatabaseError(
            f"Sul server {host} non esiste l'utente {user}: controlla il nome, o chiedi "
            "all'ufficio IT di crearlo («psm-desktop server add-user»)."
        )
    unreachable = (
        "Connection refused",
        "could not translate host name",
        "failed to resolve host",
        "timeout expired",
        "No such file or directory",
        "Network is unreachable",
        "No route to host",
    )
    if any(part in text for part in unreachable):
        return ConnectionLostError(
            f"Connessione al server {host} persa o impossibile: il server non risponde. "
            "Controlla il nome del server e la porta, e che il computer sia collegato alla "
            "rete dell'ufficio (o il server è spento). I dettagli sono nel registro."
        )
    return None


def table_names(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
        return {str(r[0]) for r in rows}


def read_one(engine: Engine, sql: str, *params: Any) -> Any:
    with engine.connect() as connection:
        return connection.exec_driver_sql(sql, tuple(params)).scalar()


def is_owner(engine: Engine) -> bool:
    """Whether the connected user is a superuser or owns the plan's tables (or is a member of
    the role that does): the server checks no grants nor row policies for them."""
    return bool(
        read_one(
            engine,
            "SELECT r.rolsuper OR pg_has_role(current_user, t.tableowner, 'MEMBER') "
            "FROM pg_roles r, pg_tables t WHERE r.rolname = current_user "
            "AND t.schemaname = current_schema() AND t.tablename = 'psm_meta'",
        )
    )


CHANNEL = "psm_modifiche"
LOST = "Connessione al server persa: le modifiche non salvate restano nei campi; riprovo…"


class ChangeWatcher:
    """Changes made by others on the server, announced by its change-log trigger
    (LISTEN/NOTIFY) on a connection of its own."""

    def __init__(self, engine: Engine) -> None:
        import psycopg

        conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._where = shown(conninfo)
        try:
            self._connection = psycopg.connect(conninfo, autocommit=True, connect_timeout=5)
            self._connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            raise self._lost(exc) from exc

    def poll(self, timeout: float) -> list[str]:
        """What changed ('entity:id') within `timeout` seconds; [] if nothing did.
        A connection the server dropped raises ConnectionLostError."""
        import psycopg

        try:
            found = [n.payload for n in self._connection.notifies(timeout=timeout, stop_after=1)]
            # Drain what else is already there without waiting again.
            found += [n.payload for n in self._connection.notifies(timeout=0)]
        except psycopg.Error as exc:
            raise self._lost(exc) from exc
        if self._connection.closed or self._connection.broken:
            raise self._lost(None)
        return found

    def _lost(self, exc: Exception | None) -> ConnectionLostError:
        log.warning("Change watcher on %s lost its connection: %r", self._where, exc)
        return ConnectionLostError(LOST)

    def close(self) -> None:
        self._connection.close()


def my_access(connection: Connection) -> tuple[str, str | None, frozenset[int] | None]:
    """The connected user's name, its role on the plan and, for an office, the actions it
    may edit (None: all of them). A user unknown to the plan (no roles installed) gets no
    role."""
    user = str(connection.exec_driver_sql("SELECT current_user").scalar())
    if not connection.exec_driver_sql("SELECT to_regclass('psm_server_user')").scalar():
        return user, None, None
    role = connection.exec_driver_sql("SELECT psm_my_role()").scalar()
    if role != "ufficio":
        return user, (str(role) if role else None), None
    rows = connection.exec_driver_sql(
        "SELECT a.action_id FROM assignment a JOIN psm_server_user u "
        "ON u.stakeholder_id = a.stakeholder_id WHERE u.name = current_user"
    )
    return user, "ufficio", frozenset(int(r[0]) for r in rows)
