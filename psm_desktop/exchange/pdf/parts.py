"""Pieces shared by the sheets: the context of one document, paragraphs and tables."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from psm_desktop.exchange.pdf.flowables import (
    Badge,
    CellParagraph,
    Heading,
    Line,
    OutlineEntry,
    ProgressBar,
    WrappedLine,
)
from psm_desktop.exchange.pdf.layout import FRAME_HEIGHT, MARGIN_X
from psm_desktop.exchange.pdf.styles import Styles
from psm_desktop.exchange.pdf.text import escape_lines, paragraphs, shorten
from psm_desktop.model import Status
from psm_desktop.services.dto import AxisInfo, DeadlineInfo, PlanInfo

CONTENT_WIDTH = 210 * mm - 2 * MARGIN_X
CELL_PADDING = 8  # left + right padding of table cells, points
_SPACES = re.compile(r"[^\S\u00a0]+")  # runs of white space, but not a no-break space
MAX_BLANK_LINES = 3  # more blank lines in a row print as three
Cell: TypeAlias = Flowable | list[Flowable] | str


@dataclass(frozen=True)
class SheetContext:
    """What every sheet of one document needs: styles, plan facts, today."""

    styles: Styles
    plan: PlanInfo
    axes: dict[int, AxisInfo]
    today: dt.date

    @property
    def empty(self) -> str:
        return self.styles.theme.label("no_data")

    def label(self, key: str) -> str:
        return self.styles.theme.label(key)

    def axis_name(self, number: int) -> str:
        axis = self.axes.get(number)
        return f"{self.label('axis')} {number} – {axis.title}" if axis else f"Asse {number}"

    def markup(self, text: str | None) -> str:
        """Text escaped for a Paragraph, in the fallback font where the main one lacks it."""
        return self.styles.fonts.coverage.markup(escape_lines(text))

    def para(self, text: str | None, style: ParagraphStyle | None = None) -> Paragraph:
        """One short user value (a name, a title), escaped; empty shows the dash."""
        shown = self.markup(text) if text else self.markup(self.empty)
        return CellParagraph(shown, style or self.styles.cell)

    def long_text(self, text: str | None, style: ParagraphStyle | None = None) -> list[Flowable]:
        """Free text (a description, notes): one paragraph per line, split across pages by
        the layout where it must, never at a fixed length; blank lines stay as space."""
        style = style or self.styles.body
        story: list[Flowable] = []
        for blanks, line in paragraphs(text):
            if blanks and story:
                story.append(Spacer(1, min(blanks, MAX_BLANK_LINES) * style.leading))
            story.append(Paragraph(self.styles.fonts.coverage.markup(line), style))
        return story

    def milestone(self, deadline: DeadlineInfo) -> Paragraph:
        """A deadline's title, with its notes (cut short) in small type below."""
        text = self.markup(deadline.title) or self.markup(self.empty)
        if deadline.notes.strip():
            muted = self.styles.theme.colors["muted"]
            text += f'<br/><font color="{muted}" size="{self.styles.cell.fontSize - 1}">'
            text += f"{self.markup(shorten(deadline.notes, 160))}</font>"
        return CellParagraph(text, self.styles.cell)

    def line(
        self,
        text: str | None,
        width: float,
        *,
        style: ParagraphStyle | None = None,
        bold: bool = False,
        color: str | None = None,
        right: bool = False,
        outline: list[OutlineEntry] | None = None,
        progress_step: int | None = None,
    ) -> Flowable:
        """A short value for a table cell `width` wide: one cheap Line if it fits, else
        broken into lines at spaces (a long name, a label an office made longer)."""
        style = style or self.styles.cell
        shown = _SPACES.sub(" ", text or "").strip() or self.empty
        font = self.styles.fonts.bold if bold else style.fontName
        look: dict[str, Any] = {
            "font": font,
            "size": style.fontSize,
            "leading": style.leading,
            "color": colors.HexColor(color) if color else style.textColor,
            "coverage": self.styles.fonts.coverage,
        }
        if stringWidth(shown, font, style.fontSize) <= width - CELL_PADDING:
            return Line(shown, right=right, outline=outline, progress_step=progress_step, **look)
        if not (right or outline or progress_step is not None):
            return WrappedLine(shown, **look)
        markup = self.markup(shown)
        if bold:
            markup = f"<b>{markup}</b>"
        if color:
            markup = f'<font color="{color}">{markup}</font>'
        wrapped = (
            ParagraphStyle(f"{style.name}-r", parent=style, alignment=TA_RIGHT) if right else style
        )
        if outline or progress_step is not None:
            return Heading(markup, wrapped, outline or [], progress_step)
        return CellParagraph(markup, wrapped)

    def status_badge(self, status: Status) -> Badge:
        return Badge(
            status.label,
            color=self.styles.status_color(status),
            font=self.styles.fonts.bold,
            font_size=self.styles.theme.font_size - 1.5,
        )

    def status_text(self, status: Status, width: float) -> Flowable:
        return self.line(
            status.label, width, bold=True, color=self.styles.theme.status_color(status)
        )

    def progress_bar(self, percent: int, width: float, height: float = 5) -> ProgressBar:
        styles = self.styles
        return ProgressBar(
            percent,
            width=width,
            height=height,
            track=styles.color("progress_track"),
            fill=styles.color("progress_fill"),
            font=styles.fonts.regular,
            font_size=styles.theme.font_size - 1.5,
            text_color=styles.color("text"),
        )


