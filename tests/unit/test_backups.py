"""Automatic copies: one a day on opening, the newest ten kept, made with SQLite's backup API."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from psm_desktop.services import EditContext, Services
from psm_desktop.storage import backups, open_database
from psm_desktop.storage.paths import backups_dir

START = dt.date(2026, 1, 25)


def _daily(db_path: Path) -> list[str]:
    return [p.name for p in backups.list_backups(db_path) if p.name.startswith("giornaliero-")]


def test_opening_makes_todays_backup_in_the_data_folder(
    db_path: Path, private_data_dir: Path
) -> None:
    open_database(db_path).close()
    copies = backups.list_backups(db_path)
    assert [p.name for p in copies] == [f"giornaliero-{dt.date.today().isoformat()}.sqlite"]
    assert copies[0].is_relative_to(backups_dir())
    assert backups_dir().is_relative_to(private_data_dir)


def test_one_backup_per_day_and_the_first_of_the_day_is_kept(db_path: Path) -> None:
    first = backups.daily_backup(db_path, today=START)
    assert first is not None
    stamp = first.stat().st_mtime_ns
    again = backups.daily_backup(db_path, today=START)
    assert again == first
    assert first.stat().st_mtime_ns == stamp  # not rewritten later the same day
    assert _daily(db_path) == [f"giornaliero-{START.isoformat()}.sqlite"]


def test_only_the_newest_ten_days_are_kept(db_path: Path) -> None:
    for offset in range(14):
        assert backups.daily_backup(db_path, today=START + dt.timedelta(days=offset)) is not None
    kept = _daily(db_path)
    assert len(kept) == backups.KEEP_DAILY == 10
    expected = [
        f"giornaliero-{(START + dt.timedelta(days=offset)).isoformat()}.sqlite"
        for offset in range(4, 14)
    ]
    assert kept == expected  # ISO names sort by date, across the month boundary too


def test_rotation_does_not_touch_migration_backups(db_path: Path) -> None:
    pre = backups.pre_migration_backup(db_path, "0001")
    for offset in range(12):
        backups.daily_backup(db_path, today=START + dt.timedelta(days=offset), keep=3)
    assert pre.exists()
    assert len(_daily(db_path)) == 3


def test_backup_is_a_consistent_copy_of_committed_data(db_path: Path) -> None:
    db = open_database(db_path, auto_backup=False)
    try:
        services = Services(db, EditContext(user="Tester", source="test"))
        row = services.actions.list_actions()[0]
        services.actions.update(row.id, row.version, {"progress": 55})
        copy = backups.daily_backup(db_path, today=START)  # taken while the database is open
    finally:
        db.close()
    assert copy is not None
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        progress = conn.execute("SELECT progress FROM action WHERE id = ?", (row.id,)).fetchone()
        assert progress[0] == 55
    finally:
        conn.close()


def test_two_files_with_the_same_name_do_not_share_backups(tmp_path: Path, db_path: Path) -> None:
    other = tmp_path / "altra" / db_path.name
    other.parent.mkdir()
    other.write_bytes(db_path.read_bytes())
    a = backups.daily_backup(db_path, today=START)
    b = backups.daily_backup(other, today=START)
    assert a is not None and b is not None
    assert a.parent != b.parent


def test_backup_that_cannot_be_written_does_not_stop_work(
    db_path: Path, private_data_dir: Path
) -> None:
    # The data folder is a file: no backup can be written there.
    private_data_dir.parent.mkdir(parents=True, exist_ok=True)
    private_data_dir.write_text("occupato")
    assert backups.daily_backup(db_path, today=START) is None
    db = open_database(db_path)  # still opens
    db.close()
