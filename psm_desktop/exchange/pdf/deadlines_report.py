"""The deadlines report for a meeting: overdue deadlines first, then the upcoming ones."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from psm_desktop.exchange.pdf.flowables import CellParagraph, Heading, OutlineEntry
from psm_desktop.exchange.pdf.parts import CONTENT_WIDTH, SheetContext, data_table
from psm_desktop.exchange.pdf.text import shorten
from psm_desktop.formatting import format_date, plural
from psm_desktop.services.dto import DeadlineInfo

COLUMNS = ["Data", "Giorni", "Azione", "Traguardo", "Responsabile"]
# "1.030 giorni" in bold fits on one line (with a no-break space it never splits).
_W = [21 * mm, 22.5 * mm, 0.0, 43.5 * mm, 31 * mm]
WIDTHS = [CONTENT_WIDTH - sum(_W) if w == 0 else w for w in _W]


def deadlines_report(
    ctx: SheetContext, deadlines: list[DeadlineInfo], scope: list[str]
) -> list[Flowable]:
    """`deadlines` are open ones; `scope` says in words what was selected (for the reader)."""
    styles = ctx.styles
    overdue = sorted((d for d in deadlines if d.overdue), key=lambda d: (d.due_date, d.action_code))
    upcoming = sorted(
        (d for d in deadlines if not d.overdue), key=lambda d: (d.due_date, d.action_code)
    )
    story: list[Flowable] = [
        Paragraph(ctx.markup(ctx.label("deadlines_report").upper()), styles.kicker),
        Paragraph(ctx.markup(ctx.plan.title), styles.h1),
        Paragraph(
            ctx.markup(
                f"Situazione al {format_date(ctx.today)}" + "".join(f" · {s}" for s in scope)
            ),
            styles.body,
        ),
        Paragraph(
            ctx.markup(
                f"{plural(len(overdue), 'scadenza superata', 'scadenze superate')} e "
                f"{len(upcoming)} in arrivo, "
                "ordinate per data. Sono escluse le scadenze già completate."
            ),
            styles.small,
        ),
        Spacer(1, 2 * mm),
    ]
    story += _section(ctx, ctx.label("overdue_deadlines"), "overdue", overdue, late=True)
    story += _section(ctx, ctx.label("upcoming_deadlines"), "upcoming", upcoming, late=False)
    return story


def _section(
    ctx: SheetContext, title: str, key: str, rows: list[DeadlineInfo], *, late: bool
) -> list[Flowable]:
    heading = Heading(
        ctx.markup(f"{title} ({len(rows)})"), ctx.styles.h2, [OutlineEntry(key, title, 0)]
    )
    if not rows:
        return [heading, ctx.para("Nessuna scadenza.", ctx.styles.body)]
    accent = ctx.styles.theme.colors["accent"]
    table_rows = []
    for d in rows:
        days = (ctx.today - d.due_date).days if late else (d.due_date - ctx.today).days
        days_text = "oggi" if days == 0 else days_words(days)
        table_rows.append(
            [
                ctx.line(
                    format_date(d.due_date),
                    WIDTHS[0],
                    style=ctx.styles.cell_header if late else None,
                ),
                ctx.line(
                    days_text, WIDTHS[1], right=True, bold=late, color=accent if late else None
                ),
                CellParagraph(
                    f"<b>{ctx.markup(d.action_code)}</b> {ctx.markup(shorten(d.action_text))}",
                    ctx.styles.cell,
                ),
                ctx.milestone(d),
                ctx.line(d.stakeholder_name, WIDTHS[4]),
            ]
        )
    extra = [("LINEBEFORE", (0, 1), (0, -1), 2.2, ctx.styles.color("accent"))] if late else []
    header = list(COLUMNS)
    header[1] = "Ritardo" if late else "Mancano"
    return [heading, data_table(ctx, header, table_rows, WIDTHS, extra=extra, title=title)]


def days_words(days: int) -> str:
    """ "1 giorno", "1.030 giorni": a no-break space keeps the figure with its word."""
    return plural(days, "giorno", "giorni").replace(" ", "\u00a0")
