"""The filter bar over the action table: free text, status, stakeholder, zone, overdue, due soon.

It only builds an `ActionFilter` and emits it; the proxy model does the filtering in
memory. Typing is debounced lightly so a fast typist does not refilter on every key.
The part of the plan chosen in the tree is a filter too, so it is shown here as a chip
("Asse 4 ✕") that removes it, and "Azzera filtri" lifts it with the rest.
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
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.formatting import thousands
from psm_desktop.model import SDG_NAMES, Competence, Status, sdg_label
from psm_desktop.services import Services
from psm_desktop.services.filters import PNRR_ANY, ActionFilter
from psm_desktop.ui.widgets.choices import add_choices

TEXT_DEBOUNCE_MS = 120
ALL = "Tutti"
OPEN_STATUSES = frozenset({Status.NOT_STARTED, Status.IN_PROGRESS, Status.SUSPENDED})
PNRR_MISSIONS = {
    1: "Digitalizzazione, innovazione, competitività, cultura e turismo",
    2: "Rivoluzione verde e transizione ecologica",
    3: "Infrastrutture per una mobilità sostenibile",
    4: "Istruzione e ricerca",
    5: "Inclusione e coesione",
    6: "Salute",
    7: "REPowerEU",
}


def scope_label(axis: int | None, strategy: str | None) -> str:
    """How the tree's restriction is named to the user: 'Asse 4', 'Strategia 2.3', ''."""
    if strategy:
        return f"Strategia {strategy}"
    if axis is not None:
        return f"Asse {axis}"
    return ""


