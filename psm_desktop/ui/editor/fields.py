"""Input widgets that fit the data model: optional dates, multi-selects, euro amounts, text.

Each emits `committed` when the user has finished a change (not on every keystroke), and
has `set_value()` / `value()` that speak plain Python values (date | None, Decimal | None,
frozenset, str), so the editor never converts Qt types itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QKeyCombination, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from psm_desktop.formatting import format_date, format_euro, parse_date
from psm_desktop.ui.core import messages

if TYPE_CHECKING:
    from psm_desktop.ui.editor.calendar_popup import CalendarPopup

NO_DATE_TEXT = "nessuna data"
NONE_LABEL = "—"


def _warning_shown(field: QWidget) -> bool:
    """True while `warn_about` shows its message: the box takes the focus, and the field's
    editingFinished must not run (and warn) a second time meanwhile."""
    return bool(field.property("psm_warning"))


def warn_about(field: QWidget, text: str) -> None:
    field.setProperty("psm_warning", True)
    try:
        messages.warn(field, text)
    finally:
        field.setProperty("psm_warning", False)


class _DateLineEdit(QLineEdit):
    """The text part of a date field: double-click selects the whole date, Alt+Down and F4
    open the calendar, Up/Down move a date already there by one day (never make one up)."""

    calendar_requested = Signal()
    step = Signal(int)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        self.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (
            key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier
        ):
            self.calendar_requested.emit()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not mods:
            self.step.emit(1 if key == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date typed the Italian way (15/03/2025, 15032025, 15/3/25) or picked from a
    calendar, that can also hold no date (empty). Saved when the user leaves the field.

    A date far from the plan's period is saved only after a question (`set_check`); an
    unreadable text is refused with a message saying how to write it."""

    committed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = accessible_name
        self.edit = _DateLineEdit(self)
        self.edit.setPlaceholderText(NO_DATE_TEXT)
        self.edit.setAccessibleName(accessible_name)
        self.edit.setToolTip(
            f"{accessible_name}: scrivi gg/mm/aaaa (anche 15032025 o 15/3/25); "
            "Alt+↓ o F4 apre il calendario; Canc svuota"
        )
        width = self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 16
        self.edit.setMinimumWidth(width)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip(f"{accessible_name}: scegli dal calendario (Alt+↓)")
        self.calendar_button.setAccessibleName(f"{accessible_name}: calendario")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down from the text
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setToolTip(f"{accessible_name}: nessuna data")
        self.clear_button.setAccessibleName(f"{accessible_name}: togli la data")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self._popup: CalendarPopup | None = None  # made when first opened (see `popup`)
        self._last: dt.date | None = None
        self._fallback: Callable[[], dt.date | None] = lambda: None
        self._check: Callable[[dt.date], str | None] = lambda _d: None
        self.edit.editingFinished.connect(self._finish)
        self.edit.calendar_requested.connect(self.open_calendar)
        self.edit.step.connect(self._step)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.clear_button.clicked.connect(self.clear)

    # --- plain values ----------------------------------------------------------------------

    def value(self) -> dt.date | None:
        return self._last

    def set_value(self, value: dt.date | None) -> None:
        self._last = value
        self.edit.setText(format_date(value))

    def set_fallback(self, fallback: Callable[[], dt.date | None]) -> None:
        """Where the calendar opens when the field is empty (the action's other date)."""
        self._fallback = fallback

    def set_check(self, check: Callable[[dt.date], str | None]) -> None:
        """A question to ask before saving an unusual date (None: nothing to ask)."""
        self._check = check

    def clear(self) -> None:
        self.edit.clear()
        self._store(None)

    def set_date(self, value: dt.date | None) -> None:
        """Enter a date as the user would (tests, shortcuts): commit it."""
        self.edit.setText(format_date(value))
        self._store(value)

    # --- the calendar --------------------------------------------------------------------

    @property
    def popup(self) -> CalendarPopup:
        if self._popup is None:
            from psm_desktop.ui.editor.calendar_popup import CalendarPopup

            self._popup = CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        return self._popup

    def open_calendar(self) -> None:
        """Open at the typed date, else the fallback (the other date), else today."""
        try:
            shown = parse_date(self.edit.text())
        except ValueError:
            shown = None
        start = shown or self._last or self._fallback() or dt.date.today()
        self.popup.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.popup.adjustSize()
        below = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        screen = self.screen().availableGeometry()
        x = min(below.x(), screen.right() - self.popup.width())
        y = below.y()
        if y + self.popup.height() > screen.bottom():  # no room below: open above
            y = self.edit.mapToGlobal(QPoint(0, 0)).y() - self.popup.height()
        self.popup.move(max(x, screen.left()), max(y, screen.top()))
        self.popup.show()
        self.popup.calendar.setFocus()

    def _picked(self, date: QDate) -> None:
        self.popup.close()
        value = dt.date(date.year(), date.month(), date.day())
        self.edit.setText(format_date(value))
        self.edit.setFocus()
        self._store(value)

    # --- typing --------------------------------------------------------------------------

    def _step(self, days: int) -> None:
        try:
            current = parse_date(self.edit.text())
        except ValueError:
            return
        if current is not None:  # keys move a date; they never create one
            self.edit.setText(format_date(current + dt.timedelta(days=days)))
            self.edit.selectAll()

    def _finish(self) -> None:
        if _warning_shown(self) or self.popup.isVisible():
            return
        try:
            typed = parse_date(self.edit.text())
        except ValueError as error:
            self.edit.setText(format_date(self._last))
            warn_about(self, f"{self.name}: {error}\nLa data non è stata cambiata.")
            return
        self._store(typed)

    def _store(self, value: dt.date | None) -> None:
        if value == self._last:
            self.edit.setText(format_date(value))  # 15/3/25 shown as 15/03/2025
            return
        question = self._check(value) if value is not None else None
        if question is not None:
            self.setProperty("psm_warning", True)  # the question takes the focus too
            try:
                accepted = messages.confirm(self, question)
            finally:
                self.setProperty("psm_warning", False)
            if not accepted:
                self.edit.setText(format_date(self._last))
                return
        self._last = value
        self.edit.setText(format_date(value))
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
        if _warning_shown(self):
            return
        try:
            typed = parse_euro(self.text())
        except ValueError:
            shown = self.text().strip()
            self.setText(format_euro(self._value))  # unreadable text: keep the stored amount
            warn_about(
                self,
                f"{self.accessibleName()}: «{shown}» non è un importo leggibile: scrivi per "
                "esempio 1.250.000,50 (virgola per i decimali).\nL'importo non è stato cambiato.",
            )
            return
        if typed != self._value:
            self._value = typed
            self.committed.emit()
        self.setText(format_euro(self._value))


