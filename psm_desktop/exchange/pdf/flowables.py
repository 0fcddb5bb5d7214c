"""Small drawn pieces of the sheets: progress bar, status badge, headings with bookmarks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from psm_desktop.exchange.pdf.fonts import Coverage


@dataclass(frozen=True)
class OutlineEntry:
    """A PDF bookmark: `level` 0 axis, 1 strategy, 2 action (or report sections at 0)."""

    key: str
    title: str
    level: int


def mark(flowable: Flowable, outline: list[OutlineEntry], progress_step: int | None) -> None:
    """Add `outline` entries where `flowable` is being drawn, and report progress.

    Entries are added in drawing order, which is the order the outline needs.
    """
    canv = flowable.canv
    anchors = getattr(canv, "anchor_pages", None)  # what the index's page numbers read
    for entry in outline:
        canv.bookmarkHorizontal(entry.key, 0, flowable.height + 4)
        canv.addOutlineEntry(entry.title, entry.key, entry.level, closed=entry.level > 0)
        if anchors is not None:
            anchors[entry.key] = canv.getPageNumber()
    report = getattr(getattr(canv, "_doctemplate", None), "report_progress", None)
    if progress_step is not None and report is not None:
        report(progress_step)


class CellParagraph(Paragraph):
    """A Paragraph that remembers its last wrap.

    A table wraps each cell to measure rows, again when it splits at a page end and
    again when it draws; the lines only depend on the width, so the same width gives
    the same result without breaking the lines again (the bulk of a long table's cost).
    """

    _memo: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # A split may drop the lines (blPara) it measured: then break them again.
        if self._memo is not None and self._memo[0] == availWidth and hasattr(self, "blPara"):
            return self._memo[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._memo = (availWidth, size)
        return size


class Heading(CellParagraph):
    """A paragraph that adds outline entries pointing to where it is drawn.

    A heading carries the entries of the levels above it too when they have no heading of
    their own (a new axis and strategy start at the first action sheet), so every
    bookmark points to a place with content.
    """

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        outline: list[OutlineEntry] | None = None,
        progress_step: int | None = None,
        **kwargs: Any,
    ) -> None:
        # Paragraph.split builds its parts as self.__class__(None, style, frags=...).
        super().__init__(text, style, **kwargs)
        self.outline = outline or []
        self.progress_step = progress_step

    def draw(self) -> None:
        super().draw()
        mark(self, self.outline, self.progress_step)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        # Only the first part of a split heading carries the bookmarks.
        for i, part in enumerate(parts):
            part.outline = self.outline if i == 0 else []  # type: ignore[attr-defined]
            part.progress_step = self.progress_step if i == 0 else None  # type: ignore[attr-defined]
        return parts


class Line(Flowable):
    """One line of plain text that is known to fit: a date, a figure, a status, a role.

    Far cheaper than a Paragraph (no markup to parse, no line breaking), which matters
    in tables of thousands of rows. It can carry bookmarks like a Heading.
    """

    def __init__(
        self,
        text: str,
        *,
        font: str,
        size: float,
        leading: float,
        color: colors.Color,
        right: bool = False,
        outline: list[OutlineEntry] | None = None,
        progress_step: int | None = None,
        coverage: Coverage | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.leading = leading
        self.color = color
        self.right = right
        self.outline = outline or []
        self.progress_step = progress_step
        self.coverage = coverage
        self.width = text_width(text, font, size, coverage)
        self.height = leading

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        return (availWidth if self.right else self.width), self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setFillColor(self.color)
        canv.setFont(self.font, self.size)
        baseline = self.leading - self.size  # as a Paragraph places its first line
        x = self._avail - self.width if self.right else 0
        draw_runs(canv, x, baseline, self.text, self.font, self.size, self.coverage)
        if self.outline or self.progress_step is not None:
            mark(self, self.outline, self.progress_step)


class WrappedLine(Line):
    """A short plain value too wide for its cell (a long name), broken at spaces.

    Breaking plain text greedily by width is a fraction of a Paragraph's cost (no markup
    to parse), which matters when thousands of table cells need two lines.
    """

    def __init__(self, text: str, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self._lines: list[str] = [text]
        self._for_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._for_width != availWidth:
            self._lines = break_words(self.text, self.font, self.size, availWidth, self.coverage)
            self._for_width = availWidth
        self._avail = availWidth
        self.height = self.leading * len(self._lines)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The lines that fit, and the rest (a cell taller than a page is cut across)."""
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.leading)
        if fit < 1 or fit >= len(self._lines):
            return []
        return [
            self._part(self._lines[:fit], availWidth),
            self._part(self._lines[fit:], availWidth),
        ]

    def _part(self, lines: list[str], width: float) -> WrappedLine:
        part = WrappedLine(
            " ".join(lines),
            font=self.font,
            size=self.size,
            leading=self.leading,
            color=self.color,
            coverage=self.coverage,
        )
        part._lines, part._for_width = lines, width  # already broken: keep these lines
        return part

    def draw(self) -> None:
        canv = self.canv
        canv.setFillColor(self.color)
        canv.setFont(self.font, self.size)
        y = self.height - self.size  # each line where a Paragraph would put it
        for line in self._lines:
            draw_runs(canv, 0, y, line, self.font, self.size, self.coverage)
            y -= self.leading


