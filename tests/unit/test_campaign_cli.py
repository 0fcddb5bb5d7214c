"""`psm-desktop campaign ...` and `export-ics`: a campaign run from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import trackerkit
from clirun import run_cli
from icalendar import Calendar
from trackerkit import edit, set_cell

state_db = trackerkit.state_db_fixture


def test_a_campaign_from_new_to_validated(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", state_db)
    assert (
        run_cli(capsys, "period", "add", *db, "--name", "2025-S1", "--date", "2025-06-30")[0] == 0
    )
    code, out, _ = run_cli(
        capsys, "campaign", "new", *db, "--name", "Primavera", "--due", "2025-07-31",
        "--stakeholder", "Comune di Pinerolo",
    )  # fmt: skip
    assert code == 0 and "1 ufficio" in out
    code, out, _ = run_cli(capsys, "campaign", "list", *db, "--json")
    assert [(c["name"], c["offices"], c["state"]) for c in json.loads(out)] == [
        ("Primavera", 1, "aperta")
    ]
    code, out, _ = run_cli(capsys, "campaign", "export", *db, "Primavera", "-o", tmp_path / "out")
    assert code == 0 and "Comune di Pinerolo" in out  # listed: it has no e-mail
    sent = tmp_path / "out" / "2025-S1 - Comune di Pinerolo.xlsx"

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 55)

    back = tmp_path / "back"
    back.mkdir()
    edit(sent, back / "pinerolo.xlsx", change)
    (back / "rotto.xlsx").write_bytes(b"niente")
    code, out, _ = run_cli(capsys, "campaign", "import", *db, "Primavera", back)
    assert code == 1  # one file refused, the good one recorded
    assert "pinerolo.xlsx: Comune di Pinerolo, 1 proposta registrata" in out
    assert "rotto.xlsx: Il file rotto.xlsx non è una cartella di lavoro Excel" in out

    code, out, _ = run_cli(capsys, "campaign", "review", *db, "Primavera")
    assert code == 0 and "«40%» → «55%»" in out
    code, out, _ = run_cli(capsys, "campaign", "review", *db, "Primavera", "--accept-all")
    assert code == 0 and "1 proposta accettata" in out
    code, out, _ = run_cli(capsys, "campaign", "status", *db, "Primavera", "--json")
    (row,) = json.loads(out)
    assert row["office"] == "Comune di Pinerolo" and row["state"] == "validato"
    assert row["file"] == "pinerolo.xlsx" and row["accepted"] == 1
    database, services = trackerkit.services_of(state_db)
    try:
        assert services.actions.get_by_code("1.1.1").progress == 55
    finally:
        database.close()


def test_export_ics_of_one_stakeholder(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "scadenze.ics"
    code, out, _ = run_cli(
        capsys, "export-ics", "--db", state_db, "-o", target, "--stakeholder", "Comune di Pinerolo"
    )
    assert code == 0 and "1 scadenza" in out
    cal = Calendar.from_ical(target.read_bytes())
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == [
        "Scadenza: Progetto esecutivo (azione 1.1.1)"
    ]
    code, _, err = run_cli(
        capsys, "export-ics", "--db", state_db, "-o", target, "--stakeholder", "X"
    )
    assert code != 0 and "«X» non esiste" in err


def test_review_shows_a_new_stakeholder_and_a_deletion_against_an_edit(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", state_db)
    run_cli(capsys, "period", "add", *db, "--name", "2025-S1", "--date", "2025-06-30")
    run_cli(capsys, "campaign", "new", *db, "--name", "Primavera", "--due", "2025-07-31")
    run_cli(capsys, "campaign", "export", *db, "Primavera", "-o", tmp_path / "out")
    sent = tmp_path / "out" / "2025-S1 - {}.xlsx"
    back = tmp_path / "back"
    back.mkdir()

    def pinerolo(wb: Any) -> None:
        row = {"Codice azione": "1.1.1", "Soggetto": "Unione Val Pellice", "Ruolo": "coinvolto"}
        trackerkit.append_row(wb, "Assegnazioni", row)
        trackerkit.delete_row(wb, "Scadenze", "Scadenza", "Progetto esecutivo")

    def ivrea(wb: Any) -> None:
        set_cell(wb, "Scadenze", "Scadenza", "Progetto esecutivo", "Note", "rinviato")
        row = {"Codice azione": "1.1.1", "Soggetto": "unione val pellice", "Ruolo": "coinvolto"}
        trackerkit.append_row(wb, "Assegnazioni", row)  # the same new row: they agree

    edit(Path(str(sent).format("Comune di Pinerolo")), back / "p.xlsx", pinerolo)
    edit(Path(str(sent).format("Comune di Ivrea")), back / "i.xlsx", ivrea)
    code, out, _ = run_cli(capsys, "campaign", "import", *db, "Primavera", back)
    assert code == 0 and "Avviso" not in out

    code, out, _ = run_cli(capsys, "campaign", "review", *db, "Primavera")
    assert code == 0
    assert "nuovo soggetto «Unione Val Pellice», sarà aggiunto all'anagrafica" in out
    assert "Conflitti tra uffici: 1" in out
    clash = out.split("Conflitti tra uffici: 1")[1]
    assert "Comune di Pinerolo: Scadenza tolta «(da togliere)»" in clash
    assert "Comune di Ivrea: Note «rinviato»" in clash
    code, _, err = run_cli(capsys, "campaign", "review", *db, "Primavera", "--accept-all")
    assert code != 0 and "conflitt" in err

    new = next(line for line in out.splitlines() if "Nuova assegnazione" in line)
    number = new.split("[")[1].split("]")[0]
    code, out, _ = run_cli(capsys, "campaign", "review", *db, "Primavera", "--accept", number)
    assert code == 0 and "1 proposta accettata" in out
    assert "Comune di Ivrea, assegnazione 1.1.1 — " in out  # Ivrea's identical row
    assert "nulla da fare: la stessa proposta di Comune di Pinerolo è accettata" in out
    database, services = trackerkit.services_of(state_db)
    try:
        created = services.stakeholders.find_by_name("Unione Val Pellice")
        assert created is not None and created.kind.value == "altro"
    finally:
        database.close()


def test_accepting_or_rejecting_a_number_not_pending_says_so_and_writes_nothing(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped number, or one already decided, was silently skipped ("0 proposte")."""
    db = ("--db", state_db)
    run_cli(capsys, "period", "add", *db, "--name", "2025-S1", "--date", "2025-06-30")
    run_cli(capsys, "campaign", "new", *db, "--name", "Primavera", "--due", "2025-07-31")
    run_cli(capsys, "campaign", "export", *db, "Primavera", "-o", tmp_path / "out")
    back = tmp_path / "back"
    back.mkdir()

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 55)
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Note", "in corso d'opera")

    edit(tmp_path / "out" / "2025-S1 - Comune di Pinerolo.xlsx", back / "p.xlsx", change)
    run_cli(capsys, "campaign", "import", *db, "Primavera", back)
    _, out, _ = run_cli(capsys, "campaign", "status", *db, "Primavera", "--json")
    first, second = sorted(
        int(line.split("[")[1].split("]")[0])
        for line in run_cli(capsys, "campaign", "review", *db, "Primavera")[1].splitlines()
        if line.strip().startswith("[")
    )
    assert run_cli(capsys, "campaign", "review", *db, "Primavera", "--accept", str(first))[0] == 0
    before = trackerkit.dump(state_db)

    code, _, err = run_cli(
        capsys, "campaign", "review", *db, "Primavera", "--accept", str(second), "999"
    )
    assert code != 0 and "n. 999" in err and "non esiste" in err
    code, _, err = run_cli(capsys, "campaign", "review", *db, "Primavera", "--reject", str(first))
    assert code != 0 and f"n. {first}" in err and "già accettata" in err
    assert trackerkit.dump(state_db) == before  # nothing written, the second still pending
    code, out, _ = run_cli(capsys, "campaign", "review", *db, "Primavera", "--accept", str(second))
    assert code == 0 and "1 proposta accettata" in out
