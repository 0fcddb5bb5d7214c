"""Shared fixtures: a private data folder and a freshly seeded database per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# No display in CI: Qt draws offscreen. Set before any test imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from psm_desktop.services import EditContext, Services
from psm_desktop.storage import Database, open_database

_TEMPLATE: dict[str, Path] = {}

# In CI every real component (PostgreSQL, Chromium, LibreOffice...) must be there: a test
# skipped for a missing one would hide it, so there a skip counts as a failure.
_SKIPS_FAIL = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if _SKIPS_FAIL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be skipped: {reason}"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups, default database and settings never touch the real user folders."""
    data = tmp_path / "user-data"
    monkeypatch.setenv("PSM_DESKTOP_DATA_DIR", str(data))
    monkeypatch.delenv("PSM_DESKTOP_DB", raising=False)
    return data


@pytest.fixture
def db_path(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new seeded database file (copied from one made once per session, for speed)."""
    if "seeded" not in _TEMPLATE:
        template = tmp_path_factory.mktemp("template") / "seeded.sqlite"
        os.environ.setdefault("PSM_DESKTOP_DATA_DIR", str(template.parent / "data"))
        open_database(template, auto_backup=False).close()
        _TEMPLATE["seeded"] = template
    target = tmp_path / "piano.sqlite"
    shutil.copyfile(_TEMPLATE["seeded"], target)
    return target


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db, EditContext(user="Tester", source="test"))
