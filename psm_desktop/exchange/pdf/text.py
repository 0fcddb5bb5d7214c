"""User text into reportlab Paragraph markup: escaped, cleaned, split at its line breaks.

A Paragraph reads a small XML-like markup, so `&`, `<` and `>` typed by a user must be
escaped or they vanish, break the layout or raise. Control characters are not allowed in
XML and are dropped. Text is split only where the user broke it: each line is a
paragraph (platypus splits a long one across pages), blank lines are counted so that
the gap stays visible.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# C0 controls except tab and newline, DEL, C1 controls, lone surrogates, non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def escape(text: str | None) -> str:
    """Text safe inside Paragraph markup; it prints exactly as typed."""
    if not text:
        return ""
    text = _ILLEGAL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_lines(text: str | None) -> str:
    """Escaped text whose line breaks stay line breaks (short fields: names, titles)."""
    return escape(text).replace("\t", " ").replace("\n", "<br/>")


def paragraphs(text: str | None) -> Iterator[tuple[int, str]]:
    """(blank lines before it, escaped line) for each line of `text` with something on it."""
    blanks = 0
    for line in escape(text).split("\n"):
        line = line.replace("\t", " ").strip()
        if not line:
            blanks += 1
            continue
        yield blanks, line
        blanks = 0


def shorten(text: str, limit: int = 90) -> str:
    """One line of at most `limit` characters (bookmarks, table cells that must stay short)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
