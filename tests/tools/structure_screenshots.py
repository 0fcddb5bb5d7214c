"""Screenshots of the structure editing at 1366x768, to look at.

    QT_QPA_PLATFORM="offscreen:configfile=FILE" python tests/tools/structure_screenshots.py OUT
        [--dark]

(or under xvfb-run, see tests/tools/screenshots.py). Writes into OUT:
axis-description.png (an axis chosen in the tree: its description above the table),
move-action.png (the tree while an action is moved: the renumbering asked before it is written),
links-matrix.png (Struttura › Collegamenti tra gli assi…) and text-import-preview.png
(File › Importa testo di un asse…, a copy of the axis page with words changed).
Dialogs are painted onto the window at their place, as the user sees them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a checkout

SEED = ROOT.parent / "shared" / "seeds" / "psm-2024-2026-asse-1.txt"
FALLBACK_SEED = ROOT / "tests" / "fixtures" / "psm-2024-2026-asse-1.txt"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    if args.dark:
        os.environ["PSM_DESKTOP_THEME"] = "dark"
    os.environ.setdefault("PSM_DESKTOP_DATA_DIR", tempfile.mkdtemp(prefix="psm-shots-"))
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtWidgets import QApplication, QWidget

    from psm_desktop.app import build_main_window
    from psm_desktop.ui.plan import structure_dialogs
    from psm_desktop.ui.plan.plan_text_dialog import PlanTextDialog

    db = Path(tempfile.mkdtemp(prefix="psm-db-")) / "piano.sqlite"
    window = build_main_window(db)
    screen = QApplication.primaryScreen()
    assert screen is not None
    window.setGeometry(screen.geometry())  # no window manager: fill the screen by hand
    window.show()
    app = QApplication.instance()
    assert app is not None
    args.out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def save(picture: QPixmap, name: str) -> None:
        path = args.out / f"{name}.png"
        picture.save(str(path))
        print(path)

    def composite(dialog: QWidget) -> QPixmap:
        """The window with the dialog painted where it stands on the screen."""
        picture = window.grab()
        painter = QPainter(picture)
        corner = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
        painter.drawPixmap(corner, dialog.grab())
        painter.end()
        return picture

    def when_modal(name: str, close: Callable[[QWidget], None]) -> None:
        """Grab the modal dialog that is about to open, then close it."""

        def grab_it() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(100, grab_it)
                return
            settle()
            save(composite(dialog), name)
            close(dialog)

        QTimer.singleShot(300, grab_it)

    def shoot() -> None:
        plan = window.plan
        tree = plan.tree
        tree.setCurrentIndex(plan.tree_model.index_of_axis(1))
        settle()
        save(window.grab(), "axis-description")

        # Move action 1.1.2 to strategy 1.3: the renumbering is asked before anything changes.
        action = next(r for r in plan.table_model.rows() if r.code == "1.1.2")
        tree.setCurrentIndex(plan.tree_model.index_of_action(action.id))
        tree.expandAll()
        tree.scrollTo(tree.currentIndex())
        settle()
        labels: list[str] = []

        def choose(_parent: object, _caption: str, _label: str, items: list[str]) -> int:
            labels.extend(items)
            return next(i for i, item in enumerate(items) if item.startswith("Strategia 1.3"))

        structure_dialogs.ask_choice = choose  # type: ignore[assignment]
        when_modal("move-action", lambda dialog: dialog.close())
        window.structure_menu.move_to()

        when_modal("links-matrix", lambda dialog: dialog.close())
        window.structure_menu.edit_axis_links()

        dialog = PlanTextDialog(window.workspace.services, window)
        dialog.show()
        seed = SEED if SEED.exists() else FALLBACK_SEED
        edited = (
            seed.read_text(encoding="utf-8")
            .replace("\n", "\r\n")
            .replace("• Azione 1.1.1 - ", "- Azione 1.1.1 – ")
            .replace("transizione", "trasformazione", 1)
        )
        edited += "\r\nAzione 1.5.8 – Una nuova azione aggiunta nel testo aggiornato\r\n"
        copy = Path(tempfile.mkdtemp(prefix="psm-text-")) / "asse-1.txt"
        copy.write_text(edited, encoding="utf-8")
        dialog.preview_file(copy)
        while dialog.job is not None:  # the preview is read in the background
            app.processEvents()
        settle()
        save(composite(dialog), "text-import-preview")
        dialog.close()
        app.quit()

    QTimer.singleShot(300, shoot)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
