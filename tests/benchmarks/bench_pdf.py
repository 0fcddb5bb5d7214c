"""Benchmark: PDF sheets against raw reportlab platypus laying out the same paragraphs.

    python -m pytest tests/benchmarks/bench_pdf.py -s
    python tests/benchmarks/bench_pdf.py

Two documents from a demo plan (psm_desktop.storage.demo.build_demo):
- the axis sheet of an axis with 2,000 actions;
- 1,000 action sheets in one PDF.
Each is timed end to end (data loading, story, layout, file) and against a baseline made
in the same process: every text of our story (also inside tables) as a Paragraph with
the same markup and style, and the same page breaks, laid out by a plain
SimpleDocTemplate: no tables, header, footer, outline or drawn bars. Both are timed from
ready data to file: ours includes loading from the database and building the story.
Figures and ratios are printed, not asserted.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from psm_desktop.exchange.pdf.documents import build_story, export_pdf  # noqa: E402
from psm_desktop.exchange.pdf.requests import ActionSheets, AxisSheet, PdfRequest  # noqa: E402
from psm_desktop.model import Action, Axis, Strategy  # noqa: E402
from psm_desktop.services import Services  # noqa: E402
from psm_desktop.storage import Database, open_database  # noqa: E402
from psm_desktop.storage.demo import build_demo  # noqa: E402

AXIS_ACTIONS = 2000
SHEETS = 1000
REPEAT = 3


def demo_database(folder: Path) -> tuple[Database, int]:
    """A demo plan whose axis 1 has exactly AXIS_ACTIONS actions."""
    path = folder / "bench.sqlite"
    build_demo(path, AXIS_ACTIONS * 7)  # round-robin over ~30 strategies of 6 axes
    db = open_database(path, auto_backup=False)
    with db.transaction() as session:
        ids = list(
            session.scalars(
                select(Action.id)
                .join(Strategy, Action.strategy_id == Strategy.id)
                .join(Axis, Strategy.axis_id == Axis.id)
                .where(Axis.number == 1)
                .order_by(Action.id)
            )
        )
        assert len(ids) >= AXIS_ACTIONS, len(ids)
        session.execute(delete(Action).where(Action.id.in_(ids[AXIS_ACTIONS:])))
    return db, 1


def texts_of(flowables: list) -> Iterator[tuple[str, Any] | None]:
    """Every text of a story as (markup, style), also inside tables; None for a page break.

    Short values we draw as one-line `Line`s (cheaper than a Paragraph) count as the
    paragraphs a plain platypus document would need for the same text.
    """
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Table

    from psm_desktop.exchange.pdf.flowables import Line
    from psm_desktop.exchange.pdf.text import escape

    for flowable in flowables:
        if isinstance(flowable, Paragraph):
            yield flowable.text, flowable.style
        elif isinstance(flowable, Line):
            style = ParagraphStyle("line", fontName=flowable.font, fontSize=flowable.size)
            yield escape(flowable.text), style
        elif isinstance(flowable, PageBreak):
            yield None
        elif isinstance(flowable, Table):
            for row in flowable._cellvalues:
                yield from texts_of([c for c in row if c])
        elif isinstance(flowable, KeepTogether):
            yield from texts_of(flowable._content)


def raw_layout(services: Services, request: PdfRequest, target: Path) -> Callable[[], int]:
    """A function laying out the same texts with bare platypus; returns its pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    items = list(texts_of(build_story(services, request).story))

    def run() -> int:
        flowables = [PageBreak() if item is None else Paragraph(*item) for item in items]
        doc = SimpleDocTemplate(str(target), pagesize=A4)
        doc.build(flowables)
        return doc.page

    return run


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """Median wall time and median CPU time of this process over REPEAT runs.

    CPU time is what the ratios use: it does not grow when other programs load the machine.
    """
    walls, cpus = [], []
    result: object = None
    for _ in range(REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def compare(name: str, services: Services, request: PdfRequest, folder: Path) -> float:
    ours_file = folder / f"{name}.pdf"
    raw_file = folder / f"{name}-raw.pdf"
    today = dt.date.today()
    ours_wall, ours, result = timed(lambda: export_pdf(services, request, ours_file, today=today))
    _, story, _ = timed(lambda: build_story(services, request, today=today))
    raw_wall, raw, raw_pages = timed(raw_layout(services, request, raw_file))
    layout = ours - story
    print(
        f"\n{name}: {result.items} azioni, {result.pages} pagine "  # type: ignore[attr-defined]
        f"(raw platypus: {raw_pages} pagine); tempi CPU, mediana di {REPEAT}\n"
        f"  PSM Desktop, tutto (dati + impaginazione + file): {ours:7.2f} s"
        f"  (reale {ours_wall:.2f} s)\n"
        f"    di cui dati e costruzione della storia:        {story:7.2f} s\n"
        f"    di cui impaginazione e scrittura:              {layout:7.2f} s\n"
        f"  reportlab platypus, stessi paragrafi:            {raw:7.2f} s"
        f"  (reale {raw_wall:.2f} s)\n"
        f"  rapporto tutto / raw:                            {ours / raw:7.2f}x\n"
        f"  rapporto impaginazione / raw:                    {layout / raw:7.2f}x"
    )
    return ours / raw


def run_benchmark() -> dict[str, float]:
    os.environ.setdefault("PSM_DESKTOP_DATA_DIR", tempfile.mkdtemp(prefix="psm-bench-data-"))
    with tempfile.TemporaryDirectory(prefix="psm-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        db, axis = demo_database(folder)
        print(f"\nDemo database built in {time.perf_counter() - start:.1f} s")
        try:
            services = Services(db)
            ids = [row.id for row in services.actions.list_actions()][:SHEETS]
            return {
                "axis": compare(f"axis-{AXIS_ACTIONS}", services, AxisSheet(axis=axis), folder),
                "sheets": compare(
                    f"sheets-{SHEETS}", services, ActionSheets(action_ids=tuple(ids)), folder
                ),
            }
        finally:
            db.close()


def test_bench_pdf() -> None:
    run_benchmark()


if __name__ == "__main__":
    run_benchmark()
