"""User text into reportlab Paragraph markup: escaped, cleaned, cut into pieces that flow.

A Paragraph reads a small XML-like markup, so `&`, `<` and `>` typed by a user must be
escaped or they vanish, break the layout or raise. Control characters are not allowed in
XML and are dropped. Very long paragraphs are cut at a space into pieces of a few
thousand characters: each piece can move to the next page on its own, and reportlab
never re-wraps a 100,000-character block at every page break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# C0 controls except tab and newline, DEL, C1 controls, lone surrogates, non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
PIECE_CHARS = 5000


def escape(text: str | None) -> str:
    """Text safe inside Paragraph markup; it prints exactly as typed."""
    if not text:
        return ""
    text = _ILLEGAL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_lines(text: str | None) -> str:
    """Escaped text whose line breaks stay line breaks (short fields: names, titles)."""
    return escape(text).replace("\t", " ").replace("\n", "<br/>")


def paragraphs(text: str | None, limit: int = PIECE_CHARS) -> Iterator[list[str]]:
    """Escaped paragraphs of `text` (one per line), each as its pieces of at most `limit`."""
    for line in escape(text).split("\n"):
        line = line.replace("\t", " ").strip()
        parts: list[str] = []
        while len(line) > limit:
            cut = line.rfind(" ", limit // 2, limit)
            if cut <= 0:
                cut = _safe_cut(line, limit)
            parts.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        if line:
            parts.append(line)
        if parts:
            yield parts


def pieces(text: str | None, limit: int = PIECE_CHARS) -> Iterator[str]:
    """Every piece of every paragraph, in order."""
    for parts in paragraphs(text, limit):
        yield from parts


def _safe_cut(line: str, limit: int) -> int:
    """A cut with no space near: never split an escape such as `&amp;`."""
    amp = line.rfind("&", limit - 6, limit)
    return amp if amp > 0 and ";" not in line[amp:limit] else limit


def shorten(text: str, limit: int = 90) -> str:
    """One line of at most `limit` characters (bookmarks, table cells that must stay short)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
