"""Read the text of one axis page of the plan, as a coordinator copies it from the web site.

The shape (see tests/fixtures/psm-2024-2026-asse-1.txt): page headings, the line
`Asse N - title`, its description, then per strategy a line `Strategia N.M - title`, its
description and its actions as lines `Azione N.M.K - text`, bulleted or not.

What a browser adds is tolerated: CRLF, non-breaking and zero-width spaces, bullets (•, -,
*, none), en or em dashes (or a colon) after the code, blank lines, and the page's stray
lines ("Puoi scaricare la scheda…", the links' heading, "Ultimo aggiornamento: …", which
sets the plan's update date). The wording itself is kept verbatim, typos included: only
the invisible characters above are normalised, and only the separator after a code is
read as a separator (a dash inside the text stays). Anything else out of place is an
error naming its line; all the errors are reported at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from psm_desktop.errors import Problem, UserError, ValidationError

MAX_BYTES = 5_000_000  # an axis page is ~10 kB; anything this big is the wrong file

AXIS = "asse"
STRATEGY = "strategia"
ACTION = "azione"

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\t\v\f"), " ")
_BULLET = re.compile(r"^(?:[•·▪▫●◦‣∙○■□➢►▶✓\u2043*]|[-–—‐‑−](?=\s))\s*")
_KEYED = re.compile(
    r"^(?P<key>asse|strategia|azione)\s+(?P<code>\d+(?:\s*\.\s*\d+)*)\.?"
    r"(?:\s*[-–—‐‑−:]+\s*|\s+|$)(?P<text>.*)$",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"^ultimo\s+aggiornamento\b\s*:?\s*(?P<date>.*)$", re.IGNORECASE)
_STRAY = ("puoi scaricare", "le connessioni tra l", "scarica la scheda")
_DEPTH = {AXIS: 1, STRATEGY: 2, ACTION: 3}
_SHAPE = {
    AXIS: "Asse N - titolo",
    STRATEGY: "Strategia N.M - titolo",
    ACTION: "Azione N.M.K - testo",
}
MONTHS = {
    name: i
    for i, name in enumerate(
        [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        start=1,
    )
}


@dataclass(frozen=True, slots=True)
class TextAction:
    code: str
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class TextStrategy:
    code: str
    title: str
    description: str
    line: int
    actions: tuple[TextAction, ...]


@dataclass(frozen=True, slots=True)
class AxisText:
    """One axis as its page states it."""

    file_name: str
    number: int
    title: str
    description: str
    line: int
    strategies: tuple[TextStrategy, ...]
    updated_on: dt.date | None


class PlanTextError(ValidationError):
    """The text is not an axis page; every problem names the file and line."""


def read_axis_text(path: Path) -> AxisText:
    """Read and parse a text file (UTF-8, or Windows' ANSI as Notepad saves it)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(
                f"Il file {path.name} è troppo grande ({size // 1_000_000} MB) per essere il "
                "testo di un asse: controlla di aver scelto il file giusto."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Impossibile leggere il file {path}: {exc.strerror or exc}.") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return parse_axis_text(text, path.name)


def parse_axis_text(text: str, file_name: str = "testo incollato") -> AxisText:
    """The axis described by `text`; PlanTextError listing every problem otherwise."""
    return _Parser(file_name).run(text)


def clean_line(raw: str) -> str:
    """A line without the invisible characters a browser adds, spaces made plain, trimmed."""
    return raw.translate(_INVISIBLE).translate(_SPACES).strip()


def parse_italian_date(text: str) -> dt.date | None:
    """'30 agosto 2024', '30/08/2024', '30.08.2024' or '30-08-2024'; None if not a date."""
    words = text.strip().rstrip(".").casefold().split()
    try:
        if len(words) == 3 and words[1] in MONTHS:
            return dt.date(int(words[2]), MONTHS[words[1]], int(words[0].rstrip("°º")))
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text.strip())
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


@dataclass
class _Open:
    """The strategy being read."""

    code: str
    title: str
    line: int
    description: list[str] = field(default_factory=list)
    actions: list[TextAction] = field(default_factory=list)


