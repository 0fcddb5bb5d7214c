"""A rollback journal that does not belong to the file beside it is never applied.

The case from real use: a crash leaves `psm.sqlite-journal`; the user copies a backup over
`psm.sqlite`; on the next opening SQLite would roll the backup "back" with the crashed
file's page images, giving a mix of both versions that passes every integrity check.
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from filecheck import crash_mid_write, fingerprint

from psm_desktop.errors import DatabaseError
from psm_desktop.storage import backups, open_database
from psm_desktop.storage import journal as storage_journal

CRASH_STATEMENTS = (
    "UPDATE action SET text = text || ' — versione interrotta'",
    "UPDATE stakeholder SET notes = notes || 'interrotta'",
)


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _crash_mid_write(path: Path) -> None:
    crash_mid_write(path, *CRASH_STATEMENTS)


def _commit_edits(path: Path, text: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE action SET notes = ?", (text,))
        conn.commit()
    finally:
        conn.close()


def _notes(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT notes FROM action")}
    finally:
        conn.close()


# The same crash, but inside the application's own write transaction.
_APP_CRASH_MID_WRITE = """
import os, sys
from sqlalchemy import text
from psm_desktop.storage import open_database
db = open_database(sys.argv[1], auto_backup=False)
with db.transaction() as session:
    session.execute(text("PRAGMA cache_size = 1"))
    session.execute(text("UPDATE action SET text = text || ' — versione interrotta'"))
    session.execute(text("UPDATE stakeholder SET notes = notes || 'interrotta'"))
    os._exit(0)
"""


def _app_crash_mid_write(path: Path) -> None:
    subprocess.run([sys.executable, "-c", _APP_CRASH_MID_WRITE, str(path)], check=True)
    assert _journal(path).stat().st_size > 0


def _assert_refused(db_path: Path, tmp_path: Path, expected_notes: set[str]) -> None:
    journal = _journal(db_path)
    before = (fingerprint(db_path), fingerprint(journal))
    with pytest.raises(DatabaseError) as caught:
        open_database(db_path)
    assert (fingerprint(db_path), fingerprint(journal)) == before
    message = str(caught.value)
    assert str(db_path) in message
    assert journal.name in message
    assert "non appartiene" in message
    assert "Nessuno dei due file è stato modificato" in message
    # The `check` command uses the same inspection: it must not call the pair healthy.
    from psm_desktop.storage.database import inspect_existing

    with pytest.raises(DatabaseError):
        inspect_existing(db_path)
    assert (fingerprint(db_path), fingerprint(journal)) == before
    # Once the user moves the stray journal away, the copy opens as it is.
    journal.rename(tmp_path / "messo-da-parte-journal")
    db = open_database(db_path, auto_backup=False)
    db.close()
    assert _notes(db_path) == expected_notes  # the backup's notes only


def test_backup_copied_over_a_file_crashed_by_the_app_is_refused(
    db_path: Path, tmp_path: Path
) -> None:
    """The issue's scenario: backup, more edits, crash, backup copied over the file.
    The edits change no page count: only the journal's page 1 tells the versions apart."""
    backup = backups.daily_backup(db_path)
    assert backup is not None
    _commit_edits(db_path, "dopo la copia")
    _app_crash_mid_write(db_path)
    shutil.copyfile(backup, db_path)  # what a user does by hand
    _assert_refused(db_path, tmp_path, {""})


def test_backup_copied_over_a_file_crashed_by_another_program_is_refused(
    db_path: Path, tmp_path: Path
) -> None:
    """Another program's crash (its journal need not hold page 1): the backup is older
    and smaller than the file the journal was written for."""
    backup = backups.daily_backup(db_path)
    assert backup is not None
    _commit_edits(db_path, "nota lunga " * 400)
    _crash_mid_write(db_path)
    shutil.copyfile(backup, db_path)
    _assert_refused(db_path, tmp_path, {""})