class FlowTable(Table):
    """A table whose rows move whole to the next page, unless one is taller than a page.

    A row taller than a whole page (an action whose text is thousands of words) could
    never be placed; only then is it cut across pages, so ordinary rows stay whole.
    The part that goes on to the next page carries a caption "… (segue)" above it.
    """

    caption: Flowable | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.splitInRow = 0
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if not parts and len(self._rowHeights) > self.repeatRows:
            header = sum(self._rowHeights[: self.repeatRows])
            if self.caption is not None:  # on a page of its own it sits under "(segue)"
                header += self.caption.wrap(availWidth, availHeight)[1]
            if header + self._rowHeights[self.repeatRows] > FRAME_HEIGHT:
                self.splitInRow = 1
                try:
                    parts = super().split(availWidth, availHeight)
                finally:
                    self.splitInRow = 0
        if len(parts) > 1 and self.caption is not None:
            for part in parts[1:]:
                part.caption = self.caption  # type: ignore[attr-defined]
            parts[-1] = Continued(self.caption, parts[-1])
        return parts


class Continued(Flowable):
    """The rest of a table on a new page, under a caption that says it continues."""

    def __init__(self, caption: Flowable, table: Flowable) -> None:
        super().__init__()
        self.caption = caption
        self.table = table
        self._caption_h = 0.0
        self._table_h = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, self._caption_h = self.caption.wrap(availWidth, availHeight)
        table_w, self._table_h = self.table.wrap(availWidth, availHeight - self._caption_h)
        self.width = max(width, table_w)
        self.height = self._caption_h + self._table_h
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        _, caption_h = self.caption.wrap(availWidth, availHeight)
        parts: list[Flowable] = self.table.split(availWidth, availHeight - caption_h)
        if not parts:
            return []
        first = parts[0]
        return [Continued(self.caption, first), *parts[1:]]

    def draw(self) -> None:
        self.caption.drawOn(self.canv, 0, self._table_h)
        self.table.drawOn(self.canv, 0, 0)


def data_table(
    ctx: SheetContext,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    extra: Sequence[tuple[Any, ...]] = (),
    right_from: int | None = None,
    title: str | None = None,
) -> Table:
    """A table with a header row repeated on every page it spans, and striped rows.

    Header cells from column `right_from` on are aligned right (columns of figures).
    On each page after the first the table is headed "`title` (segue)".
    """
    styles = ctx.styles
    head = [  # remembers its wrap: re-measured each time the table splits across pages
        CellParagraph(
            ctx.markup(h),
            styles.cell_header_right
            if right_from is not None and i >= right_from
            else styles.cell_header,
        )
        for i, h in enumerate(header)
    ]
    table = FlowTable([head, *rows], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    if title:
        table.caption = CellParagraph(ctx.markup(f"{title} (segue)"), styles.continued)
    table.setStyle(
        TableStyle(
            [
                # Plain-string cells would otherwise use Helvetica, which is not embedded.
                ("FONT", (0, 0), (-1, -1), styles.fonts.regular, styles.cell.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), styles.color("table_header")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, styles.color("primary")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, styles.color("table_stripe")]),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, styles.color("rule")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
                *extra,
            ]
        )
    )
    return table


def facts_table(
    ctx: SheetContext, rows: Sequence[Sequence[Cell]], widths: Sequence[float]
) -> Table:
    """Label/value pairs laid out in columns, with hairlines between rows."""
    styles = ctx.styles
    table = Table([list(r) for r in rows], colWidths=list(widths), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                # Plain-string cells would otherwise use Helvetica, which is not embedded.
                ("FONT", (0, 0), (-1, -1), styles.fonts.regular, styles.cell.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, styles.color("rule")),
                ("LINEABOVE", (0, 0), (-1, 0), 0.25, styles.color("rule")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table
