"""The editor's Indicatori tab through the real window: add, values and n.d. with undo/redo,
delete and undo, stale edits, no open period, and the note asked for a critical figure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from psm_desktop.model import Direction, PeriodKind, Status
from psm_desktop.services import Services
from psm_desktop.services.monitoring.indicators import IndicatorData
from psm_desktop.ui.editor import critical_note
from psm_desktop.ui.editor.action_editor import TAB_INDICATORS
from psm_desktop.ui.editor.indicators_tab import NO_PERIOD, IndicatorsTab
from psm_desktop.ui.monitoring import indicator_dialog
from psm_desktop.ui.monitoring.indicator_dialog import IndicatorAnswer
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]

IMPRESE = IndicatorData(
    name="Imprese coinvolte",
    unit="imprese",
    baseline_value=Decimal(0),
    target_value=Decimal(100),
)


def _services(win: MainWindow) -> Services:
    return win.workspace.services


def _tab(win: MainWindow) -> IndicatorsTab:
    return win.plan.editor.indicators


def _undo(win: MainWindow) -> None:
    win.menu_actions["undo"].trigger()


def _redo(win: MainWindow) -> None:
    win.menu_actions["redo"].trigger()


def _values(win: MainWindow, action_id: int) -> list[tuple[tuple[str, str], ...]]:
    return [i.values for i in _services(win).indicators.for_action(action_id)]


def _shown_cells(tab: IndicatorsTab, column: str) -> list[str]:
    model = tab.table.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    index = titles.index(column)
    return [model.index(r, index).data() for r in range(model.rowCount())]


@pytest.fixture
def monitored(window: MainWindow) -> MainWindow:
    _services(window).periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    return window


def test_add_value_and_not_available_each_undone_and_redone(
    monitored: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, shown: Shown
) -> None:
    win = monitored
    action_id = select_code(win, "1.1.1")
    tab = _tab(win)
    assert win.plan.editor.tabs.tabText(TAB_INDICATORS) == "Indi&catori (0)"
    asked: list[Any] = []

    def answer(*args: Any, **kwargs: Any) -> IndicatorAnswer:
        asked.append(args)
        return IndicatorAnswer(IMPRESE, Decimal(40))

    monkeypatch.setattr(indicator_dialog, "ask_indicator", answer)
    tab.add_button.click()
    [info] = _services(win).indicators.for_action(action_id)
    assert info.data.name == "Imprese coinvolte"
    assert _services(win).indicators.target_of(info.id, "2025-S1") == Decimal(40)
    assert asked[0][3].name == "2025-S1"  # the dialog was told the open period
    assert _shown_cells(tab, "Obiettivo\ndel periodo") == ["40"]
    assert win.plan.editor.tabs.tabText(TAB_INDICATORS) == "Indi&catori (1)"
    assert tab.current() is not None and tab.value.isEnabled()

    qtbot.keyClicks(tab.value, "12,5")
    qtbot.keyClicks(tab.note, "rilevato a giugno")
    tab.save_value_button.click()
    assert _values(win, action_id) == [(("2025-S1", "12,5"),)]
    assert _shown_cells(tab, "Valore") == ["12,5"]
    assert tab.value.text() == "12,5" and tab.note.text() == "rilevato a giugno"

    tab.not_available.click()
    assert not tab.value.isEnabled()  # n.d. is a choice of its own, not a number
    tab.save_value_button.click()
    assert _values(win, action_id) == [(("2025-S1", "n.d."),)]
    assert _shown_cells(tab, "Valore") == ["n.d."]
    assert shown.items == []

    _undo(win)
    assert _values(win, action_id) == [(("2025-S1", "12,5"),)]
    assert not tab.not_available.isChecked() and tab.value.text() == "12,5"
    _undo(win)
    assert _values(win, action_id) == [()]  # not measured, which is not n.d.
    assert _shown_cells(tab, "Valore") == ["—"]
    _undo(win)
    assert _values(win, action_id) == []
    _redo(win)  # the same indicator again: the value commands still apply to it
    _redo(win)
    assert _values(win, action_id) == [(("2025-S1", "12,5"),)]
    _redo(win)
    assert _values(win, action_id) == [(("2025-S1", "n.d."),)]
    assert _services(win).indicators.target_of(info.id, "2025-S1") == Decimal(40)
    assert shown.items == []


def test_a_value_that_is_not_a_number_is_refused_and_kept(
    monitored: MainWindow, qtbot: QtBot, shown: Shown
) -> None:
    win = monitored
    action_id = select_code(win, "1.1.1")
    _services(win).indicators.create("1.1.1", IMPRESE)
    win.plan.editor.reload()
    tab = _tab(win)
    depth = win.workspace.session.undo_stack.count()
    qtbot.keyClicks(tab.value, "dodici")
    tab.save_value_button.click()
    [text] = shown.texts()
    assert "«dodici» non è un numero" in text and "Imprese coinvolte" in text
    assert tab.value.text() == "dodici"
    assert _values(win, action_id) == [()]
    assert win.workspace.session.undo_stack.count() == depth
    tab.value.clear()
    tab.save_value_button.click()  # empty is not zero either
    assert "n.d." in shown.texts()[-1] and _values(win, action_id) == [()]


def test_delete_and_undo_bring_back_the_values(monitored: MainWindow, shown: Shown) -> None:
    win = monitored
    action_id = select_code(win, "1.1.1")
    services = _services(win)
    info = services.indicators.create("1.1.1", IMPRESE)
    services.indicators.set_value(info.id, "2025-S1", Decimal(7), "prima stima")
    win.plan.editor.reload()
    tab = _tab(win)
    tab.remove_button.click()  # confirm() answers yes in the fixture
    assert services.indicators.for_action(action_id) == []
    assert tab.rows.model.rowCount() == 0
    _undo(win)
    [back] = services.indicators.for_action(action_id)
    assert back.id == info.id and back.values == (("2025-S1", "7"),)
    assert _shown_cells(tab, "Valore") == ["7"]
    _redo(win)
    assert services.indicators.for_action(action_id) == []


def test_an_edit_over_someone_elses_change_is_refused_and_keeps_what_was_typed(
    monitored: MainWindow, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    win = monitored
    action_id = select_code(win, "1.1.1")
    services = _services(win)
    info = services.indicators.create("1.1.1", IMPRESE)
    win.plan.editor.reload()
    win.plan.editor.tabs.setCurrentIndex(TAB_INDICATORS)  # the user reads the indicator
    # Another window renames it meanwhile.
    services.indicators.update(info.id, info.version, IndicatorData(name="Aziende", unit="n."))
    typed = IndicatorAnswer(
        IndicatorData(name="Imprese attive", direction=Direction.RANGE, range_min=Decimal(5)),
        None,
    )
    offered: list[IndicatorAnswer | None] = []

    def answer(*args: Any, **kwargs: Any) -> IndicatorAnswer | None:
        offered.append(args[4])
        return typed if len(offered) == 1 else None  # then the user cancels

    monkeypatch.setattr(indicator_dialog, "ask_indicator", answer)
    _tab(win).edit_selected()
    [stale] = shown.texts()
    assert "modificat" in stale.casefold()  # the Italian stale-write message
    assert services.indicators.for_action(action_id)[0].data.name == "Aziende"
    assert offered[1] == typed  # the dialog opened again with what was typed
    assert _shown_cells(_tab(win), "Indicatore") == ["Aziende"]  # reloaded


def test_without_an_open_period_the_value_entry_says_why(window: MainWindow, shown: Shown) -> None:
    services = _services(window)
    services.indicators.create("1.1.1", IMPRESE)
    select_code(window, "1.1.1")
    tab = _tab(window)
    assert tab.current() is not None
    assert not tab.value.isEnabled() and not tab.not_available.isEnabled()
    assert not tab.save_value_button.isEnabled()
    assert tab.value_hint.text() == NO_PERIOD
    assert "Nessun periodo aperto" in tab.period_label.text()
    tab.save_value()  # nothing happens, nothing is shown
    assert shown.items == []
    # Closing the only period: still no entry, and the hint stays.
    services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    window.plan.editor.reload()
    assert tab.value.isEnabled()
    services.periods.close("2025-S1")
    window.plan.editor.reload()
    assert not tab.value.isEnabled() and tab.value_hint.text() == NO_PERIOD


@pytest.fixture
def late_action(monitored: MainWindow) -> tuple[MainWindow, int]:
    services = _services(monitored)
    detail = services.actions.get_by_code("1.1.2")
    services.actions.update(
        detail.id,
        detail.version,
        {
            "status": Status.IN_PROGRESS,
            "progress": 50,
            "start_date": dt.date(2025, 1, 1),
            "end_date": dt.date(2025, 12, 31),
            "notes": "",
        },
    )
    return monitored, select_code(monitored, "1.1.2")


def test_a_critical_progress_asks_for_a_note_saved_with_it(
    late_action: tuple[MainWindow, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    win, action_id = late_action
    asked: list[str] = []

    def ask(_parent: object, text: str, notes: str) -> str | None:
        asked.append(text)
        return "Gara andata deserta, ripubblicata a maggio."

    monkeypatch.setattr(critical_note, "ask_critical_note", ask)
    editor = win.plan.editor
    editor.progress.setValue(48)  # still in linea: not asked
    editor.commit_progress()
    assert asked == [] and stored(win, action_id).progress == 48
    editor.progress.setValue(10)
    editor.commit_progress()
    [question] = asked
    assert "1.1.2" in question and "critico" in question and "2025-S1" in question
    after = stored(win, action_id)
    assert (after.progress, after.notes) == (10, "Gara andata deserta, ripubblicata a maggio.")
    assert editor.notes.value() == after.notes
    _undo(win)  # one step: the figure and its note together
    after = stored(win, action_id)
    assert (after.progress, after.notes) == (48, "")
    _redo(win)
    assert stored(win, action_id).notes.startswith("Gara andata deserta")


def test_a_critical_status_can_be_saved_without_the_note(
    late_action: tuple[MainWindow, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    win, action_id = late_action
    services = _services(win)
    detail = services.actions.get(action_id)
    services.actions.update(detail.id, detail.version, {"progress": 10})
    win.plan.editor.reload()
    asked: list[str] = []
    monkeypatch.setattr(
        critical_note, "ask_critical_note", lambda _p, text, notes: asked.append(text)
    )
    editor = win.plan.editor
    editor.status.setCurrentIndex(list(Status).index(Status.SUSPENDED))
    assert len(asked) == 1  # already critico, but nothing explains it yet
    after = stored(win, action_id)
    assert (after.status, after.notes) == (Status.SUSPENDED, "")
    # Once the office wrote a note during this visit, it is not asked again.
    editor.notes.set_value("Sospesa in attesa del finanziamento.", keep_undo=False)
    editor.notes.committed.emit()
    editor.status.setCurrentIndex(list(Status).index(Status.IN_PROGRESS))
    assert len(asked) == 1
    # A completed action is never critico: not asked.
    editor.status.setCurrentIndex(list(Status).index(Status.COMPLETED))
    assert len(asked) == 1
