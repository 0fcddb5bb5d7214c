"""Read a tracker back: tolerant of what other offices and their spreadsheet programs did.

Headers are found by name (any order, extra columns ignored with a warning), empty rows
are skipped, values are coerced (see values.py). Every problem is collected with its
sheet, row and column, and reported at once in a TrackerError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psm_desktop.errors import Problem, ValidationError
from psm_desktop.exchange.tracker.layout import (
    ACTIONS,
    ASSIGNMENTS,
    BASE_SHEET,
    DATA_SHEETS,
    DEADLINES,
    FORMAT_MARKER,
    FORMAT_VERSION,
    STAKEHOLDERS,
    Column,
    Kind,
    SheetSpec,
    base_column,
    header_lookup,
    normalise_header,
)
from psm_desktop.exchange.tracker.safety import TrackerFileError, check_tracker_file
from psm_desktop.exchange.tracker.values import (
    CellError,
    from_base,
    is_percent_format,
    name_key,
    norm_name,
    read_axes,
    read_code,
    read_date,
    read_decimal,
    read_enum,
    read_id,
    read_percent,
    read_sectors,
    read_text,
    read_whole_percent,
    read_zones,
)
from psm_desktop.progress import ProgressCallback, no_progress

HEADER_SEARCH_ROWS = 10


class TrackerError(ValidationError):
    """The tracker has problems; the message lists every one (sheet, row, column)."""

    def __init__(self, problems: list[Problem], file_name: str = "") -> None:
        super().__init__(problems)
        if file_name:
            self.message = f"Il tracker {file_name} non è stato importato.\n{self.message}"
            self.args = (self.message,)


@dataclass
class Row:
    """One data row of a sheet: its number in the sheet and the values read (canonical)."""

    number: int
    values: dict[str, Any]

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
    """Read and check a tracker file; raise TrackerFileError or TrackerError."""
    path = Path(path)
    check_tracker_file(path)
    progress(0, 0, "Apertura del tracker…")
    wb = _load(path)
    try:
        return _read(wb, path.name, zones, axes, progress)
    except (TrackerFileError, TrackerError):
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
    kind = causes[-1]
    if {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"} & set(causes):
        return TrackerFileError(
            f"Il file {name} contiene costrutti XML pericolosi (entità o DTD) e non è stato "
            "aperto. Un tracker esportato da PSM Desktop non li contiene."
        )
    return TrackerFileError(f"Il file {name} è danneggiato e non si riesce a leggerlo ({kind}).")


def _load(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise _damaged(path.name, exc) from exc


def _find_sheet(wb: Any, name: str) -> Any:
    wanted = normalise_header(name)
    for title in wb.sheetnames:
        if normalise_header(title) == wanted:
            return wb[title]
    return None


def _read(
    wb: Any, file_name: str, zones: Sequence[str], axes: Sequence[int], progress: ProgressCallback
) -> TrackerContent:
    base_ws = _find_sheet(wb, BASE_SHEET)
    if base_ws is None:
        raise TrackerFileError(
            f"Il file {file_name} non è un tracker esportato da PSM Desktop (manca il foglio "
            "nascosto con i dati di riferimento): esporta un nuovo tracker e fai compilare quello."
        )
    meta, base = _read_base(base_ws, file_name)
    problems: list[Problem] = []
    content = TrackerContent(file_name, meta, base, rows={}, columns={})
    whole_percent = int(meta.get("version", "1")) >= 2
    readers = _cell_readers(zones, axes, whole_percent=whole_percent)
    total = sum(len(records) for records in base.values()) or 1
    done = 0
    for spec in DATA_SHEETS:
        ws = _find_sheet(wb, spec.name)
        if ws is None:
            problems.append(Problem(spec.name, "foglio mancante (è stato rinominato o eliminato?)"))
            content.rows[spec.code] = []
            content.columns[spec.code] = set()
            continue
        rows, found = _read_sheet(
            ws, spec, readers, problems, content.warnings, whole_percent=whole_percent
        )
        content.rows[spec.code] = rows
        content.columns[spec.code] = found
        done += len(rows)
        progress(done, total, f"Lettura del foglio {spec.name}…")
    _check_duplicates(content, problems)
    if problems:
        raise TrackerError(problems, file_name)
    return content


def _read_base(ws: Any, file_name: str) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
    meta: dict[str, str] = {}
    fields: dict[str, list[str]] = {}
    base: dict[str, list[dict[str, Any]]] = {spec.code: [] for spec in DATA_SHEETS}
    broken = TrackerFileError(
        f"Il foglio nascosto del tracker {file_name} è stato modificato o è danneggiato: "
        "non si possono riconoscere le modifiche. Esporta un nuovo tracker."
    )
    for row in ws.iter_rows(values_only=True):
        if not row or row[0] is None:
            continue
        tag = str(row[0])
        if tag == "meta" and len(row) >= 3:
            meta[str(row[1])] = "" if row[2] is None else str(row[2])
        elif tag == "fields" and len(row) >= 3:
            fields[str(row[1])] = [str(v) for v in row[2:] if v is not None]
        elif tag in base:
            keys = fields.get(tag)
            if keys is None:
                raise broken
            try:
                base[tag].append(
                    {
                        key: from_base(base_column(tag, key), value)
                        for key, value in zip(keys, _padded(row[1:], len(keys)), strict=True)
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
    }


def _zone(value: Any, zones: Sequence[str]) -> str:
    text = norm_name(read_text(value))
    if not text:
        return ""
    for zone in zones:
        if name_key(zone) == name_key(text):
            return zone
    raise CellError(f"zona omogenea '{text}' sconosciuta; valori ammessi: {', '.join(zones)}")


def _read_cell(column: Column, value: Any, readers: dict[Kind, CellReader]) -> Any:
    if column.kind in (Kind.ENUM, Kind.OPT_ENUM):
        assert column.enum_cls is not None
        optional = column.kind is Kind.OPT_ENUM or column.default is not None
        parsed = read_enum(column.enum_cls, value, optional=optional)
        return column.default if parsed is None and column.default is not None else parsed
    return readers[column.kind](value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_sheet(
    ws: Any,
    spec: SheetSpec,
    readers: dict[Kind, CellReader],
    problems: list[Problem],
    warnings: list[str],
    *,
    whole_percent: bool = True,
) -> tuple[list[Row], set[str]]:
    lookup = header_lookup(spec)
    rows_iter: Iterator[tuple[Any, ...]] = ws.iter_rows(values_only=True)
    header: tuple[Any, ...] | None = None
    header_number = 0
    for number, values in enumerate(rows_iter, 1):
        if any(not _blank(v) for v in values):
            header, header_number = values, number
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        problems.append(Problem(spec.name, "il foglio è vuoto (manca la riga di intestazione)"))
        return [], set()
    positions: list[tuple[int, Column]] = []
    seen: dict[str, int] = {}
    for index, title in enumerate(header):
        if _blank(title):
            continue
        column = lookup.get(normalise_header(str(title)))
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
        if column.editable or column.required:
            positions.append((index, column))
    missing = [c.header for c in spec.required if c.key not in seen]
    for header_text in missing:
        problems.append(Problem(spec.name, f"colonna «{header_text}» mancante"))
    if missing:
        return [], set(seen)
    rows: list[Row] = []
    deferred: list[tuple[Row, int, Column, Any]] = []  # progress cells to read with their format
    for number, values in enumerate(rows_iter, header_number + 1):
        cells = [(column, values[i] if i < len(values) else None) for i, column in positions]
        if all(_blank(v) for _, v in cells):
            continue
        parsed: dict[str, Any] = {}
        for column, value in cells:
            if whole_percent and column.kind is Kind.PERCENT and _fraction_like(value):
                deferred.append((Row(number, parsed), seen[column.key], column, value))  # same dict
                continue
            try:
                parsed[column.key] = _read_cell(column, value, readers)
            except CellError as exc:
                problems.append(
                    Problem(f"{spec.name}, riga {number}, colonna {column.header}", str(exc))
                )
        rows.append(Row(number, parsed))
    if deferred:
        _read_by_format(ws, spec, deferred, problems)
    return rows, set(seen)


def _fraction_like(value: Any) -> bool:
    """A number that reads differently in a percentage cell (1 is 100 % there, 1 % here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1


def _read_by_format(
    ws: Any, spec: SheetSpec, cells: list[tuple[Row, int, Column, Any]], problems: list[Problem]
) -> None:
    """Read these progress cells as their number format shows them (a second, rare pass).

    A tracker's progress column shows whole numbers with "%" after them; a value pasted
    from a percentage cell keeps that cell's format, and 1 there means 100 %.
    """
    first = min(row.number for row, _, _, _ in cells)
    last = max(row.number for row, _, _, _ in cells)
    formats: dict[tuple[int, int], str] = {}
    for index in {i for _, i, _, _ in cells}:
        column_cells = ws.iter_rows(
            min_row=first, max_row=last, min_col=index + 1, max_col=index + 1
        )
        for number, found in enumerate(column_cells, first):
            if found:
                formats[(number, index)] = getattr(found[0], "number_format", "") or ""
    for row, index, column, value in cells:
        percent = is_percent_format(formats.get((row.number, index)))
        try:
            row.values[column.key] = read_whole_percent(value, percent_format=percent)
        except CellError as exc:
            problems.append(
                Problem(f"{spec.name}, riga {row.number}, colonna {column.header}", str(exc))
            )


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
    check(DEADLINES, lambda r: r.values.get("id"), "id", "ID della scadenza")
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
