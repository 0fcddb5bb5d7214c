"""The campaign's merge report (.xlsx or .pdf): per office what was proposed, accepted,
rejected, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psm_desktop.atomic_files import atomic_write
from psm_desktop.errors import UserError
from psm_desktop.exchange.workbook_files import save_workbook
from psm_desktop.formatting import format_date
from psm_desktop.services import Services

SUMMARY_HEADERS = (
    ("Ufficio", 40),
    ("Stato", 14),
    ("Inviato il", 18),
    ("Rientrato il", 18),
    ("File rientrato", 40),
    ("Proposte in attesa", 12),
    ("Accettate", 12),
    ("Respinte", 12),
)
CHANGE_HEADERS = (
    ("N.", 8),
    ("Ufficio", 36),
    ("Elemento", 14),
    ("Codice o nome", 18),
    ("Campo", 22),
    ("Valore all'esportazione", 30),
    ("Valore proposto", 30),
    ("Esito", 12),
    ("Motivo", 40),
    ("Deciso da", 18),
    ("Deciso il", 18),
    ("File", 36),
)
STATE_WORDS = {"proposta": "in attesa", "accettata": "accettata", "respinta": "respinta"}


REPORT_SUFFIXES = (".pdf", ".xlsx")


def write_any_report(services: Services, name: str, target: Path) -> Path:
    """The report in the format `target`'s extension names (.pdf or .xlsx)."""
    suffix = Path(target).suffix.lower()
    if suffix == ".pdf":
        from psm_desktop.exchange.campaigns.report_pdf import write_pdf_report

        return write_pdf_report(services, name, Path(target))
    if suffix == ".xlsx":
        return write_report(services, name, Path(target))
    raise UserError(
        f"{Path(target).name}: il rapporto si scrive in PDF (.pdf) o in Excel (.xlsx); "
        "scegli un nome che finisca così."
    )


def write_report(services: Services, name: str, target: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    info = services.campaigns.get(name)
    board = services.campaigns.board(name)
    changes = services.campaigns.changes(name)
    wb = Workbook()
    ws = wb.active
    ws.title = "Riepilogo"
    ws.append(
        [f"Campagna «{info.name}» — periodo {info.period}, consegna {format_date(info.due_date)}"]
    )
    ws["A1"].font = Font(bold=True, size=13)
    _table(
        ws,
        SUMMARY_HEADERS,
        (
            [
                r.office,
                r.state,
                _when(r.sent_at),
                _when(r.returned_at),
                r.returned_file,
                r.proposed,
                r.accepted,
                r.rejected,
            ]
            for r in board
        ),
        start=3,
    )
    ws = wb.create_sheet("Proposte")
    _table(
        ws,
        CHANGE_HEADERS,
        (
            [
                c.id,
                c.office,
                c.entity,
                c.label,
                c.field_label,
                c.shown_base,
                c.shown_proposed,
                STATE_WORDS[c.state],
                c.reason,
                c.decided_by or "",
                _when(c.decided_at),
                c.source_file,
            ]
            for c in sorted(changes, key=lambda c: (c.office, c.id))
        ),
        start=1,
    )
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    with atomic_write(Path(target)) as temp:  # a failure names the file and leaves nothing
        save_workbook(wb, temp)
    return target


def _when(value: Any) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def _table(ws: Any, headers: tuple[tuple[str, int], ...], rows: Any, *, start: int) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (header, width) in enumerate(headers, 1):
        cell = ws.cell(start, col, header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        ws.column_dimensions[get_column_letter(col)].width = width
    last = start
    for last, values in enumerate(rows, start + 1):
        for col, value in enumerate(values, 1):
            ws.cell(last, col, value).data_type = "n" if isinstance(value, int) else "s"
    ws.freeze_panes = ws.cell(start + 1, 1)
    ws.auto_filter.ref = f"A{start}:{get_column_letter(len(headers))}{max(last, start + 1)}"
