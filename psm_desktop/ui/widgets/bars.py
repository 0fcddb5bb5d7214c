"""Bars painted inside table cells: a stacked bar of counts, and progress against expected.

The same figures are always in the table's text too (other columns, tooltips, accessible
text), so the bars are a way to look, never the only way to know.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from psm_desktop.ui.models.row_model import ROW_ROLE
from psm_desktop.ui.widgets.status_style import is_dark

Index = QModelIndex | QPersistentModelIndex
# (row, dark palette?) -> the segments: (count, colour), in order.
Segments = Callable[[object, bool], list[tuple[int, QColor]]]


class StackedBarDelegate(QStyledItemDelegate):
    """Paints counts as one stacked bar; a count is written on its segment when it fits."""

    def __init__(self, segments: Segments, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._segments = segments

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        draw_cell_background(self, painter, option, index)
        row = index.data(ROW_ROLE)
        if row is None:
            return
        dark = is_dark(option.palette)
        parts = [(n, c) for n, c in self._segments(row, dark) if n > 0]
        total = sum(n for n, _ in parts)
        if not total:
            return
        bar = option.rect.adjusted(6, 5, -6, -5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        x = bar.left()
        for i, (count, colour) in enumerate(parts):
            last = i == len(parts) - 1
            width = bar.right() + 1 - x if last else round(bar.width() * count / total)
            segment = QRect(x, bar.top(), max(width, 1), bar.height())
            painter.fillRect(segment, colour)
            label = str(count)
            if painter.fontMetrics().horizontalAdvance(label) + 6 <= segment.width():
                painter.setPen(QColor("black") if dark else QColor("white"))
                painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, label)
            x += width
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.fontMetrics.averageCharWidth() * 40, option.fontMetrics.height() + 14)


class ProgressAgainstExpectedDelegate(QStyledItemDelegate):
    """A bar of the declared progress with a vertical mark where the expected progress is."""

    def __init__(
        self,
        values: Callable[[object], tuple[float | None, float | None]],
        colour: Callable[[object, bool], QColor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._values = values
        self._colour = colour

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        draw_cell_background(self, painter, option, index)
        row = index.data(ROW_ROLE)
        if row is None:
            return
        declared, expected = self._values(row)
        dark = is_dark(option.palette)
        bar = option.rect.adjusted(6, 6, -6, -6)
        painter.save()
        track = option.palette.color(option.palette.ColorRole.Mid)
        painter.fillRect(bar, track.lighter(130) if not dark else track.darker(130))
        if declared is not None:
            filled = QRect(bar.left(), bar.top(), round(bar.width() * declared / 100), bar.height())
            painter.fillRect(filled, self._colour(row, dark))
        if expected is not None:
            x = bar.left() + round(bar.width() * expected / 100)
            pen = QPen(option.palette.color(option.palette.ColorRole.Text))
            pen.setWidth(3)
            painter.setPen(pen)
            painter.drawLine(x, option.rect.top() + 2, x, option.rect.bottom() - 2)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.fontMetrics.averageCharWidth() * 24, option.fontMetrics.height() + 14)


def draw_cell_background(
    delegate: QStyledItemDelegate, painter: QPainter, option: QStyleOptionViewItem, index: Index
) -> None:
    """The cell's background and selection only: the bar replaces the text."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    widget = opt.widget
    style = widget.style() if widget is not None else None
    if style is not None:
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
