"""Read a structure workbook back, every problem located (file, sheet, row, column).

The file is checked like a tracker before it is parsed (size, zip bombs, wrong formats:
tracker.safety) and streamed the same way (tracker.rows: formulas and error values reach
the reader as what they are, and are refused). Headers are found by name in the first
non-empty row, in any order; columns the workbook does not know are ignored. Nothing is
guessed: a code typed as a number, a formula, a missing title are problems, all listed
at once, and a file with problems changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psm_desktop.errors import Problem, ValidationError
from psm_desktop.exchange.structure.content import (
    PlanData,
    PlanStructure,
    WbAction,
    WbAxis,
    WbLink,
    WbStrategy,
)
from psm_desktop.exchange.structure.layout import (
    ACTION_FIELDS,
    ACTIONS,
    AXES,
    DATA_SHEETS,
    DATABASE_ID_LABEL,
    LINKS,
    PLAN,
    PLAN_FIELDS,
    STRATEGIES,
    Column,
    Sheet,
)
from psm_desktop.exchange.tracker.rows import ErrorValue, Formula, open_workbook, stream_rows
from psm_desktop.exchange.tracker.safety import check_tracker_file
from psm_desktop.exchange.tracker.values import CellError, read_date, read_id, read_text

log = logging.getLogger(__name__)

_STRATEGY_CODE = re.compile(r"^(\d+)\.(\d+)$")
_ACTION_CODE = re.compile(r"^(\d+\.\d+)\.(\d+)$")


class StructureWorkbookError(ValidationError):
    """The workbook cannot be imported; every problem names file, sheet, row and column."""


@dataclass(frozen=True, slots=True)
class _Cell:
    row: int
    column: Column
    value: Any


@dataclass
class _Row:
    number: int
    cells: dict[str, Any]


def read_structure(path: Path) -> PlanStructure:
    """The structure the workbook at `path` states; StructureWorkbookError otherwise."""
    check_tracker_file(path)
    try:
        workbook = open_workbook(path)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        log.info("Lettura di %s non riuscita", path, exc_info=True)
        raise StructureWorkbookError(
            [Problem(path.name, "il file è danneggiato o non è una cartella di lavoro Excel")]
        ) from exc
    try:
        return _Reader(path.name, workbook).run()
    finally:
        workbook.close()


class _Reader:
    def __init__(self, file_name: str, workbook: Any) -> None:
        self.file_name = file_name
        self.workbook = workbook
        self.located: list[tuple[int, int, int, Problem]] = []  # sheet, row, column: sorted
        self.unusable: set[str] = set()  # sheets missing or without their columns
        self.bad_cells: set[tuple[str, int, str]] = set()  # formulas, error values

    # --- locating -------------------------------------------------------------------------

    def where(self, sheet: Sheet, row: int | None = None, column: str | None = None) -> str:
        parts = [self.file_name, f"foglio {sheet.name}"]
        if row is not None:
            parts.append(f"riga {row}")
        if column is not None:
            parts.append(f"colonna {sheet.header(column)}")
        return ", ".join(parts)

    def problem(self, sheet: Sheet, row: int | None, column: str | None, message: str) -> None:
        keys = [c.key for c in sheet.columns]
        self.located.append(
            (
                DATA_SHEETS.index(sheet),
                row or 0,
                keys.index(column) if column in keys else -1,
                Problem(self.where(sheet, row, column), message),
            )
        )

    # --- sheets and cells -----------------------------------------------------------------

    def rows(self, sheet: Sheet) -> list[_Row]:
        """The data rows of `sheet` (text of each known column); [] when it is unusable."""
        titles = {name.casefold(): name for name in self.workbook.sheetnames}
        name = titles.get(sheet.name.casefold())
        if name is None:
            self.problem(sheet, None, None, "foglio mancante (è stato rinominato o eliminato?)")
            self.unusable.add(sheet.name)
            return []
        stream: Iterator[tuple[int, Any]] = stream_rows(self.workbook[name], lambda _n: None)
        index: dict[str, int] | None = None
        rows: list[_Row] = []
        for number, values in stream:
            if index is None:
                if any(v not in (None, "") for v in values):
                    index = self.header(sheet, number, values)
                    if index is None:
                        self.unusable.add(sheet.name)
                        return []
                continue
            cells = {
                key: self.cell(sheet, number, key, values[i] if i < len(values) else None)
                for key, i in index.items()
            }
            if any(v not in (None, "") for v in cells.values()):
                rows.append(_Row(number, cells))
        if index is None:
            self.problem(sheet, None, None, "il foglio è vuoto (manca la riga di intestazione)")
            self.unusable.add(sheet.name)
        return rows

    def header(self, sheet: Sheet, number: int, values: Any) -> dict[str, int] | None:
        found = {
            " ".join(str(v).split()).casefold(): i
            for i, v in enumerate(values)
            if isinstance(v, str) and v.strip()
        }
        index = {
            c.key: found[c.header.casefold()] for c in sheet.columns if c.header.casefold() in found
        }
        missing = [c.header for c in sheet.columns if c.required and c.key not in index]
        for header in missing:
            self.problem(
                sheet, number, None, f"manca la colonna «{header}» (non rinominare le intestazioni)"
            )
        return None if missing else index

    def cell(self, sheet: Sheet, row: int, key: str, value: Any) -> Any:
        if isinstance(value, Formula):
            self.problem(sheet, row, key, "contiene una formula: scrivi il valore come testo")
        elif isinstance(value, ErrorValue):
            self.problem(sheet, row, key, f"contiene l'errore {value.code}: scrivi un valore")
        else:
            return value
        self.bad_cells.add((sheet.name, row, key))
        return None

    def text(self, sheet: Sheet, row: _Row, key: str, *, required: bool = False) -> str:
        text = read_text(row.cells.get(key))
        column = next(c for c in sheet.columns if c.key == key)
        if required and not text and (sheet.name, row.number, key) not in self.bad_cells:
            self.problem(sheet, row.number, key, "manca il testo")
        elif len(text) > column.limit:
            self.problem(
                sheet,
                row.number,
                key,
                f"testo troppo lungo: {len(text):,} caratteri, al massimo {column.limit:,}".replace(
                    ",", "."
                ),
            )
        return text

    def code(self, sheet: Sheet, row: _Row, key: str, pattern: re.Pattern[str], shape: str) -> str:
        value = row.cells.get(key)
        if isinstance(value, float):
            self.problem(
                sheet,
                row.number,
                key,
                f"il codice è scritto come numero ({read_text(value)}): scrivilo come testo "
                f"«{shape}» (un numero come 1.10 diventerebbe 1,1)",
            )
            return ""
        code = read_text(value).replace(" ", "")
        if (sheet.name, row.number, key) in self.bad_cells:
            return ""
        if not code:
            self.problem(sheet, row.number, key, f"manca il codice (atteso «{shape}»)")
        elif not pattern.match(code):
            self.problem(
                sheet, row.number, key, f"codice «{code[:20]}» non valido: atteso «{shape}»"
            )
            return ""
        return code

    def number(self, sheet: Sheet, row: _Row, key: str) -> int | None:
        value = row.cells.get(key)
        text = read_text(value).strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            ok = float(value).is_integer() and 0 < value < 1000
        else:
            ok = text.isdigit() and 0 < int(text) < 1000
        if not ok:
            shown = f"«{text[:20]}» non è" if text else "manca"
            self.problem(sheet, row.number, key, f"{shown} il numero di un asse (1, 2, 3…)")
            return None
        return int(float(text)) if not isinstance(value, (int, float)) else int(value)

    def ident(self, sheet: Sheet, row: _Row) -> int | None:
        try:
            return read_id(row.cells.get("id"))
        except CellError as error:
            self.problem(sheet, row.number, "id", str(error))
            return None

    def unique(self, sheet: Sheet, key: str, items: list[tuple[Any, int]], what: str) -> None:
        seen: dict[Any, int] = {}
        for value, row in items:
            if value in seen:
                shown = " → ".join(map(str, value)) if isinstance(value, tuple) else value
                self.problem(
                    sheet, row, key, f"{what} {shown} ripetuto (già alla riga {seen[value]})"
                )
            else:
                seen[value] = row

    # --- the whole workbook ---------------------------------------------------------------

    def run(self) -> PlanStructure:
        sheets = {sheet.name: self.rows(sheet) for sheet in DATA_SHEETS}
        plan, database_id = self.plan(sheets[PLAN.name])
        axes = self.axes(sheets[AXES.name], sheets[STRATEGIES.name], sheets[ACTIONS.name])
        links = self.links(sheets[LINKS.name], {a.number for a in axes})
        if self.located:
            self.located.sort(key=lambda p: p[:3])
            raise StructureWorkbookError([p[3] for p in self.located])
        return PlanStructure(self.file_name, database_id, plan, tuple(axes), tuple(links))

    def plan(self, rows: list[_Row]) -> tuple[PlanData, str]:
        labels = {label.casefold(): key for key, label in PLAN_FIELDS}
        values: dict[str, Any] = {}
        found: dict[str, _Row] = {}
        database_id = ""
        for row in rows:
            label = " ".join(read_text(row.cells.get("label")).split()).casefold()
            if label == DATABASE_ID_LABEL.casefold():
                database_id = read_text(row.cells.get("value"))
            elif label in labels:
                found[labels[label]] = row
        for key, label in PLAN_FIELDS:
            stated = found.get(key)
            if stated is None:
                if key == "title":
                    self.problem(PLAN, None, None, f"manca la riga «{label}»")
                values[key] = None if key == "updated_on" else ""
            elif key == "updated_on":
                values[key] = self.date(stated)
            else:
                values[key] = self.text(PLAN, stated, "value", required=key == "title").strip()
        return PlanData(**values), database_id

    def date(self, row: _Row) -> dt.date | None:
        try:
            return read_date(row.cells.get("value"))
        except CellError as error:
            self.problem(PLAN, row.number, "value", f"{error} (atteso gg/mm/aaaa)")
            return None

    def axes(
        self, axis_rows: list[_Row], strategy_rows: list[_Row], action_rows: list[_Row]
    ) -> list[WbAxis]:
        read_axes: list[tuple[int, _Row]] = []
        for row in axis_rows:
            number = self.number(AXES, row, "number")
            if number is not None:
                read_axes.append((number, row))
        self.unique(AXES, "number", [(n, r.number) for n, r in read_axes], "asse")
        numbers = {n for n, _ in read_axes}
        strategies = self.strategies(strategy_rows, numbers)
        actions = self.actions(action_rows, {stated for stated, _ in strategies_index(strategies)})
        result = []
        for number, row in sorted(read_axes, key=lambda item: (item[0], item[1].number)):
            placed = []
            mine = [s for s in strategies if s[0] == number]
            for position, (_axis, _order, stated, srow, ident) in enumerate(mine, start=1):
                code = f"{number}.{position}"
                own = [a for a in actions if a[0] == stated]
                placed.append(
                    WbStrategy(
                        srow.number,
                        ident,
                        code,
                        self.text(STRATEGIES, srow, "title", required=True),
                        self.text(STRATEGIES, srow, "description"),
                        tuple(
                            WbAction(arow.number, aid, f"{code}.{k}", text, fields)
                            for k, (_s, _o, arow, aid, text, fields) in enumerate(own, start=1)
                        ),
                    )
                )
            result.append(
                WbAxis(
                    row.number,
                    number,
                    self.text(AXES, row, "title", required=True),
                    self.text(AXES, row, "description"),
                    tuple(placed),
                )
            )
        return result

    def strategies(
        self, rows: list[_Row], axes: set[int]
    ) -> list[tuple[int, int, str, _Row, int | None]]:
        """(axis, order, stated code, row, id), sorted as they will be placed."""
        found = []
        for row in rows:
            ident = self.ident(STRATEGIES, row)
            code = self.code(STRATEGIES, row, "code", _STRATEGY_CODE, "N.M")
            if not code:
                continue
            axis, order = (int(x) for x in code.split("."))
            if AXES.name in self.unusable:  # its own problem is reported: not one per row
                continue
            if axis not in axes:
                self.problem(
                    STRATEGIES, row.number, "code", f"l'asse {axis} non è nel foglio {AXES.name}"
                )
                continue
            found.append((axis, order, code, row, ident))
        self.unique(STRATEGIES, "code", [(s[2], s[3].number) for s in found], "codice")
        self.unique(
            STRATEGIES, "id", [(s[4], s[3].number) for s in found if s[4] is not None], "ID"
        )
        return sorted(found, key=lambda s: (s[0], s[1], s[3].number))

    def actions(
        self, rows: list[_Row], strategies: set[str]
    ) -> list[tuple[str, int, _Row, int | None, str, tuple[tuple[str, str], ...]]]:
        """(stated strategy code, order, row, id, text, fields), sorted as they will be placed."""
        found = []
        for row in rows:
            ident = self.ident(ACTIONS, row)
            code = self.code(ACTIONS, row, "code", _ACTION_CODE, "N.M.K")
            text = self.text(ACTIONS, row, "text", required=True)
            fields = tuple(
                (c.field, self.text(ACTIONS, row, c.key).strip())
                for c in ACTION_FIELDS
                if c.field is not None and c.key in row.cells  # an absent column changes nothing
            )
            if not code:
                continue
            stated, order = code.rsplit(".", 1)
            if STRATEGIES.name in self.unusable or AXES.name in self.unusable:
                continue
            if stated not in strategies:
                self.problem(
                    ACTIONS,
                    row.number,
                    "code",
                    f"la strategia {stated} non è nel foglio {STRATEGIES.name}",
                )
                continue
            found.append((stated, int(order), row, ident, text, fields))
        self.unique(ACTIONS, "id", [(a[3], a[2].number) for a in found if a[3] is not None], "ID")
        return sorted(found, key=lambda a: (_key(a[0]), a[1], a[2].number))

    def links(self, rows: list[_Row], axes: set[int]) -> list[WbLink]:
        links = []
        for row in rows:
            axis = self.number(LINKS, row, "axis")
            linked = self.number(LINKS, row, "linked")
            note = self.text(LINKS, row, "note").strip()
            if axis is None or linked is None or AXES.name in self.unusable:
                continue
            bad = [n for n in (axis, linked) if n not in axes]
            if bad:
                self.problem(
                    LINKS, row.number, None, f"l'asse {bad[0]} non è nel foglio {AXES.name}"
                )
            elif axis == linked:
                self.problem(LINKS, row.number, "linked", f"l'asse {axis} collegato con sé stesso")
            else:
                links.append(WbLink(row.number, axis, linked, note))
        self.unique(LINKS, "linked", [((x.axis, x.linked), x.row) for x in links], "collegamento")
        return sorted(links, key=lambda x: (x.axis, x.linked))


def strategies_index(
    strategies: list[tuple[int, int, str, _Row, int | None]],
) -> Iterator[tuple[str, int]]:
    for _axis, _order, stated, row, _ident in strategies:
        yield stated, row.number


def _key(code: str) -> tuple[int, ...]:
    return tuple(int(x) for x in code.split("."))