class _Parser:
    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.problems: list[Problem] = []
        self.axis: tuple[int, str, int] | None = None  # number, title, line
        self.axis_description: list[str] = []
        self.strategies: list[_Open] = []
        self.updated_on: dt.date | None = None

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(f"{self.file_name}, riga {line}", message))

    def run(self, text: str) -> AxisText:
        if "\x00" in text:
            raise PlanTextError(
                [Problem(self.file_name, "non è un file di testo (contiene dati binari)")]
            )
        lines = [clean_line(raw) for raw in text.splitlines()]
        for line_number, content in enumerate(lines, start=1):
            if content:
                self.line(line_number, content)
        if self.axis is None and not self.problems:
            first = next((i for i, line in enumerate(lines, start=1) if line), 0)
            if first == 0:
                raise PlanTextError([Problem(self.file_name, "il file è vuoto")])
            hint = (
                " (sembra il codice HTML della pagina: aprila nel browser, seleziona il testo "
                "e copialo in un file di testo)"
                if lines[first - 1].startswith("<")
                else ""
            )
            self.problem(
                first,
                "manca la riga con il titolo dell'asse («Asse N - titolo»): il testo non ha "
                f"la forma della pagina di un asse del piano{hint}",
            )
        if self.problems:
            raise PlanTextError(self.problems)
        assert self.axis is not None
        number, title, axis_line = self.axis
        return AxisText(
            file_name=self.file_name,
            number=number,
            title=title,
            description="\n".join(self.axis_description),
            line=axis_line,
            strategies=tuple(
                TextStrategy(s.code, s.title, "\n".join(s.description), s.line, tuple(s.actions))
                for s in self.strategies
            ),
            updated_on=self.updated_on,
        )

    def line(self, number: int, line: str) -> None:
        updated = _UPDATED.match(line)
        if updated:
            self.updated_on = parse_italian_date(updated["date"])
            if self.updated_on is None:
                self.problem(
                    number,
                    f"data dell'ultimo aggiornamento non valida: «{updated['date']}» "
                    "(atteso ad esempio «30 agosto 2024» o «30/08/2024»)",
                )
            return
        if line.casefold().startswith(_STRAY) or not _BULLET.sub("", line):
            return
        keyed = _KEYED.match(_BULLET.sub("", line))
        if keyed:
            self.keyed(number, keyed["key"].casefold(), keyed["code"], keyed["text"].strip())
        elif self.axis is None:
            return  # the page's headings before the axis
        elif not self.strategies:
            self.axis_description.append(line)
        elif not self.strategies[-1].actions:
            self.strategies[-1].description.append(line)
        else:
            last = self.strategies[-1]
            self.problem(
                number,
                f"testo fuori posto dopo le azioni della strategia {last.code}: «{_cut(line)}». "
                f"Ogni azione sta su una sola riga che inizia con «Azione {last.code}.K -»",
            )

    def keyed(self, number: int, key: str, raw_code: str, text: str) -> None:
        code = re.sub(r"\s+", "", raw_code)
        parts = code.split(".")
        if len(parts) != _DEPTH[key]:
            self.problem(number, f"codice «{code}» non valido: atteso «{_SHAPE[key]}»")
            return
        if not text:
            self.problem(number, f"manca il testo dopo «{key.capitalize()} {code}»")
            return
        if key == AXIS:
            if self.axis is not None:
                self.problem(
                    number,
                    f"secondo asse nello stesso testo (l'asse {self.axis[0]} inizia alla riga "
                    f"{self.axis[2]}): importa un asse per volta",
                )
            else:
                self.axis = (int(code), text, number)
            return
        if self.axis is None:
            self.problem(number, f"«{key.capitalize()} {code}» prima della riga «Asse N - titolo»")
            return
        if key == STRATEGY:
            expected = f"{self.axis[0]}.{len(self.strategies) + 1}"
            if code != expected:
                self.problem(number, f"attesa la strategia {expected}, trovata la {code}")
            self.strategies.append(_Open(expected, text, number))
            return
        if not self.strategies:
            self.problem(number, f"l'azione {code} viene prima di ogni strategia")
            return
        strategy = self.strategies[-1]
        expected = f"{strategy.code}.{len(strategy.actions) + 1}"
        if code != expected:
            self.problem(number, f"attesa l'azione {expected}, trovata la {code}")
        strategy.actions.append(TextAction(expected, text, number))


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
