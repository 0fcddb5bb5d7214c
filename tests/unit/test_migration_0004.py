"""Migration 0004 (the office fields) on a plan written by the release before it.

`psm-release-0003.sqlite` was made by the 0003 release's own code (tests/fixtures/
make_release_db.py): a seeded plan with stakeholders, assignments, deadlines, a closed
period and its snapshot, indicators with values and targets, a campaign with a proposed
change, axis links and the change log. After the upgrade every row of every table is
still there, unchanged; the actions gain empty office fields. On a PostgreSQL server the
same rows are loaded into a schema built up to 0003, then migrated.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pgserver import PgServer
from sqlalchemy import Connection, MetaData, create_engine, insert, select, text
from sqlalchemy.exc import IntegrityError

from psm_desktop.model import Base, Competence
from psm_desktop.services import EditContext, Services
from psm_desktop.services.filters import ActionFilter
from psm_desktop.storage import backups, migrations, open_database, postgres
from psm_desktop.storage.database import open_server

RELEASE_0003 = Path(__file__).resolve().parents[1] / "fixtures/databases/psm-release-0003.sqlite"
NEW_COLUMNS = ("cup", "pnrr", "dup_objective", "competence")

Rows = dict[str, list[tuple[Any, ...]]]


def _rows(conn: Connection, tables: list[str]) -> Rows:
    """Every row of `tables` as typed values (dates, decimals), in a stable order, with the
    columns the release had (the tables are reflected: the engine's own types)."""
    meta = MetaData()
    meta.reflect(conn, only=tables)
    found: Rows = {}
    for name in tables:
        table = meta.tables[name]
        columns = [table.c[c] for c in _release_columns()[name]]
        found[name] = sorted((tuple(r) for r in conn.execute(select(*columns))), key=repr)
    return found


_COLUMNS: dict[str, list[str]] = {}


def _release_columns() -> dict[str, list[str]]:
    """Table -> its columns in the release's schema (read once from the fixture)."""
    if not _COLUMNS:
        conn = sqlite3.connect(f"file:{RELEASE_0003}?mode=ro", uri=True)
        try:
            tables = [
                t
                for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if t != "alembic_version"
            ]
            for table in tables:
                _COLUMNS[table] = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        finally:
            conn.close()
    return _COLUMNS


def _sqlite_rows(path: Path) -> Rows:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return _rows(conn, list(_release_columns()))
    finally:
        engine.dispose()


def _every_table_has_rows(rows: Rows) -> None:
    # A table left empty would let a lost row go unnoticed.
    assert all(rows[t] for t in rows), [t for t in rows if not rows[t]]


def _use_the_new_fields(services: Services) -> None:
    a = services.actions.get_by_code("1.1.1")
    services.actions.update(
        a.id, a.version, {"cup": "J81B19000000012", "sdgs": [9, 11], "competence": "regia"}
    )
    detail = services.actions.get_by_code("1.1.1")
    assert (detail.cup, detail.sdgs, detail.competence) == (
        "J81B19000000012",
        {9, 11},
        Competence.COORDINATION,
    )
    assert detail.progress == 40 and detail.notes == "Nota scritta dalla versione precedente."
    assert [r.code for r in services.actions.list_actions(ActionFilter(sdg=11))] == ["1.1.1"]
    # The period closed by the release reads back from its snapshot, office fields empty.
    state = services.periods.state("2025-S1")
    frozen = next(x for x in state.actions if x.code == "1.1.1")
    assert (frozen.progress, frozen.cup, frozen.sdgs) == (40, None, ())


def test_a_release_0003_file_upgrades_and_keeps_every_row(tmp_path: Path) -> None:
    copy = tmp_path / "piano.sqlite"
    shutil.copyfile(RELEASE_0003, copy)
    before = _sqlite_rows(copy)
    _every_table_has_rows(before)

    db = open_database(copy)
    try:
        with db.engine.connect() as conn:
            assert migrations.current_revision(conn) == migrations.head_revision() == "0004"
            assert conn.exec_driver_sql("SELECT count(*) FROM action_sdg").scalar() == 0
            empty = " AND ".join(f"{c} IS NULL" for c in NEW_COLUMNS)
            assert conn.exec_driver_sql(f"SELECT count(*) FROM action WHERE {empty}").scalar() == 24
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        db.close()
    assert _sqlite_rows(copy) == before

    pre = [p for p in backups.list_backups(copy) if p.name.startswith("pre-migrazione-0003")]
    assert len(pre) == 1 and _sqlite_rows(pre[0]) == before

    db = open_database(copy)
    try:
        _use_the_new_fields(Services(db, EditContext(user="Tester", source="test")))
        with db.engine.connect() as conn, pytest.raises(IntegrityError):
            conn.exec_driver_sql("UPDATE action SET competence = 'mista' WHERE code = '1.1.1'")
    finally:
        db.close()


@pytest.fixture
def server_0003(pg_server: PgServer) -> Iterator[str]:
    """A server database at schema 0003 holding the release file's rows (owner's URL)."""
    name = pg_server.new_database()
    url = pg_server.url(name)
    engine = postgres.make_engine(url)
    source = create_engine(f"sqlite:///{RELEASE_0003}")
    try:
        with engine.begin() as conn:
            config = migrations.alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "0003")
            target = MetaData()
            target.reflect(conn)
            release = MetaData()
            release.reflect(source)
            with source.connect() as reader:
                for table in release.sorted_tables:
                    rows = [dict(r._mapping) for r in reader.execute(select(table))]
                    if table.name != "alembic_version" and rows:
                        conn.execute(insert(target.tables[table.name]), rows)
            for table in target.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement is not False:
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT max(id) FROM {table.name}))"
                        )
                    )
    finally:
        source.dispose()
        engine.dispose()
    yield url
    pg_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_server_plan_at_0003_upgrades_and_keeps_every_row(server_0003: str) -> None:
    engine = postgres.make_engine(server_0003)
    try:
        with engine.connect() as conn:
            before = _rows(conn, list(_release_columns()))
    finally:
        engine.dispose()
    assert before == _sqlite_rows(RELEASE_0003)  # the same plan as the release's file
    _every_table_has_rows(before)

    db = open_server(server_0003, administration=True)  # the IT office's `server init`
    try:
        with db.engine.connect() as conn:
            assert migrations.current_revision(conn) == "0004"
            assert _rows(conn, list(_release_columns())) == before
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(context, Base.metadata) == []
            checks = {
                name
                for (name,) in conn.execute(
                    text("SELECT conname FROM pg_constraint WHERE contype = 'c'")
                )
            }
            assert {"ck_action_competence", "ck_action_sdg_goal_range"} <= checks
        _use_the_new_fields(Services(db, EditContext(user="Tester", source="test")))
        with db.engine.connect() as conn, pytest.raises(IntegrityError):
            conn.execute(text("INSERT INTO action_sdg (action_id, goal) VALUES (1, 18)"))
    finally:
        db.close()
