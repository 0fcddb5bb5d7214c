"""The plan on a real PostgreSQL server: set-up commands, schema checks, and permissions
enforced by the server itself (through the application and through plain SQL)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from clirun import run_cli
from pgserver import PgServer

from psm_desktop import resources
from psm_desktop.cli import main
from psm_desktop.errors import DatabaseError, NewerSchemaError, StaleWriteError
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import migrations, open_database
from psm_desktop.storage.database import open_server

OFFICE_A = "Ufficio Mobilità"
OFFICE_B = "Ufficio Ambiente"


@pytest.fixture
def plan(pg_server: PgServer) -> Iterator[str]:
    """An empty server database made into a plan by `server init`, with two offices,
    each assigned to one action, and three users (the owner's URL is returned)."""
    name = pg_server.new_database()
    url = pg_server.url(name)
    assert main(["server", "init", "--db", url]) == 0
    db = open_server(url, administration=True)
    try:
        owner = Services(db, EditContext(user="IT", source="test"))
        first, second = owner.actions.list_actions()[:2]
        a = owner.stakeholders.create(OFFICE_A)
        b = owner.stakeholders.create(OFFICE_B)
        owner.assignments.assign(first.id, a.id)
        owner.assignments.assign(second.id, b.id)
    finally:
        db.close()
    for user, role, office in (
        ("coord1", "coordinatore", None),
        ("mobilita1", "ufficio", OFFICE_A),
        ("lettore1", "lettore", None),
    ):
        args = ["server", "add-user", "--db", url, "--user", user, "--role", role]
        assert main(args + (["--stakeholder", office] if office else [])) == 0
    yield url
    pg_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _as(pg_server: PgServer, url: str, user: str) -> str:
    return pg_server.url(url.split("@/")[1].split("?")[0], user=user)


def _services(url: str, user: str = "x") -> Services:
    return Services(open_database(url), EditContext(user=user, source="test"))


def _codes(pg_server: PgServer, url: str) -> tuple[int, int]:
    with psycopg.connect(url) as c:
        rows = c.execute(
            "SELECT a.action_id, s.name FROM assignment a JOIN stakeholder s "
            "ON s.id = a.stakeholder_id ORDER BY a.action_id"
        ).fetchall()
    ids = {name: action_id for action_id, name in rows}
    return ids[OFFICE_A], ids[OFFICE_B]


def test_server_users_lists_roles_and_offices(
    plan: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["server", "users", "--db", plan, "--json"]) == 0
    users = json.loads(capsys.readouterr().out)
    assert users == [
        {"user": "coord1", "role": "coordinatore", "stakeholder": None},
        {"user": "lettore1", "role": "lettore", "stakeholder": None},
        {"user": "mobilita1", "role": "ufficio", "stakeholder": OFFICE_A},
    ]


def test_office_edits_its_action_and_the_log_names_the_database_user(
    pg_server: PgServer, plan: str
) -> None:
    mine, _ = _codes(pg_server, plan)
    services = _services(_as(pg_server, plan, "mobilita1"), user="Nome nel client")
    try:
        detail = services.actions.get(mine)
        services.actions.update(mine, detail.version, {"progress": 40})
        services.deadlines.add(mine, "Consegna", dt.date(2026, 9, 1))
        assert services.actions.get(mine).progress == 40
    finally:
        services.db.close()
    with psycopg.connect(plan) as c:
        users = {r[0] for r in c.execute('SELECT DISTINCT "user" FROM change_log').fetchall()}
    assert "mobilita1" in users and "Nome nel client" not in users


def test_office_is_refused_by_the_server_on_another_offices_action(
    pg_server: PgServer, plan: str
) -> None:
    _, theirs = _codes(pg_server, plan)
    services = _services(_as(pg_server, plan, "mobilita1"))
    try:
        detail = services.actions.get(theirs)
        with pytest.raises(DatabaseError, match="permessi"):
            services.actions.update(theirs, detail.version, {"progress": 40})
        with pytest.raises(DatabaseError, match="permessi"):
            services.deadlines.add(theirs, "Consegna", dt.date(2026, 9, 1))
        assert services.actions.get(theirs).progress == detail.progress
    finally:
        services.db.close()


def test_office_with_plain_sql_gets_no_more_than_the_application(
    pg_server: PgServer, plan: str
) -> None:
    mine, theirs = _codes(pg_server, plan)
    with psycopg.connect(_as(pg_server, plan, "mobilita1"), autocommit=True) as c:
        c.execute("UPDATE action SET progress = 10 WHERE id = %s", (mine,))
        for sql, params in (
            ("UPDATE action SET progress = 10 WHERE id = %s", (theirs,)),
            ("UPDATE action SET progress = 10", ()),
            ("DELETE FROM action WHERE id = %s", (mine,)),
            (
                "INSERT INTO deadline (action_id, title, due_date, notes, version) "
                "VALUES (%s, 'x', '2026-01-01', '', 1)",
                (theirs,),
            ),
            ("UPDATE stakeholder SET name = 'x'", ()),
            ("DELETE FROM change_log", ()),
            ("UPDATE psm_server_user SET role = 'coordinatore'", ()),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(sql, params)  # type: ignore[arg-type]
    with psycopg.connect(plan) as c:
        progress = dict(c.execute("SELECT id, progress FROM action").fetchall())
    assert progress[mine] == 10 and progress[theirs] == 0


def test_reader_is_refused_every_write(pg_server: PgServer, plan: str) -> None:
    mine, _ = _codes(pg_server, plan)
    services = _services(_as(pg_server, plan, "lettore1"))
    try:
        assert len(services.actions.list_actions()) == 24
        detail = services.actions.get(mine)
        with pytest.raises(DatabaseError, match="permessi"):
            services.actions.update(mine, detail.version, {"progress": 40})
    finally:
        services.db.close()
    with psycopg.connect(plan) as c:
        tables = [
            r[0]
            for r in c.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
    with psycopg.connect(_as(pg_server, plan, "lettore1"), autocommit=True) as c:
        for table in tables:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(f"DELETE FROM {table}")  # type: ignore[arg-type]
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(f"INSERT INTO {table} DEFAULT VALUES")  # type: ignore[arg-type]


def test_coordinator_edits_every_action(pg_server: PgServer, plan: str) -> None:
    _, theirs = _codes(pg_server, plan)
    services = _services(_as(pg_server, plan, "coord1"))
    try:
        detail = services.actions.get(theirs)
        services.actions.update(theirs, detail.version, {"progress": 70})
        assert services.actions.get(theirs).progress == 70
    finally:
        services.db.close()


def test_newer_schema_on_the_server_is_refused(pg_server: PgServer, plan: str) -> None:
    with psycopg.connect(plan) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(NewerSchemaError, match="più recente"):
        open_database(plan)


def test_the_application_never_works_as_the_tables_owner(pg_owner_url: str) -> None:
    with pytest.raises(DatabaseError, match="proprietario"):
        open_database(pg_owner_url)


def test_an_empty_server_database_is_not_filled_by_the_application(
    pg_server: PgServer,
) -> None:
    url = pg_server.url(pg_server.new_database())
    with pytest.raises(DatabaseError, match="server init"):
        open_database(url)


def test_commands_take_the_server_url_from_db_and_from_the_environment(
    pg_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run_cli(capsys, "actions", "--db", pg_url, "--json")
    assert code == 0, err
    assert len(json.loads(out)) == 24
    monkeypatch.setenv("PSM_DESKTOP_DB", pg_url)
    code, out, err = run_cli(capsys, "actions", "--axis", "1")
    assert code == 0, err
    assert "1.1.1" in out


def test_file_only_commands_say_so_for_a_server(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "check", "--db", pg_url)
    assert code != 0
    assert "solo per un database su file" in err


def test_a_user_who_may_not_migrate_is_told_and_nothing_changes(
    pg_server: PgServer, plan: str
) -> None:
    with psycopg.connect(plan) as c:  # as if the plan were one version behind
        c.execute("UPDATE alembic_version SET version_num = '0001'")
    with pytest.raises(DatabaseError, match=r"va aggiornato.*ufficio IT"):
        open_database(_as(pg_server, plan, "coord1"))
    with psycopg.connect(plan) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_two_clients_saving_the_same_action_at_once(pg_url: str) -> None:
    """The second save waits for the first one's lock, then is refused as stale."""
    mine = _services(pg_url, user="Io")
    try:
        detail = mine.actions.get_by_code("1.1.1")
        with psycopg.connect(pg_url) as other:  # the other client's save, not yet committed
            other.execute(
                "UPDATE action SET progress = 70, version = version + 1 WHERE id = %s",
                (detail.id,),
            )
            outcome: list[BaseException | None] = []

            def save() -> None:
                try:
                    mine.actions.update(detail.id, detail.version, {"progress": 10})
                    outcome.append(None)
                except BaseException as exc:
                    outcome.append(exc)

            worker = threading.Thread(target=save)
            worker.start()
            worker.join(timeout=1.5)
            assert worker.is_alive(), "the second save must wait for the first one's lock"
            other.commit()
            worker.join(timeout=30)
        assert len(outcome) == 1 and isinstance(outcome[0], StaleWriteError)
        assert mine.actions.get(detail.id).progress == 70
    finally:
        mine.db.close()


NEXT_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0003_test"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("plan", sa.Column("extra", sa.Text(), nullable=True))
    op.execute("UPDATE plan SET extra = 'migrata'")
    {fail}
"""


def _add_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, fail: bool) -> None:
    """Make this application one schema revision newer than the server's plan."""
    folder = tmp_path / "migrations"
    shutil.copytree(
        resources.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__")
    )
    text = NEXT_REVISION.format(
        down=migrations.head_revision(),
        fail="raise RuntimeError('migrazione fallita apposta')" if fail else "",
    )
    (folder / "versions" / "0003_test.py").write_text(text, encoding="utf-8")
    monkeypatch.setattr(migrations, "migrations_dir", lambda: folder)


def test_server_init_migrates_an_older_server_plan(
    pg_owner_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_revision(tmp_path, monkeypatch, fail=False)
    assert main(["server", "init", "--db", pg_owner_url]) == 0
    with psycopg.connect(pg_owner_url) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003_test",)
        assert c.execute("SELECT extra FROM plan").fetchone() == ("migrata",)


def test_a_failed_migration_leaves_the_server_plan_as_it_was(
    pg_owner_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = migrations.head_revision()
    _add_revision(tmp_path, monkeypatch, fail=True)
    with pytest.raises(RuntimeError, match="fallita apposta"):
        open_server(pg_owner_url, administration=True)
    with psycopg.connect(pg_owner_url) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
        columns = c.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'plan'"
        ).fetchall()
    assert ("extra",) not in columns


def test_coordinators_change_settings_but_not_the_plans_identity(
    pg_server: PgServer, plan: str
) -> None:
    with psycopg.connect(_as(pg_server, plan, "coord1"), autocommit=True) as c:
        c.execute("INSERT INTO psm_meta (key, value) VALUES ('health.on_track', '80')")
        # The identity rows are out of the coordinators' reach: an update finds none.
        changed = c.execute("UPDATE psm_meta SET value = 'altro' WHERE key = 'database_id'")
        assert changed.rowcount == 0
        for sql in (
            "INSERT INTO psm_meta (key, value) VALUES ('app', 'altro')",
            "UPDATE alembic_version SET version_num = '0001'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(sql)  # type: ignore[arg-type]


def test_an_open_client_hears_of_the_changes_others_make(pg_url: str) -> None:
    watching = open_database(pg_url)
    editing = _services(pg_url, user="Altro")
    try:
        watcher = watching.watch_changes()
        assert watcher is not None
        try:
            assert watcher.poll(0.2) == []
            detail = editing.actions.get_by_code("1.1.2")
            editing.actions.update(detail.id, detail.version, {"progress": 30})
            heard = watcher.poll(5)
            assert f"azione:{detail.id}" in heard
        finally:
            watcher.close()
    finally:
        editing.db.close()
        watching.close()


def test_a_file_has_nothing_to_watch(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert db.watch_changes() is None
    finally:
        db.close()


def test_an_unreachable_server_is_said_plainly(tmp_path: Path) -> None:
    url = f"postgresql://anna@/psm?host={tmp_path}"  # no server listens there
    with pytest.raises(DatabaseError, match=r"Connessione al server .* persa o impossibile"):
        open_database(url)


def test_work_resumes_after_the_server_drops_the_connections(
    pg_server: PgServer, pg_url: str
) -> None:
    services = _services(pg_url)
    try:
        detail = services.actions.get_by_code("1.1.1")
        # Waiting (up to 10 s) until they are gone, as after a restart: a connection
        # only signalled may still be at work.
        pg_server.admin(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
            "WHERE usename = 'psm_test_coord'"
        )
        services.actions.update(detail.id, detail.version, {"progress": 15})
        assert services.actions.get(detail.id).progress == 15
    finally:
        services.db.close()


def test_each_user_learns_what_it_may_edit(pg_server: PgServer, plan: str) -> None:
    mine, theirs = _codes(pg_server, plan)
    seen = {}
    for user in ("coord1", "mobilita1", "lettore1"):
        db = open_database(_as(pg_server, plan, user))
        try:
            seen[user] = db.access()
        finally:
            db.close()
    assert seen["coord1"].role == "coordinatore" and seen["coord1"].may_edit_action(theirs)
    office = seen["mobilita1"]
    assert office.role == "ufficio" and office.editable_actions == {mine}
    assert office.may_edit_action(mine) and not office.may_edit_action(theirs)
    assert seen["lettore1"].read_only and not seen["lettore1"].may_edit_action(mine)
    assert {user: access.user for user, access in seen.items()} == {u: u for u in seen}


def test_a_file_may_be_edited_everywhere(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        access = db.access()
        assert access.role is None and access.user is None and access.may_edit_action(1)
    finally:
        db.close()
