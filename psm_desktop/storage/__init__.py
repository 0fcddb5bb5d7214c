"""Storage: engine and sessions, SQLite settings, migrations, seed and backups."""

from psm_desktop.storage.database import Database, open_database

__all__ = ["Database", "open_database"]
