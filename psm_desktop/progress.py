"""Progress reporting and cancellation for long work, with no Qt.

Long operations (export, import, many PDF sheets) take a `progress` callback and call it
now and then; the callback raises `Cancelled` when the user pressed Cancel, which unwinds
the work (an import's transaction rolls back, a file being written is not renamed).
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user cancelled the operation; nothing was changed."""


class ProgressCallback(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


def no_progress(done: int, total: int, message: str = "") -> None:
    """The callback used when nobody is watching."""
