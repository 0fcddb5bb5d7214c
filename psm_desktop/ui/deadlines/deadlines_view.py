"""Scadenze: every deadline of the plan, overdue first, then the next 30 days.

Filters by stakeholder, zona omogenea and axis go to DeadlineService (one query per change);
two check boxes widen the list to later and completed deadlines. Double-click (or Enter)
asks the main window to open the action.
"""

from __future__ import annotations

import datetime as dt
import functools

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.formatting import format_date, plural
from psm_desktop.model.codes import code_order
from psm_desktop.services import DeadlineFilter, Services
from psm_desktop.services.dto import DeadlineInfo
from psm_desktop.ui.core.events import DataEvents
from psm_desktop.ui.core.reload_scheduler import ReloadScheduler
from psm_desktop.ui.models.row_model import Column
from psm_desktop.ui.widgets.choices import add_choices
from psm_desktop.ui.widgets.empty_hint import set_empty_hint
from psm_desktop.ui.widgets.list_table import fill_column, row_list, set_text_widths
from psm_desktop.ui.widgets.status_style import overdue_background, overdue_color

HORIZON_DAYS = 30
# Item data of the "all" choice of a filter. Not None: in PySide6 6.12 reading a None item
# back (currentData) loses a reference to None, which ends in a crash after enough calls.
ALL = -1


@functools.lru_cache(maxsize=65536)  # sorting 15,000 deadlines parses each code only once
def when_text(d: DeadlineInfo, today: dt.date) -> str:
    """How the deadline stands today, in words: late, today, soon, or done."""
    if d.completed_on is not None:
        return f"Completata il {format_date(d.completed_on)}"
    days = (d.due_date - today).days
    if days < 0:
        return f"In ritardo di {-days} {'giorno' if days == -1 else 'giorni'}"
    if days == 0:
        return "Oggi"
    if days == 1:
        return "Domani"
    return f"Tra {plural(days, 'giorno', 'giorni')}"


def _muted(dark: bool) -> QColor:
    return QColor("#8a8f98") if dark else QColor("#6b7079")


def _row_background(d: DeadlineInfo, dark: bool) -> QColor | None:
    return overdue_background(dark) if d.overdue else None


def _when_foreground(d: DeadlineInfo, dark: bool) -> QColor | None:
    if d.overdue:
        return overdue_color(dark)
    return _muted(dark) if d.is_done else None


def deadline_columns(
    today: dt.date, *, with_stakeholder: bool = True
) -> list[Column[DeadlineInfo]]:
    """The columns of a deadline list; shared by this view and the stakeholders view."""
    columns: list[Column[DeadlineInfo]] = [
        Column(
            "Data prevista",
            lambda d: format_date(d.due_date),
            key=lambda d: (d.is_done, d.due_date, code_order(d.action_code), d.id),
            background=_row_background,
        ),
        Column(
            "Situazione",
            lambda d: when_text(d, today),
            key=lambda d: (d.is_done, d.due_date, d.id),
            foreground=_when_foreground,
            background=_row_background,
        ),
        Column("Scadenza", lambda d: d.title, background=_row_background),
        Column(
            "Azione",
            lambda d: f"{d.action_code} — {d.action_text}",
            key=lambda d: code_order(d.action_code),
            background=_row_background,
            tooltip=lambda d: f"{d.action_code} — {d.action_text}",
        ),
        Column(
            "Asse",
            lambda d: str(d.axis_number),
            key=lambda d: d.axis_number,
            background=_row_background,
            align_right=True,
        ),
    ]
    if with_stakeholder:
        columns.append(
            Column(
                "Responsabile",
                lambda d: d.stakeholder_name or "",
                background=_row_background,
            )
        )
    return columns


# Typical widest values of the deadline columns (column -> sample text).
DEADLINE_SAMPLES = {
    0: "Data prevista",
    1: "In ritardo di 1000 giorni",
    2: "Approvazione del progetto di fattibilità",
    4: "Asse",
}


