"""Restoring an automatic copy (issue 8.3): listed with dates, checked, the current file
kept aside first, and a failed restore leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from clirun import run_cli as _cli
from filecheck import crash_mid_write, fingerprint

from psm_desktop.errors import DatabaseError, DatabaseLockedError
from psm_desktop.storage import backups, open_database
from psm_desktop.storage import restore as restore_module
from psm_desktop.storage.restore import available_backups, restore_backup

DAY = dt.date(2026, 3, 2)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _progress(path: Path) -> set[int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT progress FROM action")}
    finally:
        conn.close()


def _edit_after_backup(db_path: Path) -> Path:
    backup = backups.daily_backup(db_path, today=DAY)
    assert backup is not None
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE action SET progress = 77")
    conn.commit()
    conn.close()
    return backup


def _folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "user-data")  # the data folder


# --- the list -----------------------------------------------------------------------------


def test_backups_are_listed_newest_first_with_dates_and_kinds(db_path: Path) -> None:
    backups.daily_backup(db_path, today=DAY)
    backups.daily_backup(db_path, today=DAY + dt.timedelta(days=1))
    backups.pre_migration_backup(db_path, "0001")
    listed = available_backups(db_path)
    assert [b.kind for b in listed] == [
        "prima di un aggiornamento",
        "copia giornaliera",
        "copia giornaliera",
    ]
    assert listed[1].taken_at.date() == DAY + dt.timedelta(days=1)
    assert listed[2].taken_at.date() == DAY
    assert listed[2].when.startswith("02/03/2026")
    assert all(b.size > 0 for b in listed)


def test_no_backups_is_an_empty_list(db_path: Path) -> None:
    assert available_backups(db_path) == []


# --- a restore that works -----------------------------------------------------------------


def test_restore_brings_the_copy_back_and_keeps_the_current_file_aside(db_path: Path) -> None:
    backup = _edit_after_backup(db_path)
    current = _sha(db_path)
    result = restore_backup(db_path, backup)
    assert _progress(db_path) == {0}  # the edit made after the copy is gone
    assert result.kept_aside is not None
    assert result.kept_aside.name.startswith("prima-del-ripristino-")
    assert _sha(result.kept_aside) == current  # kept byte for byte
    assert result.kept_aside in [b.path for b in available_backups(db_path)]
    assert _folder_listing(db_path.parent) == [db_path.name]  # nothing left beside it
    db = open_database(db_path, auto_backup=False)
    db.close()
    # The restore can itself be undone from the copy kept aside.
    restore_backup(db_path, result.kept_aside)
    assert _progress(db_path) == {77}


TRIPLE_TEXTS = "UPDATE action SET text = text || text || text"


def test_a_journal_beside_the_database_goes_aside_with_it(db_path: Path) -> None:
    backup = _edit_after_backup(db_path)
    crash_mid_write(db_path, TRIPLE_TEXTS)
    stray = db_path.with_name(db_path.name + "-journal")
    journal_sha = _sha(stray)
    result = restore_backup(db_path, backup)
    assert not stray.exists(), "the old file's journal must never meet the restored file"
    assert result.kept_aside is not None
    kept_journal = result.kept_aside.with_name(result.kept_aside.name + "-journal")
    assert _sha(kept_journal) == journal_sha
    db = open_database(db_path, auto_backup=False)
    db.close()
    assert _progress(db_path) == {0}
    # The pair kept aside is still the crashed file with its own journal: restorable.
    restore_backup(db_path, result.kept_aside)
    assert _progress(db_path) == {77}


def test_restore_works_when_the_database_is_damaged(db_path: Path) -> None:
    backup = _edit_after_backup(db_path)
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    result = restore_backup(db_path, backup)
    assert _progress(db_path) == {0}
    assert result.kept_aside is not None and result.kept_aside.read_bytes().startswith(b"SQLite")


# --- restores that fail leave everything as it was ----------------------------------------


def _garbled(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(2 * 4096, len(data), 3 * 4096):
        data[offset : offset + 1500] = bytes((i * 37 + 11) % 256 for i in range(1500))
    path.write_bytes(bytes(data))


def _foreign(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE clienti (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def _text(path: Path) -> None:
    path.write_text("non un database")


@pytest.mark.parametrize("damage", [_garbled, _foreign, _text], ids=["garbled", "foreign", "text"])
def test_a_bad_copy_is_refused_and_the_database_left_untouched(
    db_path: Path, damage: object
) -> None:
    backup = _edit_after_backup(db_path)
    damage(backup)  # type: ignore[operator]
    before = fingerprint(db_path)
    with pytest.raises(DatabaseError) as caught:
        restore_backup(db_path, backup)
    assert fingerprint(db_path) == before
    assert "non è stato modificato" in str(caught.value)
    assert _folder_listing(db_path.parent) == [db_path.name]
    assert [b.kind for b in available_backups(db_path)] == ["copia giornaliera"]


def test_failure_while_replacing_leaves_database_and_journal_as_they_were(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last rename fails (file locked on Windows, disk gone): simulated in os.replace."""
    backup = _edit_after_backup(db_path)
    crash_mid_write(db_path, TRIPLE_TEXTS)
    stray = db_path.with_name(db_path.name + "-journal")
    before = (fingerprint(db_path), _sha(stray))
    real_replace = os.replace

    def failing(src: object, dst: object) -> None:
        if Path(str(dst)) == db_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(restore_module.os, "replace", failing)
    with pytest.raises(DatabaseError) as caught:
        restore_backup(db_path, backup)
    assert (fingerprint(db_path), _sha(stray)) == before
    assert "Permission denied" not in str(caught.value)
    assert _folder_listing(db_path.parent) == sorted([db_path.name, stray.name])


