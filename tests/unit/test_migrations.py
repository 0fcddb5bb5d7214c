"""The Alembic migrations: they build the models' schema, and a migration is preceded by a backup.

Only one revision ships so far, so the backup-before-migration tests add a real second
revision in a temporary copy of the migrations folder (pointed to with monkeypatch): the
application then meets a genuinely older file and runs a genuine upgrade on it.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from filecheck import fingerprint
from sqlalchemy import create_engine, inspect

from psm_desktop import resources
from psm_desktop.errors import DatabaseError, NewerSchemaError
from psm_desktop.model import Base
from psm_desktop.storage import backups, migrations, open_database

SECOND_REVISION = '''
"""test only: a second revision"""
import sqlalchemy as sa
from alembic import op

revision = "0002_test"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("plan", sa.Column("extra", sa.Text(), nullable=True))
    op.execute("UPDATE plan SET extra = 'migrata'")
    {fail}


def downgrade() -> None:
    op.drop_column("plan", "extra")
'''


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def newer_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """A copy of the shipped migrations plus one more revision; returns a writer for it."""
    folder = tmp_path / "migrations"
    shutil.copytree(
        resources.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__")
    )
    shipped_head = migrations.head_revision()

    def write(*, fail: bool = False) -> str:
        text = SECOND_REVISION.format(
            down=shipped_head,
            fail="raise RuntimeError('migrazione fallita apposta')" if fail else "",
        )
        (folder / "versions" / "0002_test.py").write_text(textwrap.dedent(text))
        monkeypatch.setattr(migrations, "migrations_dir", lambda: folder)
        return shipped_head

    return write


def test_shipped_migrations_have_a_single_head() -> None:
    heads = migrations.script_directory().get_heads()
    assert len(heads) == 1
    assert migrations.head_revision() in migrations.known_revisions()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    db = open_database(tmp_path / "schema.sqlite", seed=False, auto_backup=False)
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        db.close()
    assert differences == []


def _schema_facts(path: Path) -> dict[str, object]:
    """Columns, foreign keys, indexes, unique and CHECK constraints of every table."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        insp = inspect(engine)
        facts: dict[str, object] = {}
        for table in sorted(insp.get_table_names()):
            if table == "alembic_version":
                continue
            facts[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)
                ],
                "pk": insp.get_pk_constraint(table)["constrained_columns"],
                "fks": sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"], str(f["options"]))
                    for f in insp.get_foreign_keys(table)
                ),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(table)
                ),
                "uniques": sorted(
                    tuple(u["column_names"]) for u in insp.get_unique_constraints(table)
                ),
                "checks": sorted(c["sqltext"] for c in insp.get_check_constraints(table)),
            }
        return facts
    finally:
        engine.dispose()


def test_migrated_schema_equals_create_all_including_checks(tmp_path: Path) -> None:
    # compare_metadata does not look at CHECK constraints or ON DELETE rules: compare those too.
    migrated = tmp_path / "migrated.sqlite"
    open_database(migrated, seed=False, auto_backup=False).close()
    created = tmp_path / "created.sqlite"
    engine = create_engine(f"sqlite:///{created}")
    Base.metadata.create_all(engine)
    engine.dispose()
    assert _schema_facts(migrated) == _schema_facts(created)


def test_up_to_date_file_is_opened_without_migration_backup(db_path: Path) -> None:
    open_database(db_path).close()
    names = [p.name for p in backups.list_backups(db_path)]
    assert not any(n.startswith("pre-migrazione") for n in names)


def test_older_file_is_backed_up_then_migrated(
    db_path: Path, newer_migrations: Callable[..., str]
) -> None:
    old_head = newer_migrations()
    original = _dump(db_path)
    assert _revision(db_path) == old_head

    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            assert migrations.current_revision(conn) == "0002_test"
            assert conn.exec_driver_sql("SELECT extra FROM plan").scalar() == "migrata"
            assert conn.exec_driver_sql("SELECT count(*) FROM action").scalar() == 24
    finally:
        db.close()

    pre = [p for p in backups.list_backups(db_path) if p.name.startswith("pre-migrazione")]
    assert len(pre) == 1
    assert f"pre-migrazione-{old_head}-" in pre[0].name
    # The copy is a complete, healthy database exactly as the file was before the upgrade.
    assert _revision(pre[0]) == old_head
    assert _dump(pre[0]) == original
    check = sqlite3.connect(pre[0])
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
    assert not list(pre[0].parent.glob("*.part"))


