"""The main window on a 120-action demo plan (every axis has strategies and actions)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from psm_desktop.storage.demo import build_demo
from tests.ui.window_fixtures import Shown


@pytest.fixture
def demo_window(qtbot: QtBot, tmp_path: Path, shown: Shown) -> Iterator[object]:
    from psm_desktop.app import build_main_window

    path = tmp_path / "demo.sqlite"
    build_demo(path, 120)
    win = build_main_window(path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    yield win
    win.workspace.close()
