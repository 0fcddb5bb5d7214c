"""The window on a plan on a real PostgreSQL server: what each user may edit is greyed out
or not, others' edits show up while the user types, undo never reverts them, and a lost
connection is said, keeps what is typed and resumes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pgserver import PgServer
from PySide6.QtWidgets import QLabel, QMessageBox, QTableView
from pytestqt.qtbot import QtBot

from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database, server_roles
from psm_desktop.storage.database import open_server
from psm_desktop.ui.window.main_window import MainWindow
from psm_desktop.ui.window.server_link import LOST_MARK, READER_MARK
from tests.ui.window_fixtures import Shown, shown

__all__ = ["shown"]

OFFICE_A = "Ufficio Mobilità"
OFFICE_B = "Ufficio Ambiente"
OTHER_OFFICE = "Questa azione è di un altro ufficio"


@pytest.fixture
def offices(pg_server: PgServer, pg_database: str) -> dict[str, int]:
    """Two offices, each assigned to one action (1.1.1 and 1.1.2), and three users."""
    owner = open_server(pg_server.url(pg_database), administration=True)
    try:
        services = Services(owner, EditContext(user="IT", source="test"))
        mine = services.actions.get_by_code("1.1.1").id
        theirs = services.actions.get_by_code("1.1.2").id
        a = services.stakeholders.create(OFFICE_A)
        b = services.stakeholders.create(OFFICE_B)
        services.assignments.assign(mine, a.id)
        services.assignments.assign(theirs, b.id)
        server_roles.add_user(owner, "mobilita1", "ufficio", OFFICE_A)
        server_roles.add_user(owner, "lettore1", "lettore", None)
    finally:
        owner.close()
    return {"mine": mine, "theirs": theirs}


@pytest.fixture
def open_window(
    qtbot: QtBot, pg_server: PgServer, pg_database: str, shown: Shown
) -> Iterator[Callable[[str], MainWindow]]:
    from psm_desktop.app import app_settings, ensure_application

    windows: list[MainWindow] = []

    def make(user: str) -> MainWindow:
        ensure_application()
        win = MainWindow(app_settings())
        win.attach(open_database(pg_server.url(pg_database, user=user)))
        qtbot.addWidget(win)
        win.resize(1366, 768)
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.server_link.stop()
        win.workspace.close()


Scene = tuple[MainWindow, int, Callable[[int, int], None]]


@pytest.fixture
def coordinator(
    open_window: Callable[[str], MainWindow], pg_server: PgServer, pg_database: str
) -> Scene:
    """A coordinator's window with the second action of the plan in its editor, and another
    coordinator's application setting an action's progress."""
    win = open_window("psm_test_coord")
    action_id = win.plan.table_model.rows()[1].id
    select(win, action_id)

    def set_progress(action_id: int, value: int) -> None:
        url = pg_server.url(pg_database, user="psm_test_coord")
        other = Services(open_database(url), EditContext(user="Collega", source="test"))
        try:
            current = other.actions.get(action_id)
            other.actions.update(action_id, current.version, {"progress": value})
        finally:
            other.db.close()

    return win, action_id, set_progress


def select(win: MainWindow, action_id: int) -> None:
    table: QTableView = win.findChild(QTableView, "actionTable")
    row = win.plan.proxy.proxy_row_of_action(action_id)
    assert row is not None
    table.setCurrentIndex(win.plan.proxy.index(row, 0))
    assert win.plan.editor.action_id == action_id


def test_a_reader_window_allows_no_edit(
    open_window: Callable[[str], MainWindow], offices: dict[str, int]
) -> None:
    win = open_window("lettore1")
    for key in (
        "new_action",
        "delete_node",
        "add_assignment",
        "add_deadline",
        "periods",
        "campaigns",
        "import_tracker",
        "edit_plan",
    ):
        assert not win.menu_actions[key].isEnabled(), key
    assert win.menu_actions["export_tracker"].isEnabled()  # reading stays possible
    mark = win.findChild(QLabel, "accessMark")
    assert mark.text() == READER_MARK and not mark.isHidden()
    select(win, offices["mine"])
    editor = win.plan.editor
    assert editor.text.isReadOnly() and editor.notes.isReadOnly()
    assert not editor.status.isEnabled()
    assert not editor.sectors.isEnabled()
    assert not editor.access_note.isHidden()
    assert "Sola lettura (lettore)" in editor.access_note.text()


def test_an_office_edits_its_action_and_only_reads_the_others(
    open_window: Callable[[str], MainWindow], offices: dict[str, int]
) -> None:
    win = open_window("mobilita1")
    for key in ("new_action", "new_axis", "delete_node", "periods", "campaigns", "edit_plan"):
        assert not win.menu_actions[key].isEnabled(), key
    assert win.menu_actions["add_deadline"].isEnabled()
    editor = win.plan.editor
    select(win, offices["theirs"])
    assert editor.text.isReadOnly() and not editor.status.isEnabled()
    assert OTHER_OFFICE in editor.access_note.text() and not editor.access_note.isHidden()
    select(win, offices["mine"])
    assert not editor.text.isReadOnly() and editor.status.isEnabled()
    assert editor.access_note.isHidden()
    editor.notes.setPlainText("nota dell'ufficio")
    editor.notes.commit()
    assert win.workspace.services.actions.get(offices["mine"]).notes == "nota dell'ufficio"


def test_a_file_window_is_all_editable(qtbot: QtBot, db_path: object, shown: Shown) -> None:
    from psm_desktop.app import build_main_window

    win = build_main_window(db_path)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    try:
        assert win.menu_actions["new_action"].isEnabled()
        assert win.findChild(QLabel, "accessMark").isHidden()
        select(win, win.plan.table_model.rows()[0].id)
        assert not win.plan.editor.text.isReadOnly() and win.plan.editor.access_note.isHidden()
    finally:
        win.workspace.close()


def test_an_edit_by_another_user_shows_up_while_the_user_types(
    coordinator: Scene,
    qtbot: QtBot,
    shown: Shown,
) -> None:
    win, action_id, elsewhere = coordinator
    editor = win.plan.editor
    editor.notes.setPlainText("sto scrivendo")  # typed, not yet saved
    elsewhere(action_id, 40)
    qtbot.waitUntil(lambda: editor.progress.value() == 40, timeout=3000)
    row = next(r for r in win.plan.table_model.rows() if r.id == action_id)
    assert row.progress == 40  # the table too
    assert editor.notes.toPlainText() == "sto scrivendo"  # nothing typed lost
    editor.notes.commit()  # saving now: the action changed underneath, so it says so
    assert any("modificati da un'altra finestra" in t for t in shown.texts())
    stored = win.workspace.services.actions.get(action_id)
    assert stored.progress == 40 and stored.notes == ""
    assert editor.notes.toPlainText() == "sto scrivendo"  # still there, to save again
    editor.notes.commit()
    assert win.workspace.services.actions.get(action_id).notes == "sto scrivendo"


def test_undo_never_reverts_another_users_change(
    coordinator: Scene,
    qtbot: QtBot,
    shown: Shown,
) -> None:
    win, action_id, elsewhere = coordinator
    editor = win.plan.editor
    editor.progress.setValue(20)
    editor.commit_progress()
    assert win.undo_stack.canUndo()
    elsewhere(action_id, 70)
    qtbot.waitUntil(lambda: editor.progress.value() == 70, timeout=3000)
    win.menu_actions["undo"].trigger()
    assert win.workspace.services.actions.get(action_id).progress == 70  # not reverted
    assert not win.undo_stack.canUndo()
    assert any("non si possono più annullare" in t for t in shown.texts())


def test_a_lost_connection_is_said_keeps_the_typing_and_resumes(
    coordinator: Scene,
    pg_server: PgServer,
    pg_database: str,
    qtbot: QtBot,
) -> None:
    win, action_id, elsewhere = coordinator
    win.show()
    qtbot.waitExposed(win)
    editor = win.plan.editor
    editor.notes.setPlainText("appunti non salvati")
    # No reconnection until the test allows it again (also if it fails: the fixture drops it).
    pg_server.admin(f"ALTER DATABASE {pg_database} ALLOW_CONNECTIONS false")
    pg_server.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{pg_database}' AND pid <> pg_backend_pid()"
    )
    mark = win.findChild(QLabel, "connectionMark")
    qtbot.waitUntil(lambda: not mark.isHidden(), timeout=3000)
    assert mark.text() == LOST_MARK
    box = win.findChild(QMessageBox, "connectionLostBox")
    assert box is not None and box.isVisible() and not box.isModal()
    assert "Connessione al server persa" in box.text()
    assert "Connessione al server persa" in win.statusBar().currentMessage()
    assert editor.notes.toPlainText() == "appunti non salvati"
    qtbot.wait(2500)  # a retry fails: still said, still typed
    assert not mark.isHidden() and editor.notes.toPlainText() == "appunti non salvati"

    pg_server.admin(f"ALTER DATABASE {pg_database} ALLOW_CONNECTIONS true")
    elsewhere(action_id, 35)  # while we are away
    qtbot.waitUntil(lambda: mark.isHidden(), timeout=6000)
    assert "ripristinata" in win.statusBar().currentMessage()
    assert win.findChild(QMessageBox, "connectionLostBox") is None or not box.isVisible()
    qtbot.waitUntil(lambda: editor.progress.value() == 35, timeout=3000)  # read again
    assert editor.notes.toPlainText() == "appunti non salvati"
    editor.notes.commit()  # work resumes (the action changed meanwhile: saved the 2nd time)
    editor.notes.commit()
    assert win.workspace.services.actions.get(action_id).notes == "appunti non salvati"


def test_an_office_cannot_change_the_registry_of_stakeholders(
    open_window: Callable[[str], MainWindow], offices: dict[str, int]
) -> None:
    win = open_window("mobilita1")
    win.show_screen(1)
    view = win.hosts[0].panel
    assert view is not None
    assert not view.new_button.isEnabled()
    view.table.selectRow(0)
    assert not view.edit_button.isEnabled() and not view.delete_button.isEnabled()


def test_a_write_refused_by_the_server_is_said_and_the_text_stays(
    open_window: Callable[[str], MainWindow],
    offices: dict[str, int],
    pg_server: PgServer,
    pg_database: str,
    shown: Shown,
) -> None:
    win = open_window("mobilita1")
    select(win, offices["mine"])
    editor = win.plan.editor
    # The coordinator takes the action away from the office while its window is open.
    pg_server.admin(f"DELETE FROM assignment WHERE action_id = {offices['mine']}", pg_database)
    editor.notes.setPlainText("testo dell'ufficio")
    editor.notes.commit()
    assert any("permessi" in t for t in shown.texts())
    assert win.workspace.services.actions.get(offices["mine"]).notes == ""
    assert editor.notes.toPlainText() == "testo dell'ufficio"


def test_the_status_bar_names_the_server_user_the_history_records(
    open_window: Callable[[str], MainWindow], offices: dict[str, int]
) -> None:
    """On a server the change log records the database user, not the operator name typed in
    this computer's settings: the status bar says the same name, and the role."""
    office = open_window("mobilita1")
    assert office.user_label.text() == "Utente del server: mobilita1 (ufficio)"
    reader = open_window("lettore1")
    assert reader.user_label.text() == "Utente del server: lettore1 (lettore)"
