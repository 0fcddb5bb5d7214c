"""Who has a SQLite plan open: a presence record kept beside the file.

The instance that opens the file writes who, on which computer and since when into
`<file>.presenza`, and holds an operating-system lock on that record until it closes. A
second instance that cannot take the lock is told who is there (and may open the file
read-only); a record whose lock is free belongs to an instance that closed or died, and
is simply replaced: it expires with its owner, never by a timeout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

SUFFIX = ".presenza"


@dataclass(frozen=True)
class Presence:
    user: str
    computer: str
    since: dt.datetime

    def opened_by(self, path: Path) -> str:
        when = self.since.strftime("%d/%m/%Y alle %H:%M")
        return (
            f"Il database {path} è già aperto da {self.user} sul computer {self.computer} "
            f"dal {when}."
        )

    def message(self, path: Path) -> str:
        return (
            f"{self.opened_by(path)} Due persone che lo modificano insieme possono perdere "
            "dati: puoi aprirlo in sola lettura, o attendere che venga chiuso."
        )


def record_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


class PresenceClaim:
    """Our presence on a file, held until `release()`."""

    def __init__(self, record: Path, handle: IO[str]) -> None:
        self.record = record
        self._handle: IO[str] | None = handle

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        try:
            self.record.unlink(missing_ok=True)
        except OSError as exc:  # a read-only folder: the free lock still says "closed"
            log.warning("Cannot remove the presence record %s: %r", self.record, exc)
        _unlock(handle)
        handle.close()


def claim(path: Path, user: str | None = None) -> PresenceClaim | Presence:
    """Take the presence on `path`; if another live instance has it, say who."""
    record = record_path(path)
    handle = record.open("a+", encoding="utf-8")
    if not _try_lock(handle):
        handle.close()
        return read(record) or Presence("un altro utente", "un altro computer", dt.datetime.now())
    me = {
        "user": user or _login(),
        "computer": socket.gethostname(),
        "since": dt.datetime.now().isoformat(timespec="seconds"),
        "pid": os.getpid(),
    }
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps(me, ensure_ascii=False))
    handle.flush()
    return PresenceClaim(record, handle)


def holder(path: Path) -> Presence | None:
    """Who has `path` open right now, without claiming it (the command line, which writes in
    short transactions beside a window): None when no live instance holds the record."""
    record = record_path(path)
    try:
        handle = record.open("r", encoding="utf-8")
    except OSError:  # no record (or none we may read): nobody to report
        return None
    with handle:
        if _try_lock(handle):
            _unlock(handle)
            return None
    return read(record) or Presence("un altro utente", "un altro computer", dt.datetime.now())


def read(record: Path) -> Presence | None:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        return Presence(
            str(data["user"]), str(data["computer"]), dt.datetime.fromisoformat(data["since"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "utente sconosciuto"


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        with contextlib.suppress(OSError):  # already unlocked
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
