"""Opening database files: new, healthy, newer, foreign, corrupt, read-only."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from filecheck import fingerprint, make_read_only
from sqlalchemy import inspect

from psm_desktop.errors import (
    DatabaseError,
    NewerSchemaError,
    NotAPsmDatabaseError,
    UserError,
)
from psm_desktop.model import Base
from psm_desktop.storage import migrations, open_database
from psm_desktop.storage.paths import default_db_path, user_data_dir

OLD_TIME = 1_000_000_000  # 2001: any write would move the mtime away from this


def _age(path: Path) -> None:
    os.utime(path, (OLD_TIME, OLD_TIME))


def _assert_refused_untouched(path: Path, error: type[Exception], *words: str) -> UserError:
    _age(path)
    before = fingerprint(path)
    with pytest.raises(error) as caught:
        open_database(path)
    assert fingerprint(path) == before, "the refused file was modified"
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message
    assert isinstance(caught.value, UserError)
    return caught.value


# --- a new file -------------------------------------------------------------------------


def test_new_file_is_migrated_to_head_with_every_table(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "nuovo.sqlite"
    db = open_database(path, seed=False, auto_backup=False)
    try:
        with db.engine.connect() as conn:
            assert migrations.current_revision(conn) == migrations.head_revision()
            tables = set(inspect(conn).get_table_names())
    finally:
        db.close()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    assert len(db.database_id) == 36  # a uuid4


def test_zero_byte_file_is_treated_as_new(tmp_path: Path) -> None:
    path = tmp_path / "vuoto.sqlite"
    path.touch()
    db = open_database(path, auto_backup=False)
    try:
        with db.engine.connect() as conn:
            assert migrations.current_revision(conn) == migrations.head_revision()
    finally:
        db.close()


def test_missing_file_is_not_created_when_create_is_false(tmp_path: Path) -> None:
    path = tmp_path / "manca.sqlite"
    with pytest.raises(DatabaseError, match="non esiste"):
        open_database(path, create=False)
    assert not path.exists()


def test_reopening_keeps_database_id_and_data(db_path: Path) -> None:
    first = open_database(db_path)
    first_id = first.database_id
    first.close()
    second = open_database(db_path)
    try:
        assert second.database_id == first_id
        with second.engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM action").scalar()
        assert count == 24
    finally:
        second.close()


def test_pragmas_in_effect_on_every_connection(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.reading() as session:
            conn = session.connection()
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        with db.transaction() as session:
            conn = session.connection()
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.close()
    # The journal mode is also what the file says to anybody else who opens it.
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        raw.close()


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with pytest.raises(Exception, match="FOREIGN KEY"), db.transaction() as session:
            session.connection().exec_driver_sql(
                "INSERT INTO assignment (action_id, stakeholder_id, role, version) "
                "VALUES (99999, 99999, 'partner', 1)"
            )
    finally:
        db.close()


# --- files that are refused and left untouched ------------------------------------------


def test_newer_schema_is_refused_and_untouched(db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE alembic_version SET version_num = '9999_dal_futuro'")
    raw.commit()
    raw.close()
    error = _assert_refused_untouched(db_path, NewerSchemaError, "più recente", "9999_dal_futuro")
    assert "Aggiorna" in str(error)
    assert "non è stato modificato" in str(error)


def test_missing_schema_version_is_refused_as_damaged(db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("DELETE FROM alembic_version")
    raw.commit()
    raw.close()
    error = _assert_refused_untouched(db_path, NotAPsmDatabaseError)
    assert "None" not in str(error)


def _foreign_sqlite(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE clienti (id INTEGER PRIMARY KEY, nome TEXT)")
    raw.execute("INSERT INTO clienti (nome) VALUES ('Rossi')")
    raw.commit()
    raw.close()


def _zero_table_sqlite(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 7")  # writes the header page, but no table
    raw.close()


def _alembic_only_sqlite(path: Path) -> None:
    # Another Alembic-managed application: has alembic_version but not our marker.
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    raw.execute("INSERT INTO alembic_version VALUES ('0001')")
    raw.execute("CREATE TABLE psm_meta (key TEXT PRIMARY KEY, value TEXT)")
    raw.execute("INSERT INTO psm_meta VALUES ('app', 'altra-applicazione')")
    raw.commit()
    raw.close()


def _text_file(path: Path) -> None:
    path.write_text("Codice;Azione\n1.1.1;Garantire qualità\n" * 50, encoding="utf-8")


def _pdf_like(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)


def _short_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite")  # shorter than the header


@pytest.mark.parametrize(
    "make",
    [
        _foreign_sqlite,
        _zero_table_sqlite,
        _alembic_only_sqlite,
        _text_file,
        _pdf_like,
        _short_garbage,
    ],
    ids=["foreign-sqlite", "zero-tables", "other-alembic-app", "text", "binary", "short"],
)
def test_foreign_files_are_refused_and_untouched(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    path = tmp_path / "altro.sqlite"
    make(path)
    _assert_refused_untouched(path, NotAPsmDatabaseError, "PSM Desktop")


def _garble_pages(data: bytearray) -> None:
    page = 4096
    for offset in range(2 * page, len(data), 3 * page):
        data[offset : offset + 1500] = bytes((i * 37 + 11) % 256 for i in range(1500))


def _truncate_half(data: bytearray) -> None:
    del data[len(data) // 2 :]


def _garble_schema_page(data: bytearray) -> None:
    data[100:4096] = b"\xff" * (4096 - 100)


def _truncate_to_header(data: bytearray) -> None:
    del data[100:]


@pytest.mark.parametrize(
    "damage",
    [_garble_pages, _truncate_half, _garble_schema_page, _truncate_to_header],
    ids=["garbled-pages", "truncated-half", "garbled-schema", "header-only"],
)
def test_corrupt_psm_file_is_refused_and_untouched(
    db_path: Path, damage: Callable[[bytearray], None]
) -> None:
    data = bytearray(db_path.read_bytes())
    assert len(data) > 10 * 4096, "the seeded database should span many pages"
    damage(data)
    db_path.write_bytes(bytes(data))
    error = _assert_refused_untouched(db_path, NotAPsmDatabaseError)
    assert "danneggiato" in str(error) or "non è un database" in str(error)


def test_directory_instead_of_file_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "cartella.sqlite"
    folder.mkdir()
    with pytest.raises(UserError) as caught:
        open_database(folder)
    assert str(folder) in str(caught.value)


# --- read-only places -------------------------------------------------------------------


def test_creating_in_read_only_folder_is_a_clear_italian_error(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    folder = tmp_path / "protetta"
    folder.mkdir()
    make_read_only(folder, request)
    with pytest.raises(DatabaseError) as caught:
        open_database(folder / "nuovo.sqlite")
    assert str(folder / "nuovo.sqlite") in str(caught.value)
    assert "scrittura" in str(caught.value)
    assert not (folder / "nuovo.sqlite").exists()


def test_edit_in_read_only_file_is_a_clear_italian_error(
    db_path: Path, request: pytest.FixtureRequest
) -> None:
    from psm_desktop.services import EditContext, Services

    make_read_only(db_path, request)
    before = fingerprint(db_path)
    db = open_database(db_path)
    try:
        services = Services(db, EditContext(user="Tester", source="test"))
        row = services.actions.list_actions()[0]  # reading still works
        with pytest.raises(DatabaseError, match="sola lettura"):
            services.actions.update(row.id, row.version, {"progress": 40})
    finally:
        db.close()
    assert fingerprint(db_path).sha256 == before.sha256


def test_edit_in_read_only_folder_is_a_clear_italian_error(
    db_path: Path, request: pytest.FixtureRequest
) -> None:
    # The file is writable, but SQLite cannot create its journal beside it.
    from psm_desktop.services import EditContext, Services

    db = open_database(db_path)
    make_read_only(db_path.parent, request)
    try:
        services = Services(db, EditContext(user="Tester", source="test"))
        row = services.actions.list_actions()[0]
        with pytest.raises(DatabaseError) as caught:
            services.actions.update(row.id, row.version, {"progress": 40})
        assert str(db_path) in str(caught.value)
        assert "non sono state salvate" in str(caught.value)
    finally:
        db.close()


# --- where the database lives by default ------------------------------------------------


def test_default_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wanted = tmp_path / "altrove" / "piano.sqlite"
    monkeypatch.setenv("PSM_DESKTOP_DB", str(wanted))
    assert default_db_path() == wanted


def test_default_path_in_data_dir(private_data_dir: Path) -> None:
    assert user_data_dir() == private_data_dir
    assert default_db_path() == private_data_dir / "psm.sqlite"


def test_default_data_dir_is_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("PSM_DESKTOP_DATA_DIR")
    expected = Path(platformdirs.user_data_dir("psm-desktop", appauthor=False))
    assert user_data_dir() == expected
    assert default_db_path() == expected / "psm.sqlite"


# --- another program holding the file ---------------------------------------------------


def test_locked_database_is_a_clear_italian_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psm_desktop.errors import DatabaseLockedError
    from psm_desktop.services import EditContext, Services
    from psm_desktop.storage import sqlite as storage_sqlite

    original = storage_sqlite._set_pragmas

    def short_wait(dbapi_connection: object, record: object) -> None:
        original(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA busy_timeout = 100")  # type: ignore[attr-defined]

    monkeypatch.setattr(storage_sqlite, "_set_pragmas", short_wait)
    db = open_database(db_path)
    other = sqlite3.connect(db_path)
    try:
        services = Services(db, EditContext(user="Tester", source="test"))
        row = services.actions.list_actions()[0]
        other.execute("BEGIN IMMEDIATE")  # another program is writing
        other.execute("UPDATE action SET notes = 'altro programma' WHERE id = ?", (row.id,))
        with pytest.raises(DatabaseLockedError) as caught:
            services.actions.update(row.id, row.version, {"progress": 30})
        assert str(db_path) in str(caught.value) and "Riprova" in str(caught.value)
        other.rollback()
        # Once the other program is done, the same edit goes through.
        assert services.actions.update(row.id, row.version, {"progress": 30}).progress == 30
    finally:
        other.close()
        db.close()


def test_save_copy_is_a_complete_database(db_path: Path, tmp_path: Path) -> None:
    db = open_database(db_path)
    target = tmp_path / "copie" / "copia.sqlite"
    try:
        db.save_copy(target)
    finally:
        db.close()
    copy = open_database(target, create=False)
    try:
        assert copy.database_id == db.database_id  # the same database, elsewhere
        with copy.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM action").scalar() == 24
    finally:
        copy.close()


# --- a write cut short by a crash (hot journal) -----------------------------------------

_CRASH_MID_WRITE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")  # spill changed pages into the file before commit
conn.execute("BEGIN")
for table, column in (sys.argv[2], sys.argv[3]), :
    conn.execute(f"UPDATE {table} SET {column} = {column} || {column} || {column}")
os._exit(0)  # die holding the transaction: the journal is left hot
"""


