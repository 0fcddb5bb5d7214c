"""`plan import-text` from the command line: preview, exit codes 0 / 1 / 2, nothing on errors."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from psm_desktop.cli import main
from psm_desktop.storage.new_plan import create_empty_plan
from tests.plantext import FIXTURE, seed_text


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


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "vuoto.sqlite"
    create_empty_plan(path, title="Piano di prova", period="2024-2026").close()
    return path


def test_import_into_an_empty_plan(empty_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sha(empty_db)
    code, out, err = run(capsys, "plan", "import-text", "--db", empty_db, FIXTURE, "--dry-run")
    assert (code, err) == (0, "")
    assert "Nuovi (30):" in out and "  Azione 1.5.7 - Ripensare il modello" in out
    assert "Ultimo aggiornamento del piano: 30/08/2024 (prima: —)" in out
    assert "non è stato scritto nulla" in out
    assert sha(empty_db) == before

    code, out, err = run(capsys, "plan", "import-text", "--db", empty_db, FIXTURE)
    assert (code, err) == (0, "")
    assert "Importazione completata: 30 nuovi, 0 modificati, 0 eliminati." in out
    code, out, _ = run(capsys, "actions", "--db", empty_db, "--axis", "1")
    assert code == 0 and "1.5.7" in out

    code, out, _ = run(capsys, "plan", "import-text", "--db", empty_db, FIXTURE)
    assert code == 0 and "Nessuna differenza" in out


def test_removals_left_unconfirmed_exit_1(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "\n".join(ln for ln in seed_text().splitlines() if "Azione 1.5.7" not in ln)
    path = tmp_path / "asse1.txt"
    path.write_text(text.replace("piaffaforma", "piattaforma"), encoding="utf-8")

    code, out, err = run(capsys, "plan", "import-text", "--db", db_path, path)
    assert code == 1
    assert "Mancanti nel testo (1) (non eliminati: usa --apply-removals per eliminarli):" in out
    assert "Testo: Creare una [-piaffaforma-]{+piattaforma+}" in out
    assert "rilancia con --apply-removals" in err
    # The change was applied, the missing action kept.
    code, out, _ = run(capsys, "actions", "--db", db_path, "--axis", "1")
    assert "1.5.7" in out

    code, out, err = run(capsys, "plan", "import-text", "--db", db_path, path, "--apply-removals")
    assert (code, err) == (0, "")
    assert "0 nuovi, 0 modificati, 1 eliminato" in out
    code, out, _ = run(capsys, "actions", "--db", db_path, "--axis", "1")
    assert "1.5.7" not in out and "1.5.6" in out


def test_errors_exit_2_and_write_nothing(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sha(db_path)
    bad = tmp_path / "lettera.txt"
    bad.write_text("Gentile collega,\nin allegato le azioni.\n", encoding="utf-8")
    code, out, err = run(capsys, "plan", "import-text", "--db", db_path, bad)
    assert code == 2 and out == ""
    assert err.startswith("Errore: lettera.txt, riga 1: manca la riga con il titolo dell'asse")
    wrong = tmp_path / "salto.txt"
    wrong.write_text(seed_text().replace("Azione 1.2.2 -", "Azione 1.2.9 -"), encoding="utf-8")
    code, _, err = run(capsys, "plan", "import-text", "--db", db_path, wrong)
    assert code == 2 and "salto.txt, riga 30: attesa l'azione 1.2.2, trovata la 1.2.9" in err
    code, _, err = run(capsys, "plan", "import-text", "--db", db_path, tmp_path / "nessuno.txt")
    assert code == 2 and "Impossibile leggere il file" in err
    assert sha(db_path) == before


def test_real_process_exit_code(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "asse1.txt"
    path.write_text(
        "\n".join(ln for ln in seed_text().splitlines() if "Azione 1.1.3" not in ln),
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "psm_desktop",
            "plan",
            "import-text",
            "--db",
            str(db_path),
            str(path),
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Azione 1.1.3" in done.stdout and "Traceback" not in done.stderr
