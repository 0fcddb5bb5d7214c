"""Screenshots of the published site in headless Chromium, to look at.

    python tests/tools/publish_screenshots.py OUT_DIR [--actions 113]

Builds a synthetic plan (the demo), closes a period with a few indicators, publishes it to
OUT_DIR/sito and writes index, axis and action pages at 1366x768 (the first screen and the
whole page) and at 375 px wide (whole page) as PNG files into OUT_DIR.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout


def build(folder: Path, n_actions: int) -> Path:
    from psm_desktop.model import PeriodKind
    from psm_desktop.services import EditContext, Services
    from psm_desktop.services.monitoring.indicators import IndicatorData
    from psm_desktop.storage import open_database
    from psm_desktop.storage.demo import build_demo
    from tests.publishkit import publish

    db_path = folder / "demo.sqlite"
    db_path.unlink(missing_ok=True)
    build_demo(db_path, n_actions)
    db = open_database(db_path, auto_backup=False)
    try:
        services = Services(db, EditContext(user="Screenshots", source="test"))
        services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
        for index, code in enumerate(("1.1.1", "1.2.1", "2.1.1")):
            ind = services.indicators.create(
                code,
                IndicatorData(
                    name=f"Indicatore di prova {index + 1}",
                    unit="%",
                    baseline_value=Decimal(10),
                    baseline_date=dt.date(2024, 1, 1),
                    target_value=Decimal(80),
                    target_date=dt.date(2026, 12, 31),
                ),
            )
            services.indicators.set_value(ind.id, "2025-S1", Decimal(20 + 15 * index))
        services.periods.close("2025-S1")
        return publish(services, folder / "sito")
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--actions", type=int, default=113)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    site = build(args.out, args.actions)
    from tests.web.browser import chromium

    pages = {"index": "index.html", "asse": "asse-1.html", "azione": "azione-1-1-1.html"}
    for width in (1366, 375):
        with chromium(width, 768) as browser:
            for name, page in pages.items():
                browser.set_window_size(width, 768)
                browser.get((site / page).as_uri())
                if width == 1366:
                    browser.save_screenshot(str(args.out / f"{name}-1366x768.png"))
                height = browser.execute_script("return document.documentElement.scrollHeight")
                browser.set_window_size(width, min(height + 140, 12000))
                browser.save_screenshot(str(args.out / f"{name}-{width}-intera.png"))
    print(f"Schermate in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
