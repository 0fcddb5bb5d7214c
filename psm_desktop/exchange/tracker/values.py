"""Cell values: what the exporter writes, how the importer reads them back, how they compare.

Each column kind has one canonical Python value used for the three-way merge:
text (trimmed, '\\n' line ends), enum member or None, int, date or None, Decimal or None,
frozenset. Readers are tolerant of what Excel and LibreOffice do to values (dates as
dates, serial numbers or dd/mm/yyyy text; '50%', 0.5 or 50; labels with odd case/spaces).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from psm_desktop.errors import Problem, ValidationError
from psm_desktop.exchange.tracker.layout import (
    EXCEL_TEXT_LIMIT,
    TEXT_LIKE,
    TRUNCATION_MARKER,
    Column,
    Kind,
)
from psm_desktop.formatting import format_date, format_euro, join_labels
from psm_desktop.model import LabelledEnum, Sector
from psm_desktop.services.monitoring.indicators import NOT_AVAILABLE as NOT_MEASURED
from psm_desktop.services.monitoring.indicators import format_number, parse_value
from psm_desktop.services.validation import check_cup, check_pnrr, check_sdgs

# Characters XML 1.0 cannot carry (openpyxl raises IllegalCharacterError on them), plus
# lone surrogates and the two non-characters, which break the file's UTF-8.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ILLEGAL_XML = _ILLEGAL  # characters no cell of a workbook can hold
_SPLIT = re.compile(r"[;\n,]+")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$")
_DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
# An amount as Italians write it (1.250,50; 1250,5) and as English speakers do (1,250.50).
_AMOUNT_IT = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_AMOUNT_EN = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_LONG_DIGITS = re.compile(r"\d{16,}")
MAX_ID = 2**31  # far above any id of a plan; larger numbers would be echoed in messages
_EXCEL_EPOCH = dt.date(1899, 12, 30)
YES = "Sì"


class CellError(ValueError):
    """A cell's value cannot be read; the message is Italian and names the value."""


@dataclass
class TextReport:
    """What the exporter had to do to text so that it fits a cell."""

    cleaned: int = 0
    truncated: int = 0


# --- text ---------------------------------------------------------------------------------


def clean_text(text: str, report: TextReport | None = None) -> str:
    """Text as a cell can hold it: illegal characters removed, at most 32,767 characters."""
    # A printable text holds none of those characters: the common case skips the regex.
    cleaned = text if text.isprintable() else _ILLEGAL.sub("", text)
    if report is not None and cleaned != text:
        report.cleaned += 1
    if len(cleaned) > EXCEL_TEXT_LIMIT:
        cleaned = cleaned[: EXCEL_TEXT_LIMIT - len(TRUNCATION_MARKER)] + TRUNCATION_MARKER
        if report is not None:
            report.truncated += 1
    return cleaned


def norm_text(text: str) -> str:
    """The comparable form of text: what export writes, line ends unified, trimmed."""
    if text.isprintable() and len(text) <= EXCEL_TEXT_LIMIT:  # one line, nothing to clean
        return text.strip()
    cleaned = clean_text(text)
    if "\r" in cleaned:
        cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
    return cleaned.strip()


def full_text(text: str) -> str:
    """`norm_text` without the cut at a cell's size: a whole text, comparable.

    What a cell holds is read whole (a text longer than the services take is then refused,
    never cut silently), and the database's long texts are kept whole for the merge.
    """
    whole = text if text.isprintable() else _ILLEGAL.sub("", text)
    if "\r" in whole:
        whole = whole.replace("\r\n", "\n").replace("\r", "\n")
    return whole.strip()


# A plan's names (2,000 stakeholders, a dozen zones) come back hundreds of thousands of times
# in a 10,000-action merge: each is normalised once.
NAMES_CACHED = 16_384


@functools.lru_cache(maxsize=NAMES_CACHED)
def norm_name(text: str) -> str:
    return " ".join(norm_text(text).split())


@functools.lru_cache(maxsize=NAMES_CACHED)
def name_key(text: str) -> str:
    """Names (stakeholders, zones) match ignoring case and spacing."""
    return norm_name(text).casefold()


# --- canonical values from the database ---------------------------------------------------


