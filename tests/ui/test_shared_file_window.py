"""A SQLite plan the window should not simply open: on a network drive (the mount table is
a fake one) only with the user's consent; already open in another process (a real one
holding the presence record) only read-only, and then nothing is ever written."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from psm_desktop.app import build_main_window
from psm_desktop.errors import ReadOnlyDatabaseError, UserError
from psm_desktop.storage import network_drive, open_database, presence
from psm_desktop.ui.editor.action_editor import TAB_ASSIGNMENTS, TAB_PROGRAMMING
from psm_desktop.ui.window import opening
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import Shown, shown, window
from tests.unit.test_presence import _holder

__all__ = ["shown", "window"]


@pytest.fixture
def on_network_drive(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder of `db_path` is a CIFS share, as the mount table says."""
    table = tmp_path / "mounts"
    table.write_text(f"//nas/piani {db_path.parent} cifs rw 0 0\n", encoding="utf-8")
    monkeypatch.setattr(network_drive, "MOUNT_TABLE", table)
    return db_path


def _questions(monkeypatch: pytest.MonkeyPatch, name: str, answer: bool) -> list[str]:
    asked: list[str] = []

    def ask(_parent: object, text: str) -> bool:
        asked.append(text)
        return answer

    monkeypatch.setattr(opening, name, ask)
    return asked


