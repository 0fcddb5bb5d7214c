"""The filter bar over the action table: free text, status, stakeholder, zone, overdue, due soon.

It only builds an `ActionFilter` and emits it; the proxy model does the filtering in
memory. Typing is debounced lightly so a fast typist does not refilter on every key.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.model import Status
from psm_desktop.services import Services
from psm_desktop.services.filters import ActionFilter

TEXT_DEBOUNCE_MS = 120
ALL = "Tutti"
OPEN_STATUSES = frozenset({Status.NOT_STARTED, Status.IN_PROGRESS, Status.SUSPENDED})


class FilterBar(QWidget):
    changed = Signal(object)  # ActionFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.text = QLineEdit(self)
        self.text.setObjectName("actionFilter")
        self.text.setAccessibleName("Filtra le azioni per testo")
        self.text.setPlaceholderText("Cerca azioni (codice, testo, responsabile)…")
        self.text.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        self.status.setAccessibleName("Filtra per stato")
        self.status.addItem("Tutti gli stati", None)
        self.status.addItem("Aperte (non concluse)", OPEN_STATUSES)
        for status in Status:
            self.status.addItem(status.label, frozenset({status}))
        self.stakeholder = QComboBox(self)
        self.stakeholder.setObjectName("stakeholderFilter")
        self.stakeholder.setAccessibleName("Filtra per soggetto")
        self.stakeholder.setEditable(True)  # type to search among thousands
        self.stakeholder.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.stakeholder.completer()
        assert completer is not None
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone = QComboBox(self)
        self.zone.setObjectName("zoneFilter")
        self.zone.setAccessibleName("Filtra per zona omogenea")
        for combo in (self.status, self.stakeholder, self.zone):
            # Narrow enough for 150 % scaling on a 1366-pixel screen; the popup is wider.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.overdue = QCheckBox("Solo in &ritardo", self)
        self.overdue.setObjectName("overdueFilter")
        self.overdue.setAccessibleName("Solo azioni in ritardo")
        self.within = QSpinBox(self)
        self.within.setObjectName("withinDaysFilter")
        self.within.setAccessibleName("Scadenza entro giorni")
        self.within.setRange(0, 730)
        self.within.setSpecialValueText("qualsiasi")
        self.within.setSuffix(" g")
        self.within.setToolTip("Solo azioni con una scadenza aperta entro questo numero di giorni")
        # Qt's size hint leaves the special text's last letters under the arrows: add room.
        self.within.setMinimumWidth(
            self.within.sizeHint().width() + 2 * self.within.fontMetrics().averageCharWidth()
        )
        self.reset = QPushButton("Azzera filtri", self)
        self.reset.setAccessibleName("Azzera i filtri")
        self.count = QLabel(self)
        self.count.setObjectName("filterCount")
        self.count.setAccessibleName("Azioni mostrate")

        # Two short rows rather than one long one: the bar must fit beside the tree at
        # 150 % scaling on a 1366-pixel screen.
        within_label = QLabel("Scadenza &entro:", self)
        within_label.setBuddy(self.within)
        top = QHBoxLayout()
        top.addWidget(self.text, 1)
        top.addWidget(self.overdue)
        top.addWidget(within_label)
        top.addWidget(self.within)
        bottom = QHBoxLayout()
        for label, widget in (
            ("S&tato:", self.status),
            ("S&oggetto:", self.stakeholder),
            ("&Zona:", self.zone),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            bottom.addWidget(caption)
            bottom.addWidget(widget, 1)
        bottom.addWidget(self.count)
        bottom.addWidget(self.reset)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(bottom)

        self._scope = ActionFilter()  # axis / strategy chosen in the tree
        self._timer = QTimer(self, singleShot=True, interval=TEXT_DEBOUNCE_MS)
        self._timer.timeout.connect(self.emit_now)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.text.returnPressed.connect(self.emit_now)
        for combo in (self.status, self.zone):
            combo.currentIndexChanged.connect(lambda _i: self.emit_now())
        self.stakeholder.activated.connect(lambda _i: self.emit_now())
        line = self.stakeholder.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._stakeholder_typed)
        self.overdue.toggled.connect(lambda _b: self.emit_now())
        self.within.valueChanged.connect(lambda _v: self.emit_now())
        self.reset.clicked.connect(self.clear)

    def set_choices(self, services: Services) -> None:
        """Fill the stakeholder and zone lists from the open database."""
        for combo in (self.stakeholder, self.zone):
            combo.blockSignals(True)
            combo.clear()
        self.stakeholder.addItem("Tutti i soggetti", None)
        for sid, name in services.stakeholders.names():
            self.stakeholder.addItem(name, sid)
        self.zone.addItem("Tutte le zone", None)
        for z in services.plan.zones():
            self.zone.addItem(z.name, z.id)
        for combo in (self.stakeholder, self.zone):
            combo.blockSignals(False)

    def _stakeholder_typed(self) -> None:
        index = self.stakeholder.findText(self.stakeholder.currentText())
        if index < 0:
            index = 0
        self.stakeholder.setCurrentIndex(index)
        self.emit_now()

    def set_scope(self, axis: int | None, strategy: str | None) -> None:
        """The part of the plan chosen in the tree (None, None: the whole plan)."""
        self._scope = ActionFilter(axis=axis, strategy=strategy)
        self.emit_now()

    def current(self) -> ActionFilter:
        within = self.within.value()
        return replace(
            self._scope,
            text=self.text.text().strip(),
            statuses=self.status.currentData(),
            stakeholder_id=self.stakeholder.currentData(),
            zone_id=self.zone.currentData(),
            overdue_only=self.overdue.isChecked(),
            deadline_within_days=within if within > 0 else None,
        )

    def emit_now(self) -> None:
        self._timer.stop()
        self.changed.emit(self.current())

    def clear(self) -> None:
        widgets = (self.text, self.status, self.stakeholder, self.zone, self.overdue, self.within)
        for w in widgets:
            w.blockSignals(True)
        self.text.clear()
        self.status.setCurrentIndex(0)
        self.stakeholder.setCurrentIndex(0)
        self.zone.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.within.setValue(0)
        for w in widgets:
            w.blockSignals(False)
        self.emit_now()

    def show_count(self, shown: int, total: int) -> None:
        self.count.setText(f"{shown} di {total}")
