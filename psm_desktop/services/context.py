"""Who is making a change and where it comes from, for the change log."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_APP = "applicazione"
SOURCE_CLI = "riga di comando"


def import_source(file_name: str) -> str:
    """The change-log source of changes applied from an imported file."""
    return f"importazione: {file_name}"


def system_user() -> str:
    import getpass  # (and the terminal modules it brings) only when a name is needed

    try:
        return getpass.getuser()
    except Exception:
        return "sconosciuto"


@dataclass
class EditContext:
    """The operator's name (from the settings, else the system login) and the source."""

    user: str
    source: str = SOURCE_APP

    @classmethod
    def default(cls, source: str = SOURCE_APP, user: str | None = None) -> EditContext:
        return cls(user=(user or "").strip() or system_user(), source=source)
