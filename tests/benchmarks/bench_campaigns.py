"""Benchmark: a whole campaign on a demo plan — every office's files out, every file back in.

    python tests/benchmarks/bench_campaigns.py [--actions 10000] [--offices N]
    python -m pytest tests/benchmarks/bench_campaigns.py -s   (PSM_BENCH_ACTIONS, PSM_BENCH_OFFICES)

A demo plan (psm_desktop.storage.demo.build_demo: 10,000 actions, 2,000 stakeholders) gets a
campaign for its offices (by default every lead or partner; --offices keeps the first N, to
extrapolate on a slow machine). Timed: export (tracker, .eml, .ics per office, one tracker in
memory at a time) and import of every returned file (checks, reading, three-way merge,
proposals recorded). The import of one office's file is also timed against the import of
the whole-plan tracker (prepare_import), today's single-tracker path. Figures are printed,
not asserted; the aim (issue 12) is a few minutes each at full scale, with bounded memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from psm_desktop.exchange.campaigns.export import export_campaign  # noqa: E402
from psm_desktop.exchange.campaigns.returns import import_returns  # noqa: E402
from psm_desktop.exchange.tracker.export import export_tracker  # noqa: E402
from psm_desktop.exchange.tracker.service import prepare_import  # noqa: E402
from psm_desktop.model import PeriodKind  # noqa: E402
from psm_desktop.services import EditContext, Services  # noqa: E402
from psm_desktop.storage import open_database  # noqa: E402
from psm_desktop.storage.demo import build_demo  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(n_actions: int = 10_000, n_offices: int | None = None) -> None:
    work = Path(tempfile.mkdtemp(prefix="psm-bench-campaigns-"))
    try:
        db_path = work / "demo.sqlite"
        counts = build_demo(db_path, n_actions)
        db = open_database(db_path, auto_backup=False)
        services = Services(db, EditContext(user="bench", source="bench"))
        if services.periods.open_period() is None:
            services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
        offices = [name for name, default in services.campaigns.candidates() if default]
        chosen = offices[:n_offices] if n_offices else offices
        services.campaigns.create("Bench", dt.date(2030, 1, 31), stakeholders=chosen)
        print(
            f"Plan: {counts['actions']} actions, {counts['stakeholders']} stakeholders; "
            f"campaign of {len(chosen)} offices (of {len(offices)} leads/partners)"
        )

        start = time.perf_counter()
        result = export_campaign(services, "Bench", work / "out")
        export_s = time.perf_counter() - start
        print(
            f"Export: {export_s:.1f} s for {len(result.offices)} offices "
            f"({export_s / max(len(result.offices), 1) * 1000:.0f} ms each); "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )

        start = time.perf_counter()
        report = import_returns(services, "Bench", [work / "out"])
        import_s = time.perf_counter() - start
        print(
            f"Import: {import_s:.1f} s for {len(report.recorded)} files "
            f"({import_s / max(len(report.recorded), 1) * 1000:.0f} ms each), "
            f"{len(report.refused)} refused; peak RSS {peak_rss_mb():.0f} MB"
        )
        if len(chosen) < len(offices):
            scale = len(offices) / max(len(chosen), 1)
            print(
                f"Extrapolated to all {len(offices)} offices: export ~{export_s * scale:.0f} s, "
                f"import ~{import_s * scale:.0f} s"
            )

        whole = work / "whole.xlsx"
        export_tracker(services, whole)
        start = time.perf_counter()
        prepare_import(services, whole)
        whole_s = time.perf_counter() - start
        print(f"Today's import of the whole-plan tracker: {whole_s:.1f} s")
        db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_bench_campaigns() -> None:
    offices = os.environ.get("PSM_BENCH_OFFICES")
    main(int(os.environ.get("PSM_BENCH_ACTIONS", "10000")), int(offices) if offices else None)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--offices", type=int, default=None)
    args = parser.parse_args()
    main(args.actions, args.offices)
