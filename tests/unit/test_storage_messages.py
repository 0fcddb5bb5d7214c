"""Messages about database files tell what happened, in Italian, without SQLite's internals.

Points 8.13, 8.14 and 8.15 (storage part) of issue 8.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

import pytest
from clirun import run_cli as _cli
from filecheck import crash_mid_write, fingerprint, make_read_only

from psm_desktop.errors import DatabaseError, UserError
from psm_desktop.storage import open_database

# Words that betray English or internals in a message meant for users.
INTERNALS = (
    "Errno",
    "errno",
    "malformed",
    "database disk image",
    "Permission denied",
    "No such file",
    "Not a directory",
    "No space left",
    "disk I/O error",
    "missing from index",
    "***",
    "psm-recupero-",
    ".part",
    "Error",
    "Traceback",
)


def _assert_clean(text: str) -> None:
    for word in INTERNALS:
        assert word not in text, f"{word!r} in the message: {text}"


# --- 8.13 a 0-byte database ---------------------------------------------------------------


def test_zero_byte_database_is_said_empty_not_missing(tmp_path: Path) -> None:
    path = tmp_path / "vuoto.sqlite"
    path.touch()
    with pytest.raises(DatabaseError) as caught:
        open_database(path, create=False)
    message = str(caught.value)
    assert "non esiste" not in message
    assert "vuoto" in message and "non è un database di PSM Desktop" in message
    assert str(path) in message
    assert path.stat().st_size == 0


@pytest.mark.parametrize("command", ["actions", "check"])
def test_zero_byte_database_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = tmp_path / "vuoto.sqlite"
    path.touch()
    code, _out, err = _cli(capsys, command, "--db", path)
    assert code == 2
    assert "non esiste" not in err
    assert "vuoto" in err and "non è un database di PSM Desktop" in err
    assert path.stat().st_size == 0


def test_missing_database_is_still_said_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _cli(capsys, "check", "--db", tmp_path / "manca.sqlite")
    assert code == 2 and "non esiste" in err


# --- 8.14 a read-only place with a journal left by a crash ------------------------------


def _crash_mid_write(path: Path) -> Path:
    return crash_mid_write(path, "UPDATE action SET text = text || text || text")


def test_read_only_folder_with_a_journal_says_the_file_was_restored(
    db_path: Path, request: pytest.FixtureRequest
) -> None:
    """The folder is read-only (chattr +i when root): SQLite rolls the file back to its
    last saved state but cannot delete the journal. The message must say the file was
    written (brought back to its last save), not that recovery was impossible."""
    journal = _crash_mid_write(db_path)
    before = fingerprint(db_path)
    make_read_only(db_path.parent, request)
    with pytest.raises(DatabaseError) as caught:
        open_database(db_path)
    message = str(caught.value)
    assert fingerprint(db_path).sha256 != before.sha256, "SQLite rolled the file back"
    assert "riportato all'ultimo salvataggio" in message
    assert journal.name in message
    assert "non è possibile ripristinarlo" not in message
    assert "non è stato modificato" not in message
    _assert_clean(message)


def test_read_only_file_with_a_journal_says_the_file_was_not_touched(
    db_path: Path, request: pytest.FixtureRequest
) -> None:
    """The database file itself is read-only (chattr +i when root): nothing is written."""
    journal = _crash_mid_write(db_path)
    before = (fingerprint(db_path), fingerprint(journal))
    make_read_only(db_path, request)
    with pytest.raises(DatabaseError) as caught:
        open_database(db_path)
    message = str(caught.value)
    assert (fingerprint(db_path), fingerprint(journal)) == before
    assert "non è stato modificato" in message
    assert "riportato all'ultimo salvataggio" not in message
    _assert_clean(message)


# --- 8.15 no SQLite output, errno text or temporary names in messages -------------------


def _garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), 3 * page):
        data[offset : offset + 1500] = bytes((i * 37 + 11) % 256 for i in range(1500))
    path.write_bytes(bytes(data))


def test_corrupt_database_message_has_no_sqlite_output(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _garble(db_path)
    with caplog.at_level(logging.INFO), pytest.raises(DatabaseError) as caught:
        open_database(db_path)
    message = str(caught.value)
    assert "danneggiato" in message and str(db_path) in message
    assert "\n" not in message
    _assert_clean(message)
    assert str(db_path) in caplog.text  # the details are in the log


def _break_an_index(path: Path) -> None:
    """Index entries that no longer match the rows: quick_check passes, integrity_check
    reports one English line per row."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE INDEX ix_prova ON action (progress)")
    conn.execute("UPDATE action SET progress = id")
    conn.commit()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_prova ON action (position)' "
        "WHERE name = 'ix_prova'"
    )
    conn.commit()
    conn.close()


def test_check_summarises_integrity_problems_and_logs_the_details(
    db_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    _break_an_index(db_path)
    with caplog.at_level(logging.INFO):
        code, out, err = _cli(capsys, "check", "--db", db_path)
    assert code in (1, 2)
    _assert_clean(out + err)
    assert len((out + err).splitlines()) < 10
    assert "missing from index" in caplog.text or "ix_prova" in caplog.text


def test_unreadable_file_message_has_no_errno_text(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads any file, so the refusal of the operating system is simulated where the
    header is read (Path.open raising PermissionError, as for a chmod 000 file)."""
    real_open = Path.open

    def denied(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == db_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(UserError) as caught:
        open_database(db_path)
    assert str(db_path) in str(caught.value)
    _assert_clean(str(caught.value))


def test_folder_that_cannot_be_made_has_no_errno_text(tmp_path: Path) -> None:
    blocker = tmp_path / "un-file"
    blocker.write_text("non una cartella")
    path = blocker / "sotto" / "piano.sqlite"
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert str(path.parent) in str(caught.value)
    _assert_clean(str(caught.value))


RELEASE_0001 = Path(__file__).resolve().parents[1] / "fixtures/databases/psm-release-0001.sqlite"


def test_migration_without_room_for_its_backup_has_no_errno_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database of the previous release needs migrating, but its copy cannot be written
    (full data folder, simulated where SQLite's backup API writes): refused, untouched."""
    import shutil

    from psm_desktop.storage import sqlite as storage_sqlite

    path = tmp_path / "vecchio.sqlite"
    shutil.copyfile(RELEASE_0001, path)
    before = fingerprint(path)

    def no_space(source: Path, target: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(target) + ".part")

    monkeypatch.setattr(storage_sqlite, "backup_to", no_space)
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert fingerprint(path) == before
    message = str(caught.value)
    assert "disco è pieno" in message and "non è stato modificato" in message
    _assert_clean(message)
