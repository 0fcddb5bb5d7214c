"""Write a tracker workbook (openpyxl write-only mode: streaming, fast, low memory).

Write-only sheets still support frozen panes, widths, autofilter, data validation,
conditional formatting and sheet protection; every visible cell carries a style shared
per column (one StyleArray per column), so styling costs little per cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psm_desktop.atomic_files import atomic_write
from psm_desktop.errors import UserError
from psm_desktop.exchange.tracker.instructions import instruction_lines
from psm_desktop.exchange.tracker.layout import (
    ACTIONS,
    ASSIGNMENTS,
    BASE_FIELDS,
    BASE_SHEET,
    DEADLINES,
    FORMAT_MARKER,
    FORMAT_VERSION,
    INDICATORS,
    INSTRUCTIONS_SHEET,
    STAKEHOLDERS,
    TEXT_LIKE,
    Kind,
    SheetSpec,
)
from psm_desktop.exchange.tracker.scope import Scope, action_ids
from psm_desktop.exchange.tracker.snapshot import Record, Snapshot, load_snapshot
from psm_desktop.exchange.tracker.values import ILLEGAL_XML, TextReport, to_base, to_cell
from psm_desktop.exchange.workbook_files import save_workbook
from psm_desktop.formatting import plural
from psm_desktop.model import FundingSource, Priority, Role, StakeholderKind, Status
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import Services

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

logger = logging.getLogger(__name__)

EXTRA_ROWS = 200  # rows below the data prepared for new entries (validation, formats)
FORMULA_STARTS = ("=", "+", "-", "@")
_TYPE_CODES: dict[type, str] = {
    type(None): "n",
    int: "n",
    float: "n",
    Decimal: "n",
    bool: "b",
    dt.date: "d",
    dt.datetime: "d",
}
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = '0"%"'  # a whole number and a "%": typed 50 is 50 % (in a "0%" cell, 5000 %)
EURO_FORMAT = '#,##0.00" €"'
HEADER_FILL = "1F4E79"
LOCKED_FILL = "E7E6E6"
LOCKED_FONT = "595959"
LATE_FILL = "F8CBAD"
LINE_HEIGHT = 15.0
MAX_LINES = 12
INSTRUCTIONS_WIDTH = 72
# Every style names this font: LibreOffice ships it on every system, and "swiss" (family 2)
# makes Excel fall back to Arial, whose widths it shares. A style that names no font, or the
# theme's, lets LibreOffice pick a serif one.
FONT_NAME = "Liberation Sans"
FONT_FAMILY = 2
TITLE_COLUMNS = {"Azioni": "A:A", "Scadenze": "A:B", "Soggetti": "A:B", "Assegnazioni": "A:A"}
TITLE_COLUMNS["Indicatori"] = "A:C"
NO_PERIOD_TEXT = (
    "Nessun periodo di monitoraggio è aperto: questo tracker non raccoglie valori degli "
    "indicatori. Quando il coordinamento apre un periodo, esporta un nuovo tracker."
)


@dataclass
class ExportResult:
    path: Path
    scope: Scope
    actions: int = 0
    deadlines: int = 0
    stakeholders: int = 0
    assignments: int = 0
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> str:
        """'12 azioni, 1 scadenza, 3 soggetti, 5 assegnazioni' (what the file holds)."""
        return ", ".join(
            (
                plural(self.actions, "azione", "azioni"),
                plural(self.deadlines, "scadenza", "scadenze"),
                plural(self.stakeholders, "soggetto", "soggetti"),
                plural(self.assignments, "assegnazione", "assegnazioni"),
            )
        )


def export_tracker(
    services: Services,
    target: Path,
    scope: Scope | None = None,
    progress: ProgressCallback = no_progress,
    *,
    extra_meta: Mapping[str, str] | None = None,
) -> ExportResult:
    """Write the tracker of `scope` to `target` (atomically: temporary file, then rename).

    `extra_meta` (a campaign's id and office) joins the identity in the hidden sheet and
    in the workbook's custom properties.
    """
    scope = scope or Scope()
    progress(0, 0, "Lettura dei dati dal database…")
    report = TextReport()
    snapshot = load_snapshot(services, action_ids(services, scope), report)
    header = page_header(services, snapshot)
    return write_tracker(
        snapshot, header, target, scope, progress, extra_meta=extra_meta, report=report
    )


def write_tracker(
    snapshot: Snapshot,
    header: PageHeader,
    target: Path,
    scope: Scope,
    progress: ProgressCallback = no_progress,
    *,
    extra_meta: Mapping[str, str] | None = None,
    report: TextReport | None = None,
    extra_rows: int = EXTRA_ROWS,
) -> ExportResult:
    """Write a tracker of data already loaded: a campaign loads the database once for all
    its offices and cuts each office's part (`Snapshot.subset`). `extra_rows`: empty rows
    prepared (formats, drop-down lists) below the data of the sheets that take new rows."""
    target = Path(target)
    report = report or TextReport()
    result = ExportResult(
        target,
        scope,
        actions=len(snapshot.actions),
        deadlines=len(snapshot.deadlines),
        stakeholders=len(snapshot.stakeholders),
        assignments=len(snapshot.assignments),
    )
    page = _PageTexts(header.office, scope, header.period)
    with atomic_write(target) as temp:  # a failure names the file and leaves nothing
        _write_workbook(
            functools.partial(
                _fill_workbook,
                snap=snapshot,
                scope=scope,
                page=page,
                path=temp,
                report=report,
                progress=progress,
                extra=dict(extra_meta or {}),
                extra_rows=extra_rows,
            )
        )
    if report.cleaned:
        result.warnings.append(
            f"{plural(report.cleaned, 'testo conteneva', 'testi contenevano')} caratteri di "
            "controllo non ammessi in Excel: sono stati tolti nel tracker (il database non "
            "cambia)."
        )
    if report.truncated:
        result.warnings.append(
            f"{plural(report.truncated, 'testo superava', 'testi superavano')} i 32.767 "
            "caratteri di una cella di Excel: troncati nel tracker (il testo completo resta "
            "nel database)."
        )
    return result


class _Writer:
    """Styles shared per column, and cells made from them."""

    def __init__(self, wb: Any, report: TextReport) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, PatternFill, Protection

        self.wb = wb
        self.report = report
        self._cell_cls = WriteOnlyCell
        self._Alignment, self._Fill, self._Protection = Alignment, PatternFill, Protection
        self._Font = font
        self._style_attrs: dict[Any, str] = {}

    def prototype(self, ws: Any, kind: Kind, editable: bool, wrap: bool) -> Any:
        cell = self._cell_cls(ws)
        cell.alignment = self._Alignment(vertical="top", wrap_text=wrap)
        cell.protection = self._Protection(locked=not editable)
        if not editable:
            cell.fill = self._Fill("solid", fgColor=LOCKED_FILL)
            cell.font = self._Font(color=LOCKED_FONT)
        if kind is Kind.DATE:
            cell.number_format = DATE_FORMAT
        elif kind is Kind.PERCENT:
            cell.number_format = PERCENT_FORMAT
        elif kind is Kind.DECIMAL:
            cell.number_format = EURO_FORMAT
        elif kind in (Kind.TEXT, *TEXT_LIKE, Kind.GOALS, Kind.NAME, Kind.CODE, Kind.ZONE):
            cell.number_format = "@"  # typed text stays text in Excel and LibreOffice
        return cell

    def style_attr(self, ws: Any, kind: Kind, editable: bool, wrap: bool, quoted: bool) -> str:
        """' s="N"': the workbook's style of a column's cells, registered once per workbook
        (a prototype cell per column and sheet would register it a hundred times)."""
        key = (_style_group(kind), editable, wrap, quoted)
        found = self._style_attrs.get(key)
        if found is None:
            cell = self.prototype(ws, kind, editable, wrap)
            cell.quotePrefix = quoted
            found = self._style_attrs[key] = f' s="{cell.style_id}"'
        return found

    def header_attr(self, ws: Any) -> str:
        found = self._style_attrs.get("header")
        if found is None:
            (cell,) = self.header_cells(ws, [""])
            found = self._style_attrs["header"] = f' s="{cell.style_id}"'
        return found

    def header_cells(self, ws: Any, headers: Sequence[str]) -> list[Any]:
        cells = []
        for header in headers:
            cell = self._cell_cls(ws, header)
            cell.font = self._Font(bold=True, color="FFFFFF")
            cell.fill = self._Fill("solid", fgColor=HEADER_FILL)
            cell.alignment = self._Alignment(vertical="center", wrap_text=True)
            # Excel opens the filter arrows of a protected sheet only over unlocked headers.
            cell.protection = self._Protection(locked=False)
            cells.append(cell)
        return cells

    @staticmethod
    def styled_row(values: list[Any], protos: list[Any], quoted: list[Any]) -> Iterator[Any]:
        """The cells of one row, lazily, reusing one prototype cell per column.

        A write-only sheet writes each cell as soon as it is yielded, so a column's cell can
        be refilled for the next row: no cell object and no style lookup per value. Text
        that looks like a formula gets the quote-prefixed prototype and stays text.
        """
        for value, proto, quote in zip(values, protos, quoted, strict=True):
            if isinstance(value, str):
                cell = quote if value.startswith(FORMULA_STARTS) else proto
                cell.data_type = "s"
            else:
                cell = proto
                cell.data_type = _TYPE_CODES.get(type(value), "n")
            cell._value = value
            yield cell

    def text_cell(self, ws: Any, value: str) -> Any:
        """An unstyled cell holding `value` as text whatever it starts with."""
        cell = self._cell_cls(ws)
        cell._value = value
        cell.data_type = "s"
        return cell


def font(**kw: Any) -> Any:
    """A font that names its face (see FONT_NAME)."""
    from openpyxl.styles import Font

    return Font(name=FONT_NAME, family=FONT_FAMILY, **kw)


def _name_default_font(wb: Any) -> None:
    """The workbook's default font (used by every cell with no font of its own): ours."""
    from openpyxl.utils.indexed_list import IndexedList

    default = font(sz=11)
    wb._fonts = IndexedList([default])
    wb._named_styles["Normal"].font = default


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _write_workbook(fill: Callable[[Any], None]) -> None:
    """A streaming workbook given to `fill`, whose writers are stopped if it fails."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _name_default_font(wb)
    try:
        fill(wb)
    except BaseException:
        _discard(wb)
        raise


def _discard(wb: Any) -> None:
    """Stop the streaming writers of an abandoned workbook (cancelled or failed export)."""
    for ws in wb.worksheets:
        rows = getattr(ws, "_rows", None)
        if rows is not None:
            try:
                rows.close()
                ws._writer.close()
            except Exception:  # the file is thrown away anyway
                pass


def _fill_workbook(
    wb: Any,
    snap: Snapshot,
    scope: Scope,
    page: _PageTexts,
    path: Path,
    report: TextReport,
    progress: ProgressCallback,
    extra: dict[str, str],
    extra_rows: int = EXTRA_ROWS,
) -> None:
    wb.properties.creator = "PSM Desktop"
    wb.properties.title = f"Tracker {snap.plan.code} — {scope.label}"
    _identity_properties(wb, {"database_id": snap.plan.database_id, **extra})
    writer = _Writer(wb, report)
    total = len(snap.actions) + len(snap.deadlines) + len(snap.stakeholders)
    total += len(snap.assignments)
    total += len(snap.indicators)
    counter = _Counter(progress, max(total, 1) * 2)  # visible rows, then base rows
    names_ref = f"Soggetti!$B$2:$B${len(snap.stakeholders) + 1 + extra_rows}"
    codes_ref = f"Azioni!$A$2:$A${len(snap.actions) + 1}"

    ws = _sheet(wb, ACTIONS, len(snap.actions), page, freeze="B2")
    _actions_rules(ws, len(snap.actions))
    _write_rows(ws, writer, ACTIONS, snap.actions, counter)

    ws = _sheet(wb, DEADLINES, len(snap.deadlines) + extra_rows, page)
    _deadline_rules(ws, len(snap.deadlines) + extra_rows, names_ref, codes_ref)
    _write_rows(ws, writer, DEADLINES, snap.deadlines, counter, extra=extra_rows)

    ws = _sheet(wb, STAKEHOLDERS, len(snap.stakeholders) + extra_rows, page)
    _stakeholder_rules(ws, len(snap.stakeholders) + extra_rows, snap.zones)
    _write_rows(ws, writer, STAKEHOLDERS, snap.stakeholders, counter, extra=extra_rows)

    ws = _sheet(wb, ASSIGNMENTS, len(snap.assignments) + extra_rows, page)
    _assignment_rules(ws, len(snap.assignments) + extra_rows, names_ref, codes_ref)
    _write_rows(ws, writer, ASSIGNMENTS, snap.assignments, counter, extra=extra_rows)

    _write_indicators(wb, writer, snap, page, counter)
    _write_instructions(wb, writer, snap, scope, page)
    _write_base(wb, writer, snap, scope, counter, extra)
    progress(total * 2, total * 2, "Salvataggio del file…")
    save_workbook(wb, path)


class _Counter:
    def __init__(self, progress: ProgressCallback, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.done % 500 == 0:
            self.progress(self.done, self.total, "Scrittura del tracker…")


class _PageTexts:
    """Header and footer of every printed page: office, what and when, page N of M."""

    def __init__(self, office: str, scope: Scope, period: str) -> None:
        self.office = _header_text(office)
        self.what = "&A — " + _header_text(scope.label)  # &A: the sheet's name
        self.period = _header_text(period)

    def apply(self, ws: Any, *, landscape: bool = True) -> None:
        setup = ws.page_setup
        setup.paperSize = 9  # A4
        setup.orientation = "landscape" if landscape else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        setup.fitToWidth = 1  # every column on the page's width...
        setup.fitToHeight = 0  # ...and as many pages down as the rows need
        ws.print_options.gridLines = True
        header, footer = ws.oddHeader, ws.oddFooter
        header.left.text, header.center.text, header.right.text = (
            self.office,
            self.what,
            self.period,
        )
        footer.right.text = "Pagina &P di &N"
        for part in (header.left, header.center, header.right, footer.right):
            part.font, part.size = FONT_NAME, 9


@dataclass(frozen=True)
class PageHeader:
    """What every printed page of a run of trackers shares: the office and the period."""

    office: str
    period: str


def page_header(services: Services, snap: Snapshot) -> PageHeader:
    """The office (its settings, else the plan's issuer) and the period the tracker updates."""
    office = snap.plan.issuer
    try:
        from psm_desktop.exchange.pdf.theme import load_theme

        office = load_theme().office or office
    except (UserError, OSError, ValueError):  # a broken template must not stop an export
        logger.info("Intestazione del tracker: impostazioni ufficio non lette", exc_info=True)
    period = f"Piano {snap.plan.period}"
    current = services.periods.open_period()
    if current is not None:
        period += f" · {current.label}"
    period += f" · esportato il {dt.date.today():%d/%m/%Y}"
    return PageHeader(office, period)


def _header_text(text: str) -> str:
    """Text as a header shows it: "&" starts a code there, "&&" is the character."""
    return text.replace("&", "&&")


def _sheet(
    wb: Any, spec: SheetSpec, rows: int, page: _PageTexts, freeze: str = "A2"
) -> WriteOnlyWorksheet:
    ws = wb.create_sheet(spec.name)
    for index, column in enumerate(spec.columns, 1):
        ws.column_dimensions[_column_letter(index)].width = column.width
        if column.hidden:
            ws.column_dimensions[_column_letter(index)].hidden = True
    ws.freeze_panes = freeze
    last = _column_letter(len(spec.columns))
    ws.auto_filter.ref = f"A1:{last}{rows + 1}"
    ws.print_title_rows = "1:1"  # the headers and the code column on every printed page
    ws.print_title_cols = TITLE_COLUMNS[spec.name]
    page.apply(ws)
    return ws


def _write_rows(
    ws: Any,
    writer: _Writer,
    spec: SheetSpec,
    records: list[Record],
    counter: _Counter,
    extra: int = 0,
) -> None:
    if raw_rows_possible():
        _write_raw_rows(ws, writer, spec, records, counter, extra)
        return
    ws.row_dimensions[1].height = 2 * LINE_HEIGHT  # headers such as "Avanzamento %" wrap
    ws.append(writer.header_cells(ws, [c.header for c in spec.columns]))
    protos = [writer.prototype(ws, c.kind, c.editable, c.wrap) for c in spec.columns]
    quoted = []
    for c in spec.columns:
        proto = writer.prototype(ws, c.kind, c.editable, c.wrap)
        proto.quotePrefix = True
        quoted.append(proto)
    kinds = [(c.key, c.kind) for c in spec.columns]
    report = writer.report
    _stream_cells(ws)
    wrapped = [(c.key, c.width) for c in spec.columns if c.wrap]
    dims = ws.row_dimensions
    for row_idx, record in enumerate(records, 2):
        values = record.values
        lines = _lines_needed(values, wrapped)
        if lines > 1:  # neither Excel nor LibreOffice fits row heights of a file on opening
            dims[row_idx].height = LINE_HEIGHT * lines
        cells = [to_cell(kind, values.get(key), report) for key, kind in kinds]
        ws.append(writer.styled_row(cells, protos, quoted))
        counter.step()
    # Empty rows with the column styles, so new entries are typed as dates/text/etc.
    empty = [None] * len(protos)
    for _ in range(extra):
        ws.append(writer.styled_row(empty, protos, quoted))


def _write_raw_rows(
    ws: Any,
    writer: _Writer,
    spec: SheetSpec,
    records: list[Record],
    counter: _Counter,
    extra: int,
) -> None:
    """`_write_rows` with each row written as XML text (see `RawRows`)."""
    rows = RawRows(ws)
    head = writer.header_attr(ws)
    rows.append([(head, c.header) for c in spec.columns], 2 * LINE_HEIGHT)
    styles = [
        (
            writer.style_attr(ws, c.kind, c.editable, c.wrap, False),
            writer.style_attr(ws, c.kind, c.editable, c.wrap, True),
        )
        for c in spec.columns
    ]
    kinds = [(c.key, c.kind) for c in spec.columns]
    report = writer.report
    wrapped = [(c.key, c.width) for c in spec.columns if c.wrap]
    for record in records:
        values = record.values
        lines = _lines_needed(values, wrapped)
        cells = []
        for (key, kind), (plain, quoted) in zip(kinds, styles, strict=True):
            value = to_cell(kind, values.get(key), report)
            quote = isinstance(value, str) and value.startswith(FORMULA_STARTS)
            cells.append((quoted if quote else plain, value))
        # Neither Excel nor LibreOffice fits row heights of a file on opening.
        rows.append(cells, LINE_HEIGHT * lines if lines > 1 else None)
        counter.step()
    # Empty rows with the column styles, so new entries are typed as dates/text/etc.
    empty = [(plain, None) for plain, _ in styles]
    for _ in range(extra):
        rows.append(empty)
    rows.flush()


@functools.cache
def raw_rows_possible() -> bool:
    """Whether this openpyxl writes sheets through et_xmlfile, whose stream takes text.

    With lxml installed openpyxl streams through lxml instead: the cells are then written
    as cells, as before (slower, same workbook).
    """
    from openpyxl import LXML
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    return not LXML and hasattr(WriteOnlyWorksheet, "_values_to_row")


RAW_BATCH = 256


class RawRows:
    """The rows of a write-only sheet written as the XML text openpyxl would write for them.

    openpyxl serialises every cell as an element through et_xmlfile, in pure Python: most
    of a campaign's export time. Our cells have one style per column and a plain value, so
    their text is built here and handed to the sheet's stream as it is (`_file` is that
    stream's write). A row is a list of (' s="N"' or "", value); values are None, text,
    numbers, booleans or dates, as `to_cell` and `to_base` give them. Rows are handed over a
    few hundred at a time: `flush` after the last one.
    """

    def __init__(self, ws: Any) -> None:
        from openpyxl.utils.datetime import to_excel

        ws._get_writer()  # writes what comes before the rows: widths, panes...
        ws._values_to_row = lambda values, row_idx: values
        ws._writer.write_row = lambda xf, row, row_idx: xf._file(row[0])
        self.ws = ws
        self.row = 0
        self.to_excel = to_excel
        self.letters: list[str] = []
        self.pending: list[str] = []  # rows handed to the sheet's stream a few hundred at once

    def append(self, cells: Sequence[tuple[str, Any]], height: float | None = None) -> None:
        self.row += 1
        row = str(self.row)
        letters = self.letters
        while len(letters) < len(cells):
            letters.append(_column_letter(len(letters) + 1))
        if height:
            parts = [f'<row r="{row}" ht="{height:.16g}" customHeight="1">']
        else:
            parts = [f'<row r="{row}">']
        for letter, (style, value) in zip(letters, cells, strict=False):
            ref = letter + row
            if value is None:
                parts.append(f'<c r="{ref}"{style} t="n"/>')
            elif isinstance(value, str):
                parts.append(_text_xml(ref, style, value))
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (dt.date, dt.datetime)):
                parts.append(f'<c r="{ref}"{style} t="n"><v>{self.to_excel(value):.16g}</v></c>')
            elif isinstance(value, (int, float, Decimal)):
                number = f"{float(value):.16g}" if math.isfinite(value) else ""
                parts.append(f'<c r="{ref}"{style} t="n"><v>{number}</v></c>')
            else:
                parts.append(_text_xml(ref, style, str(value)))
        parts.append("</row>")
        self.pending.append("".join(parts))
        if len(self.pending) >= RAW_BATCH:
            self.flush()

    def flush(self) -> None:
        """Hand the rows kept so far to the sheet (call it once the last row is appended)."""
        if self.pending:
            self.ws.append(["".join(self.pending)])
            self.pending.clear()


def _text_xml(ref: str, style: str, text: str) -> str:
    if not text:
        return f'<c r="{ref}"{style} t="inlineStr"/>'
    if not text.isprintable():
        text = ILLEGAL_XML.sub("", text)  # a file with one of these would not open
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _style_group(kind: Kind) -> Any:
    """What of a column's kind its style depends on (the number format)."""
    if kind in (Kind.DATE, Kind.PERCENT, Kind.DECIMAL):
        return kind
    if kind in (Kind.TEXT, *TEXT_LIKE, Kind.GOALS, Kind.NAME, Kind.CODE, Kind.ZONE):
        return "text"
    return None


def _stream_cells(ws: Any) -> None:
    """Let a write-only sheet take our cells as they come.

    `WriteOnlyWorksheet._values_to_row` assigns every appended value to a fresh cell and,
    for a value that is itself a cell, only finds out through a ValueError: costly at a
    million cells. Our rows are already cells with their column's style, so number them.
    """
    if not hasattr(ws, "_values_to_row"):  # another openpyxl: keep its own way
        return

    def numbered(values: Iterator[Any], row_idx: int) -> Iterator[Any]:
        for col_idx, cell in enumerate(values, 1):
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    ws._values_to_row = numbered


def _lines_needed(values: dict[str, Any], wrapped: list[tuple[str, float]]) -> int:
    """Lines the tallest wrapped cell of a row needs (about 1.1 characters per width unit)."""
    most = 1
    for key, width in wrapped:
        text = values.get(key)
        if isinstance(text, str) and len(text) > width:
            per_line = max(int(width * 1.1), 1)
            lines = sum(len(part) // per_line + 1 for part in text.split("\n"))
            most = max(most, lines)
        elif isinstance(text, str) and "\n" in text:
            most = max(most, text.count("\n") + 1)
    return min(most, MAX_LINES)


def _list_validation(ws: Any, formula: str, ref: str, title: str, *, strict: bool) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=title,
        error=(
            f"Scegli un valore dell'elenco per «{title}»."
            if strict
            else f"«{title}»: il valore non è nell'elenco. Confermi?"
        ),
    )
    dv.add(ref)
    ws.data_validations.append(dv)


def _inline(labels: Sequence[str]) -> str | None:
    """An inline drop-down list, if it fits Excel's 255-character limit for it."""
    text = ",".join(labels)
    return f'"{text}"' if len(text) <= 250 and all("," not in x for x in labels) else None


def _col(spec: SheetSpec, key: str) -> str:
    return _column_letter(spec.index(key) + 1)


def _range(spec: SheetSpec, key: str, rows: int) -> str:
    letter = _col(spec, key)
    return f"{letter}2:{letter}{rows + 1}"


def _enum_validation(ws: Any, spec: SheetSpec, key: str, labels: list[str], rows: int) -> None:
    formula = _inline(labels)
    if formula:
        header = spec.by_key[key].header
        _list_validation(ws, formula, _range(spec, key, rows), header, strict=True)


def _actions_rules(ws: Any, rows: int) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    if rows == 0:
        return
    _enum_validation(ws, ACTIONS, "status", Status.labels(), rows)
    _enum_validation(ws, ACTIONS, "priority", Priority.labels(), rows)
    _enum_validation(ws, ACTIONS, "funding_source", FundingSource.labels(), rows)
    dv = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Avanzamento %",
        error="Scrivi un numero intero da 0 a 100, senza il segno % (per esempio 50).",
    )
    dv.add(_range(ACTIONS, "progress", rows))
    ws.data_validations.append(dv)
    status, end, late = _col(ACTIONS, "status"), _col(ACTIONS, "end_date"), _col(ACTIONS, "overdue")
    closed = [s.label for s in Status if s.is_closed]
    formula = (
        f'OR(${late}2="Sì",AND(${end}2<>"",${end}2<TODAY(),'
        + ",".join(f'${status}2<>"{label}"' for label in closed)
        + "))"
    )
    last = _column_letter(len(ACTIONS.columns))
    ws.conditional_formatting.add(
        f"A2:{last}{rows + 1}",
        FormulaRule(formula=[formula], fill=PatternFill("solid", bgColor=LATE_FILL)),
    )
    ws.protection.sheet = True  # no password: it guards against slips, not people
    ws.protection.autoFilter = False  # False: not protected, so filtering is allowed
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _deadline_rules(ws: Any, rows: int, names_ref: str, codes_ref: str) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    _list_validation(
        ws, names_ref, _range(DEADLINES, "stakeholder", rows), "Responsabile", strict=False
    )
    _list_validation(
        ws, codes_ref, _range(DEADLINES, "action_code", rows), "Codice azione", strict=False
    )
    due, done = _col(DEADLINES, "due_date"), _col(DEADLINES, "completed_on")
    last = _column_letter(len(DEADLINES.columns))
    ws.conditional_formatting.add(
        f"A2:{last}{rows + 1}",
        FormulaRule(
            formula=[f'AND(${done}2="",${due}2<>"",${due}2<TODAY())'],
            fill=PatternFill("solid", bgColor=LATE_FILL),
        ),
    )
    ws.conditional_formatting.add(
        f"A2:{last}{rows + 1}",
        FormulaRule(formula=[f'${done}2<>""'], font=Font(color="808080")),
    )


