"""The application's log file, shared by the window and the command line (no Qt here).

Users see short Italian messages; what SQLite or the operating system said goes here.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from psm_desktop.storage.paths import user_data_dir

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

LOG_NAME = "psm-desktop.log"
log = logging.getLogger("psm_desktop")


def log_file() -> Path:
    return user_data_dir() / LOG_NAME


class _LogFile(logging.Handler):
    """Opened at the first record, so a command that logs nothing writes nothing (and
    start-up imports neither the rotating handler nor what finds the data folder); a log
    that cannot be written (read-only or full data folder) is skipped, never shown."""

    def __init__(self) -> None:
        super().__init__()
        self._file: RotatingFileHandler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._file is None:
                self._file = _open_log()
                self._file.setFormatter(self.formatter)
            self._file.emit(record)
        except Exception:  # never shown: the application goes on without its log
            return

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _open_log() -> RotatingFileHandler:
    from logging.handlers import RotatingFileHandler

    class Quiet(RotatingFileHandler):
        def handleError(self, record: logging.LogRecord) -> None:
            pass  # a full or read-only disk: the record is lost, nothing is printed

    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    return Quiet(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)


def setup_logging() -> None:
    """Log to the data folder; never to the terminal, where only the messages belong."""
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        # Without any handler Python prints warnings raw on stderr (logging.lastResort).
        log.addHandler(logging.NullHandler())
    if any(isinstance(h, _LogFile) for h in log.handlers):
        return
    handler = _LogFile()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
