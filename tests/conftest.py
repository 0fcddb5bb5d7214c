"""Shared fixtures: a private data folder and a freshly seeded database per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# No display in CI: Qt draws offscreen. Set before any test imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Server passwords: never the developer's real keyring (tests that need one install an
# in-memory backend of their own, see tests/ui/test_server_window.py).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

import pgserver

from psm_desktop.services import EditContext, Services
from psm_desktop.storage import Database, open_database, server_roles
from psm_desktop.storage.database import create_on_server

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


ENGINES = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_engines: run the test's `db` on SQLite and on a PostgreSQL server"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_engines"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine behind `db`: SQLite unless the test is marked `both_engines`."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pgserver.PgServer]:
    """One PostgreSQL server for the whole session, in a temporary folder."""
    why = pgserver.missing_reason()
    if why is not None:
        pytest.skip(why)
    server = pgserver.PgServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


PG_COORDINATOR = "psm_test_coord"


@pytest.fixture(scope="session")
def pg_template(pg_server: pgserver.PgServer) -> str:
    """A seeded plan on the server, with its roles and a coordinator user, copied for each
    test (CREATE DATABASE ... TEMPLATE)."""
    name = pg_server.new_database()
    db = create_on_server(pg_server.url(name))
    try:
        server_roles.install(db)
        server_roles.add_user(db, PG_COORDINATOR, "coordinatore", None)
    finally:
        db.close()
    return name


@pytest.fixture
def pg_database(pg_server: pgserver.PgServer, pg_template: str) -> Iterator[str]:
    """A new seeded plan database of this test's own, dropped afterwards."""
    name = pg_server.new_database(template=pg_template)
    yield name
    pg_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_server: pgserver.PgServer, pg_database: str) -> str:
    """The test's plan as the application sees it: a coordinator, not the tables' owner."""
    return pg_server.url(pg_database, user=PG_COORDINATOR)


@pytest.fixture
def logged_as(engine: str) -> Callable[[str], str]:
    """Who the change log names for an edit made as `name`: on the server, whatever the
    client says, the database user (a trigger of the server's)."""
    return lambda name: PG_COORDINATOR if engine == "postgresql" else name


@pytest.fixture
def pg_owner_url(pg_server: pgserver.PgServer, pg_database: str) -> str:
    """The same plan as the IT office's user (the tables' owner, here a superuser)."""
    return pg_server.url(pg_database)


@pytest.fixture
def db_target(engine: str, request: pytest.FixtureRequest) -> Path | str:
    """Where this test's seeded plan is: a file, or a server URL under `both_engines`."""
    if engine == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return Path(request.getfixturevalue("db_path"))


@pytest.fixture
def db(db_target: Path | str) -> Iterator[Database]:
    database = open_database(db_target)
    yield database
    database.close()


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db, EditContext(user="Tester", source="test"))
