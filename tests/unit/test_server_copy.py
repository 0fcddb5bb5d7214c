"""`psm-desktop copy`: a whole plan from a SQLite file to a new server database and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from clirun import run_cli
from pgserver import PgServer
from sqlalchemy import select
from trackerkit import give_state, services_of

from psm_desktop.model import Base
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.storage.database import open_server


def _tables(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    with db.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def test_file_to_server_to_file_keeps_every_table_equal(
    db_path: Path,
    pg_server: PgServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, services = services_of(db_path)
    try:
        give_state(services)  # deadlines, assignments, indicators, history...
        office = services.actions.get_by_code("1.2.1")  # and the office fields
        services.actions.update(
            office.id,
            office.version,
            {"cup": "J81B19000000012", "pnrr": "M1C1 I1.1", "sdgs": [3, 11], "competence": "regia"},
        )
        original = _tables(db)
        assert len(original["action_sdg"]) == 2
    finally:
        db.close()
    url = pg_server.url(pg_server.new_database())

    code, out, err = run_cli(capsys, "copy", "--from", db_path, "--to", url)
    assert code == 0, err
    assert "Copiato il piano" in out
    on_server = open_server(url, administration=True)
    try:
        assert _tables(on_server) == original
    finally:
        on_server.close()

    back = tmp_path / "ritorno.sqlite"
    code, out, err = run_cli(capsys, "copy", "--from", url, "--to", back)
    assert code == 0, err
    copy = open_database(back, create=False, auto_backup=False)
    try:
        assert _tables(copy) == original
    finally:
        copy.close()

    # The server's id counters follow the copied rows: new rows get new ids.
    on_server = open_server(url, administration=True)
    try:
        added = Services(on_server, EditContext(user="IT", source="test")).stakeholders
        first, second = added.create("Nuovo ufficio A"), added.create("Nuovo ufficio B")
        assert first.id > max(r[0] for r in original["stakeholder"]) and second.id > first.id
    finally:
        on_server.close()


def test_copy_refuses_a_target_that_is_not_new(
    db_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "copy", "--from", pg_url, "--to", db_path)
    assert code != 0 and "esiste già" in err
    code, _, err = run_cli(capsys, "copy", "--from", db_path, "--to", pg_url)
    assert code != 0 and "contiene già" in err


def test_a_fresh_process_copies_the_monitoring_and_campaign_tables_too(
    db_path: Path, pg_server: PgServer, tmp_path: Path
) -> None:
    """The models' tables load on first use (start-up speed): a `copy` run in a process of
    its own listed only the tables of the plan's core and left periods, indicators and
    campaigns behind."""
    import datetime as dt
    import os
    import subprocess
    import sys

    from psm_desktop.model import PeriodKind

    db, services = services_of(db_path)
    try:
        give_state(services)
        services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
        services.campaigns.create("Primavera", dt.date(2025, 7, 31))
        original = _tables(db)
    finally:
        db.close()
    assert original["period"] and original["campaign"] and original["campaign_office"]
    url = pg_server.url(pg_server.new_database())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "psm_desktop", "copy", "--from", str(db_path), "--to", url],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    on_server = open_server(url, administration=True)
    try:
        assert _tables(on_server) == original
    finally:
        on_server.close()
