"""The cover and the index of a document of several action sheets.

The index lists every axis, strategy and action with the page its sheet starts on; the
numbers are written when the document is saved (see IndexLine), so it costs no second
layout pass.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from psm_desktop.exchange.pdf.flowables import Heading, IndexLine, OutlineEntry
from psm_desktop.exchange.pdf.parts import SheetContext
from psm_desktop.exchange.pdf.text import shorten
from psm_desktop.formatting import format_date, plural
from psm_desktop.services.dto import ActionDetail

INDEX_TITLE = "Indice"


def cover_and_index(ctx: SheetContext, details: list[ActionDetail], scope: str) -> list[Flowable]:
    """A cover page and the index, each ending with a page break."""
    styles = ctx.styles
    count = len(details)
    story: list[Flowable] = [
        Spacer(1, 40 * mm),
        Paragraph(ctx.markup(ctx.label("actions_document").upper()), styles.kicker),
        Paragraph(ctx.markup(ctx.plan.title), styles.cover_subtitle),
        Paragraph(ctx.markup(scope[:1].upper() + scope[1:]), styles.cover_title),
        Paragraph(
            ctx.markup(
                f"{plural(count, 'scheda', 'schede')} · situazione al {format_date(ctx.today)}"
            ),
            styles.cover_subtitle,
        ),
        Paragraph(ctx.markup(styles.theme.office), styles.body),
        PageBreak(),
        Heading(ctx.markup(INDEX_TITLE), styles.h1, [OutlineEntry("index", INDEX_TITLE, 0)]),
    ]
    story += _index(ctx, details)
    story.append(PageBreak())
    return story


def outline_of(
    ctx: SheetContext, details: list[ActionDetail]
) -> Iterator[tuple[ActionDetail, list[OutlineEntry]]]:
    """Each detail with the bookmarks of the axis and strategy its sheet starts, if any."""
    axis_seen: int | None = None
    strategy_seen: str | None = None
    for detail in details:
        above: list[OutlineEntry] = []
        if detail.axis_number != axis_seen:
            axis_seen, strategy_seen = detail.axis_number, None
            above.append(OutlineEntry(f"axis-{axis_seen}", ctx.axis_name(axis_seen), 0))
        if detail.strategy_code != strategy_seen:
            strategy_seen = detail.strategy_code
            title = f"{strategy_seen} {shorten(detail.strategy_title)}"
            above.append(OutlineEntry(f"strategy-{strategy_seen}", title, 1))
        yield detail, above


def _index(ctx: SheetContext, details: list[ActionDetail]) -> list[Flowable]:
    styles = ctx.styles
    size = styles.cell.fontSize
    # level: font, size, line height, colour, indent
    looks = {
        0: (styles.fonts.bold, size + 1, (size + 1) * 1.5, styles.color("primary"), 0),
        1: (styles.fonts.bold, size, size * 1.45, styles.color("primary"), 8),
        2: (styles.fonts.regular, size, size * 1.4, styles.body.textColor, 18),
    }

    def line(text: str, key: str, level: int) -> IndexLine:
        font, font_size, leading, color, indent = looks[level]
        return IndexLine(
            text,
            key,
            font=font,
            size=font_size,
            leading=leading,
            color=color,
            indent=indent,
            coverage=styles.fonts.coverage,
        )

    lines: list[Flowable] = []
    for detail, above in outline_of(ctx, details):
        for entry in above:
            if entry.level == 0 and lines:
                lines.append(Spacer(1, size * 0.6))
            title = (
                ctx.axis_name(detail.axis_number)
                if entry.level == 0
                else (f"{detail.strategy_code} {shorten(detail.strategy_title, 150)}")
            )
            lines.append(line(title, entry.key, entry.level))
        lines.append(line(f"{detail.code} {shorten(detail.text, 150)}", f"action-{detail.id}", 2))
    return lines
