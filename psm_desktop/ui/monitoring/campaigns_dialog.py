"""Monitoraggio › Campagne di aggiornamento…: the campaign wizard, the return board and the
review of what the offices proposed. Writing the files and reading the returns run in the
background with progress and Cancel; accepting writes through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.formatting import plural
from psm_desktop.services import Services
from psm_desktop.services.campaigns import (
    LATE,
    ActionUpdate,
    CampaignInfo,
    ChangeRow,
    Conflict,
    OfficeRow,
    due_text,
)
from psm_desktop.services.campaigns.editing import edit_text, editable, parse_edit
from psm_desktop.ui.core import file_dialogs, messages
from psm_desktop.ui.core.jobs import run_job
from psm_desktop.ui.models.row_model import Column
from psm_desktop.ui.monitoring.new_campaign_dialog import NewCampaignDialog
from psm_desktop.ui.widgets.list_table import fill_column, row_list, set_text_widths

STATE_WORDS = {"proposta": "da decidere", "accettata": "accettata", "respinta": "respinta"}
# Review grouping: the column the proposals are sorted by, and the order within it.
GROUPINGS = {
    "per ufficio": (1, lambda c: (c.office, c.label, c.field_label, c.id)),
    "per azione": (2, lambda c: (c.label, c.field_label, c.office, c.id)),
}
LATE_COLOUR = QColor("#F8CBAD")
CONFLICT_COLOUR = QColor("#FFE699")
# The dark theme's text is light: the same hues, dark enough to read it on them.
DARK_LATE_COLOUR = QColor("#7A3A1E")
DARK_CONFLICT_COLOUR = QColor("#6B5710")


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else "—"


def delay_text(row: OfficeRow, info: CampaignInfo, today: dt.date) -> str:
    """How the office stands against the due date and the grace days, in words."""
    returned = row.returned_at.date() if row.returned_at else None
    day = returned or today
    if day <= info.due_date:
        return "nei tempi" if returned else ""
    if day <= info.last_day:
        return "in tolleranza" + ("" if returned else f" fino al {info.last_day:%d/%m}")
    late = (day - info.last_day).days
    return f"rientrato {late} gg dopo" if returned else f"{late} gg oltre la tolleranza"


def board_columns(info: Callable[[], CampaignInfo | None]) -> list[Column[OfficeRow]]:
    def delay(row: OfficeRow) -> str:
        current = info()
        return delay_text(row, current, dt.date.today()) if current else ""

    return [
        Column("Ufficio", lambda r: r.office),
        Column(
            "Stato",
            lambda r: r.state,
            background=lambda r, dark: (
                (DARK_LATE_COLOUR if dark else LATE_COLOUR) if r.state == LATE else None
            ),
        ),
        Column("Ritardo", delay),
        *BOARD_COLUMNS,
    ]


BOARD_COLUMNS: list[Column[OfficeRow]] = [
    Column("Inviato il", lambda r: _when(r.sent_at), key=lambda r: r.sent_at or dt.datetime.min),
    Column(
        "Rientrato il",
        lambda r: _when(r.returned_at),
        key=lambda r: r.returned_at or dt.datetime.min,
    ),
    Column("File rientrato", lambda r: r.returned_file or "—", tooltip=lambda r: r.returned_file),
    Column("Da decidere", lambda r: str(r.proposed), key=lambda r: r.proposed, align_right=True),
    Column("Accettate", lambda r: str(r.accepted), key=lambda r: r.accepted, align_right=True),
    Column("Respinte", lambda r: str(r.rejected), key=lambda r: r.rejected, align_right=True),
    Column("E-mail", lambda r: r.email or "(nessuna)", tooltip=lambda r: r.email),
]


ACTION_COLUMNS: list[Column[ActionUpdate]] = [
    Column(
        "Azione", lambda a: a.code, key=lambda a: [int(p) for p in a.code.split(".") if p.isdigit()]
    ),
    Column("Titolo", lambda a: a.title, tooltip=lambda a: a.title),
    Column("Ruolo", lambda a: a.role),
    Column(
        "Ultimo aggiornamento",
        lambda a: _when(a.changed_at),
        key=lambda a: a.changed_at or dt.datetime.min,
    ),
    Column("Da chi", lambda a: a.user or "—"),
    Column("Fonte", lambda a: a.source or "—", tooltip=lambda a: a.source),
]


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

        self._info: CampaignInfo | None = None
        self.board = row_list(
            board_columns(lambda: self._info), "campaignBoard", "Quadro dei rientri", self
        )
        self.board.table.setToolTip(
            "In ritardo: non rientrato dopo la consegna e i giorni di tolleranza. "
            "Si possono trascinare qui i file rientrati (anche una cartella)."
        )
        self.export_button = QPushButton("&Esporta tracker, e-mail e calendari…")
        self.import_button = QPushButton("&Importa file rientrati…")
        self.remind_button = QPushButton("&Solleciti ai ritardatari…")
        self.report_button = QPushButton("Rapp&orto (PDF o Excel)…")
        board_box = QGroupBox("Quadro dei rientri (trascina qui i file rientrati)")
        board_layout = QVBoxLayout(board_box)
        board_layout.addWidget(self.board.table)
        row = QHBoxLayout()
        for button in (
            self.export_button,
            self.import_button,
            self.remind_button,
            self.report_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        board_layout.addLayout(row)

        self.action_list = row_list(
            ACTION_COLUMNS, "campaignOfficeActions", "Azioni dell'ufficio", self
        )
        self.actions_note = QLabel("Seleziona un ufficio nel quadro per vedere le sue azioni.")
        actions_page = QWidget()
        actions_layout = QVBoxLayout(actions_page)
        actions_layout.addWidget(self.actions_note)
        actions_layout.addWidget(self.action_list.table)

        self.review = row_list(self._review_columns(), "campaignReview", "Proposte", self)
        self.review.table.setSelectionMode(self.review.table.SelectionMode.ExtendedSelection)
        self.strict = QCheckBox("Modalità &rigorosa (due uffici sulla stessa azione)")
        self.pending_only = QCheckBox("Solo &da decidere")
        self.pending_only.setChecked(True)
        self.grouping = QComboBox()
        self.grouping.addItems(list(GROUPINGS))
        self.grouping.setAccessibleName("Raggruppa le proposte")
        self.office_only = QCheckBox("Solo l'&ufficio selezionato")
        self.accept_button = QPushButton("&Accetta")
        self.edit_button = QPushButton("&Modifica e accetta…")
        self.reject_button = QPushButton("Res&pingi…")
        self.conflict_button = QPushButton("&Confronta il conflitto…")
        review_box = QWidget()
        review_layout = QVBoxLayout(review_box)
        filters = QHBoxLayout()
        group_label = QLabel("Ra&ggruppa:")
        group_label.setBuddy(self.grouping)
        filters.addWidget(group_label)
        filters.addWidget(self.grouping)
        filters.addWidget(self.office_only)
        filters.addWidget(self.pending_only)
        filters.addWidget(self.strict)
        filters.addStretch(1)
        review_layout.addLayout(filters)
        review_layout.addWidget(self.review.table)
        decide = QHBoxLayout()
        for button in (
            self.accept_button,
            self.edit_button,
            self.reject_button,
            self.conflict_button,
        ):
            decide.addWidget(button)
        decide.addStretch(1)
        review_layout.addLayout(decide)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Proposte e azioni dell'ufficio")
        self.tabs.addTab(review_box, "Proposte degli uffici (in giallo i conflitti)")
        self.tabs.addTab(actions_page, "Azioni dell'ufficio: ultimo aggiornamento")

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Chiudi")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(board_box, 1)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)

        self.campaign.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button.clicked.connect(self.new_campaign)
        self.export_button.clicked.connect(self.export_files)
        self.import_button.clicked.connect(self.import_files)
        self.remind_button.clicked.connect(self.write_reminders)
        self.report_button.clicked.connect(self.write_report)
        self.accept_button.clicked.connect(self.accept_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.conflict_button.clicked.connect(self.settle_conflict)
        self.strict.toggled.connect(lambda _on: self.refresh())
        self.pending_only.toggled.connect(lambda _on: self.refresh())
        self.office_only.toggled.connect(lambda _on: self.fill_review())
        self.grouping.currentIndexChanged.connect(lambda _i: self.fill_review())
        self.board.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.office_selected()
        )
        self.setAcceptDrops(True)
        self._changes: list[ChangeRow] = []
        self._clashes: list[Conflict] = []
        self._conflicting: set[int] = set()
        when = "01/12/2026 12:00"
        set_text_widths(
            self.board.table,
            {0: "Unione Montana Valle di Susa", 1: "da inviare", 2: "30 gg oltre la tolleranza",
             3: when, 4: when, 5: "2025-S1 - Comune di Susa", 6: "Da decidere",
             7: "Accettate", 8: "Respinte"},
        )  # fmt: skip
        fill_column(self.board.table, 9, 24)
        set_text_widths(
            self.review.table,
            {0: "9999", 1: "Unione Montana Valle di Susa", 2: "assegnazione 1.10.10",
             3: "Data di fine prevista", 4: "Comune di Bussoleno xx",
             5: "Partner — nuovo soggetto «Unione Montana Valle»",
             6: "da decidere"},
        )  # fmt: skip
        fill_column(self.review.table, 7, 20)
        set_text_widths(
            self.action_list.table,
            {0: "10.10.10", 1: "Riqualificazione delle aree dismesse e dei servizi xx",
             2: "Responsabile/capofila x",
             3: when, 4: "Coordinatrice"},
        )  # fmt: skip
        fill_column(self.action_list.table, 5, 30)
        self.fill_campaigns()
        self.resize(1200, 700)

    def _review_columns(self) -> list[Column[ChangeRow]]:
        def conflict(row: ChangeRow, dark: bool) -> QColor | None:
            if row.id not in self._conflicting:
                return None
            return DARK_CONFLICT_COLOUR if dark else CONFLICT_COLOUR

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
            self.report_button,
            self.accept_button,
            self.edit_button,
            self.reject_button,
            self.conflict_button,
        ):
            button.setEnabled(enabled)
        if info is None:
            self.summary.setText(
                "Nessuna campagna: creane una con «Nuova campagna…» (serve un periodo aperto)."
            )
            self.board.model.set_rows([])
            self.review.model.set_rows([])
            self.action_list.model.set_rows([])
            return
        info = self._info = self.services.campaigns.get(info.name)
        board = self.services.campaigns.board(info.name)
        late = sum(r.state == LATE for r in board)
        self.summary.setText(
            f"Periodo {info.period}, consegna {due_text(info)}; in ritardo chi non è "
            f"rientrato entro il {info.last_day.strftime('%d/%m/%Y')}. "
            f"Rientrati {info.returned} di {plural(info.offices, 'ufficio', 'uffici')}, "
            f"validati {info.validated}, in ritardo {late}."
            + (f" Istruzioni: {info.instructions}" if info.instructions else "")
        )
        chosen = self.selected_office()
        self.board.model.set_rows(board)
        if chosen is not None:
            self.select_office(chosen.office)
        state = "proposta" if self.pending_only.isChecked() else None
        self._changes = self.services.campaigns.changes(info.name, state=state)
        self._clashes = self.services.campaigns.conflicts(info.name, strict=self.strict.isChecked())
        self._conflicting = {c.id for k in self._clashes for c in k.changes}
        self.fill_review()
        self.office_selected()

    def fill_review(self) -> None:
        """The proposals grouped by office or by action (and of the chosen office only)."""
        column, order = GROUPINGS[self.grouping.currentText()]
        rows = sorted(self._changes, key=order)
        office = self.selected_office()
        if self.office_only.isChecked() and office is not None:
            rows = [c for c in rows if c.office_id == office.office_id]
        self.review.model.set_rows(rows)
        self.review.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)

    def selected_office(self) -> OfficeRow | None:
        rows = self.board.table.selectionModel().selectedRows()
        if not rows:
            return None
        found: OfficeRow = self.board.model.row_at(self.board.proxy.mapToSource(rows[0]).row())
        return found

    def select_office(self, office: str) -> None:
        model = self.board.model
        for row in range(model.rowCount()):
            if model.row_at(row).office == office:
                self.board.table.selectRow(
                    self.board.proxy.mapFromSource(model.index(row, 0)).row()
                )
                return

    def office_selected(self) -> None:
        """The chosen office's actions with their last update; its proposals if filtered."""
        info, office = self.current(), self.selected_office()
        if info is None or office is None:
            self.actions_note.setText("Seleziona un ufficio nel quadro per vedere le sue azioni.")
            self.action_list.model.set_rows([])
        else:
            rows = self.services.campaigns.office_actions(info.name, office.office)
            self.actions_note.setText(
                f"{office.office}: {plural(len(rows), 'azione', 'azioni')}, con la data, "
                "l'autore e la fonte dell'ultima modifica registrata."
            )
            self.action_list.model.set_rows(rows)
        if self.office_only.isChecked():
            self.fill_review()

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
        folder = file_dialogs.ask_folder(self, "Cartella dei file della campagna", "")
        if folder is None:
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
            lambda progress: export_campaign(services, name, folder, progress=progress),
            on_done=done,
            on_error=lambda _exc: self.refresh(),
        )

    def import_files(self) -> None:
        info = self.current()
        if info is None:
            return
        files, _ = file_dialogs.get_open_file_names(
            self, "File rientrati dagli uffici", "", "Tracker Excel (*.xlsx)"
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.current() is not None and _local_paths(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.current() is not None and _local_paths(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Returned files (one, several, a folder) dropped: imported as with the button."""
        paths = _local_paths(event.mimeData().urls())
        if self.current() is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)

    def import_paths(self, files: list[Path]) -> None:
        from psm_desktop.exchange.campaigns.returns import import_returns

        info = self.current()
        if info is None:
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
            warnings = getattr(report, "warnings", [])
            if warnings:
                text += "\n\nAvvisi:\n" + "\n".join(f"• {w}" for w in warnings)
            messages.info(self, text)

        self.job = run_job(
            self,
            "Importazione dei file rientrati",
            lambda progress: import_returns(services, name, files, progress=progress),
            on_done=done,
        )

    def write_reminders(self) -> None:
        from psm_desktop.exchange.campaigns.reminders import write_reminders

        info = self.current()
        if info is None:
            return
        folder = file_dialogs.ask_folder(
            self, "Cartella dell'esportazione (i tracker vengono riallegati)", ""
        )
        if folder is None:
            return
        try:
            result = write_reminders(self.services, info.name, folder)
        except UserError as exc:
            messages.user_error(self, exc)
            return
        text = (
            f"{plural(len(result.drafts), 'sollecito scritto', 'solleciti scritti')} in {folder}."
        )
        if result.without_email:
            text += " Senza indirizzo e-mail: " + ", ".join(result.without_email) + "."
        messages.info(self, text)

    def write_report(self) -> None:
        from psm_desktop.exchange.campaigns.report import write_any_report

        info = self.current()
        if info is None:
            return
        name, chosen = file_dialogs.get_save_file_name(
            self,
            "Rapporto della campagna",
            f"Rapporto {info.name}.pdf",
            "Documento PDF (*.pdf);;Cartella di lavoro Excel (*.xlsx)",
        )
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() not in (".pdf", ".xlsx"):
            target = target.with_name(target.name + (".xlsx" if "xlsx" in chosen else ".pdf"))
        try:
            write_any_report(self.services, info.name, target)
        except UserError as exc:
            messages.user_error(self, exc)
            return
        messages.info(self, f"Rapporto della campagna scritto: {target}")

    def edit_selected(self) -> None:
        """Accept one proposal with a value the coordinator corrects first."""
        info, chosen = self.current(), self.selected_changes()
        if info is None or len(chosen) != 1 or chosen[0].state != "proposta":
            messages.info(self, "Seleziona una sola proposta da decidere da modificare.")
            return
        change = chosen[0]
        if not editable(change.field, change.proposed_value, change.base_value):
            messages.info(
                self,
                f"«{change.field_label}» di {change.entity} {change.label} non si modifica qui: "
                "accetta o respingi la proposta e correggi poi il valore nel piano.",
            )
            return
        text, ok = QInputDialog.getText(
            self,
            "Modifica e accetta",
            f"{change.office} propone per {change.entity} {change.label}, "
            f"«{change.field_label}»: «{change.shown_proposed}» "
            f"(all'esportazione «{change.shown_base}»).\nValore da accettare:",
            text=edit_text(change.proposed_value),
        )
        if not ok:
            return
        where = f"Proposta n. {change.id} ({change.field_label})"
        try:
            value = parse_edit(text, change.proposed_value, change.base_value, where)
            shown = text.strip() or "(vuoto)"
            self.services.campaigns.accept_edited(info.name, change.id, value, shown)
        except UserError as exc:
            messages.user_error(self, exc)
        else:
            self.changed_plan = True
        self.refresh()

    def settle_conflict(self) -> None:
        """The selected proposal's conflict side by side; the chosen one is accepted."""
        from psm_desktop.ui.monitoring.campaign_conflict import ConflictDialog

        info, chosen = self.current(), self.selected_changes()
        ids = {c.id for c in chosen}
        clash = next((k for k in self._clashes if any(c.id in ids for c in k.changes)), None)
        if info is None or clash is None:
            messages.info(self, "Seleziona una proposta in conflitto (in giallo).")
            return
        dialog = ConflictDialog(self, clash)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.services.campaigns.accept(info.name, [dialog.chosen().id])
        except UserError as exc:
            messages.user_error(self, exc)
        else:
            self.changed_plan = True
        self.refresh()

    def _chosen_pending(self, verb: str) -> list[ChangeRow] | None:
        """The selected proposals still to decide (decided ones shown with "Solo da
        decidere" unticked are left out); None, said to the user, when there are none."""
        chosen = self.selected_changes()
        if not chosen:
            messages.info(self, f"Seleziona una o più proposte da {verb}.")
            return None
        pending = [c for c in chosen if c.state == "proposta"]
        if not pending:
            messages.info(self, "Le proposte selezionate sono già state decise.")
            return None
        return pending

    def accept_selected(self) -> None:
        info, chosen = self.current(), self._chosen_pending("accettare")
        if info is None or chosen is None:
            return
        try:
            self.services.campaigns.accept(info.name, [c.id for c in chosen])
        except UserError as exc:
            messages.user_error(self, exc)
        else:
            self.changed_plan = True
        self.refresh()

    def reject_selected(self) -> None:
        info, chosen = self.current(), self._chosen_pending("respingere")
        if info is None or chosen is None:
            return
        reason, ok = QInputDialog.getText(
            self, "Respingi", f"Perché respingi {plural(len(chosen), 'proposta', 'proposte')}?"
        )
        if not ok:
            return
        try:
            self.services.campaigns.reject(info.name, [c.id for c in chosen], reason)
        except UserError as exc:  # decided meanwhile (another window, the command line)
            messages.user_error(self, exc)
        self.refresh()


def _local_paths(urls: list[QUrl]) -> list[Path]:
    """The local files and folders among dropped URLs."""
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]


def manage_campaigns(parent: QWidget | None, services: Services) -> bool:
    """Open the campaigns; True if accepted proposals changed the plan."""
    dialog = CampaignsDialog(parent, services)
    dialog.exec()
    return dialog.changed_plan


__all__ = ["CampaignsDialog", "NewCampaignDialog", "manage_campaigns"]
