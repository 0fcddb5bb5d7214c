"""Screenshots of an update campaign at 1366x768, to look at (run under xvfb-run).

    xvfb-run -s "-screen 0 1366x768x24" python tests/tools/campaign_screenshots.py OUT [--dark]

Builds a demo plan, a campaign of eight offices due ten days ago (some late), exports it,
brings back four offices' trackers with changes (two of them clash on one action) and
imports them. Writes into OUT: campaign-wizard.png (the new-campaign wizard),
campaign-board.png (the return board, an office's actions with their last update),
campaign-review.png (the proposals grouped by action, the conflict in yellow) and
campaign-conflict.png (the conflict side by side). It also leaves the exported .eml and
.ics files in OUT/files for a look with a mail client and a calendar.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a checkout
sys.path.insert(0, str(ROOT / "tests"))  # trackerkit: an office's Excel editing a tracker

OFFICES = 8
NEW_PARTNER = "Consorzio forestale Alta Valle Susa"


def prepare(db: Path, files: Path) -> str:
    """The demo database with a campaign half returned; the campaign's name."""
    import openpyxl
    from trackerkit import append_row, set_cell

    from psm_desktop.exchange.campaigns.export import export_campaign
    from psm_desktop.exchange.campaigns.returns import import_returns
    from psm_desktop.model import PeriodKind
    from psm_desktop.services import EditContext, Services
    from psm_desktop.storage import open_database
    from psm_desktop.storage.demo import build_demo

    build_demo(db, 300)
    database = open_database(db)
    try:
        services = Services(database, EditContext(user="Coordinatrice", source="demo"))
        today = dt.date.today()
        if services.periods.open_period() is None:
            services.periods.add(
                f"{today.year}-S2", dt.date(today.year, 12, 31), PeriodKind.SEMESTER
            )
        offices = [name for name, default in services.campaigns.candidates() if default]
        name = "Aggiornamento autunno"
        services.campaigns.create(
            name,
            today - dt.timedelta(days=10),
            grace_days=3,
            instructions="Aggiornate avanzamento e scadenze delle vostre azioni.",
            stakeholders=offices[:OFFICES],
        )
        result = export_campaign(services, name, files, contact="Ufficio Piano, 011 861 2345")
        back = files.parent / "rientro"
        back.mkdir(exist_ok=True)
        codes = {o.office: _codes(o.tracker) for o in result.offices}
        shared = _shared(codes)
        for number, office in enumerate(result.offices[:4]):
            wb = openpyxl.load_workbook(office.tracker)
            code = (
                shared
                if shared and number < 2 and shared in codes[office.office]
                else codes[office.office][0]
            )
            set_cell(wb, "Azioni", "Codice", code, "Avanzamento %", 30 + 20 * number)
            set_cell(wb, "Azioni", "Codice", code, "Note", f"Aggiornato da {office.office}")
            if number == 3:  # a partner not yet in the register: a proposal to add it
                row = {"Codice azione": code, "Soggetto": NEW_PARTNER, "Ruolo": "partner"}
                append_row(wb, "Assegnazioni", row)
            wb.save(back / office.tracker.name)
        import_returns(services, name, [back])
        # One office's proposals accepted: it is "validato" and its actions show the update.
        clashing = {c.id for k in services.campaigns.conflicts(name) for c in k.changes}
        calm = next(c.office for c in services.campaigns.changes(name) if c.id not in clashing)
        services.campaigns.decide_all(name, accept=True, office=calm)
        return name
    finally:
        database.close()


def _codes(tracker: Path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(tracker, read_only=True)
    try:
        rows = wb["Azioni"].iter_rows(min_row=2, max_col=1, values_only=True)
        return [r[0] for r in rows if r[0]]
    finally:
        wb.close()


def _shared(codes: dict[str, list[str]]) -> str | None:
    """An action in the first two offices' trackers, for a conflict."""
    names = list(codes)[:2]
    if len(names) < 2:
        return None
    common = set(codes[names[0]]) & set(codes[names[1]])
    return sorted(common)[0] if common else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    if args.dark:
        os.environ["PSM_DESKTOP_THEME"] = "dark"
    os.environ.setdefault("PSM_DESKTOP_DATA_DIR", tempfile.mkdtemp(prefix="psm-shots-"))
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="psm-campaign-"))
    db = work / "piano.sqlite"
    files = work / "uscita"
    name = prepare(db, files)
    shutil.copytree(files, args.out / "files", dirs_exist_ok=True)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from psm_desktop.app import build_main_window
    from psm_desktop.ui.monitoring.campaign_conflict import ConflictDialog
    from psm_desktop.ui.monitoring.campaigns_dialog import CampaignsDialog, NewCampaignDialog

    window = build_main_window(db)
    screen = QApplication.primaryScreen()
    assert screen is not None
    area = screen.geometry()
    window.setGeometry(area)  # no window manager under Xvfb: fill the screen by hand
    window.show()
    app = QApplication.instance()
    assert app is not None
    suffix = "-dark" if args.dark else ""

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def save(widget: object, shot: str) -> None:
        settle()
        path = args.out / f"{shot}{suffix}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        print(path)

    def shoot() -> None:
        services = window.workspace.services
        wizard = NewCampaignDialog(window, services, dt.date.today())
        wizard.show()
        save(wizard, "campaign-wizard")
        wizard.close()

        dialog = CampaignsDialog(window, services)
        dialog.show()
        settle()
        dialog.setGeometry(area)  # after show: no window manager to size it
        settle()
        dialog.campaign.setCurrentIndex(dialog.campaign.findText(name, _contains()))
        returned = next(r for r in dialog.board.model.rows() if r.state == "validato")
        dialog.select_office(returned.office)
        dialog.tabs.setCurrentIndex(1)
        save(dialog, "campaign-board")

        dialog.tabs.setCurrentIndex(0)
        dialog.grouping.setCurrentText("per azione")
        dialog.board.table.clearSelection()
        save(dialog, "campaign-review")
        if dialog._clashes:
            conflict = ConflictDialog(dialog, dialog._clashes[0])
            conflict.show()
            save(conflict, "campaign-conflict")
            conflict.close()
        dialog.close()
        app.quit()

    QTimer.singleShot(300, shoot)
    app.exec()
    return 0


def _contains() -> object:
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchStartsWith


if __name__ == "__main__":
    sys.exit(main())