def test_a_genuine_crash_of_the_app_is_still_rolled_back(db_path: Path) -> None:
    _commit_edits(db_path, "salvato")
    _app_crash_mid_write(db_path)
    db = open_database(db_path, auto_backup=False)
    db.close()
    assert _notes(db_path) == {"salvato"}
    assert not _journal(db_path).exists()


def test_a_genuine_crash_is_still_rolled_back(db_path: Path) -> None:
    _commit_edits(db_path, "salvato")
    _crash_mid_write(db_path)
    db = open_database(db_path, auto_backup=False)
    db.close()
    assert _notes(db_path) == {"salvato"}
    assert not _journal(db_path).exists()


def test_a_genuine_crash_after_many_commits_is_still_rolled_back(db_path: Path) -> None:
    for n in range(5):
        _commit_edits(db_path, f"salvato {n}")
    _crash_mid_write(db_path)
    db = open_database(db_path, auto_backup=False)
    db.close()
    assert _notes(db_path) == {"salvato 4"}


# --- the journal check on its own, with journals built by hand ---------------------------

MAGIC = bytes.fromhex("d9d505f920a163d7")


def _page_size(path: Path) -> int:
    size = struct.unpack(">H", path.read_bytes()[16:18])[0]
    return 65536 if size == 1 else size


def _write_journal(db: Path, pages: dict[int, bytes], *, n_orig: int, page_size: int) -> None:
    sector = 512
    header = MAGIC + struct.pack(">IIIII", len(pages), 7, n_orig, sector, page_size)
    body = bytearray(header.ljust(sector, b"\0"))
    for number, image in pages.items():
        checksum = 7 + sum(image[i] for i in range(page_size - 200, 0, -200))
        body += struct.pack(">I", number) + image + struct.pack(">I", checksum & 0xFFFFFFFF)
    _journal(db).write_bytes(bytes(body))


def _page(db: Path, number: int) -> bytes:
    size = _page_size(db)
    data = db.read_bytes()
    return data[(number - 1) * size : number * size]


def test_journal_with_another_page_size_does_not_belong(db_path: Path) -> None:
    size = _page_size(db_path)
    pages = db_path.stat().st_size // size
    _write_journal(db_path, {2: _page(db_path, 2)[:1024]}, n_orig=pages * 4, page_size=1024)
    assert storage_journal.stale_journal_reason(db_path) is not None


def test_journal_whose_page_one_has_another_change_counter_does_not_belong(
    db_path: Path,
) -> None:
    size = _page_size(db_path)
    pages = db_path.stat().st_size // size
    first = bytearray(_page(db_path, 1))
    counter = struct.unpack(">I", first[24:28])[0]
    first[24:28] = struct.pack(">I", counter + 7)
    _write_journal(db_path, {1: bytes(first)}, n_orig=pages, page_size=size)
    assert storage_journal.stale_journal_reason(db_path) is not None


def test_journal_without_page_one_and_another_original_size_does_not_belong(
    db_path: Path,
) -> None:
    size = _page_size(db_path)
    pages = db_path.stat().st_size // size
    _write_journal(db_path, {3: _page(db_path, 3)}, n_orig=pages + 5, page_size=size)
    assert storage_journal.stale_journal_reason(db_path) is not None


@pytest.mark.parametrize("page_one_written", [False, True])
def test_journal_of_this_file_belongs(db_path: Path, page_one_written: bool) -> None:
    size = _page_size(db_path)
    pages = db_path.stat().st_size // size
    image = _page(db_path, 1)
    if page_one_written:  # the crashed transaction wrote page 1: counter one ahead
        data = bytearray(db_path.read_bytes())
        counter = struct.unpack(">I", data[24:28])[0]
        data[24:28] = struct.pack(">I", counter + 1)
        data[92:96] = struct.pack(">I", counter + 1)
        db_path.write_bytes(bytes(data))
    _write_journal(db_path, {1: image, 3: _page(db_path, 3)}, n_orig=pages, page_size=size)
    assert storage_journal.stale_journal_reason(db_path) is None
    _write_journal(db_path, {3: _page(db_path, 3)}, n_orig=pages, page_size=size)
    if not page_one_written:
        assert storage_journal.stale_journal_reason(db_path) is None
