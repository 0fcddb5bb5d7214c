"""File > Esporta PDF: choose the document and the file, build it in the background, preview it.

The PDF machinery (reportlab) is imported by the background job, never when the main
window starts. The preview uses Qt's own PDF module; a button opens the system viewer.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.requests import (
    DEFAULT_WITHIN_DAYS,
    ActionSheets,
    AxisSheet,
    DeadlinesReport,
    MonitoringReport,
    PdfRequest,
)
from psm_desktop.model import Status
from psm_desktop.progress import Cancelled, ProgressCallback
from psm_desktop.services import Services
from psm_desktop.ui.core import file_dialogs, messages
from psm_desktop.ui.core.jobs import Job, run_job
from psm_desktop.ui.core.window_size import resize_within_screen
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel

if TYPE_CHECKING:  # the real import loads reportlab: only when exporting
    from psm_desktop.exchange.pdf.documents import PdfResult

PDF_FILTER = "Documenti PDF (*.pdf)"
KIND_AXIS, KIND_ACTION, KIND_ACTIONS, KIND_DEADLINES, KIND_MONITORING = range(5)
FILTER_ALL, FILTER_AXIS, FILTER_STAKEHOLDER, FILTER_STATUS = range(4)


def export_pdf(
    window: QWidget,
    services: Services,
    current_action_id: int | None,
    current_axis: int | None,
) -> None:
    """The File menu's entry: ask, then build in the background and show the preview."""
    dialog = ExportPdfDialog(window, services, current_action_id, current_axis)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    start_export(window, services, dialog.request(), dialog.target())


def start_export(window: QWidget, services: Services, request: PdfRequest, target: Path) -> Job:
    def work(progress: ProgressCallback) -> PdfResult:  # worker thread: no widgets here
        from psm_desktop.exchange.pdf.documents import export_pdf as make_pdf

        return make_pdf(services, request, target, progress=progress)

    def done(result: PdfResult) -> None:
        preview = PdfPreviewDialog(window, result.path, result.title, result.pages)
        preview.show()
        if result.warnings:  # letters no font has, right-to-left text
            messages.warn(
                preview, "Il PDF è stato creato, ma:\n\n" + "\n".join(result.warnings), "PDF"
            )

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return  # the user pressed Cancel; the previous file is untouched
        if isinstance(exc, UserError):
            messages.user_error(window, exc)
            return
        from psm_desktop.app import excepthook

        excepthook(type(exc), exc, exc.__traceback__)

    return run_job(window, "Creazione del PDF", work, on_done=done, on_error=failed)


