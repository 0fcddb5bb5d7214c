"""The test server's own fixture: without PostgreSQL's programs the server tests skip,
saying why (and in CI, where skips fail, the reason tells what to install)."""

from __future__ import annotations

import pgserver
import pytest


def test_missing_programs_give_a_clear_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pgserver.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(pgserver.shutil, "which", lambda name: None)
    reason = pgserver.missing_reason()
    assert reason is not None and "apt-get install postgresql" in reason


def test_the_newest_installed_version_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    found = pgserver.find_bin_dir()
    if found is None:
        pytest.skip(pgserver.missing_reason() or "")
    assert (found / "initdb").exists() and (found / "pg_ctl").exists()
