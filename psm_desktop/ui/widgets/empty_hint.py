"""A sentence painted in an empty table ("Nessuna scadenza…") instead of a blank box."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView

HINT_PROPERTY = "emptyHint"


class _EmptyHint(QObject):
    """Paints the sentence over the view's viewport while the view has no rows.

    It watches the viewport from the first time the view has no rows (or no model), once
    the event loop runs: a table filled right after it is made, as the plan's at start-up,
    never asks for its viewport, which would make PySide build the Python class of every
    kind of widget (see list_table)."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self._view = view
        self._watching = False
        view.setProperty(HINT_PROPERTY, text)
        model = view.model()
        if model is not None:  # (a proxy may drop rows on its source's layoutChanged)
            for signal in (model.modelReset, model.rowsRemoved, model.layoutChanged):
                signal.connect(self._watch_if_empty)
        QTimer.singleShot(0, self, self._watch_if_empty)

    def _watch_if_empty(self, *_args: object) -> None:
        if not self._watching and _has_no_rows(self._view):
            self._watching = True
            viewport = self._view.viewport()
            viewport.installEventFilter(self)
            viewport.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and hint_shown(self._view):
            viewport = self._view.viewport()
            painter = QPainter(viewport)
            painter.setPen(viewport.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                viewport.rect().adjusted(8, 8, -8, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                str(self._view.property(HINT_PROPERTY)),
            )
            painter.end()
            return True  # no rows to paint: the sentence is the content
        return False


def _has_no_rows(view: QAbstractItemView) -> bool:
    model = view.model()
    return model is None or model.rowCount() == 0


def set_empty_hint(view: QAbstractItemView, text: str) -> None:
    """Say `text` in the view whenever its model has no rows (`text` may change later)."""
    if view.property(HINT_PROPERTY) is None:
        _EmptyHint(view, text)
        return
    view.setProperty(HINT_PROPERTY, text)
    if _has_no_rows(view):  # the sentence is on screen: the hint watches the viewport
        view.viewport().update()


def hint_shown(view: QAbstractItemView) -> str:
    """The sentence the view shows now ('' when it has rows): for screen readers and tests."""
    text = view.property(HINT_PROPERTY)
    return "" if text is None or not _has_no_rows(view) else str(text)