def test_no_room_to_keep_the_current_file_aside_cancels_the_restore(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copies' folder is full: simulated in the byte copy (no small tmpfs needed)."""
    backup = _edit_after_backup(db_path)
    before = fingerprint(db_path)

    def no_space(src: object, dst: object) -> None:
        Path(str(dst)).write_bytes(b"mezza copia")
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(restore_module.shutil, "copyfile", no_space)
    with pytest.raises(DatabaseError) as caught:
        restore_backup(db_path, backup)
    assert fingerprint(db_path) == before
    assert "disco è pieno" in str(caught.value)
    assert "No space" not in str(caught.value)
    assert [b.kind for b in available_backups(db_path)] == ["copia giornaliera"]
    assert _folder_listing(db_path.parent) == [db_path.name]


def test_a_database_in_use_by_another_program_is_not_replaced(db_path: Path) -> None:
    backup = _edit_after_backup(db_path)
    other = sqlite3.connect(db_path)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseLockedError):
            restore_backup(db_path, backup)
    finally:
        other.rollback()
        other.close()
    assert _progress(db_path) == {77}


# --- the command line ----------------------------------------------------------------------


def test_cli_lists_and_restores_by_number_or_name(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _cli(capsys, "restore", "--db", db_path, "--list")
    assert code == 0 and "Non ci sono copie automatiche" in out
    backup = _edit_after_backup(db_path)
    code, out, _ = _cli(capsys, "restore", "--db", db_path, "--list")
    assert code == 0
    assert "  1  02/03/2026" in out and "copia giornaliera" in out and backup.name in out
    code, out, err = _cli(capsys, "restore", "--db", db_path, "1")
    assert code == 0, err
    assert "messo da parte" in out
    assert _progress(db_path) == {0}
    code, out, _ = _cli(capsys, "restore", "--db", db_path, "--list")
    assert "prima di un ripristino" in out
    aside = next(b for b in available_backups(db_path) if b.kind == "prima di un ripristino")
    code, out, err = _cli(capsys, "restore", "--db", db_path, aside.path.name)
    assert code == 0, err
    assert _progress(db_path) == {77}


def test_cli_refusals(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(capsys, "restore", "--db", db_path)[0] == 2
    code, _out, err = _cli(capsys, "restore", "--db", db_path, "7")
    assert code == 2 and "--list" in err
    bad = tmp_path / "altro.sqlite"
    bad.write_text("testo")
    before = fingerprint(db_path)
    code, _out, err = _cli(capsys, "restore", "--db", db_path, bad)
    assert code == 2 and "non è stato modificato" in err
    assert fingerprint(db_path) == before


def test_cli_restores_a_database_that_cannot_be_opened(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The case restore exists for: the window and `actions` refuse the file."""
    backup = _edit_after_backup(db_path)
    shutil.copyfile(backup, tmp_path / "salvata.sqlite")
    _garbled(db_path)
    assert _cli(capsys, "actions", "--db", db_path)[0] == 2
    code, _out, err = _cli(capsys, "restore", "--db", db_path, "1")
    assert code == 0, err
    assert _cli(capsys, "actions", "--db", db_path)[0] == 0


def test_a_copy_that_breaks_off_leaves_no_file_beside_the_database(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills while the copy is being written (simulated in the copy step, which
    leaves its half-written temporary file behind, as a killed copy would)."""
    backup = _edit_after_backup(db_path)
    before = fingerprint(db_path)

    def half_copy(source: Path, target: Path) -> None:
        target.with_name(target.name + ".part").write_bytes(b"SQLite format 3\x00 half")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(restore_module.sqlite, "backup_to", half_copy)
    with pytest.raises(DatabaseError) as caught:
        restore_backup(db_path, backup)
    assert fingerprint(db_path) == before
    assert "disk is full" not in str(caught.value)
    assert _folder_listing(db_path.parent) == [db_path.name]
