"""The action editor: every field of one action, saved as soon as it is changed.

Each change becomes an EditActionCommand run through the EditSession (own transaction,
undoable). After any change to the action - here, by undo, or refused as stale - the
editor reloads it from the services, so what it shows is always what is stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from psm_desktop.errors import (
    ConnectionLostError,
    DatabaseLockedError,
    NotFoundError,
    PermissionDeniedError,
    StaleWriteError,
    UserError,
)
from psm_desktop.formatting import format_date, format_euro, plan_years, unusual_date_question
from psm_desktop.model import FundingSource, Health, Priority, Status
from psm_desktop.services.dto import ActionDetail
from psm_desktop.ui.core.session import EditSession
from psm_desktop.ui.editor import read_only_fields
from psm_desktop.ui.editor.fields import (
    CommitLineEdit,
    CommitTextEdit,
    DateField,
    EuroField,
    enum_combo,
    enum_value,
    guard_wheel,
)
from psm_desktop.ui.editor.lazy_tab import LazyTab

if TYPE_CHECKING:  # built when first shown (`LazyTab`), their modules imported then
    from psm_desktop.ui.editor.classification_tab import Choices, ClassificationTab
    from psm_desktop.ui.editor.indicators_tab import IndicatorsTab
    from psm_desktop.ui.editor.multi_select import MultiSelectField
    from psm_desktop.ui.editor.programming_tab import ProgrammingTab
    from psm_desktop.ui.editor.tabs import AssignmentsTab, DeadlinesTab, HistoryTab

OTHER_OFFICE_NOTE = "Questa azione è di un altro ufficio: puoi leggerla ma non modificarla."
READER_NOTE = "Sola lettura (lettore): puoi consultare il piano ma non modificarlo."
OPENING_NOTE = (
    "Apertura del database in corso… Il piano si può già consultare; "
    "le modifiche saranno possibili tra un istante."
)
# Typed (not chosen) fields: refused as stale, their text stays, to be saved again on
# leaving the field (a choice is made again with one click after the reload).
TYPED_FIELDS = frozenset({"text", "notes", "short_title", "budget"})
(
    TAB_DATA,
    TAB_CLASSIFICATION,
    TAB_PROGRAMMING,
    TAB_ASSIGNMENTS,
    TAB_DEADLINES,
    TAB_HISTORY,
    TAB_INDICATORS,
) = range(7)


class ActionEditor(QWidget):
    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionEditor")
        self.setAccessibleName("Scheda dell'azione")
        self.session = session
        self.detail: ActionDetail | None = None
        self._loading = False
        self._plan_years: tuple[int, int] | None = None
        # The notes as the editor first showed them for this action: a note written since
        # already explains a critical figure, so the editor does not ask for one.
        self._notes_shown: tuple[int, str] | None = None
        # Values typed but refused because the file was locked, and for which action.
        self._unsaved: dict[str, Any] = {}
        self._unsaved_action: int | None = None
        self._holding = False  # a reload under way keeps what is typed (keeping_typed)
        self._frozen: list[QWidget] = []  # fields made read-only for this action
        # Showing the first view while the database opens: read-only, and said so.
        self.opening = False
        self._read_only = False  # the whole file is read-only (set_read_only)

        self.header = QLabel(self)
        self.header.setObjectName("editorHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setAccessibleName("Azione selezionata")
        self.access_note = QLabel(self)
        self.access_note.setObjectName("editorAccessNote")
        self.access_note.setWordWrap(True)
        self.access_note.setStyleSheet(
            "QLabel { background: #fff4ce; color: #3b2e00; border: 1px solid #c8a600; "
            "padding: 4px 6px; }"
        )
        self.access_note.hide()

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Sezioni della scheda")
        self.tabs.addTab(self._build_data_tab(), "&Dati")
        # The other tabs are built when first opened (or asked for): see LazyTab.
        # The zones and axes to choose from, kept for the classification until it is built.
        self._choices: tuple[Choices, Choices] | None = None
        self._classification = LazyTab(
            self, self._make_classification, _load_classification, self._built
        )
        self._programming = LazyTab(self, self._make_programming, _load_programming, self._built)
        self._assignments = LazyTab(self, self._make_assignments, _load_list, self._built)
        self._deadlines = LazyTab(self, self._make_deadlines, _load_list, self._built)
        self._history = LazyTab(self, _make_history, self._load_history, self._built)
        self._indicators = LazyTab(self, self._make_indicators, _load_list, self._built)
        self._lazy_tabs: dict[int, LazyTab[Any]] = {
            TAB_CLASSIFICATION: self._classification,
            TAB_PROGRAMMING: self._programming,
            TAB_ASSIGNMENTS: self._assignments,
            TAB_DEADLINES: self._deadlines,
            TAB_HISTORY: self._history,
            TAB_INDICATORS: self._indicators,
        }
        self.tabs.addTab(self._classification.page, "C&lassificazione")
        self.tabs.addTab(self._programming.page, "Pro&grammazione")
        self.tabs.addTab(self._assignments.page, "&Soggetti")
        self.tabs.addTab(self._deadlines.page, "Sca&denze")
        self.tabs.addTab(self._history.page, "Cro&nologia")
        self.tabs.addTab(self._indicators.page, "Indi&catori")
        self.tabs.currentChanged.connect(self._tab_opened)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.access_note)
        layout.addWidget(self.tabs, 1)
        self._connect()
        self.set_session(session)
        # One DataEvents lives as long as the window, across database swaps.
        session.events.actions_changed.connect(self._on_actions_changed)
        self.show_action(None)

    # --- building ---------------------------------------------------------------------

    def _build_data_tab(self) -> QWidget:
        page = QWidget(self)
        self.short_title = CommitLineEdit("Titolo breve", page)
        self.short_title.setObjectName("shortTitleField")
        self.short_title.setPlaceholderText("facoltativo: un titolo corto per elenchi e stampe")
        self.text = CommitTextEdit("Testo dell'azione", page)
        self.text.setObjectName("textField")
        self.text.grow_with_text(3, 14)  # 1.5.2 (531 characters) shows whole
        self.status = enum_combo(page, Status, "Stato", optional=False)
        self.status.setObjectName("statusField")
        self.priority = enum_combo(page, Priority, "Priorità", optional=True)
        self.priority.setObjectName("priorityField")
        self.progress_slider = QSlider(Qt.Orientation.Horizontal, page)
        self.progress_slider.setRange(0, 100)
        self.progress_slider.setPageStep(10)
        self.progress_slider.setAccessibleName("Avanzamento (cursore)")
        self.progress_slider.setObjectName("progressSlider")
        self.progress = QSpinBox(page)
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.progress.setObjectName("progressField")
        self.progress.setAccessibleName("Avanzamento percentuale")
        guard_wheel(self.progress, self.progress_slider)
        self.start_date = DateField("Data di inizio", page)
        self.start_date.setObjectName("startDateField")
        self.end_date = DateField("Data di fine", page)
        self.end_date.setObjectName("endDateField")
        # The calendar of an empty date opens at the other one; far dates ask first.
        self.start_date.set_fallback(self.end_date.value)
        self.end_date.set_fallback(self.start_date.value)
        for field in (self.start_date, self.end_date):
            field.set_check(functools.partial(self._unusual_date, field.name))
        self.budget = EuroField("Budget in euro", page)
        self.budget.setObjectName("budgetField")
        self.funding = enum_combo(page, FundingSource, "Fonte di finanziamento", optional=True)
        self.funding.setObjectName("fundingField")
        self.notes = CommitTextEdit("Note", page)
        self.notes.setObjectName("notesField")
        self.notes.grow_with_text(3, 10)

        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_slider, 1)
        progress_row.addWidget(self.progress)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        rows: list[tuple[str, QWidget, str, QWidget]] = [
            ("S&tato:", self.status, "&Priorità:", self.priority),
            ("&Inizio:", self.start_date, "&Fine:", self.end_date),
            ("&Budget:", self.budget, "F&onte:", self.funding),
        ]
        for r, (l1, w1, l2, w2) in enumerate(rows):
            for c, (text, widget) in enumerate(((l1, w1), (l2, w2))):
                label = QLabel(text, page)
                label.setBuddy(widget.focusProxy() or widget)
                grid.addWidget(label, r, c * 2)
                grid.addWidget(widget, r, c * 2 + 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label("&Azione:", self.text, page), self.text)
        form.addRow(self._label("Titolo &breve:", self.short_title, page), self.short_title)
        form.addRow(grid)
        form.addRow(self._label("A&vanzamento:", self.progress, page), progress_row)
        form.addRow(self._label("N&ote:", self.notes, page), self.notes)
        order: list[QWidget] = [
            self.text,
            self.short_title,
            self.status,
            self.priority,
            self.start_date.edit,
            self.start_date.clear_button,
            self.end_date.edit,
            self.end_date.clear_button,
            self.budget,
            self.funding,
            self.progress_slider,
            self.progress,
            self.notes,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)  # the reading order, row by row
        inner = QWidget(page)
        inner.setLayout(form)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return page

    def _unusual_date(self, name: str, value: dt.date) -> str | None:
        return unusual_date_question(value, self._plan_years, name)

    @staticmethod
    def _label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setBuddy(buddy)
        return label

    def _connect(self) -> None:
        self.status.currentIndexChanged.connect(
            lambda _i: self._edit("status", enum_value(self.status, Status))
        )
        self.priority.currentIndexChanged.connect(
            lambda _i: self._edit("priority", enum_value(self.priority, Priority))
        )
        self.funding.currentIndexChanged.connect(
            lambda _i: self._edit("funding_source", enum_value(self.funding, FundingSource))
        )
        self._progress_timer = QTimer(self, singleShot=True, interval=600)
        self._progress_timer.timeout.connect(self.commit_progress)
        self.progress_slider.valueChanged.connect(self._progress_from_slider)
        self.progress.valueChanged.connect(self._progress_from_spin)
        self.progress_slider.sliderReleased.connect(self.commit_progress)
        self.progress.editingFinished.connect(self.commit_progress)
        self.start_date.committed.connect(lambda: self._edit("start_date", self.start_date.value()))
        self.end_date.committed.connect(lambda: self._edit("end_date", self.end_date.value()))
        self.budget.committed.connect(lambda: self._edit("budget", self.budget.value()))
        self.text.committed.connect(lambda: self._edit("text", self.text.value()))
        self.short_title.committed.connect(
            lambda: self._edit("short_title", self.short_title.value().strip() or None)
        )
        self.notes.committed.connect(lambda: self._edit("notes", self.notes.value()))

    # --- the tabs built when first opened -----------------------------------------------

    @property
    def classification(self) -> ClassificationTab:
        return self._classification.get()

    @property
    def sectors(self) -> MultiSelectField:
        return self.classification.sectors

    @property
    def zones(self) -> MultiSelectField:
        return self.classification.zones

    @property
    def linked_axes(self) -> MultiSelectField:
        return self.classification.linked_axes

    @property
    def programming(self) -> ProgrammingTab:
        return self._programming.get()

    @property
    def assignments(self) -> AssignmentsTab:
        return self._assignments.get()

    @property
    def deadlines(self) -> DeadlinesTab:
        return self._deadlines.get()

    @property
    def history(self) -> HistoryTab:
        return self._history.get()

    @property
    def indicators(self) -> IndicatorsTab:
        return self._indicators.get()

    @property
    def history_page(self) -> QWidget:
        """The history's page (built or not): it only reads, so it is never frozen."""
        return self._history.page

    def _tab_opened(self, index: int) -> None:
        lazy = self._lazy_tabs.get(index)
        if lazy is not None:
            lazy.get()

    def _make_classification(self, page: QWidget) -> ClassificationTab:
        from psm_desktop.ui.editor.classification_tab import ClassificationTab

        tab = ClassificationTab(page)
        if self._choices is not None:
            tab.set_choices(*self._choices)
        for name, field in (
            ("sectors", tab.sectors),
            ("zones", tab.zones),
            ("linked_axes", tab.linked_axes),
        ):
            field.committed.connect(functools.partial(self._edit_choices, name, field))
        return tab

    def _edit_choices(self, name: str, field: MultiSelectField) -> None:
        self._edit(name, field.value())

    def _make_programming(self, page: QWidget) -> ProgrammingTab:
        from psm_desktop.ui.editor.programming_tab import ProgrammingTab

        tab = ProgrammingTab(page)
        tab.edited.connect(self._edit)
        return tab

    def _make_assignments(self, page: QWidget) -> AssignmentsTab:
        from psm_desktop.ui.editor.tabs import AssignmentsTab

        return AssignmentsTab(self.session, page)

    def _make_deadlines(self, page: QWidget) -> DeadlinesTab:
        from psm_desktop.ui.editor.tabs import DeadlinesTab

        return DeadlinesTab(self.session, page)

    def _make_indicators(self, page: QWidget) -> IndicatorsTab:
        from psm_desktop.ui.editor.indicators_tab import IndicatorsTab

        return IndicatorsTab(self.session, page)

    def _load_history(self, tab: HistoryTab, detail: ActionDetail | None, _same: bool) -> None:
        tab.load(self.session.services.history.for_action(detail.id) if detail else [])

    def _built(self) -> None:
        """A tab just built: read-only like the rest when the rest is."""
        self._apply_access(self.detail)

    # --- session and data ---------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        """The whole file is read-only (someone else has it open): every field shows its
        value and none can be changed, the history aside (it only reads)."""
        self._read_only = read_only
        self._apply_access(self.detail)

    def set_session(self, session: EditSession) -> None:
        self.session = session
        for lazy in (self._assignments, self._deadlines, self._indicators):
            if lazy.widget is not None:
                lazy.widget.set_session(session)

    def load_choices(self) -> None:
        """The zones and axes to choose from (read with the plan, after the window shows)."""
        plan = self.session.services.plan
        try:
            self._plan_years = plan_years(plan.plan().period)
        except NotFoundError:
            self._plan_years = None
        zones: Choices = [(z.name, z.name) for z in plan.zones()]
        axes: Choices = [(a.number, f"Asse {a.number} — {a.title}") for a in plan.axes()]
        self._choices = (zones, axes)
        if (classification := self._classification.widget) is not None:
            classification.set_choices(zones, axes)

    def _on_actions_changed(self, ids: list[int]) -> None:
        if self.detail is not None and (not ids or self.detail.id in ids):
            try:
                self.reload()
            except UserError:
                # Unreadable just now (locked): show again the last values read, which are
                # still what is stored since the edit was refused.
                self._fill(self.detail)

    @property
    def action_id(self) -> int | None:
        return self.detail.id if self.detail else None

    def show_action(self, action_id: int | None) -> None:
        """Show another action (None: nothing); pending text is saved first."""
        if self.detail is not None and action_id != self.detail.id:
            self.commit_pending()
        detail = None
        if action_id is not None:
            try:
                detail = self.session.services.actions.get(action_id)
            except NotFoundError:
                detail = None
        self._fill(detail)

    def reload(self) -> None:
        self.show_action(self.action_id)

    def commit_pending(self) -> None:
        """Save what is typed but not yet committed (text, progress being dragged)."""
        if self.detail is None or self._loading or self._holding:
            return
        if self._progress_timer.isActive():
            self.commit_progress()
        texts: list[CommitTextEdit | CommitLineEdit] = [self.text, self.notes, self.short_title]
        programming = self._programming.widget
        for field in (*texts, *(programming.texts.values() if programming else ())):
            field.commit()

    @contextmanager
    def keeping_typed(self) -> Iterator[None]:
        """Reload (another user's edit, a reconnection) without saving nor losing what is
        being typed: it goes back in its field afterwards if the same action is shown."""
        typed, action = self._typed(), self.action_id
        version = self.session.version("action", action) if action is not None else None
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            if typed and action is not None and self.action_id == action:
                self._put_back(typed, action, version)

    def _typed(self) -> dict[str, str]:
        """Text typed in a field and not yet saved, by field."""
        if self.detail is None:
            return {}
        typed = {
            name: field.value()
            for name, field in (
                ("text", self.text),
                ("notes", self.notes),
                ("short_title", self.short_title),
            )
            if field.value() != field.last_value()
        }
        if self.budget.text() != format_euro(self.budget.value()):
            typed["budget"] = self.budget.text()
        return typed

    def _put_back(self, typed: dict[str, str], action: int, version: int | None) -> None:
        self._loading = True
        try:
            for name, value in typed.items():
                if name in ("text", "notes"):
                    (self.text if name == "text" else self.notes).setPlainText(value)
                elif name == "short_title":
                    self.short_title.setText(value)
                else:
                    self.budget.setText(value)
        finally:
            self._loading = False
        if version is not None:
            # Saved against the version the user started from: if the action changed
            # meanwhile, saving is refused as stale (and said), never silently merged.
            self.session.note_version("action", action, version)

    def _fill(self, detail: ActionDetail | None) -> None:
        same_id = detail is not None and self.detail is not None and detail.id == self.detail.id
        if same_id and not self._holding:
            with self.keeping_typed():
                self._fill_fields(detail)
        else:
            self._fill_fields(detail)
        self._apply_access(detail)

    def _apply_access(self, detail: ActionDetail | None) -> None:
        """Fields of an action this user may not change show their values, read-only."""
        access = self.session.access
        editable = detail is None or access.may_edit_action(detail.id)
        read_only_fields.thaw(self._frozen)
        frozen = not editable or self._read_only
        self._frozen = read_only_fields.freeze(self.tabs, self.history_page) if frozen else []
        if self.opening:  # the first view (read straight from the file): the database opens
            note = OPENING_NOTE
        else:
            note = READER_NOTE if access.read_only else OTHER_OFFICE_NOTE
        self.access_note.setText(note)
        self.access_note.setVisible(not editable or self.opening)

    def _fill_fields(self, detail: ActionDetail | None) -> None:
        self._loading = True
        # Another action: the text fields' own undo must not bring back the last one's text.
        same = detail is not None and self.detail is not None and detail.id == self.detail.id
        try:
            self.detail = detail
            if detail is not None:
                self.session.note_action(detail)
            self.tabs.setEnabled(detail is not None)
            self.header.setText(self._header_text(detail))
            d = detail
            self.text.set_value(d.text if d else "", same)
            self.short_title.set_value((d.short_title or "") if d else "", same)
            self.status.setCurrentIndex(list(Status).index(d.status) if d else 0)
            self.priority.setCurrentIndex(max(self.priority.findData(d.priority if d else None), 0))
            self.funding.setCurrentIndex(
                max(self.funding.findData(d.funding_source if d else None), 0)
            )
            self.progress_slider.setValue(d.progress if d else 0)
            self.progress.setValue(d.progress if d else 0)
            self._progress_timer.stop()
            self.start_date.set_value(d.start_date if d else None)
            self.end_date.set_value(d.end_date if d else None)
            self.budget.set_value(d.budget if d else None)
            self.notes.set_value(d.notes if d else "", same)
            for lazy in self._lazy_tabs.values():
                lazy.load(d, same)
            if d is None or not same or self._notes_shown is None:
                self._notes_shown = (d.id, d.notes) if d else None
            self.tabs.setTabText(TAB_DEADLINES, self._deadlines_tab_text(d))
            self.tabs.setTabText(
                TAB_ASSIGNMENTS, f"&Soggetti ({len(d.assignments)})" if d else "&Soggetti"
            )
            self.tabs.setTabText(TAB_INDICATORS, self._indicators_tab_text(d))
        finally:
            self._loading = False
        if d is None or d.id != self._unsaved_action:
            self._unsaved.clear()
        self._show_unsaved()

    def _indicators_tab_text(self, d: ActionDetail | None) -> str:
        if d is None:
            return "Indi&catori"
        built = self._indicators.widget
        if built is not None:
            count = built.rows.model.rowCount()
        else:  # the tab not built yet: only how many there are
            count = len(self.session.services.indicators.for_action(d.id))
        return f"Indi&catori ({count})"

    @staticmethod
    def _deadlines_tab_text(d: ActionDetail | None) -> str:
        if d is None:
            return "Sca&denze"
        late = sum(1 for x in d.deadlines if x.overdue)
        return (
            f"Sca&denze ({len(d.deadlines)}, ⚠ {late})"
            if late
            else f"Sca&denze ({len(d.deadlines)})"
        )

    @staticmethod
    def _header_text(d: ActionDetail | None) -> str:
        if d is None:
            return "Seleziona un'azione nell'albero o nella tabella per vederne la scheda."
        late = "   ⚠ IN RITARDO" if d.overdue else ""
        updated = f" — ultima modifica {format_date(d.updated_at)}" if d.updated_at else ""
        return (
            f"Azione {d.code}{late}\nAsse {d.axis_number} · Strategia {d.strategy_code} "
            f"{d.strategy_title}{updated}"
        )

    # --- edits --------------------------------------------------------------------------

    def _progress_from_slider(self, value: int) -> None:
        if self.progress.value() != value:
            self.progress.setValue(value)

    def _progress_from_spin(self, value: int) -> None:
        if self.progress_slider.value() != value:
            self.progress_slider.setValue(value)
        if not self._loading:
            self._progress_timer.start()

    def commit_progress(self) -> None:
        self._progress_timer.stop()
        if not self.progress_slider.isSliderDown():
            self._edit("progress", self.progress.value())

    def _edit(self, field: str, value: Any) -> None:
        if self._loading or self.detail is None:
            return
        old = getattr(self.detail, field)
        if old == value:
            return
        d = self.detail
        old_values, new_values = {field: old}, {field: value}
        if field in ("status", "progress"):
            note = self._critical_note(field, value)
            if note is not None:
                old_values["notes"], new_values["notes"] = d.notes, note
        from psm_desktop.ui.core.undo_commands import EditActionCommand  # the first edit

        command = EditActionCommand(self.session, d.id, d.code, old_values, new_values)
        # If refused (invalid, or stale), the session shows why and reloads the action.
        saved = self.session.execute(command)
        self._unsaved.pop(field, None)
        error = self.session.last_error
        if not saved and (
            isinstance(error, (DatabaseLockedError, ConnectionLostError, PermissionDeniedError))
            or (isinstance(error, StaleWriteError) and field in TYPED_FIELDS)
        ):
            # Locked, changed by someone else, refused by the server (permissions changed
            # meanwhile) or the server out of reach: keep what was typed (see
            # _show_unsaved); leaving the field again saves it.
            self._unsaved[field] = value
            self._unsaved_action = d.id
            self._show_unsaved()

    def _show_unsaved(self) -> None:
        """Put back in their fields, still unsaved, the values an edit refused as locked
        (a reload shows the stored ones), so leaving the field or Enter saves them again.
        Choices in lists are not kept: one click makes them again."""
        for field, value in self._unsaved.items():
            self._keep_typed(field, value)

    def _keep_typed_budget(self) -> None:
        if "budget" in self._unsaved:
            self.budget.setText(format_euro(self._unsaved["budget"]))

    def _keep_typed(self, field: str, value: Any) -> None:
        self._loading = True
        try:
            if field in ("text", "notes"):
                (self.text if field == "text" else self.notes).setPlainText(value)
            elif field == "short_title":
                self.short_title.setText(value or "")
            elif field == "budget":
                self.budget.setText(format_euro(value))
                # Again later: the euro field rewrites its text once its own commit returns.
                QTimer.singleShot(0, self._keep_typed_budget)
            elif field in ("start_date", "end_date"):
                date = self.start_date if field == "start_date" else self.end_date
                date.edit.setText(format_date(value))  # typed, not stored: saved on leaving
            elif field == "progress":
                self.progress.setValue(value)
            elif (programming := self._programming.widget) and field in programming.texts:
                programming.texts[field].setText(value or "")
        finally:
            self._loading = False

    def _critical_note(self, field: str, value: Any) -> str | None:
        """Notes to save with a declared status or progress that makes the andamento
        critico, when the office has not explained it yet (None: nothing to add)."""
        d = self.detail
        assert d is not None
        notes_untouched = not d.notes.strip() or self._notes_shown == (d.id, d.notes)
        if not notes_untouched:
            return None
        periods = self.session.services.periods
        try:
            before = periods.action_health(d.id)
            after = periods.action_health(d.id, **{field: value})
        except UserError:
            return None  # unreadable just now: the edit itself will say so
        if after.action.health is not Health.CRITICAL:
            return None
        if before.action.health is Health.CRITICAL and d.notes.strip():
            return None  # already critico and explained before this visit
        period = after.period.name if after.period else None
        from psm_desktop.ui.editor import critical_note  # a dialog: not on start-up's way

        text = critical_note.explanation(after.action, period)
        return critical_note.ask_critical_note(self.window(), text, d.notes)


def _load_classification(tab: ClassificationTab, detail: ActionDetail | None, _same: bool) -> None:
    tab.load(detail)


def _load_programming(tab: ProgrammingTab, detail: ActionDetail | None, same: bool) -> None:
    tab.load(detail, same)


def _load_list(
    tab: AssignmentsTab | DeadlinesTab | IndicatorsTab, detail: ActionDetail | None, _same: bool
) -> None:
    tab.load(detail)


def _make_history(page: QWidget) -> HistoryTab:
    from psm_desktop.ui.editor.tabs import HistoryTab

    return HistoryTab(page)
