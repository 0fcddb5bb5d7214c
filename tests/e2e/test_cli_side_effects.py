"""What commands write besides their output: backups, half databases, unreadable folders.

Points 8.7, 8.11, 8.16 and 8.20 of issue 8.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
from clirun import run_cli as run

from psm_desktop.storage import backups, open_database
from psm_desktop.storage import sqlite as storage_sqlite
from psm_desktop.storage.paths import backups_dir

# --- 8.20 read-only commands write no daily backup --------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["actions"],
        ["actions", "--json"],
        ["check"],
        ["export-pdf", "--axis", "1", "-o", "{tmp}/asse.pdf"],
        ["export-tracker", "-o", "{tmp}/tracker.xlsx"],
        ["health"],
        ["indicators"],
    ],
    ids=[
        "actions",
        "actions-json",
        "check",
        "export-pdf",
        "export-tracker",
        "health",
        "indicators",
    ],
)
def test_read_only_commands_write_no_backup(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, _out, err = run(capsys, *args[:1], "--db", db_path, *args[1:])
    assert code == 0, err
    assert backups.list_backups(db_path) == []
    assert not backups_dir().exists()


def test_version_writes_nothing(private_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and "psm-desktop" in out
    assert not private_data_dir.exists()


def test_a_command_that_writes_makes_the_daily_backup(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = tmp_path / "tracker.xlsx"
    assert run(capsys, "export-tracker", "--db", db_path, "-o", tracker)[0] == 0
    code, _out, err = run(capsys, "import-tracker", "--db", db_path, tracker)
    assert code == 0, err
    names = [p.name for p in backups.list_backups(db_path)]
    assert len(names) == 1 and names[0].startswith("giornaliero-")


# --- 8.16 a daily backup that fails is said once -----------------------------------------


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full data folder, simulated where the copy is written (no small tmpfs needed):
    SQLite's backup API raises as it would on ENOSPC."""

    def no_space(source: Path, target: Path) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(storage_sqlite, "backup_to", no_space)


def test_failed_daily_backup_is_reported_by_the_database(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _full_disk(monkeypatch)
    db = open_database(db_path)
    try:
        assert db.backup_problem is not None
        assert "copia di sicurezza" in db.backup_problem
        assert str(backups_dir()) in db.backup_problem
        assert "disk is full" not in db.backup_problem
    finally:
        db.close()
    assert "disk is full" in caplog.text  # the details are in the log


def test_read_only_data_folder_for_the_backup_is_reported(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only data folder, simulated where the backup folder is made (root ignores
    permission bits): mkdir raises PermissionError as it would."""
    real_mkdir = Path.mkdir

    def denied(self: Path, *args: object, **kwargs: object) -> None:
        if self.is_relative_to(backups_dir()):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", denied)
    db = open_database(db_path)
    try:
        assert db.backup_problem is not None
        assert "Permission denied" not in db.backup_problem
    finally:
        db.close()


def test_failed_daily_backup_is_said_once_on_stderr(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tracker = tmp_path / "tracker.xlsx"
    assert run(capsys, "export-tracker", "--db", db_path, "-o", tracker)[0] == 0
    _full_disk(monkeypatch)
    code, _out, err = run(capsys, "import-tracker", "--db", db_path, tracker)
    assert code == 0
    assert err.count("copia di sicurezza") == 1
    assert "disk is full" not in err


# --- 8.11 an unreadable reports/ folder in the data folder -------------------------------


def _unreadable_reports(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    """`reports/` in the data folder cannot be read (chmod 000). Tests run as root, which
    reads anyway, so os.stat raises PermissionError for what is inside it, as it would."""
    reports = data / "reports"
    reports.mkdir(parents=True)
    real_stat = os.stat

    def denied(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if isinstance(path, (str, os.PathLike)) and Path(os.fspath(path)).parent == reports:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    real_open = Path.open

    def open_denied(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.parent == reports:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", denied)
    monkeypatch.setattr(Path, "open", open_denied)


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["actions", "--db", "{db}"]])
def test_unreadable_reports_folder_does_not_stop_other_commands(
    db_path: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    _unreadable_reports(monkeypatch, private_data_dir)
    code, _out, err = run(capsys, *[a.replace("{db}", str(db_path)) for a in argv])
    assert code == 0, err


def test_unreadable_reports_folder_is_a_message_for_the_pdf_export(
    db_path: Path,
    tmp_path: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _unreadable_reports(monkeypatch, private_data_dir)
    out_pdf = tmp_path / "asse.pdf"
    code, _out, err = run(capsys, "export-pdf", "--db", db_path, "--axis", "1", "-o", out_pdf)
    assert code == 2
    assert str(private_data_dir / "reports") in err
    assert "Errno" not in err and "Permission denied" not in err
    assert "permessi" in err
    assert not out_pdf.exists()


# --- 8.7 demo in one transaction ---------------------------------------------------------


def test_interrupted_demo_leaves_no_half_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from psm_desktop.storage import demo

    real_fill = demo._fill

    def fill_then_fail(*args: object, **kwargs: object) -> object:
        real_fill(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # Ctrl+C once everything is inserted, before the commit

    monkeypatch.setattr(demo, "_fill", fill_then_fail)
    path = tmp_path / "demo.sqlite"
    code, _out, err = run(capsys, "demo", "--db", path, "--actions", "50")
    assert code == 130
    assert not path.exists() or path.stat().st_size == 0
    monkeypatch.setattr(demo, "_fill", real_fill)
    code, _out, err = run(capsys, "demo", "--db", path, "--actions", "50")  # it can be redone
    assert code == 0, err


_KILLED_DEMO = """
import os, sys
from sqlalchemy import text
from psm_desktop.storage import demo
real_fill = demo._fill
def fill(session, *args, **kwargs):
    session.execute(text("PRAGMA cache_size = 5"))  # pages reach the file before the commit
    real_fill(session, *args, **kwargs)
    session.flush()
    os._exit(9)  # killed (kill -9, power cut) before the commit
demo._fill = fill
demo.build_demo(sys.argv[1], 2000)
"""


def test_killed_demo_leaves_no_half_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real kill in another process, after thousands of rows reached the file."""
    import subprocess
    import sys

    path = tmp_path / "demo.sqlite"
    done = subprocess.run([sys.executable, "-c", _KILLED_DEMO, str(path)], check=False)
    assert done.returncode == 9
    assert path.stat().st_size > 100_000  # the file holds half-written pages
    before = path.read_bytes()
    code, _out, err = run(capsys, "actions", "--db", path)
    assert code == 2
    assert "si è interrotta" in err and "non contiene dati" in err
    assert path.read_bytes() == before  # refused, not opened half-made
    code, out, err = run(capsys, "demo", "--db", path, "--actions", "40")
    assert code == 0, err  # the interrupted file is recognised as empty and made again
    code, out, _ = run(capsys, "actions", "--db", path)
    assert code == 0 and "40 azioni." in out
