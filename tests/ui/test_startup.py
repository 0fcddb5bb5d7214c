"""Start-up as `psm-desktop` runs it: the real window first, the database after its first paint."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from psm_desktop import app as psm_app
from psm_desktop.ui.window.main_window import LOADING_TEXT, MainWindow
from tests.ui.fresh_python import run_fresh
from tests.ui.window_fixtures import Shown, shown

__all__ = ["shown"]


@pytest.fixture
def start(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`app.start` without touching the process-wide hook, log and garbage collector of
    the test run."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(psm_app, "setup_logging", lambda: None)
    yield psm_app.start
    gc.unfreeze()
    gc.enable()


def test_window_is_painted_before_the_database_is_opened(
    qtbot: QtBot,
    db_path: Path,
    start,
    shown: Shown,  # type: ignore[no-untyped-def]
) -> None:
    window: MainWindow = start(db_path)
    qtbot.addWidget(window)
    assert window.isVisible() and not window.attached
    assert not gc.isenabled()  # start-up builds long-lived objects: no collection meanwhile
    loading = window.findChild(QLabel, "planLoading")
    assert loading is not None and loading.text() == LOADING_TEXT
    assert not window.menu_actions["open_db"].isEnabled()  # nothing to act on yet
    assert window.menu_actions["quit"].isEnabled()
    assert not window.recent_menu.isEnabled()

    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    assert window.workspace.path == db_path
    assert window.screens.widget(0) is window.plan
    assert window.plan.table_model.rowCount() > 0  # the plan is read at once, not later
    assert window.windowTitle().startswith("piano.sqlite")
    assert window.menu_actions["open_db"].isEnabled()
    assert window.recent_menu.isEnabled()
    assert not window.menu_actions["undo"].isEnabled()
    assert shown.items == []
    assert gc.isenabled() and gc.get_freeze_count() > 0  # what start-up built is set aside
    window.close()


def test_unusable_file_falls_back_to_the_default_database(
    qtbot: QtBot,
    tmp_path: Path,
    start,
    shown: Shown,  # type: ignore[no-untyped-def]
) -> None:
    bad = tmp_path / "not-a-plan.sqlite"
    bad.write_text("just text", encoding="utf-8")
    window: MainWindow = start(bad)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    assert len(shown.items) == 1 and shown.items[0][0] == "warn"
    assert window.workspace.path == psm_app.default_db_path()
    assert window.plan.table_model.rowCount() > 0
    window.close()


def test_no_usable_database_quits_with_code_2(
    qtbot: QtBot,
    tmp_path: Path,
    start,
    shown: Shown,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    bad = tmp_path / "not-a-plan.sqlite"
    bad.write_text("just text", encoding="utf-8")
    monkeypatch.setenv("PSM_DESKTOP_DB", str(bad))  # the default database is this file too
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: exits.append(code)))
    window: MainWindow = start(None)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: exits == [2], timeout=10_000)
    assert len(shown.items) == 1  # one message: the same file is not tried twice
    assert not window.isVisible() and not window.attached
    assert gc.isenabled()


def test_window_shell_does_not_import_the_data_layers() -> None:
    """What makes the first paint fast: no SQLAlchemy nor services before it (fresh Python)."""
    code = (
        "import sys\n"
        "import psm_desktop.app as a\n"
        "from psm_desktop.ui.window.main_window import MainWindow\n"
        "a.ensure_application()\n"
        "w = MainWindow(a.app_settings())\n"
        "w.show()\n"
        "a.QApplication.processEvents()\n"
        "heavy = ('sqlalchemy', 'psm_desktop.services', 'psm_desktop.storage.database')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules))\n"
    )
    lines = run_fresh(code)
    assert "LOADED []" in lines, lines


def _started_to_a_chosen_action(db_path: Path, data: Path, then: str) -> list[str]:
    """In a fresh interpreter, as `psm-desktop` starts: the plan shown from its first view,
    its first action chosen; then `then` runs (with `w` the window) and its output is
    returned, with a line saying whether the editor showed the action."""
    code = (
        "import linecache, os, sys\n"
        "from pathlib import Path\n"
        f"os.environ['PSM_DESKTOP_DATA_DIR'] = {str(data)!r}\n"
        "import psm_desktop.cli\n"
        "import psm_desktop.app as a\n"
        "app = a.ensure_application()\n"
        f"w = a.start(Path({str(db_path)!r}))\n"
        "while getattr(w, 'plan', None) is None or not w.plan.table_model.rowCount():\n"
        "    app.processEvents()\n"
        "w.plan.table.setCurrentIndex(w.plan.proxy.index(0, 0))\n"
        "app.processEvents()\n"
        "print('CHOSEN', w.plan.editor.detail is not None)\n"
    )
    lines = run_fresh(code + then)
    assert "CHOSEN True" in lines, lines
    return lines


def test_the_first_view_makes_no_python_class_for_widgets_it_does_not_use(
    db_path: Path, tmp_path: Path
) -> None:
    """Asking Qt for a widget Python has not met (a view's viewport) makes PySide build
    the class of every kind of widget first: start-up to an action chosen must not."""
    lines = _started_to_a_chosen_action(
        db_path,
        tmp_path / "data",
        "from PySide6 import QtWidgets\n"
        "unused = ('QMdiArea', 'QWizard', 'QGraphicsView', 'QCalendarWidget', 'QDial')\n"
        "print('MADE', [n for n in unused if n in vars(QtWidgets)])\n",
    )
    assert "MADE []" in lines, lines


def test_what_a_dialog_or_a_drop_needs_waits_for_its_first_use(
    db_path: Path, tmp_path: Path
) -> None:
    """The critical-note question, the dialogs' buttons and the tree's drops are imported
    when first needed, not on start-up's way to an action chosen."""
    lines = _started_to_a_chosen_action(
        db_path,
        tmp_path / "data",
        "late = ('ui.editor.critical_note', 'ui.widgets.dialog_buttons',\n"
        "        'ui.models.plan_tree_drop')\n"
        "print('LOADED', [m for m in late if f'psm_desktop.{m}' in sys.modules])\n",
    )
    assert "LOADED []" in lines, lines


def test_pyside_reads_no_source_of_ours(db_path: Path, tmp_path: Path) -> None:
    """PySide's import hook reads each new module's source unless told (see
    ui/core/pyside_imports): start-up to an action chosen reads none of the interface's
    nor of the services'."""
    lines = _started_to_a_chosen_action(
        db_path,
        tmp_path / "data",
        "parts = ('ui', 'services')\n"
        "read = [f for f in linecache.cache if any(f'psm_desktop{os.sep}{p}' in f for p in parts)\n"
        "        and not f.endswith('pyside_imports.py')]  # the one that tells PySide\n"
        "print('READ', len(read), read[:3])\n",
    )
    assert "READ 0 []" in lines, lines


def test_the_plan_is_shown_from_its_first_view_then_becomes_editable(
    qtbot: QtBot,
    db_path: Path,
    start,
    shown: Shown,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from psm_desktop.ui.editor.action_editor import OPENING_NOTE

    held: list[object] = []
    opening = psm_app._open_in_background
    monkeypatch.setattr(psm_app, "_open_in_background", lambda *args: held.append(args))
    window: MainWindow = start(db_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(held), timeout=10_000)  # shown, the opening not yet done
    plan = window.plan
    assert not window.attached and plan.editor.opening
    assert plan.table_model.rowCount() == 24 and plan.tree_model.rowCount() == 6
    assert not window.menu_actions["undo"].isEnabled()  # nothing to act on yet
    plan.table.setCurrentIndex(plan.proxy.index(2, 0))  # an action can be chosen and read
    chosen = plan.proxy.row_object(plan.proxy.index(2, 0))
    assert chosen is not None and plan.editor.detail is not None
    assert plan.editor.detail.id == chosen.id
    assert plan.editor.access_note.text() == OPENING_NOTE
    assert not plan.editor.access_note.isHidden()
    assert plan.editor.text.isReadOnly()  # not editable while the database opens

    opening(*held[0])  # type: ignore[misc]
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    assert window.plan is plan and not plan.editor.opening  # the same screen, now editable
    assert plan.editor.detail is not None and plan.editor.detail.id == chosen.id
    assert plan.editor.access_note.isHidden()
    assert not plan.editor.text.isReadOnly()
    assert window.menu_actions["open_db"].isEnabled()
    assert plan.editor.session is window.workspace.session
    assert shown.items == []
    window.close()


def test_an_error_of_the_normal_opening_is_said_and_leaves_the_file_untouched(
    qtbot: QtBot,
    db_path: Path,
    start,
    shown: Shown,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from psm_desktop.errors import DatabaseError

    before = db_path.read_bytes()
    opened: list[object] = []
    real = psm_app.open_for_window

    def failing(location, parent=None, user=""):  # type: ignore[no-untyped-def]
        opened.append(location)
        if location == db_path:
            raise DatabaseError(f"Impossibile aprire {db_path}: il file è bloccato.")
        return real(location, parent, user)

    monkeypatch.setattr(psm_app, "open_for_window", failing)
    window: MainWindow = start(db_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    assert opened[0] == db_path
    assert shown.items == [("warn", f"Impossibile aprire {db_path}: il file è bloccato.")]
    assert window.workspace.path == psm_app.default_db_path()  # the fallback, as before
    assert window.first_view is None and not window.plan.editor.opening
    assert window.plan.table_model.rowCount() > 0
    assert db_path.read_bytes() == before
    window.close()


def test_closing_while_the_database_opens_leaves_it_unopened(
    qtbot: QtBot,
    db_path: Path,
    start,
    shown: Shown,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    held: list[object] = []
    opening = psm_app._open_in_background
    monkeypatch.setattr(psm_app, "_open_in_background", lambda *args: held.append(args))
    window: MainWindow = start(db_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(held), timeout=10_000)
    view = window.first_view
    assert view is not None
    window.close()
    assert window.first_view is None
    opening(*held[0])  # type: ignore[misc]
    qtbot.wait(200)  # the data layers are loaded already: the opening would be done by now
    assert not window.attached and shown.items == []
