"""File › Importa testo di un asse…: paste or pick the text, see the preview, apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.ui.core import file_dialogs
from psm_desktop.ui.plan.import_preview import words_html
from psm_desktop.ui.plan.plan_text_dialog import PlanTextDialog
from psm_desktop.ui.window.main_window import MainWindow
from tests.plantext import mangled, seed_text
from tests.ui.window_fixtures import Shown, shown, window

__all__ = ["shown", "window"]

OLD_WORDS = "Garantire qualità e affidabilità"
NEW_WORDS = "Garantire qualità e sicurezza"
LAST = "  • Azione 1.5.7 - "


def edited_text() -> str:
    """Action 1.1.1 reworded, the last action (1.5.7) gone."""
    lines = seed_text().replace(OLD_WORDS, NEW_WORDS, 1).splitlines()
    return "\n".join(line for line in lines if not line.startswith(LAST))


@pytest.fixture
def services(db_path: Path) -> Services:
    return Services(open_database(db_path), EditContext("Prova"))


def settle(qtbot: QtBot, dialog: PlanTextDialog) -> None:
    """Let the dialog's background job (reading or applying) finish."""
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)


def by_code(services: Services) -> dict[str, str]:
    return {r.code: r.text for r in services.actions.list_actions()}


def test_pasted_text_preview_shows_words_and_missing_then_applies_without_removals(
    qtbot: QtBot, services: Services
) -> None:
    dialog = PlanTextDialog(services)
    qtbot.addWidget(dialog)
    assert not dialog.apply_button.isEnabled()
    dialog.source.setPlainText(edited_text())
    dialog.show_button.click()
    settle(qtbot, dialog)
    shown = dialog.view.toHtml()
    assert "Modificati (1)" in shown and "Mancanti nel testo (1)" in shown
    assert "affidabilità" in shown and "sicurezza" in shown
    assert "line-through" in shown and "underline" in shown  # the word-level marks
    assert dialog.removals.isEnabled() and not dialog.removals.isChecked()
    assert dialog.removals.text() == "&Elimina anche 1 elemento mancante nel testo"
    dialog.apply_button.click()
    settle(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    texts = by_code(services)
    assert texts["1.1.1"].startswith(NEW_WORDS) and "1.5.7" in texts  # kept: not confirmed
    assert "1 mancante lasciato" in dialog.outcome
    services.db.close()


def test_removals_are_applied_when_ticked(qtbot: QtBot, services: Services) -> None:
    dialog = PlanTextDialog(services)
    qtbot.addWidget(dialog)
    dialog.source.setPlainText(edited_text())
    dialog.show_button.click()
    settle(qtbot, dialog)
    dialog.removals.setChecked(True)
    dialog.apply_button.click()
    settle(qtbot, dialog)
    assert "1.5.7" not in by_code(services)
    assert "1 eliminato" in dialog.outcome
    services.db.close()


def test_a_file_already_in_the_plan_is_a_no_op_and_a_bad_text_names_its_line(
    qtbot: QtBot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "asse1.txt"
    copy.write_bytes(mangled(seed_text()))
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *a, **k: (str(copy), ""))
    dialog = PlanTextDialog(services)
    qtbot.addWidget(dialog)
    dialog.choose.click()
    settle(qtbot, dialog)
    assert "Nessuna differenza" in dialog.view.toPlainText()
    assert not dialog.apply_button.isEnabled()
    dialog.source.setPlainText("Asse 1 - Titolo\nAzione 1.1.1 - senza strategia\n")
    dialog.show_button.click()
    settle(qtbot, dialog)
    problem = dialog.view.toPlainText()
    assert "riga 2" in problem.lower() and not dialog.apply_button.isEnabled()
    services.db.close()


def test_from_the_file_menu_the_undo_history_is_cleared_and_the_plan_reloaded(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, shown: Shown, qtbot: QtBot
) -> None:
    window.plan.select_action(next(iter(window.plan.table_model.rows())).id)
    window.menu_actions["move_down"].trigger()
    assert window.undo_stack.count() == 1

    def run(self: PlanTextDialog) -> int:
        self.source.setPlainText(edited_text())
        self.preview_pasted()
        settle(qtbot, self)
        self.apply()
        settle(qtbot, self)
        return self.result()

    monkeypatch.setattr(PlanTextDialog, "exec", run)
    window.menu_actions["import_plan_text"].trigger()
    assert window.undo_stack.count() == 0
    assert "non si possono più annullare" in window.statusBar().currentMessage()
    rows = {r.code: r.text for r in window.plan.table_model.rows()}
    assert rows["1.1.1"].startswith(NEW_WORDS)


def test_nothing_missing_reads_as_a_plain_choice_not_zero_items(
    qtbot: QtBot, services: Services
) -> None:
    dialog = PlanTextDialog(services)
    qtbot.addWidget(dialog)
    dialog.source.setPlainText(seed_text().replace(OLD_WORDS, NEW_WORDS, 1))
    dialog.show_button.click()
    settle(qtbot, dialog)
    assert "Modificati (1)" in dialog.view.toHtml()
    assert not dialog.removals.isEnabled()
    assert dialog.removals.text() == "&Elimina anche gli elementi mancanti nel testo"
    services.db.close()


def test_the_preview_shows_a_rewritten_text_above_its_replacement() -> None:
    old = " ".join(f"vecchia{i}" for i in range(15))
    new = " ".join(f"nuova{i}" for i in range(15))
    shown = words_html(old, new)
    assert shown.index(old) < shown.index("<br>") < shown.index(new)
    assert "<br>" not in words_html("Creare una piattaforma", "Creare la piattaforma")
