"""File names that Windows, macOS and Linux all accept, and that people can read."""

from __future__ import annotations

import re
import unicodedata

# Characters Windows refuses in a name, control characters included.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
MAX_STEM = 120  # keeps a whole path well under Windows' 260 characters


def safe_stem(text: str) -> str:
    """`text` as the stem of a file name: '2025-S1 - Comune di Bussoleno'."""
    text = unicodedata.normalize("NFC", text)
    text = _FORBIDDEN.sub("-", text)
    text = " ".join(text.split()).strip(" .")  # Windows drops trailing dots and spaces
    if not text:
        text = "senza nome"
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    return text[:MAX_STEM].rstrip(" .")


def unique_stems(stems: list[str]) -> list[str]:
    """The stems made distinct (ignoring case, as Windows does) with ' (2)', ' (3)'..."""
    seen: dict[str, int] = {}
    result = []
    for stem in stems:
        key = stem.casefold()
        seen[key] = seen.get(key, 0) + 1
        result.append(stem if seen[key] == 1 else f"{stem} ({seen[key]})")
    return result
