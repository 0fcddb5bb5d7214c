"""File › Esporta/Importa struttura del piano… and File › Nuovo database… (pytest-qt)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from psm_desktop.exchange.new_plan import create_plan
from psm_desktop.exchange.structure import apply_structure_import, export_structure
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.ui.core import file_dialogs, jobs
from psm_desktop.ui.dialogs import new_database_dialog
from psm_desktop.ui.dialogs.new_database_dialog import Kind, NewDatabaseDialog
from psm_desktop.ui.plan import import_preview, structure_workbook_dialog
from psm_desktop.ui.plan.structure_workbook_dialog import IMPORT_TITLE, StructureImportDialog
from psm_desktop.ui.window.main_window import MainWindow
from tests.plantext import FIXTURE
from tests.structurekit import row_of
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]


def settle(qtbot: QtBot, dialog: Any) -> None:
    """Let the dialog's background job (reading, applying, building) finish."""
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)


def wait_jobs(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not jobs._running, timeout=60_000)


def choose(monkeypatch: pytest.MonkeyPatch, function: str, path: Path) -> None:
    monkeypatch.setattr(file_dialogs, function, lambda *a, **k: (str(path), ""))


def edited_copy(path: Path, target: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Azioni"]
    text = ws.cell(row_of(ws, "Codice", "1.1.1"), 3)
    text.value = text.value.replace("affidabilità", "sicurezza")
    ws.delete_rows(row_of(ws, "Codice", "1.5.7"))
    wb.save(target)


def test_export_and_import_from_the_file_menu(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: Shown,
    qtbot: QtBot,
) -> None:
    exported = tmp_path / "struttura"  # no suffix typed: .xlsx is added
    choose(monkeypatch, "get_save_file_name", exported)
    window.menu_actions["export_structure"].trigger()
    wait_jobs(qtbot)
    assert (tmp_path / "struttura.xlsx").exists()
    assert "Struttura del piano salvata" in window.statusBar().currentMessage()

    edited = tmp_path / "modificata.xlsx"
    edited_copy(tmp_path / "struttura.xlsx", edited)
    choose(monkeypatch, "get_open_file_name", edited)
    window.plan.select_action(next(iter(window.plan.table_model.rows())).id)
    window.menu_actions["move_down"].trigger()
    assert window.undo_stack.count() == 1
    seen: list[str] = []

    def run(self: StructureImportDialog) -> int:
        settle(qtbot, self)
        seen.append(self.view.toHtml())
        assert self.removals.text() == "&Elimina anche 1 elemento mancante nel file"
        self.removals.setChecked(True)
        self.apply()
        settle(qtbot, self)
        return self.result()

    monkeypatch.setattr(StructureImportDialog, "exec", run)
    window.menu_actions["import_structure"].trigger()
    assert "Modificati" in seen[0] and "Mancanti nel file (1)" in seen[0]
    assert "line-through" in seen[0] and "sicurezza" in seen[0]
    assert window.undo_stack.count() == 0
    message = window.statusBar().currentMessage()
    assert message.startswith("Struttura del piano importata:") and "1 eliminato" in message
    rows = {r.code: r.text for r in window.plan.table_model.rows()}
    assert "sicurezza" in rows["1.1.1"] and "1.5.7" not in rows


def test_import_dialog_shows_errors_and_no_ops(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = Services(open_database(db_path), EditContext("Prova"))
    try:
        dialog = StructureImportDialog(services)
        qtbot.addWidget(dialog)
        choose(monkeypatch, "get_save_file_name", tmp_path / "s.xlsx")
        export_structure(services, tmp_path / "s.xlsx")
        choose(monkeypatch, "get_open_file_name", tmp_path / "s.xlsx")
        assert dialog.choose_file()
        settle(qtbot, dialog)
        assert "Nessuna differenza" in dialog.view.toPlainText()
        assert not dialog.apply_button.isEnabled()
        wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
        wb["Azioni"].cell(2, 2).value = "uno"
        wb.save(tmp_path / "rotta.xlsx")
        choose(monkeypatch, "get_open_file_name", tmp_path / "rotta.xlsx")
        dialog.choose.click()
        settle(qtbot, dialog)
        assert "rotta.xlsx, foglio Azioni, riga 2, colonna Codice" in dialog.view.toPlainText()
        assert not dialog.apply_button.isEnabled()
        monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: ("", ""))
        assert not dialog.choose_file()
    finally:
        services.db.close()


# --- File › Nuovo database… -------------------------------------------------------------


def test_new_database_dialog_builds_each_kind(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    dialog = NewDatabaseDialog(None, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.path.text() == str(tmp_path / "piano.sqlite")
    assert dialog.kind() is Kind.BUILTIN and not dialog.details.isEnabled()
    assert not dialog.choose_sources.isEnabled()

    dialog.choose(Kind.EMPTY)
    assert dialog.details.isEnabled() and not dialog.choose_sources.isEnabled()
    dialog.create_button.click()  # no title
    settle(qtbot, dialog)
    assert "titolo" in shown.texts()[-1] and not (tmp_path / "piano.sqlite").exists()
    dialog.title.setText("Piano di Ivrea")
    dialog.issuer.setText("Comune di Ivrea")
    dialog.create_button.click()
    settle(qtbot, dialog)
    assert dialog.created == tmp_path / "piano.sqlite"

    dialog = NewDatabaseDialog(None, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.path.text() == str(tmp_path / "piano-2.sqlite")  # never the taken name
    dialog.choose(Kind.TEXTS)
    dialog.create_button.click()
    assert shown.texts()[-1] == "Scegli i file da cui costruire il piano."
    bad = tmp_path / "lettera.txt"
    bad.write_text("Gentile collega\n", encoding="utf-8")
    monkeypatch.setattr(
        file_dialogs, "get_open_file_names", lambda *a, **k: ([str(FIXTURE), str(bad)], "")
    )
    dialog.choose_sources.click()
    assert dialog.sources_label.text() == "psm-2024-2026-asse-1.txt, lettera.txt"
    dialog.title.setText("Dai testi")
    dialog.create_button.click()
    settle(qtbot, dialog)
    assert "lettera.txt, riga 1" in shown.texts()[-1]
    assert dialog.created is None and not (tmp_path / "piano-2.sqlite").exists()
    monkeypatch.setattr(file_dialogs, "get_open_file_names", lambda *a, **k: ([str(FIXTURE)], ""))
    dialog.choose_sources.click()
    dialog.create_button.click()
    settle(qtbot, dialog)
    assert dialog.created == tmp_path / "piano-2.sqlite"
    db = open_database(dialog.created)
    try:
        assert len(Services(db).actions.list_actions()) == 24
    finally:
        db.close()

    dialog = NewDatabaseDialog(None, tmp_path)
    qtbot.addWidget(dialog)
    dialog.choose(Kind.WORKBOOK)
    assert dialog.title.placeholderText() == "dalla cartella di lavoro"
    target = tmp_path / "altrove" / "dal-file.sqlite"
    target.parent.mkdir()
    monkeypatch.setattr(file_dialogs, "ask_new_database", lambda *a: target)
    dialog.choose_path.click()
    assert dialog.path.text() == str(target)


def test_new_database_from_the_file_menu_opens_it(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    target = tmp_path / "vuoto.sqlite"

    def run(self: NewDatabaseDialog) -> int:
        self.path.setText(str(target))
        self.choose(Kind.EMPTY)
        self.title.setText("Piano vuoto di prova")
        self.create_database()
        settle(qtbot, self)
        return self.result()

    monkeypatch.setattr(NewDatabaseDialog, "exec", run)
    window.menu_actions["new_db"].trigger()
    assert window.workspace.path == target
    assert window.plan.table_model.rowCount() == 0

    monkeypatch.setattr(NewDatabaseDialog, "exec", lambda self: 0)  # cancelled
    assert new_database_dialog.ask_new_plan(window, tmp_path) is None
    assert window.workspace.path == target


# --- long work off the GUI thread (jobs with progress and Cancel) -----------------------


def plan_state(services: Services) -> tuple[object, ...]:
    """Everything an import could change: codes, texts, the change log."""
    rows = tuple((r.id, r.code, r.text, r.short_title) for r in services.actions.list_actions())
    strategies = tuple((s.id, s.code, s.title) for s in services.plan.strategies())
    return rows, strategies, len(services.history.recent(100_000))


def gated(function: Any, gate: threading.Event) -> Any:
    """`function` whose progress waits at its first call until the test opens `gate`."""

    def call(*args: Any, progress: Any, **kwargs: Any) -> Any:
        def held(done: int, total: int, message: str = "") -> None:
            gate.wait(30)
            progress(done, total, message)

        return function(*args, progress=held, **kwargs)

    return call


def test_preview_arrives_from_a_job_and_cancel_during_apply_writes_nothing(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    services = Services(open_database(db_path), EditContext("Prova"))
    try:
        export_structure(services, tmp_path / "s.xlsx")
        edited_copy(tmp_path / "s.xlsx", tmp_path / "modificata.xlsx")
        before = plan_state(services)
        dialog = StructureImportDialog(services)
        qtbot.addWidget(dialog)
        titles: list[str] = []
        real_run_job = import_preview.run_job

        def spy(parent: Any, title: str, fn: Any, **kwargs: Any) -> Any:
            titles.append(title)
            return real_run_job(parent, title, fn, **kwargs)

        monkeypatch.setattr(import_preview, "run_job", spy)
        dialog.preview_file(tmp_path / "modificata.xlsx")
        # The reading runs in a worker: the call returns at once, the preview comes later
        # as the job's result, delivered on the GUI thread.
        assert dialog.job is not None and dialog.preview is None
        assert titles == ["Lettura del file"]
        settle(qtbot, dialog)
        assert dialog.preview is not None and "Modificati" in dialog.view.toHtml()

        gate = threading.Event()
        monkeypatch.setattr(
            structure_workbook_dialog,
            "apply_structure_import",
            gated(apply_structure_import, gate),
        )
        dialog.removals.setChecked(True)
        dialog.apply()
        assert titles[-1] == IMPORT_TITLE and dialog.job is not None
        assert not dialog.apply_button.isEnabled()  # no second apply while one runs
        dialog.job.cancel()  # what the progress dialog's Annulla does
        gate.set()
        settle(qtbot, dialog)
        assert shown.texts()[-1] == "Importazione annullata: il piano non è cambiato."
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.outcome == ""
        assert plan_state(services) == before
        assert dialog.apply_button.isEnabled()  # the same preview can still be applied
    finally:
        services.db.close()


def test_cancelled_export_leaves_no_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    target = tmp_path / "struttura.xlsx"
    choose(monkeypatch, "get_save_file_name", target)
    gate = threading.Event()
    monkeypatch.setattr(
        structure_workbook_dialog, "export_structure", gated(export_structure, gate)
    )
    job = structure_workbook_dialog.export_structure_workbook(
        window, window.workspace.services, tmp_path, window.statusBar()
    )
    assert job is not None and job.is_running()
    job.cancel()
    gate.set()
    wait_jobs(qtbot)
    assert not target.exists() and list(tmp_path.glob("*.xlsx*")) == []
    assert window.statusBar().currentMessage() == "Esportazione annullata: nessun file scritto."


def test_cancelled_new_database_leaves_no_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    dialog = NewDatabaseDialog(None, tmp_path)
    qtbot.addWidget(dialog)
    dialog.choose(Kind.TEXTS)
    dialog.set_sources([FIXTURE])
    dialog.title.setText("Dai testi")
    gate = threading.Event()
    monkeypatch.setattr(new_database_dialog, "create_plan", gated(create_plan, gate))
    dialog.create_button.click()
    assert dialog.job is not None and not dialog.create_button.isEnabled()
    dialog.reject()  # closing while it builds cancels it
    gate.set()
    settle(qtbot, dialog)
    assert shown.texts()[-1] == "Creazione annullata: nessun database creato."
    assert dialog.created is None and list(tmp_path.iterdir()) == []
