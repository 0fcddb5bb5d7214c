"""A new database holding an empty plan: its title, issuing body and period, and no axes.

The structure then comes from the user (the structure editor, the import of the axes'
texts). The zones are optional: the built-in ones belong to the Città metropolitana di
Torino, another body has its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from psm_desktop.errors import DatabaseError
from psm_desktop.model import Plan, Zone
from psm_desktop.storage import sqlite
from psm_desktop.storage.database import Database, open_database


def plan_code(title: str, period: str = "") -> str:
    """A short identifier of the plan: 'PIANO-STRATEGICO-CITTA-2025-2027'."""
    plain = unicodedata.normalize("NFKD", f"{title} {period}").encode("ascii", "ignore")
    words = re.findall(r"[A-Za-z0-9]+", plain.decode().upper())
    return "-".join(words)[:40].strip("-") or "PIANO"


def create_empty_plan(
    path: Path | str,
    *,
    title: str,
    issuer: str = "",
    period: str = "",
    zones: Sequence[str] = (),
) -> Database:
    """Create the database at `path` (new or empty file) with an empty plan; return it open."""
    path = Path(path).expanduser()
    refuse_existing(path, "scegli un file nuovo")
    db = open_database(path, seed=False, auto_backup=False)
    try:
        with db.transaction() as session:
            session.add(
                Plan(
                    code=plan_code(title, period),
                    title=title.strip(),
                    issuer=issuer.strip(),
                    period=period.strip(),
                )
            )
            session.add_all(Zone(position=i, name=n) for i, n in enumerate(zones, start=1))
    except BaseException:
        db.close()
        raise
    return db


def discard_new_database(path: Path | str) -> None:
    """Remove a database file this run created and could not finish (and its journal)."""
    path = Path(path).expanduser()
    for leftover in (path, sqlite.journal_path(path)):
        leftover.unlink(missing_ok=True)


def refuse_existing(path: Path | str, hint: str = "scegli un altro nome") -> None:
    """A new database is never written over an existing one."""
    path = Path(path).expanduser()
    if not sqlite.is_empty_file(path):
        raise DatabaseError(f"Il file {path} esiste già: {hint}.")
