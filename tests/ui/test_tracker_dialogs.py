"""The tracker dialogs through real widgets: export with a scope, the import wizard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QWidget
from trackerkit import edit, set_cell

from psm_desktop.exchange.tracker.plan import ItemKind, Resolution
from psm_desktop.model import Status
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.ui.core import file_dialogs, jobs, messages
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.dialogs import tracker_dialogs
from psm_desktop.ui.dialogs.tracker_dialogs import ExportTrackerDialog, ImportWizard
from psm_desktop.ui.models.tracker_plan_model import COL_APPLY, COL_CHOICE, COL_WHAT


@pytest.fixture
def state_services(db_path: Path) -> Iterator[Services]:
    trackerkit.make_state_db(db_path)
    db = open_database(db_path)
    yield Services(db, EditContext(user="Tester", source="test"))
    db.close()


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded, not shown; confirmations answer yes."""
    seen: list[str] = []
    monkeypatch.setattr(messages, "info", lambda parent, text, title="": seen.append(text))
    monkeypatch.setattr(messages, "warn", lambda parent, text, title="": seen.append(text))
    monkeypatch.setattr(
        messages, "user_error", lambda parent, error: seen.append(f"ERRORE {error.message}")
    )
    monkeypatch.setattr(
        messages, "confirm", lambda parent, text, title="": seen.append(text) or True
    )
    return seen


def wait_jobs(qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not jobs._running, timeout=30_000)


def test_export_with_scope_in_background(
    qtbot: Any,
    window: QWidget,
    state_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],
) -> None:
    target = tmp_path / "asse1"
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *a, **k: (str(target), XLSX))
    tracker_dialogs.export_tracker(window, state_services, DataEvents())
    dialog = window.findChild(ExportTrackerDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.by_strategy.setChecked(True)
    dialog.strategy.setCurrentIndex(dialog.strategy.findData("1.2"))
    [browse] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Sfoglia…"]
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert dialog.path.text() == str(target)
    [ok] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Esporta"]
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    written = target.with_name("asse1.xlsx")
    assert written.exists()
    ws = openpyxl.load_workbook(written, read_only=True)["Azioni"]
    codes = [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert codes and all(c.startswith("1.2.") for c in codes)
    assert any("Tracker salvato" in s and "Strategia 1.2" in s for s in shown)


XLSX = tracker_dialogs.XLSX_FILTER


def edited_tracker(services: Services, tmp_path: Path) -> Path:
    from psm_desktop.exchange.tracker.export import export_tracker

    export_tracker(services, tmp_path / "t.xlsx")
    a = services.actions.get_by_code("1.1.2")
    services.actions.update(a.id, a.version, {"notes": "dal database"})

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "in corso")
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Avanzamento %", "30%")
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Note", "dal tracker")
        trackerkit.delete_row(wb, "Scadenze", "Scadenza", "Avvio gara")

    return edit(tmp_path / "t.xlsx", tmp_path / "ufficio.xlsx", change)


def open_wizard(
    qtbot: Any, window: QWidget, services: Services, path: Path, monkeypatch: Any
) -> tuple[ImportWizard, list[int]]:
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: (str(path), XLSX))
    events = DataEvents()
    replaced: list[int] = []
    events.database_replaced.connect(lambda: replaced.append(1))
    tracker_dialogs.import_tracker(window, services, events)
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.file_page._browse()
    assert wizard.file_page.isComplete()
    wizard.next()  # reading runs in the background, then the wizard moves on by itself
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview_page, timeout=30_000)
    return wizard, replaced


def test_import_wizard_preview_choices_and_apply(
    qtbot: Any,
    window: QWidget,
    state_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],
) -> None:
    path = edited_tracker(state_services, tmp_path)
    wizard, replaced = open_wizard(qtbot, window, state_services, path, monkeypatch)
    page = wizard.preview_page
    model = page.model
    assert model is not None
    kinds = {model.item(r).kind for r in range(model.rowCount())}
    assert kinds == {ItemKind.UPDATE, ItemKind.CONFLICT, ItemKind.REMOVE}
    rows = {(model.item(r).label, model.item(r).field): r for r in range(model.rowCount())}
    removal = next(r for r in range(model.rowCount()) if model.item(r).kind is ItemKind.REMOVE)
    assert model.index(removal, COL_APPLY).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Unchecked  # removals are unticked by default
    )
    # The conflict shows both values and blocks the wizard until a choice is made.
    conflict = rows[("1.1.2", "notes")]
    assert model.index(conflict, 4).data() == "dal database"
    assert model.index(conflict, 5).data() == "dal tracker"
    assert not page.isComplete()
    proxy_index = page.proxy.mapFromSource(model.index(conflict, COL_CHOICE))
    combo = page.view.indexWidget(proxy_index)
    assert isinstance(combo, QComboBox)
    combo.setCurrentText(Resolution.THEIRS.value)
    assert model.item(conflict).resolution is Resolution.THEIRS
    assert page.isComplete()
    # Untick one change: it is not applied.
    progress_row = rows[("1.1.3", "progress")]
    model.setData(
        model.index(progress_row, COL_APPLY),
        Qt.CheckState.Unchecked,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert "Conflitti da risolvere" not in page.summary.text()
    wizard.accept()
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: replaced == [1])
    a = state_services.actions.get_by_code("1.1.3")
    assert a.status is Status.IN_PROGRESS and a.progress == 0
    assert state_services.actions.get_by_code("1.1.2").notes == "dal tracker"
    assert len(state_services.actions.get_by_code("1.1.2").deadlines) == 1  # not removed
    assert any("completata" in s for s in shown)
    history = state_services.history.recent(5)
    assert {h.source for h in history[:2]} == {"importazione: ufficio.xlsx"}


