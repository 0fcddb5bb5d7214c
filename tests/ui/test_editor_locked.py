"""An edit refused because another program holds the file keeps what the user typed, so
that it can be saved again (Enter, leaving the field, or the next commit)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from psm_desktop.errors import DatabaseLockedError
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]

LOCKED = "Il database è bloccato da un altro programma o da un'altra finestra."


class Lock:
    """Every action update is refused as "database bloccato" while `on`."""

    def __init__(self) -> None:
        self.on = True
        self.refusals = 0


@pytest.fixture
def locked(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Lock:
    lock = Lock()
    actions = window.workspace.services.actions
    real = actions.update

    def update(*args: Any, **kwargs: Any) -> Any:
        if lock.on:
            lock.refusals += 1
            raise DatabaseLockedError(LOCKED)
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "update", update)
    return lock


def test_typed_notes_stay_after_a_lock_and_are_saved_next_time(
    window: MainWindow, shown: Shown, locked: Lock
) -> None:
    action_id = select_code(window, "1.3.1")
    editor = window.plan.editor
    editor.notes.setPlainText("Riunione con i comuni a marzo")
    editor.notes.commit()
    assert locked.refusals and any("bloccato" in text for text in shown.texts())
    assert editor.notes.toPlainText() == "Riunione con i comuni a marzo"
    assert stored(window, action_id).notes != "Riunione con i comuni a marzo"
    locked.on = False
    editor.notes.commit()  # leaving the field again saves it
    assert stored(window, action_id).notes == "Riunione con i comuni a marzo"


def test_typed_title_budget_and_date_stay_after_a_lock(
    window: MainWindow, shown: Shown, locked: Lock, qtbot: QtBot
) -> None:
    action_id = select_code(window, "1.2.1")
    editor = window.plan.editor
    editor.short_title.setText("Hub dell'innovazione")
    editor.short_title.commit()
    assert editor.short_title.text() == "Hub dell'innovazione"
    editor.budget.setText("1.250.000,50")
    editor.budget.editingFinished.emit()
    qtbot.waitUntil(lambda: editor.budget.text() == "1.250.000,50 €")
    editor.end_date.set_date(dt.date(2026, 6, 30))
    assert editor.end_date.edit.text() == "30/06/2026"
    before = stored(window, action_id)
    assert before.short_title != "Hub dell'innovazione" and before.budget is None
    locked.on = False
    editor.commit_pending()
    editor.short_title.editingFinished.emit()
    editor.budget.editingFinished.emit()
    editor.end_date.edit.editingFinished.emit()
    after = stored(window, action_id)
    assert after.short_title == "Hub dell'innovazione"
    assert after.budget == Decimal("1250000.50")
    assert after.end_date == dt.date(2026, 6, 30)
