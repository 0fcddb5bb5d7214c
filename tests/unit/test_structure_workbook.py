"""The structure workbook: export, read back, preview, apply (issue 10, points 4 and 9)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest

from psm_desktop.errors import UserError, ValidationError
from psm_desktop.exchange.structure import (
    apply_structure_import,
    export_structure,
    prepare_structure_import,
    structure_lines,
)
from psm_desktop.exchange.structure.layout import ACTIONS_SHEET
from psm_desktop.exchange.tracker.safety import TrackerFileError
from psm_desktop.model import Status
from psm_desktop.services import Services
from psm_desktop.storage import open_database
from tests.structurekit import LIBREOFFICE, adopt_identity, prepare_plan, row_of, set_cell


@pytest.fixture
def services(db_path: Path) -> Services:
    db = open_database(db_path, auto_backup=False)
    yield Services(db)  # type: ignore[misc]
    db.close()


@pytest.fixture
def exported(services: Services, tmp_path: Path) -> Path:
    prepare_plan(services)
    path = tmp_path / "struttura.xlsx"
    export_structure(services, path)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def headers(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [c.value for c in ws[1]]


def test_export_is_a_readable_workbook(exported: Path) -> None:
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == ["Piano", "Assi", "Strategie", "Azioni", "Collegamenti", "Istruzioni"]
    actions = wb["Azioni"]
    assert headers(actions) == [
        "ID", "Codice", "Testo dell'azione", "Titolo breve",
        "CUP", "Misura PNRR", "Obiettivo DUP", "Obiettivi Agenda 2030", "Competenza",
    ]  # fmt: skip
    assert actions.freeze_panes == "C2" and wb["Assi"].freeze_panes == "B2"
    assert actions.column_dimensions["C"].width == 100
    strategies = wb["Strategie"]
    row = row_of(strategies, "Codice", "2.10")  # not the number 2.1
    code = strategies.cell(row, 2)
    assert (code.value, code.data_type, code.number_format) == ("2.10", "s", "@")
    # The empty rows below keep typed codes as text too.
    assert strategies.cell(strategies.max_row, 2).number_format == "@"
    formula_like = actions.cell(row_of(actions, "Codice", "1.1.1"), 4)
    assert formula_like.value == "=SOMMA(A1) resta testo" and formula_like.data_type == "s"
    plan = {r[0]: r[1] for r in wb["Piano"].iter_rows(min_row=2, values_only=True)}
    assert plan["Titolo del piano"] == "Piano Strategico Metropolitano 2024-2026"
    assert plan["Ultimo aggiornamento"] == dt.datetime(2024, 8, 30)
    links = list(wb["Collegamenti"].iter_rows(min_row=2, values_only=True))
    assert ("1", "3", "Infrastrutture digitali e mobilità") in links
    assert "Come" not in str(wb["Istruzioni"]["A1"].value)
    assert "Il codice decide il posto" in " ".join(
        str(c.value) for c in wb["Istruzioni"]["A"] if c.value
    )


def test_export_then_import_is_a_no_op(services: Services, exported: Path, db_path: Path) -> None:
    before = sha(db_path)
    preview = prepare_structure_import(services, exported)
    assert preview.is_noop, structure_lines(preview)
    assert "Nessuna differenza" in "\n".join(structure_lines(preview))
    assert sha(db_path) == before


@pytest.mark.parametrize("same_database", [False, True])
def test_a_libreoffice_resave_imports_as_a_no_op(db_path: Path, same_database: bool) -> None:
    """The fixture was exported and re-saved by real LibreOffice (make_structure_workbooks)."""
    if same_database:  # matched by the ID column; otherwise by code and wording
        adopt_identity(db_path, LIBREOFFICE)
    db = open_database(db_path, auto_backup=False)
    try:
        services = Services(db)
        prepare_plan(services)
        preview = prepare_structure_import(services, LIBREOFFICE)
        assert preview.is_noop, structure_lines(preview)
        assert (services.db.database_id in preview.structure.database_id) is same_database
    finally:
        db.close()


def edit(path: Path, target: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[ACTIONS_SHEET]
    text = ws.cell(row_of(ws, "Codice", "1.1.1"), 3)
    text.value = text.value.replace("in particolare", "soprattutto")
    set_cell(ws, "1.1.2", "Codice", "1.2.9")  # moved to the end of strategy 1.2
    set_cell(ws, "1.4.1", "Codice", "3.1.1")  # moved to another axis (a new strategy 3.1)
    set_cell(ws, "1.3.1", "Titolo breve", "Scuole digitali")
    new = ws.max_row + 1
    ws.cell(new, 2).value = "1.3.1"  # the same number as the first: placed after it
    ws.cell(new, 3).value = "Una nuova azione di prova"
    ws.delete_rows(row_of(ws, "Codice", "1.5.7"))
    strategies = wb["Strategie"]
    strategies.append([None, "3.1", "Una strategia nuova", ""])
    links = wb["Collegamenti"]
    links.cell(2, 3).value = "Nota cambiata"
    wb.save(target)


def test_edited_workbook_previews_and_applies(
    services: Services, exported: Path, tmp_path: Path
) -> None:
    moved = services.actions.get_by_code("1.1.2")
    services.actions.update(moved.id, None, {"status": Status.IN_PROGRESS, "progress": 40})
    stakeholder = services.stakeholders.search()[0]
    services.assignments.assign(moved.id, stakeholder.id, "capofila")
    services.deadlines.add(moved.id, "Collaudo", dt.date(2026, 5, 1))
    other_axis = services.actions.get_by_code("1.4.1")
    edited = tmp_path / "modificata.xlsx"
    edit(exported, edited)

    preview = prepare_structure_import(services, edited)
    lines = "\n".join(structure_lines(preview))
    new = {i.heading for i in preview.new}
    assert new == {"Azione 1.3.2", "Strategia 3.1"}
    changed = {i.heading: i for i in preview.changed}
    assert [(f.label, f.old, f.new) for f in changed["Azione 1.2.7"].fields] == [
        ("Codice", "1.1.2", "1.2.7")
    ]
    assert [(f.old, f.new) for f in changed["Azione 3.1.1"].fields] == [("1.4.1", "3.1.1")]
    assert "Testo: " in lines and "[-in particolare-]{+soprattutto+}" in lines
    assert "Titolo breve: {+Scuole digitali+}" in lines
    assert "Collegamento 1 → 3" in changed
    assert [i.heading for i in preview.missing] == ["Azione 1.5.7"]
    assert "Riepilogo:" in lines and "1 mancante nel file" in lines

    result = apply_structure_import(services, preview, apply_removals=False)
    assert (result.created, result.kept, result.removed) == (2, 1, 0)
    after = services.actions.get(moved.id)
    assert (after.code, after.status, after.progress) == ("1.2.7", Status.IN_PROGRESS, 40)
    assert [a.stakeholder_name for a in after.assignments] == [stakeholder.name]
    assert [d.title for d in after.deadlines] == ["Collaudo"]
    assert services.actions.get(other_axis.id).code == "3.1.1"
    assert services.actions.get_by_code("1.3.2").text == "Una nuova azione di prova"
    assert services.actions.get_by_code("1.3.1").short_title == "Scuole digitali"
    assert services.actions.get_by_code("1.5.7")  # kept: removal not confirmed
    history = services.history.for_action(moved.id)
    assert any(h.old_value == "1.1.2" and h.new_value == "1.2.7" for h in history)
    assert {h.source for h in history if h.new_value == "1.2.7"} == {
        "importazione: modificata.xlsx"
    }

    again = prepare_structure_import(services, edited)
    assert [i.heading for i in again.items] == ["Azione 1.5.7"]  # only the kept one
    apply_structure_import(services, again, apply_removals=True)
    assert prepare_structure_import(services, edited).is_noop
    with pytest.raises(UserError):
        services.actions.get_by_code("1.5.7")


def test_a_plan_changed_after_the_preview_writes_nothing(
    services: Services, exported: Path, tmp_path: Path, db_path: Path
) -> None:
    edited = tmp_path / "modificata.xlsx"
    edit(exported, edited)
    preview = prepare_structure_import(services, edited)
    action = services.actions.get_by_code("1.1.1")
    services.actions.update(action.id, None, {"text": "Riscritta da un collega"})
    before = sha(db_path)
    with pytest.raises(UserError, match="modificato dopo l'anteprima"):
        apply_structure_import(services, preview, apply_removals=True)
    assert sha(db_path) == before


def test_errors_are_located_and_all_reported_at_once(
    services: Services, exported: Path, tmp_path: Path, db_path: Path
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[ACTIONS_SHEET]
    rows = {code: row_of(ws, "Codice", code) for code in ("1.1.2", "1.1.3", "1.2.1", "1.2.2")}
    rows["1.3.1"] = row_of(ws, "Codice", "1.3.1")
    ws.cell(rows["1.1.2"], 2).value = 1.2  # a code typed as a number
    ws.cell(rows["1.1.3"], 1).value = ws.cell(2, 1).value  # an ID copied from row 2
    ws.cell(rows["1.2.1"], 3).value = "=A1&B1"  # a formula
    ws.cell(rows["1.2.2"], 2).value = "1.9.1"  # no such strategy
    ws.cell(rows["1.3.1"], 3).value = None  # no text
    wb["Strategie"].cell(2, 3).value = ""  # a strategy without a title
    wb["Collegamenti"].cell(3, 2).value = wb["Collegamenti"].cell(3, 1).value
    bad = tmp_path / "sbagliata.xlsx"
    wb.save(bad)
    before = sha(db_path)
    with pytest.raises(ValidationError) as caught:
        prepare_structure_import(services, bad)
    where = "sbagliata.xlsx, foglio"
    text = "colonna Testo dell'azione"
    assert [str(p) for p in caught.value.problems] == [
        f"{where} Strategie, riga 2, colonna Titolo: manca il testo",
        f"{where} Azioni, riga {rows['1.1.2']}, colonna Codice: il codice è scritto come numero "
        "(1.2): scrivilo come testo «N.M.K» (un numero come 1.10 diventerebbe 1,1)",
        f"{where} Azioni, riga {rows['1.1.3']}, colonna ID: ID 1 ripetuto (già alla riga 2)",
        f"{where} Azioni, riga {rows['1.2.1']}, {text}: contiene una formula: scrivi il valore "
        "come testo",
        f"{where} Azioni, riga {rows['1.2.2']}, colonna Codice: la strategia 1.9 non è nel "
        "foglio Strategie",
        f"{where} Azioni, riga {rows['1.3.1']}, {text}: manca il testo",
        f"{where} Collegamenti, riga 3, colonna Asse collegato: l'asse 2 collegato con sé stesso",
    ]
    assert "Traceback" not in caught.value.message and "Error" not in caught.value.message
    assert sha(db_path) == before


def test_a_renamed_header_is_one_problem_not_one_per_row(
    services: Services, exported: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(exported)
    wb["Assi"].cell(1, 1).value = "Numero"
    wb.save(tmp_path / "intestazione.xlsx")
    with pytest.raises(ValidationError) as caught:
        prepare_structure_import(services, tmp_path / "intestazione.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "intestazione.xlsx, foglio Assi, riga 1: manca la colonna «Asse» (non rinominare le "
        "intestazioni)"
    ]


def test_files_that_are_not_workbooks_are_refused_like_trackers(
    services: Services, tmp_path: Path
) -> None:
    csv = tmp_path / "struttura.xlsx"
    csv.write_text("Codice;Testo\n1.1.1;Azione\n", encoding="utf-8")
    with pytest.raises(TrackerFileError, match="CSV"):
        prepare_structure_import(services, csv)


def test_office_fields_round_trip_and_an_absent_column_changes_nothing(
    services: Services, tmp_path: Path
) -> None:
    action = services.actions.get_by_code("1.1.1")
    services.actions.update(
        action.id,
        None,
        {"cup": "J81B19000000012", "pnrr": "M1C1 I1.1", "sdgs": [3, 11], "competence": "regia"},
    )
    path = tmp_path / "struttura.xlsx"
    export_structure(services, path)
    ws = openpyxl.load_workbook(path)[ACTIONS_SHEET]
    row = row_of(ws, "Codice", "1.1.1")
    assert [c.value for c in ws[row]][4:] == [
        "J81B19000000012",
        "M1C1 I1.1",
        None,
        "3, 11",
        "Regia",
    ]
    assert prepare_structure_import(services, path).is_noop

    wb = openpyxl.load_workbook(path)
    ws = wb[ACTIONS_SHEET]
    set_cell(ws, "1.1.1", "Obiettivi Agenda 2030", "3, 11, 13")
    set_cell(ws, "1.1.1", "Competenza", None)
    set_cell(ws, "1.1.2", "CUP", "c12d 2000 0000 001")
    set_cell(ws, "1.1.2", "Misura PNRR", "M2 C4 - I 2.2")
    wb.save(tmp_path / "modificata.xlsx")
    preview = prepare_structure_import(services, tmp_path / "modificata.xlsx")
    apply_structure_import(services, preview, apply_removals=False)
    first, second = services.actions.get_by_code("1.1.1"), services.actions.get_by_code("1.1.2")
    assert (first.sdgs, first.competence, first.cup) == ({3, 11, 13}, None, "J81B19000000012")
    assert (second.cup, second.pnrr) == ("C12D20000000001", "M2C4 I2.2")

    for header in ("CUP", "Misura PNRR", "Obiettivo DUP", "Obiettivi Agenda 2030", "Competenza"):
        ws.delete_cols(next(c.column for c in ws[1] if c.value == header))
    wb.save(tmp_path / "senza-colonne.xlsx")
    preview = prepare_structure_import(services, tmp_path / "senza-colonne.xlsx")
    assert preview.is_noop, structure_lines(preview)  # the fields are left as they are

    wrong = openpyxl.load_workbook(tmp_path / "modificata.xlsx")
    set_cell(wrong[ACTIONS_SHEET], "1.2.1", "CUP", "ABC")
    wrong.save(tmp_path / "sbagliata.xlsx")
    with pytest.raises(ValidationError) as caught:
        apply_structure_import(
            services,
            prepare_structure_import(services, tmp_path / "sbagliata.xlsx"),
            apply_removals=False,
        )
    (problem,) = caught.value.problems
    assert "foglio Azioni, riga" in problem.where and problem.where.endswith("colonna CUP")
    assert problem.message.startswith("Il CUP deve avere 15 caratteri")
