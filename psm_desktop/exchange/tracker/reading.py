"""Read a tracker back: tolerant of what other offices and their spreadsheet programs did.

Headers are found by name (any order, extra columns ignored with a warning), empty rows
are skipped, values are coerced (see values.py). Every problem is collected with its
sheet, row and column; the caller adds those of the merge and reports them all at once in
a TrackerError (see `all_problems`). Rows are streamed (rows.py), so gaps cost nothing and
Cancel is heard inside the loops.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psm_desktop.errors import Problem, ValidationError
from psm_desktop.exchange.tracker.fast_read import FastSheet, open_fast
from psm_desktop.exchange.tracker.layout import (
    ACTIONS,
    ASSIGNMENTS,
    BASE_SHEET,
    DATA_SHEETS,
    DEADLINES,
    FORMAT_MARKER,
    FORMAT_VERSION,
    INDICATORS,
    INSTRUCTIONS_SHEET,
    STAKEHOLDERS,
    Column,
    Kind,
    SheetSpec,
    base_column,
    header_lookup,
    normalise_header,
)
from psm_desktop.exchange.tracker.rows import (
    ErrorValue,
    Formula,
    RowValues,
    number_format,
    open_workbook,
    stream_rows,
)
from psm_desktop.exchange.tracker.safety import TrackerFileError, check_tracker_file
from psm_desktop.exchange.tracker.values import (
    CellError,
    base_reader,
    is_percent_format,
    name_key,
    norm_name,
    read_axes,
    read_code,
    read_cup,
    read_date,
    read_decimal,
    read_enum,
    read_goals,
    read_id,
    read_measure,
    read_percent,
    read_pnrr,
    read_sectors,
    read_text,
    read_whole_percent,
    read_zones,
)
from psm_desktop.formatting import plural
from psm_desktop.progress import Cancelled, ProgressCallback, no_progress

log = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 10
MAX_LISTED_PROBLEMS = 200  # more would bury the first ones
MAX_LOGGED_PROBLEMS = 5000

# Grey (read-only) columns compared with the database to tell the office its edit there is
# ignored. Derived columns (next deadline, overdue) are left out: they change by themselves.
GREY_CHECKED: dict[str, tuple[str, ...]] = {
    ACTIONS.code: ("axis", "strategy", "text", "lead", "involved"),
}


class TrackerError(ValidationError):
    """The tracker has problems; the message lists them (sheet, row, column), a few hundred
    at most, and says how many more there are."""

    def __init__(self, problems: list[Problem], file_name: str = "") -> None:
        super().__init__(problems)
        total = len(self.problems)
        if total > MAX_LISTED_PROBLEMS:
            if log.isEnabledFor(logging.INFO):  # the log rotates at 1 MB: not all of them
                logged = self.problems[:MAX_LOGGED_PROBLEMS]
                log.info(
                    "Problemi del tracker %s: %d, i primi %d:\n%s",
                    file_name,
                    total,
                    len(logged),
                    "\n".join(str(p) for p in logged),
                )
            shown = self.problems[:MAX_LISTED_PROBLEMS]
            found = plural(total, "problema", "problemi")
            more = plural(total - len(shown), "altro problema", "altri problemi")
            self.message = "\n".join(
                [
                    f"Sono stati trovati {found} in tutto; ecco i primi {len(shown)}:",
                    *(f"- {p}" for p in shown),
                    f"- … e {more}: correggi questi e importa di nuovo il file per vedere gli "
                    "altri (il registro dell'applicazione ne elenca fino a "
                    f"{MAX_LOGGED_PROBLEMS:,}).".replace(",", "."),
                ]
            )
        if file_name:
            self.message = f"Il tracker {file_name} non è stato importato.\n{self.message}"
        self.args = (self.message,)


_PLACE = re.compile(r"^(?P<sheet>[^,]+)(?:, riga (?P<row>\d+))?")
_SHEET_ORDER = {spec.name: index for index, spec in enumerate((*DATA_SHEETS, INDICATORS))}


def all_problems(read: list[Problem], *later: list[Problem]) -> list[Problem]:
    """The problems of reading, merge and trial as one list, sheet by sheet and row by row.

    A cell that could not be read is reported once: what later steps say about the same
    place (a missing value, because the unreadable one was left out) is dropped.
    """
    places = {p.where for p in read}
    seen = set(read)
    merged = list(read)
    for problems in later:
        for problem in problems:
            if problem.where not in places and problem not in seen:
                seen.add(problem)
                merged.append(problem)

    def order(problem: Problem) -> tuple[int, int]:
        found = _PLACE.match(problem.where)
        if found is None:
            return (len(_SHEET_ORDER), 0)
        sheet = _SHEET_ORDER.get(found.group("sheet"), len(_SHEET_ORDER))
        return (sheet, int(found.group("row") or 0))

    return sorted(merged, key=order)


@dataclass
class Row:
    """One data row of a sheet: its number in the sheet and the values read (canonical)."""

    number: int
    values: dict[str, Any]
    grey: dict[str, Any] = field(default_factory=dict)  # read-only cells, as found

    def where(self, sheet: SheetSpec) -> str:
        return f"{sheet.name}, riga {self.number}"


@dataclass
class TrackerContent:
    file_name: str
    meta: dict[str, str]
    base: dict[str, list[dict[str, Any]]]  # record code (A, D, S, G) -> base records
    rows: dict[str, list[Row]]  # record code -> rows of the visible sheet
    columns: dict[str, set[str]]  # record code -> keys of the columns found
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # of the cells and sheets

    @property
    def plan_code(self) -> str:
        return self.meta.get("plan_code", "")

    @property
    def exported_at(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.meta.get("exported_at", ""))
        except ValueError:
            return None


def read_tracker(
    path: Path,
    *,
    zones: Sequence[str],
    axes: Sequence[int],
    progress: ProgressCallback = no_progress,
) -> TrackerContent:
    """Read a tracker file; raise TrackerFileError if it cannot be read as one at all.

    The problems of its cells and sheets are in `content.problems`: the caller merges the
    rows that could be read and reports every problem at once.
    """
    path = Path(path)
    check_tracker_file(path)
    progress(0, 0, "Apertura del tracker…")
    wb = _load(path)
    try:
        return _read(wb, path.name, zones, axes, progress)
    except (TrackerFileError, TrackerError, Cancelled):
        raise
    except Exception as exc:  # damaged XML found while streaming the sheets
        raise _damaged(path.name, exc) from exc
    finally:
        wb.close()


def _causes(exc: BaseException) -> list[str]:
    """Names of the exception and of those it wraps (openpyxl wraps parse errors)."""
    names: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(names) < 10:
        names.append(type(current).__name__)
        current = current.__cause__ or current.__context__
    return names


def _damaged(name: str, exc: BaseException) -> TrackerFileError:
    causes = _causes(exc)
    log.info("Tracker %s illeggibile (%s)", name, " <- ".join(causes), exc_info=exc)
    if {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"} & set(causes):
        return TrackerFileError(
            f"Il file {name} contiene costrutti XML pericolosi (entità o DTD) e non è stato "
            "aperto. Un tracker esportato da PSM Desktop non li contiene."
        )
    return TrackerFileError(
        f"Il file {name} è danneggiato e non si riesce a leggerlo: aprilo in Excel o "
        "LibreOffice e salvalo di nuovo come .xlsx, oppure fatti mandare di nuovo il file "
        "(i dettagli tecnici sono nel registro)."
    )


def _load(path: Path) -> Any:
    try:
        return open_fast(path) or open_workbook(path)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise _damaged(path.name, exc) from exc


def _find_sheets(wb: Any, name: str) -> list[str]:
    """Titles of the sheets named `name`, ignoring case and spacing ("AZIONI " too)."""
    wanted = normalise_header(name)
    return [title for title in wb.sheetnames if normalise_header(title) == wanted]


def _find_sheet(wb: Any, name: str, problems: list[Problem]) -> Any:
    """The sheet named `name`; two sheets named alike are a problem, never a silent pick."""
    titles = _find_sheets(wb, name)
    if not titles:
        return None
    if len(titles) > 1:
        listed = " e ".join(f"«{title}»" for title in titles)
        problems.append(
            Problem(
                name,
                f"il file ha {len(titles)} fogli con questo nome ({listed}, che differiscono "
                "solo per maiuscole o spazi): non si sa quale importare. Tieni un solo foglio "
                f"«{name}» con le modifiche ed elimina o rinomina gli altri.",
            )
        )
        return None
    return wb[titles[0]]


def _read(
    wb: Any, file_name: str, zones: Sequence[str], axes: Sequence[int], progress: ProgressCallback
) -> TrackerContent:
    problems: list[Problem] = []
    base_titles = _find_sheets(wb, BASE_SHEET)
    if len(base_titles) > 1:
        raise TrackerFileError(
            f"Il file {file_name} contiene più copie del foglio nascosto con i dati di "
            "riferimento: non si possono riconoscere le modifiche. Esporta un nuovo tracker."
        )
    if not base_titles:
        raise TrackerFileError(
            f"Il file {file_name} non è un tracker esportato da PSM Desktop (manca il foglio "
            "nascosto con i dati di riferimento): esporta un nuovo tracker e fai compilare quello."
        )
    base_ws = wb[base_titles[0]]
    progress(0, 0, "Lettura dei dati di riferimento…")
    meta, base = _read_base(base_ws, file_name, lambda n: progress(0, 0, "Lettura dei dati…"))
    content = TrackerContent(file_name, meta, base, rows={}, columns={}, problems=problems)
    whole_percent = int(meta.get("version", "1")) >= 2
    readers = _cell_readers(zones, axes, whole_percent=whole_percent)
    total = sum(len(records) for records in base.values()) or 1
    done = 0
    # Only trackers exported with an open period collect indicator values (older ones and
    # those without a period have no Indicatori rows to read).
    collects = bool(meta.get("indicator_period"))
    content.rows[INDICATORS.code], content.columns[INDICATORS.code] = [], set()
    for spec in (*DATA_SHEETS, INDICATORS) if collects else DATA_SHEETS:
        message = f"Lettura del foglio {spec.name}…"
        before = len(problems)
        ws = _find_sheet(wb, spec.name, problems)
        if ws is None:
            if len(problems) == before:
                problems.append(
                    Problem(spec.name, "foglio mancante (è stato rinominato o eliminato?)")
                )
            content.rows[spec.code] = []
            content.columns[spec.code] = set()
            continue
        start = done

        def tick(parsed: int, start: int = start, message: str = message) -> None:
            progress(min(start + parsed, total), total, message)

        rows, found = _read_sheet(
            ws, spec, readers, problems, content.warnings, tick, whole_percent=whole_percent
        )
        content.rows[spec.code] = rows
        content.columns[spec.code] = found
        done += len(rows)
        progress(min(done, total), total, message)
    _check_duplicates(content, problems)
    known = {normalise_header(s) for s in (BASE_SHEET, INSTRUCTIONS_SHEET)}
    known |= {normalise_header(spec.name) for spec in (*DATA_SHEETS, INDICATORS)}
    content.warnings += [
        f"Il foglio «{title}» non è del tracker ed è ignorato: le modifiche vanno scritte "
        "nei fogli Azioni, Scadenze, Soggetti e Assegnazioni."
        for title in wb.sheetnames
        if normalise_header(title) not in known
    ]
    return content


def _read_base(
    ws: Any, file_name: str, tick: Callable[[int], None]
) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
    meta: dict[str, str] = {}
    fields: dict[str, list[str]] = {}
    columns: dict[str, list[tuple[str, Callable[[Any], Any]]]] = {}
    base: dict[str, list[dict[str, Any]]] = {s.code: [] for s in (*DATA_SHEETS, INDICATORS)}
    broken = TrackerFileError(
        f"Il foglio nascosto del tracker {file_name} è stato modificato o è danneggiato: "
        "non si possono riconoscere le modifiche. Esporta un nuovo tracker."
    )
    checked = isinstance(ws, FastSheet)  # its scan sent formulas and errors to openpyxl
    for _, row in _stream(ws, tick):
        if not row or row[0] is None:
            continue
        if not checked and any(isinstance(v, (Formula, ErrorValue)) for v in row):
            raise broken
        tag = str(row[0])
        if tag == "meta" and len(row) >= 3:
            meta[str(row[1])] = "" if row[2] is None else str(row[2])
        elif tag == "fields" and len(row) >= 3:
            fields[str(row[1])] = [str(v) for v in row[2:] if v is not None]
            columns.pop(str(row[1]), None)
        elif tag in base:
            keys = fields.get(tag)
            if keys is None:
                raise broken
            try:
                if tag not in columns:  # described once per kind of record, not per value
                    columns[tag] = [(key, base_reader(base_column(tag, key))) for key in keys]
                base[tag].append(
                    {
                        key: read(value)
                        for (key, read), value in zip(
                            columns[tag], _padded(row[1:], len(keys)), strict=True
                        )
                    }
                )
            except (ValueError, KeyError, ArithmeticError):
                raise broken from None
    if meta.get("format") != FORMAT_MARKER:
        raise TrackerFileError(
            f"Il file {file_name} non è un tracker di PSM Desktop (contrassegno di formato "
            "assente): esporta un nuovo tracker."
        )
    try:
        version = int(meta.get("version", "0"))
    except ValueError:
        raise broken from None
    if version > FORMAT_VERSION:
        raise TrackerFileError(
            f"Il tracker {file_name} è stato esportato da una versione più recente di PSM "
            "Desktop: aggiorna l'applicazione per importarlo."
        )
    return meta, base


def _stream(ws: Any, tick: Callable[[int], None]) -> Iterator[tuple[int, RowValues]]:
    """The rows of a sheet, from whichever reader opened the file."""
    return ws.stream(tick) if isinstance(ws, FastSheet) else stream_rows(ws, tick)


def _number_format(ws: Any, number: int, values: RowValues, index: int) -> str:
    if isinstance(ws, FastSheet):
        return ws.number_format(number, index)
    return number_format(ws, values.styles[index])


def _padded(values: Sequence[Any], size: int) -> list[Any]:
    return [*values[:size], *([None] * (size - len(values[:size])))]


CellReader = Callable[[Any], Any]


def _cell_readers(
    zones: Sequence[str], axes: Sequence[int], *, whole_percent: bool = True
) -> dict[Kind, CellReader]:
    return {
        Kind.TEXT: read_text,
        Kind.OPT_TEXT: read_text,
        Kind.CODE: read_code,
        Kind.ID: read_id,
        Kind.NAME: lambda v: norm_name(read_text(v)),
        Kind.ZONE: lambda v: _zone(v, zones),
        Kind.PERCENT: read_whole_percent if whole_percent else read_percent,
        Kind.DATE: read_date,
        Kind.DECIMAL: read_decimal,
        Kind.SECTORS: read_sectors,
        Kind.ZONES: lambda v: read_zones(v, zones),
        Kind.AXES: lambda v: read_axes(v, axes),
        Kind.MEASURE: read_measure,
        Kind.CUP: read_cup,
        Kind.PNRR: read_pnrr,
        Kind.GOALS: read_goals,
    }


def _zone(value: Any, zones: Sequence[str]) -> str:
    text = norm_name(read_text(value))
    if not text:
        return ""
    for zone in zones:
        if name_key(zone) == name_key(text):
            return zone
    raise CellError(f"zona omogenea '{text}' sconosciuta; valori ammessi: {', '.join(zones)}")


def _reader_of(column: Column, readers: dict[Kind, CellReader]) -> CellReader:
    """The function reading a column's cells (chosen once per sheet, not once per cell)."""
    if column.kind not in (Kind.ENUM, Kind.OPT_ENUM):
        return readers[column.kind]
    enum_cls, default = column.enum_cls, column.default
    assert enum_cls is not None
    optional = column.kind is Kind.OPT_ENUM or default is not None

    def read(value: Any) -> Any:
        parsed = read_enum(enum_cls, value, optional=optional)
        return default if parsed is None and default is not None else parsed

    return read


