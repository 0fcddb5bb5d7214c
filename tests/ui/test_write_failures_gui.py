"""Exports from the window to a full disk or a read-only folder: one Italian message that
names the file, no "Errore imprevisto", nothing left behind (see tests/diskfull.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from diskfull import CONDITIONS, assert_clean_failure, failing_folder
from pytestqt.qtbot import QtBot

from psm_desktop.ui.core import file_dialogs, jobs
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]

TARGETS = {"tracker": "tracker.xlsx", "pdf": "asse1.pdf", "copy": "copia.sqlite"}


def export(kind: str, win: MainWindow, target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services = win.workspace.services
    if kind == "tracker":
        from psm_desktop.exchange.tracker.scope import Scope
        from psm_desktop.ui.dialogs.tracker_dialogs import start_export

        start_export(win, services, Scope(), target)
    elif kind == "pdf":
        from psm_desktop.exchange.pdf.requests import AxisSheet
        from psm_desktop.ui.dialogs.pdf_dialogs import start_export as start_pdf

        start_pdf(win, services, AxisSheet(axis=1), target)
    else:
        monkeypatch.setattr(file_dialogs, "ask_copy_target", lambda *_a: target)
        win.menu_actions["save_copy"].trigger()


# openpyxl leaves its zip file open when the disk fills; its later cleanup fails again
# (to stderr, never to the user): not what this test is about.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("condition", CONDITIONS)
@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_export_from_the_window_to_a_failing_folder(
    kind: str,
    condition: str,
    window: MainWindow,
    shown: Shown,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with failing_folder(condition, kind, tmp_path, monkeypatch) as folder:
        target = folder / TARGETS[kind]
        export(kind, window, target, monkeypatch)
        qtbot.waitUntil(lambda: not jobs._running, timeout=60_000)
        qtbot.waitUntil(lambda: bool(shown.items), timeout=5_000)
        assert [k for k, _t in shown.items] == ["warn"], shown.items
        assert_clean_failure(shown.texts()[0], target)
