"""Importing an axis text: into an empty plan it gives the built-in Axis 1; again, nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from psm_desktop.errors import UserError
from psm_desktop.exchange.plan_text import (
    ItemStatus,
    apply_text_import,
    prepare_text_import,
    preview_lines,
)
from psm_desktop.model import Role
from psm_desktop.services import EditContext, Services
from psm_desktop.storage.new_plan import create_empty_plan
from tests.plantext import FIXTURE, mangled, seed_text


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Services]:
    db = create_empty_plan(
        tmp_path / "vuoto.sqlite",
        title="Piano Strategico Metropolitano 2024-2026",
        issuer="Città metropolitana di Torino",
        period="2024-2026",
    )
    yield Services(db, EditContext(user="Tester", source="test"))
    db.close()


def outline(services: Services, number: int = 1) -> object:
    """Everything of an axis the text states: codes, titles, texts, descriptions."""
    axis = services.structure.axis_outline(number)
    assert axis is not None
    return (
        axis.node.code,
        axis.node.title,
        axis.node.description,
        [
            (
                s.node.code,
                s.node.title,
                s.node.description,
                [(a.code, a.title, a.position) for a in s.actions],
            )
            for s in axis.strategies
        ],
    )


def import_file(services: Services, path: Path, *, removals: bool = False) -> object:
    preview = prepare_text_import(services, path)
    apply_text_import(services, preview, apply_removals=removals)
    return preview


def test_empty_plan(empty: Services) -> None:
    plan = empty.plan.plan()
    assert (plan.title, plan.issuer, plan.period, plan.updated_on) == (
        "Piano Strategico Metropolitano 2024-2026",
        "Città metropolitana di Torino",
        "2024-2026",
        None,
    )
    assert empty.plan.axes() == [] and empty.actions.list_actions() == []


def test_seed_text_into_an_empty_plan_gives_the_built_in_axis(
    empty: Services, services: Services
) -> None:
    preview = prepare_text_import(empty, FIXTURE)
    assert [len(preview.of(s)) for s in ItemStatus] == [1 + 5 + 24, 0, 0]
    assert preview.updated_on == (None, dt.date(2024, 8, 30))
    result = apply_text_import(empty, preview, apply_removals=False)
    assert (result.created, result.kept) == (30, 0)
    assert outline(empty) == outline(services)  # `services` holds the built-in plan
    assert empty.plan.plan().updated_on == dt.date(2024, 8, 30)
    sources = {c.source for c in empty.history.recent(1000)}
    assert sources == {"importazione: psm-2024-2026-asse-1.txt"}
    # Again: nothing to do, nothing written.
    before = empty.history.count()
    again = prepare_text_import(empty, FIXTURE)
    assert again.is_noop and again.items == ()
    apply_text_import(empty, again, apply_removals=True)
    assert empty.history.count() == before
    assert outline(empty) == outline(services)


def test_seed_text_onto_the_built_in_plan_is_a_no_op(services: Services) -> None:
    preview = prepare_text_import(services, FIXTURE)
    assert preview.is_noop
    assert preview_lines(preview)[-1] == "Nessuna differenza: il piano contiene già questo testo."


def test_mangled_copy_into_an_empty_plan(
    empty: Services, services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "asse1.txt"
    path.write_bytes(mangled(seed_text()))
    import_file(empty, path)
    assert outline(empty) == outline(services)
    assert empty.plan.plan().updated_on == dt.date(2024, 8, 30)
    assert prepare_text_import(empty, FIXTURE).is_noop
    assert prepare_text_import(empty, path).is_noop


def edited_text() -> str:
    """The seed as a yearly update might change it: a reworded action, one gone, one new."""
    text = seed_text().replace(
        "Creare una piaffaforma di public procurement unificata",
        "Creare una piattaforma di public procurement unificata",
    )
    lines = [ln for ln in text.splitlines() if "Azione 1.5.7" not in ln]
    end = lines.index("Ultimo aggiornamento: 30 agosto 2024")
    lines[end:end] = [
        "Strategia 1.6 - Una strategia nuova",
        "",
        "La sua descrizione.",
        "",
        "  • Azione 1.6.1 - La prima azione della strategia nuova",
        "",
    ]
    lines[end + 6] = "Ultimo aggiornamento: 15 gennaio 2025"
    return "\n".join(lines)


def test_update_keeps_monitoring_data_and_asks_before_removing(
    services: Services, tmp_path: Path
) -> None:
    reworded = services.actions.get_by_code("1.4.4")
    services.actions.update(reworded.id, reworded.version, {"status": "in_corso", "progress": 30})
    who = services.stakeholders.create("Comune di Chieri", "ente_pubblico")
    services.assignments.assign(reworded.id, who.id, Role.LEAD)
    services.deadlines.add(reworded.id, "Bando", dt.date(2026, 2, 1))
    gone = services.actions.get_by_code("1.5.7")
    path = tmp_path / "asse-1-2025.txt"
    path.write_text(edited_text(), encoding="utf-8")

    preview = prepare_text_import(services, path)
    assert [(i.entity, i.code) for i in preview.new] == [("strategia", "1.6"), ("azione", "1.6.1")]
    assert [(i.entity, i.code) for i in preview.missing] == [("azione", "1.5.7")]
    (changed,) = preview.changed
    assert (changed.entity, changed.code, changed.entity_id) == ("azione", "1.4.4", reworded.id)
    assert [(r.op, r.text) for r in changed.fields[0].words if r.op != "="] == [
        ("-", "piaffaforma"),
        ("+", "piattaforma"),
    ]
    assert preview.updated_on == (dt.date(2024, 8, 30), dt.date(2025, 1, 15))
    lines = preview_lines(preview, removals_hint="(non eliminate)")
    assert "      Testo: Creare una [-piaffaforma-]{+piattaforma+} di public procurement" in (
        "\n".join(lines)
    )
    assert "Mancanti nel testo (1) (non eliminate):" in lines
    assert "  Azione 1.4.4" in lines  # a changed item: its differences, not its text again
    assert lines[-1] == "Riepilogo: 2 nuovi, 1 modificato, 1 mancante nel testo."

    result = apply_text_import(services, preview, apply_removals=False)
    assert (result.created, result.updated, result.removed, result.kept) == (2, 1, 0, 1)
    after = services.actions.get(reworded.id)
    assert after.text.startswith("Creare una piattaforma")
    assert (after.status.value, after.progress, after.lead, len(after.deadlines)) == (
        "in_corso",
        30,
        "Comune di Chieri",
        1,
    )
    history = services.history.for_action(reworded.id)
    assert (history[0].field, history[0].source) == ("Azione", "importazione: asse-1-2025.txt")
    assert services.actions.get(gone.id).code == "1.5.7"  # kept: removal not confirmed
    assert services.actions.get_by_code("1.6.1").strategy_title == "Una strategia nuova"
    assert services.plan.plan().updated_on == dt.date(2025, 1, 15)

    # Now confirmed: the missing action goes, and the text is all there is to import.
    preview = prepare_text_import(services, path)
    assert [i.code for i in preview.items] == ["1.5.7"]
    apply_text_import(services, preview, apply_removals=True)
    assert [a.code for a in services.plan.tree()[0].strategies[4].actions][-1] == "1.5.6"
    assert prepare_text_import(services, path).is_noop


def test_missing_strategy_removed_with_its_actions(services: Services, tmp_path: Path) -> None:
    lines = seed_text().splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Strategia 1.5"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("Ultimo aggiornamento"))
    path = tmp_path / "senza-1.5.txt"
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    preview = prepare_text_import(services, path)
    assert [i.code for i in preview.missing] == ["1.5", *[f"1.5.{k}" for k in range(1, 8)]]
    apply_text_import(services, preview, apply_removals=True)
    assert [s.code for s in services.plan.strategies(1)] == ["1.1", "1.2", "1.3", "1.4"]
    assert len(services.actions.list_actions()) == 17


def test_plan_changed_after_the_preview(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "asse.txt"
    path.write_text(edited_text(), encoding="utf-8")
    preview = prepare_text_import(services, path)
    action = services.actions.get_by_code("1.4.4")
    services.actions.update(action.id, action.version, {"text": "Un'altra formulazione"})
    before = services.history.count()
    with pytest.raises(UserError, match="modificato dopo l'anteprima"):
        apply_text_import(services, preview, apply_removals=True)
    assert services.history.count() == before
    assert services.actions.id_by_code().get("1.6.1") is None
    assert [s.code for s in services.plan.strategies(1)][-1] == "1.5"


def test_an_axis_other_than_the_first_into_the_built_in_plan(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "asse-2.txt"
    path.write_text(
        "Asse 2 - Torino metropoli più verde ed ecologica\n\nDescrizione dell'asse.\n\n"
        "Strategia 2.1 - Acqua\n\nTutela delle acque.\n\n• Azione 2.1.1 - Ridurre le perdite\n"
        "• Azione 2.1.2 – Riusare le acque grigie\n",
        encoding="utf-8",
    )
    preview = prepare_text_import(services, path)
    assert [(i.entity, i.status) for i in preview.items] == [
        ("asse", ItemStatus.CHANGED),
        ("strategia", ItemStatus.NEW),
        ("azione", ItemStatus.NEW),
        ("azione", ItemStatus.NEW),
    ]
    assert preview.updated_on is None  # the text does not say it
    apply_text_import(services, preview, apply_removals=False)
    assert services.plan.axis(2).description == "Descrizione dell'asse."
    assert services.actions.get_by_code("2.1.2").text == "Riusare le acque grigie"
