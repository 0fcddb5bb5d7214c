"""A command that writes to a file a window has open says so (the presence record), and
still does its work: the window's stale writes are refused by the versions, nothing is lost.
A command that only reads says nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import run_cli as run

from psm_desktop.storage import presence

PERIOD = ("--name", "2025-S1", "--date", "2025-06-30", "--kind", "semestre")


def test_a_write_on_a_file_open_in_a_window_warns_who_has_it(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "check", "--db", db_path)  # the plan exists before the window opens it
    window = presence.claim(db_path, user="Anna Rossi")
    assert isinstance(window, presence.PresenceClaim)
    try:
        code, _out, err = run(capsys, "period", "add", "--db", db_path, *PERIOD)
        assert code == 0
        assert "Attenzione: Il database" in err and "è già aperto da Anna Rossi" in err
        assert "ricaricare" in err
        code, _out, err = run(capsys, "period", "list", "--db", db_path)
        assert code == 0 and "Anna Rossi" not in err
    finally:
        window.release()
    code, _out, err = run(capsys, "period", "close", "--db", db_path, "2025-S1")
    assert code == 0 and "Anna Rossi" not in err


def test_probing_the_presence_leaves_no_record_and_takes_no_lock(db_path: Path) -> None:
    assert presence.holder(db_path) is None
    assert not presence.record_path(db_path).exists()
    claim = presence.claim(db_path, user="Bruno")
    assert isinstance(claim, presence.PresenceClaim)
    try:
        held = presence.holder(db_path)
        assert held is not None and held.user == "Bruno"
        assert presence.holder(db_path) is not None  # probing did not take the lock
    finally:
        claim.release()
    assert presence.holder(db_path) is None


def test_restore_is_refused_while_a_window_has_the_file_open(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Replacing the file under an open window would send the window's next edits to the
    copy kept aside: the command refuses and changes nothing."""
    run(capsys, "period", "add", "--db", db_path, *PERIOD)  # a write: today's automatic copy
    code, out, _err = run(capsys, "restore", "--db", db_path, "--list")
    assert code == 0 and "  1  " in out
    before = db_path.read_bytes()
    window = presence.claim(db_path, user="Anna Rossi")
    assert isinstance(window, presence.PresenceClaim)
    try:
        code, _out, err = run(capsys, "restore", "--db", db_path, "1")
        assert code != 0 and "Anna Rossi" in err and "non è stato modificato" in err
        assert db_path.read_bytes() == before
    finally:
        window.release()
    code, _out, _err = run(capsys, "restore", "--db", db_path, "1")
    assert code == 0