def _stakeholder_rules(ws: Any, rows: int, zones: list[str]) -> None:
    _enum_validation(ws, STAKEHOLDERS, "kind", StakeholderKind.labels(), rows)
    _enum_validation(ws, STAKEHOLDERS, "zone", zones, rows)


def _assignment_rules(ws: Any, rows: int, names_ref: str, codes_ref: str) -> None:
    _enum_validation(ws, ASSIGNMENTS, "role", Role.labels(), rows)
    _list_validation(
        ws, names_ref, _range(ASSIGNMENTS, "stakeholder", rows), "Soggetto", strict=False
    )
    _list_validation(
        ws, codes_ref, _range(ASSIGNMENTS, "action_code", rows), "Codice azione", strict=False
    )


def _write_indicators(
    wb: Any, writer: _Writer, snap: Snapshot, page: _PageTexts, counter: _Counter
) -> None:
    """The open period's values of the indicators in scope; without one, a sentence only."""
    if snap.period is None:
        ws = wb.create_sheet(INDICATORS.name)
        ws.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
        page.apply(ws, landscape=False)
        ws.print_options.gridLines = False
        cell = writer.text_cell(ws, NO_PERIOD_TEXT)
        cell.font = font(size=11)
        cell.alignment = writer._Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[1].height = LINE_HEIGHT * 3
        ws.append([cell])
        return
    rows = len(snap.indicators)
    ws = _sheet(wb, INDICATORS, rows, page, freeze="D2")
    _write_rows(ws, writer, INDICATORS, snap.indicators, counter)
    if rows:
        _indicator_rules(ws, rows)


