"""Escaping of user text for reportlab markup, and cutting long text into pieces."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from psm_desktop.exchange.pdf.text import PIECE_CHARS, escape, escape_lines, pieces, shorten


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_markup_characters_are_escaped() -> None:
    assert escape("A & B <b>x</b> > y") == "A &amp; B &lt;b&gt;x&lt;/b&gt; &gt; y"
    assert escape("&amp;") == "&amp;amp;"  # typed literally, printed literally


def test_control_characters_become_spaces_and_lines_are_kept() -> None:
    assert escape("a\x00b\x1fc\x7fd") == "a b c d"
    assert escape_lines("riga 1\r\nriga 2\rriga 3") == "riga 1<br/>riga 2<br/>riga 3"
    assert escape(None) == "" and escape("") == ""


def test_unicode_is_untouched() -> None:
    text = "Città € “virgolette” Łódź Őrség Ωμέγα Жито ß ≤ ≥ …"
    assert escape(text) == text


def test_long_text_is_cut_at_spaces_into_pieces() -> None:
    words = " ".join(f"parola{i}" for i in range(20_000))
    parts = list(pieces(words))
    assert all(len(p) <= PIECE_CHARS for p in parts)
    assert len(parts) > 30
    assert " ".join(parts) == words


def test_one_enormous_word_is_cut_without_breaking_escapes() -> None:
    word = "x" * (PIECE_CHARS - 3) + "&" * 10 + "y" * 5000
    parts = list(pieces(word))
    assert all(len(p) <= PIECE_CHARS for p in parts)
    for part in parts:  # no piece starts or ends inside "&amp;"
        assert unescape(part).count("&") == part.count("&amp;")
    assert "".join(unescape(p) for p in parts) == word


def test_blank_lines_are_dropped_and_each_line_is_a_paragraph() -> None:
    assert list(pieces("uno\n\n  due  \n\t\ntre")) == ["uno", "due", "tre"]


def test_shorten() -> None:
    assert shorten("  a   b  ") == "a b"
    assert shorten("x" * 100, 10) == "x" * 9 + "…"


@given(st.text(max_size=3000))
def test_pieces_lose_no_character(text: str) -> None:
    parts = list(pieces(text, limit=200))
    words = escape(text).replace("\t", " ").split()
    assert "".join("".join(parts).split()) == "".join(words)
    assert all(len(p) <= 200 for p in parts)
    if all(len(w) < 100 for w in words):  # cut only at spaces: the words are intact
        assert " ".join(parts).split() == words
