"""The editor's Indicatori tab: the action's indicators and the open period's values.

Every change is an undoable command (ui/monitoring/indicator_commands.py). Values are entered only
for the open period; without one the entry says where to create it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.model import Direction, Health
from psm_desktop.services.dto import ActionDetail
from psm_desktop.services.monitoring.indicator_data import (
    IndicatorInfo,
    format_number,
    parse_value,
)
from psm_desktop.ui.core import messages
from psm_desktop.ui.core.session import EditSession
from psm_desktop.ui.editor.tabs import button
from psm_desktop.ui.models.row_model import Column
from psm_desktop.ui.monitoring import indicator_dialog
from psm_desktop.ui.monitoring.indicator_commands import (
    CreateIndicatorCommand,
    DeleteIndicatorCommand,
    EditIndicatorCommand,
    Measure,
    SetValueCommand,
    note_indicator,
)
from psm_desktop.ui.widgets.list_table import fill_column, row_list, set_text_widths
from psm_desktop.ui.widgets.status_style import health_color, health_text

if TYPE_CHECKING:
    from psm_desktop.services.monitoring.periods import ActionHealth
    from psm_desktop.services.monitoring.state import IndicatorState


NO_PERIOD = "Nessun periodo aperto: crealo da Monitoraggio › Periodi di monitoraggio…"
CENTS = Decimal("0.01")
NOT_AVAILABLE_TEXT = "n.d. (dato non disponibile)"


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    info: IndicatorInfo
    state: IndicatorState | None  # scored at the open period (or today)
    measure: Measure  # the open period's value as stored

    @property
    def id(self) -> int:
        return self.info.id


def _with_unit(value: Decimal | None, row: IndicatorRow) -> str:
    """The number alone (the unit has its own column), or a dash when not set."""
    return format_number(value) or "—"


def _period_target(row: IndicatorRow) -> str:
    """Interpolated targets carry four decimals: two are enough to read."""
    value = row.state.period_target if row.state else None
    if value is not None and value != value.quantize(CENTS):
        value = value.quantize(CENTS)
    return _with_unit(value, row)


def _direction(row: IndicatorRow) -> str:
    d = row.info.data
    if d.direction is not Direction.RANGE:
        return d.direction.label
    low = format_number(d.range_min) or "…"
    high = format_number(d.range_max) or "…"
    return f"Entro {low}–{high}"


def _health(row: IndicatorRow) -> Health:
    return row.state.health if row.state else Health.NOT_RATED


def _health_fg(row: IndicatorRow, dark: bool) -> QColor:
    return health_color(_health(row), dark)


def _value(row: IndicatorRow) -> str:
    if not row.measure.present:
        return "—"
    if row.measure.value is None:
        return "n.d."
    return _with_unit(row.measure.value, row)


COLUMNS: tuple[Column[IndicatorRow], ...] = (
    Column("Indicatore", lambda r: r.info.data.name),
    Column("Unità", lambda r: r.info.data.unit),
    Column("Direzione", _direction),
    Column("Partenza", lambda r: _with_unit(r.info.data.baseline_value, r), align_right=True),
    Column("Obiettivo\ndel periodo", _period_target, align_right=True),
    Column(
        "Obiettivo\nfinale", lambda r: _with_unit(r.info.data.target_value, r), align_right=True
    ),
    Column("Valore", _value, tooltip=lambda r: r.measure.note or _value(r), align_right=True),
    Column(
        "Andamento",
        lambda r: health_text(_health(r)),
        key=lambda r: r.state.score if r.state and r.state.score is not None else -1,
        foreground=_health_fg,
    ),
)


class IndicatorsTab(QWidget):
    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.detail: ActionDetail | None = None
        self.health: ActionHealth | None = None
        self.period_label = QLabel(self)
        self.period_label.setObjectName("indicatorPeriodLabel")
        self.period_label.setWordWrap(True)
        self.period_label.setTextFormat(Qt.TextFormat.PlainText)
        self.rows = row_list(COLUMNS, "indicatorTable", "Indicatori dell'azione", self)
        self.table = self.rows.table
        self.table.setParent(self)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        # Words that must show whole; the name takes the rest of the width.
        set_text_widths(
            self.table,
            {
                1: "imprese",
                2: "Più basso è meglio",
                3: "12.500,5",
                4: "12.500,5",
                5: "12.500,5",
                6: "12.500,5",
                7: "▲ Da attenzionare",
            },
        )
        fill_column(self.table, 0, 18)
        self.add_button = button(self, "&Aggiungi…", "Aggiungi indicatore")
        self.edit_button = button(self, "&Modifica…", "Modifica l'indicatore selezionato")
        self.remove_button = button(self, "&Elimina", "Elimina l'indicatore selezionato")
        bar = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            bar.addWidget(b)
        bar.addStretch(1)

        self.value_box = QGroupBox("Valore del periodo aperto", self)
        self.value = QLineEdit(self.value_box)
        self.value.setObjectName("indicatorValueField")
        self.value.setAccessibleName("Valore misurato")
        self.value.setPlaceholderText("es. 12,5")
        self.value.setMaximumWidth(self.fontMetrics().averageCharWidth() * 22)
        self.not_available = QCheckBox(NOT_AVAILABLE_TEXT, self.value_box)
        self.not_available.setObjectName("indicatorNotAvailable")
        self.not_available.setAccessibleName("Dato non disponibile (n.d.)")
        self.note = QLineEdit(self.value_box)
        self.note.setObjectName("indicatorNoteField")
        self.note.setAccessibleName("Nota del valore")
        self.note.setPlaceholderText("facoltativa: fonte, data della rilevazione…")
        self.save_value_button = button(self.value_box, "&Registra valore", "Registra il valore")
        self.value_hint = QLabel(self.value_box)
        self.value_hint.setObjectName("indicatorValueHint")
        self.value_hint.setWordWrap(True)
        value_label = QLabel("&Valore:", self.value_box)
        value_label.setBuddy(self.value)
        note_label = QLabel("N&ota:", self.value_box)
        note_label.setBuddy(self.note)
        line = QHBoxLayout()
        line.addWidget(value_label)
        line.addWidget(self.value)
        line.addWidget(self.not_available)
        line.addWidget(note_label)
        line.addWidget(self.note, 1)
        line.addWidget(self.save_value_button)
        inner = QVBoxLayout(self.value_box)
        inner.addLayout(line)
        inner.addWidget(self.value_hint)

        layout = QVBoxLayout(self)
        layout.addWidget(self.period_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(self.value_box)
        for first, second in (
            (self.table, self.add_button),
            (self.add_button, self.edit_button),
            (self.edit_button, self.remove_button),
            (self.remove_button, self.value),
            (self.value, self.not_available),
            (self.not_available, self.note),
            (self.note, self.save_value_button),
        ):
            QWidget.setTabOrder(first, second)

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_value_button.clicked.connect(self.save_value)
        self.value.returnPressed.connect(self.save_value)
        self.note.returnPressed.connect(self.save_value)
        self.not_available.toggled.connect(self._sync_value)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_selected)
        self.load(None)

    def set_session(self, session: EditSession) -> None:
        self.session = session

    # --- data -------------------------------------------------------------------------

    def load(self, detail: ActionDetail | None) -> None:
        selected = self.current()
        self.detail = detail
        self.health = None
        rows: list[IndicatorRow] = []
        if detail is not None:
            services = self.session.services
            infos = services.indicators.for_action(detail.id)
            # None while the plan is shown from its first view (the database opening).
            self.health = services.periods.action_health(detail.id)
            states = {s.id: s for s in self.health.indicators} if self.health else {}
            for info in infos:
                note_indicator(self.session, info)
                state = states.get(info.id)
                rows.append(IndicatorRow(info, state, self._measure(state)))
        self.rows.model.set_rows(rows)
        self.period_label.setText(self._period_text())
        self.add_button.setEnabled(detail is not None)
        if selected is not None:
            for proxy_row in range(self.rows.proxy.rowCount()):
                if self.rows.proxy.row_at(proxy_row).id == selected.id:
                    self.table.selectRow(proxy_row)
        elif rows:
            self.table.selectRow(0)
        self._show_selected()

    def _measure(self, state: IndicatorState | None) -> Measure:
        """The open period's stored value (the state has it; none without an open period)."""
        if state is None or self.health is None or self.health.period is None:
            return Measure()
        if state.not_available:
            return Measure(True, None, state.note)
        if state.value is None:
            return Measure()
        return Measure(True, state.value, state.note)

    def _period_text(self) -> str:
        h = self.health
        if h is None:
            return ""
        score = "" if h.action.score is None else f" (punteggio {h.action.score:.0f})"
        andamento = f"Andamento dell'azione: {health_text(h.action.health)}{score}"
        if h.period is not None:
            return f"Periodo aperto «{h.period.name}» — {h.period.label}. {andamento}."
        latest = f" con i valori del periodo «{h.values_period}»" if h.values_period else ""
        return f"Nessun periodo aperto: andamento a oggi{latest}. {andamento}."

    def current(self) -> IndicatorRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.rows.proxy.row_at(rows[0].row())
        return value if isinstance(value, IndicatorRow) else None

    def _show_selected(self) -> None:
        current = self.current()
        self.edit_button.setEnabled(current is not None)
        self.remove_button.setEnabled(current is not None)
        period = self.health.period if self.health else None
        if period is not None:
            self.value_box.setTitle(f"Valore del periodo «{period.name}» ({period.label})")
        else:
            self.value_box.setTitle("Valore del periodo aperto")
        measure = current.measure if current else Measure()
        self.not_available.setChecked(measure.present and measure.value is None)
        self.value.setText(format_number(measure.value) if measure.present else "")
        self.note.setText(measure.note)
        usable = period is not None and current is not None
        for widget in (self.not_available, self.note, self.save_value_button):
            widget.setEnabled(usable)
        if self.detail is None:
            hint = ""
        elif period is None:
            hint = NO_PERIOD
        elif current is None:
            hint = "Seleziona un indicatore per registrarne il valore."
        else:
            hint = (
                "Scrivi il numero con la virgola per i decimali, oppure spunta n.d. se il "
                "dato non è disponibile (n.d. non è zero)."
            )
        self.value_hint.setText(hint)
        self._sync_value()

    def _sync_value(self) -> None:
        usable = self.save_value_button.isEnabled()
        self.value.setEnabled(usable and not self.not_available.isChecked())

    # --- edits --------------------------------------------------------------------------

    def _stakeholders(self) -> list[tuple[int, str]]:
        return self.session.services.stakeholders.names()

    def _period_name(self) -> str | None:
        return self.health.period.name if self.health and self.health.period else None

    def add(self) -> None:
        if self.detail is None:
            return
        answer: indicator_dialog.IndicatorAnswer | None = None
        while True:  # a refused save opens the dialog again with what was typed
            answer = indicator_dialog.ask_indicator(
                self,
                self._stakeholders(),
                self.session.services.indicators.check,
                self.health.period if self.health else None,
                answer,
            )
            if answer is None or self.detail is None:
                return
            d = self.detail
            command = CreateIndicatorCommand(
                self.session,
                d.id,
                d.code,
                answer.data,
                self._period_name(),
                answer.period_target,
            )
            if self.session.execute(command):
                self._select(command.indicator_id)
                return

    def edit_selected(self) -> None:
        current = self.current()
        typed: indicator_dialog.IndicatorAnswer | None = None
        while current is not None and self.detail is not None:
            stored = indicator_dialog.IndicatorAnswer(
                current.info.data, self._stored_target(current)
            )
            answer = indicator_dialog.ask_indicator(
                self,
                self._stakeholders(),
                self.session.services.indicators.check,
                self.health.period if self.health else None,
                typed or stored,
                new=False,
            )
            if answer is None or answer == stored or self.detail is None:
                return
            command = EditIndicatorCommand(
                self.session,
                self.detail.id,
                current.info,
                answer.data,
                self._period_name(),
                stored.period_target,
                answer.period_target,
            )
            if self.session.execute(command):
                return
            # Refused (stale, or gone): the tab has reloaded; offer what was typed again.
            typed = answer
            current = self._row_by_id(current.id)

    def _stored_target(self, row: IndicatorRow) -> Decimal | None:
        """The intermediate target stored for the open period (not the interpolated one)."""
        period = self._period_name()
        if period is None:
            return None
        return self.session.services.indicators.target_of(row.id, period)

    def remove_selected(self) -> None:
        current = self.current()
        if current is None or self.detail is None:
            return
        values = sum(1 for _ in current.info.values)
        extra = (
            f" e i suoi {values} valori registrati"
            if values > 1
            else (" e il valore registrato" if values == 1 else "")
        )
        if not messages.confirm(
            self,
            f"Eliminare l'indicatore «{current.info.data.name}»{extra}? "
            "Si può annullare con Modifica › Annulla.",
        ):
            return
        self.session.execute(DeleteIndicatorCommand(self.session, self.detail.id, current.info))

    def save_value(self) -> None:
        current = self.current()
        period = self._period_name()
        if current is None or period is None or self.detail is None:
            return
        note = self.note.text()
        if self.not_available.isChecked():
            new = Measure(True, None, note.strip())
        else:
            text = self.value.text()
            where = f"Valore di «{current.info.data.name}» ({period})"
            try:
                if not text.strip():
                    raise UserError(
                        f"{where}: scrivi un numero, oppure spunta «n.d.» se il dato non "
                        "è disponibile."
                    )
                number = parse_value(text, where)
                if number is None:  # "n.d." typed in the box: the same as the check box
                    new = Measure(True, None, note.strip())
                else:
                    new = Measure(True, number, note.strip())
            except UserError as error:
                messages.user_error(self, error)
                self.value.setFocus()
                return  # what was typed stays in the boxes
        if new == current.measure:
            return
        self.session.execute(
            SetValueCommand(
                self.session,
                self.detail.id,
                current.id,
                current.info.data.name,
                period,
                current.measure,
                new,
            )
        )

    def _row_by_id(self, indicator_id: int | None) -> IndicatorRow | None:
        for row in self.rows.model.rows():
            if row.id == indicator_id:
                return row
        return None

    def _select(self, indicator_id: int | None) -> None:
        for proxy_row in range(self.rows.proxy.rowCount()):
            if self.rows.proxy.row_at(proxy_row).id == indicator_id:
                self.table.selectRow(proxy_row)
                return