def _fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def test_a_file_on_a_network_drive_is_not_opened_without_consent(
    window: MainWindow,
    on_network_drive: Path,
    tmp_path: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "condiviso" / "piano.sqlite"
    other.parent.mkdir()
    other.write_bytes(on_network_drive.read_bytes())
    table = tmp_path / "mounts"
    table.write_text(f"//nas/piani {other.parent} cifs rw 0 0\n", encoding="utf-8")
    before = _fingerprint(other)
    backups = sorted((private_data_dir / "backups").glob("*"))
    asked = _questions(monkeypatch, "ask_network_consent", False)

    assert not window.open_database(other)
    assert len(asked) == 1
    assert "unità di rete" in asked[0] and "PostgreSQL" in asked[0] and str(other) in asked[0]
    assert window.workspace.db.file == on_network_drive  # the open one stays
    assert _fingerprint(other) == before  # not even the presence record was written
    assert sorted((private_data_dir / "backups").glob("*")) == backups

    with pytest.raises(UserError):  # at start-up (tools): refused, not opened
        build_main_window(other)


def test_with_consent_a_file_on_a_network_drive_is_opened(
    qtbot: QtBot, on_network_drive: Path, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _questions(monkeypatch, "ask_network_consent", True)
    win = build_main_window(on_network_drive)
    qtbot.addWidget(win)
    try:
        assert len(asked) == 1
        assert win.workspace.db.file == on_network_drive and not win.workspace.db.read_only
    finally:
        win.workspace.close()


def test_the_consent_question_defaults_to_not_opening(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psm_desktop.ui.core import messages

    seen: list[tuple[object, ...]] = []

    def box(parent, icon, title, text, buttons, default=0, details=""):  # type: ignore[no-untyped-def]
        seen.append((title, buttons[default][0]))
        return -1  # closed with Esc

    monkeypatch.setattr(messages, "show_box", box)
    assert not opening.ask_network_consent(None, "Il database è su un'unità di rete.")
    assert seen == [("Database su un'unità di rete", "Non aprire")]


def test_a_file_open_in_another_process_opens_read_only_and_writes_nothing(
    qtbot: QtBot,
    db_path: Path,
    shown: Shown,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    holder = _holder(db_path)  # another instance, "Anna Rossi", holds the presence
    try:
        before = _fingerprint(db_path)
        asked = _questions(monkeypatch, "ask_read_only", True)
        win = build_main_window(db_path)
        qtbot.addWidget(win)
        try:
            assert len(asked) == 1
            assert "Anna Rossi" in asked[0] and "sul computer" in asked[0]
            assert " dal " in asked[0] and "sola lettura" in asked[0]
            assert win.workspace.db.read_only
            assert "Sola lettura" in win.windowTitle()
            assert not win.mode_label.isHidden()
            assert "background: #b3261e" in win.mode_label.styleSheet()
            for key in ("import_tracker", "new_action", "delete_node", "restore_backup", "periods"):
                assert not win.menu_actions[key].isEnabled(), key
            assert win.menu_actions["export_tracker"].isEnabled()

            # An edit through the editor is refused with a message, and nothing is stored.
            action_id = select_code(win, "1.1.2")
            progress: QSpinBox = win.findChild(QSpinBox, "progressField")
            assert progress.isReadOnly()
            assert not win.findChild(QComboBox, "statusField").isEnabled()
            assert not win.plan.editor.progress_slider.isEnabled()
            # The tabs built when first opened are read-only too.
            win.plan.editor.tabs.setCurrentIndex(TAB_PROGRAMMING)
            assert win.findChild(QLineEdit, "cupField").isReadOnly()
            win.plan.editor.tabs.setCurrentIndex(TAB_ASSIGNMENTS)
            assert not win.plan.editor.assignments.add_button.isEnabled()
            progress.setReadOnly(False)  # even if a field let a change through
            progress.setValue(40)
            progress.editingFinished.emit()
            assert stored(win, action_id).progress == 0
            assert any("sola lettura" in t for t in shown.texts())
            with pytest.raises(ReadOnlyDatabaseError):
                win.workspace.services.actions.update(action_id, None, {"progress": 50})
            win.reload_all()
        finally:
            win.workspace.close()
        assert _fingerprint(db_path) == before  # bytes, time, and no journal nor new file
        assert not (private_data_dir / "backups").exists()  # no daily copy
        assert presence.read(presence.record_path(db_path)).user == "Anna Rossi"  # type: ignore[union-attr]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)


def test_read_only_refused_leaves_the_open_database_and_writable_later(
    window: MainWindow, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "altro.sqlite"
    other.write_bytes(db_path.read_bytes())
    holder = _holder(other)
    try:
        asked = _questions(monkeypatch, "ask_read_only", False)
        assert not window.open_database(other)
        assert len(asked) == 1 and window.workspace.db.file == db_path
        _questions(monkeypatch, "ask_read_only", True)
        assert window.open_database(other)
        assert window.workspace.db.read_only and not window.menu_actions["new_action"].isEnabled()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    # Back to a file nobody else has: everything is allowed again.
    assert window.open_database(db_path)
    assert not window.workspace.db.read_only
    assert window.menu_actions["new_action"].isEnabled()
    assert "Sola lettura" not in window.windowTitle() and window.mode_label.isHidden()
    progress: QSpinBox = window.findChild(QSpinBox, "progressField")
    assert not progress.isReadOnly()
    status = window.findChild(QComboBox, "statusField")
    assert not status.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)


def test_a_window_holds_the_presence_and_releases_it_on_closing(
    qtbot: QtBot, db_path: Path, shown: Shown
) -> None:
    win = build_main_window(db_path)
    qtbot.addWidget(win)
    record = presence.record_path(db_path)
    held = presence.read(record)
    assert held is not None and held.computer
    second = build_main_window(db_path)  # a second window of the same instance
    qtbot.addWidget(second)
    assert not second.workspace.db.read_only
    second.workspace.close()
    assert record.exists()  # the first window still has it open
    win.workspace.close()
    assert not record.exists()


def test_the_storage_refuses_writes_to_a_read_only_file(db_path: Path) -> None:
    before = db_path.stat().st_mtime_ns
    db = open_database(db_path, read_only=True)
    try:
        with pytest.raises(ReadOnlyDatabaseError, match="sola lettura"), db.transaction():
            pass
        with db.engine.connect() as connection, pytest.raises(Exception, match="readonly"):
            connection.exec_driver_sql("UPDATE psm_meta SET value = 'x'")
        assert db.access().read_only
    finally:
        db.close()
    assert db_path.stat().st_mtime_ns == before
    assert os.listdir(db_path.parent) == [db_path.name]
