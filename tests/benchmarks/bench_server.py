"""Benchmark: the same operations on a SQLite file and on a PostgreSQL server, in one run.

    python tests/benchmarks/bench_server.py [--actions N] [--runs R]
    python -m pytest tests/benchmarks/bench_server.py -s

The 10,000-action demo plan (psm_desktop.storage.demo) is built in a file and copied to a
server started in a temporary folder on the same machine (tests/pgserver.py), durable as
a real one (fsync on, as SQLite's synchronous=FULL is). The application connects to it as
it always does: as a plan user with the coordinatore role, not the tables' owner, so the
server checks its grants and row-level security policies on every statement.

Timed on both, through the services: listing every action, filtering them (a status and
a word), opening one action, saving an edit of it, and importing a tracker of the whole
plan in which another office edited 1,000 actions (reading, comparing, the trial and the
writing). The runs of the two engines alternate, so that whatever else the machine is
doing weighs on both alike; each figure is the best of its runs. The aim (issue 13.8):
each server figure at most twice SQLite's. Figures are printed, not asserted.

Beside them, the mean processor time of each operation: this process's, plus the server's
processes' for the server (Linux). On a busy machine elapsed times swing with everything
else that runs; processor times show the work each engine does.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script from a source checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import pgserver
import pytest
from bench_tracker import edit_many

from psm_desktop.exchange.tracker.export import export_tracker
from psm_desktop.exchange.tracker.service import apply_plan, prepare_import
from psm_desktop.model import Status
from psm_desktop.services import ActionFilter, EditContext, Services
from psm_desktop.storage import Database, open_database, postgres, server_roles
from psm_desktop.storage.copying import copy_plan
from psm_desktop.storage.database import open_server
from psm_desktop.storage.demo import build_demo

USER = "psm_bench_coord"
AIM = 2.0
EDITED = 1_000


@dataclass
class Side:
    """One engine's plan, its services, and the action opened and saved."""

    db: Database
    services: Services
    action_id: int = 0

    def close(self) -> None:
        self.db.close()


@dataclass(frozen=True)
class Figure:
    """One operation on both engines: the best elapsed time, and the mean processor time
    it took (this process, plus the server's processes for the server)."""

    what: str
    file: float
    server: float
    file_cpu: float
    server_cpu: float


class Clock:
    """Elapsed and processor time; the server's from /proc (Linux), 0 where unknown."""

    def __init__(self, server: pgserver.PgServer) -> None:
        self.postmaster = int((server.data / "postmaster.pid").read_text().split()[0])

    def server_cpu(self) -> float:
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                data = stat.read_text()
            except OSError:
                continue
            fields = data[data.rindex(")") + 2 :].split()
            if int(stat.parent.name) == self.postmaster or int(fields[1]) == self.postmaster:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def run(self, fn: Callable[[], Any], runs: int, server: bool) -> tuple[float, float]:
        """The best elapsed time of `runs` runs of `fn`, and the mean processor time."""
        best, cpu = float("inf"), 0.0
        for _ in range(runs):
            cpu -= self.server_cpu() if server else 0.0  # reading /proc is not counted
            cpu -= time.process_time()
            started = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - started)
            cpu += time.process_time()
            cpu += self.server_cpu() if server else 0.0
        return best, cpu / runs

    def both(
        self, what: str, file: Callable[[], Any], server: Callable[[], Any], runs: int
    ) -> Figure:
        """File and server taking turns, so that the machine's other work weighs on both."""
        on_file = on_server = (float("inf"), 0.0)
        for _ in range(runs):
            f, s = self.run(file, 1, server=False), self.run(server, 1, server=True)
            on_file = (min(on_file[0], f[0]), on_file[1] + f[1] / runs)
            on_server = (min(on_server[0], s[0]), on_server[1] + s[1] / runs)
        return Figure(what, on_file[0], on_server[0], on_file[1], on_server[1])


