"""Monitoraggio › Periodi di monitoraggio…: create, close, reopen with a reason, compare, rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from psm_desktop.model import PeriodKind, Rollup
from psm_desktop.services import Services
from psm_desktop.ui.monitoring import periods_dialog
from psm_desktop.ui.monitoring.periods_dialog import (
    CompareDialog,
    NewPeriodDialog,
    PeriodsDialog,
    ReopenDialog,
    RuleDialog,
    default_reference_date,
)
from tests.ui.accessibility import assert_keyboard_accessible
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]


def _answer(
    monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], fill: Callable[[QDialog], None]
) -> None:
    """Make `cls.exec()` fill the dialog as a user would and press OK."""

    def exec_(self: QDialog) -> int:
        fill(self)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(cls, "exec", exec_)


def test_default_date_is_the_end_of_the_semester() -> None:
    assert default_reference_date(dt.date(2025, 3, 4)) == dt.date(2025, 6, 30)
    assert default_reference_date(dt.date(2025, 7, 1)) == dt.date(2025, 12, 31)


def test_create_close_and_reopen(
    qtbot: QtBot, services: Services, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = PeriodsDialog(None, services)
    qtbot.addWidget(dialog)
    assert "Nessun periodo" in dialog.status.text()
    assert not dialog.close_button.isEnabled() and not dialog.reopen_button.isEnabled()

    def new(d: QDialog) -> None:
        assert isinstance(d, NewPeriodDialog)
        d.name.setText("2025-S1")
        d.date.setDate(QDate(2025, 6, 30))
        d.kind.setCurrentIndex(list(PeriodKind).index(PeriodKind.SEMESTER))

    _answer(monkeypatch, NewPeriodDialog, new)
    dialog.new_button.click()
    assert services.periods.open_period().name == "2025-S1"  # type: ignore[union-attr]
    assert "«2025-S1»" in dialog.status.text() and dialog.close_button.isEnabled()

    dialog.close_button.click()  # confirm() answers yes in the fixture
    assert services.periods.get("2025-S1").closed
    assert dialog.reopen_button.isEnabled() and not dialog.close_button.isEnabled()
    assert dialog.rows.model.rows()[0].closed

    def reopen(d: QDialog) -> None:
        assert isinstance(d, ReopenDialog)
        assert not d.ok.isEnabled()  # no reason, no reopening
        d.reason.setPlainText("valori da correggere")
        assert d.ok.isEnabled()

    _answer(monkeypatch, ReopenDialog, reopen)
    dialog.reopen_button.click()
    assert not services.periods.get("2025-S1").closed
    assert shown.items == []


def test_refusals_are_shown_as_messages(
    qtbot: QtBot, services: Services, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    dialog = PeriodsDialog(None, services)
    qtbot.addWidget(dialog)

    def new(d: QDialog) -> None:
        assert isinstance(d, NewPeriodDialog)
        d.name.setText("2025-S2")

    _answer(monkeypatch, NewPeriodDialog, new)
    dialog.new_button.click()
    assert "ancora aperto" in shown.texts()[-1]
    assert [p.name for p in services.periods.list_periods()] == ["2025-S1"]


def test_rule_dialog_saves_and_refuses_crossed_thresholds(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = RuleDialog(None, services.periods.rule())
    qtbot.addWidget(probe)
    probe.attention.setValue(97)
    assert not probe.save.isEnabled() and "più bassa" in probe.preview.text()
    probe.attention.setValue(80)
    assert probe.save.isEnabled() and "sotto 80 %" in probe.preview.text()

    def fill(d: QDialog) -> None:
        assert isinstance(d, RuleDialog)
        d.on_track.setValue(90)
        d.attention.setValue(75)
        d.rollup.setCurrentIndex(list(Rollup).index(Rollup.BUDGET))

    _answer(monkeypatch, RuleDialog, fill)
    dialog = PeriodsDialog(None, services)
    qtbot.addWidget(dialog)
    dialog.rule_button.click()
    rule = services.periods.rule()
    assert (rule.on_track, rule.attention, rule.rollup) == (90, 75, Rollup.BUDGET)


def test_compare_lists_what_changed(qtbot: QtBot, services: Services) -> None:
    services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    services.periods.close("2025-S1")
    detail = services.actions.get_by_code("1.2.3")
    services.actions.update(detail.id, detail.version, {"progress": 35})
    dialog = CompareDialog(None, services)
    qtbot.addWidget(dialog)
    assert dialog.after.currentData() == periods_dialog.TODAY_KEY
    rows = dialog.rows.model.rows()
    assert ("1.2.3", "avanzamento", "0 %", "35 %") in [(c.code, c.what, c.old, c.new) for c in rows]
    assert "Da 2025-S1 a oggi" in dialog.summary.text()


def test_compare_without_periods_says_so(qtbot: QtBot, services: Services) -> None:
    dialog = CompareDialog(None, services)
    qtbot.addWidget(dialog)
    assert "Non ci sono ancora periodi" in dialog.summary.text()


def test_the_menu_opens_the_dialog(
    qtbot: QtBot, window: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []
    monkeypatch.setattr(PeriodsDialog, "exec", lambda self: opened.append(self) or 0)
    window.menu_actions["periods"].trigger()  # type: ignore[attr-defined]
    assert len(opened) == 1


def test_dialogs_are_accessible(qtbot: QtBot, services: Services) -> None:
    services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    for dialog in (
        PeriodsDialog(None, services),
        NewPeriodDialog(None, dt.date(2025, 1, 1)),
        RuleDialog(None, services.periods.rule()),
        CompareDialog(None, services),
        ReopenDialog(None, services.periods.list_periods()[0]),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        assert_keyboard_accessible(dialog, qtbot)
