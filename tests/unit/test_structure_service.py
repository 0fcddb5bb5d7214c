"""Structural edits of the plan: create, edit, move, reorder, delete; codes follow positions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from psm_desktop.errors import InUseError, StaleWriteError, UserError, ValidationError
from psm_desktop.model import Role
from psm_desktop.services import EditContext, Services
from psm_desktop.services.renumbering import CodeChange
from psm_desktop.storage import open_database


def codes(services: Services, axis: int) -> dict[str, list[str]]:
    """strategy code -> its action codes, in order."""
    tree = {node.axis.number: node for node in services.plan.tree()}
    return {s.strategy.code: [a.code for a in s.actions] for s in tree[axis].strategies}


def strategy_id(services: Services, code: str) -> int:
    return next(s.id for s in services.plan.strategies() if s.code == code)


def log_codes(services: Services) -> set[tuple[str, str | None, str | None]]:
    return {
        (c.entity, c.old_value, c.new_value)
        for c in services.history.recent(1000)
        if c.field in ("Codice", "Numero")
    }


# --- actions ---------------------------------------------------------------------------


def test_move_action_to_another_strategy_renumbers_both(services: Services) -> None:
    moved = services.actions.get_by_code("1.1.2")
    text_113 = services.actions.get_by_code("1.1.3").text
    preview = services.structure.preview_move_action(moved.id, strategy_id(services, "1.2"), 1)
    result = services.structure.move_action(
        moved.id, moved.version, strategy_id(services, "1.2"), 1
    )
    assert result.code_changes == preview
    assert result.node is not None and result.node.code == "1.2.1"
    after = codes(services, 1)
    assert after["1.1"] == ["1.1.1", "1.1.2"]
    assert after["1.2"] == [f"1.2.{k}" for k in range(1, 8)]
    # The old 1.1.3 is now 1.1.2, the moved one keeps its text, status and history.
    assert services.actions.get_by_code("1.1.2").text == text_113
    assert services.actions.get(moved.id).text == moved.text
    expected = {
        ("azione", "1.1.2", "1.2.1"),
        ("azione", "1.1.3", "1.1.2"),
        *{("azione", f"1.2.{k}", f"1.2.{k + 1}") for k in range(1, 7)},
    }
    assert {(c.entity, c.old_code, c.new_code) for c in result.code_changes} == expected
    assert log_codes(services) == expected
    history = services.history.for_action(moved.id)
    assert {(h.field, h.old_value, h.new_value) for h in history} >= {
        ("Strategia", "1.1", "1.2"),
        ("Codice", "1.1.2", "1.2.1"),
    }


def test_preview_writes_nothing(services: Services) -> None:
    action = services.actions.get_by_code("1.5.7")
    before = services.history.count()
    changes = services.structure.preview_move_action(action.id, strategy_id(services, "1.5"), 1)
    assert CodeChange("azione", action.id, "1.5.7", "1.5.1") in changes
    assert len(changes) == 7
    assert services.history.count() == before
    assert services.actions.get(action.id).code == "1.5.7"


def test_reorder_inside_a_strategy_swaps_codes(services: Services) -> None:
    first = services.actions.get_by_code("1.1.1")
    second = services.actions.get_by_code("1.1.2")
    sid = strategy_id(services, "1.1")
    result = services.structure.move_action(first.id, first.version, sid, 2)
    assert {(c.old_code, c.new_code) for c in result.code_changes} == {
        ("1.1.1", "1.1.2"),
        ("1.1.2", "1.1.1"),
    }
    assert services.actions.get(first.id).code == "1.1.2"
    assert services.actions.get(second.id).code == "1.1.1"
    # Moving it to where it already is changes nothing.
    now = services.actions.get(first.id)
    assert services.structure.move_action(now.id, now.version, sid, 2).code_changes == ()


def test_move_keeps_status_assignments_and_deadlines(services: Services) -> None:
    action = services.actions.get_by_code("1.3.4")
    services.actions.update(action.id, action.version, {"progress": 40, "status": "in_corso"})
    lead = services.stakeholders.create("Comune di Pinerolo", "ente_pubblico")
    services.assignments.assign(action.id, lead.id, Role.LEAD)
    services.deadlines.add(action.id, "Gara", dt.date(2026, 3, 1))
    action = services.actions.get(action.id)
    services.structure.move_action(action.id, action.version, strategy_id(services, "1.4"))
    moved = services.actions.get(action.id)
    assert moved.code == "1.4.5"
    assert (moved.progress, moved.lead, len(moved.deadlines)) == (40, "Comune di Pinerolo", 1)
    assert moved.deadlines[0].action_code == "1.4.5"


def test_create_action_in_the_middle(services: Services) -> None:
    sid = strategy_id(services, "1.1")
    result = services.structure.create_action(sid, "Nuova azione di prova", position=2)
    assert result.node is not None and result.node.code == "1.1.2"
    assert codes(services, 1)["1.1"] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    assert {(c.old_code, c.new_code) for c in result.code_changes} == {
        ("1.1.2", "1.1.3"),
        ("1.1.3", "1.1.4"),
    }
    created = services.actions.get(result.node.id)
    assert created.text == "Nuova azione di prova"
    assert [h.field for h in services.history.for_action(created.id)] == ["creazione"]
    with pytest.raises(ValidationError, match="Azione"):
        services.structure.create_action(sid, "   ")


def test_delete_action_asks_when_it_has_things(services: Services) -> None:
    action = services.actions.get_by_code("1.2.3")
    # A bare action (no assignments, deadlines or history) goes without asking.
    bare = services.structure.preview_delete_action(action.id)
    assert not bare.needs_confirmation
    result = services.structure.delete_action(action.id, action.version)
    assert {(c.old_code, c.new_code) for c in result.code_changes} == {
        ("1.2.4", "1.2.3"),
        ("1.2.5", "1.2.4"),
        ("1.2.6", "1.2.5"),
    }
    assert codes(services, 1)["1.2"] == [f"1.2.{k}" for k in range(1, 6)]

    busy = services.actions.get_by_code("1.4.1")
    who = services.stakeholders.create("Comune di Ivrea", "ente_pubblico")
    services.assignments.assign(busy.id, who.id, Role.LEAD)
    services.deadlines.add(busy.id, "Avvio", dt.date(2026, 1, 15))
    busy = services.actions.get(busy.id)
    summary = services.structure.preview_delete_action(busy.id)
    assert (summary.assignments, summary.deadlines) == (1, 1)
    assert summary.needs_confirmation and summary.history >= 2
    assert summary.contents() == "1 assegnazione e 1 scadenza"
    assert len(summary.code_changes) == 3
    before = services.history.count()
    with pytest.raises(InUseError, match="1 assegnazione e 1 scadenza"):
        services.structure.delete_action(busy.id, busy.version)
    assert services.history.count() == before
    services.structure.delete_action(busy.id, busy.version, confirmed=True)
    assert codes(services, 1)["1.4"] == ["1.4.1", "1.4.2", "1.4.3"]
    assert services.stakeholders.get(who.id).action_count == 0
    gone = [h for h in services.history.for_action(busy.id)]
    assert {h.entity for h in gone} >= {"azione", "assegnazione", "scadenza"}
    assert gone[0].field in ("eliminazione", "Ruolo")


# --- strategies ------------------------------------------------------------------------


def test_strategy_edit_move_and_reorder(services: Services) -> None:
    axes = {a.number: a for a in services.plan.axes()}
    sid = strategy_id(services, "1.3")
    node = services.structure.node("strategia", sid)
    edited = services.structure.update_strategy(
        sid, node.version, {"title": "Filiere nuove", "description": "Testo."}
    )
    assert (edited.title, edited.description) == ("Filiere nuove", "Testo.")
    assert edited.version > node.version
    # Move it to the empty axis 2: it becomes 2.1 and its actions 2.1.k.
    result = services.structure.move_strategy(sid, edited.version, axes[2].id)
    assert result.node is not None and result.node.code == "2.1"
    assert codes(services, 2) == {"2.1": ["2.1.1", "2.1.2", "2.1.3", "2.1.4"]}
    assert list(codes(services, 1)) == ["1.1", "1.2", "1.3", "1.4"]
    changes = {(c.entity, c.old_code, c.new_code) for c in result.code_changes}
    assert ("strategia", "1.3", "2.1") in changes
    assert ("azione", "1.3.1", "2.1.1") in changes
    assert ("strategia", "1.4", "1.3") in changes and ("azione", "1.5.7", "1.4.7") in changes
    assert changes == log_codes(services)
    # Reorder within axis 1: 1.4 (formerly 1.5) to the top.
    top = strategy_id(services, "1.4")
    node = services.structure.node("strategia", top)
    services.structure.move_strategy(top, node.version, axes[1].id, 1)
    assert codes(services, 1)["1.1"] == [f"1.1.{k}" for k in range(1, 8)]
    assert services.actions.get_by_code("1.1.7").text.startswith("Ripensare il modello")


def test_delete_strategy_refused_while_it_holds_actions(services: Services) -> None:
    sid = strategy_id(services, "1.2")
    node = services.structure.node("strategia", sid)
    summary = services.structure.preview_delete_strategy(sid)
    assert summary.holds_actions and summary.actions == 6
    before = services.history.count()
    with pytest.raises(InUseError, match="contiene 6 azioni"):
        services.structure.delete_strategy(sid, node.version)
    assert services.history.count() == before
    assert len(codes(services, 1)["1.2"]) == 6
    # Emptied by moving its actions away, it can go.
    target = strategy_id(services, "1.1")
    for action in services.plan.tree()[0].strategies[1].actions:
        current = services.actions.get(action.id)
        services.structure.move_action(current.id, current.version, target)
    node = services.structure.node("strategia", sid)
    result = services.structure.delete_strategy(sid, node.version)
    assert list(codes(services, 1)) == ["1.1", "1.2", "1.3", "1.4"]
    assert len(codes(services, 1)["1.1"]) == 9
    assert ("strategia", "1.3", "1.2") in {
        (c.entity, c.old_code, c.new_code) for c in result.code_changes
    }


def test_delete_strategy_with_its_actions(services: Services) -> None:
    sid = strategy_id(services, "1.1")
    node = services.structure.node("strategia", sid)
    services.structure.delete_strategy(sid, node.version, with_actions=True)
    assert list(codes(services, 1)) == ["1.1", "1.2", "1.3", "1.4"]
    assert len(services.actions.list_actions()) == 21


def test_create_strategy_at_a_position(services: Services) -> None:
    axis = services.plan.axis(1)
    result = services.structure.create_strategy(axis.id, "Nuova", "Descrizione", position=1)
    assert result.node is not None and result.node.code == "1.1"
    assert list(codes(services, 1)) == [f"1.{k}" for k in range(1, 7)]
    assert codes(services, 1)["1.2"] == ["1.2.1", "1.2.2", "1.2.3"]  # the old 1.1
    assert len(result.code_changes) == 5 + 24
    with pytest.raises(ValidationError, match="Titolo"):
        services.structure.create_strategy(axis.id, "")


# --- axes ------------------------------------------------------------------------------


def test_axes_create_move_delete(services: Services) -> None:
    created = services.structure.create_axis("Torino metropoli più sicura", "Descr.", number=2)
    assert created.node is not None and created.node.code == "2"
    assert [a.number for a in services.plan.axes()] == list(range(1, 8))
    assert services.plan.axis(3).title == "Torino metropoli più verde ed ecologica"
    # Axis 1 to the end: its strategies and actions become 7.x and 7.x.y.
    one = services.structure.node("asse", services.plan.axis(1).id)
    result = services.structure.move_axis(one.id, one.version, 7)
    assert services.plan.axis(7).title == "Torino metropoli più produttiva e innovativa"
    assert services.actions.get_by_code("7.5.7").text.startswith("Ripensare")
    changes = {(c.entity, c.old_code, c.new_code) for c in result.code_changes}
    assert ("asse", "1", "7") in changes and ("asse", "2", "1") in changes
    assert ("azione", "1.1.1", "7.1.1") in changes
    assert len(result.code_changes) == 7 + 5 + 24
    # An axis with actions is refused; an empty one goes and the rest close ranks.
    seven = services.structure.node("asse", services.plan.axis(7).id)
    with pytest.raises(InUseError, match="L'asse 7 contiene 5 strategie e 24 azioni"):
        services.structure.delete_axis(seven.id, seven.version)
    new = services.structure.node("asse", services.plan.axis(1).id)
    services.structure.delete_axis(new.id, new.version)
    assert [a.number for a in services.plan.axes()] == list(range(1, 7))
    assert services.plan.axis(6).title == "Torino metropoli produttiva e innovativa".replace(
        "metropoli ", "metropoli più "
    )
    assert services.actions.get_by_code("6.1.1").text.startswith("Garantire")
    six = services.structure.node("asse", services.plan.axis(6).id)
    services.structure.delete_axis(six.id, six.version, with_contents=True)
    assert services.actions.list_actions() == []


def test_update_axis(services: Services) -> None:
    axis = services.structure.node("asse", services.plan.axis(2).id)
    services.structure.update_axis(axis.id, axis.version, {"description": "Un testo."})
    assert services.plan.axis(2).description == "Un testo."
    entry = services.history.recent(1)[0]
    assert (entry.entity, entry.field, entry.new_value) == ("asse", "Descrizione", "Un testo.")
    with pytest.raises(ValidationError):
        services.structure.update_axis(axis.id, None, {"title": " "})
    with pytest.raises(ValidationError, match="testo troppo lungo"):
        services.structure.update_axis(axis.id, None, {"title": "x" * 1001})
    with pytest.raises(ValidationError, match="Periodo: testo troppo lungo"):
        services.structure.update_plan(None, {"period": "dal 2024 al 2026 compreso"})


# --- the plan's own data ---------------------------------------------------------------


def test_plan_data_editable_and_logged(services: Services) -> None:
    plan = services.plan.plan()
    read = {"title": plan.title, "updated_on": plan.updated_on}
    services.structure.update_plan(
        read, {"period": "2025-2027", "updated_on": dt.date(2025, 9, 1), "issuer": "CMTo"}
    )
    now = services.plan.plan()
    assert (now.period, now.updated_on, now.issuer) == ("2025-2027", dt.date(2025, 9, 1), "CMTo")
    fields = {(c.field, c.new_value) for c in services.history.recent(3)}
    assert fields == {
        ("Periodo", "2025-2027"),
        ("Ultimo aggiornamento", "01/09/2025"),
        ("Ente", "CMTo"),
    }
    # Based on what was read before the change: refused.
    with pytest.raises(StaleWriteError, match="ricarica"):
        services.structure.update_plan(read, {"title": "Altro"})
    with pytest.raises(ValidationError, match="Titolo del piano"):
        services.structure.update_plan(None, {"title": ""})


# --- stale writes ----------------------------------------------------------------------


@pytest.fixture
def second(db_path: Path, services: Services) -> Iterator[Services]:
    other = open_database(db_path)
    yield Services(other, EditContext(user="Collega", source="test"))
    other.close()


def test_stale_structural_writes_refused(services: Services, second: Services) -> None:
    action = services.actions.get_by_code("1.1.1")
    sid = strategy_id(services, "1.2")
    # Someone else renumbers 1.1 meanwhile (1.1.1 becomes 1.1.3).
    theirs = second.actions.get_by_code("1.1.1")
    second.structure.move_action(theirs.id, theirs.version, strategy_id(second, "1.1"))
    before = services.history.count()
    with pytest.raises(StaleWriteError, match=r"L'azione 1\.1\.3"):
        services.structure.move_action(action.id, action.version, sid)
    with pytest.raises(StaleWriteError):
        services.structure.delete_action(action.id, action.version, confirmed=True)
    # An editor holding a sibling renumbered by the move is refused too.
    sibling = services.actions.get_by_code("1.1.2")
    third = second.actions.get_by_code("1.1.2")
    second.structure.move_action(third.id, third.version, sid)
    with pytest.raises(StaleWriteError):
        services.actions.update(sibling.id, sibling.version, {"progress": 5})
    assert services.history.count() == before + 3  # the second move: strategy, 2 codes
    strategy = services.structure.node("strategia", sid)
    second.structure.update_strategy(sid, strategy.version, {"title": "Nuovo titolo"})
    with pytest.raises(StaleWriteError, match=r"La strategia 1\.2"):
        services.structure.update_strategy(sid, strategy.version, {"title": "Mio"})
    with pytest.raises(StaleWriteError):
        services.structure.delete_strategy(sid, strategy.version, with_actions=True)


# --- undo of a delete: restore -----------------------------------------------------------


def snapshot_of_plan(services: Services) -> object:
    """Codes, texts and everything attached to every action, for before/after comparisons."""
    details = [services.actions.get(r.id) for r in services.actions.list_actions()]
    return (
        [(a.number, a.title, a.description, a.linked_axes) for a in services.plan.axes()],
        [(s.code, s.title, s.description) for s in services.plan.strategies()],
        [
            (
                d.id,
                d.code,
                d.text,
                d.status,
                d.progress,
                d.sectors,
                d.zones,
                d.linked_axes,
                (d.cup, d.pnrr, d.dup_objective, d.sdgs, d.competence),
                [(x.stakeholder_name, x.role) for x in d.assignments],
                [(x.title, x.due_date, x.stakeholder_name) for x in d.deadlines],
            )
            for d in details
        ],
    )


@pytest.fixture
def busy(services: Services) -> Services:
    """The built-in plan with monitoring data on actions of strategies 1.2 and 1.3."""
    who = services.stakeholders.create("Comune di Susa", "ente_pubblico")
    for code in ("1.2.2", "1.3.1"):
        action = services.actions.get_by_code(code)
        services.actions.update(
            action.id,
            action.version,
            {
                "progress": 20,
                "zones": ["Torino"],
                "sectors": ["turismo"],
                "linked_axes": [2],
                "cup": "J81B19000000012",
                "pnrr": "M1C1 I1.1",
                "sdgs": [3, 11],
                "competence": "regia",
            },
        )
        services.assignments.assign(action.id, who.id, Role.LEAD)
        services.deadlines.add(
            action.id, f"Tappa {code}", dt.date(2026, 5, 4), stakeholder_id=who.id
        )
    return services


def test_restore_an_action(busy: Services) -> None:
    before = snapshot_of_plan(busy)
    action = busy.actions.get_by_code("1.2.2")
    history = len(busy.history.for_action(action.id))
    deleted = busy.structure.delete_action(action.id, action.version, confirmed=True)
    assert deleted.removed is not None
    assert busy.actions.get_by_code("1.2.2").id != action.id
    restored = busy.structure.restore(deleted.removed)
    assert restored.node is not None and restored.node.code == "1.2.2"
    assert {(c.old_code, c.new_code) for c in restored.code_changes} == {
        ("1.2.2", "1.2.3"),
        ("1.2.3", "1.2.4"),
        ("1.2.4", "1.2.5"),
        ("1.2.5", "1.2.6"),
    }
    assert snapshot_of_plan(busy) == before
    fields = [h.field for h in busy.history.for_action(action.id)]
    assert fields[0] == "ripristino" and len(fields) > history + 2  # its history is its own


def test_restore_a_strategy_with_its_actions(busy: Services) -> None:
    before = snapshot_of_plan(busy)
    sid = strategy_id(busy, "1.3")
    deleted = busy.structure.delete_strategy(sid, None, with_actions=True)
    assert list(codes(busy, 1)) == ["1.1", "1.2", "1.3", "1.4"]
    assert deleted.removed is not None
    busy.structure.restore(deleted.removed)
    assert snapshot_of_plan(busy) == before


def test_restore_an_axis(busy: Services) -> None:
    before = snapshot_of_plan(busy)
    axis = busy.plan.axis(1)
    deleted = busy.structure.delete_axis(axis.id, None, with_contents=True)
    assert [a.number for a in busy.plan.axes()] == [1, 2, 3, 4, 5]
    assert busy.actions.list_actions() == []
    assert deleted.removed is not None
    restored = busy.structure.restore(deleted.removed)
    assert restored.node is not None and restored.node.code == "1"
    assert snapshot_of_plan(busy) == before


def test_restore_refused_when_its_place_is_gone(busy: Services) -> None:
    action = busy.actions.get_by_code("1.2.2")
    deleted = busy.structure.delete_action(action.id, None, confirmed=True)
    busy.structure.delete_strategy(strategy_id(busy, "1.2"), None, with_actions=True)
    before = busy.history.count()
    assert deleted.removed is not None
    with pytest.raises(UserError, match=r"Non è possibile ripristinare l'azione 1\.2\.2"):
        busy.structure.restore(deleted.removed)
    assert busy.history.count() == before


def test_indicators_go_with_a_delete_and_come_back_with_the_restore(services: Services) -> None:
    from decimal import Decimal

    from sqlalchemy import select

    from psm_desktop.model import PeriodKind
    from psm_desktop.model.monitoring import Indicator
    from psm_desktop.services.monitoring.indicators import IndicatorData

    services.periods.add("Stato al 30/06/2025", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    on_action = services.indicators.create("1.3.2", IndicatorData(name="Imprese coinvolte"))
    on_strategy = services.indicators.create("1.3", IndicatorData(name="Filiere avviate"))
    services.indicators.set_value(on_action.id, "Stato al 30/06/2025", Decimal("12"))
    action = services.actions.get_by_code("1.3.2")

    summary = services.structure.preview_delete_action(action.id)
    assert summary.indicators == 1 and summary.needs_confirmation
    assert summary.contents() == "1 indicatore"
    assert services.structure.preview_delete_strategy(strategy_id(services, "1.3")).indicators == 2

    def indicators() -> object:
        found = services.indicators.for_action(action.id)
        return [(i.id, i.owner, i.data.name, i.values) for i in found]

    def strategy_indicators() -> set[int]:
        with services.db.reading() as session:
            return set(session.scalars(select(Indicator.id).where(Indicator.strategy_id == sid)))

    sid = strategy_id(services, "1.3")
    before = indicators()
    assert before and before[0][3] == (("Stato al 30/06/2025", "12"),)
    assert strategy_indicators() == {on_strategy.id}
    deleted = services.structure.delete_strategy(sid, None, with_actions=True)
    assert strategy_indicators() == set()
    assert deleted.removed is not None
    services.structure.restore(deleted.removed)
    assert indicators() == before
    assert strategy_indicators() == {on_strategy.id}
    restored = services.actions.get_by_code("1.3.2")
    assert restored.id == action.id


# --- many actions at once (imports) ----------------------------------------------------


def created_rows(services: Services, sid: int) -> tuple[object, ...]:
    """The strategy's actions and the change log, as both kinds of creation leave them."""
    tree = [s for a in services.plan.tree() for s in a.strategies if s.strategy.id == sid]
    rows = tuple((a.code, a.text, a.short_title) for a in tree[0].actions)
    log = tuple(
        (c.entity, c.entity_label, c.field, c.old_value, c.new_value, c.user, c.source)
        for c in sorted(services.history.recent(1000), key=lambda c: c.id)
    )
    return rows, log


