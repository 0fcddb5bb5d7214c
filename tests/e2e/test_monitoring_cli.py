"""`period`, `health`, `indicators`, `indicator` and `actions --period` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psm_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_the_cycle_from_the_command_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", db_path)
    assert (
        run(
            capsys,
            "period",
            "add",
            *db,
            "--name",
            "2025-S1",
            "--date",
            "2025-06-30",
            "--kind",
            "semestre",
        )[0]
        == 0
    )
    code, out, _ = run(
        capsys,
        "indicator",
        "add",
        *db,
        "--owner",
        "1.1.1",
        "--name",
        "Imprese",
        "--baseline",
        "0",
        "--target",
        "100",
    )
    assert code == 0 and "indicatore 1" in out
    assert (
        run(capsys, "indicator", "set", *db, "1", "--period", "2025-S1", "--value", "n.d.")[0] == 0
    )

    code, out, _ = run(capsys, "period", "list", *db, "--json")
    assert json.loads(out) == [
        {"name": "2025-S1", "date": "2025-06-30", "kind": "semestre", "closed": False}
    ]
    assert run(capsys, "period", "close", *db, "2025-S1")[0] == 0
    assert json.loads(run(capsys, "period", "list", *db, "--json")[1])[0]["closed"] is True

    code, out, _ = run(capsys, "health", *db, "--period", "2025-S1", "--json")
    report = json.loads(out)
    assert code == 0 and set(report) >= {"plan", "axes", "strategies"}
    keys = {"code", "health", "expected_progress", "progress", "actions"}
    assert keys <= set(report["plan"]) and len(report["axes"]) == 6
    assert all(keys <= set(s) for s in report["strategies"])
    assert report["plan"]["actions"] == 24

    code, out, _ = run(capsys, "indicators", *db, "--period", "2025-S1", "--json")
    (indicator,) = json.loads(out)["indicators"]
    assert indicator["value"] == "n.d." and indicator["target"] == 100.0

    code, out, _ = run(capsys, "actions", *db, "--period", "2025-S1", "--json")
    rows = json.loads(out)
    assert len(rows) == 24 and {"code", "status", "health", "period"} <= set(rows[0])

    code, _, _ = run(capsys, "period", "reopen", *db, "2025-S1", "--reason", "correzione")
    assert code == 0
    code, out, _ = run(capsys, "health", *db)
    assert code == 0 and "Regola:" in out and "In linea: punteggio almeno 95 %" in out


def test_mistakes_are_italian_messages(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", db_path)
    code, _, err = run(capsys, "period", "add", *db, "--name", "X", "--date", "30/06/2025")
    assert code == 2 and "AAAA-MM-GG" in err
    code, _, err = run(capsys, "period", "close", *db, "2030-S9")
    assert code == 2 and "non esiste" in err
    code, _, err = run(
        capsys, "period", "add", *db, "--name", "X", "--date", "2025-06-30", "--kind", "decennio"
    )
    assert code == 2 and "trimestre" in err
    run(capsys, "period", "add", *db, "--name", "A", "--date", "2025-06-30")
    code, _, err = run(capsys, "period", "add", *db, "--name", "B", "--date", "2025-12-31")
    assert code == 2 and "ancora aperto" in err
    code, _, err = run(capsys, "indicator", "set", *db, "1", "--period", "A", "--value", "1")
    assert code == 2 and "indicatore" in err
