"""Input widgets that fit the data model: optional dates, multi-selects, euro amounts, text.

Each emits `committed` when the user has finished a change (not on every keystroke), and
has `set_value()` / `value()` that speak plain Python values (date | None, Decimal | None,
frozenset, str), so the editor never converts Qt types itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from psm_desktop.formatting import format_euro

NO_DATE = QDate(1900, 1, 1)  # the minimum date stands for "nessuna data"
NO_DATE_TEXT = "nessuna data"


class _TabLeavingDateEdit(QDateEdit):
    """Tab goes to the next field, like everywhere else. (QDateEdit moves between day, month
    and year instead, and while it shows "nessuna data" it never lets Tab out: a trap.)"""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateField(QWidget):
    """A date picker (dd/MM/yyyy, calendar popup) that can also hold no date."""

    committed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _TabLeavingDateEdit(self)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(NO_DATE)
        self.edit.setSpecialValueText(NO_DATE_TEXT)
        self.edit.setAccessibleName(accessible_name)
        self.edit.setDate(NO_DATE)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setToolTip(f"{accessible_name}: nessuna data")
        self.clear_button.setAccessibleName(f"{accessible_name}: togli la data")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self._last: dt.date | None = None
        self.edit.editingFinished.connect(self._maybe_commit)
        self.edit.calendarWidget().clicked.connect(lambda _d: self._maybe_commit())
        self.edit.calendarWidget().activated.connect(lambda _d: self._maybe_commit())
        self.clear_button.clicked.connect(self.clear)

    def value(self) -> dt.date | None:
        date = self.edit.date()
        if date == NO_DATE or not date.isValid():
            return None
        return dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: dt.date | None) -> None:
        self._last = value
        self.edit.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)

    def clear(self) -> None:
        self.edit.setDate(NO_DATE)
        self._maybe_commit()

    def set_date(self, value: dt.date | None) -> None:
        """Enter a date as the user would (tests, shortcuts): commit it."""
        self.edit.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
        self._maybe_commit()

    def _maybe_commit(self) -> None:
        if self.value() != self._last:
            self._last = self.value()
            self.committed.emit()


class MultiSelectField(QListView):
    """A short list with a checkbox per choice; each tick is committed at once."""

    committed = Signal()

    def __init__(self, accessible_name: str, visible_rows: int = 5, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setAccessibleName(accessible_name)
        self.setUniformItemSizes(True)
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self._visible_rows = visible_rows
        self._loading = False
        self._model.itemChanged.connect(self._changed)

    def set_choices(self, choices: Sequence[tuple[object, str]]) -> None:
        """(value, label) pairs, in display order."""
        self._loading = True
        self._model.clear()
        for value, label in choices:
            item = QStandardItem(label)
            item.setData(value, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setAccessibleText(label)
            self._model.appendRow(item)
        self._loading = False
        row_height = self.sizeHintForRow(0) if self._model.rowCount() else 20
        rows = min(self._visible_rows, max(self._model.rowCount(), 1))
        self.setMinimumHeight(row_height * rows + 2 * self.frameWidth() + 4)

    def value(self) -> frozenset[Any]:
        return frozenset(
            self._model.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self._model.rowCount())
            if self._model.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_value(self, values: Iterable[object]) -> None:
        wanted = set(values)
        self._loading = True
        for i in range(self._model.rowCount()):
            item = self._model.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._loading = False

    def toggle(self, value: object) -> None:
        """Tick or untick one choice as the user would (tests, keyboard)."""
        for i in range(self._model.rowCount()):
            item = self._model.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == value:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _changed(self, _item: QStandardItem) -> None:
        if not self._loading:
            self.committed.emit()


def parse_euro(text: str) -> Decimal | None:
    """'1.234,50 €', '1234.5', '1234,5' -> Decimal; '' -> None; raise ValueError if unreadable."""
    cleaned = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned:
        return None
    if "," in cleaned:  # Italian: dots group thousands, the comma is decimal
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):  # 1.234.567: thousands only
        cleaned = cleaned.replace(".", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


class EuroField(QLineEdit):
    """An amount in euro: shown as '1.234,50 €', typed the Italian or the plain way."""

    committed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText("nessun importo")
        self._value: Decimal | None = None
        self.editingFinished.connect(self._finish)

    def value(self) -> Decimal | None:
        return self._value

    def typed_value(self) -> Decimal | None:
        return parse_euro(self.text())

    def set_value(self, value: Decimal | None) -> None:
        self._value = value
        self.setText(format_euro(value))

    def _finish(self) -> None:
        try:
            typed = parse_euro(self.text())
        except ValueError:
            typed = self._value  # unreadable text: keep the stored amount
        if typed != self._value:
            self._value = typed
            self.committed.emit()
        self.setText(format_euro(self._value))


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text committed when focus leaves it (or Ctrl+Enter), not per keystroke."""

    committed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self._last = ""

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: str) -> None:
        self._last = value
        self.setPlainText(value)

    def commit(self) -> None:
        if self.toPlainText() != self._last:
            self._last = self.toPlainText()
            self.committed.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commit()
            return
        super().keyPressEvent(event)


class CommitLineEdit(QLineEdit):
    """One-line text committed on Enter or when focus leaves it."""

    committed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._last = ""
        self.editingFinished.connect(self.commit)

    def value(self) -> str:
        return self.text()

    def set_value(self, value: str) -> None:
        self._last = value
        self.setText(value)

    def commit(self) -> None:
        if self.text() != self._last:
            self._last = self.text()
            self.committed.emit()


class _WheelGuard(QObject):
    """Ignore the mouse wheel on unfocused combos and spin boxes: scrolling the editor
    must not change an action's status by accident."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(obj, QWidget) and not obj.hasFocus():
            event.ignore()
            return True
        return False


_GUARD: list[_WheelGuard] = []


def guard_wheel(*widgets: QWidget) -> None:
    if not _GUARD:
        _GUARD.append(_WheelGuard())
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_GUARD[0])
