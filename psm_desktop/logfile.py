"""The application's log file, shared by the window and the command line (no Qt here).

Users see short Italian messages; what SQLite or the operating system said goes here.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from psm_desktop.storage.paths import user_data_dir

LOG_NAME = "psm-desktop.log"
log = logging.getLogger("psm_desktop")


def log_file() -> Path:
    return user_data_dir() / LOG_NAME


class _LogFile(RotatingFileHandler):
    """Opened at the first record, so a command that logs nothing writes nothing; a log
    that cannot be written (read-only or full data folder) is skipped, never shown."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def setup_logging() -> None:
    """Log to the data folder; never to the terminal, where only the messages belong."""
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        # Without any handler Python prints warnings raw on stderr (logging.lastResort).
        log.addHandler(logging.NullHandler())
    if any(isinstance(h, _LogFile) for h in log.handlers):
        return
    handler = _LogFile(log_file())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