def canonical(kind: Kind, value: Any) -> Any:
    """The comparable form of a value taken from the database."""
    convert = CANONICAL.get(kind)
    return value if convert is None else convert(value)


CANONICAL: dict[Kind, Any] = {
    Kind.TEXT: lambda v: norm_text(v or ""),
    Kind.OPT_TEXT: lambda v: norm_text(v or ""),
    Kind.CUP: lambda v: norm_text(v or ""),
    Kind.PNRR: lambda v: norm_text(v or ""),
    Kind.GOALS: lambda v: frozenset(v or ()),
    Kind.CODE: lambda v: norm_text(v or ""),
    Kind.NAME: lambda v: norm_name(v or ""),
    Kind.ZONE: lambda v: norm_name(v or ""),
    Kind.DECIMAL: lambda v: None if v is None else Decimal(v).quantize(Decimal("0.01")),
    Kind.SECTORS: lambda v: frozenset(v or ()),
    Kind.ZONES: lambda v: frozenset(v or ()),
    Kind.AXES: lambda v: frozenset(v or ()),
}


def same(kind: Kind, a: Any, b: Any) -> bool:
    if kind in (Kind.NAME, Kind.ZONE):
        return name_key(a or "") == name_key(b or "")
    if kind is Kind.ZONES:
        return {name_key(x) for x in a or ()} == {name_key(x) for x in b or ()}
    return bool(a == b)


# --- writing cells ------------------------------------------------------------------------


def to_cell(kind: Kind, value: Any, report: TextReport | None = None) -> Any:
    """The value the exporter writes in a visible cell (its number format does the rest)."""
    if value is None:
        return None
    if kind in (Kind.TEXT, *TEXT_LIKE, Kind.NAME, Kind.ZONE, Kind.CODE):
        return clean_text(str(value), report) or None
    if kind in (Kind.ENUM, Kind.OPT_ENUM):
        return value.label
    if kind is Kind.PERCENT:
        return value  # a whole number shown with a "%" after it: typing 50 means 50 %
    if kind is Kind.SECTORS:
        return join_labels(value) or None
    if kind is Kind.ZONES:
        return "; ".join(sorted(value, key=str.casefold)) or None
    if kind is Kind.AXES:
        return "; ".join(str(n) for n in sorted(value)) or None
    if kind is Kind.GOALS:
        return ", ".join(str(n) for n in sorted(value)) or None
    if kind is Kind.FLAG:
        return YES if value else None
    return value


def to_base(kind: Kind, value: Any) -> str:
    """The value as text in the hidden base sheet (strings survive re-saving untouched)."""
    if value is None:
        return ""
    if kind in (Kind.ENUM, Kind.OPT_ENUM):
        return str(value.value)
    if kind is Kind.DATE:
        return str(value.isoformat())
    if kind is Kind.MEASURE and isinstance(value, Decimal):
        return format(value, "f")  # never "1E+1"
    if kind is Kind.SECTORS:
        return "; ".join(sorted(s.value for s in value))
    if kind in (Kind.ZONES, Kind.AXES, Kind.GOALS):
        return "; ".join(sorted(str(v) for v in value))
    return str(value)


_TEXT_KINDS = (Kind.TEXT, Kind.OPT_TEXT, Kind.CODE)


def base_reader(column: Column) -> Callable[[Any], Any]:
    """`from_base` for one column, with the common cases of its kind taken first: an empty
    cell, text, digits, an enumeration's value, an ISO date (a 10,000-action hidden sheet
    holds 300,000 values)."""
    kind = column.kind
    empty = from_base(column, None)

    def other(v: Any) -> Any:
        return empty if v is None else from_base(column, v)

    if kind in _TEXT_KINDS:
        return lambda v: norm_text(v) if v.__class__ is str else other(v)
    if kind in (Kind.ID, Kind.INT, Kind.PERCENT):
        return lambda v: int(v) if v.__class__ is str and v.isdigit() else other(v)
    if kind in (Kind.ENUM, Kind.OPT_ENUM):
        assert column.enum_cls is not None
        members = {m.value: m for m in column.enum_cls}
        return lambda v: members[v] if v.__class__ is str and v in members else other(v)
    if kind is Kind.DATE:
        return lambda v: (
            dt.date.fromisoformat(v) if v.__class__ is str and v[:1].isdigit() else other(v)
        )
    return other


