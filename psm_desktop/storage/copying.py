"""A whole plan copied between a SQLite file and a PostgreSQL server, either way.

From the server to a file: a complete plan to carry to a meeting or into the field (its
changes come back through the tracker, as any office's do). From a file to a new server
database: an existing plan moved onto the server, history included. The copy keeps the
plan's identity (its database id): it is the same plan, not a new one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, delete, func, insert, select

from psm_desktop.atomic_files import atomic_write
from psm_desktop.errors import DatabaseError
from psm_desktop.model import Base
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.storage import sqlite
from psm_desktop.storage.database import (
    Database,
    create_database,
    create_on_server,
    open_database,
    open_server,
)
from psm_desktop.storage.paths import is_server_url

log = logging.getLogger(__name__)

BATCH = 2000


@dataclass(frozen=True)
class CopyResult:
    target: str
    rows: dict[str, int]  # table -> rows copied


def copy_plan(source: Path | str, target: Path | str) -> CopyResult:
    """Copy every table of the plan at `source` into a new plan at `target` (a file that
    does not exist yet, or an empty server database), in one transaction."""
    if is_server_url(source) == is_server_url(target):
        raise DatabaseError(
            "La copia va da un server a un file o da un file a un server: "
            "per copiare un file usa File › Salva una copia."
        )
    src = (
        open_server(str(source), administration=True)
        if is_server_url(source)
        else (open_database(source, create=False, auto_backup=False))
    )
    try:
        dst = _new_target(target)
        try:
            rows = _copy_tables(src, dst)
        finally:
            dst.close()
    finally:
        src.close()
    return CopyResult(target=dst.location, rows=rows)


def save_local_copy(
    source: Database, target: Path, progress: ProgressCallback = no_progress
) -> CopyResult:
    """A complete SQLite copy of the open plan `source` (a server's or a file's) at
    `target`, written beside it and renamed into place: a failure or Cancel leaves nothing
    under `target`'s name (an older file there stays as it was)."""
    if not source.on_server:
        progress(0, 1, "Copia del database…")
        sqlite.backup_to(source.path, target)
        progress(1, 1)
        return CopyResult(target=str(target), rows={})
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target) as temp:
        try:
            dst = create_database(temp, seed=False)
            try:
                rows = _copy_tables(source, dst, progress)
            finally:
                dst.close()
        finally:
            sqlite.journal_path(temp).unlink(missing_ok=True)  # a rolled back copy's
    return CopyResult(target=str(target), rows=rows)


def _new_target(target: Path | str) -> Database:
    if is_server_url(target):
        return create_on_server(str(target), seed=False)
    path = Path(target).expanduser()
    if not sqlite.is_empty_file(path):
        raise DatabaseError(f"Il file {path} esiste già: scegli un altro nome.")
    return create_database(path, seed=False)


def _copy_tables(
    src: Database, dst: Database, progress: ProgressCallback = no_progress
) -> dict[str, int]:
    tables = [t for t in Base.metadata.sorted_tables if t.name != "alembic_version"]
    counts: dict[str, int] = {}
    with src.engine.connect() as reader, dst.engine.begin() as writer:
        if src.on_server:  # one snapshot of every table, while others keep editing
            reader.execution_options(isolation_level="REPEATABLE READ")
        # The new plan's own identity rows give way to the source's.
        writer.execute(delete(Base.metadata.tables["psm_meta"]))
        for done, table in enumerate(tables):
            progress(done, len(tables), f"Copia dei dati: tabella {done + 1} di {len(tables)}…")
            counts[table.name] = _copy_table(reader, writer, table)
        progress(len(tables), len(tables))
        if dst.on_server:
            _restart_sequences(writer, tables)
            # Statistics now, not whenever autovacuum gets to it: without them the server
            # plans the first queries on a large plan for a few hundred rows.
            writer.exec_driver_sql("ANALYZE")
    log.info("Plan copied from %s to %s: %s", src.location, dst.location, counts)
    return counts


def _copy_table(reader: Connection, writer: Connection, table: Table) -> int:
    order = list(table.primary_key.columns) or list(table.columns)
    result = reader.execute(select(table).order_by(*order))
    copied = 0
    while batch := result.mappings().fetchmany(BATCH):
        writer.execute(insert(table), [dict(row) for row in batch])
        copied += len(batch)
    return copied


def _restart_sequences(writer: Connection, tables: list[Table]) -> None:
    """Rows came with their ids: the server's id counters must start after them."""
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not key[0].autoincrement or key[0].name != "id":
            continue
        sequence = writer.exec_driver_sql(
            f"SELECT pg_get_serial_sequence('{table.name}', 'id')"
        ).scalar()
        if sequence is None:
            continue
        highest = writer.execute(select(func.max(key[0]))).scalar()
        if highest is not None:
            writer.exec_driver_sql(f"SELECT setval('{sequence}', {int(highest)})")
