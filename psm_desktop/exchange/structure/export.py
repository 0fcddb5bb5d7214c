"""Write the plan's structure to a workbook people can read, edit and import back.

One sheet per kind (Piano, Assi, Strategie, Azioni, Collegamenti) plus Istruzioni; bold
headers on a coloured row that stays in view, columns wide enough to read, codes written
as text cells (so `1.10` stays `1.10` after a re-save), text that looks like a formula kept
as text. The file is written atomically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psm_desktop.atomic_files import atomic_write
from psm_desktop.errors import UserError
from psm_desktop.exchange.structure.current import CurrentPlan, load_current
from psm_desktop.exchange.structure.layout import (
    ACTION_COLUMNS,
    ACTIONS,
    AXES,
    DATABASE_ID_LABEL,
    FORMAT_LABEL,
    FORMAT_MARKER,
    INSTRUCTIONS_SHEET,
    LINKS,
    PLAN,
    PLAN_FIELDS,
    STRATEGIES,
    Sheet,
    instruction_lines,
)
from psm_desktop.exchange.tracker.export import (
    DATE_FORMAT,
    FORMULA_STARTS,
    HEADER_FILL,
    LOCKED_FILL,
    font,
)
from psm_desktop.exchange.tracker.layout import EXCEL_TEXT_LIMIT
from psm_desktop.exchange.tracker.values import clean_text
from psm_desktop.exchange.workbook_files import save_workbook
from psm_desktop.formatting import format_date
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import Services

EXTRA_TEXT_ROWS = 200  # empty rows below the data whose code cells are already text


@dataclass(frozen=True, slots=True)
class StructureExport:
    path: Path
    axes: int
    strategies: int
    actions: int
    links: int


def export_structure(
    services: Services, target: Path, progress: ProgressCallback = no_progress
) -> StructureExport:
    """Write the structure of the plan to `target` (.xlsx).

    `progress` may raise `Cancelled`; the file is written whole or not at all (atomic_write).
    """
    progress(0, 3, "Lettura del piano…")
    with services.db.reading() as session:
        current = load_current(services, session)
    _check_cell_sizes(current)
    target = Path(target)
    progress(1, 3, "Preparazione della cartella di lavoro…")
    with atomic_write(target) as temp:
        workbook = _workbook(current)
        progress(2, 3, f"Scrittura di {target.name}…")
        save_workbook(workbook, temp)
    actions = current.actions
    return StructureExport(
        target,
        axes=len(current.axes),
        strategies=sum(len(a.strategies) for a in current.axes),
        actions=len(actions),
        links=len(current.links),
    )


def _check_cell_sizes(current: CurrentPlan) -> None:
    """A text a cell cannot hold would come back cut: refuse rather than lose words."""
    texts = [(f"Asse {a.node.code}", a.node.description) for a in current.axes]
    texts += [
        (f"Strategia {s.node.code}", s.node.description) for a in current.axes for s in a.strategies
    ]
    texts += [(f"Azione {a.code}", a.title) for a in current.actions]
    too_long = [label for label, text in texts if len(text) > EXCEL_TEXT_LIMIT]
    if too_long:
        raise UserError(
            f"{too_long[0]}: il testo supera i 32.767 caratteri che una cella di Excel può "
            "contenere, e la struttura non può essere esportata senza tagliarlo. Accorcia il "
            "testo nel programma e riprova."
        )


def _workbook(current: CurrentPlan) -> Any:
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "PSM Desktop"
    wb.properties.title = f"Struttura del piano — {current.plan.title}"
    writer = _Writer()
    plan = current.plan
    plan_rows: list[list[Any]] = [
        [label, getattr(plan, key) if key != "updated_on" else plan.updated_on]
        for key, label in PLAN_FIELDS
    ]
    plan_rows += [[DATABASE_ID_LABEL, current.database_id], [FORMAT_LABEL, FORMAT_MARKER]]
    ws = wb.active
    writer.sheet(ws, PLAN, plan_rows, grey_rows=2)
    ws.cell(len(PLAN_FIELDS) + 1, 2).number_format = DATE_FORMAT  # the update date
    writer.sheet(
        wb.create_sheet(AXES.name),
        AXES,
        [[int(a.node.code), a.node.title, a.node.description] for a in current.axes],
    )
    writer.sheet(
        wb.create_sheet(STRATEGIES.name),
        STRATEGIES,
        [
            [s.node.id, s.node.code, s.node.title, s.node.description]
            for a in current.axes
            for s in a.strategies
        ],
    )
    rows = []
    for action in current.actions:
        values = {"id": action.id, "code": action.code, "text": action.title}
        values.update(current.fields.get(action.id, {}))
        rows.append([values.get(c.field or c.key, "") for c in ACTION_COLUMNS])
    writer.sheet(wb.create_sheet(ACTIONS.name), ACTIONS, rows)
    writer.sheet(
        wb.create_sheet(LINKS.name),
        LINKS,
        [[a, b, note] for (a, b), note in sorted(current.links.items())],
    )
    _instructions(wb.create_sheet(INSTRUCTIONS_SHEET), current)
    return wb


class _Writer:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, PatternFill

        self.header_font = font(bold=True, color="FFFFFF")
        self.grey_font = font(color="595959")
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.grey_fill = PatternFill("solid", fgColor=LOCKED_FILL)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.top = Alignment(vertical="top")
        self.centre = Alignment(vertical="center", wrap_text=True)

    def sheet(self, ws: Any, sheet: Sheet, rows: list[list[Any]], grey_rows: int = 0) -> None:
        from openpyxl.utils import get_column_letter

        ws.title = sheet.name
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(1, index, column.header)
            cell.font, cell.fill, cell.alignment = self.header_font, self.header_fill, self.centre
            ws.column_dimensions[get_column_letter(index)].width = column.width
        for number, values in enumerate(rows, start=2):
            greyed = number > len(rows) + 1 - grey_rows
            for index, (column, value) in enumerate(zip(sheet.columns, values, strict=True), 1):
                cell = ws.cell(number, index)
                self.put(cell, value, code=column.code)
                cell.alignment = self.wrap if column.wrap else self.top
                if column.grey or greyed:
                    cell.font, cell.fill = self.grey_font, self.grey_fill
        for index, column in enumerate(sheet.columns, start=1):
            if column.code:  # so that codes typed in new rows stay text too
                for number in range(len(rows) + 2, len(rows) + 2 + EXTRA_TEXT_ROWS):
                    ws.cell(number, index).number_format = "@"
        ws.freeze_panes = sheet.freeze
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(rows) + 1}"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    @staticmethod
    def put(cell: Any, value: Any, *, code: bool) -> None:
        if isinstance(value, dt.date):
            cell.value = value
            cell.number_format = DATE_FORMAT
            return
        if code:
            value = "" if value is None else str(value)
            cell.number_format = "@"
        if isinstance(value, str):
            value = clean_text(value)
            cell.value = value or None
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True  # Excel and LibreOffice keep it text when edited
            return
        cell.value = value


def _instructions(ws: Any, current: CurrentPlan) -> None:
    from openpyxl.styles import Alignment

    ws.column_dimensions["A"].width = 110
    exported = format_date(dt.date.today())
    for number, (style, text) in enumerate(instruction_lines(current.plan.title, exported), 1):
        cell = ws.cell(number, 1, text or None)
        if text:
            cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if style == "title":
            cell.font = font(bold=True, sz=14)
        elif style == "head":
            cell.font = font(bold=True, sz=12)