def from_base(column: Column, text: Any) -> Any:
    """Inverse of `to_base` (tolerant of a cell re-typed as a number)."""
    kind = column.kind
    if text.__class__ is str and kind in _TEXT_KINDS:  # most of a big hidden sheet
        return norm_text(text)
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    raw = "" if text is None else str(text)
    if kind in (Kind.TEXT, *TEXT_LIKE, Kind.CODE):
        return norm_text(raw)
    if kind in (Kind.NAME, Kind.ZONE):
        return norm_name(raw)
    if not raw.strip():
        return frozenset() if kind in (Kind.SECTORS, Kind.ZONES, Kind.AXES, Kind.GOALS) else None
    if kind in (Kind.ENUM, Kind.OPT_ENUM):
        assert column.enum_cls is not None
        return column.enum_cls(raw)
    if kind is Kind.DATE:
        return dt.date.fromisoformat(raw)
    if kind in (Kind.PERCENT, Kind.ID, Kind.INT):
        return int(raw)
    if kind is Kind.DECIMAL:
        return Decimal(raw).quantize(Decimal("0.01"))
    if kind is Kind.MEASURE:
        return NOT_MEASURED if raw.strip() == NOT_MEASURED else Decimal(raw).normalize()
    parts = [p.strip() for p in raw.split(";") if p.strip()]
    if kind is Kind.SECTORS:
        return frozenset(Sector(p) for p in parts)
    if kind in (Kind.AXES, Kind.GOALS):
        return frozenset(int(p) for p in parts)
    return frozenset(parts)


# --- reading cells ------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A cell's value echoed in a message: short, never a 309-digit number."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or abs(value) >= 1e15:  # NaN, infinities, huge numbers
            return f"{value:.3g}".replace(".", ",")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
    text = _LONG_DIGITS.sub(lambda m: m.group()[:6] + "…", str(value))
    return text if len(text) <= 60 else text[:57] + "…"


def read_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VERO" if value else "FALSO"
    if isinstance(value, (int, float, dt.date)):
        return _shown(value)
    return full_text(str(value))


def read_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # Excel's serial numbers, up to 31/12/9999
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(f"valore '{_shown(value)}' non è una data valida (usa gg/mm/aaaa)")
    text = str(value).strip()
    try:
        if m := _DATE_DMY.match(text):
            day, month, year = (int(g) for g in m.groups())
            if year < 100:
                year += 2000
            return dt.date(year, month, day)
        if m := _DATE_YMD.match(text):
            year, month, day = (int(g) for g in m.groups())
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise CellError(f"valore '{_shown(value)}' non è una data valida (usa gg/mm/aaaa)")


_QUOTED = re.compile(r'"[^"]*"|\\.')


def is_percent_format(number_format: str | None) -> bool:
    """True for a percentage format ("0%"), false for a number with a "%" after it ('0"%"')."""
    return "%" in _QUOTED.sub("", number_format or "")


def read_whole_percent(value: Any, *, percent_format: bool = False) -> int:
    """A progress cell of a tracker of format 2: a whole number from 0 to 100, as shown.

    50, '50', '50%' -> 50. The cell's format is a number with "%" after it, so a typed 50
    is 50 %; a number in a percentage-formatted cell (pasted from elsewhere) is a fraction.
    """
    bad = CellError(
        f"valore '{_shown(value)}' non valido: scrivi l'avanzamento come numero intero da 0 "
        "a 100, senza decimali (per esempio 50)"
    )
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError("valore obbligatorio: scrivi l'avanzamento (per esempio 0 oppure 50)")
    if isinstance(value, bool):
        raise bad
    if isinstance(value, (int, float)):
        percent = float(value) * 100 if percent_format else float(value)
    else:
        typed = str(value).strip().replace(" ", "").replace(",", ".")
        text = typed.removesuffix("%")
        try:
            percent = float(text)
        except ValueError:
            raise bad from None
        if text == typed and 0 < percent <= 1:
            _ambiguous_percent(value, percent)
    if percent != percent or not 0 <= percent <= 100 or abs(percent - round(percent)) > 1e-6:
        raise bad
    return round(percent)


