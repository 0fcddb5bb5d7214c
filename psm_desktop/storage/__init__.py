"""Storage: engine and sessions, SQLite settings, migrations, seed and backups.

`Database` and `open_database` are loaded on first use (PEP 562): importing a light
submodule such as `storage.paths` (the window needs it before its first paint) must not
import SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psm_desktop.storage.database import Database, open_database

__all__ = ["Database", "open_database"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from psm_desktop.storage import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
