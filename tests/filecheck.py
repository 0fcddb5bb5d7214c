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
