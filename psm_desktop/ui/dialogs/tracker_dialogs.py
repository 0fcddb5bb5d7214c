"""File > Esporta / Importa tracker Excel: a scope dialog, and the import wizard.

Reading, merging and writing run in the background (ui.jobs.run_job) with progress and
Cancel; openpyxl is imported by those jobs, never when the main window starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from psm_desktop.errors import UserError, ValidationError
from psm_desktop.exchange.tracker.plan import (
    ImportPlan,
    ItemKind,
    Resolution,
    code_change_lines,
    summary,
)
from psm_desktop.exchange.tracker.scope import Scope
from psm_desktop.formatting import plural
from psm_desktop.progress import Cancelled
from psm_desktop.services import Services
from psm_desktop.ui.core import file_dialogs, messages, visible_boxes
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.jobs import Job, run_job
from psm_desktop.ui.core.window_size import resize_within_screen
from psm_desktop.ui.models.tracker_plan_model import COL_CHOICE, PlanModel, ResolutionDelegate
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel

XLSX_FILTER = "Cartelle di lavoro Excel (*.xlsx)"


def _report_failure(parent: QWidget, exc: BaseException) -> None:
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, UserError):
        messages.user_error(parent, exc)
        return
    from psm_desktop.app import excepthook

    excepthook(type(exc), exc, exc.__traceback__)


# --- export --------------------------------------------------------------------------------


def export_tracker(window: QWidget, services: Services, events: DataEvents) -> None:
    """Ask the scope and the file, then write the tracker in the background."""
    dialog = ExportTrackerDialog(window, services)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: start_export(window, services, dialog.scope(), dialog.target()))
    dialog.open()


def start_export(window: QWidget, services: Services, scope: Scope, target: Path) -> Job:
    def work(progress: Any) -> Any:  # worker thread: no widgets
        from psm_desktop.exchange.tracker.export import export_tracker as write

        return write(services, target, scope, progress)

    def done(result: Any) -> None:
        text = f"Tracker salvato in {result.path}\n{scope.label}: {result.counts()}."
        if result.warnings:
            text += "\n\n" + "\n".join(result.warnings)
        messages.info(window, text, "Tracker esportato")

    return run_job(
        window,
        "Esportazione del tracker",
        work,
        on_done=done,
        on_error=lambda exc: _report_failure(window, exc),
    )


class ExportTrackerDialog(QDialog):
    """What goes in the tracker (whole plan, axis, strategy, stakeholder) and where."""

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent)
        self.setWindowTitle("Esporta tracker Excel")
        self.setAccessibleName("Esporta tracker Excel")
        self.services = services
        self.group = QButtonGroup(self)
        self.all_plan = QRadioButton("Tutto il piano")
        self.by_axis = QRadioButton("Un asse:")
        self.by_strategy = QRadioButton("Una strategia:")
        self.by_stakeholder = QRadioButton("Le azioni di un soggetto:")
        for button in (self.all_plan, self.by_axis, self.by_strategy, self.by_stakeholder):
            self.group.addButton(button)
        self.all_plan.setChecked(True)
        self.axis = QComboBox()
        for axis in services.plan.axes():
            self.axis.addItem(f"Asse {axis.number} — {axis.title}", axis.number)
        self.strategy = QComboBox()
        for strategy in services.plan.strategies():
            self.strategy.addItem(f"{strategy.code} — {strategy.title}", strategy.code)
        self.stakeholder = QComboBox()
        self._build_stakeholder_search(services)
        for combo, name in (
            (self.axis, "Asse da esportare"),
            (self.strategy, "Strategia da esportare"),
            (self.stakeholder, "Soggetto di cui esportare le azioni"),
        ):
            combo.setMaximumWidth(520)
            combo.setAccessibleName(name)
        self.axis.activated.connect(lambda: self.by_axis.setChecked(True))
        self.strategy.activated.connect(lambda: self.by_strategy.setChecked(True))
        self.stakeholder.activated.connect(lambda: self.by_stakeholder.setChecked(True))
        self.path = QLineEdit()
        self.path.setAccessibleName("File del tracker")
        self.path.setText(str(Path.home() / f"tracker-{services.plan.plan().code}.xlsx"))
        browse = QPushButton("Sfoglia…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.all_plan)
        form.addRow(self.by_axis, self.axis)
        form.addRow(self.by_strategy, self.strategy)
        form.addRow(self.by_stakeholder, self.stakeholder_search)
        form.addRow("", self.stakeholder)
        form.addRow("File:", row)
        buttons, _ok = ok_cancel(self, "Esporta", on_ok=self._accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Quali azioni mettere nel tracker:"))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _build_stakeholder_search(self, services: Services) -> None:
        """The stakeholders with actions (thousands on a big plan) behind a search field."""
        names = QStandardItemModel(self)
        for s in services.stakeholders.search():
            if s.action_count:
                item = QStandardItem(s.name)
                item.setData(s.name, Qt.ItemDataRole.UserRole)
                names.appendRow(item)
        self.stakeholder_proxy = QSortFilterProxyModel(self)
        self.stakeholder_proxy.setSourceModel(names)
        self.stakeholder_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.stakeholder.setModel(self.stakeholder_proxy)
        self.stakeholder_search = QLineEdit()
        self.stakeholder_search.setObjectName("trackerStakeholderSearch")
        self.stakeholder_search.setAccessibleName("Cerca il soggetto per nome")
        self.stakeholder_search.setPlaceholderText(
            f"Cerca tra {plural(names.rowCount(), 'soggetto', 'soggetti')} (parte del nome)…"
        )
        self.stakeholder_search.setClearButtonEnabled(True)
        self.stakeholder_search.textChanged.connect(self._search_stakeholder)

    def _search_stakeholder(self, text: str) -> None:
        chosen = self.stakeholder.currentText()
        self.stakeholder_proxy.setFilterFixedString(text.strip())
        index = self.stakeholder.findText(chosen, Qt.MatchFlag.MatchExactly)
        self.stakeholder.setCurrentIndex(index if index >= 0 else 0)
        if text.strip():
            self.by_stakeholder.setChecked(True)

    def _browse(self) -> None:
        name, _ = file_dialogs.get_save_file_name(
            self, "Salva il tracker", self.path.text(), XLSX_FILTER
        )
        if name:
            self.path.setText(name)

    def scope(self) -> Scope:
        if self.by_axis.isChecked():
            return Scope.axis(int(self.axis.currentData()))
        if self.by_strategy.isChecked():
            return Scope.strategy(str(self.strategy.currentData()))
        if self.by_stakeholder.isChecked() and self.stakeholder.count():
            return Scope.stakeholder(str(self.stakeholder.currentData()))
        return Scope()

    def target(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def _accept(self) -> None:
        if not self.path.text().strip():
            messages.warn(self, "Scegli il file in cui salvare il tracker.")
            return
        if not self.target().parent.is_dir():
            messages.warn(self, f"La cartella {self.target().parent} non esiste.")
            return
        self.accept()


# --- import --------------------------------------------------------------------------------


def import_tracker(window: QWidget, services: Services, events: DataEvents) -> None:
    """Open the import wizard: file -> reading -> preview with choices -> apply."""
    wizard = ImportWizard(window, services, events)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()


class FilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Scegli il tracker compilato")
        self.setSubTitle(
            "Il file Excel (.xlsx) esportato da PSM Desktop e restituito da un ufficio."
        )
        self.path = QLineEdit()
        self.path.setAccessibleName("File del tracker da importare")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton("Sfoglia…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.addWidget(self.path, 1)
        row.addWidget(browse)

    def _browse(self) -> None:
        name, _ = file_dialogs.get_open_file_name(
            self, "Importa tracker", self.path.text() or str(Path.home()), XLSX_FILTER
        )
        if name:
            self.path.setText(name)

    def file(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def isComplete(self) -> bool:
        return bool(self.path.text().strip()) and self.file().is_file()


class ReadPage(QWizardPage):
    """Reads and checks the tracker in the background; shows every problem if any."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Lettura e controllo del tracker")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it names the file
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setTabChangesFocus(True)
        self.problems.setAccessibleName("Problemi trovati nel tracker")
        self.problems.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.problems, 1)
        self.job: Job | None = None

    def initializePage(self) -> None:
        self._wizard.plan = None
        self.problems.hide()
        path = self._wizard.file_page.file()
        self.status.setText(f"Lettura di {path.name} in corso…")
        services = self._wizard.services

        def work(progress: Any) -> ImportPlan:  # worker thread
            from psm_desktop.exchange.tracker.service import prepare_import

            return prepare_import(services, path, progress)

        self.job = run_job(
            self._wizard, "Lettura del tracker", work, on_done=self._done, on_error=self._failed
        )

    def _done(self, plan: ImportPlan) -> None:
        self._wizard.plan = plan
        self.status.setText(
            f"Tracker letto: piano {plan.plan_code}, {plan.scope_label}, esportato il "
            f"{plan.exported_at}. "
            + (
                "Non ci sono modifiche da importare."
                if plan.is_empty
                else f"{plural(len(plan.items), 'modifica', 'modifiche')} da esaminare."
            )
        )
        self.completeChanged.emit()
        self._wizard.next()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.status.setText("Lettura annullata. Torna indietro per scegliere un altro file.")
            return
        if not isinstance(exc, UserError):
            _report_failure(self._wizard, exc)
            self.status.setText("Errore imprevisto durante la lettura.")
            return
        self.status.setText(
            "Il tracker non può essere importato: correggi questi problemi nel file e riprova. "
            "Il database non è stato modificato."
            if isinstance(exc, ValidationError)
            else "Il tracker non può essere importato. Il database non è stato modificato."
        )
        self.problems.setPlainText(exc.message)
        self.problems.show()

    def isComplete(self) -> bool:
        return self._wizard.plan is not None