def _read_cell(read: CellReader, value: Any) -> Any:
    if isinstance(value, Formula):  # its cached value may be missing, stale or an error
        raise CellError("contiene una formula: scrivi il valore")
    if isinstance(value, ErrorValue):
        raise CellError(f"contiene l'errore {value.code[:12]}: scrivi il valore")
    return read(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_sheet(
    ws: Any,
    spec: SheetSpec,
    readers: dict[Kind, CellReader],
    problems: list[Problem],
    warnings: list[str],
    tick: Callable[[int], None],
    *,
    whole_percent: bool = True,
) -> tuple[list[Row], set[str]]:
    lookup = header_lookup(spec)
    rows_iter: Iterator[tuple[int, RowValues]] = _stream(ws, tick)
    header: tuple[Any, ...] | None = None
    header_number = 0
    for number, values in rows_iter:
        if number > HEADER_SEARCH_ROWS:
            break
        if any(not _blank(v) for v in values):
            header, header_number = values, number
            break
    if header is None:
        problems.append(Problem(spec.name, "il foglio è vuoto (manca la riga di intestazione)"))
        return [], set()
    positions: list[tuple[int, Column]] = []
    grey: list[tuple[int, Column]] = []
    grey_keys = GREY_CHECKED.get(spec.code, ())
    seen: dict[str, int] = {}
    for index, cell in enumerate(header):
        if _blank(cell):
            continue
        title = read_text(cell.text if isinstance(cell, Formula) else cell)[:60]
        column = lookup.get(normalise_header(title))
        if column is None:
            warnings.append(f"{spec.name}: la colonna «{title}» non è del tracker ed è ignorata.")
            continue
        if column.key in seen:
            problems.append(
                Problem(
                    f"{spec.name}, riga {header_number}",
                    f"la colonna «{column.header}» compare due volte",
                )
            )
            continue
        seen[column.key] = index
        if column.editable or column.required or column.kind is Kind.ID:  # ids when present
            positions.append((index, column))
        elif column.key in grey_keys:
            grey.append((index, column))
    missing = [c.header for c in spec.required if c.key not in seen]
    for header_text in missing:
        problems.append(Problem(spec.name, f"colonna «{header_text}» mancante"))
    if missing:
        return [], set(seen)
    rows: list[Row] = []
    read_of = {column.key: _reader_of(column, readers) for _, column in positions}
    # The fast reader's scan sent any formula or error value to openpyxl's path: its cells
    # are values only.
    checked = isinstance(ws, FastSheet)
    # Per column, worked out once: its position, reader and whether 1 may mean 100 %.
    reading = [
        (i, column, read_of[column.key], whole_percent and column.kind is Kind.PERCENT)
        for i, column in positions
    ]
    for number, values in rows_iter:
        if number <= header_number:
            continue
        size = len(values)
        cells = [values[i] if i < size else None for i, _, _, _ in reading]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue
        parsed: dict[str, Any] = {}
        identity_lost = False
        for (index, column, read, percent_kind), value in zip(reading, cells, strict=True):
            try:
                if percent_kind and _fraction_like(value):
                    # 1 is 100 % in a percentage cell (pasted from elsewhere), 1 % in ours
                    shown = _number_format(ws, number, values, index)
                    percent = is_percent_format(shown)
                    parsed[column.key] = read_whole_percent(value, percent_format=percent)
                elif checked:
                    parsed[column.key] = read(value)
                else:
                    parsed[column.key] = _read_cell(read, value)
            except CellError as exc:
                problems.append(
                    Problem(f"{spec.name}, riga {number}, colonna {column.header}", str(exc))
                )
                identity_lost = identity_lost or column.kind is Kind.ID
        if identity_lost:  # without its ID the row would pass for a new record
            continue
        found = {c.key: values[i] if i < size else None for i, c in grey}
        rows.append(Row(number, parsed, found))
    return rows, set(seen)


def _fraction_like(value: Any) -> bool:
    """A number that reads differently in a percentage cell (1 is 100 % there, 1 % here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1


def _check_duplicates(content: TrackerContent, problems: list[Problem]) -> None:
    def check(spec: SheetSpec, key_of: Callable[[Row], Any], column: str, what: str) -> None:
        first: dict[Any, int] = {}
        for row in content.rows.get(spec.code, []):
            key = key_of(row)
            if key is None:
                continue
            if key in first:
                problems.append(
                    Problem(
                        f"{row.where(spec)}, colonna {spec.by_key[column].header}",
                        f"{what} duplicato: compare anche alla riga {first[key]}",
                    )
                )
            else:
                first[key] = row.number

    check(ACTIONS, lambda r: r.values.get("code") or None, "code", "codice azione")
    check(ACTIONS, lambda r: r.values.get("id"), "id", "ID dell'azione")
    check(DEADLINES, lambda r: r.values.get("id"), "id", "ID della scadenza")
    check(INDICATORS, lambda r: r.values.get("id"), "id", "ID dell'indicatore")
    check(STAKEHOLDERS, lambda r: r.values.get("id"), "id", "ID del soggetto")
    check(STAKEHOLDERS, lambda r: name_key(r.values.get("name") or "") or None, "name", "soggetto")
    check(
        ASSIGNMENTS,
        lambda r: (
            (r.values.get("action_code"), name_key(r.values.get("stakeholder") or ""))
            if r.values.get("action_code") and r.values.get("stakeholder")
            else None
        ),
        "stakeholder",
        "assegnazione",
    )
