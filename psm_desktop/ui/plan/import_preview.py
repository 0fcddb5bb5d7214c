"""The preview dialog shared by the imports of the plan's structure (axis text, workbook).

What is new, what changed (word by word: removed words struck through in red, added ones
underlined in green) and what the file no longer holds, which is deleted only when the box
is ticked. Like a tracker import the import cannot be undone edit by edit: it runs in one
transaction, and the undo history is cleared afterwards (and the status bar says so).

Reading and applying run in the background (ui.core.jobs), with progress and Cancel: a
plan of thousands of actions takes seconds, and a cancelled apply writes nothing.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QStatusBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.exchange.plan_text import ItemStatus, word_diff
from psm_desktop.exchange.plan_text.preview import CODE_LABEL, ItemList
from psm_desktop.formatting import plural
from psm_desktop.progress import Cancelled, ProgressCallback
from psm_desktop.services import Services
from psm_desktop.ui.core import messages
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.jobs import Job, run_job
from psm_desktop.ui.core.window_size import resize_within_screen

log = logging.getLogger(__name__)


class ImportPreviewDialog(QDialog):
    """A preview (`view`), the removals box and Apply; subclasses say how to read and write.

    `missing_words` names where missing items are missing from ("nel testo", "nel file").
    """

    missing_words = "nel testo"

    def __init__(self, services: Services, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.preview: Any = None
        self.outcome = ""
        self.job: Job | None = None  # the reading or the applying under way
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.main_layout = QVBoxLayout(self)
        self.view = QTextBrowser(self)
        self.view.setAccessibleName("Differenze con il piano")
        self.removals = QCheckBox(self._removals_text(0), self)
        self.removals.setObjectName("applyRemovals")
        self.removals.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.apply_button = self.buttons.addButton(
            "&Applica", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

    def add_preview_widgets(self, stretch: int = 1) -> None:
        """Put the preview, the removals box and the buttons below what the subclass added."""
        self.main_layout.addWidget(self.view, stretch)
        self.main_layout.addWidget(self.removals)
        self.main_layout.addWidget(self.buttons)
        resize_within_screen(self, 900, 680)

    # --- reading --------------------------------------------------------------------------

    def show_preview(self, make: Callable[[ProgressCallback], Any]) -> None:
        """Compute the preview with `make(progress)` in the background, then show it."""
        if self.job is not None:
            return
        self.show_problem("Lettura in corso…")
        self.job = run_job(
            self,
            "Lettura del file",
            make,
            on_done=self._preview_ready,
            on_error=self._preview_failed,
        )

    def _preview_failed(self, error: BaseException) -> None:
        self.job = None
        if isinstance(error, Cancelled):
            self.show_problem("Lettura annullata: scegli di nuovo il file.")
        elif isinstance(error, UserError):
            self.show_problem(error.message)
        else:
            self.show_problem("Lettura non riuscita: i dettagli sono nel registro.")
            _report_bug(error)

    def _preview_ready(self, preview: Any) -> None:
        self.job = None
        self.preview = preview
        self.view.setHtml(self.preview_html(preview))
        missing = len(preview.missing)
        self.removals.setChecked(False)
        self.removals.setEnabled(missing > 0)
        self.removals.setText(self._removals_text(missing))
        self.apply_button.setEnabled(not preview.is_noop)

    def _removals_text(self, missing: int) -> str:
        # "0 elementi mancanti" next to a greyed box reads as a count to act on: say it plainly.
        which = (
            plural(missing, "elemento mancante", "elementi mancanti")
            if missing
            else "gli elementi mancanti"
        )
        return f"&Elimina anche {which} {self.missing_words}"

    def show_problem(self, text: str) -> None:
        self.preview = None
        self.view.setPlainText(text)
        self.removals.setEnabled(False)
        self.apply_button.setEnabled(False)

    def preview_html(self, preview: Any) -> str:
        raise NotImplementedError

    # --- writing --------------------------------------------------------------------------

    def apply(self) -> None:
        """Write the preview in the background; the dialog closes once it is written."""
        if self.preview is None or self.preview.is_noop or self.job is not None:
            return
        preview, removals = self.preview, self.removals.isChecked()
        self.apply_button.setEnabled(False)
        self.job = run_job(
            self,
            self.windowTitle(),
            lambda progress: self.write(preview, removals, progress),
            on_done=self._written,
            on_error=self._write_failed,
        )

    def _write_failed(self, error: BaseException) -> None:
        self.job = None
        self.apply_button.setEnabled(self.preview is not None)
        if isinstance(error, Cancelled):
            messages.info(self, "Importazione annullata: il piano non è cambiato.")
        elif isinstance(error, UserError):
            messages.user_error(self, error)
        else:
            _report_bug(error)

    def _written(self, result: Any) -> None:
        self.job = None
        kept = plural(result.kept, "mancante lasciato", "mancanti lasciati")
        kept = f"; {kept} nel piano" if result.kept else ""
        self.outcome = (
            f"{self.imported()}: "
            f"{plural(result.created, 'nuovo', 'nuovi')}, "
            f"{plural(result.updated, 'modificato', 'modificati')}, "
            f"{plural(result.removed, 'eliminato', 'eliminati')}{kept}."
        )
        self.accept()

    def write(self, preview: Any, apply_removals: bool, progress: ProgressCallback) -> Any:
        """Runs in the worker thread: no widgets."""
        raise NotImplementedError

    def reject(self) -> None:
        # Closing while a job runs cancels it; its result or failure then closes nothing.
        if self.job is not None:
            self.job.cancel()
            return
        super().reject()

    def imported(self) -> str:
        """The start of the status bar's message: "Asse 2 importato"."""
        raise NotImplementedError


