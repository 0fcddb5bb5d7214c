"""File › Esporta struttura del piano… and File › Importa struttura del piano….

The export writes the workbook where the user says; the import previews the workbook
(the same preview as an axis text: import_preview) and applies it in one transaction.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from psm_desktop.errors import UserError
from psm_desktop.exchange.structure import (
    StructurePreview,
    apply_structure_import,
    export_structure,
    prepare_structure_import,
)
from psm_desktop.exchange.structure.preview import MISSING_HEADING
from psm_desktop.formatting import plural
from psm_desktop.progress import Cancelled, ProgressCallback
from psm_desktop.services import Services
from psm_desktop.ui.core import file_dialogs, messages
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.jobs import Job, run_job
from psm_desktop.ui.plan.import_preview import (
    ImportPreviewDialog,
    finish_import,
    items_html,
    run_import,
)

WORKBOOK_FILTER = "Cartella di lavoro Excel (*.xlsx);;Tutti i file (*)"
EXPORT_TITLE = "Esporta struttura del piano"
IMPORT_TITLE = "Importa struttura del piano"


def export_structure_workbook(
    parent: QWidget, services: Services, start: Path, status_bar: QStatusBar | None
) -> Job | None:
    """Ask where, then write the workbook in the background; None when the user gave up."""
    name, _ = file_dialogs.get_save_file_name(
        parent, EXPORT_TITLE, str(start / "struttura del piano.xlsx"), WORKBOOK_FILTER
    )
    if not name:
        return None
    target = Path(name) if Path(name).suffix else Path(name).with_suffix(".xlsx")

    def done(result: Any) -> None:
        if status_bar is not None:
            status_bar.showMessage(
                f"Struttura del piano salvata in {result.path}: "
                f"{plural(result.strategies, 'strategia', 'strategie')}, "
                f"{plural(result.actions, 'azione', 'azioni')}.",
                10_000,
            )

    def failed(error: BaseException) -> None:
        if isinstance(error, Cancelled):
            if status_bar is not None:
                status_bar.showMessage("Esportazione annullata: nessun file scritto.", 10_000)
        elif isinstance(error, UserError):
            messages.user_error(parent, error)
        else:
            from psm_desktop.app import excepthook

            excepthook(type(error), error, error.__traceback__)

    return run_job(
        parent,
        EXPORT_TITLE,
        lambda progress: export_structure(services, target, progress=progress),
        on_done=done,
        on_error=failed,
    )


class StructureImportDialog(ImportPreviewDialog):
    missing_words = "nel file"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, IMPORT_TITLE, parent)
        self.setObjectName("structureImportDialog")
        intro = QLabel(
            "Scegli una cartella di lavoro della struttura (scritta da File › Esporta "
            "struttura del piano… e modificata): qui sotto le differenze con il piano, "
            "che vengono scritte solo premendo Applica."
        )
        intro.setWordWrap(True)
        self.main_layout.addWidget(intro)
        row = QHBoxLayout()
        self.choose = QPushButton("Scegli un &file…", self)
        self.choose.clicked.connect(self.choose_file)
        row.addWidget(self.choose)
        row.addStretch(1)
        self.main_layout.addLayout(row)
        self.view.setObjectName("structurePreview")
        self.add_preview_widgets()
        self.show_problem("Scegli il file da importare.")

    def choose_file(self) -> bool:
        """Ask for the workbook and preview it; False when the chooser was cancelled."""
        name, _ = file_dialogs.get_open_file_name(
            self, IMPORT_TITLE, str(Path.home()), WORKBOOK_FILTER
        )
        if name:
            self.preview_file(Path(name))
        return bool(name)

    def preview_file(self, path: Path) -> None:
        services = self.services
        self.show_preview(lambda progress: prepare_structure_import(services, path, progress))

    def preview_html(self, preview: Any) -> str:
        return structure_html(preview)

    def write(self, preview: Any, apply_removals: bool, progress: ProgressCallback) -> Any:
        return apply_structure_import(
            self.services, preview, apply_removals=apply_removals, progress=progress
        )

    def imported(self) -> str:
        return "Struttura del piano importata"


def structure_html(preview: StructurePreview) -> str:
    structure = preview.structure
    parts = [
        f"<h3>{html.escape(structure.plan.title)}</h3><p>Da {html.escape(structure.file_name)}</p>"
    ]
    if preview.is_noop:
        parts.append("<p>Nessuna differenza: il piano ha già questa struttura.</p>")
        return "".join(parts)
    parts.append(f"<p><b>Riepilogo:</b> {html.escape(preview.summary())}.</p>")
    parts += items_html(preview, MISSING_HEADING)
    return "".join(parts)


def import_structure_workbook(
    parent: QWidget,
    services: Services,
    events: DataEvents,
    undo_stack: QUndoStack,
    status_bar: QStatusBar | None,
) -> bool:
    """Pick the file, run the dialog; after an import reload and clear the undo history."""
    dialog = StructureImportDialog(services, parent)
    if not dialog.choose_file():
        dialog.deleteLater()
        return False
    outcome = run_import(dialog)
    if outcome is None:
        return False
    finish_import(outcome, events, undo_stack, status_bar, "l'importazione della struttura")
    return True
