"""Helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from psm_desktop.errors import UserError
from psm_desktop.services import SOURCE_CLI, EditContext, Services
from psm_desktop.storage import Database, open_database, presence
from psm_desktop.storage.paths import db_location, default_location, is_server_url

# argparse's type for `add_subparsers()`; private in name only, it is what typeshed uses.
if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[Any]
else:  # not subscriptable at run time on Python 3.11
    Subparsers = argparse._SubParsersAction


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=db_location,
        default=argparse.SUPPRESS,
        help="file del database o indirizzo del server (postgresql://utente@server/nome; "
        "predefinito: PSM_DESKTOP_DB o la cartella dati dell'utente)",
    )


def location(args: argparse.Namespace) -> Path | str:
    """The database of `args`: a file, or a PostgreSQL server's URL."""
    value: Path | str | None = getattr(args, "db", None)
    return value if value is not None else default_location()


def db_path(args: argparse.Namespace) -> Path:
    """The database file of `args`, for the commands that work on a file only."""
    value = location(args)
    if isinstance(value, str) or is_server_url(value):
        raise UserError(
            f"questo comando vale solo per un database su file, non per il server {value}"
        )
    return value


def open_db(args: argparse.Namespace, *, create: bool = True, write: bool = True) -> Database:
    """Open the database of `args`; only a command that will `write` makes the daily backup
    (and says once, on stderr, if it could not)."""
    db = open_database(location(args), create=create, auto_backup=write)
    if db.network_warning:
        print(f"Attenzione: {db.network_warning}", file=sys.stderr)
    if db.backup_problem:
        print(f"Attenzione: {db.backup_problem}", file=sys.stderr)
    if write and db.file is not None:
        _warn_if_open_elsewhere(db.file)
    return db


def _warn_if_open_elsewhere(path: Path) -> None:
    """A window has the file open: the command still writes (each of its writes is checked
    against the version it read, and so are the window's), but its user should know."""
    someone = presence.holder(path)
    if someone is None:
        return
    print(
        f"Attenzione: {someone.opened_by(path)} Le modifiche di questo comando vengono salvate; "
        "se nella finestra si modifica un dato cambiato qui, la modifica viene rifiutata e "
        "bisogna ricaricare i dati.",
        file=sys.stderr,
    )


def services_for(db: Database, source: str = SOURCE_CLI) -> Services:
    return Services(db, EditContext.default(source=source))


T = TypeVar("T")


def call_services(
    args: argparse.Namespace, use: Callable[[Services], T], *, write: bool = True
) -> T:
    """Open the database named by `args`, run one service call, close it again; only a call
    that may `write` makes the daily backup."""
    db = open_db(args, create=False, write=write)
    try:
        return use(services_for(db))
    finally:
        db.close()


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
