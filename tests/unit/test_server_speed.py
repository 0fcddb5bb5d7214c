"""What keeps the server as quick as the file (issue 13.8), as behaviour: statements stay
prepared across operations, a reading session never keeps a write, a dropped connection is
replaced, the server does not compile queries, and a copied plan has its statistics."""

from __future__ import annotations

from pathlib import Path

import psycopg
from pgserver import PgServer
from sqlalchemy import select, text, update

from psm_desktop.model import Action
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.storage.copying import copy_plan
from psm_desktop.storage.database import Database


def _services(url: str) -> Services:
    return Services(open_database(url), EditContext(user="x", source="test"))


def _prepared(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(text("SELECT count(*) FROM pg_prepared_statements")) or 0)


def test_frequent_queries_stay_prepared_from_one_operation_to_the_next(pg_url: str) -> None:
    services = _services(pg_url)
    try:
        action_id = services.actions.get_by_code("1.1.1").id
        for _ in range(8):  # psycopg prepares a statement at its 5th run on a connection
            services.actions.get(action_id)
        assert _prepared(services.db) >= 3
        detail = services.actions.get(action_id)
        services.actions.update(detail.id, detail.version, {"progress": 40})
        assert _prepared(services.db) >= 3  # a commit keeps them too
        assert services.actions.get(action_id).progress == 40
    finally:
        services.db.close()


def test_a_write_in_a_reading_session_is_never_kept(pg_url: str) -> None:
    """The tracker's trial apply writes in a reading session, which must roll it back."""
    db = open_database(pg_url)
    try:
        with db.reading() as session:
            row = session.execute(select(Action.id, Action.progress).order_by(Action.id)).first()
            assert row is not None
            first, before = row
            session.execute(update(Action).where(Action.id == first).values(progress=99))
            assert session.scalar(select(Action.progress).where(Action.id == first)) == 99
        with db.reading() as session:
            kept = session.scalar(select(Action.progress).where(Action.id == first))
        assert kept == before != 99
    finally:
        db.close()


def test_an_unsaved_change_in_a_reading_session_is_never_written(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.reading() as session:
            action = session.scalars(select(Action).order_by(Action.id)).first()
            assert action is not None
            first, before = action.id, action.progress
            action.progress = 99  # never flushed
        with db.reading() as session:
            kept = session.scalar(select(Action.progress).where(Action.id == first))
        assert kept == before != 99
    finally:
        db.close()


def test_every_pooled_connection_dropped_by_the_server_is_replaced(
    pg_server: PgServer, pg_url: str
) -> None:
    services = _services(pg_url)
    try:
        detail = services.actions.get_by_code("1.1.1")
        for progress in (15, 25):
            # Waiting until they are gone: a connection only signalled may still work.
            pg_server.admin(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                "WHERE usename = 'psm_test_coord'"
            )
            detail = services.actions.update(detail.id, detail.version, {"progress": progress})
            assert services.actions.get(detail.id).progress == progress
    finally:
        services.db.close()


def test_the_server_does_not_compile_the_application_s_queries(pg_url: str) -> None:
    """JIT compiling cost a second on the list of 10,000 actions, to save milliseconds."""
    db = open_database(pg_url)
    try:
        with db.reading() as session:
            assert session.scalar(text("SHOW jit")) == "off"
    finally:
        db.close()


def test_a_plan_copied_to_the_server_has_its_statistics(db_path: Path, pg_server: PgServer) -> None:
    """Without them the server plans the first lists for a few hundred rows."""
    name = pg_server.new_database()
    try:
        copy_plan(db_path, pg_server.url(name))
        with psycopg.connect(pg_server.url(name)) as c:
            actions = c.execute("SELECT count(*) FROM action").fetchone()
            estimated = c.execute(
                "SELECT reltuples FROM pg_class WHERE relname = 'action'"
            ).fetchone()
        assert actions is not None and estimated is not None
        assert estimated[0] == actions[0] > 0
    finally:
        pg_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
