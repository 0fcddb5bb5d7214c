"""File › Importa testo di un asse…: the text of an axis's web page, previewed, then applied.

The coordinator picks a .txt file or pastes the page's text; the preview and the apply
are those of every structure import (import_preview).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStatusBar,
    QWidget,
)

from psm_desktop.exchange.plan_text import (
    TextImportPreview,
    apply_text_import,
    parse_axis_text,
    prepare_text_import,
    preview_text,
)
from psm_desktop.formatting import format_date
from psm_desktop.progress import ProgressCallback
from psm_desktop.services import Services
from psm_desktop.ui.core import file_dialogs
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.plan.import_preview import (
    ImportPreviewDialog,
    finish_import,
    items_html,
    run_import,
)

TEXT_FILTER = "Testo (*.txt);;Tutti i file (*)"
TITLE = "Importa testo di un asse"


class PlanTextDialog(ImportPreviewDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, TITLE, parent)
        self.setObjectName("planTextDialog")
        intro = QLabel(
            "Copia il testo della pagina dell'asse dal sito del piano e incollalo qui sotto, "
            "oppure scegli un file di testo che lo contiene."
        )
        intro.setWordWrap(True)
        self.main_layout.addWidget(intro)
        row = QHBoxLayout()
        self.choose = QPushButton("Scegli un &file…", self)
        self.choose.clicked.connect(self.choose_file)
        self.show_button = QPushButton("&Mostra le differenze", self)
        self.show_button.clicked.connect(self.preview_pasted)
        row.addWidget(self.choose)
        row.addWidget(self.show_button)
        row.addStretch(1)
        self.main_layout.addLayout(row)
        self.source = QPlainTextEdit(self)
        self.source.setObjectName("planTextSource")
        self.source.setAccessibleName("Testo dell'asse")
        self.source.setPlaceholderText("Asse N - titolo\n…\nStrategia N.M - titolo\n…")
        self.source.setTabChangesFocus(True)
        self.main_layout.addWidget(self.source, 1)
        self.view.setObjectName("planTextPreview")
        self.add_preview_widgets(2)

    # --- reading --------------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = file_dialogs.get_open_file_name(self, TITLE, str(Path.home()), TEXT_FILTER)
        if name:
            self.preview_file(Path(name))

    def preview_file(self, path: Path) -> None:
        services = self.services
        self.show_preview(lambda progress: prepare_text_import(services, path, progress))

    def preview_pasted(self) -> None:
        text = self.source.toPlainText()
        if not text.strip():
            self.show_problem("Incolla prima il testo dell'asse, o scegli un file.")
            return
        services = self.services
        self.show_preview(lambda progress: preview_text(services, parse_axis_text(text)))

    def preview_html(self, preview: Any) -> str:
        return preview_html(preview)

    # --- writing --------------------------------------------------------------------------

    def write(self, preview: Any, apply_removals: bool, progress: ProgressCallback) -> Any:
        return apply_text_import(
            self.services, preview, apply_removals=apply_removals, progress=progress
        )

    def imported(self) -> str:
        assert self.preview is not None
        return f"Asse {self.preview.axis.number} importato"


def preview_html(preview: TextImportPreview) -> str:
    """The preview as the dialog shows it: headings, items, word-level differences."""
    axis = preview.axis
    parts = [f"<h3>Asse {axis.number} – {html.escape(axis.title)}</h3>"]
    if preview.is_noop:
        parts.append("<p>Nessuna differenza: il piano contiene già questo testo.</p>")
        return "".join(parts)
    parts.append(f"<p><b>Riepilogo:</b> {html.escape(preview.summary())}.</p>")
    parts += items_html(preview, "Mancanti nel testo")
    if preview.updated_on is not None:
        old, new = preview.updated_on
        parts.append(
            f"<p>Ultimo aggiornamento del piano: {format_date(new)} "
            f"(prima: {format_date(old, '—')})</p>"
        )
    return "".join(parts)


def import_plan_text(
    parent: QWidget,
    services: Services,
    events: DataEvents,
    undo_stack: QUndoStack,
    status_bar: QStatusBar | None,
) -> bool:
    """Run the dialog; after an import, reload everything and clear the undo history."""
    outcome = run_import(PlanTextDialog(services, parent))
    if outcome is None:
        return False
    finish_import(outcome, events, undo_stack, status_bar)
    return True
