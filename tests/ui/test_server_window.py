"""The window on a plan on a real PostgreSQL server (tests/pgserver.py): File › Apri
database sul server… with the password from ~/.pgpass, the keyring (a fake, in memory) or
asked; the errors in Italian; the title and recent files never carry the password; File ›
Salva una copia locale… writes a SQLite file equal to the server's plan."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from pgserver import PgServer
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from psm_desktop.errors import ServerPasswordError
from psm_desktop.progress import Cancelled
from psm_desktop.storage import credentials, migrations, open_database, server_roles
from psm_desktop.storage.copying import save_local_copy
from psm_desktop.storage.database import open_server
from psm_desktop.storage.server_address import ServerAddress, parse
from psm_desktop.ui.core import file_dialogs
from psm_desktop.ui.dialogs import server_dialog
from psm_desktop.ui.dialogs.server_dialog import ServerDialog
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import Shown, shown, window
from tests.unit.test_server_copy import _tables

__all__ = ["shown", "window"]

PASSWORD = "Segreta-2026!"


class MemoryKeyring(KeyringBackend):
    """A system keyring that lives in memory (keyring's own backend interface)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def fake_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    credentials._session.clear()
    yield backend
    keyring.set_keyring(previous)
    credentials._session.clear()


@pytest.fixture
def no_pgpass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """libpq reads this (absent) file, never the user's own ~/.pgpass."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    path = tmp_path / "pgpass-assente"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


def _wait_for_password_rule(server: PgServer, user: str, database: str) -> None:
    """pg_reload_conf() takes effect shortly after: wait until the server asks."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            psycopg.connect(server.url(database, user=user), connect_timeout=5).close()
        except psycopg.OperationalError as exc:
            if "no password supplied" in str(exc):
                return
        time.sleep(0.1)
    raise AssertionError("the server never asked for a password")


@pytest.fixture
def pw_user(
    pg_server: PgServer, pg_database: str, pg_owner_url: str, no_pgpass: Path
) -> ServerAddress:
    """A coordinator of the test's plan whose connections need a password (a rule of its
    own in pg_hba.conf: the other tests' users keep connecting without one)."""
    name = "psm_pw_" + uuid.uuid4().hex[:8]
    owner = open_server(pg_owner_url, administration=True)
    try:
        server_roles.add_user(owner, name, "coordinatore", None)
    finally:
        owner.close()
    pg_server.admin(f"ALTER ROLE {name} PASSWORD '{PASSWORD}'")
    hba = pg_server.data / "pg_hba.conf"
    hba.write_text(f"local all {name} scram-sha-256\n" + hba.read_text(encoding="utf-8"))
    pg_server.admin("SELECT pg_reload_conf()")
    _wait_for_password_rule(pg_server, name, pg_database)
    return ServerAddress(str(pg_server.socket_dir), 5432, pg_database, name)


def _fill(dialog: ServerDialog, address: ServerAddress) -> None:
    dialog.host.setText(address.host)
    dialog.port.setValue(address.port)
    dialog.database.setText(address.database)
    dialog.user.setText(address.user)


def _settings_text(private_data_dir: Path) -> str:
    return (private_data_dir / "settings.ini").read_text(encoding="utf-8")


def test_the_window_opens_a_server_plan_named_user_at_host_slash_db(
    qtbot: QtBot, pg_url: str, shown: Shown, private_data_dir: Path
) -> None:
    from psm_desktop.app import build_main_window

    win = build_main_window(pg_url)
    qtbot.addWidget(win)
    try:
        address, _ = parse(pg_url)
        assert win.windowTitle().startswith(f"{address.label()} — server")
        assert address.user in address.label() and address.database in address.label()
        assert "Sola lettura" not in win.windowTitle()
        assert win.plan.table_model.rows(), "the plan's actions are shown"
        # A server has no file to copy or restore; its local copy is the way.
        a = win.menu_actions
        assert not a["save_copy"].isEnabled() and not a["restore_backup"].isEnabled()
        assert a["save_local_copy"].isEnabled() and a["import_tracker"].isEnabled()
        win.settings.sync()
        assert address.database in _settings_text(private_data_dir)
    finally:
        win.workspace.close()


def test_the_dialog_takes_the_password_from_pgpass_and_does_not_ask(
    qtbot: QtBot, pw_user: ServerAddress, no_pgpass: Path, fake_keyring: MemoryKeyring
) -> None:
    # libpq's own format: host:port:database:user:password (a socket folder as the host)
    entry = f"{pw_user.host}:{pw_user.port}:{pw_user.database}:{pw_user.user}:{PASSWORD}\n"
    no_pgpass.write_text(entry, encoding="utf-8")
    no_pgpass.chmod(0o600)
    dialog = ServerDialog(None)
    qtbot.addWidget(dialog)
    _fill(dialog, pw_user)
    assert dialog.try_open(), dialog.problem.text()
    try:
        assert not dialog.password_asked()
        assert dialog.db is not None and dialog.db.access().role == "coordinatore"
        assert fake_keyring.items == {}
    finally:
        assert dialog.db is not None
        dialog.db.close()


def test_asked_password_goes_to_the_keyring_never_to_the_settings_file(
    qtbot: QtBot,
    window: MainWindow,
    pw_user: ServerAddress,
    fake_keyring: MemoryKeyring,
    shown: Shown,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def user_fills_in(dialog: ServerDialog) -> int:
        _fill(dialog, pw_user)
        assert not dialog.password_asked()  # not before the server wants one
        assert not dialog.try_open()
        asked.append(dialog.problem.text())
        assert dialog.password_asked() and dialog.remember.isEnabled()
        dialog.password.setText(PASSWORD)
        dialog.remember.setChecked(True)
        assert dialog.try_open(), dialog.problem.text()
        return int(ServerDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(ServerDialog, "exec", user_fills_in)
    window.choose_server()

    assert asked and "chiede la password" in asked[0] and pw_user.user in asked[0]
    assert window.workspace.db.on_server
    assert window.windowTitle().startswith(f"{pw_user.label()} — server")
    assert fake_keyring.items == {(credentials.SERVICE, pw_user.key()): PASSWORD}
    window.settings.sync()
    settings = _settings_text(private_data_dir)
    assert pw_user.database in settings  # the server is among the recent files...
    assert PASSWORD not in settings  # ...without its password
    recent = window.settings.recent_files()
    assert recent[0] == pw_user.url() and PASSWORD not in str(recent)

    # Back to a file, then the server again from the recent files: the keyring answers.
    first = recent[1]
    assert window.open_database(first)
    prefilled: list[ServerAddress] = []
    monkeypatch.setattr(ServerDialog, "exec", lambda d: prefilled.append(d.address()) or 0)
    window.choose_server()  # the dialog starts from the last server; cancelled
    assert prefilled == [pw_user] and window.workspace.db.file == first
    monkeypatch.setattr(
        server_dialog, "ask_server_database", lambda *a: pytest.fail("password asked again")
    )
    assert window.open_database(pw_user.url())
    assert window.workspace.db.on_server
    assert not [text for kind, text in shown.items if kind == "warn"]


def test_a_wrong_password_is_refused_in_italian_and_not_kept(
    qtbot: QtBot, pw_user: ServerAddress, fake_keyring: MemoryKeyring
) -> None:
    dialog = ServerDialog(None)
    qtbot.addWidget(dialog)
    _fill(dialog, pw_user)
    dialog.show_password_field(True)
    dialog.password.setText("sbagliata")
    dialog.remember.setChecked(True)
    assert not dialog.try_open()
    message = dialog.problem.text()
    assert "non ha accettato la password" in message and pw_user.user in message
    assert "sbagliata" not in message
    assert dialog.db is None and fake_keyring.items == {}


def test_a_stale_keyring_password_is_dropped_and_the_dialog_asks(
    pw_user: ServerAddress, fake_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psm_desktop.ui.window import opening

    fake_keyring.items[(credentials.SERVICE, pw_user.key())] = "vecchia"
    asked: list[Any] = []
    monkeypatch.setattr(
        server_dialog,
        "ask_server_database",
        lambda parent, address, problem: asked.append((address, problem)),
    )
    assert opening.open_location(None, pw_user.url()) is None
    assert asked and asked[0][0] == pw_user
    assert isinstance(asked[0][1], ServerPasswordError) and not asked[0][1].needed
    assert fake_keyring.items == {}


def test_without_a_keyring_the_password_lasts_for_the_session_and_the_user_is_told(
    qtbot: QtBot, pw_user: ServerAddress, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a headless Linux: no keyring at all
    credentials._session.clear()

    def user_fills_in(dialog: ServerDialog) -> int:
        _fill(dialog, pw_user)
        dialog.show_password_field(True)
        dialog.password.setText(PASSWORD)
        dialog.remember.setChecked(True)
        assert dialog.try_open(), dialog.problem.text()
        return int(ServerDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(ServerDialog, "exec", user_fills_in)
    try:
        db = server_dialog.ask_server_database(None)
        assert db is not None
        db.close()
        assert any("non può essere ricordata" in t for t in shown.texts())
        # Reopened in the same session without asking; forgotten when the process ends.
        assert credentials.saved_password(pw_user) == PASSWORD
        again = open_database(pw_user.url(credentials.saved_password(pw_user)))
        again.close()
    finally:
        keyring.set_keyring(previous)
        credentials._session.clear()


def _set_revision(owner_url: str, revision: str) -> None:
    owner = open_server(owner_url, administration=True)
    try:
        with owner.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        owner.close()


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("newer", "Il database sul server"),
        ("older", "va aggiornato"),
        ("no database", "non esiste il database"),
        ("unreachable", "il server non risponde"),
    ],
)
def test_server_problems_are_said_in_italian_in_the_dialog(
    qtbot: QtBot,
    pg_url: str,
    pg_owner_url: str,
    tmp_path: Path,
    case: str,
    expected: str,
) -> None:
    address, _ = parse(pg_url)
    if case == "newer":
        _set_revision(pg_owner_url, "9999_dal_futuro")
    elif case == "older":
        older = [r for r in migrations.known_revisions() if r != migrations.head_revision()]
        _set_revision(pg_owner_url, sorted(older)[0])
    elif case == "no database":
        address = ServerAddress(address.host, address.port, "non_ce", address.user)
    else:
        address = ServerAddress(str(tmp_path), address.port, address.database, address.user)
    dialog = ServerDialog(None)
    qtbot.addWidget(dialog)
    _fill(dialog, address)
    assert not dialog.try_open()
    message = dialog.problem.text()
    assert expected in message
    if case == "newer":
        assert "è di una versione più recente" in message
    if case == "older":
        assert "ufficio IT" in message
    assert "Error" not in message and "Traceback" not in message
    assert not dialog.password_asked()


def test_the_local_copy_of_a_server_plan_is_a_complete_sqlite_file(
    qtbot: QtBot,
    pg_url: str,
    tmp_path: Path,
    shown: Shown,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from psm_desktop.app import build_main_window

    win = build_main_window(pg_url)
    qtbot.addWidget(win)
    target = tmp_path / "riunione" / "piano-locale.sqlite"
    target.parent.mkdir()
    monkeypatch.setattr(file_dialogs, "ask_copy_target", lambda *args: target)
    try:
        win.save_local_copy()
        job = win.local_copy_job
        assert job is not None
        qtbot.waitUntil(lambda: not job.is_running() and job.result is not None, timeout=60_000)
        qtbot.waitUntil(lambda: bool(shown.texts()), timeout=10_000)
        done = shown.texts()[-1]
        assert str(target) in done and "riunione" in done and "tracker" in done
        copy = open_database(target, create=False, auto_backup=False)
        try:
            assert _tables(copy) == _tables(win.workspace.db)
            assert copy.database_id == win.workspace.db.database_id
        finally:
            copy.close()
        assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    finally:
        win.workspace.close()


def test_a_cancelled_local_copy_leaves_nothing_behind(pg_url: str, tmp_path: Path) -> None:
    db = open_database(pg_url)
    target = tmp_path / "piano-locale.sqlite"

    def cancel_midway(done: int, total: int, message: str = "") -> None:
        if done == total // 2:
            raise Cancelled()

    try:
        with pytest.raises(Cancelled):
            save_local_copy(db, target, cancel_midway)
    finally:
        db.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("how", ["--db", "PSM_DESKTOP_DB"])
def test_the_window_starts_on_a_server_from_db_or_the_environment(
    qtbot: QtBot, pg_url: str, shown: Shown, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    import sys

    from psm_desktop import app as psm_app
    from psm_desktop import cli

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(psm_app, "setup_logging", lambda: None)
    started: list[MainWindow] = []
    monkeypatch.setattr(psm_app, "run", lambda db: started.append(psm_app.start(db)) or 0)
    if how == "--db":
        assert cli.main(["--db", pg_url]) == 0
    else:
        monkeypatch.setenv("PSM_DESKTOP_DB", pg_url)
        assert cli.main([]) == 0
    window = started[0]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached, timeout=30_000)
    try:
        assert window.workspace.db.on_server
        assert window.windowTitle().startswith(f"{parse(pg_url)[0].label()} — server")
        assert shown.items == []
    finally:
        window.workspace.close()


def test_the_local_copy_of_a_file_plan_is_a_copy_of_the_file(
    window: MainWindow, tmp_path: Path, shown: Shown, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "copie" / "piano-locale.sqlite"
    target.parent.mkdir()
    monkeypatch.setattr(file_dialogs, "ask_copy_target", lambda *args: target)
    window.save_local_copy()
    job = window.local_copy_job
    assert job is not None
    qtbot.waitUntil(lambda: bool(shown.texts()), timeout=30_000)
    assert str(target) in shown.texts()[-1] and "tracker" in shown.texts()[-1]
    copy = open_database(target, create=False, auto_backup=False)
    try:
        assert _tables(copy) == _tables(window.workspace.db)
    finally:
        copy.close()
    assert [p.name for p in target.parent.iterdir()] == [target.name]