def _indicator_rules(ws: Any, rows: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    value = _col(INDICATORS, "value")
    dv = DataValidation(
        type="custom",
        formula1=f'OR(ISNUMBER({value}2),{value}2="n.d.")',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Valore del periodo",
        error="Scrivi un numero (per esempio 12,5) oppure n.d. se il dato non è disponibile.",
    )
    dv.add(_range(INDICATORS, "value", rows))
    ws.data_validations.append(dv)
    _protect(ws)


def _protect(ws: Any) -> None:
    ws.protection.sheet = True  # no password: it guards against slips, not people
    ws.protection.autoFilter = False  # False: not protected, so filtering is allowed
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _write_instructions(
    wb: Any, writer: _Writer, snap: Snapshot, scope: Scope, page: _PageTexts
) -> None:
    from openpyxl.styles import Alignment

    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    ws.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    page.apply(ws, landscape=False)  # A4 portrait: the one column fits the page
    ws.print_options.gridLines = False
    exported = dt.datetime.now().strftime("%d/%m/%Y alle %H:%M")
    fonts = {
        "title": font(bold=True, size=14, color=HEADER_FILL),
        "head": font(bold=True, size=12),
        "text": font(size=11),
    }
    wrap = Alignment(wrap_text=True, vertical="top")
    lines = instruction_lines(snap.plan.title, scope.label, exported)
    raw = RawRows(ws) if raw_rows_possible() else None
    styles: dict[str, str] = {}
    for row, (style, text) in enumerate(lines, 1):
        needed = _lines_needed({"text": text}, [("text", INSTRUCTIONS_WIDTH * 0.9)])
        height = LINE_HEIGHT * (1.4 if style == "title" else 1.1) * needed
        if raw is not None and style in styles:  # the style of the line's kind, known
            raw.append([(styles[style], text)], height)
            continue
        cell = writer.text_cell(ws, text)
        cell.font = fonts[style]
        cell.alignment = wrap
        if raw is not None:
            styles[style] = f' s="{cell.style_id}"'
            raw.append([(styles[style], text)], height)
        else:
            ws.row_dimensions[row].height = height
            ws.append([cell])
    if raw is not None:
        raw.flush()


def _identity_properties(wb: Any, identity: Mapping[str, str]) -> None:
    """Where the file comes from, also in File > Properties (custom properties "PSM ...")."""
    from openpyxl.packaging.custom import StringProperty

    for key, value in identity.items():
        wb.custom_doc_props.append(StringProperty(name=f"PSM {key}", value=str(value)))


def _write_base(
    wb: Any,
    writer: _Writer,
    snap: Snapshot,
    scope: Scope,
    counter: _Counter,
    extra: Mapping[str, str] | None = None,
) -> None:
    """The very hidden sheet: who/what/when, and every exported editable value as text."""
    ws = wb.create_sheet(BASE_SHEET)
    ws.sheet_state = "veryHidden"
    raw = RawRows(ws) if raw_rows_possible() else None

    def append(values: list[Any]) -> None:
        if raw is None:
            ws.append(values)
        else:
            raw.append([("", v) for v in values])

    def text(value: str) -> Any:
        """Text that stays text whatever it starts with ("=...": no formula)."""
        return value if raw is not None else writer.text_cell(ws, value)

    meta = {
        "format": FORMAT_MARKER,
        "version": str(FORMAT_VERSION),
        "plan_code": snap.plan.code,
        "plan_title": snap.plan.title,
        "scope": scope.encode(),
        "scope_label": scope.label,
        "exported_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "database_id": snap.plan.database_id,
        "log_mark": str(snap.log_mark),  # how far the change log went (ids given again)
        **(extra or {}),
    }
    for key, value in meta.items():
        append(["meta", key, text(value)])
    if snap.period is not None:  # the period whose indicator values the tracker collects
        append(["meta", "indicator_period", text(snap.period.name)])
    specs = {"A": ACTIONS, "D": DEADLINES, "S": STAKEHOLDERS, "G": ASSIGNMENTS, "I": INDICATORS}
    sources: dict[str, Callable[[], list[Record]]] = {
        "A": lambda: snap.actions,
        "D": lambda: snap.deadlines,
        "S": lambda: snap.stakeholders,
        "G": lambda: snap.assignments,
        "I": lambda: snap.indicators,
    }
    for code, fields in BASE_FIELDS.items():
        append(["fields", code, *fields])
        spec = specs[code]
        kinds = [spec.by_key[f].kind if f in spec.by_key else Kind.ID for f in fields]
        for record in sources[code]():
            row: list[Any] = [code]
            for f, kind in zip(fields, kinds, strict=True):
                value = to_base(kind, record.values.get(f))
                row.append(text(value) if value.startswith(FORMULA_STARTS) else value)
            append(row)
            counter.step()
    if raw is not None:
        raw.flush()