def test_removal_needs_confirmation(
    qtbot: Any,
    window: QWidget,
    state_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],
) -> None:
    path = edited_tracker(state_services, tmp_path)
    wizard, _ = open_wizard(qtbot, window, state_services, path, monkeypatch)
    page = wizard.preview_page
    assert page.model is not None
    page.model.set_all(True)
    page.model.resolve_all(Resolution.OURS)
    answers = [False, True]
    asked: list[str] = []

    def confirm(parent: Any, text: str, title: str = "") -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(messages, "confirm", confirm)
    wizard.accept()  # "no": nothing happens, the preview stays open
    assert len(asked) == 1 and "eliminare dal database 1 elemento tolto" in asked[0]
    assert wizard.apply_job is None and wizard.isVisible()
    wizard.accept()  # "yes"
    wait_jobs(qtbot)
    assert len(asked) == 2
    b = state_services.actions.get_by_code("1.1.2")
    assert b.deadlines == () and b.notes == "dal database"


def refused_in_wizard(
    qtbot: Any, window: QWidget, services: Services, path: Path, monkeypatch: Any
) -> ImportWizard:
    """Open the wizard on `path` and wait for the reading page to list why it is refused."""
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: (str(path), XLSX))
    tracker_dialogs.import_tracker(window, services, DataEvents())
    wizard = window.findChild(ImportWizard)
    assert wizard is not None
    wizard.file_page._browse()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.read_page.problems.isVisible(), timeout=30_000)
    return wizard


def test_bad_tracker_shows_every_problem(
    qtbot: Any,
    window: QWidget,
    state_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from psm_desktop.exchange.tracker.export import export_tracker

    export_tracker(state_services, tmp_path / "t.xlsx")

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "fatto")
        set_cell(wb, "Azioni", "Codice", "1.2.1", "Data fine", "mai")

    path = edit(tmp_path / "t.xlsx", tmp_path / "b.xlsx", change)
    wizard = refused_in_wizard(qtbot, window, state_services, path, monkeypatch)
    text = wizard.read_page.problems.toPlainText()
    assert "Azioni, riga 4, colonna Stato: valore 'fatto' non valido" in text
    assert "Azioni, riga 5, colonna Data fine: valore 'mai' non è una data valida" in text
    assert wizard.currentPage() is wizard.read_page and not wizard.read_page.isComplete()
    wizard.reject()
    QApplication.processEvents()


def test_tracker_of_another_database_is_refused_in_the_wizard(
    qtbot: Any,
    window: QWidget,
    state_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from psm_desktop.exchange.tracker.export import export_tracker

    other = open_database(tmp_path / "ufficio.sqlite", auto_backup=False)  # like `init`
    try:
        export_tracker(Services(other), tmp_path / "ufficio.xlsx")
    finally:
        other.close()
    path = edit(
        tmp_path / "ufficio.xlsx",
        tmp_path / "compilato.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "in corso"),
    )
    before = trackerkit.dump(state_services.db.path)
    wizard = refused_in_wizard(qtbot, window, state_services, path, monkeypatch)
    assert "da un altro database" in wizard.read_page.problems.toPlainText()
    assert "correggi" not in wizard.read_page.status.text()
    assert "non è stato modificato" in wizard.read_page.status.text()
    assert not wizard.read_page.isComplete()
    assert trackerkit.dump(state_services.db.path) == before
    wizard.reject()
    QApplication.processEvents()


def test_preview_says_which_codes_changed_since_export(
    qtbot: Any,
    window: QWidget,
    state_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],
) -> None:
    """A tracker exported before 1.1.1 moved to strategy 1.2: its row reaches the action,
    and the preview says the action is 1.2.1 now."""
    services = state_services
    trackerkit.export(Path(services.db.location), tmp_path / "t.xlsx")
    path = edit(
        tmp_path / "t.xlsx",
        tmp_path / "ufficio.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 75),
    )
    moved = services.actions.get_by_code("1.1.1")
    target = next(s.id for s in services.plan.strategies() if s.code == "1.2")
    services.structure.move_action(moved.id, moved.version, target, 1)
    wizard, _ = open_wizard(qtbot, window, services, path, monkeypatch)
    page = wizard.preview_page
    assert page.model is not None
    (item,) = [page.model.item(r) for r in range(page.model.rowCount())]
    assert (item.label, item.action_id) == ("1.2.1", moved.id)
    assert "codice cambiato: 1.1.1 → 1.2.1" in page.warnings.toPlainText()
    shown_what = page.model.index(0, COL_WHAT).data()
    assert shown_what == "Azione 1.2.1 (codice cambiato: 1.1.1 → 1.2.1)"
    assert page.warnings.isVisibleTo(wizard)
    wizard.reject()
