"""Benchmark: listing and filtering 10,000 actions through the services vs raw sqlite3.

Run either way (prints figures, asserts only that both sides return the same rows):

    python tests/benchmarks/bench_services.py [--actions N] [--runs R]
    python -m pytest tests/benchmarks/bench_services.py -s

The raw side is the fastest honest equivalent: one SQL query per list that returns the same
rows and columns (code, text, axis, strategy, status, progress, dates, lead, next open
deadline), with the filter in SQL. The services side is `ActionService.list_actions`, which
loads plain `ActionRow`s (also the stakeholder and zone ids the UI filters on) and filters
them in Python. The aim is a ratio of at most 3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script from a source checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from psm_desktop.model import Status
from psm_desktop.services import ActionFilter, EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.storage.demo import build_demo

TODAY = dt.date(2026, 6, 15)
CLOSED = (Status.COMPLETED.value, Status.CANCELLED.value)

# Lead names (sorted, comma-joined) and the next open deadline as correlated subqueries.
RAW_SELECT = """
SELECT act.code, act.text, ax.number, st.code, act.status, act.progress,
       act.start_date, act.end_date,
       (SELECT group_concat(name, ', ') FROM (
            SELECT sh.name FROM assignment asg JOIN stakeholder sh ON sh.id = asg.stakeholder_id
            WHERE asg.action_id = act.id AND asg.role = 'responsabile' ORDER BY sh.name)) AS lead,
       (SELECT min(due_date) FROM deadline d
        WHERE d.action_id = act.id AND d.completed_on IS NULL) AS next_due
FROM action act
JOIN strategy st ON st.id = act.strategy_id
JOIN axis ax ON ax.id = st.axis_id
{where}
ORDER BY ax.number, st.position, act.position, act.id
"""

Row = tuple[Any, ...]


def raw_list(conn: sqlite3.Connection, where: str = "", params: tuple[Any, ...] = ()) -> list[Row]:
    sql = RAW_SELECT.format(where=f"WHERE {where}" if where else "")
    return conn.execute(sql, params).fetchall()


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def service_list(services: Services, flt: ActionFilter) -> list[Row]:
    return [
        (
            r.code,
            r.text,
            r.axis_number,
            r.strategy_code,
            r.status.value,
            r.progress,
            _iso(r.start_date),
            _iso(r.end_date),
            r.lead,
            _iso(r.next_deadline),
        )
        for r in services.actions.list_actions(flt, today=TODAY)
    ]


def cases(services: Services) -> list[tuple[str, ActionFilter, str, tuple[Any, ...]]]:
    today = TODAY.isoformat()
    overdue_sql = (
        "act.status NOT IN (?, ?) AND (act.end_date < ? OR EXISTS (SELECT 1 FROM deadline d "
        "WHERE d.action_id = act.id AND d.completed_on IS NULL AND d.due_date < ?))"
    )
    # A word that appears in the demo texts; ASCII so that SQL lower() and casefold agree.
    word = "filiere"
    return [
        ("tutte", ActionFilter(), "", ()),
        (
            "stato in corso",
            ActionFilter(statuses=frozenset({Status.IN_PROGRESS})),
            "act.status = ?",
            (Status.IN_PROGRESS.value,),
        ),
        ("asse 3", ActionFilter(axis=3), "ax.number = ?", (3,)),
        (
            f"testo '{word}'",
            ActionFilter(text=word),
            "(lower(act.code || ' ' || act.text || ' ' || coalesce(act.short_title, '')) LIKE ? "
            "OR EXISTS (SELECT 1 FROM assignment asg JOIN stakeholder sh ON sh.id = "
            "asg.stakeholder_id WHERE asg.action_id = act.id AND asg.role = 'responsabile' "
            "AND lower(sh.name) LIKE ?))",
            (f"%{word}%", f"%{word}%"),
        ),
        ("in ritardo", ActionFilter(overdue_only=True), overdue_sql, (*CLOSED, today, today)),
    ]


def best_of(runs: int, *fns: Callable[[], object]) -> list[tuple[float, float]]:
    """Best (wall, CPU) seconds of each function, run in turn so both meet the same load."""
    best = [(float("inf"), float("inf")) for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[i] = (min(best[i][0], wall), min(best[i][1], cpu))
    return best


Result = tuple[str, int, tuple[float, float], tuple[float, float]]


def run_benchmark(path: Path, n_actions: int, runs: int) -> list[Result]:
    if not path.exists():
        started = time.perf_counter()
        build_demo(path, n_actions)
        elapsed = time.perf_counter() - started
        print(f"Piano dimostrativo di {n_actions} azioni creato in {elapsed:.1f} s")
    db = open_database(path, auto_backup=False)
    conn = sqlite3.connect(path)
    results: list[Result] = []
    try:
        services = Services(db, EditContext(user="bench", source="bench"))
        for name, flt, where, params in cases(services):
            via_services = service_list(services, flt)
            via_sql = raw_list(conn, where, params)
            assert via_services == via_sql, f"{name}: the two sides return different rows"
            t_services, t_sql = best_of(
                runs,
                lambda flt=flt: services.actions.list_actions(flt, today=TODAY),
                lambda where=where, params=params: raw_list(conn, where, params),
            )
            results.append((name, len(via_sql), t_services, t_sql))
    finally:
        conn.close()
        db.close()
    return results


def report(results: list[Result]) -> None:
    # CPU time of this process is what the code costs; wall time also counts other
    # programs competing for the processor, so both are shown.
    print(
        f"{'Filtro':<18} {'righe':>6} {'servizi ms':>11} {'sqlite3 ms':>11} {'rapporto':>9}"
        f" {'(tempo reale:':>14} {'servizi':>8} {'sqlite3':>8} {'rapporto)':>9}"
    )
    for name, count, (w_s, c_s), (w_q, c_q) in results:
        print(
            f"{name:<18} {count:>6} {c_s * 1000:>11.1f} {c_q * 1000:>11.1f} {c_s / c_q:>9.2f}"
            f" {'':>14} {w_s * 1000:>8.1f} {w_q * 1000:>8.1f} {w_s / w_q:>9.2f}"
        )
    worst = max(c_s / c_q for _, _, (_, c_s), (_, c_q) in results)
    print(f"Rapporto peggiore (tempo CPU): {worst:.2f} (obiettivo: al massimo 3)")


def test_benchmark_services_vs_sqlite(tmp_path: Path) -> None:
    n = int(os.environ.get("PSM_BENCH_ACTIONS", "10000"))
    results = run_benchmark(tmp_path / "bench.sqlite", n, runs=5)
    report(results)
    assert results[0][1] == n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="reuse this demo database (created if missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("PSM_DESKTOP_DATA_DIR", str(Path(folder) / "dati"))
        path = args.db or Path(folder) / "bench.sqlite"
        report(run_benchmark(path, args.actions, args.runs))


if __name__ == "__main__":
    main()
