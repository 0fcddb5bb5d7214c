"""What the application remembers between sessions (QSettings), behind typed accessors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from psm_desktop.storage.paths import db_location

MAX_RECENT = 8


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings()

    # --- databases ----------------------------------------------------------------------

    # A database is a file or a server's URL, which is kept without its password (the
    # password lives in ~/.pgpass or the system keyring, never here).

    def last_database(self) -> Path | str | None:
        value = self._s.value("files/last_database", "")
        return db_location(str(value)) if value else None

    def set_last_database(self, path: Path | str) -> None:
        path = _without_password(path)
        self._s.setValue("files/last_database", str(path))
        self.add_recent(path)

    def recent_files(self) -> list[Path | str]:
        value = self._s.value("files/recent", [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-item list
            value = [value]
        items = value if isinstance(value, list) else []
        return [db_location(str(v)) for v in items if v]

    def add_recent(self, path: Path | str) -> None:
        resolved = str(_without_password(path))
        items = [str(p) for p in self.recent_files() if str(p) != resolved]
        self._s.setValue("files/recent", [resolved, *items][:MAX_RECENT])

    def clear_recent(self) -> None:
        self._s.setValue("files/recent", [])

    # --- operator -----------------------------------------------------------------------

    def operator_name(self) -> str:
        return str(self._s.value("user/operator", "") or "")

    def set_operator_name(self, name: str) -> None:
        self._s.setValue("user/operator", name.strip())

    def my_stakeholder(self) -> str:
        """The stakeholder the operator works for, by name ('' when not said)."""
        return str(self._s.value("user/stakeholder", "") or "")

    def set_my_stakeholder(self, name: str) -> None:
        self._s.setValue("user/stakeholder", name.strip())

    # --- layout -------------------------------------------------------------------------

    def geometry(self, key: str) -> QByteArray | None:
        value = self._s.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self._s.setValue(f"layout/{key}", value)

    def wrap_rows(self) -> bool:
        """Whether the action table shows each action's whole text, wrapped."""
        return str(self._s.value("layout/wrap_rows", "false")).lower() == "true"

    def set_wrap_rows(self, on: bool) -> None:
        self._s.setValue("layout/wrap_rows", "true" if on else "false")

    def sync(self) -> None:
        self._s.sync()


def _without_password(location: Path | str) -> Path | str:
    if isinstance(location, Path):
        return location
    from psm_desktop.storage.server_address import parse  # SQLAlchemy: not at start-up

    return parse(location)[0].url()
