"""Run the command line in process and collect exit code, stdout and stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from psm_desktop.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse: --version, --help and usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err
