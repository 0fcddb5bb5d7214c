"""The sheet of one action: every field, its stakeholders, deadlines and notes."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from psm_desktop.exchange.pdf.deadlines_report import days_words
from psm_desktop.exchange.pdf.flowables import Heading, OutlineEntry
from psm_desktop.exchange.pdf.health_marks import health_text, percent
from psm_desktop.exchange.pdf.parts import CONTENT_WIDTH, SheetContext, data_table, facts_table
from psm_desktop.exchange.pdf.sheet_health import SheetHealth, indicator_table
from psm_desktop.exchange.pdf.text import shorten
from psm_desktop.formatting import format_date, format_euro
from psm_desktop.model import Role, Sector, sdg_label
from psm_desktop.services.dto import ActionDetail, DeadlineInfo
from psm_desktop.services.monitoring.state import ActionState

ROLE_ORDER = {role: i for i, role in enumerate(Role)}
LABEL_W = 30 * mm
VALUE_W = CONTENT_WIDTH / 2 - LABEL_W


def action_sheet(
    ctx: SheetContext,
    detail: ActionDetail,
    outline_above: list[OutlineEntry],
    progress_step: int | None = None,
    health: SheetHealth | None = None,
) -> list[Flowable]:
    """The flowables of one sheet; `outline_above` are axis/strategy bookmarks it starts."""
    styles = ctx.styles
    kicker = (
        f"{ctx.label('action_sheet').upper()} · {ctx.label('axis').upper()} "
        f"{detail.axis_number} · {ctx.label('strategy').upper()} {detail.strategy_code}"
    )
    outline = [
        *outline_above,
        OutlineEntry(f"action-{detail.id}", shorten(f"{detail.code} {detail.text}"), 2),
    ]
    story: list[Flowable] = [
        Paragraph(ctx.markup(kicker), styles.kicker),
        Heading(
            f"{ctx.markup(ctx.label('action'))} {ctx.markup(detail.code)}",
            styles.h1,
            outline,
            progress_step,
        ),
        *ctx.long_text(detail.text, styles.lead),
        Paragraph(f"{ctx.markup(ctx.label('updated'))} {_updated(ctx, detail)}", styles.small),
        Spacer(1, 3 * mm),
        _facts(ctx, detail, health.actions.get(detail.id) if health else None),
    ]
    if health is not None:
        story += [Spacer(1, 1.5 * mm), Paragraph(ctx.markup(health.basis), styles.small)]
    story += _stakeholders(ctx, detail)
    story += _deadlines(ctx, detail)
    if health is not None:
        story += _indicators(ctx, detail, health)
    if detail.notes.strip():
        story.append(_section(ctx, "Note"))
        story += ctx.long_text(detail.notes, styles.note)
    return story


def _updated(ctx: SheetContext, detail: ActionDetail) -> str:
    when = detail.updated_at.date() if detail.updated_at else ctx.plan.updated_on
    return ctx.markup(format_date(when, ctx.empty))


def _section(ctx: SheetContext, title: str) -> Flowable:
    # Keep a section title with at least a few lines of what follows it.
    return KeepTogether([CondPageBreak(25 * mm), Paragraph(ctx.markup(title), ctx.styles.h3)])


def _indicators(ctx: SheetContext, d: ActionDetail, health: SheetHealth) -> list[Flowable]:
    found = health.indicators.get(d.code, [])
    title = f"Indicatori ({len(found)})"
    if not found:
        return [_section(ctx, title), ctx.para("Nessun indicatore registrato.", ctx.styles.body)]
    return [_section(ctx, title), indicator_table(ctx, found, health.history)]


def _facts(ctx: SheetContext, d: ActionDetail, state: ActionState | None = None) -> Flowable:
    styles = ctx.styles
    empty = ctx.empty

    def label(text: str) -> Flowable:
        return ctx.line(text, LABEL_W, style=styles.label)

    def value(text: str | None) -> Flowable:
        return ctx.line(text, VALUE_W)

    overdue = (
        ctx.line("sì", VALUE_W, bold=True, color=styles.theme.colors["accent"])
        if d.overdue
        else value("no")
    )
    rows = [
        [label("Asse"), ctx.para(ctx.axis_name(d.axis_number)), "", ""],
        [label("Strategia"), ctx.para(f"{d.strategy_code} – {d.strategy_title}"), "", ""],
        [
            label("Stato"),
            ctx.status_badge(d.status),
            label("Avanzamento"),
            ctx.progress_bar(d.progress, VALUE_W - 6),
        ],
        *(
            [
                [
                    label("Andamento"),
                    health_text(ctx, state.health, VALUE_W),
                    label("Avanz. atteso"),
                    value(percent(state.expected_progress)),
                ]
            ]
            if state is not None
            else []
        ),
        [
            label("Data di inizio"),
            value(format_date(d.start_date, empty)),
            label("Data di fine"),
            value(format_date(d.end_date, empty)),
        ],
        [
            label("Priorità"),
            value(d.priority.label if d.priority else empty),
            label("In ritardo"),
            overdue,
        ],
        [
            label("Budget"),
            value(format_euro(d.budget, empty)),
            label("Finanziamento"),
            value(d.funding_source.label if d.funding_source else empty),
        ],
        [
            label("CUP"),
            value(d.cup or empty),
            label("Misura PNRR"),
            value(d.pnrr or empty),
        ],
        [
            label("Obiettivo DUP"),
            value(d.dup_objective or empty),
            label("Competenza"),
            value(d.competence.label if d.competence else empty),
        ],
        [label("Settori"), ctx.para(_sectors(d.sectors) or empty), "", ""],
        [label("Zone omogenee"), ctx.para("; ".join(sorted(d.zones)) or empty), "", ""],
        [
            label("Assi collegati"),
            ctx.para("; ".join(ctx.axis_name(n) for n in sorted(d.linked_axes)) or empty),
            "",
            "",
        ],
        [
            label("Agenda 2030"),
            ctx.para("; ".join(sdg_label(goal) for goal in sorted(d.sdgs)) or empty),
            "",
            "",
        ],
    ]
    table = facts_table(ctx, rows, [LABEL_W, VALUE_W, LABEL_W, VALUE_W])
    # The rows with one value across the sheet: axis, strategy, and the lists at the end.
    for row, cells in enumerate(rows):
        if cells[2:] == ["", ""]:
            table.setStyle([("SPAN", (1, row), (3, row))])
    return table


def _sectors(sectors: frozenset[Sector]) -> str:
    order = {s: i for i, s in enumerate(Sector)}
    return "; ".join(s.label for s in sorted(sectors, key=order.__getitem__))


def _stakeholders(ctx: SheetContext, d: ActionDetail) -> list[Flowable]:
    assignments = sorted(
        d.assignments, key=lambda a: (ROLE_ORDER[a.role], a.stakeholder_name.casefold())
    )
    title = f"Soggetti coinvolti ({len(assignments)})"
    if not assignments:
        return [_section(ctx, title), ctx.para("Nessun soggetto assegnato.", ctx.styles.body)]
    lead_style = ctx.styles.cell_header
    widths = [CONTENT_WIDTH - 90 * mm, 40 * mm, 50 * mm]
    rows = [
        [
            ctx.line(
                a.stakeholder_name, widths[0], style=lead_style if a.role is Role.LEAD else None
            ),
            ctx.line(a.role.label, widths[1], style=lead_style if a.role is Role.LEAD else None),
            ctx.line(a.stakeholder_kind.label, widths[2]),
        ]
        for a in assignments
    ]
    table = data_table(ctx, ["Soggetto", "Ruolo", "Tipo"], rows, widths, title="Soggetti coinvolti")
    return [_section(ctx, title), table]


def _deadlines(ctx: SheetContext, d: ActionDetail) -> list[Flowable]:
    title = f"Scadenze ({len(d.deadlines)})"
    if not d.deadlines:
        return [_section(ctx, title), ctx.para("Nessuna scadenza registrata.", ctx.styles.body)]
    accent = ctx.styles.color("accent")
    rows = []
    marks = []
    # Overdue first, then open ones by date, then those done.
    ordered = sorted(d.deadlines, key=lambda x: (not x.overdue, x.is_done, x.due_date))
    widths = [22 * mm, CONTENT_WIDTH - 22 * mm - 50 * mm - 43 * mm, 50 * mm, 43 * mm]
    for i, deadline in enumerate(ordered, start=1):
        rows.append(
            [
                ctx.line(format_date(deadline.due_date), widths[0]),
                ctx.milestone(deadline),
                ctx.line(deadline.stakeholder_name, widths[2]),
                _outcome(ctx, deadline, widths[3]),
            ]
        )
        if deadline.overdue:
            marks.append(("LINEBEFORE", (0, i), (0, i), 2.2, accent))
    table = data_table(
        ctx,
        ["Data", "Traguardo", "Responsabile", "Esito"],
        rows,
        widths,
        extra=marks,
        title="Scadenze",
    )
    return [_section(ctx, title), table]


def _outcome(ctx: SheetContext, deadline: DeadlineInfo, width: float) -> Flowable:
    if deadline.completed_on is not None:
        return ctx.line(f"Completata il {format_date(deadline.completed_on)}", width)
    if deadline.overdue:
        days = (ctx.today - deadline.due_date).days
        text = f"{ctx.label('overdue')} da {days_words(days)}"
        return ctx.line(text, width, bold=True, color=ctx.styles.theme.colors["accent"])
    days = (deadline.due_date - ctx.today).days
    return ctx.line("Scade oggi" if days == 0 else f"Aperta, tra {days_words(days)}", width)
