"""The campaign wizard with many offices: search, select all / none of what the search
shows, the count, and no campaign with no office."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from psm_desktop.services import Services
from psm_desktop.ui.monitoring.new_campaign_dialog import NewCampaignDialog
from tests.ui.accessibility import assert_keyboard_accessible
from tests.ui.test_campaigns_dialog import IVREA, PINEROLO, services
from tests.ui.test_tracker_dialogs import shown

__all__ = ["services", "shown"]

UNIONS = ["Unione Montana Valle Susa", "Unione dei Comuni del Pinerolese", "unione collinare"]


def _wizard(services: Services, qtbot: QtBot) -> NewCampaignDialog:
    for name in UNIONS:
        services.stakeholders.create(name, "altro")
    dialog = NewCampaignDialog(None, services, dt.date(2025, 7, 1))
    qtbot.addWidget(dialog)
    return dialog


def _shown_names(dialog: NewCampaignDialog) -> list[str]:
    items = (dialog.offices.item(i) for i in range(dialog.offices.count()))
    return [item.text() for item in items if not item.isHidden()]


def test_the_search_shows_matching_offices_ignoring_case_and_spaces(
    services: Services, qtbot: QtBot
) -> None:
    dialog = _wizard(services, qtbot)
    qtbot.keyClicks(dialog.search, "UNIONE   ")
    assert sorted(_shown_names(dialog)) == sorted(UNIONS)
    assert "3 mostrati dalla ricerca" in dialog.count.text()
    dialog.search.clear()
    assert len(_shown_names(dialog)) == dialog.offices.count()
    assert "mostrati" not in dialog.count.text()


def test_select_all_and_none_act_on_the_offices_shown(services: Services, qtbot: QtBot) -> None:
    dialog = _wizard(services, qtbot)
    total = dialog.offices.count()
    assert sorted(dialog.chosen()) == [IVREA, PINEROLO]
    assert dialog.count.text() == f"Selezionati: 2 di {total} uffici"
    dialog.search.setText("unione")
    dialog.select_all.click()
    assert sorted(dialog.chosen()) == sorted([IVREA, PINEROLO, *UNIONS])
    assert dialog.count.text().startswith(f"Selezionati: 5 di {total} uffici")
    dialog.search.setText("pinerol")  # the Comune and the Unione del Pinerolese
    dialog.select_none.click()
    assert sorted(dialog.chosen()) == sorted([IVREA, UNIONS[0], UNIONS[2]])
    dialog.search.clear()
    dialog.select_none.click()
    assert dialog.chosen() == []
    dialog.select_all.click()
    assert len(dialog.chosen()) == total


def test_ticking_one_office_updates_the_count(services: Services, qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    dialog = _wizard(services, qtbot)
    dialog.offices.findItems(UNIONS[0], Qt.MatchFlag.MatchExactly)[0].setCheckState(
        Qt.CheckState.Checked
    )
    assert dialog.count.text().startswith("Selezionati: 3 di ")


def test_a_campaign_with_no_office_is_not_created(
    services: Services, qtbot: QtBot, shown: list[str]
) -> None:
    dialog = _wizard(services, qtbot)
    dialog.select_none.click()
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.isVisible() is False
    assert shown and "Spunta almeno un ufficio" in shown[-1]
    dialog.select_all.click()
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_the_wizard_stays_keyboard_accessible(services: Services, qtbot: QtBot) -> None:
    assert_keyboard_accessible(_wizard(services, qtbot), qtbot)
