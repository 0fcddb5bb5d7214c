"""The log file: opened at the first record (start-up imports neither the rotating
handler nor platformdirs), in the data folder, rotated past 1 MB, never in the way."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from psm_desktop import logfile

ROOT = Path(__file__).resolve().parents[2]


def _fresh(code: str, data_dir: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PSM_DESKTOP_DATA_DIR=str(data_dir))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout + done.stderr


def test_setting_up_writes_and_imports_nothing_until_the_first_record(tmp_path: Path) -> None:
    code = (
        "import sys, logging\n"
        "from psm_desktop.logfile import setup_logging, log_file\n"
        "setup_logging()\n"
        "print('logging.handlers' in sys.modules,"
        " 'platformdirs' in sys.modules, log_file().exists())\n"
        "logging.getLogger('psm_desktop.test').warning('prova %s', 42)\n"
        "print(log_file().read_text(encoding='utf-8').strip().endswith('prova 42'))\n"
    )
    assert _fresh(code, tmp_path / "dati").split() == ["False", "False", "False", "True"]
    assert (tmp_path / "dati" / logfile.LOG_NAME).is_file()


def test_the_log_rotates_past_its_size(tmp_path: Path) -> None:
    code = (
        "import logging\n"
        "from psm_desktop.logfile import setup_logging\n"
        "setup_logging()\n"
        "log = logging.getLogger('psm_desktop.test')\n"
        "for i in range(1200):\n"
        "    log.warning('%d %s', i, 'x' * 1000)\n"
    )
    _fresh(code, tmp_path)
    assert (tmp_path / logfile.LOG_NAME).stat().st_size <= 1_000_000
    assert (tmp_path / f"{logfile.LOG_NAME}.1").is_file()


def test_a_log_that_cannot_be_written_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PSM_DESKTOP_DATA_DIR", str(blocked / "dati"))
    handler = logfile._LogFile()
    record = logging.LogRecord("psm_desktop", logging.ERROR, __file__, 1, "guasto", None, None)
    handler.handle(record)  # the folder cannot be made: nothing raised, nothing printed
    handler.handle(record)
    handler.close()
    assert capsys.readouterr() == ("", "")
