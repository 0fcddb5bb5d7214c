"""Benchmark: tracker export and import at 10,000 actions against raw openpyxl.

    python tests/benchmarks/bench_tracker.py [--actions 10000]
    python -m pytest tests/benchmarks/bench_tracker.py -s

A demo plan (psm_desktop.storage.demo.build_demo) is exported and imported back.
Baselines, in the same process:
- raw write: openpyxl write-only mode writing the same cell values to the same sheets
  (visible sheets and the hidden base), with no styles, validation or formats;
- raw read: openpyxl read-only mode loading the tracker and iterating every row of every
  sheet (values only).
Ours is timed end to end: export includes loading the data from the database; import
includes the file checks, reading, loading the database's data, the three-way merge and
the trial apply that is rolled back (a tracker with 1,000 edited actions).
Peak memory is measured separately with tracemalloc (Python allocations) and the
process's maximum resident size is printed too. Aims (issue 4): export <= 1.5x raw write,
import <= 2x raw read, peak memory < 300 MB. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from psm_desktop.exchange.tracker.export import export_tracker  # noqa: E402
from psm_desktop.exchange.tracker.layout import (  # noqa: E402
    ACTIONS,
    ASSIGNMENTS,
    BASE_FIELDS,
    BASE_SHEET,
    DEADLINES,
    INDICATORS,
    STAKEHOLDERS,
    Kind,
)
from psm_desktop.exchange.tracker.scope import Scope, action_ids  # noqa: E402
from psm_desktop.exchange.tracker.service import prepare_import  # noqa: E402
from psm_desktop.exchange.tracker.snapshot import load_snapshot  # noqa: E402
from psm_desktop.exchange.tracker.values import to_base, to_cell  # noqa: E402
from psm_desktop.services import EditContext, Services  # noqa: E402
from psm_desktop.storage import open_database  # noqa: E402
from psm_desktop.storage.demo import build_demo  # noqa: E402

EDITED = 1_000


def timed(fn: Callable[[], Any], runs: int = 1) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_mb(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def same_cells(services: Services) -> list[tuple[str, list[list[Any]]]]:
    """The values our export writes, sheet by sheet, as plain rows."""
    snap = load_snapshot(services, action_ids(services, Scope()))
    sheets = []
    for spec, records in (
        (ACTIONS, snap.actions),
        (DEADLINES, snap.deadlines),
        (STAKEHOLDERS, snap.stakeholders),
        (ASSIGNMENTS, snap.assignments),
    ):
        rows = [[c.header for c in spec.columns]]
        rows += [[to_cell(c.kind, r.values.get(c.key)) for c in spec.columns] for r in records]
        sheets.append((spec.name, rows))
    base: list[list[Any]] = []
    specs = {"A": ACTIONS, "D": DEADLINES, "S": STAKEHOLDERS, "G": ASSIGNMENTS, "I": INDICATORS}
    records = {"A": snap.actions, "D": snap.deadlines, "S": snap.stakeholders}
    records["G"] = snap.assignments
    records["I"] = snap.indicators
    for code, fields in BASE_FIELDS.items():
        kinds = [specs[code].by_key[f].kind if f in specs[code].by_key else Kind.ID for f in fields]
        base.append(["fields", code, *fields])
        for r in records[code]:
            base.append(
                [code, *(to_base(k, r.values.get(f)) for f, k in zip(fields, kinds, strict=False))]
            )
    sheets.append((BASE_SHEET, base))
    return sheets


def raw_write(sheets: list[tuple[str, list[list[Any]]]], target: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(target)


def raw_read(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    wb.close()
    return cells


def edit_many(source: Path, target: Path, count: int) -> None:
    """Another office's edits: status and progress of `count` actions (openpyxl, normal)."""
    from openpyxl import load_workbook

    wb = load_workbook(source)
    ws = wb["Azioni"]
    status_col = ACTIONS.index("status") + 1
    progress_col = ACTIONS.index("progress") + 1
    for row in range(2, 2 + count):
        ws.cell(row, status_col).value = "In corso"
        ws.cell(row, progress_col).value = "55%"
    wb.save(target)


