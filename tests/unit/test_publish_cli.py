"""`psm-desktop publish` and the publication's settings (IPA code, licence, office)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psm_desktop.errors import UserError
from psm_desktop.exchange.web.settings import (
    PublishSettings,
    load_settings,
    save_settings,
    settings_path,
)
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.storage.paths import backups_dir
from tests.e2e.test_monitoring_cli import run  # the CLI runner the e2e tests use
from tests.publishkit import PERIOD, monitor


def _copies() -> list[Path]:
    return sorted(p for p in backups_dir().rglob("*") if p.is_file())


@pytest.fixture
def monitored_db(db_path: Path) -> Path:
    db = open_database(db_path)
    try:
        monitor(Services(db, EditContext(user="Tester", source="test")))
    finally:
        db.close()
    return db_path


def test_settings_are_saved_and_read_back(private_data_dir: Path) -> None:
    assert load_settings() == PublishSettings()
    save_settings(PublishSettings(ipa="c_l219", licence="cc0-1.0", office="  Ufficio  piano "))
    assert settings_path().parent == private_data_dir
    assert load_settings() == PublishSettings("c_l219", "CC0-1.0", "Ufficio piano")
    settings_path().write_text("{rotto", encoding="utf-8")
    assert load_settings() == PublishSettings()  # a broken file never stops a publication


def test_bad_settings_are_refused_in_italian() -> None:
    with pytest.raises(UserError, match="Codice IPA"):
        PublishSettings(ipa="c l219!").checked()
    with pytest.raises(UserError, match="Licenza «GPL» non riconosciuta"):
        PublishSettings().override(licence="GPL")


def test_publish_from_the_command_line_with_overrides(
    monitored_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(PublishSettings(ipa="salvato", office="Ufficio salvato"))
    for copy in _copies():
        copy.unlink()  # the fixture's own opening made one today
    copies_before = _copies()
    out_dir = tmp_path / "sito"
    code, out, err = run(
        capsys,
        "publish",
        "--db",
        monitored_db,
        "--period",
        PERIOD,
        "-o",
        out_dir,
        "--ipa",
        "cmto",
        "--licenza",
        "CC0-1.0",
    )
    assert code == 0, err
    assert "Pubblicazione scritta" in out and "Stato al 30/06/2025" in out
    rdf = (out_dir / "dati" / "dcat-ap_it.rdf").read_text(encoding="utf-8")
    assert "cmto:" in rdf and "publicdomain/zero/1.0" in rdf and "Ufficio salvato" in rdf
    records = json.loads((out_dir / "dati" / "assi.json").read_text(encoding="utf-8"))
    assert [r["asse"] for r in records] == ["1", "2", "3", "4", "5", "6"]
    assert _copies() == copies_before  # it only reads: no daily backup


def test_publish_errors_are_italian_with_exit_code_2(
    monitored_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "publish", "--db", monitored_db, "-o", tmp_path / "x")
    assert code == 2 and "--provvisorio" in err
    code, _, err = run(
        capsys, "publish", "--db", monitored_db, "--period", "2030-S9", "-o", tmp_path / "x"
    )
    assert code == 2 and "2030-S9" in err and "non esiste" in err
    code, _, err = run(
        capsys,
        "publish",
        "--db",
        monitored_db,
        "--period",
        PERIOD,
        "-o",
        tmp_path / "x",
        "--ipa",
        "non valido!",
    )
    assert code == 2 and "Codice IPA" in err
    code, out, _ = run(
        capsys, "publish", "--db", monitored_db, "--provvisorio", "-o", tmp_path / "oggi"
    )
    assert code == 0 and "provvisoria" in out


def test_publishing_a_period_closed_by_an_earlier_release_warns_the_office(
    monitored_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.publishkit import as_first_format

    db = open_database(monitored_db)
    try:
        as_first_format(Services(db, EditContext(user="Tester", source="test")))
    finally:
        db.close()
    code, out, err = run(capsys, "publish", "--db", monitored_db, "--period", PERIOD,
                         "-o", tmp_path / "sito")  # fmt: skip
    assert code == 0 and "Pubblicazione scritta" in out
    assert "versione precedente" in err and "riaprire il periodo e chiuderlo di nuovo" in err
    code, _, err = run(capsys, "publish", "--db", monitored_db, "--provvisorio",
                       "-o", tmp_path / "oggi")  # fmt: skip
    assert code == 0 and "versione precedente" not in err