def test_create_actions_in_bulk_is_many_single_creates(db_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copia.sqlite"
    copy.write_bytes(db_path.read_bytes())
    texts = [("Prima nuova azione", "Prima"), ("Seconda nuova azione", None), ("Terza", "")]
    results = []
    for path, bulk in ((db_path, True), (copy, False)):
        db = open_database(path)
        try:
            services = Services(db, EditContext(user="Tester", source="test"))
            sid = strategy_id(services, "1.2")
            structure = services.structure
            with db.transaction() as session:
                if bulk:
                    ids = structure.create_actions_in(session, sid, texts)
                else:
                    ids = [
                        structure.create_action_in(session, sid, text, None, title).node_id
                        for text, title in texts
                    ]
            codes_now = [services.structure.node("azione", i).code for i in ids]
            assert codes_now == ["1.2.7", "1.2.8", "1.2.9"]
            results.append(created_rows(services, sid))
        finally:
            db.close()
    assert results[0] == results[1]
    assert sum(entry[2] == "creazione" for entry in results[0][1]) == 3


def test_create_actions_in_bulk_checks_every_text(services: Services) -> None:
    sid = strategy_id(services, "1.2")
    before = codes(services, 1)
    with pytest.raises(ValidationError) as caught, services.db.transaction() as session:
        services.structure.create_actions_in(
            session, sid, [("", None), ("Buona", "x" * 1000)], where=["f.xlsx, riga 2", ""]
        )
    places = [p.where for p in caught.value.problems]
    assert places == ["f.xlsx, riga 2, Azione", "Titolo breve"]
    assert codes(services, 1) == before
