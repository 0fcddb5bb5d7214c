"""The main window on a fresh seeded database, with message boxes recorded instead of shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from psm_desktop.ui.core import messages


class Shown:
    """Messages the window tried to show, in order."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def texts(self) -> list[str]:
        return [text for _kind, text in self.items]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    record = Shown()
    monkeypatch.setattr(
        messages, "warn", lambda _p, text, title="": record.items.append(("warn", text))
    )
    monkeypatch.setattr(
        messages, "info", lambda _p, text, title="": record.items.append(("info", text))
    )
    monkeypatch.setattr(
        messages, "bug", lambda _p, summary, details, log: record.items.append(("bug", summary))
    )
    monkeypatch.setattr(messages, "confirm", lambda _p, text, title="": True)
    return record


@pytest.fixture
def window(qtbot: QtBot, db_path: Path, shown: Shown) -> Iterator[object]:
    from psm_desktop.app import build_main_window

    win = build_main_window(db_path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    yield win
    win.workspace.close()


@pytest.fixture
def shown_window(window: object, qtbot: QtBot) -> object:
    """The window shown and exposed: keys and focus behave as for a user."""
    window.show()  # type: ignore[attr-defined]
    qtbot.waitExposed(window)
    return window