def _ambiguous_percent(value: Any, number: float) -> None:
    """Text such as '1' or '0,5' (no % sign): 1 % or 100 %? A question, not a guess."""
    as_typed = f"{number:g}".replace(".", ",")
    raise CellError(
        f"valore '{_shown(value)}' ambiguo: può voler dire {round(number * 100)}% "
        f"oppure {as_typed}%; scrivi il valore con il simbolo % (per esempio "
        f"{round(number * 100)}%)"
    )


def read_percent(value: Any) -> int:
    """50%, '50%', 0.5, 50, '50' -> 50. A number up to 1 is read as a fraction.

    The progress cells of trackers of format 1 (percentages stored as fractions). An empty
    cell is an error (0% is written as 0%). Text such as '1' or '0,5', with no % sign, can
    mean 1% or 100%: it is a question, not a guess.
    """
    bad = CellError(
        f"valore '{_shown(value)}' non valido: serve una percentuale da 0% a 100% "
        "(per esempio 50% oppure 50)"
    )
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError("valore obbligatorio: scrivi l'avanzamento (per esempio 0% oppure 50%)")
    if isinstance(value, bool):
        raise bad
    if isinstance(value, (int, float)):
        number = float(value)
        percent = number * 100 if 0 <= number <= 1 else number
    else:
        text = str(value).strip().replace(" ", "").replace(",", ".")
        had_sign = text.endswith("%")
        try:
            number = float(text.rstrip("%"))
        except ValueError:
            raise bad from None
        if not had_sign and 0 < number <= 1:
            _ambiguous_percent(value, number)
        percent = number if had_sign or number > 1 else number * 100
    if percent != percent or not -0.5 < percent < 100.5:  # NaN or out of range
        raise bad
    return max(0, min(100, round(percent)))


def read_decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    bad = CellError(f"valore '{_shown(value)}' non è un importo valido (per esempio 1.250,00)")
    if isinstance(value, bool):
        raise bad
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
    else:
        text = _amount_text(value, bad)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise bad from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise bad
    return amount.quantize(Decimal("0.01"))


def _amount_text(value: Any, bad: CellError) -> str:
    """Typed text as a plain decimal ('1250.50'), if it can be read only one way."""
    text = str(value)
    for noise in ("€", "EUR", " ", "\u00a0", "\u202f"):
        text = text.replace(noise, "")
    text = text.strip()
    italian = text.replace(".", "").replace(",", ".") if _AMOUNT_IT.match(text) else None
    english = text.replace(",", "") if _AMOUNT_EN.match(text) else None
    if italian is None and english is None:
        raise bad
    if italian is not None and english is not None and Decimal(italian) != Decimal(english):
        raise CellError(
            f"valore '{_shown(value)}' ambiguo: può voler dire {format_euro(Decimal(italian))} "
            f"oppure {format_euro(Decimal(english))}; scrivi l'importo senza punti delle "
            "migliaia e con la virgola per i decimali (per esempio 1250,50)"
        )
    if italian is None and english is not None and "," in text:
        raise CellError(
            f"valore '{_shown(value)}' scritto con i separatori inglesi: se vuol dire "
            f"{format_euro(Decimal(english))}, scrivilo con la virgola per i decimali e senza "
            "separatori delle migliaia (per esempio 1250,50)"
        )
    return italian if italian is not None else str(english)


def read_enum(enum_cls: type[LabelledEnum], value: Any, *, optional: bool) -> Any:
    text = read_text(value)
    if not text:
        if optional:
            return None
        raise CellError(f"valore obbligatorio; valori ammessi: {', '.join(enum_cls.labels())}")
    key = (enum_cls, text)
    found = _PARSED.get(key)
    if found is not None:
        return found
    try:
        found = enum_cls.parse(text)
    except ValueError:
        raise CellError(
            f"valore '{_shown(text)}' non valido; valori ammessi: {', '.join(enum_cls.labels())}"
        ) from None
    if len(_PARSED) > 10_000:  # a file of odd spellings must not grow it without end
        _PARSED.clear()
    _PARSED[key] = found
    return found


# Labels already parsed: a big tracker repeats a handful of them 50,000 times.
_PARSED: dict[tuple[type[LabelledEnum], str], LabelledEnum] = {}


def split_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [_shown(value)]
    return [p.strip() for p in _SPLIT.split(str(value)) if p.strip()]


