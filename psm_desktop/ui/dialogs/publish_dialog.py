"""File › Pubblica…: the web site of a period and its open data, built in the background and
opened in the system browser as a preview.

The settings (IPA code, licence, office) are those of the command line, saved in the user's
data folder; a closed period gives the final publication, today's data a provisional one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.exchange.web.settings import (
    LICENCES,
    PublishSettings,
    load_settings,
    save_settings,
)
from psm_desktop.progress import Cancelled, ProgressCallback
from psm_desktop.services import Services
from psm_desktop.ui.core import file_dialogs, messages
from psm_desktop.ui.core.jobs import Job, run_job
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel

TODAY = ""  # the combo's data for "today's data, provisional"


@dataclass(frozen=True)
class PublishRequest:
    period: str | None
    provisional: bool
    folder: Path
    settings: PublishSettings
    open_browser: bool


def publish(window: QWidget, services: Services) -> Job | None:
    """The File menu's entry: ask, then build in the background and open the index."""
    dialog = PublishDialog(window, services)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    request = dialog.request()
    save_settings(request.settings)
    return start_publish(window, services, request)


def start_publish(window: QWidget, services: Services, request: PublishRequest) -> Job:
    def work(progress: ProgressCallback) -> Path:  # worker thread: no widgets here
        from psm_desktop.exchange.web.builder import build_site
        from psm_desktop.exchange.web.sitedata import load_site_data

        data = load_site_data(
            services, request.period, request.settings, provisional=request.provisional
        )
        build_site(data, request.folder, progress)
        return request.folder / "index.html"

    def done(index: Path) -> None:
        if request.open_browser:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(index)))
        messages.info(
            window,
            f"Pubblicazione pronta nella cartella:\n{request.folder}\n\n"
            "Si carica così com'è sul sito web dell'ente.",
            "Pubblica",
        )

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, UserError):
            messages.user_error(window, exc)
            return
        from psm_desktop.app import excepthook

        excepthook(type(exc), exc, exc.__traceback__)

    return run_job(window, "Pubblicazione del sito", work, on_done=done, on_error=failed)


class PublishDialog(QDialog):
    """Which period, which folder, and the publisher's settings."""

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pubblica")
        self.setAccessibleName("Pubblica il sito e i dati aperti")
        settings = load_settings()

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Periodo da pubblicare")
        for info in reversed(services.periods.list_periods()):
            if info.closed:
                self.period_combo.addItem(f"{info.name} – {info.label}", info.name)
        self.period_combo.addItem("Dati di oggi (pubblicazione provvisoria)", TODAY)

        self.folder_edit = QLineEdit()
        self.folder_edit.setAccessibleName("Cartella del sito")
        browse = QPushButton("&Sfoglia…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)

        self.ipa_edit = QLineEdit(settings.ipa)
        self.ipa_edit.setAccessibleName("Codice IPA dell'amministrazione")
        self.ipa_edit.setPlaceholderText("per esempio c_l219")
        self.office_edit = QLineEdit(settings.office)
        self.office_edit.setAccessibleName("Ufficio che pubblica")
        self.licence_combo = QComboBox()
        self.licence_combo.setAccessibleName("Licenza dei dati")
        for code, licence in LICENCES.items():
            self.licence_combo.addItem(licence.name, code)
        self.licence_combo.setCurrentIndex(self.licence_combo.findData(settings.licence))
        self.open_check = QCheckBox("&Apri l'anteprima nel browser al termine")
        self.open_check.setChecked(True)

        form = QFormLayout()
        form.addRow("&Periodo:", self.period_combo)
        folder_label = QLabel("&Cartella:")
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        form.addRow("Codice &IPA:", self.ipa_edit)
        form.addRow("&Ufficio:", self.office_edit)
        form.addRow("&Licenza:", self.licence_combo)
        note = QLabel(
            "Si pubblica un periodo chiuso: le pagine e i dati sono sempre gli stessi. "
            "I dati di oggi danno una pubblicazione provvisoria, segnata su ogni pagina."
        )
        note.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        buttons, _ok = ok_cancel(self, "Pubblica", on_ok=self._accept)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.open_check)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.browse_button = browse

    def _browse(self) -> None:
        folder = file_dialogs.ask_folder(self, "Cartella del sito", self.folder_edit.text())
        if folder is not None:
            self.folder_edit.setText(str(folder))

    def settings(self) -> PublishSettings:
        return PublishSettings(
            ipa=self.ipa_edit.text(),
            licence=str(self.licence_combo.currentData()),
            office=self.office_edit.text(),
        ).checked()

    def request(self) -> PublishRequest:
        period = str(self.period_combo.currentData())
        return PublishRequest(
            period=period or None,
            provisional=not period,
            folder=Path(self.folder_edit.text().strip()).expanduser(),
            settings=self.settings(),
            open_browser=self.open_check.isChecked(),
        )

    def _accept(self) -> None:
        problem = ""
        if not self.folder_edit.text().strip():
            problem = "Scegliere la cartella in cui scrivere il sito."
        else:
            try:
                self.settings()
            except UserError as exc:
                problem = exc.message
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        self.accept()
