"""Where the user's database and backups live by default."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "psm-desktop"
DB_ENV = "PSM_DESKTOP_DB"
DATA_DIR_ENV = "PSM_DESKTOP_DATA_DIR"


def user_data_dir() -> Path:
    """The folder for the default database and the automatic backups.

    `PSM_DESKTOP_DATA_DIR` overrides it (tests and portable installs on a USB stick).
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs  # not on start-up's way when the folder is known

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_server_url(value: object) -> bool:
    """Whether a --db value / PSM_DESKTOP_DB names a PostgreSQL server rather than a file."""
    return isinstance(value, str) and value.strip().lower().startswith(SERVER_SCHEMES)


def db_location(text: str) -> Path | str:
    """A --db value: a server URL stays text (a Path would fold its `//`), else a file."""
    return text.strip() if is_server_url(text) else Path(text)


def default_location() -> Path | str:
    """`PSM_DESKTOP_DB` (a file or a server URL) if set, else the default file."""
    override = os.environ.get(DB_ENV)
    if override:
        return db_location(override)
    return user_data_dir() / "psm.sqlite"


def default_db_path() -> Path:
    """`PSM_DESKTOP_DB` if set, else `psm.sqlite` in the user's data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)
    return user_data_dir() / "psm.sqlite"


def backups_dir() -> Path:
    return user_data_dir() / "backups"


def is_file_or_unreadable(path: Path) -> bool:
    """Whether `path` is a file, counting one in a folder that cannot be read as present.

    `Path.is_file()` raises PermissionError there (chmod 000): the reader that needs the
    file then says so, and nothing else (not even --version) is stopped by it.
    """
    try:
        return path.is_file()
    except OSError:
        return True