def read_sectors(value: Any) -> frozenset[Sector]:
    result = set()
    for part in split_list(value):
        result.add(read_enum(Sector, part, optional=False))
    return frozenset(result)


def read_zones(value: Any, known: Iterable[str]) -> frozenset[str]:
    by_key = {name_key(z): z for z in known}
    result, unknown = set(), []
    for part in split_list(value):
        found = by_key.get(name_key(part))
        if found is None:
            unknown.append(part)
        else:
            result.add(found)
    if unknown:
        raise CellError(
            f"zona omogenea '{_shown('; '.join(unknown))}' sconosciuta; valori ammessi: "
            + ", ".join(sorted(by_key.values()))
        )
    return frozenset(result)


def read_axes(value: Any, known: Iterable[int]) -> frozenset[int]:
    allowed = set(known)
    result = set()
    for part in split_list(value):
        digits = re.sub(r"^asse\s*", "", part.casefold()).strip()
        try:
            number = int(float(digits))
        except (ValueError, OverflowError):  # 'abc', 'inf'
            number = -1
        if number not in allowed:
            raise CellError(
                f"asse '{_shown(part)}' inesistente; valori ammessi: "
                + ", ".join(str(n) for n in sorted(allowed))
            )
        result.add(number)
    return frozenset(result)


def read_cup(value: Any) -> str:
    """A CUP as the service stores it (upper case, no spaces), or "" when empty."""
    problems: list[Problem] = []
    cup = check_cup(read_text(value), "", problems)
    if problems:
        raise CellError(problems[0].message)
    return cup or ""


def read_pnrr(value: Any) -> str:
    """A PNRR measure in its normalised form ("M1C1 I1.1"), or "" when empty."""
    problems: list[Problem] = []
    measure = check_pnrr(read_text(value), "", problems)
    if problems:
        raise CellError(problems[0].message)
    return measure or ""


def read_goals(value: Any) -> frozenset[int]:
    """Agenda 2030 goals typed as "3, 11" (or "3; 11", or one number)."""
    problems: list[Problem] = []
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = _shown(value)
    goals = check_sdgs(read_text(value), "", problems)
    if problems:
        raise CellError(problems[0].message)
    return goals


def read_id(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip()) if not isinstance(value, (int, float)) else value
        if isinstance(value, bool) or not float(number).is_integer() or not 0 < number < MAX_ID:
            raise ValueError
        return int(number)
    except ValueError:
        raise CellError(f"valore '{_shown(value)}' non è un identificativo valido") from None


MAX_CODE = 20  # action codes are like 1.1.1; a longer one is not worth echoing back


def read_code(value: Any) -> str:
    code = read_text(value).replace(" ", "")
    if len(code) > MAX_CODE:
        raise CellError(
            f"codice azione '{_shown(code[:MAX_CODE])}…' troppo lungo: i codici sono come 1.2.3"
        )
    return code


def same_as_exported(kind: Kind, cell: Any, ours: Any) -> bool:
    """Whether a read-only cell still shows the database's value (as the export wrote it)."""
    if cell is not None and cell == ours:  # the usual case, 50,000 times in a big tracker
        return True
    return name_key(read_text(cell)) == name_key(read_text(to_cell(kind, ours)))


def read_measure(value: Any) -> Decimal | str | None:
    """An indicator's value: a number (decimal comma too), "n.d." or nothing (not measured)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise CellError(f"«{_shown(value)}» non è un numero: scrivi un numero o n.d.")
    try:
        number = parse_value(value, "")
    except ValidationError as exc:
        raise CellError(exc.problems[0].message) from None
    return NOT_MEASURED if number is None else number


def display(kind: Kind, value: Any) -> str:
    """A value as the preview shows it, in Italian."""
    if value is None or value == "" or value == frozenset():
        return "(vuoto)"
    if kind is Kind.MEASURE and isinstance(value, Decimal):
        return format_number(value)
    if kind is Kind.PERCENT:
        return f"{value}%"
    if kind is Kind.DECIMAL:
        return format_euro(value)
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, dt.date):
        return format_date(value)
    if kind is Kind.GOALS:
        return ", ".join(str(goal) for goal in sorted(value))
    if isinstance(value, frozenset):
        return join_labels(value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"
