"""The campaign screen beyond accept and reject: edit a proposal, a conflict side by side,
review by office or by action, the office's actions, drag and drop of returned files and
the report. Dialogs are patched; imports run in the background and are waited for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel
from pytestqt.qtbot import QtBot
from trackerkit import edit, set_cell

from psm_desktop.exchange.campaigns.export import export_campaign
from psm_desktop.services import Services
from psm_desktop.ui.core import file_dialogs
from psm_desktop.ui.monitoring import campaign_conflict
from psm_desktop.ui.monitoring.campaigns_dialog import CampaignsDialog
from tests.ui.test_campaigns_dialog import IVREA, PINEROLO, _progress, dialog, services
from tests.ui.test_tracker_dialogs import shown, wait_jobs

__all__ = ["dialog", "services", "shown"]


def _select(dialog: CampaignsDialog, office: str, field: str = "progress") -> None:
    model, proxy = dialog.review.model, dialog.review.proxy
    row = next(
        r
        for r in range(model.rowCount())
        if model.row_at(r).office == office and model.row_at(r).field == field
    )
    dialog.review.table.selectionModel().select(
        proxy.mapFromSource(model.index(row, 0)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_edit_a_proposal_then_accept_it(
    services: Services, dialog: CampaignsDialog, monkeypatch: pytest.MonkeyPatch, shown: list[str]
) -> None:
    asked: list[str] = []

    def answer(_parent: Any, _title: str, label: str, **kw: Any) -> tuple[str, bool]:
        asked.append(label)
        assert kw["text"] == "60"  # the office's value to start from
        return "65", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    _select(dialog, PINEROLO)
    dialog.edit_button.click()
    assert not shown
    assert "Comune di Pinerolo propone" in asked[0] and "«60%»" in asked[0]
    assert services.actions.get_by_code("1.1.1").progress == 65
    assert dialog.changed_plan
    done = {c.office: c for c in services.campaigns.changes("Primavera")}
    assert done[PINEROLO].reason.startswith("modificata dal coordinatore")
    assert done[IVREA].state == "respinta"


def test_an_edit_that_is_not_a_number_says_where(
    services: Services, dialog: CampaignsDialog, monkeypatch: pytest.MonkeyPatch, shown: list[str]
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("tanto", True)))
    _select(dialog, PINEROLO)
    dialog.edit_button.click()
    assert shown and shown[0].startswith("ERRORE Proposta n.")
    assert "«tanto» non è un numero intero" in shown[0]
    assert services.actions.get_by_code("1.1.1").progress == 40


def test_the_conflict_side_by_side_accepts_the_chosen_office(
    services: Services, dialog: CampaignsDialog, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    seen: list[campaign_conflict.ConflictDialog] = []

    def choose_ivrea(self: campaign_conflict.ConflictDialog) -> int:
        seen.append(self)
        offices = [c.office for c in self.conflict.changes]
        assert sorted(offices) == [IVREA, PINEROLO]  # both proposals in one view
        self.choices[offices.index(IVREA)].setChecked(True)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(campaign_conflict.ConflictDialog, "exec", choose_ivrea)
    _select(dialog, PINEROLO)
    dialog.conflict_button.click()
    assert seen and seen[0].windowTitle() == "Conflitto tra uffici"
    assert services.actions.get_by_code("1.1.1").progress == 70
    states = {c.office: c.state for c in services.campaigns.changes("Primavera")}
    assert states == {IVREA: "accettata", PINEROLO: "respinta"}


def test_review_by_office_or_by_action_and_the_offices_actions(
    services: Services, dialog: CampaignsDialog
) -> None:
    first, second = services.actions.get_by_code("1.1.1"), services.actions.get_by_code("1.1.2")
    services.actions.update(first.id, None, {"notes": "prima"})
    from psm_desktop.services.campaigns import Proposal

    sid = services.stakeholders.find_by_name(IVREA).id
    progress = Proposal("azione", first.id, first.id, "1.1.1", "progress", "Avanzamento %",
                        40, 70, "40%", "70%")  # fmt: skip
    note = Proposal("azione", second.id, second.id, "1.1.2", "notes", "Note", "", "avviata",
                    "", "avviata")  # fmt: skip
    services.campaigns.record_return("Primavera", sid, "i2.xlsx", "i2", [progress, note])
    dialog.refresh()

    def shown_rows() -> list[tuple[str, str]]:
        proxy = dialog.review.proxy
        return [(proxy.row_at(r).office, proxy.row_at(r).label) for r in range(proxy.rowCount())]

    dialog.grouping.setCurrentText("per ufficio")
    assert shown_rows() == [(IVREA, "1.1.1"), (IVREA, "1.1.2"), (PINEROLO, "1.1.1")]
    dialog.grouping.setCurrentText("per azione")
    assert shown_rows() == [(IVREA, "1.1.1"), (PINEROLO, "1.1.1"), (IVREA, "1.1.2")]

    dialog.select_office(IVREA)
    rows = dialog.action_list.model.rows()
    assert [(a.code, a.role) for a in rows] == [("1.1.1", "Partner"), ("1.1.2", "Coinvolto")]
    assert "Comune di Ivrea: 2 azioni" in dialog.actions_note.text()
    assert rows[0].changed_at is not None  # 1.1.1's note just changed
    assert rows[0].user == "Tester"
    dialog.office_only.setChecked(True)
    assert shown_rows() == [(IVREA, "1.1.1"), (IVREA, "1.1.2")]


def _returned(services: Services, tmp_path: Path) -> Path:
    """A folder with Pinerolo's and Ivrea's returned trackers of a fresh campaign."""
    services.campaigns.create("Estate", dt.date(2025, 7, 31))
    result = export_campaign(services, "Estate", tmp_path / "uscita")
    back = tmp_path / "rientro"
    back.mkdir()
    for office in result.offices:

        def change(wb: Any) -> None:
            set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 55)

        edit(office.tracker, back / f"{office.office}.xlsx", change)
    return back


def _drop(dialog: CampaignsDialog, paths: list[Path]) -> QDropEvent:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dialog.dropEvent(event)
    return event


@pytest.mark.parametrize("as_folder", [True, False])
def test_dropped_files_or_folder_are_imported(
    services: Services, qtbot: QtBot, tmp_path: Path, shown: list[str], as_folder: bool
) -> None:
    back = _returned(services, tmp_path)
    dialog = CampaignsDialog(None, services)
    qtbot.addWidget(dialog)
    assert dialog.current() is not None and dialog.current().name == "Estate"
    assert dialog.acceptDrops()
    paths = [back] if as_folder else sorted(back.iterdir())
    event = _drop(dialog, paths)
    assert event.isAccepted()
    wait_jobs(qtbot)
    assert shown and shown[0].startswith("Registrati 2 file")
    board = {r.office: (r.state, r.proposed) for r in dialog.board.model.rows()}
    assert board == {PINEROLO: ("rientrato", 1), IVREA: ("rientrato", 1)}
    assert services.actions.get_by_code("1.1.1").progress == 40  # proposals only


def test_a_drop_without_files_is_ignored(dialog: CampaignsDialog, shown: list[str]) -> None:
    data = QMimeData()
    data.setText("testo")
    event = QDropEvent(QPointF(1, 1), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    dialog.dropEvent(event)
    assert not event.isAccepted() and not shown


def test_the_report_from_the_screen(
    dialog: CampaignsDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shown: list[str]
) -> None:
    for name, suffix in (("rapporto", ".pdf"), ("rapporto.xlsx", ".xlsx")):
        target = tmp_path / name
        chosen = "Documento PDF (*.pdf)" if suffix == ".pdf" else "Excel (*.xlsx)"
        monkeypatch.setattr(
            file_dialogs, "get_save_file_name", lambda *a, t=target, c=chosen: (str(t), c)
        )
        dialog.report_button.click()
        written = target if target.suffix else target.with_name(target.name + suffix)
        assert written.is_file() and written.stat().st_size > 1000
        assert shown[-1] == f"Rapporto della campagna scritto: {written}"


def test_a_dialog_needs_a_campaign(services: Services, qtbot: QtBot) -> None:
    _ = _progress  # the helper stays importable for the fixtures
    dialog = CampaignsDialog(None, services)
    qtbot.addWidget(dialog)
    assert not dialog.report_button.isEnabled() and not dialog.edit_button.isEnabled()


def test_dark_theme_colours_keep_the_text_readable(
    dialog: CampaignsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psm_desktop.ui.models import row_model
    from psm_desktop.ui.monitoring.campaigns_dialog import DARK_CONFLICT_COLOUR

    monkeypatch.setattr(row_model, "is_dark", lambda: True)
    dialog.refresh()
    model = dialog.review.model
    colours = [model.index(r, 5).data(Qt.ItemDataRole.BackgroundRole) for r in range(2)]
    assert colours == [DARK_CONFLICT_COLOUR, DARK_CONFLICT_COLOUR]
    assert DARK_CONFLICT_COLOUR.lightness() < 110  # light text on it stays readable


def test_a_new_deadline_in_a_returned_tracker_is_a_proposal(
    services: Services, qtbot: QtBot, tmp_path: Path, shown: list[str]
) -> None:
    """A row added to a returned tracker is a proposal like a changed value, shown in the
    review with what it adds (exchange/campaigns/returns.py)."""
    from trackerkit import append_row

    services.campaigns.create("Estate", dt.date(2025, 7, 31))
    result = export_campaign(services, "Estate", tmp_path / "uscita")
    tracker = next(o.tracker for o in result.offices if o.office == PINEROLO)

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 55)
        append_row(wb, "Scadenze", {"Codice azione": "1.1.1", "Scadenza": "Tavolo tecnico",
                                    "Data prevista": "15/09/2026"})  # fmt: skip

    back = edit(tracker, tmp_path / "p.xlsx", change)
    dialog = CampaignsDialog(None, services)
    qtbot.addWidget(dialog)
    _drop(dialog, [back])
    wait_jobs(qtbot)
    assert "riga nuova o tolta" not in shown[0] and "righe nuove" not in shown[0]
    rows = {c.field_label: c for c in services.campaigns.changes("Estate")}
    assert set(rows) == {"Avanzamento %", "Nuova scadenza"}
    assert rows["Nuova scadenza"].shown_proposed == "Tavolo tecnico entro il 15/09/2026"
    model = dialog.review.model
    texts = {
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    assert "Nuova scadenza" in texts and "Tavolo tecnico entro il 15/09/2026" in texts


def test_reminders_for_the_late_offices_in_one_click(
    services: Services,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: list[str],
) -> None:
    pinerolo = services.stakeholders.find_by_name(PINEROLO)
    services.stakeholders.update(pinerolo.id, None, {"email": "piano@comune.pinerolo.to.it"})
    services.campaigns.create("Estate", dt.date.today() - dt.timedelta(days=30), grace_days=5)
    folder = tmp_path / "uscita"
    dialog = CampaignsDialog(None, services)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(file_dialogs, "ask_folder", lambda *a: folder)
    dialog.export_button.click()
    wait_jobs(qtbot)
    assert {r.state for r in dialog.board.model.rows()} == {"in ritardo"}
    dialog.remind_button.click()
    assert shown[-1] == (f"1 sollecito scritto in {folder}. Senza indirizzo e-mail: {IVREA}.")
    (draft,) = folder.glob("*Sollecito*.eml") or folder.glob("*sollecito*.eml")
    assert PINEROLO in draft.name


def test_the_delay_against_due_date_and_grace_in_words() -> None:
    from psm_desktop.services.campaigns import CampaignInfo, OfficeRow
    from psm_desktop.ui.monitoring.campaigns_dialog import delay_text

    info = CampaignInfo(1, "C", "2025-S1", False, dt.date(2025, 7, 31), 5, "", 1, 0, 0)

    def row(returned: dt.date | None) -> OfficeRow:
        at = dt.datetime.combine(returned, dt.time(9)) if returned else None
        return OfficeRow(1, 1, "U", "", "", "", "inviato", None, "", at, "", 0, 0, 0)

    def days(n: int) -> dt.date:
        return info.due_date + dt.timedelta(days=n)

    assert delay_text(row(None), info, days(0)) == ""
    assert delay_text(row(None), info, days(5)) == "in tolleranza fino al 05/08"
    assert delay_text(row(None), info, days(6)) == "1 gg oltre la tolleranza"
    assert delay_text(row(days(-1)), info, days(30)) == "nei tempi"
    assert delay_text(row(days(2)), info, days(30)) == "in tolleranza"
    assert delay_text(row(days(12)), info, days(30)) == "rientrato 7 gg dopo"


def test_a_new_stakeholder_and_a_deletion_against_an_edit_on_the_screen(
    services: Services,
    qtbot: QtBot,
    tmp_path: Path,
    shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A row naming a stakeholder not in the register is a proposal that says it adds it; a
    deadline one office deletes and another edits is a conflict shown side by side."""
    from trackerkit import append_row, delete_row

    services.campaigns.create("Estate", dt.date(2025, 7, 31))
    result = export_campaign(services, "Estate", tmp_path / "uscita")
    trackers = {o.office: o.tracker for o in result.offices}

    def pinerolo(wb: Any) -> None:
        append_row(wb, "Assegnazioni", {"Codice azione": "1.1.1", "Soggetto": "Unione Val Pellice",
                                        "Ruolo": "coinvolto"})  # fmt: skip
        delete_row(wb, "Scadenze", "Scadenza", "Progetto esecutivo")

    def ivrea(wb: Any) -> None:
        set_cell(wb, "Scadenze", "Scadenza", "Progetto esecutivo", "Note", "rinviato")

    back = tmp_path / "rientro"
    back.mkdir()
    edit(trackers[PINEROLO], back / "p.xlsx", pinerolo)
    edit(trackers[IVREA], back / "i.xlsx", ivrea)
    dialog = CampaignsDialog(None, services)
    qtbot.addWidget(dialog)
    _drop(dialog, [back])
    wait_jobs(qtbot)
    assert shown[0].startswith("Registrati 2 file") and "anagrafica" not in shown[0]
    model = dialog.review.model
    texts = {
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    assert "Coinvolto — nuovo soggetto «Unione Val Pellice», sarà aggiunto all'anagrafica" in texts
    assert len(dialog._conflicting) == 2  # the deletion and the edit, in yellow

    seen: list[campaign_conflict.ConflictDialog] = []

    def choose_ivrea(self: campaign_conflict.ConflictDialog) -> int:
        seen.append(self)
        offices = [c.office for c in self.conflict.changes]
        self.choices[offices.index(IVREA)].setChecked(True)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(campaign_conflict.ConflictDialog, "exec", choose_ivrea)
    _select(dialog, PINEROLO, "rimozione")
    dialog.conflict_button.click()
    labels = {w.text() for w in seen[0].findChildren(QLabel)}
    assert any("Un ufficio toglie la riga, un altro la modifica" in t for t in labels)
    assert {"Scadenza tolta", "Note", "(da togliere)", "rinviato"} <= labels
    action = services.actions.get_by_code("1.1.1")
    assert [d.notes for d in services.deadlines.for_action(action.id)] == ["rinviato"]
    states = {(c.office, c.field): c.state for c in services.campaigns.changes("Estate")}
    assert states[(PINEROLO, "rimozione")] == "respinta"
    assert states[(IVREA, "notes")] == "accettata"
    assert states[(PINEROLO, "nuovo")] == "proposta"
