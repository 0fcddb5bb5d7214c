"""The campaign's merge report as PDF: per office what was proposed, accepted, rejected, why.

Same look as the other PDF documents (theme, fonts, styles, page frame); written atomically.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from psm_desktop.atomic_files import atomic_write
from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.flowables import Heading, OutlineEntry
from psm_desktop.exchange.pdf.layout import DocumentInfo, SheetDocument
from psm_desktop.exchange.pdf.parts import CONTENT_WIDTH, SheetContext, data_table
from psm_desktop.exchange.pdf.styles import build_styles
from psm_desktop.exchange.pdf.theme import Theme, load_theme
from psm_desktop.formatting import format_date, plural
from psm_desktop.services import Services
from psm_desktop.services.campaigns import CampaignInfo, ChangeRow, OfficeRow, due_text

TITLE = "Rapporto della campagna"
OUTCOME = {"proposta": "in attesa", "accettata": "accettata", "respinta": "respinta"}
SUMMARY = ["Ufficio", "Stato", "Rientrato il", "In attesa", "Accettate", "Respinte"]
_S = [0.0, 20 * mm, 31 * mm, 19 * mm, 21 * mm, 20 * mm]
SUMMARY_WIDTHS = [CONTENT_WIDTH - sum(_S) if w == 0 else w for w in _S]
CHANGES = ["Elemento", "Campo", "All'esportazione", "Proposto", "Esito e motivo"]
_C = [24 * mm, 30 * mm, 32 * mm, 32 * mm, 0.0]
CHANGE_WIDTHS = [CONTENT_WIDTH - sum(_C) if w == 0 else w for w in _C]


def write_pdf_report(
    services: Services,
    name: str,
    target: Path,
    *,
    theme: Theme | None = None,
    today: dt.date | None = None,
) -> Path:
    info = services.campaigns.get(name)
    board = services.campaigns.board(name, today=today)
    changes = services.campaigns.changes(name)
    ctx = SheetContext(
        styles=build_styles(theme or load_theme()),
        plan=services.plan.plan(),
        axes={},
        today=today or dt.date.today(),
    )
    story = campaign_story(ctx, info, board, changes)
    doc_info = DocumentInfo(
        title=f"{TITLE} «{info.name}»",
        subject=f"{ctx.plan.title}: campagna {info.name}, periodo {info.period}",
        plan_title=ctx.plan.title,
        generated_on=ctx.today,
    )
    target = Path(target)
    if target.is_dir():
        raise UserError(f"{target} è una cartella: scegli il nome del file PDF.")
    with atomic_write(target) as temp:  # a failure names the file and leaves nothing
        SheetDocument(temp, ctx.styles, doc_info).build_pdf(story)
    return target


def campaign_story(
    ctx: SheetContext, info: CampaignInfo, board: list[OfficeRow], changes: list[ChangeRow]
) -> list[Flowable]:
    styles = ctx.styles
    totals = defaultdict(int, {s: sum(c.state == s for c in changes) for s in OUTCOME})
    story: list[Flowable] = [
        Paragraph(ctx.markup(TITLE.upper()), styles.kicker),
        Paragraph(ctx.markup(f"{info.name} – periodo {info.period}"), styles.h1),
        Paragraph(
            ctx.markup(
                f"{ctx.plan.title}. Consegna {due_text(info)}; "
                f"situazione al {format_date(ctx.today)}."
            ),
            styles.body,
        ),
        Paragraph(
            ctx.markup(
                f"Rientrati {info.returned} di {plural(info.offices, 'ufficio', 'uffici')}, "
                f"validati {info.validated}. "
                f"{plural(len(changes), 'proposta', 'proposte')}: "
                f"accettate {totals['accettata']}, respinte {totals['respinta']}, "
                f"in attesa {totals['proposta']}."
            ),
            styles.small,
        ),
        Spacer(1, 2 * mm),
        Heading(ctx.markup("Uffici"), styles.h2, [OutlineEntry("offices", "Uffici", 0)]),
        data_table(
            ctx,
            SUMMARY,
            [
                [
                    ctx.para(r.office),
                    ctx.line(r.state, SUMMARY_WIDTHS[1]),
                    ctx.line(_when(r.returned_at), SUMMARY_WIDTHS[2]),
                    ctx.line(str(r.proposed), SUMMARY_WIDTHS[3], right=True),
                    ctx.line(str(r.accepted), SUMMARY_WIDTHS[4], right=True),
                    ctx.line(str(r.rejected), SUMMARY_WIDTHS[5], right=True),
                ]
                for r in board
            ],
            SUMMARY_WIDTHS,
            right_from=3,
            title="Uffici",
        ),
    ]
    by_office: dict[str, list[ChangeRow]] = defaultdict(list)
    for change in changes:
        by_office[change.office].append(change)
    for number, row in enumerate(board):
        rows = sorted(by_office.get(row.office, []), key=lambda c: (c.label, c.id))
        story += _office(ctx, row, rows, number)
    return story


def _office(
    ctx: SheetContext, row: OfficeRow, rows: list[ChangeRow], number: int
) -> list[Flowable]:
    styles = ctx.styles
    heading = Heading(
        ctx.markup(row.office), styles.h2, [OutlineEntry(f"office-{number}", row.office, 0)]
    )
    facts = f"Stato: {row.state}."
    if row.returned_at:
        facts += f" Rientrato il {_when(row.returned_at)}, file «{row.returned_file}»."
    elif row.sent_at:
        facts += f" Inviato il {_when(row.sent_at)}; nessun file rientrato."
    if not rows:
        facts += " Nessuna modifica proposta."
        return [heading, Paragraph(ctx.markup(facts), styles.body)]
    table = data_table(
        ctx,
        CHANGES,
        [
            [
                ctx.para(f"{c.entity} {c.label}"),
                ctx.para(c.field_label),
                ctx.para(c.shown_base),
                ctx.para(c.shown_proposed),
                ctx.para(_outcome(c)),
            ]
            for c in rows
        ],
        CHANGE_WIDTHS,
        title=row.office,
    )
    return [heading, Paragraph(ctx.markup(facts), styles.body), Spacer(1, 1.5 * mm), table]


def _outcome(change: ChangeRow) -> str:
    text = OUTCOME[change.state]
    if change.reason:
        text += f": {change.reason}"
    if change.decided_by:
        text += f" ({change.decided_by}, {_when(change.decided_at)})"
    return text


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else "—"
