"""Copies of the database: before every migration, and a rotating daily one."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path

from psm_desktop.storage import sqlite
from psm_desktop.storage.paths import backups_dir

log = logging.getLogger(__name__)

KEEP_DAILY = 10


def folder_for(db_path: Path) -> Path:
    # One folder per database file, named after it and a hash of its full path,
    # so two files both called psm.sqlite do not rotate each other's backups away.
    digest = hashlib.sha1(str(db_path.resolve()).encode("utf-8")).hexdigest()[:8]
    return backups_dir() / f"{db_path.stem}-{digest}"


def pre_migration_backup(db_path: Path, revision: str | None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder_for(db_path) / f"pre-migrazione-{revision or 'vuoto'}-{stamp}.sqlite"
    sqlite.backup_to(db_path, target)
    return target


def daily_backup(
    db_path: Path, today: dt.date | None = None, keep: int = KEEP_DAILY
) -> Path | None:
    """Copy the database once a day and keep the newest `keep` daily copies.

    A backup that cannot be written (read-only data folder, locked file) must not stop
    the user from working, so failures are reported by returning None.
    """
    today = today or dt.date.today()
    folder = folder_for(db_path)
    target = folder / f"giornaliero-{today.isoformat()}.sqlite"
    try:
        if target.exists():
            return target
        sqlite.backup_to(db_path, target)
        daily = sorted(folder.glob("giornaliero-*.sqlite"))
        for old in daily[:-keep]:
            old.unlink(missing_ok=True)
    except Exception:
        log.warning("Daily backup of %s to %s failed", db_path, target, exc_info=True)
        return None
    return target


def list_backups(db_path: Path) -> list[Path]:
    folder = folder_for(db_path)
    return sorted(folder.glob("*.sqlite")) if folder.is_dir() else []
