"""`plan export`, `plan import` and `init --empty / --from` from the command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest

from psm_desktop.exchange import new_plan
from tests.clirun import run_cli as run
from tests.plantext import FIXTURE, seed_text
from tests.structurekit import row_of


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


AXIS_2 = """Asse 2 - Torino metropoli più verde ed ecologica
Una descrizione dell'asse 2.
Strategia 2.1 - Acqua
Descrizione della strategia.
• Azione 2.1.1 - Proteggere le falde
• Azione 2.1.2 - Ridurre le perdite della rete
"""


def test_export_then_import_is_a_no_op(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "struttura.xlsx"
    code, out, err = run(capsys, "plan", "export", "--db", db_path, "-o", out_file)
    assert (code, err) == (0, "")
    assert out == (
        f"Scritta la struttura del piano in {out_file}: 6 assi, 5 strategie, 24 azioni, "
        "0 collegamenti tra gli assi.\n"
    )
    before = sha(db_path)
    code, out, err = run(capsys, "plan", "import", "--db", db_path, out_file)
    assert (code, err) == (0, "")
    assert "Nessuna differenza: il piano ha già questa struttura." in out
    assert sha(db_path) == before


def test_dry_run_writes_nothing_and_removals_exit_1(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "struttura.xlsx"
    assert run(capsys, "plan", "export", "--db", db_path, "-o", path)[0] == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["Azioni"]
    ws.delete_rows(row_of(ws, "Codice", "1.5.7"))
    text = ws.cell(row_of(ws, "Codice", "1.1.1"), 3)
    text.value = "Un testo nuovo"
    wb.save(path)

    before = sha(db_path)
    code, out, err = run(capsys, "plan", "import", "--db", db_path, path, "--dry-run")
    assert code == 1
    assert "Mancanti nel file (1) (non eliminati: usa --apply-removals per eliminarli):" in out
    assert "Prova (--dry-run): non è stato scritto nulla." in out
    assert "1 elemento assente dal file è rimasto nel piano" in err
    assert sha(db_path) == before

    code, out, err = run(capsys, "plan", "import", "--db", db_path, path)
    assert code == 1 and "Importazione completata: 0 nuovi, 1 modificato, 0 eliminati." in out
    code, out, err = run(capsys, "plan", "import", "--db", db_path, path, "--apply-removals")
    assert (code, err) == (0, "") and "0 nuovi, 0 modificati, 1 eliminato" in out
    code, out, _ = run(capsys, "actions", "--db", db_path, "--axis", "1")
    assert "1.5.7" not in out and "1.5.6" in out


def test_a_bad_workbook_exits_2_and_writes_nothing(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "struttura.xlsx"
    assert run(capsys, "plan", "export", "--db", db_path, "-o", path)[0] == 0
    wb = openpyxl.load_workbook(path)
    wb["Azioni"].cell(3, 2).value = "1.1"
    wb.save(path)
    before = sha(db_path)
    code, out, err = run(capsys, "plan", "import", "--db", db_path, path)
    assert code == 2 and out == ""
    assert err.startswith(
        "Errore: struttura.xlsx, foglio Azioni, riga 3, colonna Codice: codice «1.1» non "
        "valido: atteso «N.M.K»"
    )
    assert sha(db_path) == before


# --- init --------------------------------------------------------------------------------


def test_init_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "vuoto.sqlite"
    code, out, err = run(capsys, "init", "--db", path, "--empty")
    assert code == 2 and "indica il titolo del piano vuoto con --title" in err
    assert not path.exists()
    code, out, err = run(
        capsys,
        "init",
        "--db",
        path,
        "--empty",
        "--title",
        "Piano strategico di Novara",
        "--issuer",
        "Provincia di Novara",
        "--period",
        "2025-2027",
    )
    assert (code, err) == (0, "")
    assert "«Piano strategico di Novara» (0 assi, 0 strategie, 0 azioni)" in out
    code, out, _ = run(capsys, "plan", "export", "--db", path, "-o", tmp_path / "s.xlsx")
    plan = openpyxl.load_workbook(tmp_path / "s.xlsx")["Piano"]
    values = {r[0]: r[1] for r in plan.iter_rows(values_only=True)}
    assert values["Ente"] == "Provincia di Novara" and values["Periodo"] == "2025-2027"


def test_init_from_a_structure_workbook(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "struttura.xlsx"
    assert run(capsys, "plan", "export", "--db", db_path, "-o", workbook)[0] == 0
    path = tmp_path / "nuovo.sqlite"
    code, out, err = run(capsys, "init", "--db", path, "--from", workbook)
    assert (code, err) == (0, "")
    assert "Piano Strategico Metropolitano 2024-2026» (6 assi, 5 strategie, 24 azioni)" in out
    code, out, _ = run(capsys, "plan", "import", "--db", path, workbook)
    assert code == 0 and "Nessuna differenza" in out  # codes, texts, links: the same plan
    original = run(capsys, "actions", "--db", db_path, "--json")[1]
    assert run(capsys, "actions", "--db", path, "--json")[1] == original


def test_init_from_axis_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    second = tmp_path / "asse2.txt"
    second.write_text(AXIS_2, encoding="utf-8")
    path = tmp_path / "testi.sqlite"
    code, out, err = run(
        capsys, "init", "--db", path, "--title", "Piano dai testi", "--from", second, FIXTURE
    )
    assert (code, err) == (0, "")
    assert "«Piano dai testi» (2 assi, 6 strategie, 26 azioni)" in out
    code, out, _ = run(capsys, "actions", "--db", path, "--axis", "2")
    assert "2.1.2" in out
    code, out, _ = run(capsys, "plan", "import-text", "--db", path, FIXTURE)
    assert code == 0 and "Nessuna differenza" in out


def test_init_never_overwrites_and_leaves_nothing_half_made(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = sha(db_path)
    code, _, err = run(capsys, "init", "--db", db_path, "--empty", "--title", "T")
    assert code == 2 and "esiste già" in err and sha(db_path) == before

    bad = tmp_path / "lettera.txt"
    bad.write_text("Gentile collega,\nin allegato.\n", encoding="utf-8")
    target = tmp_path / "nuovo.sqlite"
    code, _, err = run(capsys, "init", "--db", target, "--title", "T", "--from", FIXTURE, bad)
    assert code == 2 and "lettera.txt, riga 1" in err
    code, _, err = run(capsys, "init", "--db", target, "--from", FIXTURE, FIXTURE)
    assert code == 2 and "l'asse 1 è già nel file" in err
    code, _, err = run(capsys, "init", "--db", target, "--from", tmp_path / "x.xlsx", FIXTURE)
    assert code == 2 and "non entrambi" in err
    assert list(tmp_path.glob("nuovo.sqlite*")) == []

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disco scollegato")  # a failure once the file was created

    monkeypatch.setattr(new_plan, "apply_text_import", fail)
    with pytest.raises(OSError):
        new_plan.create_plan(target, title="T", sources=[FIXTURE])
    assert list(tmp_path.glob("nuovo.sqlite*")) == []
    assert seed_text()  # the fixture is intact
