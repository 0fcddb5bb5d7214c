"""Two writers on one file: the second waits its turn (BEGIN IMMEDIATE with the busy
timeout) instead of being refused at once with "database bloccato"; nothing is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def another_writer(path: Path, seconds: float) -> Iterator[threading.Event]:
    """Another program in the middle of a write on `path`, for `seconds` or until released."""
    db = open_database(path, auto_backup=False)
    holding, release = threading.Event(), threading.Event()

    def hold_the_file() -> None:
        with db.transaction() as session:
            session.connection().exec_driver_sql(
                "UPDATE psm_meta SET value = value WHERE key = 'app'"
            )
            holding.set()
            release.wait(seconds)

    other = threading.Thread(target=hold_the_file)
    other.start()
    try:
        assert holding.wait(5)
        yield release
    finally:
        release.set()
        other.join()
        db.close()


def test_a_write_waits_for_another_writer_instead_of_failing(db_path: Path) -> None:
    db = open_database(db_path, auto_backup=False)
    try:
        services = Services(db, EditContext(user="Seconda finestra", source="test"))
        action = services.actions.get_by_code("1.1.2")
        with another_writer(db_path, seconds=1.0):
            started = time.monotonic()
            detail = services.actions.update(action.id, action.version, {"progress": 35})
            waited = time.monotonic() - started
        assert detail.progress == 35
        assert services.actions.get(action.id).progress == 35
        assert waited > 0.5  # it waited for the other writer's commit, then wrote
    finally:
        db.close()


def test_reading_does_not_wait_for_a_writer(db_path: Path) -> None:
    """Read-only work stays a deferred transaction: it reads while another program writes."""
    db = open_database(db_path, auto_backup=False)
    try:
        services = Services(db, EditContext(user="Altro", source="test"))
        with another_writer(db_path, seconds=5.0):
            started = time.monotonic()
            assert services.actions.get_by_code("1.1.3").code == "1.1.3"
            assert time.monotonic() - started < 0.8
    finally:
        db.close()


WRITER = r"""
import json, sys, time
from psm_desktop.errors import UserError
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database

path, code, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
db = open_database(path, auto_backup=False)
services = Services(db, EditContext(user="writer-" + code, source="test"))
action_id = services.actions.get_by_code(code).id
done, refused, n = [], [], 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    n += 1
    note = f"{code} modifica {n}"
    try:
        version = services.actions.get(action_id).version
        services.actions.update(action_id, version, {"notes": note})
        done.append(note)
    except UserError as exc:
        refused.append(exc.message)
db.close()
print(json.dumps({"done": done, "refused": refused}))
"""


def run_two_writers(db_path: Path, seconds: float) -> list[dict[str, list[str]]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), code, str(seconds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for code in ("1.1.1", "1.1.2")
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=seconds + 120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_two_processes_editing_one_file_refuse_nothing_and_lose_nothing(db_path: Path) -> None:
    open_database(db_path, auto_backup=False).close()
    results = run_two_writers(db_path, seconds=4)
    db = open_database(db_path, auto_backup=False)
    try:
        services = Services(db, EditContext(user="Controllo", source="test"))
        logged = [c.new_value for c in services.history.recent(limit=100_000)]
        for code, result in zip(("1.1.1", "1.1.2"), results, strict=True):
            assert result["refused"] == [], result["refused"][:3]
            assert len(result["done"]) > 5
            # Every accepted edit is in the change log, and the last one is what is stored.
            assert set(result["done"]) <= set(logged)
            assert services.actions.get_by_code(code).notes == result["done"][-1]
    finally:
        db.close()
