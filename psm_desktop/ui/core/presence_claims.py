"""This process's presence on the SQLite files its windows have open (storage/presence.py).

One claim per file and process, shared by every window of the process on that file (two
windows of the same instance are not "someone else"), released when the last one closes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from psm_desktop.storage import presence

if TYPE_CHECKING:
    from psm_desktop.storage import Database

log = logging.getLogger(__name__)

_held: dict[Path, tuple[presence.PresenceClaim | None, int]] = {}  # file -> claim, windows
_owners: dict[int, Path] = {}  # id(Database) -> the file it holds


def claim(path: Path, user: str = "") -> presence.Presence | None:
    """Take (or share) the presence on `path`; who else has it open, if someone does."""
    key = path.resolve()
    if key in _held:
        held, count = _held[key]
        _held[key] = (held, count + 1)
        return None
    try:
        got = presence.claim(path, user or None)
    except OSError as exc:  # a read-only folder: nobody can be told, nor tell us
        log.warning("No presence record beside %s: %r", path, exc)
        got = None
    if isinstance(got, presence.Presence):
        return got
    _held[key] = (got, 1)
    return None


def attach(db: Database, path: Path) -> None:
    """`db` is what the claim on `path` is for: closing it releases the claim."""
    _owners[id(db)] = path.resolve()


def release(path: Path) -> None:
    key = path.resolve()
    if key not in _held:
        return
    held, count = _held[key]
    if count > 1:
        _held[key] = (held, count - 1)
        return
    del _held[key]
    if held is not None:
        held.release()


def release_for(db: Database) -> None:
    """`db` is closing: its share of the presence goes."""
    path = _owners.pop(id(db), None)
    if path is not None:
        release(path)