def break_words(
    text: str, font: str, size: float, width: float, coverage: Coverage | None = None
) -> list[str]:
    """Lines of `text` at most `width` wide, broken at spaces (inside a word if it must)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, size, coverage) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while text_width(word, font, size, coverage) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], font, size, coverage) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


class ProgressBar(Flowable):
    """A horizontal bar filled to `percent`, with the figure at its right."""

    def __init__(
        self,
        percent: int,
        *,
        width: float,
        height: float,
        track: colors.Color,
        fill: colors.Color,
        font: str,
        font_size: float,
        text_color: colors.Color,
    ) -> None:
        super().__init__()
        self.percent = max(0, min(100, percent))
        self.width = width
        self.bar_height = height
        self.height = max(height, font_size * 1.15)
        self.track = track
        self.fill = fill
        self.font = font
        self.font_size = font_size
        self.text_color = text_color
        self.label = f"{self.percent}%"
        self._label_width = stringWidth("100%", font, font_size) + 6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = min(self.width, availWidth)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        bar_width = max(self.width - self._label_width, 10)
        bar_h = self.bar_height
        middle = self.height / 2
        # Thick lines with round caps: rounded bars in a few bytes (thousands of rows).
        canv.saveState()
        canv.setLineCap(1)
        canv.setLineWidth(bar_h)
        canv.setStrokeColor(self.track)
        canv.line(bar_h / 2, middle, bar_width - bar_h / 2, middle)
        if self.percent:
            canv.setStrokeColor(self.fill)
            end = max(bar_width * self.percent / 100 - bar_h / 2, bar_h / 2)
            canv.line(bar_h / 2, middle, end, middle)
        canv.restoreState()
        canv.setFillColor(self.text_color)
        canv.setFont(self.font, self.font_size)
        baseline = (self.height - self.font_size * 0.72) / 2
        canv.drawRightString(self.width, baseline, self.label)


class Badge(Flowable):
    """A rounded coloured box with a white label: the status of an action."""

    def __init__(
        self, label: str, *, color: colors.Color, font: str, font_size: float, pad: float = 4
    ) -> None:
        super().__init__()
        self.label = label
        self.color = color
        self.font = font
        self.font_size = font_size
        self.pad = pad
        self.width = stringWidth(label, font, font_size) + 2.5 * pad
        self.height = font_size + 1.6 * pad

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setFillColor(self.color)
        canv.roundRect(0, 0, self.width, self.height, self.height / 2.6, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(self.font, self.font_size)
        baseline = (self.height - self.font_size * 0.72) / 2
        canv.drawCentredString(self.width / 2, baseline, self.label)


class IndexLine(Line):
    """A line of the index: a title that links to its bookmark, and the page it is on.

    The page is not known when the index is drawn (the sheets come after it): the canvas
    writes the number when the document is saved (layout.py), so one layout pass is
    enough. The line's height never depends on the number.
    """

    def __init__(
        self,
        text: str,
        key: str,
        *,
        font: str,
        size: float,
        leading: float,
        color: colors.Color,
        indent: float = 0,
        number_width: float = 30,
        coverage: Coverage | None = None,
    ) -> None:
        super().__init__(
            text, font=font, size=size, leading=leading, color=color, coverage=coverage
        )
        self.key = key
        self.indent = indent
        self.number_width = number_width
        self._shown = text

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        room = availWidth - self.indent - self.number_width
        self._shown = fit_text(self.text, self.font, self.size, room)
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setFillColor(self.color)
        canv.setFont(self.font, self.size)
        baseline = self.leading - self.size
        draw_runs(canv, self.indent, baseline, self._shown, self.font, self.size, self.coverage)
        defer = getattr(canv, "defer_page_number", None)
        if defer is not None:
            defer(self.key, self._avail, baseline, self.font, self.size, self.color)
        canv.linkRect("", self.key, (0, 0, self._avail, self.height), relative=1, thickness=0)


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """Shorten `text` with an ellipsis so that it fits `width` on one line."""
    text = " ".join(text.split())
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[: max(len(text) - max(len(text) // 10, 1), 0)]
    return text.rstrip() + "…"


class KeepRoomFor(CondPageBreak):
    """Start a new page unless `flowables` and `extra` points more fit on this one.

    Placed before a heading, its text and a table, it keeps the heading with the table's
    first rows without forcing every heading onto a new page. The room asked for is
    capped below a page, so a very long group still starts where it is.
    """

    def __init__(self, flowables: list[Flowable], extra: float, cap: float) -> None:
        super().__init__(extra)
        self.flowables = flowables
        self.extra = extra
        self.cap = cap

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        needed = self.extra
        for flowable in self.flowables:
            needed += flowable.wrap(availWidth, self.cap)[1] + flowable.getSpaceBefore()
            needed += flowable.getSpaceAfter()
            if needed >= self.cap:
                break
        self.height = min(needed, self.cap)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        return size


def text_width(text: str, font: str, size: float, coverage: Coverage | None) -> float:
    if coverage is None:
        return float(stringWidth(text, font, size))
    return float(sum(stringWidth(t, f, size) for t, f in coverage.runs(text, font)))


def draw_runs(
    canv: Canvas, x: float, y: float, text: str, font: str, size: float, coverage: Coverage | None
) -> None:
    """Draw `text` from (x, y), its runs the main font lacks in the fallback font."""
    if coverage is None or coverage.fallback_name is None or not coverage.needs_fallback(text):
        canv.drawString(x, y, text)
        return
    for piece, face in coverage.runs(text, font):
        canv.setFont(face, size)
        canv.drawString(x, y, piece)
        x += stringWidth(piece, face, size)
    canv.setFont(font, size)
