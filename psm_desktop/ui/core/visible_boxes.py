"""Fusion with check boxes that can be seen.

Fusion outlines a check box with the window colour made darker: in our dark palette that is
the colour of the list behind the box, and in the light one it is a pale grey (about 1.9:1).
Unticked boxes of settori, zone and goals all but vanished. WCAG 1.4.11 asks 3:1 for a
control's boundary, so the box is outlined again with a colour halfway between the text and
the background, which gives about 4:1 in both palettes."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

log = logging.getLogger(__name__)

_BOXES = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
)


def outline_colour(palette: QPalette) -> QColor:
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    return QColor(
        (text.red() + base.red()) // 2,
        (text.green() + base.green()) // 2,
        (text.blue() + base.blue()) // 2,
    )


class VisibleBoxesStyle(QProxyStyle):
    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        # An exception escaping a virtual override kills the process: keep it here.
        try:
            if element in _BOXES:
                self._outline(option, painter)
        except Exception:  # pragma: no cover - a drawing detail, never worth a crash
            log.exception("contorno della casella non disegnato")

    @staticmethod
    def _outline(option: QStyleOption, painter: QPainter) -> None:
        if not option.state & QStyle.StateFlag.State_Enabled:
            return
        size = min(option.rect.width(), option.rect.height())
        box = QRect(0, 0, size, size)
        box.moveCenter(option.rect.center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(outline_colour(option.palette), 1))
        painter.drawRect(box.adjusted(0, 0, -1, -1))
        painter.restore()
