"""SQLite URIs for plan files: light (no SQLAlchemy), so that start-up's first view reads
the file with the same URI as every other opening."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote


def file_uri(path: Path, mode: str) -> str:
    """A SQLite URI for `path` opened in `mode` (ro, rw, rwc)."""
    return uri_from_posix(path.resolve().as_posix(), mode)


def uri_from_posix(posix: str, mode: str) -> str:
    # Not Path.as_uri(): for a Windows share (//server/share/psm.sqlite) it gives
    # file://server/..., an authority SQLite refuses; file:////server/... is what it reads.
    if not posix.startswith("/"):  # a Windows drive, C:/...
        posix = "/" + posix
    return "file://" + quote(posix, safe="/:") + f"?mode={mode}"
