"""Folders where writing fails, for the export tests: really full or read-only where the
machine lets tests mount a small tmpfs (root on Linux), simulated otherwise.

`real` conditions mount a tmpfs: "full" is 8 KiB, too small for any export (ENOSPC),
"read-only" is mounted ro (EROFS). Running as root, chmod cannot deny writing, hence tmpfs.
`simulated` conditions (always run, so CI never skips them) patch the writers: "full"
writes part of the file and then fails with ENOSPC, "read-only" fails with EACCES when
the file is created.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CONDITIONS = ("full-tmpfs", "readonly-tmpfs", "full-simulated", "readonly-simulated")


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[bool]:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    try:
        yield done.returncode == 0
    finally:
        if done.returncode == 0:
            # Lazy: a file a failed writer left open must not keep the mount alive.
            subprocess.run(["umount", "-l", str(folder)], check=False)


def _no_space(what: object) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(what))


def simulate_full_disk(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Patch the writer of `kind` (tracker, pdf, copy): it writes the start of the file,
    then the disk is full."""
    if kind == "tracker":
        from psm_desktop.exchange.tracker import export

        def write_workbook(fill: Any) -> None:
            path = Path(fill.keywords["path"])  # the export's workbook filler knows its file
            path.write_bytes(b"PK\x03\x04 partial")
            raise _no_space(path)

        monkeypatch.setattr(export, "_write_workbook", write_workbook)
    elif kind == "pdf":
        from psm_desktop.exchange.pdf import documents

        def build_pdf(self: Any, _story: Any) -> int:
            Path(self.filename).write_bytes(b"%PDF-1.4 partial")
            raise _no_space(self.filename)

        monkeypatch.setattr(documents.SheetDocument, "build_pdf", build_pdf)
    elif kind == "copy":
        import sqlite3

        from psm_desktop.storage import sqlite as storage_sqlite

        real_connect = storage_sqlite.connect_read_only

        class FullSource:
            def __init__(self, path: Path) -> None:
                self._conn = real_connect(path)

            def backup(self, target: sqlite3.Connection) -> None:
                target.execute("CREATE TABLE partial (x)")
                target.commit()
                raise sqlite3.OperationalError("database or disk is full")

            def close(self) -> None:
                self._conn.close()

        monkeypatch.setattr(storage_sqlite, "connect_read_only", FullSource)


@contextmanager
def failing_folder(
    condition: str, kind: str | None, base: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A folder where writing the export `kind` fails as `condition` says (`kind` None:
    the caller simulates it itself, in another process)."""
    folder = base / f"dest-{condition}"
    if condition.endswith("tmpfs"):
        if not can_mount():
            pytest.skip("mounting a tmpfs needs root: the simulated conditions cover this")
        options = "size=8k" if condition.startswith("full") else "size=8k,ro"
        with tmpfs(folder, options) as mounted:
            if not mounted:
                pytest.skip("this machine refuses to mount a tmpfs: simulated conditions run")
            yield folder
        return
    folder.mkdir(parents=True, exist_ok=True)
    if condition == "full-simulated":
        if kind is not None:
            simulate_full_disk(kind, monkeypatch)
    else:  # read-only: creating any file in the folder is refused
        real_open, real_os_open = Path.open, os.open

        def refused(path: Any) -> PermissionError:
            return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

        def path_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if self.parent == folder and ("w" in mode or "x" in mode):
                raise refused(self)
            return real_open(self, mode, *args, **kwargs)

        def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(path).parent == folder and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                raise refused(path)
            return real_os_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(Path, "open", path_open)
        monkeypatch.setattr(os, "open", os_open)
    yield folder


def assert_clean_failure(message: str, target: Path) -> None:
    """Italian, names the file, no errno text, no temporary name, nothing left behind."""
    assert str(target) in message
    assert "Impossibile salvare" in message
    for internal in ("Errno", "No space", "Permission denied", "Read-only", ".tmp", "Traceback"):
        assert internal not in message, message
    assert not target.exists()
    assert [p.name for p in target.parent.iterdir()] == []
