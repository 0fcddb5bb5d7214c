"""The headless command line, called in process: output, JSON and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from clirun import run_cli as run
from filecheck import fingerprint, make_read_only

from psm_desktop import __version__
from psm_desktop.model import Role
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import migrations, open_database

JSON_KEYS = {
    "code", "text", "status", "progress", "start_date", "end_date", "lead",
    "axis", "strategy", "notes", "budget", "funding_source", "priority", "zones",
    "cup", "pnrr", "dup_objective", "sdgs", "competence",
}  # fmt: skip


def _edit(db_path: Path) -> None:
    """Give the seeded plan some state: statuses, dates, a lead, an overdue action."""
    db = open_database(db_path)
    try:
        s = Services(db, EditContext(user="Tester", source="test"))
        a = s.actions.get_by_code("1.1.1")
        s.actions.update(
            a.id,
            a.version,
            {
                "status": "in corso",
                "progress": 40,
                "start_date": dt.date(2024, 9, 1),
                "end_date": dt.date(2025, 3, 31),  # long past: overdue
                "budget": "125000.50",
                "funding_source": "PNRR",
                "priority": "alta",
                "zones": ["Pinerolese", "Torino"],
                "notes": "Nota",
                "cup": "j81b19000000012",
                "pnrr": "M1C1 - I1.1",
                "dup_objective": "SeO 1.2",
                "sdgs": "11, 3",
                "competence": "regia",
            },
        )
        lead = s.stakeholders.create("Comune di Pinerolo", "comune")
        s.assignments.assign(a.id, lead.id, Role.LEAD)
        b = s.actions.get_by_code("1.5.7")
        s.actions.update(b.id, b.version, {"status": "completata", "progress": 100})
    finally:
        db.close()


# --- version and init ---------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"psm-desktop {__version__}"


def test_init_creates_and_seeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nuovo" / "psm.sqlite"
    code, out, err = run(capsys, "init", "--db", path)
    assert (code, err) == (0, "")
    assert str(path) in out and "24 azioni" in out
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM action").fetchone()[0] == 24
        assert conn.execute("SELECT count(*) FROM axis").fetchone()[0] == 6
        assert conn.execute("SELECT count(*) FROM zone").fetchone()[0] == 11
    finally:
        conn.close()


def test_init_refuses_an_existing_file(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = fingerprint(db_path)
    code, out, err = run(capsys, "init", "--db", db_path)
    assert code == 2
    assert out == ""
    assert err.startswith("Errore: ") and "esiste già" in err and str(db_path) in err
    assert fingerprint(db_path) == before


def test_init_uses_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "da-ambiente.sqlite"
    monkeypatch.setenv("PSM_DESKTOP_DB", str(path))
    assert run(capsys, "init")[0] == 0
    assert path.exists()
    code, out, _ = run(capsys, "actions")
    assert code == 0 and "24 azioni." in out


def test_db_option_before_the_command(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db_path, "actions", "--json")
    assert code == 0 and len(json.loads(out)) == 24


# --- actions ------------------------------------------------------------------------------


def test_actions_table(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(db_path)
    code, out, err = run(capsys, "actions", "--db", db_path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Codice", "Stato", "Avanz."]
    assert lines[-1] == "24 azioni."
    first = lines[1]
    assert first.startswith("1.1.1")
    for part in ("In corso", "40%", "31/03/2025", "sì", "Comune di Pinerolo"):
        assert part in first
    assert "Non avviata" in lines[2] and "—" in lines[2]


def test_actions_json_keys_and_values(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(db_path)
    code, out, _ = run(capsys, "actions", "--db", db_path, "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data) == 24
    assert all(set(item) == JSON_KEYS for item in data)
    by_code = {item["code"]: item for item in data}
    assert by_code["1.1.1"] == {
        "code": "1.1.1",
        "text": by_code["1.1.1"]["text"],
        "status": "in_corso",
        "progress": 40,
        "start_date": "2024-09-01",
        "end_date": "2025-03-31",
        "lead": "Comune di Pinerolo",
        "axis": 1,
        "strategy": "1.1",
        "notes": "Nota",
        "budget": 125000.5,
        "funding_source": "pnrr",
        "priority": "alta",
        "zones": ["Pinerolese", "Torino"],
        "cup": "J81B19000000012",
        "pnrr": "M1C1 I1.1",
        "dup_objective": "SeO 1.2",
        "sdgs": [3, 11],
        "competence": "regia",
    }
    assert by_code["1.1.1"]["text"].startswith("Garantire qualità e affidabilità")
    untouched = by_code["1.2.1"]
    assert (untouched["start_date"], untouched["end_date"], untouched["lead"]) == (None, None, None)
    assert (untouched["cup"], untouched["sdgs"], untouched["zones"], untouched["budget"]) == (
        None, [], [], None,
    )  # fmt: skip
    assert (untouched["competence"], untouched["strategy"], untouched["axis"]) == (None, "1.2", 1)
    assert "piaffaforma" in by_code["1.4.4"]["text"]  # UTF-8 and verbatim, not escaped
    assert "qualità" in out


def test_actions_filters(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(db_path)

    def codes(*extra: str) -> list[str]:
        code, out, _ = run(capsys, "actions", "--db", db_path, "--json", *extra)
        assert code == 0
        return [item["code"] for item in json.loads(out)]

    assert len(codes("--axis", "1")) == 24
    assert codes("--axis", "3") == []
    assert codes("--status", "in corso") == ["1.1.1"]
    assert codes("--status", "COMPLETATA") == ["1.5.7"]
    assert codes("--status", "in_corso", "--axis", "1") == ["1.1.1"]
    assert codes("--overdue") == ["1.1.1"]
    assert len(codes("--status", "non avviata")) == 22


def test_actions_empty_result(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "actions", "--db", db_path, "--axis", "6")
    assert code == 0
    assert out.splitlines()[-1] == "0 azioni."
    code, out, _ = run(capsys, "actions", "--db", db_path, "--axis", "6", "--json")
    assert json.loads(out) == []


# --- user errors: Italian, on stderr, exit 2, no traceback --------------------------------


def test_bad_status(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "actions", "--db", db_path, "--status", "finita")
    assert (code, out) == (2, "")
    assert err == (
        "Errore: stato 'finita' non valido; valori ammessi: "
        "Non avviata, In corso, Completata, Sospesa, Annullata\n"
    )


def test_missing_database_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "manca.sqlite"
    for command in ("actions", "check"):
        code, out, err = run(capsys, command, "--db", path)
        assert (code, out) == (2, "")
        assert err.startswith("Errore: ") and "non esiste" in err
    assert not path.exists()


@pytest.mark.parametrize("command", ["actions", "check"])
def test_not_a_psm_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    path = tmp_path / "clienti.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE clienti (nome TEXT)")
    conn.commit()
    conn.close()
    before = fingerprint(path)
    code, out, err = run(capsys, command, "--db", path)
    assert (code, out) == (2, "")
    assert err.startswith("Errore: ") and "non di PSM Desktop" in err
    assert fingerprint(path) == before


def test_newer_database(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = fingerprint(db_path)
    code, _, err = run(capsys, "actions", "--db", db_path)
    assert code == 2 and "versione più recente" in err
    assert fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["actions", "--axis", "uno"],
            "argomento --axis: valore non valido (numero intero): 'uno'",
        ),
        (["comando-inesistente"], "scelta non valida: 'comando-inesistente'"),
        (["actions", "--colore"], "argomenti non riconosciuti: --colore"),
        (["demo", "--db"], "argomento --db: serve un valore"),
    ],
)
def test_usage_errors_in_italian(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("uso: psm-desktop")
    assert expected in err
    assert "errore:" in err
    for english in ("usage:", "invalid", "argument ", "unrecognized", "expected"):
        assert english not in err


def test_help_in_italian(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "actions", "--help")
    assert code == 0
    assert out.startswith("uso: psm-desktop actions")
    assert "opzioni:" in out and "mostra questo aiuto ed esce" in out
    assert "usage" not in out and "show this help" not in out


# --- check --------------------------------------------------------------------------------


def test_check_healthy(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = fingerprint(db_path)
    code, out, err = run(capsys, "check", "--db", db_path)
    assert (code, err) == (0, "")
    assert f"Versione dello schema: {migrations.head_revision()}\n" in out
    assert "Controllo di integrità: ok" in out
    assert "Chiavi esterne: ok" in out
    assert fingerprint(db_path) == before  # check only reads


def test_check_broken_foreign_key(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(db_path)  # foreign keys are off in a bare sqlite3 connection
    conn.execute(
        "INSERT INTO assignment (action_id, stakeholder_id, role, version) "
        "VALUES (1, 4242, 'partner', 1)"
    )
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "check", "--db", db_path)
    assert code == 1
    assert "Controllo di integrità: ok" in out
    assert "Chiavi esterne: 1 riferimento non valido" in out
    assert "tabella assignment" in out and "stakeholder" in out
    assert "problemi" in err


def test_check_corrupt_file(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(db_path.read_bytes())
    data[8192:12288] = b"\x00\xff" * 2048
    db_path.write_bytes(bytes(data))
    before = fingerprint(db_path)
    code, _, err = run(capsys, "check", "--db", db_path)
    assert code != 0
    assert err.startswith("Errore: ") and "danneggiato" in err
    assert fingerprint(db_path) == before


# --- demo ---------------------------------------------------------------------------------


def test_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite"
    code, out, err = run(capsys, "demo", "--db", path, "--actions", "2000")
    assert (code, err) == (0, "")
    assert "2.000 azioni" in out
    conn = sqlite3.connect(path)
    try:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        assert q("SELECT count(*) FROM action") == [(2000,)]
        per_axis = dict(
            q(
                "SELECT axis.number, count(*) FROM action JOIN strategy ON strategy.id = "
                "action.strategy_id JOIN axis ON axis.id = strategy.axis_id GROUP BY axis.number"
            )
        )
        assert sorted(per_axis) == [1, 2, 3, 4, 5, 6]
        assert min(per_axis.values()) > 2000 / 6 * 0.6  # roughly even
        statuses = Counter(dict(q("SELECT status, count(*) FROM action GROUP BY status")))
        assert len(statuses) == 5 and min(statuses.values()) > 50
        assert q("SELECT count(*) FROM strategy WHERE axis_id IS NULL") == [(0,)]
        assert q("SELECT count(*) FROM assignment")[0][0] >= 2000
        assert q(
            "SELECT count(*) FROM action a WHERE NOT EXISTS (SELECT 1 FROM assignment "
            "s WHERE s.action_id = a.id AND s.role = 'responsabile')"
        ) == [(0,)]
        assert q("SELECT count(*) FROM deadline")[0][0] > 1000
        assert q("SELECT count(*) FROM stakeholder")[0][0] >= 30
        assert q("SELECT min(length(text)) FROM action")[0][0] > 60  # long Italian texts
        assert q("SELECT count(DISTINCT code) FROM action") == [(2000,)]
        assert q("SELECT count(*) FROM action WHERE end_date < start_date") == [(0,)]
        assert q("PRAGMA foreign_key_check") == []
    finally:
        conn.close()
    # The demo plan is a normal database for every command.
    code, out, _ = run(capsys, "actions", "--db", path, "--overdue", "--json")
    assert code == 0 and 0 < len(json.loads(out)) < 2000
    assert run(capsys, "check", "--db", path)[0] == 0


def test_demo_is_reproducible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts = []
    for name in ("a.sqlite", "b.sqlite"):
        assert (
            run(capsys, "demo", "--db", tmp_path / name, "--actions", "50", "--seed", "7")[0] == 0
        )
        conn = sqlite3.connect(tmp_path / name)
        texts.append(conn.execute("SELECT code, text, status FROM action ORDER BY id").fetchall())
        conn.close()
    assert texts[0] == texts[1]


def test_demo_refuses_existing_file_and_bad_count(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprint(db_path)
    code, _, err = run(capsys, "demo", "--db", db_path, "--actions", "10")
    assert code == 2 and "esiste già" in err
    assert fingerprint(db_path) == before
    code, _, err = run(capsys, "demo", "--db", tmp_path / "zero.sqlite", "--actions", "0")
    assert code == 2 and "almeno 1" in err
    assert not (tmp_path / "zero.sqlite").exists()


def test_init_in_a_read_only_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    folder = tmp_path / "protetta"
    folder.mkdir()
    make_read_only(folder, request)
    code, out, err = run(capsys, "init", "--db", folder / "psm.sqlite")
    assert (code, out) == (2, "")
    assert err.startswith("Errore: ") and "protetta da scrittura" in err
