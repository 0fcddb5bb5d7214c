"""Importing an axis text: into an empty plan it gives the built-in Axis 1; again, nothing."""

from __future__ import annotations

import datetime as dt
import re
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


def renumbered_text() -> str:
    """A yearly update: 1.2.2 dropped and the next ones renumbered, 1.2.4 reworded a little,
    1.1.3 moved to the top of strategy 1.3."""
    lines = seed_text().splitlines()
    out: list[str] = []
    moved = ""
    for line in lines:
        match = re.match(r"^(\s*• Azione )(\d)\.(\d)\.(\d) - (.*)$", line)
        if match is None:
            out.append(line)
            if line.startswith("Sviluppare filiere produttive"):  # strategy 1.3's description
                out += ["", f"  • Azione 1.3.1 - {moved}"]
            continue
        bullet, a, s, k, text = match.groups()
        code = (int(a), int(s), int(k))
        if code == (1, 1, 3):
            moved = text
            continue
        if code == (1, 2, 2):
            continue
        if code[:2] == (1, 2) and code[2] > 2:
            code = (1, 2, code[2] - 1)
        if code[:2] == (1, 3):
            code = (1, 3, code[2] + 1)
        if code == (1, 2, 3):  # the old 1.2.4, reworded
            text = text.replace("Favorire la cooperazione", "Sostenere la cooperazione")
        out.append(f"{bullet}{'.'.join(map(str, code))} - {text}")
    return "\n".join(out)


def test_renumbered_and_moved_actions_keep_their_monitoring_data(
    services: Services, tmp_path: Path
) -> None:
    ids = services.actions.id_by_code()
    for code, progress in (("1.2.3", 23), ("1.2.4", 24), ("1.1.3", 13), ("1.3.1", 31)):
        action = services.actions.get(ids[code])
        services.actions.update(action.id, action.version, {"progress": progress})
    path = tmp_path / "asse-1-2025.txt"
    path.write_text(renumbered_text(), encoding="utf-8")

    preview = prepare_text_import(services, path)
    assert [i.code for i in preview.new] == []
    assert [(i.code, i.entity_id) for i in preview.missing] == [("1.2.2", ids["1.2.2"])]
    changed = {i.entity_id: {f.label: (f.old, f.new) for f in i.fields} for i in preview.changed}
    assert changed[ids["1.2.3"]] == {"Codice": ("1.2.3", "1.2.2")}
    assert changed[ids["1.2.4"]]["Codice"] == ("1.2.4", "1.2.3")
    assert "Testo" in changed[ids["1.2.4"]]  # reworded, still recognised
    assert changed[ids["1.1.3"]] == {"Codice": ("1.1.3", "1.3.1")}
    assert changed[ids["1.3.1"]] == {"Codice": ("1.3.1", "1.3.2")}
    assert "  Azione 1.3.1\n      Codice: 1.1.3 → 1.3.1\n" in "\n".join(preview_lines(preview))

    apply_text_import(services, preview, apply_removals=True)
    after = {r.code: r for r in services.actions.list_actions()}
    assert (after["1.2.2"].id, after["1.2.2"].progress) == (ids["1.2.3"], 23)
    assert (after["1.2.3"].id, after["1.2.3"].progress) == (ids["1.2.4"], 24)
    assert after["1.2.3"].text.startswith("Sostenere la cooperazione")
    assert (after["1.3.1"].id, after["1.3.1"].progress) == (ids["1.1.3"], 13)
    assert (after["1.3.2"].id, after["1.3.2"].progress) == (ids["1.3.1"], 31)
    assert ids["1.2.2"] not in {r.id for r in after.values()}
    assert sorted(after) == sorted(
        f"1.{s}.{k}" for s, n in ((1, 2), (2, 5), (3, 5), (4, 4), (5, 7)) for k in range(1, n + 1)
    )
    history = {
        (h.field, h.old_value, h.new_value) for h in services.history.for_action(ids["1.1.3"])
    }
    assert {("Strategia", "1.1", "1.3"), ("Codice", "1.1.3", "1.3.1")} <= history
    assert prepare_text_import(services, path).is_noop
