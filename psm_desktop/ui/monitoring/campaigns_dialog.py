"""Monitoraggio › Campagne di aggiornamento…: the campaign wizard, the return board and the
review of what the offices proposed. Writing the files and reading the returns run in the
background with progress and Cancel; accepting writes through the services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.formatting import plural
from psm_desktop.services import Services
from psm_desktop.services.campaigns import LATE, CampaignInfo, ChangeRow, OfficeRow, due_text
from psm_desktop.ui.core import messages
from psm_desktop.ui.core.jobs import run_job
from psm_desktop.ui.models.row_model import Column
from psm_desktop.ui.monitoring.periods_dialog import ok_cancel
from psm_desktop.ui.widgets.list_table import fill_column, row_list, set_text_widths

STATE_WORDS = {"proposta": "da decidere", "accettata": "accettata", "respinta": "respinta"}
LATE_COLOUR = QColor("#F8CBAD")
CONFLICT_COLOUR = QColor("#FFE699")


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else "—"


BOARD_COLUMNS: list[Column[OfficeRow]] = [
    Column("Ufficio", lambda r: r.office),
    Column(
        "Stato",
        lambda r: r.state,
        background=lambda r, _dark: LATE_COLOUR if r.state == LATE else None,
    ),
    Column("Inviato il", lambda r: _when(r.sent_at), key=lambda r: r.sent_at or dt.datetime.min),
    Column(
        "Rientrato il",
        lambda r: _when(r.returned_at),
        key=lambda r: r.returned_at or dt.datetime.min,
    ),
    Column("File rientrato", lambda r: r.returned_file or "—"),
    Column("Da decidere", lambda r: str(r.proposed), key=lambda r: r.proposed, align_right=True),
    Column("Accettate", lambda r: str(r.accepted), key=lambda r: r.accepted, align_right=True),
    Column("Respinte", lambda r: str(r.rejected), key=lambda r: r.rejected, align_right=True),
    Column("E-mail", lambda r: r.email or "(nessuna)"),
]


class NewCampaignDialog(QDialog):
    """The campaign wizard: name, due date and grace, instructions, the offices in scope."""

    help_anchor = "campagne"

    def __init__(self, parent: QWidget | None, services: Services, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nuova campagna di aggiornamento")
        period = services.periods.open_period()
        self.name = QLineEdit(f"Aggiornamento {period.name}" if period else "")
        self.name.setAccessibleName("Nome della campagna")
        self.due = QDateEdit(QDate(today.year, today.month, today.day).addDays(30))
        self.due.setDisplayFormat("dd/MM/yyyy")
        self.due.setCalendarPopup(True)
        self.due.setAccessibleName("Data di consegna")
        self.grace = QSpinBox()
        self.grace.setRange(0, 90)
        self.grace.setSuffix(" giorni")
        self.grace.setAccessibleName("Giorni di tolleranza")
        self.instructions = QPlainTextEdit()
        self.instructions.setAccessibleName("Istruzioni agli uffici")
        self.instructions.setTabChangesFocus(True)
        self.instructions.setPlaceholderText("Breve testo che entra nell'e-mail agli uffici")
        self.instructions.setFixedHeight(70)
        self.offices = QListWidget()
        self.offices.setAccessibleName("Uffici coinvolti")
        for name, default in services.campaigns.candidates():
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if default else Qt.CheckState.Unchecked)
            self.offices.addItem(item)
        form = QFormLayout()
        form.addRow("&Nome:", self.name)
        form.addRow(
            "Periodo raccolto:", QLabel(period.name if period else "(nessun periodo aperto)")
        )
        form.addRow("&Consegna entro il:", self.due)
        form.addRow("&Tolleranza:", self.grace)
        form.addRow("&Istruzioni:", self.instructions)
        note = QLabel(
            "Uffici coinvolti: sono già spuntati i responsabili e i partner di almeno un'azione."
        )
        note.setWordWrap(True)
        buttons, _ok = ok_cancel(self, "Crea campagna")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.offices)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        items = (self.offices.item(i) for i in range(self.offices.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def due_date(self) -> dt.date:
        q = self.due.date()
        return dt.date(q.year(), q.month(), q.day())


class CampaignsDialog(QDialog):
    help_anchor = "campagne"

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent)
        self.services = services
        self.changed_plan = False
        self.setWindowTitle("Campagne di aggiornamento")
        self.campaign = QComboBox()
        self.campaign.setAccessibleName("Campagna")
        self.new_button = QPushButton("&Nuova campagna…")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Campagna:"))
        top.addWidget(self.campaign, 1)
        top.addWidget(self.new_button)

        self.board = row_list(BOARD_COLUMNS, "campaignBoard", "Quadro dei rientri", self)
        self.export_button = QPushButton("&Esporta tracker, e-mail e calendari…")
        self.import_button = QPushButton("&Importa file rientrati…")
        self.remind_button = QPushButton("&Solleciti ai ritardatari…")
        board_box = QGroupBox("Quadro dei rientri")
        board_layout = QVBoxLayout(board_box)
        board_layout.addWidget(self.board.table)
        row = QHBoxLayout()
        for button in (self.export_button, self.import_button, self.remind_button):
            row.addWidget(button)
        row.addStretch(1)
        board_layout.addLayout(row)

        self.review = row_list(self._review_columns(), "campaignReview", "Proposte", self)
        self.review.table.setSelectionMode(self.review.table.SelectionMode.ExtendedSelection)
        self.strict = QCheckBox("Modalità &rigorosa (due uffici sulla stessa azione)")
        self.pending_only = QCheckBox("Solo &da decidere")
        self.pending_only.setChecked(True)
        self.accept_button = QPushButton("&Accetta")
        self.reject_button = QPushButton("Res&pingi…")
        review_box = QGroupBox("Proposte degli uffici (in giallo i conflitti)")
        review_layout = QVBoxLayout(review_box)
        filters = QHBoxLayout()
        filters.addWidget(self.pending_only)
        filters.addWidget(self.strict)
        filters.addStretch(1)
        review_layout.addLayout(filters)
        review_layout.addWidget(self.review.table)
        decide = QHBoxLayout()
        decide.addWidget(self.accept_button)
        decide.addWidget(self.reject_button)
        decide.addStretch(1)
        review_layout.addLayout(decide)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Chiudi")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(board_box, 1)
        layout.addWidget(review_box, 1)
        layout.addWidget(close)

        self.campaign.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button.clicked.connect(self.new_campaign)
        self.export_button.clicked.connect(self.export_files)
        self.import_button.clicked.connect(self.import_files)
        self.remind_button.clicked.connect(self.write_reminders)
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.strict.toggled.connect(lambda _on: self.refresh())
        self.pending_only.toggled.connect(lambda _on: self.refresh())
        self._conflicting: set[int] = set()
        when = "01/12/2026 12:00"
        set_text_widths(
            self.board.table,
            {0: "Unione Montana Valle di Susa", 1: "da inviare", 2: when, 3: when,
             4: "2025-S1 - Comune di Bussoleno.xlsx", 5: "999", 6: "999", 7: "999"},
        )  # fmt: skip
        fill_column(self.board.table, 8, 24)
        set_text_widths(
            self.review.table,
            {0: "9999", 1: "Unione Montana Valle di Susa", 2: "assegnazione 1.10.10",
             3: "Data di fine prevista", 4: "Comune di Bussoleno xx", 5: "Comune di Bussoleno xx",
             6: "da decidere"},
        )  # fmt: skip
        fill_column(self.review.table, 7, 20)
        self.fill_campaigns()
        self.resize(1200, 700)

    def _review_columns(self) -> list[Column[ChangeRow]]:
        def conflict(row: ChangeRow, _dark: bool) -> QColor | None:
            return CONFLICT_COLOUR if row.id in self._conflicting else None

        return [
            Column("N.", lambda c: str(c.id), key=lambda c: c.id, align_right=True),
            Column("Ufficio", lambda c: c.office),
            Column("Elemento", lambda c: f"{c.entity} {c.label}", background=conflict),
            Column("Campo", lambda c: c.field_label, background=conflict),
            Column("All'esportazione", lambda c: c.shown_base),
            Column("Proposto", lambda c: c.shown_proposed, background=conflict),
            Column("Esito", lambda c: STATE_WORDS[c.state]),
            Column("Motivo", lambda c: c.reason),
        ]

    # --- data ---------------------------------------------------------------------------------

    def current(self) -> CampaignInfo | None:
        info = self.campaign.currentData()
        return info if isinstance(info, CampaignInfo) else None

    def fill_campaigns(self, select: str | None = None) -> None:
        campaigns = self.services.campaigns.list_campaigns()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for info in campaigns:
            self.campaign.addItem(f"{info.name} — {info.period} ({info.state})", info)
        if select is not None:
            self.campaign.setCurrentIndex(max(0, [c.name for c in campaigns].index(select)))
        else:
            self.campaign.setCurrentIndex(len(campaigns) - 1)
        self.campaign.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        info = self.current()
        enabled = info is not None
        for button in (
            self.export_button,
            self.import_button,
            self.remind_button,
            self.accept_button,
            self.reject_button,
        ):
            button.setEnabled(enabled)
        if info is None:
            self.summary.setText(
                "Nessuna campagna: creane una con «Nuova campagna…» (serve un periodo aperto)."
            )
            self.board.model.set_rows([])
            self.review.model.set_rows([])
            return
        info = self.services.campaigns.get(info.name)
        board = self.services.campaigns.board(info.name)
        late = sum(r.state == LATE for r in board)
        self.summary.setText(
            f"Periodo {info.period}, consegna {due_text(info)}. "
            f"Rientrati {info.returned} di {plural(info.offices, 'ufficio', 'uffici')}, "
            f"validati {info.validated}, in ritardo {late}."
            + (f" Istruzioni: {info.instructions}" if info.instructions else "")
        )
        self.board.model.set_rows(board)
        state = "proposta" if self.pending_only.isChecked() else None
        changes = self.services.campaigns.changes(info.name, state=state)
        clashes = self.services.campaigns.conflicts(info.name, strict=self.strict.isChecked())
        self._conflicting = {c.id for k in clashes for c in k.changes}
        self.review.model.set_rows(changes)

    def selected_changes(self) -> list[ChangeRow]:
        rows = self.review.table.selectionModel().selectedRows()
        found = [self.review.proxy.mapToSource(i).row() for i in rows]
        return [self.review.model.row_at(r) for r in sorted(found)]

    # --- commands -----------------------------------------------------------------------------

    def new_campaign(self) -> None:
        dialog = NewCampaignDialog(self, self.services, dt.date.today())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            info = self.services.campaigns.create(
                dialog.name.text(),
                dialog.due_date(),
                grace_days=dialog.grace.value(),
                instructions=dialog.instructions.toPlainText(),
                stakeholders=dialog.chosen() or None,
            )
        except UserError as exc:
            messages.user_error(self, exc)
            return
        self.fill_campaigns(select=info.name)

    def export_files(self) -> None:
        from psm_desktop.exchange.campaigns.export import export_campaign

        info = self.current()
        if info is None:
            return
        folder = QFileDialog.getExistingDirectory(self, "Cartella dei file della campagna")
        if not folder:
            return
        services, name = self.services, info.name

        def done(result: object) -> None:
            self.refresh()
            offices = getattr(result, "offices", [])
            missing = getattr(result, "without_email", [])
            text = f"Scritti i file di {plural(len(offices), 'ufficio', 'uffici')} in {folder}."
            if missing:
                text += " Senza indirizzo e-mail (nessuna bozza): " + ", ".join(missing) + "."
            messages.info(self, text)

        self.job = run_job(
            self,
            "Esportazione della campagna",
            lambda progress: export_campaign(services, name, Path(folder), progress=progress),
            on_done=done,
            on_error=lambda _exc: self.refresh(),
        )

    def import_files(self) -> None:
        from psm_desktop.exchange.campaigns.returns import import_returns

        info = self.current()
        if info is None:
            return
        files, _ = QFileDialog.getOpenFileNames(
            self, "File rientrati dagli uffici", "", "Tracker Excel (*.xlsx)"
        )
        if not files:
            return
        services, name = self.services, info.name

        def done(report: object) -> None:
            self.refresh()
            recorded = getattr(report, "recorded", [])
            refused = getattr(report, "refused", [])
            text = f"Registrati {plural(len(recorded), 'file', 'file')}: "
            text += "le proposte aspettano la revisione."
            if refused:
                text += "\n\nNon importati:\n" + "\n".join(f"• {n}: {why}" for n, why in refused)
            messages.info(self, text)

        self.job = run_job(
            self,
            "Importazione dei file rientrati",
            lambda progress: import_returns(
                services, name, [Path(f) for f in files], progress=progress
            ),
            on_done=done,
        )

    def write_reminders(self) -> None:
        from psm_desktop.exchange.campaigns.reminders import write_reminders

        info = self.current()
        if info is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self, "Cartella dell'esportazione (i tracker vengono riallegati)"
        )
        if not folder:
            return
        try:
            result = write_reminders(self.services, info.name, Path(folder))
        except UserError as exc:
            messages.user_error(self, exc)
            return
        text = (
            f"{plural(len(result.drafts), 'sollecito scritto', 'solleciti scritti')} in {folder}."
        )
        if result.without_email:
            text += " Senza indirizzo e-mail: " + ", ".join(result.without_email) + "."
        messages.info(self, text)

    def accept_selected(self) -> None:
        info, chosen = self.current(), self.selected_changes()
        if info is None or not chosen:
            messages.info(self, "Seleziona una o più proposte da accettare.")
            return
        try:
            self.services.campaigns.accept(info.name, [c.id for c in chosen])
        except UserError as exc:
            messages.user_error(self, exc)
        else:
            self.changed_plan = True
        self.refresh()

    def reject_selected(self) -> None:
        info, chosen = self.current(), self.selected_changes()
        if info is None or not chosen:
            messages.info(self, "Seleziona una o più proposte da respingere.")
            return
        reason, ok = QInputDialog.getText(
            self, "Respingi", f"Perché respingi {plural(len(chosen), 'proposta', 'proposte')}?"
        )
        if not ok:
            return
        self.services.campaigns.reject(info.name, [c.id for c in chosen], reason)
        self.refresh()


def manage_campaigns(parent: QWidget | None, services: Services) -> bool:
    """Open the campaigns; True if accepted proposals changed the plan."""
    dialog = CampaignsDialog(parent, services)
    dialog.exec()
    return dialog.changed_plan


__all__ = ["CampaignsDialog", "NewCampaignDialog", "manage_campaigns"]
