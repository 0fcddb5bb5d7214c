"""The "scheda dell'Asse": a title page, then each strategy with its actions and their state."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from psm_desktop.exchange.pdf.flowables import Heading, KeepRoomFor, OutlineEntry
from psm_desktop.exchange.pdf.health_marks import HEALTH_MARKS, health_words, percent
from psm_desktop.exchange.pdf.layout import FRAME_HEIGHT
from psm_desktop.exchange.pdf.links_graphic import Node, links_drawing
from psm_desktop.exchange.pdf.parts import CONTENT_WIDTH, SheetContext, data_table
from psm_desktop.exchange.pdf.sheet_health import SheetHealth
from psm_desktop.exchange.pdf.text import shorten
from psm_desktop.formatting import format_date, plural
from psm_desktop.model import Health, Status
from psm_desktop.services.dto import ActionRow, AxisNode

ACTION_COLUMNS = ["Codice", "Azione", "Stato", "Avanz.", "Responsabile", "Fine"]
# The action's text gets what the short columns leave: about 70 of 170 mm. The others
# are as narrow as their longest value ("Non avviata", "31/12/2026") allows.
_W = [15 * mm, 0.0, 22.5 * mm, 17 * mm, 25 * mm, 20 * mm]
ACTION_WIDTHS = [CONTENT_WIDTH - sum(_W) if w == 0 else w for w in _W]
LATE_MARK = "⚠ in ritardo"  # words and a sign, not colour alone
# Room kept below a strategy's heading for the table's title, header and first rows.
KEEP_WITH_TABLE = 35 * mm


@dataclass(frozen=True)
class AxisLinks:
    """The other axes this one connects to, and whether the plan states them."""

    numbers: tuple[int, ...]
    counts: dict[int, int]  # derived: how many of this axis's actions link to each axis
    stated: bool
    notes: dict[int, str] = field(default_factory=dict)  # stated: the note of each link


def axis_sheet(
    ctx: SheetContext, node: AxisNode, links: AxisLinks, health: SheetHealth | None = None
) -> list[Flowable]:
    """The title page, then the strategies one after the other (not one per page)."""
    story = _title_page(ctx, node, links)
    story.append(PageBreak())
    if health is not None:  # the title page is full: the andamento opens the next one
        story += _health(ctx, node, health)
    # Space above a strategy that follows another on the page (none at the page's top).
    kicker = ParagraphStyle(
        "strategy-kicker", parent=ctx.styles.kicker, spaceBefore=ctx.styles.theme.font_size * 2
    )
    step = 0
    for strategy_node in node.strategies:
        strategy = strategy_node.strategy
        count = len(strategy_node.actions)
        heading: list[Flowable] = [
            Paragraph(
                ctx.markup(f"{ctx.label('axis')} {node.axis.number} · {node.axis.title}".upper()),
                kicker,
            ),
            Heading(
                ctx.markup(f"{ctx.label('strategy')} {strategy.code} – {strategy.title}"),
                ctx.styles.h1,
                [OutlineEntry(f"strategy-{strategy.id}", f"{strategy.code} {strategy.title}", 1)],
            ),
            *ctx.long_text(strategy.description),
        ]
        # The heading, its text and the table's first rows start on the same page.
        story.append(KeepRoomFor(heading, KEEP_WITH_TABLE, FRAME_HEIGHT * 0.8))
        story += heading
        story.append(CondPageBreak(KEEP_WITH_TABLE))  # after a description of a page or more
        title = f"Azioni della strategia ({count})"
        rolled = health.strategies.get(strategy.code) if health else None
        if rolled is not None:  # on the same line: the roll-up costs no room
            title += f" · andamento {health_words(rolled.health)} ({percent(rolled.score)})"
        story.append(Paragraph(ctx.markup(title), ctx.styles.h3))
        if not strategy_node.actions:
            story.append(ctx.para("Nessuna azione registrata.", ctx.styles.body))
            continue
        rows = []
        marks = []
        for i, row in enumerate(strategy_node.actions, start=1):
            step += 1
            code = ctx.line(
                row.code,
                ACTION_WIDTHS[0],
                style=ctx.styles.cell_header,
                outline=[OutlineEntry(f"action-{row.id}", shorten(f"{row.code} {row.text}"), 2)],
                progress_step=step,
            )
            rows.append(
                [
                    code,
                    ctx.para(row.text),
                    _status(ctx, row),
                    ctx.progress_bar(row.progress, ACTION_WIDTHS[3] - 8, height=4),
                    ctx.line(row.lead, ACTION_WIDTHS[4]),
                    ctx.line(format_date(row.end_date), ACTION_WIDTHS[5]),
                ]
            )
            if row.overdue:
                marks.append(("LINEBEFORE", (0, i), (0, i), 2.2, ctx.styles.color("accent")))
        title = f"{ctx.label('strategy')} {strategy.code} – Azioni"
        story.append(data_table(ctx, ACTION_COLUMNS, rows, ACTION_WIDTHS, marks, title=title))
    return story


def _status(ctx: SheetContext, row: ActionRow) -> Flowable | list[Flowable]:
    """The status; a late action also says so in words, under it (two cheap lines)."""
    status = ctx.status_text(row.status, ACTION_WIDTHS[2])
    if not row.overdue:
        return status
    accent = ctx.styles.theme.colors["accent"]
    return [status, ctx.line(LATE_MARK, ACTION_WIDTHS[2], bold=True, color=accent)]


def _health(ctx: SheetContext, node: AxisNode, health: SheetHealth) -> list[Flowable]:
    """The axis's andamento in a few lines (a table would need a page of its own)."""
    axis = health.axes.get(str(node.axis.number))
    if axis is None:
        return []
    counts = " · ".join(f"{HEALTH_MARKS[h]} {h.label.lower()} {axis.count(h)}" for h in Health)
    parts = [
        f"<b>Andamento dell'Asse: {ctx.markup(health_words(axis.health))}</b>",
        ctx.markup(f"punteggio {percent(axis.score)}"),
        ctx.markup(
            f"avanzamento medio {percent(axis.progress)} (atteso {percent(axis.expected_progress)})"
        ),
        ctx.markup(f"{plural(axis.actions, 'azione', 'azioni')}: {counts}."),
    ]
    return [
        Paragraph(" · ".join(parts), ctx.styles.body),
        Paragraph(
            ctx.markup(
                f"{health.basis} {health.rollup} L'andamento di ogni strategia è accanto "
                "al titolo delle sue azioni."
            ),
            ctx.styles.small,
        ),
    ]


