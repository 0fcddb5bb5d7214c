"""The command line as a real process: exit codes, stderr, and what it does not import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import psm_desktop

# The folder that holds the psm_desktop being tested (source tree or installed wheel).
PACKAGE_ROOT = Path(psm_desktop.__file__).resolve().parent.parent


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSM_DESKTOP")}
    env["PYTHONPATH"] = os.pathsep.join([str(PACKAGE_ROOT), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    env["PSM_DESKTOP_DATA_DIR"] = str(data_dir)
    env.pop("DISPLAY", None)  # headless: there is no display to fall back on
    env.pop("WAYLAND_DISPLAY", None)
    return env


def psm(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psm_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,  # not the repository: nothing may depend on the working folder
        env=_env(tmp_path / "dati"),
        timeout=120,
    )


def test_exit_codes_and_streams(tmp_path: Path) -> None:
    db = tmp_path / "piano.sqlite"

    version = psm(tmp_path, "--version")
    assert (version.returncode, version.stdout.strip()) == (
        0,
        f"psm-desktop {psm_desktop.__version__}",
    )

    created = psm(tmp_path, "init", "--db", db)
    assert created.returncode == 0, created.stderr
    assert "24 azioni" in created.stdout and created.stderr == ""

    again = psm(tmp_path, "init", "--db", db)
    assert again.returncode == 2
    assert again.stdout == "" and again.stderr.startswith("Errore: ")

    listed = psm(tmp_path, "actions", "--db", db, "--json")
    assert listed.returncode == 0
    assert len(json.loads(listed.stdout)) == 24

    bad = psm(tmp_path, "actions", "--db", db, "--status", "boh")
    assert bad.returncode == 2
    assert bad.stderr.startswith("Errore: stato 'boh' non valido")

    missing = psm(tmp_path, "actions", "--db", tmp_path / "manca.sqlite")
    assert missing.returncode == 2 and "non esiste" in missing.stderr

    usage = psm(tmp_path, "actions", "--axis", "x")
    assert usage.returncode == 2 and "errore:" in usage.stderr

    checked = psm(tmp_path, "check", "--db", db)
    assert checked.returncode == 0 and "Chiavi esterne: ok" in checked.stdout

    for result in (again, bad, missing, usage):
        assert "Traceback" not in result.stderr


def test_not_a_psm_file_exit_code(tmp_path: Path) -> None:
    other = tmp_path / "note.txt"
    other.write_text("appunti", encoding="utf-8")
    result = psm(tmp_path, "actions", "--db", other)
    assert result.returncode == 2
    assert "non è un database di PSM Desktop" in result.stderr
    assert "Traceback" not in result.stderr
    assert other.read_text(encoding="utf-8") == "appunti"


HEAVY = ("PySide6", "openpyxl", "reportlab")


@pytest.mark.parametrize(
    "argv",
    [
        ["actions", "--db", "{db}"],
        ["actions", "--db", "{db}", "--json", "--overdue"],
        ["check", "--db", "{db}"],
        ["--version"],
    ],
    ids=["actions", "actions-json", "check", "version"],
)
def test_headless_commands_do_not_import_qt_or_office_libraries(
    db_path: Path, tmp_path: Path, argv: list[str]
) -> None:
    args = [a.format(db=db_path) for a in argv]
    code = (
        "import sys, psm_desktop.cli\n"
        "try:\n"
        f"    psm_desktop.cli.main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules if m.startswith({HEAVY!r})}})\n"
        "print('LOADED=' + ','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(tmp_path / "dati"),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "LOADED="
