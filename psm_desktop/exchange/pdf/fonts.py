"""Register the theme's TrueType fonts with reportlab (once per file), as one family.

Every font is embedded as a subset; the 14 standard PDF fonts are never used, because
they cannot print letters such as Ł, Ő, Greek or Cyrillic.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.theme import Theme


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str


_lock = threading.Lock()
_registered: dict[Path, str] = {}


def register_fonts(theme: Theme) -> FontSet:
    """Register the theme's fonts and map <b> and <i> of the family to them."""
    with _lock:
        fonts = FontSet(
            regular=_register(theme.font_regular),
            bold=_register(theme.font_bold),
            italic=_register(theme.font_italic),
        )
        addMapping(fonts.regular, 0, 0, fonts.regular)
        addMapping(fonts.regular, 1, 0, fonts.bold)
        addMapping(fonts.regular, 0, 1, fonts.italic)
        addMapping(fonts.regular, 1, 1, fonts.bold)  # no bold-italic face shipped
        return fonts


def _register(path: Path) -> str:
    resolved = path.resolve()
    name = _registered.get(resolved)
    if name is None:
        name = f"PSM-{resolved.stem}-{len(_registered)}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(resolved)))
        except (OSError, TTFError) as exc:
            raise UserError(f"Il carattere {resolved} non si può usare: {exc}") from None
        _registered[resolved] = name
    return name