def _title_page(ctx: SheetContext, node: AxisNode, links: AxisLinks) -> list[Flowable]:
    styles = ctx.styles
    axis = node.axis
    story: list[Flowable] = [
        Spacer(1, 18 * mm),
        Paragraph(ctx.markup(ctx.label("axis_sheet").upper()), styles.kicker),
        Paragraph(ctx.markup(ctx.plan.title), styles.cover_subtitle),
        Heading(
            ctx.markup(f"{ctx.label('axis')} {axis.number}"),
            styles.cover_title,
            [
                OutlineEntry(
                    f"axis-{axis.number}", f"{ctx.label('axis')} {axis.number} – {axis.title}", 0
                )
            ],
        ),
        Paragraph(ctx.markup(axis.title), styles.h1),
        Spacer(1, 4 * mm),
        *ctx.long_text(axis.description, styles.lead),
    ]
    story += _links(ctx, axis.number, links)
    story.append(Paragraph("Strategie e stato delle azioni", styles.h2))
    story.append(_summary(ctx, node))
    late = sum(a.overdue for s in node.strategies for a in s.actions)
    if late:
        marked = plural(late, "segnata", "segnate", number=False)
        text = (
            f"{plural(late, 'azione', 'azioni')} in ritardo, {marked} nelle tabelle con "
            f"«{LATE_MARK.split()[0]}»."
        )
    else:
        text = "Nessuna azione è in ritardo."
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(ctx.markup(text), styles.small))
    return story


def _links(ctx: SheetContext, number: int, links: AxisLinks) -> list[Flowable]:
    """The heading, the drawing of the links, then each linked axis with its note."""
    styles = ctx.styles
    # The label may name the axis's number: "Le connessioni tra l'Asse {number} e ...".
    heading = Paragraph(
        ctx.markup(ctx.label("axis_links").replace("{number}", str(number))), styles.h2
    )
    if not links.numbers:
        return [
            heading,
            Paragraph(
                "Nessun collegamento registrato con gli altri Assi: il piano non ne indica "
                "e nessuna azione dell'Asse è collegata a un altro Asse.",
                styles.body,
            ),
        ]
    lead: list[Flowable] = [heading]
    if not links.stated:
        lead.append(
            Paragraph(
                "Il piano non indica collegamenti per questo Asse: sono ricavati dagli Assi "
                "collegati alle sue azioni.",
                styles.small,
            )
        )
    word = ctx.label("axis")
    axis = ctx.axes.get(number)
    drawing = links_drawing(
        styles,
        word,
        Node(number, axis.title if axis else ""),
        [Node(n, ctx.axes[n].title if n in ctx.axes else "") for n in links.numbers],
        CONTENT_WIDTH,
        FRAME_HEIGHT * 0.8,
    )
    drawing.hAlign = "CENTER"
    # The heading never ends a page without its drawing.
    story: list[Flowable] = [KeepTogether([*lead, drawing, Spacer(1, 3 * mm)])]
    note_style = ParagraphStyle("link-note", parent=styles.body, leftIndent=12)
    for linked in links.numbers:
        text = f"<b>{ctx.markup(ctx.axis_name(linked))}</b>"
        if not links.stated:
            n = links.counts.get(linked, 0)
            text += ctx.markup(f" ({n} {'azione' if n == 1 else 'azioni'})")
        story.append(Paragraph(f"<bullet>•</bullet>{text}", styles.body_bullet))
        story += ctx.long_text(links.notes.get(linked, ""), note_style)
    return story


def _summary(ctx: SheetContext, node: AxisNode) -> Flowable:
    """One row per strategy: how many actions and how many in each state."""
    statuses = list(Status)
    header = ["Strategia", "Azioni", *(s.label for s in statuses)]
    widths = [CONTENT_WIDTH - 14 * mm - 21.5 * mm * len(statuses), 14 * mm]
    widths += [21.5 * mm] * len(statuses)

    def figures(values: list[int], bold: bool = False) -> list[Flowable]:
        return [
            ctx.line(str(v), w, right=True, bold=bold)
            for v, w in zip(values, widths[1:], strict=True)
        ]

    rows: list[list[Flowable]] = []
    totals: Counter[Status] = Counter()
    for strategy_node in node.strategies:
        counts = Counter(a.status for a in strategy_node.actions)
        totals.update(counts)
        strategy = strategy_node.strategy
        rows.append(
            [
                ctx.para(f"{strategy.code} – {strategy.title}"),
                *figures([len(strategy_node.actions), *(counts.get(s, 0) for s in statuses)]),
            ]
        )
    rows.append(
        [
            ctx.line("Totale", widths[0], bold=True),
            *figures([sum(totals.values()), *(totals.get(s, 0) for s in statuses)], bold=True),
        ]
    )
    return data_table(ctx, header, rows, widths, right_from=1)