def _crash_mid_write(path: Path, table: str, column: str) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", _CRASH_MID_WRITE, str(path), table, column], check=True)
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0


def _texts(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT text FROM action ORDER BY id")]
    finally:
        conn.close()


def test_interrupted_write_is_rolled_back_on_opening(db_path: Path) -> None:
    committed = _texts(db_path)
    _crash_mid_write(db_path, "action", "text")
    assert _texts(db_path) != committed  # the file alone holds half-written pages
    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            texts = [r[0] for r in conn.exec_driver_sql("SELECT text FROM action ORDER BY id")]
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        db.close()
    assert texts == committed
    assert not db_path.with_name(db_path.name + "-journal").exists()


def test_foreign_file_with_a_hot_journal_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "altro.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE clienti (id INTEGER PRIMARY KEY, text TEXT)")
    raw.executemany("INSERT INTO clienti (text) VALUES (?)", [("x" * 500,)] * 200)
    raw.commit()
    raw.close()
    _crash_mid_write(path, "clienti", "text")
    journal = path.with_name(path.name + "-journal")
    _age(path)
    _age(journal)
    before = (fingerprint(path), fingerprint(journal))
    with pytest.raises(NotAPsmDatabaseError, match="non di PSM Desktop"):
        open_database(path)
    assert (fingerprint(path), fingerprint(journal)) == before