class DeadlinesView(QWidget):
    def __init__(
        self, services: Services, events: DataEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deadlinesPanel")
        self.setAccessibleName("Scadenze")
        self._services = services
        self._events = events
        self._today = dt.date.today()

        self.stakeholder_combo = _filter_combo("deadlineStakeholderFilter", "Filtra per soggetto")
        _make_searchable(self.stakeholder_combo)  # hundreds of names: type any part of one
        self.zone_combo = _filter_combo("deadlineZoneFilter", "Filtra per zona omogenea")
        self.axis_combo = _filter_combo("deadlineAxisFilter", "Filtra per asse")
        self.later_check = QCheckBox(f"Anche oltre {HORIZON_DAYS} giorni")
        self.later_check.setObjectName("deadlineShowLater")
        self.later_check.setAccessibleName(f"Mostra anche le scadenze oltre {HORIZON_DAYS} giorni")
        self.done_check = QCheckBox("Anche le completate")
        self.done_check.setObjectName("deadlineShowDone")
        self.done_check.setAccessibleName("Mostra anche le scadenze completate")
        self.summary = QLabel()
        self.summary.setObjectName("deadlineSummary")
        self.summary.setAccessibleName("Riepilogo delle scadenze")

        rows = row_list(
            deadline_columns(self._today), "deadlinesView", "Elenco delle scadenze", self
        )
        self.model, self.proxy, self.table = rows.model, rows.proxy, rows.table
        # Widths from sample text, not measured over thousands of rows.
        set_text_widths(self.table, DEADLINE_SAMPLES | {5: "Comune di Caselle Torinese"})
        fill_column(self.table, 3, 30)  # the action: readable at 150 % too
        self.table.doubleClicked.connect(self._open_action)

        filters = QHBoxLayout()
        for text, combo in (
            ("&Soggetto:", self.stakeholder_combo),
            ("&Zona:", self.zone_combo),
            ("&Asse:", self.axis_combo),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        options = QHBoxLayout()
        options.addWidget(self.later_check)
        options.addWidget(self.done_check)
        options.addStretch(1)
        options.addWidget(self.summary)
        self.title = title = QLabel()
        title.setObjectName("deadlinesTitle")
        title.setAccessibleName("Scadenze")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)

        # Nothing is loaded until the panel is first shown (start-up stays fast).
        self._scheduler = ReloadScheduler(self, self.reload)
        self._filters_stale = True
        for combo in self._filter_combos():
            combo.currentIndexChanged.connect(self._scheduler.request)
        self.later_check.toggled.connect(self._scheduler.request)
        self.done_check.toggled.connect(self._scheduler.request)
        events.deadlines_changed.connect(self._scheduler.request)
        events.actions_changed.connect(self._scheduler.request)
        events.stakeholders_changed.connect(self._on_stakeholders_changed)
        events.database_replaced.connect(self._on_database_replaced)
        events.structure_changed.connect(self._on_database_replaced)
        self._scheduler.request()

    # --- public --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scheduler.shown()

    def set_services(self, services: Services) -> None:
        self._services = services
        self._on_database_replaced()

    def reload(self) -> None:
        self._scheduler.reloading()
        if self._filters_stale:
            self._fill_filters()
        self._today = dt.date.today()
        self.model.columns = deadline_columns(self._today)
        rows = self._services.deadlines.list_deadlines(self.current_filter(), self._today)
        if self.done_check.isChecked() and not self.later_check.isChecked():
            limit = self._today + dt.timedelta(days=HORIZON_DAYS)
            rows = [d for d in rows if d.is_done or d.due_date <= limit]
        set_empty_hint(self.table, self._empty_text())
        self.model.set_rows(rows)
        late = sum(d.overdue for d in rows)
        self.summary.setText(f"{late} in ritardo · {len(rows)} in elenco")
        self.title.setText(f"<b>Scadenze</b> — {self._scope_text()}")

    def _empty_text(self) -> str:
        """What an empty list means, and how to see more."""
        if any(choice(c) is not None for c in self._filter_combos()):
            return "Nessuna scadenza con i filtri scelti."
        later, done = self.later_check.isChecked(), self.done_check.isChecked()
        if later:
            return "Nessuna scadenza nel piano." if done else "Nessuna scadenza aperta."
        return (
            f"Nessuna scadenza in ritardo o nei prossimi {HORIZON_DAYS} giorni. "
            f"«Anche oltre {HORIZON_DAYS} giorni» mostra le successive."
        )

    def _filter_combos(self) -> tuple[QComboBox, ...]:
        return (self.stakeholder_combo, self.zone_combo, self.axis_combo)

    def _scope_text(self) -> str:
        later, done = self.later_check.isChecked(), self.done_check.isChecked()
        if later and done:
            return "tutte, prima quelle in ritardo, le completate in fondo"
        if later:
            return "tutte le aperte, prima quelle in ritardo"
        window = f"in ritardo, poi i prossimi {HORIZON_DAYS} giorni"
        return window + (", e le completate in fondo" if done else "")

    def current_filter(self) -> DeadlineFilter:
        show_done = self.done_check.isChecked()
        wide = self.later_check.isChecked() or show_done
        return DeadlineFilter(
            stakeholder_id=choice(self.stakeholder_combo),
            zone_id=choice(self.zone_combo),
            axis=choice(self.axis_combo),
            include_done=show_done,
            within_days=None if wide else HORIZON_DAYS,
        )

    def visible_deadlines(self) -> list[DeadlineInfo]:
        """The rows in the order shown (for tests and for exports of what is on screen)."""
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]

    # --- internals -----------------------------------------------------------------------

    def _fill_filters(self) -> None:
        self._filters_stale = False
        self._fill_stakeholders()
        _refill(
            self.zone_combo,
            "Tutte le zone",
            [(z.name, z.id) for z in self._services.plan.zones()],
        )
        _refill(
            self.axis_combo,
            "Tutti gli assi",
            [(f"Asse {a.number} — {a.title}", a.number) for a in self._services.plan.axes()],
        )

    def _fill_stakeholders(self) -> None:
        _refill(
            self.stakeholder_combo,
            "Tutti i soggetti",
            [(name, sid) for sid, name in self._services.stakeholders.names()],
        )

    def _on_stakeholders_changed(self) -> None:
        self._on_database_replaced()  # names in the filter; refilled at the next reload

    def _on_database_replaced(self) -> None:
        self._filters_stale = True
        self._scheduler.request()

    def _open_action(self, index: QModelIndex) -> None:
        if index.isValid():
            self._events.open_action_requested.emit(self.proxy.row_at(index.row()).action_id)


