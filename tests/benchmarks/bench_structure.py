"""Benchmark: structural edits (moves, renumbering, delete and restore) on a large plan.

Run either way (prints figures, asserts only that the edits did what they say):

    python tests/benchmarks/bench_structure.py [--actions N]
    python -m pytest tests/benchmarks/bench_structure.py -s

The demo plan spreads its actions over 34 strategies: with the default 17,000 actions the
largest strategy holds about 500. Each edit is one `StructureService` call, as the
interface makes it: it renumbers the siblings and everything below them, logs every old ->
new code and bumps the versions. The aim is under one second for a strategy of 500 actions.

It also times the structure workbook at scale: `init --from` a workbook of the whole demo
plan (every action created in a new database; aim under 10 s) and the import back of that
workbook, with 500 action texts changed, into the database it was exported from. The
report sets them beside the figures measured before the bulk path (`WORKBOOK_BASELINE`:
one create per action, each renumbering its strategy, and every matched action read
again one query at a time).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script from a source checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from psm_desktop.exchange.new_plan import create_plan
from psm_desktop.exchange.structure import (
    apply_structure_import,
    export_structure,
    prepare_structure_import,
)
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.storage.demo import build_demo

Result = tuple[str, int, float, float]  # edit, codes changed, wall s, CPU s


def timed(name: str, call: Callable[[], Any], count: Callable[[Any], int]) -> Result:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return name, count(result), time.perf_counter() - wall, time.process_time() - cpu


def run_benchmark(path: Path, n_actions: int) -> tuple[int, list[Result]]:
    if not path.exists():
        build_demo(path, n_actions)
    db = open_database(path, auto_backup=False)
    try:
        services = Services(db, EditContext(user="bench", source="bench"))
        svc = services.structure
        tree = services.plan.tree()
        axis, node = max(
            ((a, s) for a in tree for s in a.strategies), key=lambda pair: len(pair[1].actions)
        )
        size = len(node.actions)
        sid = node.strategy.id
        other = next(a for a in tree if a.axis.id != axis.axis.id and a.strategies)
        changes: Callable[[Any], int] = lambda r: len(r.code_changes)  # noqa: E731
        results = [
            timed(
                "anteprima spostamento",
                lambda: svc.preview_move_strategy(sid, other.axis.id, 1),
                len,
            ),
            timed(
                "strategia in altro asse",
                lambda: svc.move_strategy(sid, None, other.axis.id, 1),
                changes,
            ),
            timed(
                "strategia in fondo",
                lambda: svc.move_strategy(sid, None, other.axis.id, None),
                changes,
            ),
            timed(
                "azione in fondo",
                lambda: svc.move_action(node.actions[0].id, None, sid, None),
                changes,
            ),
        ]
        deleted: list[Any] = []

        def delete() -> Any:
            deleted.append(svc.delete_strategy(sid, None, with_actions=True))
            return deleted[0]

        results.append(timed("elimina strategia", delete, changes))
        removed = deleted[0].removed
        results.append(timed("ripristina strategia", lambda: svc.restore(removed), changes))
        assert len(services.actions.list_actions()) == n_actions
    finally:
        db.close()
    return size, results


CHANGED_TEXTS = 500
# CPU seconds on the 10,000-action demo before the bulk path (main at 952414b, this
# machine, 2 shared cores): the "prima" column of the report.
WORKBOOK_BASELINE = {"init --from": 47.42, f"importazione ({CHANGED_TEXTS} testi)": 8.25}


def run_workbook_benchmark(folder: Path, n_actions: int) -> list[Result]:
    """`init --from` the demo's structure workbook; its import back with changed texts."""
    import openpyxl

    demo = folder / "wb-demo.sqlite"
    build_demo(demo, n_actions)
    db = open_database(demo, auto_backup=False)
    try:
        workbook = folder / "struttura.xlsx"
        export_structure(Services(db), workbook)
    finally:
        db.close()
    new = folder / "nuovo.sqlite"
    results = [
        timed(
            "init --from",
            lambda: create_plan(new, sources=[workbook]),
            lambda r: int(r.actions),
        )
    ]
    assert results[0][1] == n_actions
    book = openpyxl.load_workbook(workbook)
    sheet = book["Azioni"]
    text_column = [c.value for c in sheet[1]].index("Testo dell'azione") + 1
    changed = min(CHANGED_TEXTS, n_actions)
    for row in range(2, 2 + changed):
        cell = sheet.cell(row=row, column=text_column)
        cell.value = f"{cell.value} (aggiornata)"
    edited = folder / "struttura-modificata.xlsx"
    book.save(edited)
    # Back into the database it was exported from, as a coordinator does after editing it.
    db = open_database(demo, auto_backup=False)
    try:
        services = Services(db, EditContext(user="bench", source="bench"))

        def reimport() -> Any:
            preview = prepare_structure_import(services, edited)
            return apply_structure_import(services, preview, apply_removals=False)

        results.append(timed(f"importazione ({changed} testi)", reimport, lambda r: int(r.updated)))
    finally:
        db.close()
    assert results[1][1] == changed
    return results


def report_workbook(n_actions: int, results: list[Result]) -> None:
    print(f"Cartella di lavoro della struttura, {n_actions} azioni")
    print(
        f"{'Operazione':<28} {'azioni':>7} {'tempo reale s':>14} {'CPU s':>7}"
        f" {'prima CPU s':>12} {'rapporto':>9}"
    )
    for name, count, wall, cpu in results:
        before = WORKBOOK_BASELINE.get(name) if n_actions == 10_000 else None
        then = f"{before:>12.2f} {before / cpu:>8.1f}x" if before else f"{'—':>12} {'—':>9}"
        print(f"{name:<28} {count:>7} {wall:>14.3f} {cpu:>7.3f} {then}")
    print("Obiettivo init --from: meno di 10 s")


def report(size: int, results: list[Result]) -> None:
    print(f"Strategia più grande: {size} azioni")
    print(f"{'Modifica':<24} {'codici':>7} {'tempo reale s':>14} {'CPU s':>7}")
    for name, count, wall, cpu in results:
        print(f"{name:<24} {count:>7} {wall:>14.3f} {cpu:>7.3f}")
    worst = max(cpu for _, _, _, cpu in results)
    print(f"Caso peggiore (CPU): {worst:.3f} s (obiettivo: meno di 1 s)")


def test_benchmark_structure(tmp_path: Path) -> None:
    n = int(os.environ.get("PSM_BENCH_ACTIONS", "17000"))
    size, results = run_benchmark(tmp_path / "bench.sqlite", n)
    report(size, results)
    assert size >= n // 40


def test_benchmark_structure_workbook(tmp_path: Path) -> None:
    n = int(os.environ.get("PSM_BENCH_WORKBOOK_ACTIONS", "10000"))
    report_workbook(n, run_workbook_benchmark(tmp_path, n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--actions", type=int, default=17_000)
    parser.add_argument("--db", type=Path, help="reuse this demo database (created if missing)")
    parser.add_argument(
        "--workbook-actions", type=int, default=10_000, help="0 skips the workbook figures"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("PSM_DESKTOP_DATA_DIR", str(Path(folder) / "dati"))
        report(*run_benchmark(args.db or Path(folder) / "bench.sqlite", args.actions))
        if args.workbook_actions:
            report_workbook(
                args.workbook_actions,
                run_workbook_benchmark(Path(folder), args.workbook_actions),
            )


if __name__ == "__main__":
    main()
