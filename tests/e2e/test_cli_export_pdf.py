"""`psm-desktop export-pdf` end to end: files, messages, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pdfcheck import read_pdf

from psm_desktop.cli import main
from psm_desktop.services import Services
from psm_desktop.storage import open_database

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export-pdf", *args])
    out, err = capsys.readouterr()
    return code, out, err


@contextmanager
def editing(db_path: Path) -> Iterator[Services]:
    """The services of the test database, closed afterwards (before the command runs)."""
    db = open_database(db_path)
    try:
        yield Services(db)
    finally:
        db.close()


def test_axis_sheet(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "asse1.pdf"
    code, out, err = run(capsys, "--db", str(db_path), "-o", str(target), "--axis", "1")
    assert (code, err) == (0, "")
    content = read_pdf(target)
    assert out == (
        f"Creato {target}: «Scheda dell'Asse 1 – Torino metropoli più produttiva e innovativa», "
        f"{len(content.pages)} pagine, 24 azioni.\n"
    )
    assert content.outline[0] == (0, "Asse 1 – Torino metropoli più produttiva e innovativa")


def test_one_action_and_several(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "azione.pdf"
    code, out, _ = run(capsys, "--db", str(db_path), "-o", str(one), "--action", "1.2.3")
    assert code == 0 and out.endswith("«Scheda azione 1.2.3», 1 pagina, 1 azione.\n")
    assert "Azione 1.2.3" in read_pdf(one).text
    many = tmp_path / "schede.pdf"
    code, out, _ = run(
        capsys, "--db", str(db_path), "-o", str(many), "--actions", "--status", "non avviata"
    )
    assert code == 0 and "26 pagine, 24 azioni" in out  # a cover, the index, 24 sheets
    code, out, _ = run(capsys, "--db", str(db_path), "-o", str(many), "--actions", "--axis", "1")
    assert code == 0 and "24 azioni" in out


def test_deadlines_report_with_stakeholder(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    with editing(db_path) as services:
        action = services.actions.get_by_code("1.1.1")
        who = services.stakeholders.create("Comune di Chieri")
        services.deadlines.add(action.id, "Gara", dt.date(2020, 1, 1), stakeholder_id=who.id)
    target = tmp_path / "scadenze.pdf"
    args = ["--db", str(db_path), "-o", str(target), "--deadlines", "--within", "30"]
    code, out, err = run(capsys, *args, "--stakeholder", "chieri")
    assert (code, err) == (0, "")
    assert "1 scadenza" in out
    text = read_pdf(target).text
    assert "Scadenze superate (1)" in text and "Gara" in text


def test_deadlines_default_to_the_next_60_days_and_all_is_there(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    today = dt.date.today()
    with editing(db_path) as services:
        action = services.actions.get_by_code("1.1.1")
        services.deadlines.add(action.id, "Passata", today - dt.timedelta(days=400))
        services.deadlines.add(action.id, "Vicina", today + dt.timedelta(days=59))
        services.deadlines.add(action.id, "Lontana", today + dt.timedelta(days=200))
    target = tmp_path / "scadenze.pdf"
    code, out, _ = run(capsys, "--db", str(db_path), "-o", str(target), "--deadlines")
    assert code == 0 and "2 scadenze" in out and "scadenze fino al" in out
    text = read_pdf(target).text
    assert "Passata" in text and "Vicina" in text and "Lontana" not in text
    code, out, _ = run(capsys, "--db", str(db_path), "-o", str(target), "--deadlines", "--all")
    assert code == 0 and "3 scadenze" in out and "fino al" not in out
    assert "Lontana" in read_pdf(target).text


def test_unprintable_characters_are_reported_on_stderr(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with editing(db_path) as services:
        action = services.actions.get_by_code("1.2.3")
        services.actions.update(action.id, None, {"notes": "สวัสดี"})
    target = tmp_path / "azione.pdf"
    code, out, err = run(capsys, "--db", str(db_path), "-o", str(target), "--action", "1.2.3")
    assert code == 0 and "Creato" in out and target.is_file()
    assert err.startswith("Attenzione: ") and "- Azione 1.2.3, Note: " in err
    assert "[fonts] fallback" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "indica un documento: --axis N"),
        (["--axis", "9"], "L'asse 9 non esiste nel piano."),
        (["--action", "9.9.9"], "L'azione 9.9.9 non esiste nel piano."),
        (["--action", "1.1.1", "--axis", "1"], "--axis non si può usare con --action"),
        (["--actions", "--axis", "1", "--status", "in corso"], "al massimo un filtro"),
        (["--actions", "--within", "3"], "--within non si può usare con --actions"),
        (["--actions", "--status", "finita"], "stato 'finita' non valido; valori ammessi:"),
        (["--actions", "--status", "sospesa"], "Nessuna azione corrisponde alla scelta"),
        (["--actions", "--stakeholder", "Nessuno"], "nessun soggetto si chiama «Nessuno»"),
        (["--deadlines", "--axis", "1"], "--axis non si può usare con --deadlines"),
        (["--deadlines", "--within", "-1"], "maggiore o uguale a zero"),
        (["--deadlines", "--within", "5", "--all"], "usa --within oppure --all"),
        (["--axis", "1", "--all"], "--all non si può usare con --axis"),
        (["--axis", "1", "--status", "x"], "--status non si può usare con --axis"),
        (["--axis", "1", "--theme", "/manca/tema.toml"], "Il modello dei PDF /manca/tema.toml"),
    ],
)
def test_user_errors_exit_2_in_italian(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    target = tmp_path / "out.pdf"
    code, out, err = run(capsys, "--db", str(db_path), "-o", str(target), *args)
    assert code == 2 and out == ""
    assert err.startswith("Errore: ") and message in err
    assert not target.exists()


def test_ambiguous_stakeholder_lists_candidates(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from psm_desktop.services import Services
    from psm_desktop.storage import open_database

    db = open_database(db_path)
    try:
        for name in ("Comune di Ivrea", "Comune di Ivrea Alta"):
            Services(db).stakeholders.create(name + " bis")
    finally:
        db.close()
    code, _, err = run(
        capsys,
        "--db",
        str(db_path),
        "-o",
        str(tmp_path / "x.pdf"),
        "--deadlines",
        "--stakeholder",
        "ivrea",
    )
    assert code == 2 and "«ivrea» indica 2 soggetti (Comune di Ivrea Alta bis; Comune di" in err


def test_bad_output_and_missing_database(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", str(db_path), "-o", str(tmp_path / "x.txt"), "--axis", "1")
    assert code == 2 and "deve avere l'estensione .pdf" in err
    code, _, err = run(
        capsys, "--db", str(db_path), "-o", str(tmp_path / "no" / "x.pdf"), "--axis", "1"
    )
    assert code == 2 and "La cartella" in err and "non esiste" in err
    code, _, err = run(
        capsys, "--db", str(tmp_path / "manca.sqlite"), "-o", str(tmp_path / "x.pdf"), "--axis", "1"
    )
    assert code == 2 and err.startswith("Errore: ")
    assert not (tmp_path / "manca.sqlite").exists()


def test_usage_errors_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export-pdf", "--axis", "1"])  # -o missing
    assert exc.value.code == 2
    assert "errore:" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["export-pdf", "-o", "x.pdf", "--action", "1.1.1", "--deadlines"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["export-pdf", "--help"])
    out = capsys.readouterr().out
    assert "--deadlines" in out and "pdf-theme.toml" in out  # where the template is


def test_real_process_and_no_reportlab_at_cli_start(db_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    probe = "import sys, psm_desktop.cli as c; c.build_parser(); print('reportlab' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"
    probe = "import sys, psm_desktop.ui.dialogs.pdf_dialogs; print('reportlab' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"  # the export dialog loads it only to export
    target = tmp_path / "asse.pdf"
    cmd = [sys.executable, "-m", "psm_desktop", "export-pdf", "--db", str(db_path), "-o"]
    done = subprocess.run(
        [*cmd, str(target), "--axis", "1"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and target.is_file(), done.stderr
    failed = subprocess.run(
        [*cmd, str(target), "--axis", "7"], capture_output=True, text=True, env=env
    )
    assert failed.returncode == 2
    assert failed.stderr.strip() == "Errore: L'asse 7 non esiste nel piano."


def test_monitoring_report(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from psm_desktop.model import PeriodKind

    with editing(db_path) as services:
        services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
        services.periods.close("2025-S1")
    target = tmp_path / "monitoraggio.pdf"
    code, out, err = run(capsys, "--db", str(db_path), "-o", str(target), "--monitoring", "2025-S1")
    assert (code, err) == (0, "")
    assert "«Resoconto di monitoraggio – Stato al 30/06/2025»" in out
    content = read_pdf(target)
    assert "Stato al 30/06/2025" in content.pages[0]
    code, out, err = run(capsys, "--db", str(db_path), "-o", str(target), "--monitoring", "X")
    assert code == 2 and "Il periodo di monitoraggio «X» non esiste (periodi: 2025-S1)" in err
    code, out, err = run(
        capsys, "--db", str(db_path), "-o", str(target), "--monitoring", "2025-S1", "--axis", "1"
    )
    assert code == 2 and "--axis non si può usare con --monitoring" in err