def items_html(preview: ItemList, missing_heading: str) -> list[str]:
    """The new, changed and missing items, with word-level differences, as HTML parts."""
    parts = []
    for status, heading in (
        (ItemStatus.NEW, "Nuovi"),
        (ItemStatus.CHANGED, "Modificati"),
        (ItemStatus.MISSING, missing_heading),
    ):
        chosen = preview.of(status)
        if not chosen:
            continue
        parts.append(f"<h4>{heading} ({len(chosen)})</h4><ul>")
        for item in chosen:
            text = "" if item.fields else f" – {html.escape(item.text)}"
            parts.append(f"<li><b>{html.escape(item.heading)}</b>{text}")
            for diff in item.fields:
                shown = (
                    words_html(diff.old, diff.new)
                    if diff.words_wise and diff.label != CODE_LABEL
                    else html.escape(f"{diff.old or '—'} → {diff.new or '—'}")
                )
                parts.append(f"<br>{html.escape(diff.label)}: {shown}")
            parts.append("</li>")
        parts.append("</ul>")
    return parts


def words_html(old: str, new: str) -> str:
    runs = word_diff(old, new)
    out = []
    for run in runs:
        text = html.escape(run.text)
        if run.op == "-":
            out.append(f'<s style="color:#b00020" title="tolto">{text}</s>')
        elif run.op == "+":
            out.append(f'<u style="color:#1b5e20" title="aggiunto">{text}</u>')
        else:
            out.append(text)
    if [run.op for run in runs] == ["-", "+"]:  # rewritten whole: the new text below the old
        return "<br>".join(out)
    return "".join(out)


def _report_bug(error: BaseException) -> None:
    from psm_desktop.app import excepthook

    excepthook(type(error), error, error.__traceback__)


def run_import(dialog: ImportPreviewDialog) -> str | None:
    """Run the dialog; the outcome to report, or None if nothing was imported."""
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.outcome


def finish_import(
    outcome: str,
    events: DataEvents,
    undo_stack: QUndoStack,
    status_bar: QStatusBar | None,
    what: str = "l'importazione del testo dell'asse",
) -> None:
    # The edits before the import cannot be undone across it (their codes may have moved):
    # the window's undo barrier clears the history and keeps watching the change log.
    undo_stack.clear()
    events.outside_change.emit(what)
    events.database_replaced.emit()
    log.info("structure import: %s", outcome)
    if status_bar is not None:
        status_bar.showMessage(
            f"{outcome} Le modifiche precedenti non si possono più annullare.", 15_000
        )
