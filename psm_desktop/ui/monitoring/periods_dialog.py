"""Monitoraggio › Periodi di monitoraggio…: define, close and reopen periods, compare two
states of the plan, and set the health rule. Periods are not plan data: closing or reopening
one is logged but is not an undoable edit (reopening needs its own reason)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.formatting import format_date
from psm_desktop.model import PeriodKind, Rollup
from psm_desktop.services import Services
from psm_desktop.services.monitoring.changes import Change, Changes
from psm_desktop.services.monitoring.health import HealthRule
from psm_desktop.services.monitoring.periods import PeriodInfo
from psm_desktop.ui.core import messages
from psm_desktop.ui.models.row_model import Column
from psm_desktop.ui.widgets.dialog_buttons import ok_cancel
from psm_desktop.ui.widgets.list_table import fill_column, row_list, set_text_widths

TODAY_KEY = ""  # the "oggi" entry of the comparison's combo boxes

PERIOD_COLUMNS: list[Column[PeriodInfo]] = [
    Column("Periodo", lambda p: p.name),
    Column("Stato al", lambda p: format_date(p.reference_date), key=lambda p: p.reference_date),
    Column("Tipo", lambda p: p.kind.label),
    Column("Situazione", lambda p: "chiuso" if p.closed else "aperto agli aggiornamenti"),
    Column(
        "Chiuso il",
        lambda p: p.closed_at.strftime("%d/%m/%Y %H:%M") if p.closed_at else "—",
        key=lambda p: p.closed_at or dt.datetime.max,
    ),
]

CHANGE_COLUMNS: list[Column[Change]] = [
    Column("Azione", lambda c: c.code),
    Column("Che cosa", lambda c: c.what),
    Column("Prima", lambda c: c.old),
    Column("Dopo", lambda c: c.new),
]


def default_reference_date(today: dt.date) -> dt.date:
    """The end of the current semester: 30 June or 31 December."""
    return dt.date(today.year, 6, 30) if today.month <= 6 else dt.date(today.year, 12, 31)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class NewPeriodDialog(QDialog):
    help_anchor = "periodi"

    def __init__(self, parent: QWidget | None, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nuovo periodo di monitoraggio")
        day = default_reference_date(today)
        self.name = QLineEdit(f"{day.year}-S{1 if day.month == 6 else 2}")
        self.name.setAccessibleName("Nome del periodo")
        self.date = QDateEdit(_qdate(day))
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        self.date.setAccessibleName("Data di riferimento")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Tipo di periodo")
        for kind in PeriodKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(list(PeriodKind).index(PeriodKind.SEMESTER))
        form = QFormLayout()
        form.addRow("&Nome:", self.name)
        form.addRow("&Stato al:", self.date)
        form.addRow("&Tipo:", self.kind)
        note = QLabel(
            "Un solo periodo alla volta è aperto agli aggiornamenti: il nuovo periodo si apre "
            "quando il precedente è chiuso."
        )
        note.setWordWrap(True)
        buttons, _ok = ok_cancel(self, "Crea periodo")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, dt.date, PeriodKind]:
        q = self.date.date()
        day = dt.date(q.year(), q.month(), q.day())
        return self.name.text(), day, PeriodKind(self.kind.currentData())


class ReopenDialog(QDialog):
    help_anchor = "periodi"

    def __init__(self, parent: QWidget | None, period: PeriodInfo) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Riapri il periodo «{period.name}»")
        text = QLabel(
            f"Il periodo «{period.name}» ({period.label}) è chiuso e la sua istantanea è "
            "congelata. Riaprendolo l'istantanea viene scartata e sarà rifatta alla nuova "
            "chiusura. Scrivi perché lo riapri: il motivo resta nel registro delle modifiche."
        )
        text.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Motivo della riapertura")
        self.reason.setTabChangesFocus(True)
        buttons, self.ok = ok_cancel(self, "Riapri periodo")
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        label = QLabel("&Motivo:")
        label.setBuddy(self.reason)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)


class RuleDialog(QDialog):
    help_anchor = "periodi"

    def __init__(self, parent: QWidget | None, rule: HealthRule) -> None:
        super().__init__(parent)
        self.setWindowTitle("Regola dell'andamento")
        self.on_track = self._spin(rule.on_track, "Soglia «in linea»")
        self.attention = self._spin(rule.attention, "Soglia «da attenzionare»")
        self.rollup = QComboBox()
        self.rollup.setAccessibleName("Come si sommano le azioni")
        for choice in Rollup:
            self.rollup.addItem(choice.label, choice)
        self.rollup.setCurrentIndex(list(Rollup).index(rule.rollup))
        form = QFormLayout()
        form.addRow("In &linea da (punteggio):", self.on_track)
        form.addRow("Da &attenzionare da:", self.attention)
        form.addRow("Strategie, assi e &piano:", self.rollup)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setAccessibleName("La regola come sarà stampata")
        for widget in (self.on_track, self.attention):
            widget.valueChanged.connect(self._update)
        self.rollup.currentIndexChanged.connect(self._update)
        buttons, self.save = ok_cancel(self, "Salva")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self._update()

    def _spin(self, value: float, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(1, 100)
        spin.setDecimals(0)
        spin.setSuffix(" %")
        spin.setValue(value)
        spin.setAccessibleName(name)
        return spin

    def rule(self) -> HealthRule | None:
        try:
            return HealthRule(
                self.on_track.value(), self.attention.value(), Rollup(self.rollup.currentData())
            )
        except ValueError:
            return None

    def _update(self) -> None:
        rule = self.rule()
        self.save.setEnabled(rule is not None)
        self.preview.setText(
            "\n".join(f"• {line}" for line in rule.describe())
            if rule
            else "La soglia «da attenzionare» deve essere più bassa di quella «in linea»."
        )


class CompareDialog(QDialog):
    """What changed between two periods, or between a period and today."""

    help_anchor = "periodi"

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent)
        self.setWindowTitle("Che cosa è cambiato")
        self._services = services
        periods = services.periods.list_periods()
        self.before = QComboBox()
        self.after = QComboBox()
        self.before.setAccessibleName("Da")
        self.after.setAccessibleName("A")
        for p in periods:
            self.before.addItem(f"{p.name} ({p.label})", p.name)
            self.after.addItem(f"{p.name} ({p.label})", p.name)
        self.after.addItem("Oggi", TODAY_KEY)
        if periods:
            self.before.setCurrentIndex(max(0, len(periods) - 2) if len(periods) > 1 else 0)
            self.after.setCurrentIndex(len(periods) - 1 if len(periods) > 1 else len(periods))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.rows = row_list(CHANGE_COLUMNS, "changesTable", "Modifiche tra i due stati", self)
        set_text_widths(self.rows.table, {0: "1.1.10", 2: "Da attenzionare", 3: "Da attenzionare"})
        fill_column(self.rows.table, 1, 20)
        top = QHBoxLayout()
        for text, combo in (("&Da:", self.before), ("&A:", self.after)):
            label = QLabel(text)
            label.setBuddy(combo)
            top.addWidget(label)
            top.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self.refresh)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Chiudi")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows.table, 1)
        layout.addWidget(close)
        self.resize(900, 560)
        self.refresh()

    def refresh(self) -> None:
        before = self.before.currentData()
        if before is None:
            self.summary.setText("Non ci sono ancora periodi di monitoraggio da confrontare.")
            self.rows.model.set_rows([])
            return
        after = self.after.currentData()
        try:
            changes = self._services.periods.changes(before, after or None)
        except UserError as error:
            self.summary.setText(error.message)
            self.rows.model.set_rows([])
            return
        self.summary.setText(describe(changes))
        self.rows.model.set_rows(changes.changed)


def describe(changes: Changes) -> str:
    """One Italian sentence over the table: sides, counts, added and removed actions."""
    if changes.empty:
        return f"Nessuna differenza tra {changes.before} e {changes.after}."
    count = _count(len(changes.changed), "modifica", "modifiche")
    parts = [f"Da {changes.before} a {changes.after}: {count}"]
    if changes.added:
        parts.append(f"azioni aggiunte: {', '.join(changes.added)}")
    if changes.removed:
        parts.append(f"azioni tolte: {', '.join(changes.removed)}")
    return "; ".join(parts) + "."


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class PeriodsDialog(QDialog):
    help_anchor = "periodi"

    def __init__(self, parent: QWidget | None, services: Services) -> None:
        super().__init__(parent)
        self.setWindowTitle("Periodi di monitoraggio")
        self._services = services
        self.rows = row_list(PERIOD_COLUMNS, "periodsTable", "Periodi di monitoraggio", self)
        set_text_widths(
            self.rows.table,
            {0: "2025-S1 bis", 1: "31/12/2025", 2: "Trimestre", 4: "31/12/2025 23:59"},
        )
        fill_column(self.rows.table, 3, 16)
        self.rows.table.selectionModel().selectionChanged.connect(self._enable)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.new_button = QPushButton("&Nuovo periodo…")
        self.close_button = QPushButton("C&hiudi periodo")
        self.reopen_button = QPushButton("&Riapri periodo…")
        self.compare_button = QPushButton("&Confronta…")
        self.rule_button = QPushButton("Regola dell'&andamento…")
        self.new_button.clicked.connect(self.add_period)
        self.close_button.clicked.connect(self.close_period)
        self.reopen_button.clicked.connect(self.reopen_period)
        self.compare_button.clicked.connect(self.compare)
        self.rule_button.clicked.connect(self.edit_rule)
        side = QVBoxLayout()
        for button in (
            self.new_button,
            self.close_button,
            self.reopen_button,
            self.compare_button,
            self.rule_button,
        ):
            side.addWidget(button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.rows.table, 1)
        body.addLayout(side)
        done = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        done.button(QDialogButtonBox.StandardButton.Close).setText("Fine")
        done.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(done)
        self.resize(860, 420)
        self.reload()

    # --- state ----------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        periods = self._services.periods.list_periods()
        self.rows.model.set_rows(periods)
        open_period = next((p for p in periods if not p.closed), None)
        self.status.setText(
            f"Aperto agli aggiornamenti: «{open_period.name}» ({open_period.label})."
            if open_period
            else "Nessun periodo è aperto agli aggiornamenti: creane uno nuovo."
        )
        wanted = select or (open_period.name if open_period else None)
        for row in range(self.rows.proxy.rowCount()):
            index = self.rows.proxy.index(row, 0)
            if index.data() == wanted:
                self.rows.table.selectRow(row)
                break
        self._enable()

    def selected(self) -> PeriodInfo | None:
        rows = self.rows.table.selectionModel().selectedRows()
        return self.rows.proxy.row_at(rows[0].row()) if rows else None

    def _enable(self, *_args: object) -> None:
        period = self.selected()
        self.close_button.setEnabled(period is not None and not period.closed)
        self.reopen_button.setEnabled(period is not None and period.closed)

    # --- commands -------------------------------------------------------------------------

    def add_period(self) -> None:
        dialog = NewPeriodDialog(self, dt.date.today())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, day, kind = dialog.values()
        if self._run(lambda: self._services.periods.add(name, day, kind)):
            self.reload(select=" ".join(name.split()))

    def close_period(self) -> None:
        period = self.selected()
        if period is None or period.closed:
            return
        if not messages.confirm(
            self,
            f"Chiudere il periodo «{period.name}»? Lo stato di ogni azione al "
            f"{format_date(period.reference_date)} (stato, avanzamento, date, budget, valori "
            "degli indicatori, note e andamento) viene congelato e non cambierà più; i valori "
            "del periodo non si potranno più modificare.",
        ):
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            closed = self._run(lambda: self._services.periods.close(period.name))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if closed:
            self.reload(select=period.name)

    def reopen_period(self) -> None:
        period = self.selected()
        if period is None or not period.closed:
            return
        dialog = ReopenDialog(self, period)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason = dialog.reason.toPlainText()
        if self._run(lambda: self._services.periods.reopen(period.name, reason)):
            self.reload(select=period.name)

    def compare(self) -> None:
        CompareDialog(self, self._services).exec()

    def edit_rule(self) -> None:
        dialog = RuleDialog(self, self._services.periods.rule())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        rule = dialog.rule()
        if rule is not None:
            self._run(lambda: self._services.periods.set_rule(rule))

    def _run(self, call: Callable[[], object]) -> bool:
        try:
            call()
        except UserError as error:
            messages.user_error(self, error)
            return False
        return True


def manage_periods(parent: QWidget | None, services: Services) -> None:
    PeriodsDialog(parent, services).exec()
