"""Register the theme's TrueType fonts with reportlab (once per file), as one family.

Every font is embedded as a subset; the 14 standard PDF fonts are never used, because
they cannot print letters such as Ł, Ő, Greek or Cyrillic. What the main font cannot
print (Chinese, Devanagari, Thai...) is drawn with the theme's fallback font if it has
it (`Coverage.markup`); what neither has is reported to the user (scripts.py).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.theme import Theme


class Coverage:
    """Which characters the main font has, and which the fallback font adds."""

    def __init__(
        self, main: frozenset[int], fallback_name: str | None, fallback: frozenset[int]
    ) -> None:
        self.fallback_name = fallback_name
        self._fallback = fallback
        self._outside_main = _runs_outside(main)
        self._outside_both = _runs_outside(main | fallback)

    def needs_fallback(self, text: str) -> bool:
        """True if some character of `text` is not in the main font (ASCII always is)."""
        return not text.isascii() and self._outside_main.search(text) is not None

    def missing(self, text: str) -> str:
        """The distinct characters of `text` that no font of the theme can print."""
        if text.isascii():
            return ""
        found = "".join(self._outside_both.findall(text))
        return "".join(sorted(set(found)))

    def markup(self, escaped: str) -> str:
        """Paragraph markup with each run the main font lacks set in the fallback font."""
        if self.fallback_name is None or not self.needs_fallback(escaped):
            return escaped
        return self._outside_main.sub(
            lambda m: f'<font face="{self.fallback_name}">{m.group(0)}</font>', escaped
        )

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """`text` as (piece, font) runs for drawing on the canvas directly."""
        if self.fallback_name is None or not self.needs_fallback(text):
            return [(text, font)]
        runs: list[tuple[str, str]] = []
        start = 0
        for match in self._outside_main.finditer(text):
            if match.start() > start:
                runs.append((text[start : match.start()], font))
            runs.append((match.group(0), self.fallback_name))
            start = match.end()
        if start < len(text):
            runs.append((text[start:], font))
        return runs


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str
    coverage: Coverage


_lock = threading.Lock()
_registered: dict[Path, str] = {}
_charsets: dict[str, frozenset[int]] = {}


def register_fonts(theme: Theme) -> FontSet:
    """Register the theme's fonts and map <b> and <i> of the family to them."""
    with _lock:
        regular = _register(theme.font_regular)
        fallback = _register(theme.font_fallback) if theme.font_fallback else None
        fonts = FontSet(
            regular=regular,
            bold=_register(theme.font_bold),
            italic=_register(theme.font_italic),
            coverage=Coverage(
                _charsets[regular], fallback, _charsets[fallback] if fallback else frozenset()
            ),
        )
        addMapping(fonts.regular, 0, 0, fonts.regular)
        addMapping(fonts.regular, 1, 0, fonts.bold)
        addMapping(fonts.regular, 0, 1, fonts.italic)
        addMapping(fonts.regular, 1, 1, fonts.bold)  # no bold-italic face shipped
        if fallback is not None:  # one face for every style: better than an empty box
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(fallback, bold, italic, fallback)
        return fonts


def _register(path: Path) -> str:
    resolved = path.resolve()
    name = _registered.get(resolved)
    if name is None:
        name = f"PSM-{resolved.stem}-{len(_registered)}"
        try:
            font = TTFont(name, str(resolved))
            pdfmetrics.registerFont(font)
        except (OSError, TTFError) as exc:
            raise UserError(f"Il carattere {resolved} non si può usare: {exc}") from None
        _registered[resolved] = name
        _charsets[name] = frozenset(font.face.charToGlyph)
    return name


def _runs_outside(charset: frozenset[int]) -> re.Pattern[str]:
    """A pattern matching runs of characters outside `charset` (white space excluded)."""
    ranges: list[str] = []
    codes = sorted(c for c in charset if c > 32 and not 0xD800 <= c <= 0xDFFF)
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        low, high = codes[i], codes[j]
        ranges.append(f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}")
        i = j + 1
    return re.compile(f"[^\\s\\x00-\\x20{''.join(ranges)}]+")