def prepare(location: Path | str) -> Side:
    db = (
        open_database(location, auto_backup=False)
        if isinstance(location, Path)
        else open_database(location)  # a plan user: an owner is refused
    )
    side = Side(db, Services(db, EditContext(user="bench", source="test")))
    rows = side.services.actions.list_actions()
    side.action_id = rows[len(rows) // 2].id
    return side


def save(side: Side) -> None:
    detail = side.services.actions.get(side.action_id)
    side.services.actions.update(detail.id, detail.version, {"progress": detail.progress ^ 1})


def edited_tracker(side: Side, folder: Path, label: str) -> Path:
    exported = folder / f"{label}.xlsx"
    export_tracker(side.services, exported)
    edited = folder / f"{label}-modificato.xlsx"
    edit_many(exported, edited, EDITED)
    return edited


def import_tracker(side: Side, tracker: Path) -> None:
    plan = prepare_import(side.services, tracker)
    assert len({i.action_id for i in plan.to_apply}) >= EDITED // 2, "edits not found"
    apply_plan(side.services, plan)


def measure(file: Side, server: Side, folder: Path, clock: Clock, runs: int) -> list[Figure]:
    flt = ActionFilter(statuses=frozenset({Status.IN_PROGRESS}), text="servizi")
    figures = [
        clock.both(
            "elenco", file.services.actions.list_actions, server.services.actions.list_actions, runs
        ),
        clock.both(
            "filtro",
            lambda: file.services.actions.list_actions(flt),
            lambda: server.services.actions.list_actions(flt),
            runs,
        ),
        clock.both(
            "apertura",
            lambda: file.services.actions.get(file.action_id),
            lambda: server.services.actions.get(server.action_id),
            runs * 10,
        ),
        clock.both("salvataggio", lambda: save(file), lambda: save(server), runs * 5),
    ]
    trackers = edited_tracker(file, folder, "file"), edited_tracker(server, folder, "server")
    # One import each: a second would find the edits already there.
    on_file = clock.run(lambda: import_tracker(file, trackers[0]), 1, server=False)
    on_server = clock.run(lambda: import_tracker(server, trackers[1]), 1, server=True)
    figures.append(Figure("importazione", on_file[0], on_server[0], on_file[1], on_server[1]))
    return figures


def report(n_actions: int, figures: list[Figure]) -> None:
    print(
        f"\n{n_actions:,} azioni, server PostgreSQL sulla stessa macchina "
        f"(utente {USER}, coordinatore, non proprietario delle tabelle)"
    )
    print(
        f"  {'operazione':<13} {'SQLite':>10} {'server':>10} {'rapporto':>9}  obiettivo"
        "            | tempo di processore: SQLite, server (client + server), rapporto"
    )
    for f in figures:
        ratio = f.server / f.file
        verdict = "raggiunto" if ratio <= AIM else "NON raggiunto"
        cpu = f.server_cpu / f.file_cpu if f.file_cpu else float("nan")
        print(
            f"  {f.what:<13} {f.file * 1000:8.1f} ms {f.server * 1000:8.1f} ms "
            f"{ratio:8.2f}×  ≤ {AIM:.0f}×: {verdict:<13} | "
            f"{f.file_cpu * 1000:8.1f} ms {f.server_cpu * 1000:8.1f} ms {cpu:5.2f}×"
        )


def main(n_actions: int = 10_000, runs: int = 3) -> list[Figure]:
    why = pgserver.missing_reason()
    if why is not None:
        print(why)
        return []
    server = pgserver.PgServer(durable=True)
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
            file, on_server = prepare(path), prepare(server.url(name, user=USER))
            try:
                assert not postgres.is_owner(on_server.db.engine)
                rows = measure(file, on_server, folder, Clock(server), runs)
            finally:
                file.close()
                on_server.close()
    finally:
        server.stop()
    report(n_actions, rows)
    return rows


@pytest.mark.timeout(3600)  # two imports of 10,000 actions on a busy machine
def test_bench_server() -> None:
    figures = main()
    assert all(f.file > 0 and f.server > 0 for f in figures)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    main(args.actions, args.runs)