def test_failed_migration_leaves_the_file_as_it_was(
    db_path: Path, newer_migrations: Callable[..., str]
) -> None:
    old_head = newer_migrations(fail=True)
    original = _dump(db_path)
    with pytest.raises(RuntimeError, match="fallita apposta"):
        open_database(db_path)
    # SQLite runs the DDL in the transaction, which is rolled back as a whole.
    assert _revision(db_path) == old_head
    assert _dump(db_path) == original
    pre = [p for p in backups.list_backups(db_path) if p.name.startswith("pre-migrazione")]
    assert len(pre) == 1
    assert _dump(pre[0]) == original


def test_newer_file_is_refused_before_any_backup(
    db_path: Path,
    newer_migrations: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A file migrated by a "newer" application, then opened by the shipped one.
    newer_migrations()
    open_database(db_path, auto_backup=False).close()
    assert _revision(db_path) == "0002_test"
    for p in backups.list_backups(db_path):
        p.unlink()
    monkeypatch.setattr(migrations, "migrations_dir", resources.migrations_dir)

    before = fingerprint(db_path)
    with pytest.raises(NewerSchemaError, match="0002_test"):
        open_database(db_path)
    assert fingerprint(db_path) == before
    assert backups.list_backups(db_path) == []


def test_no_migration_without_its_backup(
    db_path: Path, newer_migrations: Callable[..., str], private_data_dir: Path
) -> None:
    # The data folder cannot hold the copy: the upgrade must not run, and the user is told.
    old_head = newer_migrations()
    private_data_dir.parent.mkdir(parents=True, exist_ok=True)
    private_data_dir.write_text("occupato")
    before = fingerprint(db_path)
    with pytest.raises(DatabaseError) as caught:
        open_database(db_path)
    assert "copia" in str(caught.value)
    assert fingerprint(db_path) == before
    assert _revision(db_path) == old_head


def test_check_reports_an_older_schema_without_migrating(
    db_path: Path, newer_migrations: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    from psm_desktop.cli import main

    old_head = newer_migrations()
    before = fingerprint(db_path)
    assert main(["check", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert f"Versione dello schema: {old_head} (da aggiornare a 0002_test all'apertura)" in out
    assert fingerprint(db_path) == before
    assert backups.list_backups(db_path) == []


def test_revision_graph_read_without_alembic_agrees_with_alembic() -> None:
    # Start-up reads head and known revisions from the files (no Alembic import);
    # they must be what Alembic itself would say.
    script = migrations.script_directory()
    assert migrations.head_revision() == script.get_current_head()
    assert migrations.known_revisions() == {r.revision for r in script.walk_revisions()}


def test_revisions_read_from_their_lines_or_from_the_whole_script(tmp_path: Path) -> None:
    """Each on one line: read from those lines; a merge spread over several lines, or an
    annotated one: read from the whole script, with the same result as before."""
    versions = tmp_path / "versions"
    versions.mkdir()
    scripts = {
        "a.py": '"""First.\n\nRevision ID: a\n"""\nrevision = "a"\ndown_revision = None\n',
        "b.py": 'revision = "b"\ndown_revision = "a"  # the one before\n',
        "c.py": 'revision = "c"\ndown_revision = "a"\n',
        "d.py": 'revision = "d"\ndown_revision = (\n    "b",\n    "c",\n)\n',
        "e.py": 'revision: str = "e"\nrevision = "e"\ndown_revision = "d"\n',
    }
    for name, text in scripts.items():
        (versions / name).write_text(text, encoding="utf-8")
    assert migrations._revision_graph(tmp_path) == {
        "a": (),
        "b": ("a",),
        "c": ("a",),
        "d": ("b", "c"),
        "e": ("d",),
    }


def test_opening_a_current_database_does_not_import_alembic(db_path: Path) -> None:
    code = (
        "import sys; from psm_desktop.storage import open_database; "
        f"open_database({str(db_path)!r}).close(); "
        "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "False"
