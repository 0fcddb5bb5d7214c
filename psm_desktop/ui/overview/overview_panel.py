"""Panoramica: per axis, actions by status (a stacked bar), progress, what is late; next deadlines.

All figures come from OverviewService in a few aggregate queries, so the panel reloads at
once on every data event even with a large plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.formatting import format_euro, plural
from psm_desktop.model import Status
from psm_desktop.services import Services
from psm_desktop.services.filters import ActionFilter
from psm_desktop.services.overview_service import AxisOverview, OverviewService, PlanOverview
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.reload_scheduler import ReloadScheduler
from psm_desktop.ui.deadlines.deadlines_view import DEADLINE_SAMPLES, deadline_columns
from psm_desktop.ui.models.row_model import Column
from psm_desktop.ui.overview.health_panel import HealthSection
from psm_desktop.ui.widgets.bars import StackedBarDelegate
from psm_desktop.ui.widgets.empty_hint import set_empty_hint
from psm_desktop.ui.widgets.list_table import fill_column, row_list, rows_height, set_text_widths
from psm_desktop.ui.widgets.status_style import is_dark, overdue_color, status_color

NEXT_DEADLINES = 10
BAR_COLUMN = 2
LATE_ACTIONS_COLUMN, LATE_DEADLINES_COLUMN, COMING_COLUMN = 4, 5, 6


def status_breakdown(axis: AxisOverview) -> str:
    """The bar in words (screen readers, tooltips, tests): 'In corso 5 · Completata 2'."""
    parts = [f"{s.label} {axis.by_status[s]}" for s in Status if axis.by_status[s]]
    return " · ".join(parts) or "Nessuna azione"


def _count_column(
    title: str, count: Callable[[AxisOverview], int], *, late: bool = False
) -> Column[AxisOverview]:
    """A right-aligned number; with `late`, red when not zero."""

    def colour(a: AxisOverview, dark: bool) -> QColor | None:
        return overdue_color(dark) if late and count(a) else None

    return Column(title, lambda a: str(count(a)), key=count, foreground=colour, align_right=True)


AXIS_COLUMNS: list[Column[AxisOverview]] = [
    Column("Asse", lambda a: f"{a.number}. {a.title}", key=lambda a: a.number),
    Column("Azioni", lambda a: str(a.total), key=lambda a: a.total, align_right=True),
    Column("Azioni per stato", status_breakdown, key=lambda a: a.by_status[Status.COMPLETED]),
    Column(
        "Avanz.\nmedio",
        lambda a: f"{a.average_progress:.0f}%",
        key=lambda a: a.average_progress,
        align_right=True,
    ),
    _count_column("Azioni\nin ritardo", lambda a: a.overdue_actions, late=True),
    _count_column("Scadenze\nin ritardo", lambda a: a.overdue_deadlines, late=True),
    _count_column("Scadenze\na 30 giorni", lambda a: a.upcoming_deadlines),
    Column("Budget", lambda a: format_euro(a.budget), key=lambda a: a.budget, align_right=True),
]


def cell_filter(axis: AxisOverview, column: int, horizon_days: int) -> ActionFilter:
    """The actions behind a cell of the axis table: the axis, narrowed by the count's meaning."""
    if column in (LATE_ACTIONS_COLUMN, LATE_DEADLINES_COLUMN):
        return ActionFilter(axis=axis.number, overdue_only=True)
    if column == COMING_COLUMN:
        return ActionFilter(axis=axis.number, deadline_within_days=horizon_days)
    return ActionFilter(axis=axis.number)


# The links of the summary line: which actions each figure stands for.
SUMMARY_LINKS = {
    "all": ActionFilter(),
    "in_progress": ActionFilter(statuses=frozenset({Status.IN_PROGRESS})),
    "completed": ActionFilter(statuses=frozenset({Status.COMPLETED})),
    "overdue": ActionFilter(overdue_only=True),
}


def status_segments(row: object, dark: bool) -> list[tuple[int, QColor]]:
    """An axis's actions by status, as the segments of its bar."""
    assert isinstance(row, AxisOverview)
    return [(row.by_status[s], status_color(s, dark)) for s in Status]


