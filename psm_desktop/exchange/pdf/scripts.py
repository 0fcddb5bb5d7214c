"""Warn about text the PDF will not show as typed: letters no font of the theme has
(Chinese, Devanagari, Thai... print as empty boxes and vanish from the text layer) and
right-to-left scripts (Arabic, Hebrew), which reportlab lays out left to right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from psm_desktop.exchange.pdf.fonts import Coverage

# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan... and their presentation forms.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
MAX_LISTED = 20  # fields listed per kind of problem; the rest are counted
MAX_CHARS_SHOWN = 12

Field = tuple[str, str, str | None]  # where ("Azione 1.1.1"), field ("Note"), text


def script_warnings(
    coverage: Coverage, fields: Iterable[Field], theme_file: str
) -> tuple[str, ...]:
    """Italian lines for the user: which actions and fields will not print as typed."""
    missing: list[str] = []
    backwards: list[str] = []
    for where, name, text in fields:
        if not text or text.isascii():
            continue
        chars = coverage.missing(text)
        if chars:
            shown = " ".join(chars[:MAX_CHARS_SHOWN]) + (
                " …" if len(chars) > MAX_CHARS_SHOWN else ""
            )
            missing.append(f"{where}, {name}: {shown}")
        if _RIGHT_TO_LEFT.search(text):
            backwards.append(f"{where}, {name}")
    lines: list[str] = []
    if missing:
        lines.append(
            "Alcuni caratteri non si possono stampare con i caratteri del PDF e usciranno "
            "come riquadri vuoti; per stamparli indica in [fonts] fallback del modello dei "
            f"PDF ({theme_file}) un carattere TrueType che li contenga:"
        )
        lines += _listed(missing)
    if backwards:
        lines.append(
            "Questi testi sono scritti da destra a sinistra (arabo, ebraico): nel PDF le "
            "lettere escono da sinistra a destra:"
        )
        lines += _listed(backwards)
    return tuple(lines)


def _listed(items: list[str]) -> list[str]:
    shown = [f"- {item}" for item in dict.fromkeys(items)]
    if len(shown) > MAX_LISTED:
        more = len(shown) - MAX_LISTED
        shown = [*shown[:MAX_LISTED], f"- … e altri {more} {'campo' if more == 1 else 'campi'}"]
    return shown