class FilterBar(QWidget):
    changed = Signal(object)  # ActionFilter
    scope_cleared = Signal()  # the user lifted the tree's restriction here
    choose_mine = Signal()  # "Le mie azioni" pressed before saying which stakeholder is mine

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
        self._build_programming_filters()
        # The parent by keyword: see create_actions (window/actions.py).
        self.mine = QPushButton("Le m&ie azioni", parent=self)
        self.mine.setObjectName("myActionsFilter")
        self.mine.setAccessibleName("Le mie azioni")
        self.mine.setCheckable(True)
        self._my_name = ""
        self._show_mine_tip()
        self.reset = QPushButton("Azzera filtri", parent=self)
        self.reset.setAccessibleName("Azzera i filtri")
        self.count = QLabel(self)
        self.count.setObjectName("filterCount")
        self.count.setAccessibleName("Azioni mostrate")
        self.scope_chip = QToolButton(self)
        self.scope_chip.setObjectName("scopeChip")
        self.scope_chip.setAccessibleName("Togli la restrizione")
        self.scope_chip.setToolTip("Mostra le azioni di tutto il piano (Ctrl+0)")
        self.scope_chip.hide()
        # Actions picked on another screen (a bar of the Panoramica): a chip of their own.
        self.selection_chip = QToolButton(self)
        self.selection_chip.setObjectName("selectionChip")
        self.selection_chip.setToolTip("Togli la selezione fatta nella Panoramica")
        self.selection_chip.hide()
        self._selection: ActionFilter = ActionFilter()
        # Matches of the search hidden by the tree's restriction: said, with a link to them.
        self.outside = QLabel(self)
        self.outside.setObjectName("outsideMatches")
        self.outside.setAccessibleName("Risultati fuori dalla parte scelta del piano")
        self.outside.setTextFormat(Qt.TextFormat.RichText)
        self.outside.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.outside.hide()

        # Two short rows rather than one long one: the bar must fit beside the tree at
        # 150 % scaling on a 1366-pixel screen.
        within_label = QLabel("Scadenza &entro:", self)
        within_label.setBuddy(self.within)
        top = QHBoxLayout()
        top.addWidget(self.scope_chip)
        top.addWidget(self.selection_chip)
        top.addWidget(self.text, 1)
        top.addWidget(self.mine)
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
        bottom.addWidget(self.more)
        bottom.addWidget(self.reset)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(bottom)
        layout.addWidget(self.programming_row)
        layout.addWidget(self.outside)

        self._scope = ActionFilter()  # axis / strategy chosen in the tree
        self._timer = QTimer(self, singleShot=True, interval=TEXT_DEBOUNCE_MS)
        self._timer.timeout.connect(self.emit_now)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.text.returnPressed.connect(self.emit_now)
        self.cup.textChanged.connect(lambda _t: self._timer.start())
        self.cup.returnPressed.connect(self.emit_now)
        for combo in (self.status, self.zone, self.pnrr, self.sdg, self.competence):
            combo.currentIndexChanged.connect(lambda _i: self.emit_now())
        self.stakeholder.activated.connect(lambda _i: self.emit_now())
        self.stakeholder.currentIndexChanged.connect(lambda _i: self._sync_mine())
        self.mine.clicked.connect(self._mine_clicked)
        line = self.stakeholder.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._stakeholder_typed)
        self.overdue.toggled.connect(lambda _b: self.emit_now())
        self.within.valueChanged.connect(lambda _v: self.emit_now())
        self.reset.clicked.connect(self.clear)
        self.scope_chip.clicked.connect(self.clear_scope)
        self.selection_chip.clicked.connect(self.clear_selection)
        self.outside.linkActivated.connect(lambda _link: self.clear_scope())

    def _build_programming_filters(self) -> None:
        """CUP, PNRR mission, Agenda 2030 goal and competence: a third row, shown on demand
        (the "Altri filtri" button) so that the bar stays two rows high by default."""
        self.cup = QLineEdit(self)
        self.cup.setObjectName("cupFilter")
        self.cup.setAccessibleName("Filtra per CUP")
        self.cup.setPlaceholderText("anche in parte")
        self.cup.setClearButtonEnabled(True)
        self.pnrr = QComboBox(self)
        self.pnrr.setObjectName("pnrrFilter")
        self.pnrr.setAccessibleName("Filtra per misura PNRR")
        self.pnrr.addItem("Tutte le azioni", None)
        self.pnrr.addItem("Con una misura PNRR", PNRR_ANY)
        for mission, name in PNRR_MISSIONS.items():
            self.pnrr.addItem(f"M{mission} {name}", mission)
        self.sdg = QComboBox(self)
        self.sdg.setObjectName("sdgFilter")
        self.sdg.setAccessibleName("Filtra per obiettivo dell'Agenda 2030")
        self.sdg.addItem("Tutti gli obiettivi", None)
        for goal in SDG_NAMES:
            self.sdg.addItem(sdg_label(goal), goal)
        self.competence = QComboBox(self)
        self.competence.setObjectName("competenceFilter")
        self.competence.setAccessibleName("Filtra per competenza")
        self.competence.addItem("Tutte", None)
        for competence in Competence:
            self.competence.addItem(competence.label, competence)
        for combo in (self.pnrr, self.sdg, self.competence):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.programming_row = QWidget(self)
        row = QHBoxLayout(self.programming_row)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            ("C&UP:", self.cup),
            ("P&NRR:", self.pnrr),
            ("Agenda 20&30:", self.sdg),
            ("Co&mpetenza:", self.competence),
        ):
            caption = QLabel(label, self.programming_row)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget, 1)
        self.programming_row.hide()
        self.more = QToolButton(self)
        self.more.setObjectName("moreFilters")
        self.more.setText("Altri filtri")
        self.more.setAccessibleName("Altri filtri: CUP, PNRR, Agenda 2030, competenza")
        self.more.setToolTip("Filtra anche per CUP, misura PNRR, Agenda 2030 e competenza")
        self.more.setCheckable(True)
        self.more.toggled.connect(self.programming_row.setVisible)

    def _programming_widgets(self) -> tuple[QWidget, ...]:
        return (self.cup, self.pnrr, self.sdg, self.competence)

    def set_choices(self, services: Services) -> None:
        """Fill the stakeholder and zone lists from the open database."""
        for combo in (self.stakeholder, self.zone):
            combo.blockSignals(True)
            combo.clear()
        self.stakeholder.addItem("Tutti i soggetti", None)
        # Thousands of offices, on start-up's way to the first view: added in bulk.
        add_choices(self.stakeholder, [(name, sid) for sid, name in services.stakeholders.names()])
        self.zone.addItem("Tutte le zone", None)
        for z in services.plan.zones():
            self.zone.addItem(z.name, z.id)
        for combo in (self.stakeholder, self.zone):
            combo.blockSignals(False)
        self._sync_mine()

    # --- "Le mie azioni" -----------------------------------------------------------------

    def set_my_stakeholder(self, name: str) -> None:
        """The stakeholder the operator works for (by name: '' when not said)."""
        self._my_name = name
        self._show_mine_tip()
        self._sync_mine()

    def my_stakeholder_index(self) -> int:
        if not self._my_name:
            return -1
        return self.stakeholder.findText(self._my_name, Qt.MatchFlag.MatchExactly)

    def _show_mine_tip(self) -> None:
        if self._my_name:
            tip = f"Solo le azioni di {self._my_name} (il tuo soggetto)"
        else:
            tip = "Scegli il soggetto per cui lavori, poi un clic mostra le sue azioni"
        self.mine.setToolTip(tip)

    def _mine_clicked(self, checked: bool) -> None:
        index = self.my_stakeholder_index()
        if index < 0:
            self.mine.setChecked(False)
            self.choose_mine.emit()  # not said yet, or not in this database: ask
            return
        self.stakeholder.setCurrentIndex(index if checked else 0)
        self.emit_now()

    def _sync_mine(self) -> None:
        """Pressed exactly when the stakeholder filter is the operator's own."""
        index = self.my_stakeholder_index()
        self.mine.setChecked(index > 0 and self.stakeholder.currentIndex() == index)

    def _stakeholder_typed(self) -> None:
        """Enter (or leaving the field) after typing: pick the one stakeholder that matches.

        Several matches are listed in the completer's popup (after Enter) and the current
        choice stays; an empty field means every stakeholder.
        """
        combo, line = self.stakeholder, self.stakeholder.lineEdit()
        assert line is not None
        text = line.text().strip()
        if not text:
            index = 0
        else:
            index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
            if index < 0:
                found = [
                    i
                    for i in range(1, combo.count())
                    if text.casefold() in combo.itemText(i).casefold()
                ]
                index = found[0] if len(found) == 1 else -1
                if index < 0:
                    self._stakeholder_not_picked(text, len(found), line.hasFocus())
                    return
        if index != combo.currentIndex() or line.text() != combo.itemText(index):
            combo.setCurrentIndex(index)
            combo.setEditText(combo.itemText(index))
        self.emit_now()

    def _stakeholder_not_picked(self, text: str, matches: int, typing: bool) -> None:
        combo = self.stakeholder
        completer = combo.completer()
        if matches and typing and completer is not None:
            completer.setCompletionPrefix(text)
            completer.complete()  # the matches, to choose among with the arrows
            return
        combo.setEditText(combo.itemText(combo.currentIndex()))  # the choice in force
        if not matches:
            QToolTip.showText(
                combo.mapToGlobal(combo.rect().bottomLeft()),
                f"Nessun soggetto contiene «{text}».",
                combo,
            )

    def set_scope(self, axis: int | None, strategy: str | None) -> None:
        """The part of the plan chosen in the tree (None, None: the whole plan)."""
        self._set_scope(axis, strategy)
        self.emit_now()

    def _set_scope(self, axis: int | None, strategy: str | None) -> None:
        self._scope = ActionFilter(axis=axis, strategy=strategy)
        label = scope_label(axis, strategy)
        self.scope_chip.setText(f"{label} ✕")
        self.scope_chip.setAccessibleName(f"Togli la restrizione a {label}")
        self.scope_chip.setVisible(bool(label))
        if not label:
            self.outside.hide()

    def clear_scope(self) -> None:
        """Lift the tree's restriction (the chip's ✕, or the link to matches outside it)."""
        self._set_scope(None, None)
        self.scope_cleared.emit()
        self.emit_now()

    def show_outside(self, count: int) -> None:
        """Tell how many actions match the search outside the tree's restriction."""
        label = scope_label(self._scope.axis, self._scope.strategy)
        if count <= 0 or not label:
            self.outside.hide()
            return
        found = "1 risultato" if count == 1 else f"{count} risultati"
        self.outside.setText(f"{found} fuori da {label} — <a href='show'>mostra</a>")
        self.outside.show()

    def _set_selection(self, ids: frozenset[int] | None, label: str) -> None:
        self._selection = ActionFilter(action_ids=ids, selection_label=label)
        self.selection_chip.setText(f"{label} ✕")
        self.selection_chip.setAccessibleName(f"Togli la selezione «{label}»")
        self.selection_chip.setVisible(ids is not None)

    def clear_selection(self) -> None:
        self._set_selection(None, "")
        self.emit_now()

    def current(self) -> ActionFilter:
        within = self.within.value()
        return replace(
            self._scope,
            action_ids=self._selection.action_ids,
            selection_label=self._selection.selection_label,
            text=self.text.text().strip(),
            statuses=self.status.currentData(),
            stakeholder_id=self.stakeholder.currentData(),
            zone_id=self.zone.currentData(),
            overdue_only=self.overdue.isChecked(),
            deadline_within_days=within if within > 0 else None,
            cup=self.cup.text().strip(),
            pnrr_mission=self.pnrr.currentData(),
            sdg=self.sdg.currentData(),
            competence=self._competence(),
        )

    def _competence(self) -> Competence | None:
        data = self.competence.currentData()  # Qt hands StrEnum data back as plain str
        return Competence(data) if data is not None else None

    def emit_now(self) -> None:
        self._timer.stop()
        self.changed.emit(self.current())

    def clear(self) -> None:
        widgets = (
            self.text,
            self.status,
            self.stakeholder,
            self.zone,
            self.overdue,
            self.within,
            *self._programming_widgets(),
        )
        for w in widgets:
            w.blockSignals(True)
        self.text.clear()
        self.status.setCurrentIndex(0)
        self.stakeholder.setCurrentIndex(0)
        self.zone.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.within.setValue(0)
        self.cup.clear()
        for combo in (self.pnrr, self.sdg, self.competence):
            combo.setCurrentIndex(0)
        for w in widgets:
            w.blockSignals(False)
        self._sync_mine()
        self._set_selection(None, "")
        had_scope = self._scope != ActionFilter()
        self._set_scope(None, None)
        if had_scope:
            self.scope_cleared.emit()
        self.emit_now()

    def set_fields(self, flt: ActionFilter) -> None:
        """Put the fields of `flt` (not its axis or strategy: the tree's) in the bar."""
        widgets = (
            self.text,
            self.status,
            self.stakeholder,
            self.zone,
            self.overdue,
            self.within,
            *self._programming_widgets(),
        )
        for w in widgets:
            w.blockSignals(True)
        self.text.setText(flt.text)
        self.cup.setText(flt.cup)
        for combo, value in (
            (self.status, flt.statuses),
            (self.stakeholder, flt.stakeholder_id),
            (self.zone, flt.zone_id),
            (self.pnrr, flt.pnrr_mission),
            (self.sdg, flt.sdg),
            (self.competence, flt.competence),
        ):
            found = (i for i in range(combo.count()) if combo.itemData(i) == value)
            combo.setCurrentIndex(next(found, 0))
        self.overdue.setChecked(flt.overdue_only)
        self.within.setValue(flt.deadline_within_days or 0)
        for w in widgets:
            w.blockSignals(False)
        if flt.cup or (flt.pnrr_mission, flt.sdg, flt.competence) != (None, None, None):
            self.more.setChecked(True)  # a filter in force is never hidden
        self._sync_mine()
        self._set_selection(flt.action_ids, flt.selection_label or "Azioni scelte")
        self.emit_now()

    def show_count(self, shown: int, total: int) -> None:
        self.count.setText(f"{thousands(shown)} di {thousands(total)}")