def _lets_window_undo(event: QEvent, can_undo: bool, can_redo: bool) -> bool:
    """Ctrl+Z / Ctrl+Y that the field has nothing to undo or redo for: leave them to the
    window's Modifica › Annulla / Ripeti (a text field otherwise swallows them silently)."""
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    if event.matches(QKeySequence.StandardKey.Undo):
        return not can_undo
    if event.matches(QKeySequence.StandardKey.Redo) or event.keyCombination() == QKeyCombination(
        Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Y
    ):
        return not can_redo
    return False


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text committed when focus leaves it (or Ctrl+Enter), not per keystroke."""

    committed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self._last = ""
        self._lines: tuple[int, int] | None = None

    def value(self) -> str:
        return self.toPlainText()

    def grow_with_text(self, min_lines: int, max_lines: int) -> None:
        """As tall as its (wrapped) text, between these line counts; beyond, it scrolls."""
        self._lines = (min_lines, max_lines)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._fit_height()

    def _fit_height(self, *_args: object) -> None:
        if self._lines is None:
            return
        low, high = self._lines
        # The plain-text layout measures its height in lines (wrapped lines included).
        lines = self.document().documentLayout().documentSize().height()
        shown = max(low, min(high, int(lines + 0.5)))
        margins = self.contentsMargins()
        height = (
            shown * self.fontMetrics().lineSpacing()
            + 2 * int(self.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + 2  # Qt shows a line only when it fits whole: a little slack, no scroll bar
        )
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()  # a new width wraps the text into another number of lines

    def last_value(self) -> str:
        """The text last stored (what set_value or a commit left)."""
        return self._last

    def set_value(self, value: str, keep_undo: bool = True) -> None:
        self._last = value
        if not keep_undo or value != self.toPlainText():  # same text saved: keep its undo
            self.setPlainText(value)

    def event(self, event: QEvent) -> bool:
        doc = self.document()
        if _lets_window_undo(event, doc.isUndoAvailable(), doc.isRedoAvailable()):
            event.ignore()
            return True
        return super().event(event)

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

    def last_value(self) -> str:
        """The text last stored (what set_value or a commit left)."""
        return self._last

    def set_value(self, value: str, keep_undo: bool = True) -> None:
        self._last = value
        if not keep_undo or value != self.text():  # same text saved: keep its undo
            self.setText(value)

    def event(self, event: QEvent) -> bool:
        if _lets_window_undo(event, self.isUndoAvailable(), self.isRedoAvailable()):
            event.ignore()
            return True
        return super().event(event)

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


def enum_combo(parent: QWidget, enum_type: Any, accessible: str, optional: bool) -> QComboBox:
    combo = QComboBox(parent)
    if optional:
        combo.addItem(NONE_LABEL, None)
    for member in enum_type:
        combo.addItem(member.label, member)
    combo.setAccessibleName(accessible)
    guard_wheel(combo)
    return combo


def enum_value(combo: QComboBox, enum_type: Any) -> Any:
    """The enum member chosen (Qt hands StrEnum data back as plain str), or None."""
    data = combo.currentData()
    return enum_type(data) if data is not None else None