def _filter_combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    combo.setMaxVisibleItems(20)
    return combo


def _make_searchable(combo: QComboBox) -> None:
    """Editable with a completer that matches any part of a name; typing never adds items."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    if completer is not None:
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText("Scrivi per cercare…")
        line.setAccessibleName(combo.accessibleName() + ": scrivi parte del nome")
        # Text that names no stakeholder goes back to the current choice.
        line.editingFinished.connect(lambda: _snap_to_choice(combo))


def _snap_to_choice(combo: QComboBox) -> None:
    index = combo.findText(combo.currentText(), Qt.MatchFlag.MatchFixedString)
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setEditText(combo.itemText(combo.currentIndex()))


def choice(combo: QComboBox) -> int | None:
    """The chosen id or number of a filter combo; None for "all"."""
    value = combo.currentData()
    return None if value is None or value == ALL else int(value)


def _refill(combo: QComboBox, everything: str, items: list[tuple[str, int]]) -> None:
    """Replace the choices, keeping the current one if it still exists (no signal storm)."""
    chosen = choice(combo)
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, ALL)
    add_choices(combo, items)
    index = combo.findData(chosen) if chosen is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
    if chosen is not None and index < 0:  # the chosen one vanished: the list changes
        combo.currentIndexChanged.emit(0)
