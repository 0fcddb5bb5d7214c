"""Benchmark: closing a period and the monitoring report on the 10,000-action demo.

    python -m pytest tests/benchmarks/bench_monitoring.py -s
    python tests/benchmarks/bench_monitoring.py

The demo (psm_desktop.storage.demo.build_demo) has about two indicators per action.
Three semester periods are added; each gets a value for every indicator (one in ten
"n.d."), a fifth of the actions move on, and the period is closed through PeriodService
(timed: the whole live state, the snapshot, one transaction). Then the monitoring report
of the third period is made (snapshot, trend, changes since the second, charts, layout,
file) and compared with the baseline made in the same run: the axis sheets of the whole
plan, one PDF per axis. CPU time is what the ratio uses (it does not grow when other
programs load the machine). Figures and ratios are printed, not asserted.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select, update

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from psm_desktop.exchange.pdf.documents import export_pdf  # noqa: E402
from psm_desktop.exchange.pdf.requests import AxisSheet, MonitoringReport  # noqa: E402
from psm_desktop.model import (  # noqa: E402
    Action,
    Indicator,
    IndicatorValue,
    Period,
    PeriodKind,
    PeriodSnapshot,
)
from psm_desktop.services import Services  # noqa: E402
from psm_desktop.services.context import EditContext  # noqa: E402
from psm_desktop.storage import Database, open_database  # noqa: E402
from psm_desktop.storage.demo import build_demo  # noqa: E402

PERIODS = (
    ("2025-S1", dt.date(2025, 6, 30)),
    ("2025-S2", dt.date(2025, 12, 31)),
    ("2026-S1", dt.date(2026, 6, 30)),
)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM, as bench_tracker.py reads it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """Wall time and CPU time of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def measure_period(db: Database, name: str, rng: random.Random) -> None:
    """A value for every indicator and new progress for a fifth of the actions (bulk)."""
    with db.transaction() as session:
        period_id = session.scalar(select(Period.id).where(Period.name == name))
        rows = []
        for indicator_id, baseline, target in session.execute(
            select(Indicator.id, Indicator.baseline_value, Indicator.target_value)
        ):
            missing = rng.random() < 0.1
            value = None
            if not missing:
                value = (
                    baseline + (target - baseline) * Decimal(rng.randint(0, 110)) / 100
                ).quantize(Decimal(1))
            rows.append(
                {
                    "indicator_id": indicator_id,
                    "period_id": period_id,
                    "value": value,
                    "not_available": missing,
                    "note": "",
                    "version": 1,
                }
            )
        session.execute(insert(IndicatorValue), rows)
        ids = list(session.scalars(select(Action.id)))
        for action_id in rng.sample(ids, len(ids) // 5):
            session.execute(
                update(Action).where(Action.id == action_id).values(progress=rng.randint(5, 95))
            )


def run_benchmark(n_actions: int = 10_000) -> dict[str, float]:
    os.environ.setdefault("PSM_DESKTOP_DATA_DIR", tempfile.mkdtemp(prefix="psm-bench-data-"))
    rng = random.Random(11)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="psm-bench-") as tmp:
        folder = Path(tmp)
        path = folder / "bench.sqlite"
        seconds, _, counts = timed(lambda: build_demo(path, n_actions))
        print(f"\nPiano dimostrativo: {counts} in {seconds:.1f} s")
        db = open_database(path, auto_backup=False)
        services = Services(db, EditContext(user="bench", source="bench"))
        closes, close_cpu = [], []
        for name, day in PERIODS:
            services.periods.add(name, day, PeriodKind.SEMESTER)
            measure_period(db, name, rng)
            wall, cpu, _ = timed(lambda name=name: services.periods.close(name))  # type: ignore[misc]
            closes.append(wall)
            close_cpu.append(cpu)
            print(f"Chiusura del periodo {name}: {wall:5.2f} s (CPU {cpu:.2f} s)")
        with db.reading() as session:
            sizes = list(session.scalars(select(PeriodSnapshot.payload)))
        print(
            f"Istantanee: {len(sizes)}, {max(len(s) for s in sizes) / 1024:.0f} KB al massimo "
            f"(obiettivo chiusura < 3 s, CPU: {'sì' if max(close_cpu) < 3 else 'NO'}; "
            "il tempo reale cresce quando altri programmi caricano la macchina)"
        )
        figures["close_s"], figures["close_cpu"] = max(closes), max(close_cpu)

        report = folder / "monitoraggio.pdf"
        wall, cpu, result = timed(
            lambda: export_pdf(services, MonitoringReport(PERIODS[-1][0]), report)
        )
        print(f"Resoconto di monitoraggio: {wall:6.2f} s (CPU {cpu:.2f} s), {result.pages} pagine")  # type: ignore[attr-defined]
        figures["report_s"], figures["report_cpu"] = wall, cpu

        def axis_sheets() -> int:
            pages = 0
            for axis in services.plan.axes():
                made = export_pdf(
                    services, AxisSheet(axis.number), folder / f"asse{axis.number}.pdf"
                )
                pages += made.pages
            return pages

        wall_b, cpu_b, pages_b = timed(axis_sheets)
        print(
            f"Schede degli assi, tutto il piano: {wall_b:6.2f} s (CPU {cpu_b:.2f} s), "
            f"{pages_b} pagine"
        )
        ratio = cpu / cpu_b
        print(f"  rapporto resoconto / schede degli assi (CPU): {ratio:5.2f}  (obiettivo <= 1.5)")
        figures["ratio"] = ratio
        figures["peak_mb"] = peak_rss_mb()
        print(f"Memoria residente massima (VmHWM): {figures['peak_mb']:.0f} MB")
        db.close()
    return figures


def test_bench_monitoring() -> None:
    run_benchmark(int(os.environ.get("PSM_BENCH_ACTIONS", "10000")))


if __name__ == "__main__":
    run_benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
