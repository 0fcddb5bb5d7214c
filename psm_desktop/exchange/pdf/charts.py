"""The monitoring report's charts, drawn with reportlab's own graphics (vectors).

Each chart is a Drawing (a flowable); its figures are also printed in a table beside it,
so nothing is said by the picture alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from psm_desktop.exchange.pdf.health_marks import HEALTH_COLORS, health_words
from psm_desktop.model import Health

HEIGHT = 160  # points: three charts and their tables fit one page
BOTTOM = 50  # room under the plot for the category names and the legend


def _frame(
    chart: VerticalBarChart | HorizontalLineChart, width: float, font: str, size: float
) -> None:
    chart.x, chart.y = 30, BOTTOM
    chart.width, chart.height = width - 36, HEIGHT - BOTTOM - 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = size
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = size
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")


def _legend(items: Sequence[tuple[colors.Color, str]], x: float, font: str, size: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, 4
    legend.alignment = "right"
    legend.columnMaximum = 2  # two rows: four entries fit half a page's width
    legend.fontName, legend.fontSize = font, size
    legend.boxAnchor = "sw"
    legend.dx = legend.dy = size
    legend.deltax = 0
    legend.deltay = size + 4
    legend.colorNamePairs = list(items)
    return legend


def health_by_axis(
    axes: Sequence[str], counts: Sequence[dict[Health, int]], width: float, font: str, size: float
) -> Drawing:
    """A stacked bar per axis: how many of its actions are in each health."""
    drawing = Drawing(width, HEIGHT)
    chart = VerticalBarChart()
    _frame(chart, width, font, size)
    chart.data = [[c.get(h, 0) for c in counts] for h in Health] or [[0]]
    chart.categoryAxis.categoryNames = list(axes)
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin = 0
    for i, health in enumerate(Health):
        chart.bars[i].fillColor = colors.HexColor(HEALTH_COLORS[health])
        chart.bars[i].strokeColor = colors.white
    drawing.add(chart)
    items = [(colors.HexColor(HEALTH_COLORS[h]), health_words(h)) for h in Health]
    drawing.add(_legend(items, 0, font, size))
    return drawing


def progress_by_axis(
    axes: Sequence[str],
    declared: Sequence[float | None],
    expected: Sequence[float | None],
    width: float,
    font: str,
    size: float,
    colours: tuple[str, str],
) -> Drawing:
    """Declared against expected progress per axis, side by side (0-100 %)."""
    drawing = Drawing(width, HEIGHT)
    chart = VerticalBarChart()
    _frame(chart, width, font, size)
    chart.data = [[v or 0 for v in declared], [v or 0 for v in expected]]
    chart.categoryAxis.categoryNames = list(axes)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.bars[0].fillColor = colors.HexColor(colours[0])
    chart.bars[1].fillColor = colors.HexColor(colours[1])
    chart.barSpacing = 1
    drawing.add(chart)
    items = [
        (colors.HexColor(colours[0]), "Avanzamento dichiarato"),
        (colors.HexColor(colours[1]), "Avanzamento atteso"),
    ]
    drawing.add(_legend(items, 0, font, size))
    return drawing


def trend(
    periods: Sequence[str],
    scores: Sequence[float | None],
    width: float,
    font: str,
    size: float,
    colour: str,
) -> Drawing:
    """The plan's score at each closed period (a period with no score draws no point)."""
    drawing = Drawing(width, HEIGHT)
    if not periods:
        drawing.add(String(34, HEIGHT / 2, "Nessun periodo chiuso.", fontName=font, fontSize=size))
        return drawing
    chart = HorizontalLineChart()
    _frame(chart, width, font, size)
    chart.data = [[s if s is not None else None for s in scores]]  # type: ignore[list-item]
    chart.categoryAxis.categoryNames = list(periods)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.lines[0].strokeColor = colors.HexColor(colour)
    chart.lines[0].strokeWidth = 1.6
    # A line needs two points; one period shows its point alone.
    chart.joinedLines = int(sum(s is not None for s in scores) >= 2)
    chart.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=colors.HexColor(colour))
    drawing.add(chart)
    drawing.add(_legend([(colors.HexColor(colour), "Punteggio del piano (0-100)")], 0, font, size))
    return drawing
