"""`psm-desktop` with no command opens the window; it gets there without the data layers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from psm_desktop import cli


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """The databases the window was asked to open (no window is opened)."""
    calls: list[Path | None] = []
    monkeypatch.setattr(cli, "gui_main_with", lambda db: calls.append(db) or 0)
    return calls


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], None),
        (["--db", "piano.sqlite"], Path("piano.sqlite")),
        (["--db=altro piano.sqlite"], Path("altro piano.sqlite")),
        (["--d", "abbreviato.sqlite"], Path("abbreviato.sqlite")),  # through the full parser
    ],
)
def test_no_command_opens_the_window(
    launched: list[Path | None], argv: list[str], expected: Path | None
) -> None:
    assert cli.main(argv) == 0
    assert launched == [expected]


@pytest.mark.parametrize(
    "argv", [["--db", "x.sqlite", "list"], ["list", "--db", "x.sqlite"], ["--db", "--help"]]
)
def test_anything_else_is_not_the_short_way(argv: list[str]) -> None:
    assert cli.window_only(argv) == (False, None)


def test_window_launch_imports_no_data_layer_before_qt() -> None:
    """The launcher's module is light: SQLAlchemy waits for the window's first paint."""
    code = (
        "import sys\n"
        "import psm_desktop.cli as c\n"
        "assert c.window_only(['--db', 'p.sqlite'])[0]\n"
        "print('LOADED', sorted(m for m in ('sqlalchemy', 'psm_desktop.services') "
        "if m in sys.modules))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert "LOADED []" in out.stdout.splitlines(), out.stdout
