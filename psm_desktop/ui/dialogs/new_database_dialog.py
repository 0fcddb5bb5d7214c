"""File › Nuovo database…: the built-in plan, an empty plan, or one built from files.

The dialog asks where the new file goes (never over an existing one), which plan it holds
and, for an empty plan or one built from axis texts, its title, issuing body and period.
The database is made by exchange.new_plan, all or nothing: a bad file leaves no file
behind, and the dialog stays open with the problems listed.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.exchange.new_plan import create_builtin_plan, create_plan
from psm_desktop.progress import Cancelled
from psm_desktop.ui.core import file_dialogs, messages
from psm_desktop.ui.core.jobs import Job, run_job
from psm_desktop.ui.core.window_size import resize_within_screen
from psm_desktop.ui.plan.structure_workbook_dialog import WORKBOOK_FILTER

TITLE = "Nuovo database"
TEXT_FILTER = "Testi degli assi (*.txt);;Tutti i file (*)"


class Kind(enum.Enum):
    BUILTIN = "&Il piano PSM 2024-2026 della Città metropolitana di Torino (già pronto)"
    EMPTY = "Un piano &vuoto: titolo, ente e periodo, poi la struttura si crea nel programma"
    WORKBOOK = "Un piano da una cartella di &lavoro della struttura (.xlsx)"
    TEXTS = "Un piano dai testi degli &assi (uno o più file .txt)"


class NewDatabaseDialog(QDialog):
    def __init__(self, parent: QWidget | None, start: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setObjectName("newDatabaseDialog")
        self.created: Path | None = None
        self.job: Job | None = None  # the database being built, in the background
        self.sources: list[Path] = []
        layout = QVBoxLayout(self)

        where = QHBoxLayout()
        self.path = QLineEdit(str(_free_name(start)), self)
        self.path.setAccessibleName("File del nuovo database")
        label = QLabel("&File del nuovo database:", self)
        label.setBuddy(self.path)
        self.choose_path = QPushButton("&Sfoglia…", self)
        self.choose_path.clicked.connect(self.pick_path)
        where.addWidget(label)
        where.addWidget(self.path, 1)
        where.addWidget(self.choose_path)
        layout.addLayout(where)

        box = QGroupBox("Che cosa contiene", self)
        inner = QVBoxLayout(box)
        self.group = QButtonGroup(self)
        self.radios: dict[Kind, QRadioButton] = {}
        for index, kind in enumerate(Kind):
            radio = QRadioButton(kind.value, box)
            self.group.addButton(radio, index)
            self.radios[kind] = radio
            inner.addWidget(radio)
        self.radios[Kind.BUILTIN].setChecked(True)
        files = QHBoxLayout()
        self.choose_sources = QPushButton("Scegli i &file…", box)
        self.choose_sources.clicked.connect(self.pick_sources)
        self.sources_label = QLabel("Nessun file scelto.", box)
        self.sources_label.setWordWrap(True)
        files.addSpacing(24)
        files.addWidget(self.choose_sources)
        files.addWidget(self.sources_label, 1)
        inner.addLayout(files)
        layout.addWidget(box)

        self.details = QGroupBox("Il piano", self)
        form = QFormLayout(self.details)
        self.title = QLineEdit(self.details)
        self.issuer = QLineEdit(self.details)
        self.period = QLineEdit(self.details)
        self.period.setPlaceholderText("per esempio 2025-2027")
        form.addRow("&Titolo:", self.title)
        form.addRow("&Ente:", self.issuer)
        form.addRow("&Periodo:", self.period)
        layout.addWidget(self.details)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = buttons.addButton("&Crea", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.create_database)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.group.idToggled.connect(lambda *_: self.update_fields())
        self.update_fields()
        resize_within_screen(self, 720, 450)

    def kind(self) -> Kind:
        return next(k for k, radio in self.radios.items() if radio.isChecked())

    def choose(self, kind: Kind) -> None:
        self.radios[kind].setChecked(True)

    def update_fields(self) -> None:
        kind = self.kind()
        with_files = kind in (Kind.WORKBOOK, Kind.TEXTS)
        self.choose_sources.setEnabled(with_files)
        self.sources_label.setEnabled(with_files)
        self.details.setEnabled(kind is not Kind.BUILTIN)
        self.title.setPlaceholderText(
            "dalla cartella di lavoro" if kind is Kind.WORKBOOK else "obbligatorio"
        )
        wanted = {Kind.WORKBOOK: (".xlsx",), Kind.TEXTS: (".txt",)}.get(kind, ())
        if any(p.suffix.casefold() not in wanted for p in self.sources):
            self.set_sources([])
        self.hint.setText(
            {
                Kind.BUILTIN: "Il piano completo di assi, strategie, azioni e zone omogenee.",
                Kind.EMPTY: "Assi, strategie e azioni si aggiungono dal menu Struttura, o "
                "importando i testi degli assi (File › Importa testo di un asse…).",
                Kind.WORKBOOK: "Titolo, ente e periodo vengono dalla cartella di lavoro se "
                "non li scrivi qui.",
                Kind.TEXTS: "Un file per asse, copiato dalla pagina dell'asse sul sito del piano.",
            }[kind]
        )

    def pick_path(self) -> None:
        path = file_dialogs.ask_new_database(self, Path(self.path.text()).parent)
        if path is not None:
            self.path.setText(str(path))

    def pick_sources(self) -> None:
        start = str(self.sources[0].parent if self.sources else Path.home())
        if self.kind() is Kind.WORKBOOK:
            name, _ = file_dialogs.get_open_file_name(self, TITLE, start, WORKBOOK_FILTER)
            names = [name] if name else []
        else:
            names, _ = file_dialogs.get_open_file_names(self, TITLE, start, TEXT_FILTER)
        if names:
            self.set_sources([Path(n) for n in names])

    def set_sources(self, paths: list[Path]) -> None:
        self.sources = paths
        self.sources_label.setText(
            ", ".join(p.name for p in paths) if paths else "Nessun file scelto."
        )

    def create_database(self) -> None:
        """Make the database; on a problem say it and stay open (nothing is left behind)."""
        text = self.path.text().strip()
        if not text:
            messages.warn(self, "Indica il file del nuovo database.")
            return
        path = Path(text).expanduser()
        if not path.suffix:
            path = path.with_suffix(".sqlite")
        kind = self.kind()
        if kind in (Kind.WORKBOOK, Kind.TEXTS) and not self.sources:
            messages.warn(self, "Scegli i file da cui costruire il piano.")
            return
        if self.job is not None:
            return
        title, issuer, period = self.title.text(), self.issuer.text(), self.period.text()
        sources = list(self.sources)

        def work(progress: Any) -> None:  # worker thread: no widgets
            if kind is Kind.BUILTIN:
                create_builtin_plan(path)
            else:
                create_plan(
                    path,
                    title=title,
                    issuer=issuer,
                    period=period,
                    sources=sources,
                    progress=progress,
                )

        self.create_button.setEnabled(False)
        self.job = run_job(
            self,
            "Creazione del database",
            work,
            on_done=lambda _: self._created(path),
            on_error=self._failed,
        )

    def reject(self) -> None:
        if self.job is not None:  # closing while building: cancel, nothing is left behind
            self.job.cancel()
            return
        super().reject()

    def _created(self, path: Path) -> None:
        self.job = None
        self.create_button.setEnabled(True)
        self.created = path
        self.accept()

    def _failed(self, error: BaseException) -> None:
        """Nothing is left behind (new_plan removes a half-made file); the dialog stays."""
        self.job = None
        self.create_button.setEnabled(True)
        if isinstance(error, Cancelled):
            messages.info(self, "Creazione annullata: nessun database creato.")
        elif isinstance(error, UserError):
            messages.user_error(self, error)
        else:
            from psm_desktop.app import excepthook

            excepthook(type(error), error, error.__traceback__)


def _free_name(folder: Path) -> Path:
    """A file name in `folder` that is not taken yet: piano.sqlite, piano-2.sqlite…"""
    candidate = folder / "piano.sqlite"
    number = 2
    while candidate.exists():
        candidate = folder / f"piano-{number}.sqlite"
        number += 1
    return candidate


def ask_new_plan(parent: QWidget | None, start: Path) -> Path | None:
    """Run the dialog; the new database's path, or None when cancelled."""
    dialog = NewDatabaseDialog(parent, start)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.created
    finally:
        dialog.deleteLater()
