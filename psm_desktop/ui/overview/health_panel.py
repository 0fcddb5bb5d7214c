"""The Panoramica's monitoring part: the computed health (andamento) of each axis, progress
against expected progress, the plan's trend over the closed periods, and the indicators
furthest from their target. Every chart reads the same HealthReport as the table beside it,
and a double-click on a count or a bar opens the actions behind it in the Piano screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import UserError
from psm_desktop.formatting import format_date
from psm_desktop.model import Health
from psm_desktop.services.filters import ActionFilter
from psm_desktop.services.monitoring.indicator_data import format_number
from psm_desktop.services.monitoring.state import IndicatorState
from psm_desktop.services.monitoring.summary import (
    HealthReport,
    HealthSummary,
    actions_with,
    furthest_indicators,
    summarize,
)
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.models.row_model import Column
from psm_desktop.ui.widgets.bars import ProgressAgainstExpectedDelegate, StackedBarDelegate
from psm_desktop.ui.widgets.empty_hint import set_empty_hint
from psm_desktop.ui.widgets.list_table import fill_column, row_list, rows_height, set_text_widths
from psm_desktop.ui.widgets.status_style import health_color, health_text, is_dark

if TYPE_CHECKING:
    from psm_desktop.services import Services
    from psm_desktop.services.monitoring.periods import TrendPoint


TODAY = ""  # the combo's entry for today's data
FURTHEST = 10
HEALTH_ORDER = (Health.ON_TRACK, Health.ATTENTION, Health.CRITICAL, Health.NOT_RATED)
FIRST_COUNT_COLUMN = 3  # In linea, Da attenzionare, Critico, Non valutabile follow
PROGRESS_COLUMN = FIRST_COUNT_COLUMN + len(HEALTH_ORDER)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} %"


def _measure(number: str, unit: str) -> str:
    return f"{number} {unit}".strip() if number else "—"


def _health_fg(summary: HealthSummary, dark: bool) -> QColor:
    return health_color(summary.health, dark)


def _count_column(health: Health) -> Column[HealthSummary]:
    def colour(s: HealthSummary, dark: bool) -> QColor | None:
        return health_color(health, dark) if s.count(health) else None

    title = health.label.replace(" ", "\n", 1)
    return Column(
        title,
        lambda s: str(s.count(health)),
        key=lambda s: s.count(health),
        foreground=colour,
        align_right=True,
    )


def health_segments(row: object, dark: bool) -> list[tuple[int, QColor]]:
    assert isinstance(row, HealthSummary)
    return [(row.count(h), health_color(h, dark)) for h in HEALTH_ORDER]


AXIS_HEALTH_COLUMNS: list[Column[HealthSummary]] = [
    Column("Asse", lambda s: f"{s.code}. {s.title}", key=lambda s: int(s.code)),
    Column(
        "Andamento",
        lambda s: health_text(s.health),
        key=lambda s: s.score or -1,
        foreground=_health_fg,
    ),
    Column(
        "Azioni per andamento",
        lambda s: (
            " · ".join(f"{h.label} {s.count(h)}" for h in HEALTH_ORDER if s.count(h))
            or "Nessuna azione"
        ),
        key=lambda s: s.count(Health.CRITICAL),
    ),
    *(_count_column(h) for h in HEALTH_ORDER),
    Column(
        "Avanzamento medio\ndichiarato / atteso",
        lambda s: f"{_pct(s.progress)} / {_pct(s.expected_progress)}",
        key=lambda s: s.progress or 0,
    ),
]

TREND_COLUMNS: list[Column[TrendPoint]] = [
    Column("Periodo", lambda p: p.period, key=lambda p: p.reference_date),
    Column("Stato al", lambda p: format_date(p.reference_date), key=lambda p: p.reference_date),
    Column(
        "Punteggio",
        lambda p: _pct(p.summary.score),
        key=lambda p: p.summary.score or -1,
        align_right=True,
    ),
    Column(
        "Andamento",
        lambda p: health_text(p.summary.health),
        foreground=lambda p, dark: health_color(p.summary.health, dark),
    ),
    Column(
        "Critiche",
        lambda p: str(p.summary.count(Health.CRITICAL)),
        key=lambda p: p.summary.count(Health.CRITICAL),
        align_right=True,
    ),
]

INDICATOR_COLUMNS: list[Column[IndicatorState]] = [
    Column("Di", lambda i: f"{i.owner_kind} {i.owner}"),
    Column("Indicatore", lambda i: i.name, tooltip=lambda i: i.name),
    Column("Obiettivo\ndel periodo", lambda i: _measure(format_number(i.period_target), i.unit)),
    Column("Valore\nrilevato", lambda i: _measure(format_number(i.value, i.not_available), i.unit)),
    Column("Punteggio", lambda i: _pct(i.score), key=lambda i: i.score, align_right=True),
    Column(
        "Andamento",
        lambda i: health_text(i.health),
        foreground=lambda i, dark: health_color(i.health, dark),
    ),
]


class TrendChart(QWidget):
    """The plan's score over the closed periods, with the rule's thresholds drawn as bands.

    The same figures are in the table beside it; this is a picture of them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthTrend")
        self.setAccessibleName("Andamento del piano nei periodi chiusi (grafico)")
        self.setMinimumHeight(self.fontMetrics().height() * 11)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.points: list[TrendPoint] = []
        self.thresholds = (95.0, 85.0)

    def set_points(self, points: list[TrendPoint], thresholds: tuple[float, float]) -> None:
        self.points = points
        self.thresholds = thresholds
        described = "; ".join(
            f"{p.period}: {_pct(p.summary.score)} {p.summary.health.label}" for p in points
        )
        self.setAccessibleDescription(described or "Nessun periodo chiuso")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, self.fontMetrics().height() * 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark = is_dark(self.palette())
        text = self.palette().color(self.palette().ColorRole.Text)
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("100 %") + 8
        # Room on the right for half of the last period's name, centred under its point.
        right = metrics.horizontalAdvance("2025-S2 ") // 2 + 8
        area = QRectF(left, 6, self.width() - left - right, self.height() - metrics.height() - 14)
        on_track, attention = self.thresholds

        def y(score: float) -> float:
            return area.bottom() - area.height() * score / 100

        for low, high, health in (
            (on_track, 100.0, Health.ON_TRACK),
            (attention, on_track, Health.ATTENTION),
            (0.0, attention, Health.CRITICAL),
        ):
            band = health_color(health, dark)
            band.setAlpha(40)
            painter.fillRect(QRectF(area.left(), y(high), area.width(), y(low) - y(high)), band)
        painter.setPen(text)
        for mark in (0, 50, 100):
            painter.drawText(
                QRectF(0, y(mark) - metrics.height() / 2, left - 6, metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{mark:g} %",
            )
        scored = [(i, p) for i, p in enumerate(self.points) if p.summary.score is not None]
        if not self.points:
            painter.drawText(
                area,
                int(Qt.AlignmentFlag.AlignCenter),
                "Nessun periodo chiuso: il grafico si riempie a ogni chiusura.",
            )
            return
        step = area.width() / max(1, len(self.points) - 1) if len(self.points) > 1 else 0
        x0 = area.left() if len(self.points) > 1 else area.center().x()
        for i, point in enumerate(self.points):
            x = x0 + step * i
            painter.drawText(
                QRectF(x - 60, area.bottom() + 4, 120, metrics.height()),
                int(Qt.AlignmentFlag.AlignHCenter),
                point.period,
            )
        if scored:
            path = QPainterPath()
            for n, (i, p) in enumerate(scored):
                spot = QPointF(x0 + step * i, y(p.summary.score or 0))
                path.moveTo(spot) if n == 0 else path.lineTo(spot)
            pen = QPen(text)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawPath(path)
            for i, p in scored:
                spot = QPointF(x0 + step * i, y(p.summary.score or 0))
                painter.setBrush(health_color(p.summary.health, dark))
                painter.drawEllipse(spot, 5, 5)


class HealthSection(QWidget):
    """Andamento per asse, its trend and the indicators furthest from target."""

    def __init__(
        self, services: Services, events: DataEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("healthSection")
        self._services = services
        self._events = events
        self.report: HealthReport | None = None

        self.period = QComboBox()
        self.period.setObjectName("healthPeriod")
        self.period.setAccessibleName("Periodo dell'andamento")
        self.period.currentIndexChanged.connect(self._period_chosen)
        period_label = QLabel("Andamento &al:")
        period_label.setBuddy(self.period)
        self.plan_line = QLabel()
        self.plan_line.setObjectName("healthPlanLine")
        self.plan_line.setWordWrap(True)
        self.plan_line.setAccessibleName("Andamento del piano")
        self.rule_line = QLabel()
        self.rule_line.setObjectName("healthRule")
        self.rule_line.setWordWrap(True)
        self.rule_line.setTextFormat(Qt.TextFormat.PlainText)

        axes = row_list(AXIS_HEALTH_COLUMNS, "healthAxesTable", "Andamento per asse", self)
        self.axes_model, self.axes_proxy, self.axes_table = axes.model, axes.proxy, axes.table
        self.axes_table.setItemDelegateForColumn(
            2, StackedBarDelegate(health_segments, self.axes_table)
        )
        self.axes_table.setItemDelegateForColumn(
            PROGRESS_COLUMN,
            ProgressAgainstExpectedDelegate(
                lambda s: (s.progress, s.expected_progress),  # type: ignore[attr-defined]
                lambda s, dark: health_color(s.health, dark),  # type: ignore[attr-defined]
                self.axes_table,
            ),
        )
        header = self.axes_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.axes_table.setToolTip(
            "La barra «dichiarato / atteso»: la parte colorata è l'avanzamento dichiarato, la "
            "linea quello atteso. Doppio clic su un conteggio o su una barra: quelle azioni "
            "nella schermata Piano."
        )
        self.axes_table.doubleClicked.connect(self._open_axis_cell)
        set_empty_hint(self.axes_table, "Il piano non ha ancora assi.")

        self.chart = TrendChart(self)
        trend = row_list(TREND_COLUMNS, "healthTrendTable", "Andamento nei periodi chiusi", self)
        self.trend_model, self.trend_table = trend.model, trend.table
        set_text_widths(self.trend_table, {0: "2025-S1", 1: "31/12/2025", 3: "▲ Da attenzionare"})
        set_empty_hint(self.trend_table, "Nessun periodo chiuso.")

        worst = row_list(
            INDICATOR_COLUMNS, "furthestIndicators", "Indicatori più lontani dall'obiettivo", self
        )
        self.worst_model, self.worst_proxy, self.worst_table = worst.model, worst.proxy, worst.table
        set_text_widths(
            self.worst_table,
            {
                0: "azione 1.1.10",
                2: "1.000.000 unità",
                3: "1.000.000 unità",
                5: "▲ Da attenzionare",
            },
        )
        fill_column(self.worst_table, 1, 24)
        self.worst_table.doubleClicked.connect(self._open_indicator)
        set_empty_hint(
            self.worst_table,
            "Nessun indicatore con un valore rilevato per questo periodo.",
        )
        self.worst_table.sortByColumn(4, Qt.SortOrder.AscendingOrder)

        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addStretch(1)
        axes_label = QLabel("Andamento per a&sse")
        axes_label.setBuddy(self.axes_table)
        trend_label = QLabel("Andamento del piano nei &periodi chiusi")
        trend_label.setBuddy(self.trend_table)
        worst_label = QLabel(f"&Indicatori più lontani dall'obiettivo (i primi {FURTHEST})")
        worst_label.setBuddy(self.worst_table)
        trend_row = QHBoxLayout()
        trend_row.addWidget(self.chart, 3)
        trend_row.addWidget(self.trend_table, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Monitoraggio: andamento calcolato</b>"))
        layout.addLayout(top)
        layout.addWidget(self.plan_line)
        layout.addWidget(axes_label)
        layout.addWidget(self.axes_table)
        layout.addWidget(trend_label)
        layout.addLayout(trend_row)
        layout.addWidget(worst_label)
        layout.addWidget(self.worst_table)
        layout.addWidget(self.rule_line)

    # --- data -----------------------------------------------------------------------------

    def set_services(self, services: Services) -> None:
        self._services = services

    def reload(self) -> None:
        periods = self._services.periods.list_periods()
        wanted = self.period.currentData() if self.period.count() else None
        if wanted is None:  # first load: the open period, else today
            wanted = next((p.name for p in periods if not p.closed), TODAY)
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem("oggi", TODAY)
        for p in reversed(periods):
            state = "" if p.closed else ", aperto"
            self.period.addItem(f"{p.name} ({p.label}{state})", p.name)
        found = self.period.findData(wanted)
        self.period.setCurrentIndex(max(found, 0))
        self.period.blockSignals(False)
        self._show(self.period.currentData())

    def _period_chosen(self, _index: int) -> None:
        self._show(self.period.currentData())

    def _show(self, name: str | None) -> None:
        try:
            state = self._services.periods.state(name or None)
        except UserError as error:  # the period vanished meanwhile: show today instead
            self.plan_line.setText(error.message)
            return
        report = summarize(state)
        self.report = report
        self.axes_model.set_rows(report.axes)
        rule = state.rule
        self.trend_model.set_rows(self._services.periods.trend())
        self.chart.set_points(self.trend_model.rows(), (rule.on_track, rule.attention))
        self.worst_model.set_rows(furthest_indicators(state, FURTHEST))
        self._fit(self.axes_table)
        self._fit(self.trend_table, minimum_rows=4)
        self._fit(self.worst_table, minimum_rows=3)
        plan = report.plan
        when = f"periodo {state.period}, " if state.period else ""
        frozen = " (istantanea congelata)" if state.closed else ""
        colour = health_color(plan.health, is_dark(self.palette())).name()
        counts = ", ".join(f"{plan.count(h)} {h.label.lower()}" for h in HEALTH_ORDER)
        self.plan_line.setText(
            f"Piano ({when}stato al {format_date(state.reference_date)}{frozen}): "
            f"<b style='color:{colour}'>{health_text(plan.health)}</b>"
            f" (punteggio {_pct(plan.score)}) · avanzamento medio {_pct(plan.progress)}"
            f" contro {_pct(plan.expected_progress)} atteso · {counts}."
        )
        self.rule_line.setText("Regola dell'andamento: " + " ".join(rule.describe()))

    def _fit(self, table: QTableView, minimum_rows: int = 0) -> None:
        table.setFixedHeight(rows_height(table, minimum_rows))

    # --- clicks ---------------------------------------------------------------------------

    def _open_axis_cell(self, index: QModelIndex) -> None:
        if not index.isValid() or self.report is None:
            return
        summary: HealthSummary = self.axes_proxy.row_at(index.row())
        axis = int(summary.code)
        column = index.column()
        if FIRST_COUNT_COLUMN <= column < PROGRESS_COLUMN:
            health = HEALTH_ORDER[column - FIRST_COUNT_COLUMN]
        elif column == 1:
            health = summary.health
        else:
            self._events.open_actions_requested.emit(ActionFilter(axis=axis))
            return
        ids = actions_with(self.report.state, health, axis)
        self._events.open_actions_requested.emit(
            ActionFilter(action_ids=ids, selection_label=f"Asse {axis}: {health.label.lower()}")
        )

    def _open_indicator(self, index: QModelIndex) -> None:
        if not index.isValid() or self.report is None:
            return
        indicator: IndicatorState = self.worst_proxy.row_at(index.row())
        if indicator.owner_kind == "azione":
            action = next(a for a in self.report.state.actions if a.code == indicator.owner)
            self._events.open_action_requested.emit(action.id)
        elif indicator.owner_kind == "strategia":
            self._events.open_actions_requested.emit(ActionFilter(strategy=indicator.owner))
        else:
            self._events.open_actions_requested.emit(ActionFilter(axis=int(indicator.owner)))