class PreviewPage(QWizardPage):
    """Every change with a tick box; conflicts with a choice each; removals unticked."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Modifiche da importare")
        self.setSubTitle(
            "Togli la spunta a ciò che non vuoi importare. Le righe eliminate dal tracker non "
            "vengono applicate se non le selezioni. Per ogni conflitto scegli quale valore tenere."
        )
        self.model: PlanModel | None = None
        self.proxy = QSortFilterProxyModel(self)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Elenco delle modifiche")
        visible_boxes.show_boxes(self.view)  # each change has its box
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setItemDelegateForColumn(COL_CHOICE, ResolutionDelegate(self.view))
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)  # Tab reaches the buttons; arrows move inside
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setTabChangesFocus(True)
        self.warnings.setMaximumHeight(80)
        self.warnings.setAccessibleName("Avvisi")
        buttons = QHBoxLayout()
        for text, slot in (
            ("Seleziona tutto", lambda: self._set_all(True)),
            ("Deseleziona tutto", lambda: self._set_all(False)),
            ("Conflitti: usa il tracker", lambda: self._resolve(Resolution.THEIRS)),
            ("Conflitti: mantieni il database", lambda: self._resolve(Resolution.OURS)),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.warnings)

    def initializePage(self) -> None:
        plan = self._wizard.plan
        assert plan is not None
        self.model = PlanModel(plan, self)
        self.model.changed.connect(self._update)
        self.proxy.setSourceModel(self.model)
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, COL_CHOICE)
            if self.model.item(self.proxy.mapToSource(index).row()).kind is ItemKind.CONFLICT:
                self.view.openPersistentEditor(index)
        self.view.resizeColumnsToContents()
        for column in range(self.proxy.columnCount()):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 320))
        lines = code_change_lines(plan) if plan.code_changes else []
        lines += [f"- {w}" for w in plan.warnings]
        self.warnings.setPlainText("\n".join(lines))
        self.warnings.setVisible(bool(lines))
        self._update()

    def _set_all(self, selected: bool) -> None:
        if self.model is not None:
            self.model.set_all(selected)

    def _resolve(self, resolution: Resolution) -> None:
        if self.model is not None:
            self.model.resolve_all(resolution)

    def _update(self) -> None:
        plan = self._wizard.plan
        if plan is None:
            return
        text = f"Da applicare: {summary(plan.to_apply)}."
        if plan.unresolved:
            text += f" Conflitti da risolvere: {len(plan.unresolved)}."
        removals = [i for i in plan.removals if i.selected]
        if removals:
            chosen = plural(len(removals), "eliminazione selezionata", "eliminazioni selezionate")
            text += f" Attenzione: {chosen}."
        self.summary.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self._wizard.plan
        return plan is not None and not plan.unresolved

    def validatePage(self) -> bool:
        plan = self._wizard.plan
        assert plan is not None
        removals = [i for i in plan.removals if i.selected]
        if removals:
            listing = "\n".join(f"- {i.title}" for i in removals[:15])
            extra = len(removals) - 15
            more = f"\n… e {plural(extra, 'altra', 'altre')}" if extra > 0 else ""
            if not messages.confirm(
                self,
                "Stai per eliminare dal database "
                f"{plural(len(removals), 'elemento tolto', 'elementi tolti')} dal tracker:\n"
                f"{listing}{more}\n\nConfermi l'eliminazione?",
                "Conferma le eliminazioni",
            ):
                return False
        return True


class ImportWizard(QWizard):
    def __init__(self, parent: QWidget | None, services: Services, events: DataEvents) -> None:
        super().__init__(parent)
        self.setWindowTitle("Importa tracker Excel")
        self.setAccessibleName("Importa tracker Excel")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "Avanti >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Indietro")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Applica")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Annulla")
        self.services = services
        self.events = events
        self.plan: ImportPlan | None = None
        self.apply_job: Job | None = None
        self._finished = False
        self.file_page = FilePage()
        self.read_page = ReadPage(self)
        self.preview_page = PreviewPage(self)
        self.addPage(self.file_page)
        self.addPage(self.read_page)
        self.addPage(self.preview_page)
        resize_within_screen(self, 1100, 640)

    def done(self, result: int) -> None:
        """Finish = validate the preview, then apply in the background; close once it worked."""
        if result != QDialog.DialogCode.Accepted.value or self._finished:
            super().done(result)
            return
        plan = self.plan
        if plan is None or self.apply_job is not None or not self.validateCurrentPage():
            return
        if not plan.to_apply:
            messages.info(self, "Nessuna modifica selezionata: il database non cambia.")
            self._close_accepted()
            return
        services = self.services

        def work(progress: Any) -> Any:  # worker thread
            from psm_desktop.exchange.tracker.service import apply_plan

            return apply_plan(services, plan, progress)

        def failed(exc: BaseException) -> None:
            self.apply_job = None
            _report_failure(self, exc)

        self.apply_job = run_job(
            self, "Importazione del tracker", work, on_done=self._applied, on_error=failed
        )

    def _close_accepted(self) -> None:
        # QWizard.done would validate the page (and ask to confirm removals) a second time.
        self._finished = True
        QDialog.done(self, QDialog.DialogCode.Accepted.value)

    def _applied(self, result: Any) -> None:
        self.apply_job = None
        assert self.plan is not None
        # Not undoable as one step: the edits before it cannot be undone either (see events).
        self.events.outside_change.emit(f"l'importazione di {self.plan.file_name}")
        self.events.database_replaced.emit()
        messages.info(
            self.parentWidget(),
            f"Importazione di {self.plan.file_name} completata: {summary(self.plan.to_apply)}."
            "\n\nLe modifiche fatte prima dell'importazione non si possono più annullare "
            "con Annulla (Ctrl+Z).",
            "Tracker importato",
        )
        self._close_accepted()
