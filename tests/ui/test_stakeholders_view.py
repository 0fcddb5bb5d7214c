"""Soggetti: search, create/edit/delete with undo and redo, forced delete, details, dialog."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from psm_desktop.model import Role, StakeholderKind
from psm_desktop.services import Services
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.stakeholders import stakeholders_view as module
from psm_desktop.ui.stakeholders.stakeholder_dialog import StakeholderDialog
from psm_desktop.ui.stakeholders.stakeholders_view import StakeholdersView
from psm_desktop.ui.widgets.empty_hint import hint_shown
from tests.ui.panel_fixtures import assert_accessible


class Harness:
    """The view with its dialogs replaced by scripted answers."""

    def __init__(self, qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
        self.services = services
        self.events = DataEvents()
        self.stack = QUndoStack()
        self.view = StakeholdersView(services, self.events, self.stack)
        qtbot.addWidget(self.view)
        self.view.resize(1300, 700)
        self.view.show()
        self.form_answers: list[dict[str, Any] | None] = []
        self.confirm_answers: list[bool] = []
        self.questions: list[str] = []
        self.messages: list[str] = []
        self.forms_seen: list[Any] = []

        def ask(_parent: Any, _services: Services, stakeholder: Any) -> dict[str, Any] | None:
            self.forms_seen.append(stakeholder)
            return self.form_answers.pop(0)

        def confirm(_parent: Any, _title: str, text: str, _details: str, _yes: str) -> bool:
            self.questions.append(text)
            return self.confirm_answers.pop(0)

        monkeypatch.setattr(module, "ask_stakeholder", ask)
        monkeypatch.setattr(module, "confirm_delete", confirm)
        monkeypatch.setattr(module, "show_message", lambda _p, text: self.messages.append(text))

    def names(self) -> list[str]:
        return [s.name for s in self.view.visible_stakeholders()]

    def select(self, name: str) -> None:
        found = self.services.stakeholders.find_by_name(name)
        assert found is not None
        self.view.select_stakeholder(found.id)
        assert self.view.current_stakeholder() is not None
        assert self.view.current_stakeholder().name == name  # type: ignore[union-attr]

    def in_db(self, name: str) -> bool:
        return self.services.stakeholders.find_by_name(name) is not None


@pytest.fixture
def h(qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch) -> Harness:
    for name, kind, zone in (
        ("Comune di Pinerolo", StakeholderKind.MUNICIPALITY, "Pinerolese"),
        ("Politecnico di Torino", StakeholderKind.UNIVERSITY, "Torino"),
        ("Camera di commercio", StakeholderKind.TRADE_ASSOCIATION, None),
    ):
        services.stakeholders.create(name, kind, zone=zone, contact_person="Maria Rossi")
    harness = Harness(qtbot, services, monkeypatch)
    harness.view.reload()
    return harness


def test_registry_lists_and_searches(h: Harness, qtbot: QtBot) -> None:
    assert h.view.findChild(type(h.view.table), "stakeholderTable") is h.view.table
    assert {"Comune di Pinerolo", "Politecnico di Torino", "Camera di commercio"} <= set(h.names())
    assert h.names() == sorted(h.names(), key=str.casefold)
    assert_accessible(h.view)
    qtbot.keyClicks(h.view.search_edit, "politec")
    assert h.names() == ["Politecnico di Torino"]
    h.view.search_edit.setText("pineroles")  # the zone matches too
    assert h.names() == ["Comune di Pinerolo"]
    h.view.search_edit.setText("comune maria")  # every word must match
    assert h.names() == ["Comune di Pinerolo"]
    assert "1 di" in h.view.count_label.text()
    h.view.search_edit.clear()
    assert len(h.names()) == h.view.model.rowCount()


def test_create_edit_delete_with_undo_and_redo(h: Harness, qtbot: QtBot) -> None:
    h.form_answers.append(
        {
            "name": "Unione montana Valli",
            "kind": StakeholderKind.PUBLIC_BODY,
            "zone": "Pinerolese",
            "contact_person": "",
            "email": "u@valli.it",
            "phone": "",
            "notes": "",
        }
    )
    qtbot.mouseClick(h.view.new_button, Qt.MouseButton.LeftButton)
    assert h.in_db("Unione montana Valli")
    assert h.view.current_stakeholder().name == "Unione montana Valli"  # type: ignore[union-attr]
    assert h.stack.count() == 1 and h.stack.undoText() == "Nuovo soggetto «Unione montana Valli»"

    h.form_answers.append({"name": "Unione montana Valli Chisone", "phone": "0121 1234"})
    h.view.edit_button.click()
    assert h.forms_seen[-1].name == "Unione montana Valli"  # the form showed the current data
    edited = h.services.stakeholders.find_by_name("Unione montana Valli Chisone")
    assert edited is not None and edited.phone == "0121 1234" and edited.zone == "Pinerolese"

    h.confirm_answers.append(True)
    h.view.delete_button.click()
    assert not h.in_db("Unione montana Valli Chisone")
    assert "Eliminare il soggetto «Unione montana Valli Chisone»?" in h.questions[-1]
    assert h.stack.count() == 3

    h.stack.undo()  # delete undone: it is back, with a new id
    back = h.services.stakeholders.find_by_name("Unione montana Valli Chisone")
    assert back is not None and back.email == "u@valli.it"
    qtbot.waitUntil(lambda: "Unione montana Valli Chisone" in h.names())
    h.stack.undo()  # edit undone on the re-created stakeholder
    assert h.in_db("Unione montana Valli") and not h.in_db("Unione montana Valli Chisone")
    h.stack.undo()  # creation undone
    assert not h.in_db("Unione montana Valli")
    qtbot.waitUntil(lambda: "Unione montana Valli" not in h.names())

    for _ in range(3):
        h.stack.redo()
    assert not h.in_db("Unione montana Valli") and not h.in_db("Unione montana Valli Chisone")
    h.stack.undo()
    h.stack.undo()
    assert h.in_db("Unione montana Valli Chisone") is False and h.in_db("Unione montana Valli")
    assert h.messages == []
    assert h.stack.count() == 3


def test_cancelled_dialogs_change_nothing(h: Harness) -> None:
    before = h.names()
    h.form_answers.append(None)
    h.view.create_new()
    h.select("Camera di commercio")
    h.form_answers.append({})  # OK with nothing changed
    h.view.edit_selected()
    h.confirm_answers.append(False)
    h.view.delete_selected()
    assert h.names() == before and h.stack.count() == 0


def _assign(services: Services, name: str) -> tuple[list[int], int]:
    s = services.stakeholders.find_by_name(name)
    assert s is not None
    rows = services.actions.list_actions()[:2]
    services.assignments.assign(rows[0].id, s.id, Role.LEAD)
    services.assignments.assign(rows[1].id, s.id, Role.PARTNER)
    d = services.deadlines.add(
        rows[1].id, "Consegna studio", dt.date(2031, 5, 4), stakeholder_id=s.id
    )
    return [rows[0].id, rows[1].id], d.id


def test_forced_delete_lists_actions_asks_and_undo_restores(h: Harness, qtbot: QtBot) -> None:
    action_ids, deadline_id = _assign(h.services, "Politecnico di Torino")
    codes = [h.services.actions.get(i).code for i in action_ids]
    h.view.reload()
    h.select("Politecnico di Torino")

    h.confirm_answers.append(False)  # asked, refused: nothing happens
    h.view.delete_selected()
    question = h.questions[-1]
    assert "assegnato a 2 azioni" in question
    assert f"{codes[0]} (Responsabile/capofila)" in question and f"{codes[1]} (Partner)" in question
    assert "responsabile di 1 scadenza:" in question
    assert h.in_db("Politecnico di Torino") and h.stack.count() == 0

    changed: list[list[int]] = []
    h.events.actions_changed.connect(changed.append)
    h.confirm_answers.append(True)
    qtbot.keyClick(h.view.table, Qt.Key.Key_Delete)  # the shortcut, with focus in the table
    assert not h.in_db("Politecnico di Torino")
    assert changed[-1] == sorted(action_ids)
    assert all(
        a.stakeholder_name != "Politecnico di Torino"
        for i in action_ids
        for a in h.services.assignments.for_action(i)
    )

    h.stack.undo()
    back = h.services.stakeholders.find_by_name("Politecnico di Torino")
    assert back is not None
    roles = {row.id: role for row, role in h.services.stakeholders.actions_of(back.id)}
    assert roles == {action_ids[0]: Role.LEAD, action_ids[1]: Role.PARTNER}
    assert [d.id for d in h.services.stakeholders.deadlines_of(back.id)] == [deadline_id]
    h.stack.redo()
    assert not h.in_db("Politecnico di Torino")


def test_selected_stakeholder_shows_actions_and_deadlines(h: Harness, qtbot: QtBot) -> None:
    action_ids, _ = _assign(h.services, "Comune di Pinerolo")
    h.view.reload()
    h.select("Comune di Pinerolo")
    assert h.view.actions_proxy.rowCount() == 2
    shown = {
        h.view.actions_proxy.row_at(r)[0].id: h.view.actions_proxy.index(r, 2).data()
        for r in range(2)
    }
    assert shown == {action_ids[0]: "Responsabile/capofila", action_ids[1]: "Partner"}
    assert h.view.deadlines_proxy.rowCount() == 1
    assert h.view.deadlines_proxy.index(0, 2).data() == "Consegna studio"
    assert "(2)" in h.view.detail_tabs.tabText(0) and "(1)" in h.view.detail_tabs.tabText(1)

    with qtbot.waitSignal(h.events.open_action_requested) as blocker:
        h.view.deadlines_table.doubleClicked.emit(h.view.deadlines_proxy.index(0, 0))
    assert blocker.args == [action_ids[1]]
    with qtbot.waitSignal(h.events.open_action_requested) as blocker:
        h.view.actions_table.doubleClicked.emit(h.view.actions_proxy.index(0, 0))
    assert blocker.args == [h.view.actions_proxy.row_at(0)[0].id]

    # An assignment made elsewhere (the action editor) shows after its event.
    third = h.services.actions.list_actions()[2]
    s = h.services.stakeholders.find_by_name("Comune di Pinerolo")
    h.services.assignments.assign(third.id, s.id, Role.INFORMED)  # type: ignore[union-attr]
    h.events.actions_changed.emit([third.id])
    qtbot.waitUntil(lambda: h.view.actions_proxy.rowCount() == 3)
    assert h.view.current_stakeholder().action_count == 3  # type: ignore[union-attr]


def test_empty_lists_of_a_stakeholder_say_why(h: Harness) -> None:
    view = h.view
    view.table.clearSelection()  # none chosen
    assert hint_shown(view.actions_table) == "Scegli un soggetto nell'elenco qui sopra."
    assert hint_shown(view.deadlines_table) == "Scegli un soggetto nell'elenco qui sopra."
    h.select("Politecnico di Torino")  # nothing assigned to it yet
    assert hint_shown(view.actions_table) == "Nessuna azione assegnata a questo soggetto."
    assert hint_shown(view.deadlines_table) == "Nessuna scadenza affidata a questo soggetto."
    _assign(h.services, "Politecnico di Torino")
    h.view.reload()
    h.select("Politecnico di Torino")
    assert hint_shown(view.actions_table) == "" and hint_shown(view.deadlines_table) == ""


def test_stale_undo_is_reported_and_dropped(h: Harness) -> None:
    h.select("Camera di commercio")
    h.form_answers.append({"phone": "011 555"})
    h.view.edit_selected()
    assert h.stack.count() == 1
    s = h.services.stakeholders.find_by_name("Camera di commercio")
    h.services.stakeholders.update(s.id, s.version, {"notes": "altra finestra"})  # type: ignore[union-attr]
    h.stack.undo()
    assert len(h.messages) == 1 and "modificati da un'altra finestra" in h.messages[0]
    assert h.stack.count() == 0  # the step that cannot work is gone
    s = h.services.stakeholders.find_by_name("Camera di commercio")
    assert s is not None and s.phone == "011 555" and s.notes == "altra finestra"


def test_undo_of_create_refused_once_assigned(h: Harness) -> None:
    h.form_answers.append({"name": "Fondazione Nuova", "kind": StakeholderKind.THIRD_SECTOR})
    h.view.create_new()
    s = h.services.stakeholders.find_by_name("Fondazione Nuova")
    h.services.assignments.assign(h.services.actions.list_actions()[0].id, s.id)  # type: ignore[union-attr]
    h.stack.undo()
    assert h.in_db("Fondazione Nuova") and "assegnato" in h.messages[-1]


# --- the dialog ---------------------------------------------------------------------------


def test_dialog_validates_and_stays_open(qtbot: QtBot, services: Services) -> None:
    services.stakeholders.create("Comune di Chieri")
    dialog = StakeholderDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.save_button
    qtbot.keyClicks(dialog.name_edit, "Comune di Chieri")
    dialog.email_edit.setText("non-valida")
    save.click()
    assert dialog.isVisible() and dialog.result() == 0
    assert "esiste già" in dialog.error_label.text() and "E-mail" in dialog.error_label.text()
    assert not dialog.error_label.isHidden()

    dialog.name_edit.setText("Comune di Carmagnola")
    dialog.email_edit.setText("protocollo@comune.carmagnola.to.it")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(StakeholderKind.MUNICIPALITY))
    dialog.zone_combo.setCurrentIndex(dialog.zone_combo.findText("Chierese-Carmagnolese"))
    dialog.notes_edit.setPlainText("note")
    save.click()
    assert dialog.result() == 1
    values = dialog.values()
    assert values == {
        "name": "Comune di Carmagnola",
        "kind": StakeholderKind.MUNICIPALITY,
        "zone": "Chierese-Carmagnolese",
        "contact_person": "",
        "email": "protocollo@comune.carmagnola.to.it",
        "phone": "",
        "notes": "note",
    }
    created = services.stakeholders.create(**values)  # the keys fit the service
    assert created.zone == "Chierese-Carmagnolese"


def test_dialog_edits_an_existing_one(qtbot: QtBot, services: Services) -> None:
    info = services.stakeholders.create(
        "ATL Turismo Torino", StakeholderKind.PUBLIC_BODY, zone="Torino", phone="011 1"
    )
    dialog = StakeholderDialog(services, stakeholder=info)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Modifica soggetto"
    assert dialog.zone_combo.currentText() == "Torino"
    assert dialog.changes() == {}
    dialog.zone_combo.setCurrentIndex(0)  # "—": no zone
    assert dialog.zone_combo.currentText() == "—"
    assert dialog.changes() == {"zone": None}
    dialog.accept()  # its own name is not a clash
    assert dialog.result() == 1
    for widget in dialog.findChildren(type(dialog.name_edit)):
        assert widget.accessibleName()


def test_keyboard_shortcuts_and_enter(h: Harness, qtbot: QtBot) -> None:
    h.select("Camera di commercio")
    h.view.table.setFocus()
    h.form_answers += [None, None, None]
    qtbot.keyClick(h.view.table, Qt.Key.Key_F2)  # edit
    qtbot.keyClick(h.view.table, Qt.Key.Key_Return)  # Enter edits too
    qtbot.keyClick(h.view.table, Qt.Key.Key_Insert)  # new
    assert [getattr(s, "name", None) for s in h.forms_seen] == [
        "Camera di commercio",
        "Camera di commercio",
        None,
    ]
