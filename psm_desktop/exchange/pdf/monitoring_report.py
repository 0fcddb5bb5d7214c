"""The resoconto di monitoraggio: the plan's state at one period, from its frozen snapshot.

Everything printed comes from the period's PlanState (its snapshot once closed), the
trend of the closed periods up to it and what changed since the previous one, so the
same closed period prints the same content every time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from psm_desktop.exchange.pdf import charts
from psm_desktop.exchange.pdf.flowables import Heading, OutlineEntry
from psm_desktop.exchange.pdf.health_marks import (
    HEALTH_MARKS,
    health_text,
    health_words,
    percent,
    target_text,
)
from psm_desktop.exchange.pdf.parts import CONTENT_WIDTH, SheetContext, data_table
from psm_desktop.exchange.pdf.text import shorten
from psm_desktop.formatting import format_date, plural
from psm_desktop.model import Health
from psm_desktop.services.monitoring.changes import ACTION_FIELDS, Change, Changes
from psm_desktop.services.monitoring.indicators import format_number
from psm_desktop.services.monitoring.periods import PeriodInfo, TrendPoint
from psm_desktop.services.monitoring.state import ActionState, IndicatorState
from psm_desktop.services.monitoring.summary import HealthReport, HealthSummary

TITLE = "Resoconto di monitoraggio"
RULE_TITLE = "Regola dell'andamento"
ACTION_COLUMNS = ["Codice", "Azione", "Stato dichiarato", "Andamento", "Avanz.", "Atteso"]
_AW = [15 * mm, 0.0, 24 * mm, 33 * mm, 14 * mm, 14 * mm]
ACTION_WIDTHS = [CONTENT_WIDTH - sum(_AW) if w == 0 else w for w in _AW]
INDICATOR_COLUMNS = [
    "Azione",
    "Indicatore",
    "Andamento",
    "Partenza",
    "Obiettivo del periodo",
    "Obiettivo finale",
    "Prima",
    "Valore",
]
_IW = [15 * mm, 0.0, 33 * mm, 18.5 * mm, 20 * mm, 19 * mm, 15 * mm, 15 * mm]
INDICATOR_WIDTHS = [CONTENT_WIDTH - sum(_IW) if w == 0 else w for w in _IW]
CHANGE_COLUMNS = ["Codice", "Che cosa", "Prima", "Ora"]
_CW = [15 * mm, 0.0, 40 * mm, 40 * mm]
CHANGE_WIDTHS = [CONTENT_WIDTH - sum(_CW) if w == 0 else w for w in _CW]
KEEP_WITH_TABLE = 35 * mm
_ACTION_FACTS = frozenset({"codice", *(name for _, name in ACTION_FIELDS)})


@dataclass(frozen=True)
class MonitoringData:
    period: PeriodInfo
    report: HealthReport  # of the period: its snapshot when closed
    trend: list[TrendPoint]  # closed periods up to this one, oldest first
    previous: PeriodInfo | None
    changes: Changes | None  # from the previous period to this one
    # Each indicator's value in the previous period, as shown (its change is this column).
    previous_values: dict[int, str] = field(default_factory=dict)


def monitoring_report(ctx: SheetContext, data: MonitoringData) -> list[Flowable]:
    story = _cover(ctx, data)
    story.append(PageBreak())
    story += _summary(ctx, data)
    story.append(PageBreak())
    story += _axes(ctx, data)
    story.append(PageBreak())
    story += _rule(ctx, data)
    return story


def _cover(ctx: SheetContext, data: MonitoringData) -> list[Flowable]:
    styles = ctx.styles
    period = data.period
    plan = data.report.plan
    story: list[Flowable] = [
        Spacer(1, 40 * mm),
        Heading(ctx.markup(TITLE.upper()), styles.kicker, [OutlineEntry("cover", TITLE, 0)]),
        Paragraph(ctx.markup(ctx.plan.title), styles.cover_subtitle),
        Paragraph(ctx.markup(period.label), styles.cover_title),
        Paragraph(
            ctx.markup(f"Periodo «{period.name}» · {period.kind.label}"), styles.cover_subtitle
        ),
    ]
    if period.closed and period.closed_at is not None:
        status = (
            f"Periodo chiuso il {format_date(period.closed_at.date())}: i dati sono quelli "
            "congelati alla chiusura."
        )
    else:
        status = (
            "Provvisorio: il periodo è ancora aperto e i dati possono cambiare fino alla "
            "sua chiusura."
        )
    story += [
        Paragraph(ctx.markup(status), styles.lead),
        Spacer(1, 6 * mm),
        Paragraph(
            ctx.markup(
                f"Andamento del piano: {health_words(plan.health)} · "
                f"{plural(plan.actions, 'azione', 'azioni')} · avanzamento medio "
                f"{percent(plan.progress)} (atteso {percent(plan.expected_progress)})"
            ),
            styles.body,
        ),
        Paragraph(ctx.markup(styles.theme.office), styles.body),
    ]
    return story


def _axis_label(code: str) -> str:
    return f"Asse {code}"


def _summary(ctx: SheetContext, data: MonitoringData) -> list[Flowable]:
    styles = ctx.styles
    report = data.report
    font, size = styles.fonts.regular, styles.theme.font_size - 2
    names = [_axis_label(a.code) for a in report.axes]
    chart_width = 93 * mm
    table_width = CONTENT_WIDTH - chart_width - 4 * mm  # about 73 mm
    story: list[Flowable] = [
        Heading(ctx.markup("Sintesi"), styles.h1, [OutlineEntry("summary", "Sintesi", 0)]),
        Paragraph(ctx.markup(_summary_line(report.plan)), styles.body),
    ]
    counts = [dict(a.by_health) for a in report.axes]
    health_rows = [
        [ctx.line(n, 17 * mm), *(ctx.line(str(c.get(h, 0)), 13 * mm, right=True) for h in Health)]
        for n, c in zip(names, counts, strict=True)
    ]
    # The marks head the columns; the line below the table says them in words.
    health_table = [
        data_table(
            ctx,
            ["Asse", *HEALTH_MARKS.values()],
            health_rows,
            [17 * mm] + [13 * mm] * 4,
            right_from=1,
        ),
        Paragraph(ctx.markup(" · ".join(health_words(h) for h in Health)), styles.small),
    ]
    story += _chart_block(
        ctx,
        "Azioni per andamento, per asse",
        charts.health_by_axis(names, counts, chart_width, font, size),
        health_table,
    )
    colours = (styles.theme.colors["progress_fill"], "#9AA0A6")
    progress_rows = [
        [
            ctx.line(n, 17 * mm),
            ctx.line(percent(a.progress), 23 * mm, right=True),
            ctx.line(percent(a.expected_progress), 23 * mm, right=True),
        ]
        for n, a in zip(names, report.axes, strict=True)
    ]
    progress_table = data_table(
        ctx,
        ["Asse", "Dichiarato", "Atteso"],
        progress_rows,
        [17 * mm, 23 * mm, 23 * mm],
        right_from=1,
    )
    story += _chart_block(
        ctx,
        "Avanzamento dichiarato e atteso, per asse",
        charts.progress_by_axis(
            names,
            [a.progress for a in report.axes],
            [a.expected_progress for a in report.axes],
            chart_width,
            font,
            size,
            colours,
        ),
        progress_table,
    )
    points = [(p.period, p.summary) for p in data.trend]
    trend_rows = [
        [
            ctx.line(name, 22 * mm),
            ctx.line(percent(s.score), 20 * mm, right=True),
            health_text(ctx, s.health, table_width - 42 * mm),
        ]
        for name, s in points
    ]
    trend_table = data_table(
        ctx,
        ["Periodo", "Punteggio", "Andamento"],
        trend_rows or [[ctx.line("Nessun periodo chiuso.", table_width), "", ""]],
        [22 * mm, 20 * mm, table_width - 42 * mm],
        right_from=1,
    )
    story += _chart_block(
        ctx,
        "Andamento del piano nei periodi chiusi",
        charts.trend(
            [n for n, _ in points],
            [s.score for _, s in points],
            chart_width,
            font,
            size,
            styles.theme.colors["primary"],
        ),
        trend_table,
    )
    story += _changes_summary(ctx, data)
    return story


def _summary_line(plan: HealthSummary) -> str:
    parts = [f"{plural(plan.actions, 'azione', 'azioni')}"]
    parts += [f"{health_words(h).lower()}: {n}" for h, n in plan.by_health]
    return (
        f"Andamento del piano: {health_words(plan.health)} (punteggio {percent(plan.score)}). "
        + " · ".join(parts)
        + "."
    )


def _chart_block(
    ctx: SheetContext, title: str, drawing: Flowable, table: Flowable | list[Flowable]
) -> list[Flowable]:
    from reportlab.platypus import Table, TableStyle

    side = Table([[drawing, table]], colWidths=[drawing.width + 4 * mm, None], hAlign="LEFT")
    side.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [KeepTogether([Paragraph(ctx.markup(title), ctx.styles.h3), side])]


def _changes_summary(ctx: SheetContext, data: MonitoringData) -> list[Flowable]:
    styles = ctx.styles
    story: list[Flowable] = [Paragraph("Cosa è cambiato", styles.h3)]
    changes = data.changes
    if changes is None or data.previous is None:
        story.append(
            Paragraph(
                "È il primo periodo: non c'è un periodo precedente da confrontare.", styles.body
            )
        )
        return story
    story.append(
        Paragraph(
            ctx.markup(
                f"Rispetto al periodo «{data.previous.name}» ({data.previous.label.lower()}): "
                f"{plural(len(changes.changed), 'variazione', 'variazioni')}, "
                f"{plural(len(changes.added), 'azione aggiunta', 'azioni aggiunte')}, "
                f"{plural(len(changes.removed), 'azione tolta', 'azioni tolte')}. "
                "Le variazioni delle azioni sono elencate sotto ogni strategia; quelle degli "
                "indicatori nella colonna «Prima» delle loro tabelle."
            ),
            styles.body,
        )
    )
    for words, codes in (("Azioni aggiunte", changes.added), ("Azioni tolte", changes.removed)):
        if codes:
            shown = ", ".join(codes[:60]) + (
                f" e altre {len(codes) - 60}" if len(codes) > 60 else ""
            )
            story.append(Paragraph(ctx.markup(f"{words}: {shown}."), styles.small))
    return story


def _axes(ctx: SheetContext, data: MonitoringData) -> list[Flowable]:
    styles = ctx.styles
    state = data.report.state
    axes = {s.code: s for s in data.report.axes}
    strategies = {s.code: s for s in data.report.strategies}
    actions: dict[str, list[ActionState]] = defaultdict(list)
    strategy_of: dict[str, str] = {}
    for action in state.actions:
        actions[action.strategy].append(action)
        strategy_of[action.code] = action.strategy
    indicators: dict[str, list[IndicatorState]] = defaultdict(list)
    for ind in state.indicators:
        # An action's indicators print with its strategy; a strategy's and an axis's too.
        key = strategy_of.get(ind.owner, ind.owner) if ind.owner_kind == "azione" else ind.owner
        indicators[key].append(ind)
    changed: dict[str, list[Change]] = defaultdict(list)
    if data.changes is not None:
        for change in data.changes.changed:
            if change.what not in _ACTION_FACTS:  # an indicator's: its table says it
                continue
            changed[strategy_of.get(change.code, change.code)].append(change)
    before = data.previous_values
    story: list[Flowable] = []
    step = 0
    for number, title in state.axes:
        summary = axes[str(number)]
        if story:
            story.append(PageBreak())
        name = f"{ctx.label('axis')} {number} – {title}"
        story += [
            Heading(ctx.markup(name), styles.h1, [OutlineEntry(f"axis-{number}", name, 0)]),
            Paragraph(
                ctx.markup(_summary_line(summary).replace("del piano", "dell'asse")), styles.body
            ),
        ]
        story += _indicators(
            ctx, indicators.get(str(number), []), f"Indicatori dell'asse {number}", before
        )
        for code, s_title, axis in state.strategies:
            if axis != number:
                continue
            step += 1
            story += _strategy(
                ctx,
                code,
                s_title,
                strategies[code],
                actions.get(code, []),
                indicators.get(code, []),
                changed.get(code, []),
                before,
                step,
            )
    return story


def _strategy(
    ctx: SheetContext,
    code: str,
    title: str,
    summary: HealthSummary,
    actions: list[ActionState],
    indicators: list[IndicatorState],
    changes: list[Change],
    before: dict[int, str],
    step: int,
) -> list[Flowable]:
    styles = ctx.styles
    name = f"{ctx.label('strategy')} {code} – {title}"
    story: list[Flowable] = [
        CondPageBreak(KEEP_WITH_TABLE),
        Heading(ctx.markup(name), styles.h2, [OutlineEntry(f"strategy-{code}", name, 1)], step),
        Paragraph(
            ctx.markup(
                f"Andamento: {health_words(summary.health)} · punteggio {percent(summary.score)} "
                f"· avanzamento medio {percent(summary.progress)} "
                f"(atteso {percent(summary.expected_progress)})"
            ),
            styles.small,
        ),
    ]
    if not actions:
        story.append(ctx.para("Nessuna azione registrata.", styles.body))
    else:
        w = ACTION_WIDTHS
        rows = [
            [
                ctx.line(a.code, w[0], style=styles.cell_header),
                ctx.para(shorten(a.text, 220)),
                ctx.status_text(a.status, w[2]),
                health_text(ctx, a.health, w[3]),
                ctx.line(f"{a.progress} %", w[4], right=True),
                ctx.line(percent(a.expected_progress), w[5], right=True),
            ]
            for a in actions
        ]
        story.append(
            data_table(ctx, ACTION_COLUMNS, rows, w, right_from=4, title=f"{code} – Azioni")
        )
    story += _indicators(ctx, indicators, f"{code} – Indicatori", before)
    if changes:
        story.append(Paragraph("Cosa è cambiato dal periodo precedente", styles.h3))
        w = CHANGE_WIDTHS
        rows = [
            [
                ctx.line(c.code, w[0]),
                ctx.line(c.what, w[1]),
                ctx.line(c.old, w[2]),
                ctx.line(c.new, w[3]),
            ]
            for c in changes
        ]
        story.append(data_table(ctx, CHANGE_COLUMNS, rows, w, title=f"{code} – Variazioni"))
    return story


def _indicators(
    ctx: SheetContext, found: list[IndicatorState], title: str, before: dict[int, str]
) -> list[Flowable]:
    if not found:
        return []
    w = INDICATOR_WIDTHS
    rows = []
    for ind in found:
        rows.append(
            [
                ctx.line(ind.owner, w[0]),
                ctx.line(f"{ind.name}{f' ({ind.unit})' if ind.unit else ''}", w[1]),
                health_text(ctx, ind.health, w[2]),
                ctx.line(format_number(ind.baseline) or "—", w[3], right=True),
                ctx.line(target_text(ind.period_target), w[4], right=True),
                ctx.line(format_number(ind.target) or "—", w[5], right=True),
                ctx.line(before.get(ind.id, "—"), w[6], right=True),
                ctx.line(format_number(ind.value, ind.not_available) or "—", w[7], right=True),
            ]
        )
    return [
        Spacer(1, 2 * mm),
        data_table(ctx, INDICATOR_COLUMNS, rows, w, right_from=3, title=title),
    ]


def _rule(ctx: SheetContext, data: MonitoringData) -> list[Flowable]:
    styles = ctx.styles
    rule = data.report.state.rule
    story: list[Flowable] = [
        Heading(ctx.markup(RULE_TITLE), styles.h1, [OutlineEntry("rule", RULE_TITLE, 0)]),
        Paragraph(
            "L'andamento è calcolato da PSM Desktop, distinto dallo stato che l'ufficio "
            "dichiara. La regola applicata in questo resoconto:",
            styles.body,
        ),
    ]
    for line in rule.describe():
        story.append(Paragraph(f"<bullet>•</bullet>{ctx.markup(line)}", styles.body_bullet))
    story.append(Spacer(1, 3 * mm))
    legend = " · ".join(health_words(h) for h in Health)
    story.append(Paragraph(ctx.markup(f"Segni usati: {legend}."), styles.small))
    return story
