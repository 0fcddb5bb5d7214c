"""Benchmark: the same operations on a SQLite file and on a PostgreSQL server, in one run.

    python tests/benchmarks/bench_server.py [--actions N]
    python -m pytest tests/benchmarks/bench_server.py -s

A demo plan of N actions (10,000) is built in a file, copied to a server started in a
temporary folder (tests/pgserver.py, the same machine), and each operation is timed on
both: listing all actions, filtering them, opening an action, saving an edit, and importing
a tracker of the whole plan with 1,000 edited actions. The aim: the server at most twice
SQLite's time for each.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script from a source checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import pgserver
from bench_tracker import edit_many

from psm_desktop.exchange.tracker.export import export_tracker
from psm_desktop.exchange.tracker.service import apply_plan, prepare_import
from psm_desktop.model import Status
from psm_desktop.services import ActionFilter, EditContext, Services
from psm_desktop.storage import open_database, server_roles
from psm_desktop.storage.copying import copy_plan
from psm_desktop.storage.database import open_server
from psm_desktop.storage.demo import build_demo

USER = "psm_bench_coord"


def timed(fn: Callable[[], Any], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def measure(location: Path | str, folder: Path, label: str) -> dict[str, float]:
    db = (
        open_database(location, auto_backup=False)
        if isinstance(location, Path)
        else (open_database(location))
    )
    services = Services(db, EditContext(user="bench", source="test"))
    figures: dict[str, float] = {}
    try:
        figures["elenco"] = timed(lambda: services.actions.list_actions())
        flt = ActionFilter(statuses=frozenset({Status.IN_PROGRESS}), text="servizi")
        figures["filtro"] = timed(lambda: services.actions.list_actions(flt))
        first = services.actions.list_actions()[len(services.actions.list_actions()) // 2]
        figures["apertura"] = timed(lambda: services.actions.get(first.id), runs=20)

        def save() -> None:
            detail = services.actions.get(first.id)
            services.actions.update(detail.id, detail.version, {"progress": detail.progress ^ 1})

        figures["salvataggio"] = timed(save, runs=10)
        tracker = folder / f"{label}.xlsx"
        export_tracker(services, tracker)
        edited = folder / f"{label}-modificato.xlsx"
        edit_many(tracker, edited, 1000)

        def import_tracker() -> None:
            plan = prepare_import(services, edited)
            apply_plan(services, plan)

        figures["importazione"] = timed(import_tracker, runs=1)
    finally:
        db.close()
    return figures


def main(n_actions: int = 10_000) -> list[tuple[str, float, float]]:
    why = pgserver.missing_reason()
    if why is not None:
        print(why)
        return []
    server = pgserver.PgServer()
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="psm-bench-server-") as tmp:
            folder = Path(tmp)
            path = folder / "demo.sqlite"
            build_demo(path, n_actions, seed=2024)
            name = server.new_database()
            copy_plan(path, server.url(name))
            db = open_server(server.url(name), administration=True)
            try:
                server_roles.install(db)
                server_roles.add_user(db, USER, "coordinatore", None)
            finally:
                db.close()
            on_file = measure(path, folder, "file")
            on_server = measure(server.url(name, user=USER), folder, "server")
    finally:
        server.stop()
    rows = [(what, on_file[what], on_server[what]) for what in on_file]
    print(f"\n{n_actions} azioni: SQLite / server PostgreSQL (stessa macchina)")
    for what, a, b in rows:
        print(f"  {what:<13} {a * 1000:9.1f} ms  {b * 1000:9.1f} ms   {b / a:5.2f}×")
    return rows


def test_bench_server() -> None:
    rows = main(2_000)
    assert all(b > 0 for _, _, b in rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=10_000)
    main(parser.parse_args().actions)
