"""Make a PDF document from a request: load the data in bulk, lay it out, write atomically."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from psm_desktop.atomic_files import atomic_write
from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.action_sheet import action_sheet
from psm_desktop.exchange.pdf.axis_sheet import AxisLinks, axis_sheet
from psm_desktop.exchange.pdf.contents import cover_and_index, outline_of
from psm_desktop.exchange.pdf.deadlines_report import deadlines_report
from psm_desktop.exchange.pdf.layout import DocumentInfo, SheetDocument
from psm_desktop.exchange.pdf.monitoring_report import TITLE, MonitoringData, monitoring_report
from psm_desktop.exchange.pdf.parts import SheetContext
from psm_desktop.exchange.pdf.requests import (
    ActionSheets,
    AxisSheet,
    DeadlinesReport,
    MonitoringReport,
    PdfRequest,
)
from psm_desktop.exchange.pdf.scripts import Field, script_warnings
from psm_desktop.exchange.pdf.sheet_health import SheetHealth, by_owner
from psm_desktop.exchange.pdf.styles import build_styles
from psm_desktop.exchange.pdf.text import shorten
from psm_desktop.exchange.pdf.theme import Theme, load_theme
from psm_desktop.formatting import format_date, plural
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import ActionFilter, DeadlineFilter, Services
from psm_desktop.services.dto import ActionDetail
from psm_desktop.services.monitoring.changes import compare, shown_value
from psm_desktop.services.monitoring.summary import summarize
from psm_desktop.services.plan_service import build_tree
from psm_desktop.services.report_data import ReportDataService


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    items: int  # sheets or deadlines in the document
    title: str
    # Text that will not print as typed (letters no font has, right-to-left scripts).
    warnings: tuple[str, ...] = ()


def export_pdf(
    services: Services,
    request: PdfRequest,
    target: Path,
    *,
    theme: Theme | None = None,
    today: dt.date | None = None,
    progress: ProgressCallback = no_progress,
) -> PdfResult:
    """Write the document asked for to `target` (replaced only when complete)."""
    progress(0, 0, "Lettura dei dati…")
    doc = build_story(services, request, theme=theme, today=today)
    pages = _write(target, doc.ctx, doc.story, doc.info, doc.items, progress)
    return PdfResult(
        path=target, pages=pages, items=doc.items, title=doc.info.title, warnings=doc.warnings
    )


@dataclass(frozen=True)
class Story:
    """A document before layout: its flowables and facts (the benchmark lays it out raw)."""

    ctx: SheetContext
    story: list[Flowable]
    info: DocumentInfo
    items: int
    warnings: tuple[str, ...] = ()


def build_story(
    services: Services,
    request: PdfRequest,
    *,
    theme: Theme | None = None,
    today: dt.date | None = None,
) -> Story:
    """Load the data in bulk and turn it into flowables."""
    ctx = SheetContext(
        styles=build_styles(theme or load_theme()),
        plan=services.plan.plan(),
        axes={a.number: a for a in services.plan.axes()},
        today=today or dt.date.today(),
    )
    if isinstance(request, AxisSheet):
        story, info, items, fields = _axis(services, ctx, request)
    elif isinstance(request, ActionSheets):
        story, info, items, fields = _actions(services, ctx, request)
    elif isinstance(request, MonitoringReport):
        story, info, items, fields = _monitoring(services, ctx, request)
    else:
        story, info, items, fields = _deadlines(services, ctx, request)
    theme = ctx.styles.theme
    warnings = script_warnings(
        ctx.styles.fonts.coverage, fields, str(theme.source or "pdf-theme.toml")
    )
    return Story(ctx=ctx, story=story, info=info, items=items, warnings=warnings)


# A document's flowables, facts, items, and the user texts it prints (checked for scripts).
Built = tuple[list[Flowable], DocumentInfo, int, list[Field]]


def _info(ctx: SheetContext, title: str, subject: str) -> DocumentInfo:
    return DocumentInfo(
        title=title, subject=subject, plan_title=ctx.plan.title, generated_on=ctx.today
    )


def _axis(services: Services, ctx: SheetContext, request: AxisSheet) -> Built:
    axis = services.plan.axis(request.axis)  # NotFoundError (a UserError) if missing
    data = ReportDataService(services.db)
    rows = data.axis_rows(axis.number, ctx.today)  # this axis only, not the whole plan
    node = build_tree([axis], services.plan.strategies(axis.number), rows)[0]
    if axis.linked_axes:
        numbers = {a.id: a.number for a in ctx.axes.values()}
        notes = {
            numbers[linked]: note
            for (start, linked), note in services.axis_links.links().items()
            if start == axis.id and linked in numbers
        }
        links = AxisLinks(numbers=axis.linked_axes, counts={}, stated=True, notes=notes)
    else:
        counts = data.derived_axis_links(axis.number)
        links = AxisLinks(numbers=tuple(counts), counts=counts, stated=False)
    items = sum(len(s.actions) for s in node.strategies)
    title = f"{ctx.label('axis_sheet')} {axis.number} – {axis.title}"
    info = _info(ctx, title, f"{ctx.plan.title}: {ctx.label('axis')} {axis.number}, {axis.title}")
    fields: list[Field] = [
        (f"{ctx.label('axis')} {axis.number}", "Titolo", axis.title),
        (f"{ctx.label('axis')} {axis.number}", "Descrizione", axis.description),
    ]
    fields += [
        (f"{ctx.label('axis')} {axis.number}", f"Nota del collegamento con l'Asse {n}", note)
        for n, note in links.notes.items()
    ]
    for strategy_node in node.strategies:
        strategy = strategy_node.strategy
        where = f"{ctx.label('strategy')} {strategy.code}"
        fields += [(where, "Titolo", strategy.title), (where, "Descrizione", strategy.description)]
        for row in strategy_node.actions:
            where = f"{ctx.label('action')} {row.code}"
            fields += [(where, "Testo", row.text), (where, "Responsabile", row.lead)]
    return axis_sheet(ctx, node, links, _sheet_health(services, ctx)), info, items, fields


def _actions(services: Services, ctx: SheetContext, request: ActionSheets) -> Built:
    if request.action_ids is not None:
        ids: list[int] = list(request.action_ids)
    else:
        flt = ActionFilter(
            axis=request.axis,
            stakeholder_id=request.stakeholder_id,
            statuses=frozenset({request.status}) if request.status else None,
        )
        ids = [row.id for row in services.actions.list_actions(flt, ctx.today)]
    details = ReportDataService(services.db).action_details(ids, ctx.today)
    if not details:
        raise UserError("Nessuna azione corrisponde alla scelta: il PDF non è stato creato.")
    if len(details) == 1:
        d = details[0]
        title = f"{ctx.label('action_sheet')} {d.code}"
        subject = f"{ctx.plan.title}: {shorten(d.text, 200)}"
        story = _action_story(ctx, details, _sheet_health(services, ctx, d.id))
    else:
        scope = _scope(services, request, ctx)
        title = f"{ctx.label('actions_document')} – {scope}"
        subject = f"{ctx.plan.title}: {plural(len(details), 'scheda', 'schede')}"
        health = _sheet_health(services, ctx)
        story = cover_and_index(ctx, details, scope) + _action_story(ctx, details, health)
    fields: list[Field] = []
    for d in details:
        where = f"{ctx.label('action')} {d.code}"
        fields += [
            (where, "Testo", d.text),
            (where, "Note", d.notes),
            (where, "Soggetti", " ".join(a.stakeholder_name for a in d.assignments)),
            (where, "Scadenze", " ".join(f"{x.title} {x.notes}" for x in d.deadlines)),
        ]
    return story, _info(ctx, title, subject), len(details), fields


def _scope(services: Services, request: ActionSheets, ctx: SheetContext) -> str:
    parts = []
    if request.axis is not None:
        parts.append(ctx.axis_name(request.axis))
    if request.stakeholder_id is not None:
        parts.append(services.stakeholders.get(request.stakeholder_id).name)
    if request.status is not None:
        parts.append(f"stato {request.status.label}")
    return ", ".join(parts) or "tutte le azioni"


def _action_story(
    ctx: SheetContext, details: list[ActionDetail], health: SheetHealth
) -> list[Flowable]:
    story: list[Flowable] = []
    for step, (detail, above) in enumerate(outline_of(ctx, details), start=1):
        if story:
            story.append(PageBreak())
        story += action_sheet(ctx, detail, above, progress_step=step, health=health)
    return story


def _sheet_health(
    services: Services, ctx: SheetContext, action_id: int | None = None
) -> SheetHealth:
    """The andamento the sheets print: of the open period, else of today with the latest
    period's values. One action's sheet reads only that action (the editor's light read)."""
    periods = services.periods.list_periods()
    open_period = next((p for p in periods if not p.closed), None)
    if open_period is not None:
        basis = (
            f"Andamento calcolato al {format_date(open_period.reference_date)}, data del "
            f"periodo «{open_period.name}», aperto: provvisorio fino alla chiusura."
        )
    elif periods:
        basis = (
            f"Andamento calcolato a oggi, {format_date(ctx.today)}, con i valori degli "
            f"indicatori del periodo «{periods[-1].name}» (nessun periodo è aperto)."
        )
    else:
        basis = (
            f"Andamento calcolato a oggi, {format_date(ctx.today)}: non ci sono periodi di "
            "monitoraggio, quindi nessun valore degli indicatori."
        )
    history = services.indicators.history()
    rollup = services.periods.rule().describe()[-1]
    if action_id is not None:
        one = services.periods.action_health(action_id, today=ctx.today)
        return SheetHealth(
            basis, {action_id: one.action}, by_owner(one.indicators), history, rollup
        )
    state = (
        services.periods.state(open_period.name)
        if open_period is not None
        else services.periods.state(None, ctx.today)
    )
    report = summarize(state)
    return SheetHealth(
        basis,
        {a.id: a for a in state.actions},
        by_owner(state.indicators),
        history,
        rollup,
        strategies={s.code: s for s in report.strategies},
        axes={s.code: s for s in report.axes},
    )


def _deadlines(services: Services, ctx: SheetContext, request: DeadlinesReport) -> Built:
    rows = services.deadlines.list_deadlines(
        DeadlineFilter(stakeholder_id=request.stakeholder_id, within_days=request.within_days),
        ctx.today,
    )
    rows = [d for d in rows if d.completed_on is None]
    scope = []
    if request.within_days is not None:
        until = ctx.today + dt.timedelta(days=request.within_days)
        scope.append(f"scadenze fino al {format_date(until)}")
    if request.stakeholder_id is not None:
        scope.append(f"responsabile {services.stakeholders.get(request.stakeholder_id).name}")
    title = ctx.label("deadlines_report") + "".join(f" – {s}" for s in scope)
    info = _info(ctx, title, f"{ctx.plan.title}: scadenze al {format_date(ctx.today)}")
    fields: list[Field] = []
    for d in rows:
        where = f"{ctx.label('action')} {d.action_code}"
        fields += [
            (where, "Testo", shorten(d.action_text)),
            (where, "Scadenze", f"{d.title} {shorten(d.notes, 160)}"),
            (where, "Responsabile", d.stakeholder_name),
        ]
    return deadlines_report(ctx, rows, scope), info, len(rows), fields


def _monitoring(services: Services, ctx: SheetContext, request: MonitoringReport) -> Built:
    period = services.periods.get(request.period)  # NotFoundError names the known ones
    periods = services.periods.list_periods()
    earlier = [p for p in periods if p.reference_date < period.reference_date]
    previous = earlier[-1] if earlier else None
    report = services.periods.health(period.name)
    # The trend stops at this period, so a later close does not change this report.
    trend = [t for t in services.periods.trend() if t.reference_date <= period.reference_date]
    changes = None
    before: dict[int, str] = {}
    if previous is not None:
        earlier_state = services.periods.state(previous.name)
        changes = compare(earlier_state, report.state)
        before = {i.id: shown_value(i) for i in earlier_state.indicators}
    data = MonitoringData(
        period=period,
        report=report,
        trend=trend,
        previous=previous,
        changes=changes,
        previous_values=before,
    )
    title = f"{TITLE} – {period.label}" + ("" if period.closed else " (provvisorio)")
    info = _info(ctx, title, f"{ctx.plan.title}: {period.name}, {period.label.lower()}")
    fields: list[Field] = []
    for action in report.state.actions:
        fields.append((f"{ctx.label('action')} {action.code}", "Testo", shorten(action.text)))
    for ind in report.state.indicators:
        fields.append((f"Indicatore di {ind.owner}", "Nome", ind.name))
    return monitoring_report(ctx, data), info, len(report.state.actions), fields


def _write(
    target: Path,
    ctx: SheetContext,
    story: list[Flowable],
    info: DocumentInfo,
    items: int,
    progress: ProgressCallback,
) -> int:
    """Lay out into a temporary file beside `target`, then rename it into place."""
    target = Path(target)
    if target.is_dir():
        raise UserError(f"{target} è una cartella: scegli il nome del file PDF.")
    with atomic_write(target) as temp:  # a failure names the file and leaves nothing
        doc = SheetDocument(temp, ctx.styles, info, progress=progress, progress_total=items)
        pages = doc.build_pdf(story)
    progress(items, items, "Fatto.")
    return pages
