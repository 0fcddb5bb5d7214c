"""Test helpers for files: fingerprints (was it left byte-for-byte untouched?) and read-only."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    size: int
    mtime_ns: int
    siblings: tuple[str, ...]  # journal or -wal/-shm files SQLite may have left beside it


def fingerprint(path: Path) -> Fingerprint:
    stat = os.stat(path)
    siblings = tuple(sorted(p.name for p in path.parent.glob(path.name + "-*")))
    return Fingerprint(
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        siblings=siblings,
    )


def make_read_only(path: Path, request: pytest.FixtureRequest) -> None:
    """Really forbid writing `path`, also for root (which ignores permission bits)."""
    if getattr(os, "geteuid", lambda: 1)() != 0:  # not root (or not POSIX)
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        request.addfinalizer(lambda: path.chmod(mode))
        return
    # Root: the immutable attribute binds root too; skip where it is not supported.
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode:
        pytest.skip("running as root without a way to make a file read-only (chattr +i)")
    request.addfinalizer(lambda: subprocess.run([chattr, "-i", str(path)], check=False))


_CRASH_MID_WRITE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")  # spill changed pages into the file before commit
conn.execute("BEGIN")
for statement in sys.argv[2:]:
    conn.execute(statement)
os._exit(0)  # die holding the transaction: the journal is left hot
"""


def crash_mid_write(path: Path, *statements: str) -> Path:
    """Run `statements` in another process that dies before committing; return the journal
    it leaves beside `path` (some changed pages are already in the file)."""
    import sys

    subprocess.run([sys.executable, "-c", _CRASH_MID_WRITE, str(path), *statements], check=True)
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0
    return journal
