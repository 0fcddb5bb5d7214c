"""`export-tracker` and `import-tracker` from the command line: output, exit codes, no writes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from trackerkit import edit, set_cell

from psm_desktop.cli import main

state_db = trackerkit.state_db_fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_scopes(state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export-tracker", "--db", state_db, "-o", tmp_path / "t.xlsx")
    assert code == 0 and "Esportato" in out and "Tutto il piano" in out
    code, out, _ = run(
        capsys, "export-tracker", "--db", state_db, "-o", tmp_path / "a.xlsx", "--axis", "1"
    )
    assert code == 0 and "Asse 1" in out
    code, out, _ = run(
        capsys,
        "export-tracker",
        "--db",
        state_db,
        "-o",
        tmp_path / "s.xlsx",
        "--stakeholder",
        "Comune di Ivrea",
    )
    assert code == 0 and "2 azioni" in out
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True)["Azioni"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]] == ["1.1.1", "1.1.2"]
    code, _, err = run(
        capsys, "export-tracker", "--db", state_db, "-o", tmp_path / "x.xlsx", "--strategy", "9.9"
    )
    assert code == 2 and "Errore: La strategia 9.9 non esiste" in err
    code, _, err = run(capsys, "export-tracker", "--db", state_db, "-o", tmp_path / "x.csv")
    assert code == 2 and ".xlsx" in err
    code, _, _ = run(
        capsys, "export-tracker", "--db", state_db, "-o", tmp_path / "x.xlsx", "--axis", "1",
        "--strategy", "1.1",
    )  # fmt: skip
    assert code == 2  # the scopes exclude each other


def test_import_dry_run_then_apply_then_no_op(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = trackerkit.copy_state_tracker(state_db, tmp_path / "t.xlsx")
    edited = edit(
        tracker,
        tmp_path / "ufficio.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "in corso"),
    )
    before = sha(state_db)
    code, out, _ = run(capsys, "import-tracker", "--db", state_db, edited, "--dry-run")
    assert code == 0
    assert "Azione 1.1.3 — Stato: Non avviata → In corso" in out
    assert "Prova (--dry-run)" in out and "non è stato scritto nulla" in out
    assert sha(state_db) == before
    code, out, _ = run(capsys, "import-tracker", "--db", state_db, edited)
    assert code == 0 and "Importazione completata: 1 modifica" in out
    assert sha(state_db) != before
    code, out, _ = run(capsys, "import-tracker", "--db", state_db, edited)
    assert code == 0 and "Nessuna modifica da importare" in out


def conflicting_tracker(state_db: Path, tmp_path: Path) -> Path:
    tracker = trackerkit.copy_state_tracker(state_db, tmp_path / "t.xlsx")
    db, services = trackerkit.services_of(state_db)
    try:
        a = services.actions.get_by_code("1.1.2")
        services.actions.update(a.id, a.version, {"notes": "dal database"})
    finally:
        db.close()
    return edit(
        tracker,
        tmp_path / "ufficio.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.2", "Note", "dal tracker"),
    )


def test_conflicts_need_theirs_or_ours(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = conflicting_tracker(state_db, tmp_path)
    before = sha(state_db)
    code, out, err = run(capsys, "import-tracker", "--db", state_db, edited)
    assert code == 1
    assert "Conflitti" in out and "database «dal database», tracker «dal tracker»" in out
    assert "--theirs" in err and "Non è stato scritto nulla" in err
    assert sha(state_db) == before
    code, out, _ = run(capsys, "import-tracker", "--db", state_db, edited, "--ours")
    assert code == 0 and "<mantieni il database>" in out
    db, services = trackerkit.services_of(state_db)
    try:
        assert services.actions.get_by_code("1.1.2").notes == "dal database"
    finally:
        db.close()
    code, out, _ = run(capsys, "import-tracker", "--db", state_db, edited, "--theirs")
    assert code == 0 and "<usa il tracker>" in out
    db, services = trackerkit.services_of(state_db)
    try:
        assert services.actions.get_by_code("1.1.2").notes == "dal tracker"
        [entry] = [h for h in services.history.recent(5) if h.field == "Note"][:1]
        assert entry.source == "importazione: ufficio.xlsx"
    finally:
        db.close()
    code, _, _ = run(capsys, "import-tracker", "--db", state_db, edited, "--theirs", "--ours")
    assert code == 2


def test_removals_only_with_flag(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = trackerkit.copy_state_tracker(state_db, tmp_path / "t.xlsx")
    edited = edit(
        tracker,
        tmp_path / "e.xlsx",
        lambda wb: trackerkit.delete_row(wb, "Scadenze", "Scadenza", "Avvio gara"),
    )
    code, out, _ = run(capsys, "import-tracker", "--db", state_db, edited)
    assert code == 0 and "usa --apply-removals" in out and "<non applicata>" in out
    code, out, _ = run(capsys, "import-tracker", "--db", state_db, edited, "--apply-removals")
    assert code == 0 and "1 rimozione" in out
    code, out, _ = run(capsys, "import-tracker", "--help")
    assert "--apply-removals" in out and "NON vengono eliminate" in out


def test_errors_list_sheet_row_column(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = trackerkit.copy_state_tracker(state_db, tmp_path / "t.xlsx")

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "fatto")
        set_cell(wb, "Azioni", "Codice", "1.2.1", "Avanzamento %", "tanto")

    edited = edit(tracker, tmp_path / "e.xlsx", change)
    before = sha(state_db)
    code, _, err = run(capsys, "import-tracker", "--db", state_db, edited)
    assert code == 2
    assert "Errore: Il tracker e.xlsx non è stato importato." in err
    assert "- Azioni, riga 4, colonna Stato: valore 'fatto' non valido; valori ammessi:" in err
    assert "- Azioni, riga 5, colonna Avanzamento %: valore 'tanto' non valido" in err
    assert sha(state_db) == before


def test_real_process_with_libreoffice_fixture(db_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PSM_DESKTOP_DATA_DIR": str(tmp_path / "data")}
    trackerkit.adopt_identity(db_path, FIXTURES / "libreoffice-modificato.xlsx")
    before = sha(db_path)
    result = subprocess.run(
        [sys.executable, "-m", "psm_desktop", "import-tracker", "--db", str(db_path),
         str(FIXTURES / "libreoffice-modificato.xlsx"), "--dry-run"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Modifiche: 10" in result.stdout and "Nuovi elementi" in result.stdout
    assert sha(db_path) == before
    result = subprocess.run(
        [sys.executable, "-m", "psm_desktop", "import-tracker", "--db", str(db_path),
         str(FIXTURES / "protetto.xlsx")],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "protetto da password" in result.stderr


def test_tracker_of_another_database_is_refused_whatever_the_options(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An office made its own database with `init` and sent its tracker back (issue 8.1)."""
    other = tmp_path / "ufficio.sqlite"
    code, _, _ = run(capsys, "init", "--db", other)
    assert code == 0
    code, _, _ = run(capsys, "export-tracker", "--db", other, "-o", tmp_path / "ufficio.xlsx")
    assert code == 0

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "in corso")
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Note", "dall'ufficio")

    edited = edit(tmp_path / "ufficio.xlsx", tmp_path / "compilato.xlsx", change)
    before, rows = sha(state_db), trackerkit.dump(state_db)
    for options in ([], ["--theirs"], ["--ours"], ["--dry-run"], ["--theirs", "--apply-removals"]):
        code, out, err = run(capsys, "import-tracker", "--db", state_db, edited, *options)
        assert code == 2, options
        assert "Errore: Il tracker compilato.xlsx è stato esportato da un altro database" in err
        assert out == ""
    assert sha(state_db) == before and trackerkit.dump(state_db) == rows


def test_import_after_a_move_prints_the_code_change(
    state_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker = trackerkit.copy_state_tracker(state_db, tmp_path / "t.xlsx")
    edited = edit(
        tracker,
        tmp_path / "ufficio.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", 75),
    )
    db, services = trackerkit.services_of(state_db)
    try:
        moved = services.actions.get_by_code("1.1.1")
        target = next(s.id for s in services.plan.strategies() if s.code == "1.2")
        services.structure.move_action(moved.id, moved.version, target, 1)
    finally:
        db.close()
    code, out, _ = run(capsys, "import-tracker", "--db", state_db, edited)
    assert code == 0
    assert "Azione 1.2.1 — Avanzamento %: 40% → 75%" in out
    assert "Codici cambiati dopo l'esportazione" in out
    assert "Azioni, riga 2: codice cambiato: 1.1.1 → 1.2.1" in out
    code, out, _ = run(capsys, "actions", "--db", state_db, "--json")
    rows = {row["code"]: row for row in json.loads(out)}
    assert rows["1.2.1"]["progress"] == 75 and rows["1.1.1"]["progress"] != 75
