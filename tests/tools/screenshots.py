"""Screenshots of each main screen at 1366x768, to look at (run under xvfb-run).

    xvfb-run -s "-screen 0 1366x768x24" python tests/tools/screenshots.py OUT_DIR [--db FILE]
        [--dark] [--scale 1.25]

Writes plan.png, stakeholders.png, deadlines.png, overview.png (and editor tabs),
restriction.png (the tree's chip), help.png and office-settings*.png into OUT_DIR.
Without xcb libraries, QT_QPA_PLATFORM="offscreen:configfile=FILE" with a 1366x768 screen
in FILE gives the same pictures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--scale", default="")
    args = parser.parse_args()
    if args.dark:
        os.environ["PSM_DESKTOP_THEME"] = "dark"
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = args.scale
    os.environ.setdefault("PSM_DESKTOP_DATA_DIR", tempfile.mkdtemp(prefix="psm-shots-"))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from psm_desktop.app import build_main_window

    db = args.db or Path(tempfile.mkdtemp(prefix="psm-db-")) / "piano.sqlite"
    window = build_main_window(db)
    screen = QApplication.primaryScreen()
    assert screen is not None
    area = screen.geometry()  # logical pixels: 1366x768 divided by QT_SCALE_FACTOR
    window.setGeometry(area)  # no window manager under Xvfb: fill the screen by hand
    window.show()
    app = QApplication.instance()
    assert app is not None
    args.out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def grab(name: str) -> None:
        settle()
        window.grab().save(str(args.out / f"{name}.png"))
        print(args.out / f"{name}.png")

    def shoot() -> None:
        plan = window.plan
        rows = plan.table_model.rows()
        late = next((r for r in rows if r.overdue), rows[0])
        plan.select_action(late.id)
        grab("plan")
        editor = plan.editor
        editor.progress.setValue(min(late.progress + 10, 100))  # something for the history
        editor.commit_progress()
        for index, name in (
            (1, "classification"),
            (2, "programming"),
            (3, "assignments"),
            (4, "deadlines-tab"),
            (5, "history"),
        ):
            editor.tabs.setCurrentIndex(index)
            grab(f"plan-{name}")
        editor.tabs.setCurrentIndex(0)
        editor.progress.setValue(min(late.progress + 10, 100))  # something for the history
        editor.commit_progress()
        for index, name in ((1, "stakeholders"), (2, "deadlines"), (3, "overview")):
            window.show_screen(index)
            grab(name)
        window.show_screen(0)
        shoot_restriction()
        shoot_help_and_office()
        app.quit()

    def shoot_restriction() -> None:
        """The tree's restriction as a chip, and a search that finds actions outside it."""
        plan = window.plan
        tree = plan.tree
        last_axis = tree.model().index(tree.model().rowCount() - 1, 0)
        tree.setCurrentIndex(last_axis)
        other = next(
            r
            for r in plan.table_model.rows()
            if not r.code.startswith(f"{plan.proxy.action_filter.axis}.")
        )
        plan.filter_bar.text.setText(other.code)
        plan.filter_bar.emit_now()
        grab("restriction")
        plan.filter_bar.clear()

    def shoot_help_and_office() -> None:
        from psm_desktop.ui.dialogs.help_window import show_help
        from psm_desktop.ui.dialogs.office_settings_dialog import OfficeSettingsDialog

        guide = show_help(window, "trovare-le-mie-azioni")
        guide.setGeometry(area.adjusted(80, 20, -80, -20))
        settle()
        guide.browser.scrollToAnchor("trovare-le-mie-azioni")
        settle()
        guide.grab().save(str(args.out / "help.png"))
        print(args.out / "help.png")
        guide.close()
        office = OfficeSettingsDialog(window)
        office.show()
        settle()
        office.grab().save(str(args.out / "office-settings.png"))
        print(args.out / "office-settings.png")
        office.tabs.setCurrentIndex(1)
        settle()
        office.grab().save(str(args.out / "office-settings-colours.png"))
        office.close()

    QTimer.singleShot(300, shoot)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
