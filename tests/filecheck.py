"""Helpers for tests that must prove a file was left byte-for-byte untouched."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


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