class OverviewPanel(QWidget):
    def __init__(
        self, services: Services, events: DataEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overviewPanel")
        self.setAccessibleName("Panoramica del piano")
        self._services = services
        self._events = events
        self.overview: PlanOverview | None = None

        self.summary = QLabel()
        self.summary.setObjectName("overviewSummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Riepilogo del piano")
        self.summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.summary.linkActivated.connect(self._summary_link)
        self.legend = QLabel()
        self.legend.setObjectName("overviewLegend")
        self.legend.setAccessibleName("Legenda dei colori degli stati")
        self.legend.setWordWrap(True)

        axes = row_list(AXIS_COLUMNS, "overviewAxesTable", "Situazione per asse", self)
        self.axes_model, self.axes_proxy, self.axes_table = axes.model, axes.proxy, axes.table
        self.axes_table.setItemDelegateForColumn(
            BAR_COLUMN, StackedBarDelegate(status_segments, self.axes_table)
        )
        self.axes_table.setWordWrap(True)
        # Six rows whose titles may wrap: measure them (cheap here, unlike long lists).
        self.axes_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        header = self.axes_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Title and bar share the width; long titles wrap (rows grow) instead of being cut.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(BAR_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.axes_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.axes_table.setToolTip(
            "Doppio clic (o Invio) su un asse o su un conteggio: le azioni nella schermata Piano"
        )
        self.axes_table.doubleClicked.connect(self._open_axis_cell)
        set_empty_hint(self.axes_table, "Il piano non ha ancora assi.")

        nexts = row_list(
            deadline_columns(dt.date.today()), "overviewNextDeadlines", "Prossime scadenze", self
        )
        self.next_model, self.next_proxy, self.next_table = nexts.model, nexts.proxy, nexts.table
        set_text_widths(self.next_table, DEADLINE_SAMPLES | {5: "Comune di Caselle Torinese"})
        fill_column(self.next_table, 3, 30)  # the action: readable at 150 % too
        self.next_table.doubleClicked.connect(self._open_action)
        set_empty_hint(self.next_table, "Nessuna scadenza aperta da oggi in poi.")

        self.health = HealthSection(services, events, self)
        title = QLabel("<b>Panoramica del piano</b>")
        axes_label = QLabel("Situazione per &asse")
        axes_label.setBuddy(self.axes_table)
        next_label = QLabel(f"&Prossime scadenze (le prime {NEXT_DEADLINES})")
        next_label.setBuddy(self.next_table)
        self.next_table.setMinimumHeight(self.fontMetrics().height() * 8)
        content = QWidget()
        content.setObjectName("overviewContent")
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(axes_label)
        layout.addWidget(self.axes_table)
        layout.addWidget(self.legend)
        layout.addWidget(self.health)
        layout.addWidget(next_label)
        layout.addWidget(self.next_table, 1)
        layout.addStretch(0)
        # On a small screen (or at 150 %) the whole panel scrolls rather than squeezing tables.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the tables
        scroll.setAccessibleName("Panoramica del piano")
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        # Titles wrap differently when the columns change width: refit once they settle.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_tables)
        header.sectionResized.connect(lambda *_: self._fit_timer.start())
        self._scheduler = ReloadScheduler(self, self.reload)
        events.actions_changed.connect(self._scheduler.request)
        events.deadlines_changed.connect(self._scheduler.request)
        events.database_replaced.connect(self._scheduler.request)
        events.structure_changed.connect(self._scheduler.request)
        self._scheduler.request()  # loaded when first shown: start-up stays fast

    def _fit_tables(self) -> None:
        self.axes_table.resizeRowsToContents()
        self.axes_table.setFixedHeight(rows_height(self.axes_table))
        # The deadlines may shrink (scrolling) on a small screen, never grow past their rows.
        # Not below the minimum: an empty list would otherwise leave a gap above the table.
        self.next_table.setMaximumHeight(
            max(rows_height(self.next_table), self.next_table.minimumHeight())
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scheduler.shown()

    def set_services(self, services: Services) -> None:
        self._services = services
        self.health.set_services(services)
        self._scheduler.request()

    def reload(self) -> None:
        self._scheduler.reloading()
        overview = OverviewService(self._services.db).overview(next_limit=NEXT_DEADLINES)
        self.overview = overview
        self.axes_model.set_rows(overview.axes)
        self.next_model.columns = deadline_columns(overview.today)
        self.next_model.set_rows(overview.next_deadlines)
        self._fit_tables()
        dark = is_dark(self.palette())
        self.summary.setText(_summary_html(overview, dark))
        self.legend.setText(_legend_html(dark))
        self.health.reload()

    def _open_axis_cell(self, index: QModelIndex) -> None:
        if not index.isValid() or self.overview is None:
            return
        axis = self.axes_proxy.row_at(index.row())
        flt = cell_filter(axis, index.column(), self.overview.horizon_days)
        self._events.open_actions_requested.emit(flt)

    def _summary_link(self, link: str) -> None:
        flt = SUMMARY_LINKS.get(link)
        if flt is not None:
            self._events.open_actions_requested.emit(flt)

    def _open_action(self, index: QModelIndex) -> None:
        if index.isValid():
            self._events.open_action_requested.emit(self.next_proxy.row_at(index.row()).action_id)


def _summary_html(o: PlanOverview, dark: bool) -> str:
    """One line of figures; each count links to its actions in the Piano screen."""
    late = overdue_color(dark).name()
    totals = o.status_totals()
    done = totals[Status.COMPLETED]

    def link(key: str, figure: str, colour: str = "") -> str:
        style = f" style='color:{colour}'" if colour else ""
        return f"<a href='{key}'{style}><b>{figure}</b></a>"

    parts = [
        f"{link('all', str(o.total_actions))} "
        + plural(o.total_actions, "azione", "azioni", number=False),
        f"{link('in_progress', str(totals[Status.IN_PROGRESS]))} in corso",
        f"{link('completed', str(done))} " + plural(done, "completata", "completate", number=False),
        f"{link('overdue', str(o.overdue_actions), late)} in ritardo"
        if o.overdue_actions
        else "nessuna in ritardo",
        f"<b style='color:{late}'>{o.overdue_deadlines}</b> "
        + plural(o.overdue_deadlines, "scadenza scaduta", "scadenze scadute", number=False)
        if o.overdue_deadlines
        else "nessuna scadenza scaduta",
        f"budget del piano <b>{format_euro(o.total_budget)}</b>",
        f"situazione al {o.today:%d/%m/%Y}",
    ]
    return " · ".join(parts)


def _legend_html(dark: bool) -> str:
    items = [
        f"<span style='color:{status_color(s, dark).name()}'>■</span>&nbsp;{s.label}"
        for s in Status
    ]
    return "Legenda: " + " &nbsp; ".join(items)
