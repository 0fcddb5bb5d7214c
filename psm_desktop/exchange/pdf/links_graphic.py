"""The links of an axis drawn as the official scheda does: the axis at the centre, the
axes it connects to around it, a connector to each (reportlab graphics: vectors).

Each box names its axis ("Asse 4") and its title, broken into lines and cut with an
ellipsis when very long: the full titles and the links' notes are printed under the
drawing. The boxes stand in two columns left and right of the centre, plus one above it
when their number is odd, so they never overlap whatever their number (a plan of twelve
axes has eleven around one). The type shrinks only if the drawing would not fit a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib import colors

from psm_desktop.exchange.pdf.flowables import break_words, fit_text, text_width
from psm_desktop.exchange.pdf.styles import Styles

PAD = 6.0  # inside a box, points
V_GAP = 10.0  # between two boxes of a column
SPOKE = 36.0  # least horizontal room for a connector between the centre and a column
TOP_GAP = 22.0  # between the centre and the box above it
CENTRE_WIDTH = 130.0
MAX_BOX_WIDTH = 150.0
TITLE_LINES = 4  # of a linked axis's title; the centre's may take more
CENTRE_LINES = 6
MIN_SIZE = 6.0  # type is never shrunk below this


@dataclass(frozen=True)
class Node:
    number: int
    title: str


@dataclass(frozen=True)
class _Box:
    x: float
    y: float  # bottom
    width: float
    height: float
    node: Node
    lines: tuple[str, ...]


def links_drawing(
    styles: Styles,
    axis_word: str,
    centre: Node,
    linked: Sequence[Node],
    width: float,
    max_height: float,
) -> Drawing:
    """The drawing, `width` wide and at most `max_height` tall (if the type allows)."""
    size = styles.theme.font_size - 1
    while True:
        drawing = _layout(styles, axis_word, centre, linked, width, size)
        if drawing.height <= max_height or size <= MIN_SIZE:
            return drawing
        size = max(MIN_SIZE, size - 0.5)


def _layout(
    styles: Styles,
    axis_word: str,
    centre: Node,
    linked: Sequence[Node],
    width: float,
    size: float,
) -> Drawing:
    fonts = styles.fonts
    leading = size * 1.25
    head = size + 1
    box_w = min(MAX_BOX_WIDTH, (width - CENTRE_WIDTH) / 2 - SPOKE)
    text_w = box_w - 2 * PAD

    def title_lines(node: Node, room: float, most: int) -> tuple[str, ...]:
        lines = break_words(" ".join(node.title.split()), fonts.regular, size, room, fonts.coverage)
        if len(lines) > most:  # the full title is printed under the drawing
            rest = " ".join(lines[most - 1 :])
            lines = [*lines[: most - 1], fit_text(rest, fonts.regular, size, room)]
        return tuple(line for line in lines if line)

    wrapped = [title_lines(n, text_w, TITLE_LINES) for n in linked]
    box_h = 2 * PAD + head * 1.2 + leading * max((len(w) for w in wrapped), default=1)
    centre_lines = title_lines(centre, CENTRE_WIDTH - 2 * PAD, CENTRE_LINES)
    centre_h = 2 * PAD + head * 1.5 + leading * len(centre_lines)

    above = len(linked) % 2 == 1 and len(linked) >= 3  # an odd one out sits on top
    sides = list(range(1 if above else 0, len(linked)))
    # Clockwise from the top: down the right column, then up the left one.
    half = (len(sides) + 1) // 2
    right, left = sides[:half], sides[half:][::-1]
    rows = max(len(right), len(left), 1)
    band = max(rows * box_h + (rows - 1) * V_GAP, centre_h)
    middle = band / 2

    boxes: list[_Box] = []
    for column, x in ((left, 0.0), (right, width - box_w)):
        stack = len(column) * box_h + (len(column) - 1) * V_GAP
        top = middle + stack / 2
        for row, index in enumerate(column):
            y = top - (row + 1) * box_h - row * V_GAP
            boxes.append(_Box(x, y, box_w, box_h, linked[index], wrapped[index]))
    height = band
    if above:
        y = middle + centre_h / 2 + TOP_GAP
        boxes.append(_Box((width - box_w) / 2, y, box_w, box_h, linked[0], wrapped[0]))
        height = max(band, y + box_h)

    drawing = Drawing(width, height)
    # The renderer sets this font first: the default, Helvetica, is not embedded.
    drawing.initialFontName = fonts.regular
    hub = (width / 2, middle)
    primary = styles.color("primary")
    for box in boxes:  # connectors first: the boxes are drawn over their ends
        end = _end_of_connector(box, hub)
        drawing.add(Line(*hub, *end, strokeColor=primary, strokeWidth=1.2))
        drawing.add(Circle(*end, 2.2, fillColor=primary, strokeColor=None))
    for box in boxes:
        drawing.add(_box(styles, axis_word, box, size, head, leading))
    centre_box = _Box(
        (width - CENTRE_WIDTH) / 2,
        middle - centre_h / 2,
        CENTRE_WIDTH,
        centre_h,
        centre,
        centre_lines,
    )
    drawing.add(_box(styles, axis_word, centre_box, size, head * 1.25, leading, centre=True))
    return drawing


def _end_of_connector(box: _Box, hub: tuple[float, float]) -> tuple[float, float]:
    """Where the connector from the hub meets the box: the middle of its nearest side."""
    mid_y = box.y + box.height / 2
    if box.x + box.width <= hub[0]:
        return box.x + box.width, mid_y
    if box.x >= hub[0]:
        return box.x, mid_y
    return box.x + box.width / 2, box.y


def _box(
    styles: Styles,
    axis_word: str,
    box: _Box,
    size: float,
    head: float,
    leading: float,
    *,
    centre: bool = False,
) -> Group:
    """A box with "Asse N" over the title: the centre filled and centred, the others light."""
    primary = styles.color("primary")
    group = Group()
    group.add(
        Rect(
            box.x,
            box.y,
            box.width,
            box.height,
            rx=6 if centre else 4,
            ry=6 if centre else 4,
            fillColor=primary if centre else styles.color("table_header"),
            strokeColor=None if centre else primary,
            strokeWidth=0.8,
        )
    )
    x = box.x + box.width / 2 if centre else box.x + PAD
    y = box.y + box.height - PAD - head
    name = f"{axis_word} {box.node.number}"
    _text(
        group,
        styles,
        x,
        y,
        name,
        bold=True,
        size=head,
        color=colors.white if centre else primary,
        centred=centre,
    )
    y -= head * (0.3 if centre else 0.2)
    color = colors.white if centre else styles.color("text")
    for line in box.lines:
        y -= leading
        _text(group, styles, x, y, line, size=size, color=color, centred=centre)
    return group


def _text(
    group: Group,
    styles: Styles,
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    color: colors.Color,
    bold: bool = False,
    centred: bool = False,
) -> None:
    """A line of text at (x, y); what the main font lacks is set in the fallback font."""
    fonts = styles.fonts
    font = fonts.bold if bold else fonts.regular
    if centred:
        x -= text_width(text, font, size, fonts.coverage) / 2
    for piece, face in fonts.coverage.runs(text, font):
        group.add(String(x, y, piece, fontName=face, fontSize=size, fillColor=color))
        x += text_width(piece, face, size, None)
