"""A sentence painted in an empty table ("Nessuna scadenza…") instead of a blank box."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView

HINT_PROPERTY = "emptyHint"


class _EmptyHint(QObject):
    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self._view = view
        view.setProperty(HINT_PROPERTY, text)
        view.viewport().installEventFilter(self)

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


def set_empty_hint(view: QAbstractItemView, text: str) -> None:
    """Say `text` in the view whenever its model has no rows (`text` may change later)."""
    if view.property(HINT_PROPERTY) is None:
        _EmptyHint(view, text)
    else:
        view.setProperty(HINT_PROPERTY, text)
    view.viewport().update()


def hint_shown(view: QAbstractItemView) -> str:
    """The sentence the view shows now ('' when it has rows): for screen readers and tests."""
    model = view.model()
    text = view.property(HINT_PROPERTY)
    if model is None or text is None or model.rowCount() > 0:
        return ""
    return str(text)
