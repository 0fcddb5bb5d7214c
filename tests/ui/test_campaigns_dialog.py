"""Monitoraggio › Campagne di aggiornamento…: wizard, return board and review of proposals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trackerkit
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from psm_desktop.model import PeriodKind
from psm_desktop.services import EditContext, Services
from psm_desktop.services.campaigns import Proposal
from psm_desktop.storage import open_database
from psm_desktop.ui.monitoring.campaigns_dialog import (
    CONFLICT_COLOUR,
    CampaignsDialog,
    NewCampaignDialog,
)
from tests.ui.accessibility import assert_keyboard_accessible
from tests.ui.test_tracker_dialogs import shown

__all__ = ["shown"]

PINEROLO, IVREA = "Comune di Pinerolo", "Comune di Ivrea"


@pytest.fixture
def services(db_path: Path) -> Iterator[Services]:
    trackerkit.make_state_db(db_path)
    db = open_database(db_path)
    svc = Services(db, EditContext(user="Tester", source="test"))
    svc.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    yield svc
    db.close()


def _progress(services: Services, office: str, value: int) -> None:
    action = services.actions.get_by_code("1.1.1")
    sid = services.stakeholders.find_by_name(office).id
    proposal = Proposal("azione", action.id, action.id, "1.1.1", "progress", "Avanzamento %",
                        40, value, "40%", f"{value}%")  # fmt: skip
    services.campaigns.record_return("Primavera", sid, f"{office}.xlsx", office, [proposal])


@pytest.fixture
def dialog(services: Services, qtbot: QtBot) -> CampaignsDialog:
    """The dialog over a campaign where both offices proposed a different progress."""
    services.campaigns.create("Primavera", dt.date(2025, 7, 31))
    _progress(services, PINEROLO, 60)
    _progress(services, IVREA, 70)
    dialog = CampaignsDialog(None, services)
    qtbot.addWidget(dialog)
    return dialog


def test_the_wizard_proposes_leads_and_partners(services: Services, qtbot: QtBot) -> None:
    services.stakeholders.create("Comune di Susa", "comune")
    dialog = NewCampaignDialog(None, services, dt.date(2025, 7, 1))
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "Aggiornamento 2025-S1"
    assert dialog.due_date() == dt.date(2025, 7, 31)
    assert sorted(dialog.chosen()) == [IVREA, PINEROLO]  # Susa has no action: unticked
    assert_keyboard_accessible(dialog, qtbot)


def test_board_and_review_with_a_conflict(
    services: Services, dialog: CampaignsDialog, qtbot: QtBot, shown: list[str]
) -> None:
    board = dialog.board.model.rows()
    assert {(r.office, r.state, r.proposed) for r in board} == {
        (PINEROLO, "rientrato", 1),
        (IVREA, "rientrato", 1),
    }
    model = dialog.review.model
    assert model.rowCount() == 2
    colours = [model.index(r, 5).data(Qt.ItemDataRole.BackgroundRole) for r in range(2)]
    assert colours == [
        CONFLICT_COLOUR,
        CONFLICT_COLOUR,
    ]  # both sides of the conflict are shown in yellow
    assert_keyboard_accessible(dialog, qtbot)

    # Accept Pinerolo's value: written to the plan, Ivrea's rejected, both offices validated.
    table, proxy = dialog.review.table, dialog.review.proxy
    row = next(r for r in range(2) if model.row_at(r).office == PINEROLO)
    table.selectionModel().select(
        proxy.mapFromSource(model.index(row, 0)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    dialog.accept_button.click()
    assert not shown
    assert services.actions.get_by_code("1.1.1").progress == 60
    assert dialog.changed_plan
    assert model.rowCount() == 0  # nothing left to decide
    assert {r.state for r in dialog.board.model.rows()} == {"validato"}


def test_accepting_both_sides_of_a_conflict_is_refused(
    services: Services, dialog: CampaignsDialog, shown: list[str]
) -> None:
    dialog.review.table.selectAll()
    dialog.accept_button.click()
    assert shown and shown[0].startswith("ERRORE Non si possono accettare insieme")
    assert services.actions.get_by_code("1.1.1").progress == 40


def test_decided_proposals_selected_again_are_left_out(
    services: Services, dialog: CampaignsDialog, shown: list[str]
) -> None:
    """With "Solo da decidere" unticked the decided proposals are listed too: selecting them
    again says they are decided."""
    pinerolo = next(c.id for c in services.campaigns.changes("Primavera") if c.office == PINEROLO)
    services.campaigns.accept("Primavera", [pinerolo])  # Ivrea's side rejected with it
    dialog.pending_only.setChecked(False)
    dialog.refresh()
    assert dialog.review.model.rowCount() == 2
    dialog.review.table.selectAll()
    dialog.accept_button.click()
    dialog.reject_button.click()
    assert shown == ["Le proposte selezionate sono già state decise."] * 2
    assert services.actions.get_by_code("1.1.1").progress == 60


def test_rejecting_a_proposal_decided_meanwhile_says_so(
    services: Services, dialog: CampaignsDialog, shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    dialog.review.table.selectAll()  # both offices' proposals, still to decide on screen
    pinerolo = next(c.id for c in services.campaigns.changes("Primavera") if c.office == PINEROLO)
    services.campaigns.accept("Primavera", [pinerolo])  # another window decides first
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("doppione", True))
    dialog.reject_button.click()
    assert len(shown) == 1 and shown[0].startswith("ERRORE La proposta n. ")
    assert "è già accettata" in shown[0] and "Nessuna proposta è stata decisa" in shown[0]
    assert services.actions.get_by_code("1.1.1").progress == 60


def test_no_campaign_yet(services: Services, qtbot: QtBot) -> None:
    dialog: Any = CampaignsDialog(None, services)
    qtbot.addWidget(dialog)
    assert "Nessuna campagna" in dialog.summary.text()
    assert not dialog.export_button.isEnabled()
