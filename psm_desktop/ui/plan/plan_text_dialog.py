"""File › Importa testo di un asse…: the text of an axis's web page, previewed, then applied.

The coordinator picks a .txt file or pastes the page's text; the preview lists what is new,
what changed (word by word: removed words struck through in red, added ones underlined in
green) and what the text no longer holds, which is deleted only when the box is ticked.
Like a tracker import the import cannot be undone edit by edit: it runs in one
transaction, and the undo history is cleared afterwards (and the status bar says so).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStatusBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.exchange.plan_text import (
    ItemStatus,
    TextImportPreview,
    apply_text_import,
    parse_axis_text,
    prepare_text_import,
    preview_text,
    word_diff,
)
from psm_desktop.exchange.plan_text.preview import CODE_LABEL
from psm_desktop.formatting import format_date, plural
from psm_desktop.services import Services
from psm_desktop.ui.core import file_dialogs, messages
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.window_size import resize_within_screen

log = logging.getLogger(__name__)
TEXT_FILTER = "Testo (*.txt);;Tutti i file (*)"
TITLE = "Importa testo di un asse"
HEADINGS = (
    (ItemStatus.NEW, "Nuovi"),
    (ItemStatus.CHANGED, "Modificati"),
    (ItemStatus.MISSING, "Mancanti nel testo"),
)


class PlanTextDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.preview: TextImportPreview | None = None
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setObjectName("planTextDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Copia il testo della pagina dell'asse dal sito del piano e incollalo qui sotto, "
            "oppure scegli un file di testo che lo contiene."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.choose = QPushButton("Scegli un &file…", self)
        self.choose.clicked.connect(self.choose_file)
        self.show_button = QPushButton("&Mostra le differenze", self)
        self.show_button.clicked.connect(self.preview_pasted)
        row.addWidget(self.choose)
        row.addWidget(self.show_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.source = QPlainTextEdit(self)
        self.source.setObjectName("planTextSource")
        self.source.setAccessibleName("Testo dell'asse")
        self.source.setPlaceholderText("Asse N - titolo\n…\nStrategia N.M - titolo\n…")
        self.source.setTabChangesFocus(True)
        layout.addWidget(self.source, 1)
        self.view = QTextBrowser(self)
        self.view.setObjectName("planTextPreview")
        self.view.setAccessibleName("Differenze con il piano")
        layout.addWidget(self.view, 2)
        self.removals = QCheckBox("&Elimina anche gli elementi mancanti nel testo", self)
        self.removals.setObjectName("applyRemovals")
        self.removals.setEnabled(False)
        layout.addWidget(self.removals)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.apply_button = self.buttons.addButton(
            "&Applica", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.outcome = ""
        resize_within_screen(self, 900, 680)

    # --- reading --------------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = file_dialogs.get_open_file_name(self, TITLE, str(Path.home()), TEXT_FILTER)
        if name:
            self.preview_file(Path(name))

    def preview_file(self, path: Path) -> None:
        self._show(lambda: prepare_text_import(self.services, path))

    def preview_pasted(self) -> None:
        text = self.source.toPlainText()
        if not text.strip():
            self._show_problem("Incolla prima il testo dell'asse, o scegli un file.")
            return
        self._show(lambda: preview_text(self.services, parse_axis_text(text)))

    def _show(self, make: Callable[[], TextImportPreview]) -> None:
        try:
            preview = make()
        except UserError as error:
            self._show_problem(error.message)
            return
        self.preview = preview
        self.view.setHtml(preview_html(preview))
        missing = len(preview.missing)
        self.removals.setChecked(False)
        self.removals.setEnabled(missing > 0)
        which = plural(missing, "elemento mancante", "elementi mancanti")
        self.removals.setText(f"&Elimina anche {which} nel testo")
        self.apply_button.setEnabled(not preview.is_noop)

    def _show_problem(self, text: str) -> None:
        self.preview = None
        self.view.setPlainText(text)
        self.removals.setEnabled(False)
        self.apply_button.setEnabled(False)

    # --- writing --------------------------------------------------------------------------

    def apply(self) -> None:
        if self.preview is None or self.preview.is_noop:
            return
        try:
            result = apply_text_import(
                self.services, self.preview, apply_removals=self.removals.isChecked()
            )
        except UserError as error:
            messages.user_error(self, error)
            return
        kept = plural(result.kept, "mancante lasciato", "mancanti lasciati")
        kept = f"; {kept} nel piano" if result.kept else ""
        self.outcome = (
            f"Asse {self.preview.axis.number} importato: "
            f"{plural(result.created, 'nuovo', 'nuovi')}, "
            f"{plural(result.updated, 'modificato', 'modificati')}, "
            f"{plural(result.removed, 'eliminato', 'eliminati')}{kept}."
        )
        self.accept()


def preview_html(preview: TextImportPreview) -> str:
    """The preview as the dialog shows it: headings, items, word-level differences."""
    axis = preview.axis
    parts = [f"<h3>Asse {axis.number} – {html.escape(axis.title)}</h3>"]
    if preview.is_noop:
        parts.append("<p>Nessuna differenza: il piano contiene già questo testo.</p>")
        return "".join(parts)
    parts.append(f"<p><b>Riepilogo:</b> {html.escape(preview.summary())}.</p>")
    for status, heading in HEADINGS:
        chosen = preview.of(status)
        if not chosen:
            continue
        parts.append(f"<h4>{heading} ({len(chosen)})</h4><ul>")
        for item in chosen:
            text = "" if item.fields else f" – {html.escape(item.text)}"
            parts.append(f"<li><b>{html.escape(item.heading)}</b>{text}")
            for diff in item.fields:
                shown = (
                    html.escape(f"{diff.old} → {diff.new}")
                    if diff.label == CODE_LABEL
                    else words_html(diff.old, diff.new)
                )
                parts.append(f"<br>{html.escape(diff.label)}: {shown}")
            parts.append("</li>")
        parts.append("</ul>")
    if preview.updated_on is not None:
        old, new = preview.updated_on
        parts.append(
            f"<p>Ultimo aggiornamento del piano: {format_date(new)} "
            f"(prima: {format_date(old, '—')})</p>"
        )
    return "".join(parts)


def words_html(old: str, new: str) -> str:
    out = []
    for run in word_diff(old, new):
        text = html.escape(run.text)
        if run.op == "-":
            out.append(f'<s style="color:#b00020" title="tolto">{text}</s>')
        elif run.op == "+":
            out.append(f'<u style="color:#1b5e20" title="aggiunto">{text}</u>')
        else:
            out.append(text)
    return "".join(out)


def import_plan_text(
    parent: QWidget,
    services: Services,
    events: DataEvents,
    undo_stack: QUndoStack,
    status_bar: QStatusBar | None,
) -> bool:
    """Run the dialog; after an import, reload everything and clear the undo history."""
    dialog = PlanTextDialog(services, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    finish_import(dialog.outcome, events, undo_stack, status_bar)
    return True


def finish_import(
    outcome: str, events: DataEvents, undo_stack: QUndoStack, status_bar: QStatusBar | None
) -> None:
    # The edits before the import cannot be undone across it (their codes may have moved):
    # the window's undo barrier clears the history and keeps watching the change log.
    undo_stack.clear()
    events.outside_change.emit("l'importazione del testo dell'asse")
    events.database_replaced.emit()
    log.info("plan text import: %s", outcome)
    if status_bar is not None:
        status_bar.showMessage(
            f"{outcome} Le modifiche precedenti non si possono più annullare.", 15_000
        )