def main(n_actions: int = 10_000) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-tracker-"))
    os.environ.setdefault("PSM_DESKTOP_DATA_DIR", str(folder / "data"))
    try:
        db_path = folder / "demo.sqlite"
        seconds, counts = timed(lambda: build_demo(db_path, n_actions))
        print(f"\nPiano dimostrativo: {counts} in {seconds:.1f} s")
        db = open_database(db_path, auto_backup=False)
        services = Services(db, EditContext(user="bench", source="bench"))
        tracker = folder / "tracker.xlsx"
        raw = folder / "raw.xlsx"

        export_s, _ = timed(lambda: export_tracker(services, tracker), runs=2)
        cells_s, sheets = timed(lambda: same_cells(services))
        raw_w_s, _ = timed(lambda: raw_write(sheets, raw), runs=2)
        n_cells = sum(len(r) for _, rows in sheets for r in rows)
        print(f"Celle scritte: {n_cells:,}; tracker {tracker.stat().st_size / 2**20:.1f} MB")
        print(f"Esportazione (dati + scrittura):  {export_s:6.2f} s")
        print(f"openpyxl write-only, stesse celle: {raw_w_s:6.2f} s")
        print(f"  (preparare i valori per il grezzo: {cells_s:.2f} s, non contati)")
        print(f"  rapporto esportazione / grezzo: {export_s / raw_w_s:5.2f}  (obiettivo <= 1.5)")

        edited = folder / "ufficio.xlsx"
        edit_many(tracker, edited, min(EDITED, n_actions // 2))
        import_s, plan = timed(lambda: prepare_import(services, edited), runs=2)
        raw_r_s, n_read = timed(lambda: raw_read(edited), runs=2)
        found = len(plan.items)
        print(f"Importazione ({found} modifiche trovate, verifica inclusa): {import_s:6.2f} s")
        print(f"openpyxl read-only, {n_read:,} celle:            {raw_r_s:6.2f} s")
        print(f"  rapporto importazione / grezzo: {import_s / raw_r_s:5.2f}  (obiettivo <= 2)")

        apply_db = folder / "apply.sqlite"
        db.close()
        shutil.copyfile(db_path, apply_db)
        db = open_database(apply_db, auto_backup=False)
        services = Services(db, EditContext(user="bench", source="bench"))
        from psm_desktop.exchange.tracker.service import apply_plan

        plan = prepare_import(services, edited)
        apply_s, _ = timed(lambda: apply_plan(services, plan))
        print(f"Applicazione di {len(plan.items)} modifiche (una transazione): {apply_s:6.2f} s")

        export_mb = peak_mb(lambda: export_tracker(services, folder / "mem.xlsx"))
        import_mb = peak_mb(lambda: prepare_import(services, edited))
        raw_w_mb = peak_mb(lambda: raw_write(sheets, folder / "raw2.xlsx"))
        raw_r_mb = peak_mb(lambda: raw_read(edited))
        print(
            f"Memoria di picco (tracemalloc): esportazione {export_mb:.0f} MB, "
            f"importazione {import_mb:.0f} MB (obiettivo < 300 MB); "
            f"grezzo: scrittura {raw_w_mb:.0f} MB, lettura {raw_r_mb:.0f} MB"
        )
        print(
            "Memoria residente massima, in un processo nuovo: esportazione "
            f"{child_rss('export', apply_db, folder / 'rss.xlsx'):.0f} MB, importazione "
            f"{child_rss('import', apply_db, edited):.0f} MB (interprete e librerie compresi)"
        )
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def child_rss(what: str, db_path: Path, tracker: Path) -> float:
    """Peak resident memory (MB) of a fresh interpreter doing only the export or import."""
    import subprocess

    out = subprocess.run(
        [sys.executable, __file__, "--measure", what, str(db_path), str(tracker)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    return float(out.strip().splitlines()[-1])


def measure(what: str, db_path: Path, tracker: Path) -> None:
    db = open_database(db_path, auto_backup=False)
    services = Services(db, EditContext(user="bench", source="bench"))
    if what == "export":
        export_tracker(services, tracker)
    else:
        prepare_import(services, tracker)
    db.close()
    print(peak_rss_mb())


def peak_rss_mb() -> float:
    """This process's peak resident memory. /proc's VmHWM belongs to the process image, while
    ru_maxrss keeps the parent's figure across fork and exec on Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_bench_tracker() -> None:
    main(int(os.environ.get("PSM_BENCH_ACTIONS", "10000")))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument(
        "--measure", nargs=3, metavar=("WHAT", "DB", "FILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        measure(args.measure[0], Path(args.measure[1]), Path(args.measure[2]))
    else:
        main(args.actions)