def test_file_moved_away_while_open(db_path: Path, tmp_path: Path) -> None:
    # Connections are not kept open between operations, so on Windows a user can rename
    # or move the file while the application runs; a USB stick can be pulled out.
    from psm_desktop.services import EditContext, Services

    db = open_database(db_path)
    try:
        services = Services(db, EditContext(user="Tester", source="test"))
        row = services.actions.list_actions()[0]
        db_path.rename(tmp_path / "spostato.sqlite")
        with pytest.raises(DatabaseError) as caught:
            services.actions.list_actions()
        assert str(db_path) in str(caught.value)
        with pytest.raises(DatabaseError):
            services.actions.update(row.id, row.version, {"progress": 5})
        assert not db_path.exists(), "no empty database may appear in its place"
    finally:
        db.close()


@pytest.mark.parametrize(
    ("posix", "uri"),
    [
        ("/home/anna/psm.sqlite", "file:///home/anna/psm.sqlite?mode=rw"),
        (
            "C:/Users/Anna/Documenti/psm.sqlite",
            "file:///C:/Users/Anna/Documenti/psm.sqlite?mode=rw",
        ),
        # A Windows share: an empty authority, as SQLite wants it.
        ("//server/condivisa/psm.sqlite", "file:////server/condivisa/psm.sqlite?mode=rw"),
        (
            "/media/USB/Piano #2 (50%)?.sqlite",
            "file:///media/USB/Piano%20%232%20%2850%25%29%3F.sqlite?mode=rw",
        ),
    ],
)
def test_sqlite_uri(posix: str, uri: str) -> None:
    from psm_desktop.storage.sqlite_uri import uri_from_posix

    assert uri_from_posix(posix, "rw") == uri


def test_awkward_file_names_work(tmp_path: Path) -> None:
    path = tmp_path / "Città metropolitana #2 (100%) ?.sqlite"
    open_database(path).close()
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM action").scalar() == 24
    finally:
        db.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite") == [path.name]
