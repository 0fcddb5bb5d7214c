"""Escaping of user text for reportlab markup, and splitting it into paragraphs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from psm_desktop.exchange.pdf.text import escape, escape_lines, paragraphs, shorten


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


def test_a_long_line_is_one_paragraph_never_cut_at_a_fixed_length() -> None:
    words = " ".join(f"parola{i}" for i in range(20_000))
    assert list(paragraphs(words)) == [(0, words)]
    word = "x" * 4997 + "&" * 10 + "y" * 5000
    assert list(paragraphs(word)) == [(0, escape(word))]


def test_each_line_is_a_paragraph_and_blank_lines_are_counted() -> None:
    assert list(paragraphs("uno\n\n  due  \n\t\ntre\nquattro")) == [
        (0, "uno"),
        (1, "due"),
        (1, "tre"),
        (0, "quattro"),
    ]
    assert list(paragraphs("\n\nuno\n\n\n\n\n")) == [(2, "uno")]
    assert list(paragraphs("")) == [] and list(paragraphs(None)) == []


def test_shorten() -> None:
    assert shorten("  a   b  ") == "a b"
    assert shorten("x" * 100, 10) == "x" * 9 + "…"


@given(st.text(max_size=3000))
def test_paragraphs_lose_no_character(text: str) -> None:
    found = list(paragraphs(text))
    words = escape(text).replace("\t", " ").split()
    assert " ".join(line for _, line in found).split() == words
    assert all(line and line == line.strip() for _, line in found)