def ask_pdf_target(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = file_dialogs.get_save_file_name(parent, "Salva il PDF", str(suggested), PDF_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


class ExportPdfDialog(QDialog):
    """Which document (axis sheet, this action, several actions, deadlines) and which file."""

    def __init__(
        self,
        parent: QWidget | None,
        services: Services,
        current_action_id: int | None,
        current_axis: int | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Esporta PDF")
        self.setAccessibleName("Esporta PDF")
        self._services = services
        self._action = (
            services.actions.get(current_action_id) if current_action_id is not None else None
        )
        self._axes = services.plan.axes()
        self._stakeholders = services.stakeholders.search()
        self._path_edited = False
        self._folder = Path.home()

        self.kind = QButtonGroup(self)
        self.axis_radio = QRadioButton("&Scheda dell'Asse")
        code = self._action.code if self._action else ""
        self.action_radio = QRadioButton(
            f"Scheda di &questa azione ({code})" if code else "Scheda di &questa azione"
        )
        self.actions_radio = QRadioButton("Schede di &più azioni, una per pagina")
        self.deadlines_radio = QRadioButton("&Report delle scadenze (per una riunione)")
        self.monitoring_radio = QRadioButton("Resoconto di &monitoraggio")
        for i, radio in enumerate(
            (
                self.axis_radio,
                self.action_radio,
                self.actions_radio,
                self.deadlines_radio,
                self.monitoring_radio,
            )
        ):
            self.kind.addButton(radio, i)
        # The periods, newest first: the one to report on is usually the last closed.
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Periodo di monitoraggio")
        for period in reversed(services.periods.list_periods()):
            state = "chiuso" if period.closed else "aperto, provvisorio"
            self.period_combo.addItem(f"{period.name} – {period.label} ({state})", period.name)
        if self.period_combo.count() == 0:
            self.monitoring_radio.setEnabled(False)
            self.monitoring_radio.setToolTip("Non ci sono periodi di monitoraggio.")
        self.action_radio.setEnabled(self._action is not None)
        if self._action is None:
            self.action_radio.setToolTip("Seleziona prima un'azione nel piano.")

        self.axis_combo = self._axis_combo()
        self.filter_combo = QComboBox()
        self.filter_combo.addItems(
            ["Tutte le azioni", "Di un asse", "Di un soggetto", "In uno stato"]
        )
        self.filter_combo.setAccessibleName("Quali azioni")
        self.filter_axis = self._axis_combo()
        self.filter_stakeholder = self._stakeholder_combo(with_all=False)
        self.filter_status = QComboBox()
        for status in Status:
            self.filter_status.addItem(status.label, status)
        self.filter_status.setAccessibleName("Stato")
        self.filter_stack = QStackedWidget()
        for widget in (QWidget(), self.filter_axis, self.filter_stakeholder, self.filter_status):
            self.filter_stack.addWidget(widget)
        self.filter_combo.currentIndexChanged.connect(self.filter_stack.setCurrentIndex)

        self.within_check = QCheckBox("Solo le scadenze entro")
        self.within_check.setChecked(True)  # what a meeting needs; unchecked: all of them
        self.within_days = QSpinBox()
        self.within_days.setRange(0, 3650)
        self.within_days.setValue(DEFAULT_WITHIN_DAYS)
        self.within_days.setSuffix(" giorni")
        self.within_days.setAccessibleName("Giorni")
        self.within_days.setEnabled(False)
        self.within_check.toggled.connect(self.within_days.setEnabled)
        self.deadline_stakeholder = self._stakeholder_combo(with_all=True)

        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File PDF")
        self.path_edit.textEdited.connect(self._mark_edited)
        browse = QPushButton("S&foglia…")
        browse.clicked.connect(self._browse)

        # The office's look is edited in a dialog and kept in the user's data folder,
        # never in the installation (File › Impostazioni ufficio…).
        self.theme_label = QLabel(
            "Ente, logo, colori ed etichette dei documenti: "
            '<a href="office-settings">Impostazioni ufficio…</a>'
        )
        self.theme_label.setWordWrap(True)
        self.theme_label.setTextFormat(Qt.TextFormat.RichText)
        self.theme_label.setOpenExternalLinks(False)
        self.theme_label.linkActivated.connect(self._office_settings)
        self.theme_label.setAccessibleName("Modelli dei documenti")

        self.buttons, _ok = ok_cancel(self, "&Crea PDF", on_ok=self._accept)

        self._layout(browse)
        self.kind.idToggled.connect(self._kind_changed)
        for combo in (self.axis_combo, self.filter_combo, self.period_combo):
            combo.currentIndexChanged.connect(self._suggest_path)
        if self._action is not None:
            self.action_radio.setChecked(True)
        else:
            self.axis_radio.setChecked(True)
        if current_axis is not None:
            for combo in (self.axis_combo, self.filter_axis):
                combo.setCurrentIndex(max(combo.findData(current_axis), 0))
        self._kind_changed()
        self.resize(620, self.sizeHint().height())

    # --- building ------------------------------------------------------------------------

    def _axis_combo(self) -> QComboBox:
        combo = QComboBox()
        for axis in self._axes:
            combo.addItem(f"Asse {axis.number} – {axis.title}", axis.number)
        combo.setAccessibleName("Asse")
        return combo

    def _stakeholder_combo(self, *, with_all: bool) -> QComboBox:
        combo = QComboBox()
        if with_all:
            combo.addItem("Tutti i responsabili", None)
        for s in self._stakeholders:
            combo.addItem(s.name, s.id)
        combo.setEditable(True)  # type to find one among hundreds
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setAccessibleName("Soggetto")
        return combo

    def _layout(self, browse: QPushButton) -> None:
        grid = QGridLayout()
        grid.setColumnMinimumWidth(0, 18)
        grid.addWidget(self.axis_radio, 0, 0, 1, 2)
        grid.addWidget(self.axis_combo, 1, 1)
        grid.addWidget(self.action_radio, 2, 0, 1, 2)
        grid.addWidget(self.actions_radio, 3, 0, 1, 2)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_combo)
        filters.addWidget(self.filter_stack, 1)
        grid.addLayout(filters, 4, 1)
        grid.addWidget(self.deadlines_radio, 5, 0, 1, 2)
        within = QHBoxLayout()
        within.addWidget(self.within_check)
        within.addWidget(self.within_days)
        within.addStretch(1)
        deadline_form = QFormLayout()
        deadline_form.addRow(within)
        deadline_form.addRow("Responsabile:", self.deadline_stakeholder)
        grid.addLayout(deadline_form, 6, 1)
        grid.addWidget(self.monitoring_radio, 7, 0, 1, 2)
        grid.addWidget(self.period_combo, 8, 1)
        grid.setColumnStretch(1, 1)

        file_row = QHBoxLayout()
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path_edit)
        file_row.addWidget(file_label)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Quale documento</b>"))
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addLayout(file_row)
        layout.addWidget(self.theme_label)
        layout.addWidget(self.buttons)

    # --- behaviour -----------------------------------------------------------------------

    def _kind_changed(self, *_: object) -> None:
        kind = self.kind.checkedId()
        self.axis_combo.setEnabled(kind == KIND_AXIS)
        for widget in (self.filter_combo, self.filter_stack):
            widget.setEnabled(kind == KIND_ACTIONS)
        self.within_check.setEnabled(kind == KIND_DEADLINES)
        self.within_days.setEnabled(kind == KIND_DEADLINES and self.within_check.isChecked())
        self.deadline_stakeholder.setEnabled(kind == KIND_DEADLINES)
        self.period_combo.setEnabled(kind == KIND_MONITORING)
        self._suggest_path()

    def _mark_edited(self) -> None:
        self._path_edited = True

    def _suggest_path(self) -> None:
        if not self._path_edited:
            self.path_edit.setText(str(self._folder / self.suggested_name()))

    def suggested_name(self) -> str:
        kind = self.kind.checkedId()
        if kind == KIND_AXIS:
            return f"scheda-asse-{self.axis_combo.currentData()}.pdf"
        if kind == KIND_ACTION and self._action is not None:
            return f"scheda-azione-{self._action.code}.pdf"
        if kind == KIND_ACTIONS:
            return "schede-azioni.pdf"
        if kind == KIND_MONITORING:
            period = re.sub(r"[^\w.-]+", "-", str(self.period_combo.currentData()))
            return f"monitoraggio-{period}.pdf"
        return f"scadenze-{dt.date.today():%Y-%m-%d}.pdf"

    def _office_settings(self, _link: str = "") -> None:
        from psm_desktop.ui.dialogs.office_settings_dialog import edit_office_settings

        edit_office_settings(self)

    def _browse(self) -> None:
        chosen = ask_pdf_target(self, self.target())
        if chosen is not None:
            self.path_edit.setText(str(chosen))
            self._path_edited = True

    def _accept(self) -> None:
        try:
            self.request()
            target = self.target()
        except UserError as exc:
            messages.user_error(self, exc)
            return
        if not target.parent.is_dir():
            messages.warn(self, f"La cartella {target.parent} non esiste.")
            return
        self.accept()

    def target(self) -> Path:
        text = self.path_edit.text().strip()
        if not text:
            raise UserError("Scegli il file PDF da creare.")
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def request(self) -> PdfRequest:
        """What the user chose, as the request the document builder takes."""
        kind = self.kind.checkedId()
        if kind == KIND_AXIS:
            return AxisSheet(axis=int(self.axis_combo.currentData()))
        if kind == KIND_ACTION and self._action is not None:
            return ActionSheets(action_ids=(self._action.id,))
        if kind == KIND_ACTIONS:
            which = self.filter_combo.currentIndex()
            if which == FILTER_AXIS:
                return ActionSheets(axis=int(self.filter_axis.currentData()))
            if which == FILTER_STAKEHOLDER:
                return ActionSheets(stakeholder_id=self._stakeholder_id(self.filter_stakeholder))
            if which == FILTER_STATUS:
                return ActionSheets(status=self.filter_status.currentData())
            return ActionSheets()
        if kind == KIND_MONITORING:
            return MonitoringReport(period=str(self.period_combo.currentData()))
        days = self.within_days.value() if self.within_check.isChecked() else None
        return DeadlinesReport(
            within_days=days, stakeholder_id=self._stakeholder_id(self.deadline_stakeholder)
        )

    def _stakeholder_id(self, combo: QComboBox) -> int | None:
        """The chosen stakeholder; a typed name must match one in the list."""
        index = combo.findText(combo.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            raise UserError(f"Nessun soggetto si chiama «{combo.currentText().strip()}».")
        value = combo.itemData(index)
        return int(value) if value is not None else None


class PdfPreviewDialog(QDialog):
    """The finished document inside the application, and a way to the system viewer."""

    def __init__(self, parent: QWidget | None, path: Path, title: str, pages: int) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Anteprima – {path.name}")
        self.setAccessibleName("Anteprima del PDF")
        self.path = path
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Pagine del PDF")

        words = "pagina" if pages == 1 else "pagine"
        info = QLabel(f"<b>{_html(title)}</b><br>{pages} {words} · {_html(str(path))}")
        info.setWordWrap(True)
        self.page_label = QLabel()
        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._show_page)
        self._show_page(0)

        self.open_button = QPushButton("Apri nel &visualizzatore di sistema")
        self.open_button.clicked.connect(self.open_in_system_viewer)
        close = QPushButton("&Chiudi")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.page_label)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        resize_within_screen(self, 760, 900)

    def _show_page(self, page: int) -> None:
        self.page_label.setText(f"Pagina {page + 1} di {self.document.pageCount()}")

    def go_to_page(self, page: int) -> None:
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    def open_in_system_viewer(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path))):
            messages.warn(
                self, f"Nessun programma per aprire i PDF è disponibile.\nIl file è {self.path}."
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.document.close()  # release the file (Windows keeps open files locked)
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
