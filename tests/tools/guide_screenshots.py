"""The screenshots of the user guide (resources/guida/img/), taken on a demo plan.

    xvfb-run -s "-screen 0 1366x768x24" python tests/tools/guide_screenshots.py [OUT_DIR]

Windows are shot at 1366x768, dialogs at their own size, then scaled down and reduced to
a small palette so the guide stays light in the wheel. OUT_DIR defaults to the guide's
image folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a checkout
sys.path.insert(0, str(ROOT / "tests"))  # trackerkit

WINDOW_WIDTH = 760  # pixels of a window shot in the guide
DIALOG_WIDTH = 600


def save_small(image: Any, path: Path, width: int) -> None:
    """Scale to `width` (never up) and keep 128 colours: a few tens of kilobytes each."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt

    if image.width() > width:
        image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io

    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    picture = picture.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    picture.save(path, optimize=True)
    print(path, path.stat().st_size // 1024, "KB")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "guida" / "img"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PSM_DESKTOP_DATA_DIR", tempfile.mkdtemp(prefix="psm-guide-"))
    os.environ.setdefault("PSM_DESKTOP_THEME", "light")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from psm_desktop.app import build_main_window
    from psm_desktop.storage.demo import build_demo

    db = Path(tempfile.mkdtemp(prefix="psm-guide-db-")) / "piano.sqlite"
    build_demo(db, 300)
    window = build_main_window(db)
    screen = QApplication.primaryScreen()
    assert screen is not None
    window.setGeometry(screen.geometry())
    window.show()
    app = QApplication.instance()
    assert app is not None

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def shoot_window(name: str) -> None:
        settle()
        save_small(window.grab().toImage(), out / name, WINDOW_WIDTH)

    def shoot_dialog(dialog: QWidget, name: str, width: int = DIALOG_WIDTH) -> None:
        dialog.show()
        settle()
        save_small(dialog.grab().toImage(), out / name, width)
        dialog.close()

    def shoot() -> None:
        services = window.workspace.services
        plan = window.plan
        mine = "Comune di Pinerolo"
        window.settings.set_my_stakeholder(mine)
        plan.filter_bar.set_my_stakeholder(mine)
        plan.filter_bar.mine.click()
        first = plan.proxy.row_object(plan.proxy.index(0, 0))
        assert first is not None
        plan.select_action(first.id)
        shoot_window("piano.png")

        window.show_screen(3)
        shoot_window("panoramica.png")
        window.show_screen(0)

        from psm_desktop.ui.editor.dialogs import DeadlineDialog

        people = services.stakeholders.names()
        deadline = DeadlineDialog(people, window)
        deadline.title.setText("Pubblicazione del bando")
        shoot_dialog(deadline, "scadenza.png")

        from psm_desktop.ui.dialogs.tracker_dialogs import ExportTrackerDialog

        export = ExportTrackerDialog(window, services)
        export.stakeholder_search.setText("pinerol")
        export.path.setText(str(Path.home() / "tracker-comune-di-pinerolo.xlsx"))
        shoot_dialog(export, "tracker-esporta.png")

        from psm_desktop.ui.dialogs.pdf_dialogs import ExportPdfDialog

        shoot_dialog(ExportPdfDialog(window, services, first.id, first.axis_number), "pdf.png")

        from psm_desktop.ui.dialogs.office_settings_dialog import OfficeSettingsDialog

        office = OfficeSettingsDialog(window)
        office.office.setText("Comune di Pinerolo — Ufficio Piano strategico")
        shoot_dialog(office, "ufficio.png", WINDOW_WIDTH)

        shoot_import_preview(services, shoot_dialog)
        app.quit()

    def shoot_import_preview(services: Any, shoot_dialog: Any) -> None:
        """The import wizard's preview of a tracker an office changed."""
        import trackerkit

        from psm_desktop.exchange.tracker.export import export_tracker
        from psm_desktop.ui.core import file_dialogs
        from psm_desktop.ui.dialogs import tracker_dialogs

        folder = Path(tempfile.mkdtemp(prefix="psm-guide-tracker-"))
        rows = services.actions.list_actions()[:3]
        export_tracker(services, folder / "t.xlsx")

        def change(wb: Any) -> None:
            trackerkit.set_cell(wb, "Azioni", "Codice", rows[0].code, "Stato", "in corso")
            trackerkit.set_cell(wb, "Azioni", "Codice", rows[0].code, "Avanzamento %", "40%")
            trackerkit.set_cell(wb, "Azioni", "Codice", rows[1].code, "Note", "Gara avviata")

        edited = trackerkit.edit(folder / "t.xlsx", folder / "ufficio.xlsx", change)
        file_dialogs.get_open_file_name = (  # type: ignore[assignment]
            lambda *a, **k: (str(edited), tracker_dialogs.XLSX_FILTER)
        )
        tracker_dialogs.import_tracker(window, services, window.events)
        wizard = window.findChild(tracker_dialogs.ImportWizard)
        assert wizard is not None
        wizard.file_page._browse()
        wizard.next()
        deadline = time.monotonic() + 60
        while wizard.currentPage() is not wizard.preview_page and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        settle()
        save_small(wizard.grab().toImage(), out / "tracker-importa.png", WINDOW_WIDTH)
        wizard.reject()
        QDialog.reject(wizard)

    QTimer.singleShot(300, shoot)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
