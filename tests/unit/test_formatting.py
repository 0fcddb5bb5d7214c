"""Italian dates typed by hand, plurals and the plausibility question (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from psm_desktop.formatting import parse_date, plan_years, plural, unusual_date_question

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/03/2025", D(2025, 3, 15)),
        ("15032025", D(2025, 3, 15)),
        ("15/3/25", D(2025, 3, 15)),
        ("1/3/2025", D(2025, 3, 1)),
        ("15-03-2025", D(2025, 3, 15)),
        ("15.03.2025", D(2025, 3, 15)),
        (" 15 / 03 / 2025 ", D(2025, 3, 15)),
        ("150325", D(2025, 3, 15)),
        ("2025-03-15", D(2025, 3, 15)),  # ISO, as pasted from a file
        ("31/12/99", D(1999, 12, 31)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date_reads_what_officials_type(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["nessuna data15032025", "31/02/2025", "15/13/2025", "15/03/202", "15/03", "1503202", "abc"],
)
def test_parse_date_refuses_what_it_cannot_read_and_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert "gg/mm/aaaa" in str(info.value)


def test_a_three_digit_year_is_never_guessed() -> None:
    """Backspacing the year of 15/03/2025 to '202' must not become 202 or 2002."""
    with pytest.raises(ValueError):
        parse_date("15/03/202")


def test_plurals() -> None:
    assert plural(1, "azione", "azioni") == "1 azione"
    assert plural(0, "azione", "azioni") == "0 azioni"
    assert plural(2, "scadenza", "scadenze") == "2 scadenze"
    assert plural(1234, "azione", "azioni") == "1.234 azioni"
    assert plural(1, "conflitto", "conflitti", number=False) == "conflitto"


def test_plan_years() -> None:
    assert plan_years("2024-2026") == (2024, 2026)
    assert plan_years("2024–2026") == (2024, 2026)
    assert plan_years("") is None
    assert plan_years("triennale") is None


def test_unusual_date_question() -> None:
    years = (2024, 2026)
    assert unusual_date_question(D(2025, 3, 15), years, "Data di fine") is None
    assert unusual_date_question(D(2029, 1, 1), years, "Data di fine") is None
    question = unusual_date_question(D(2006, 3, 15), years, "Data di fine")
    assert question is not None
    assert "15/03/2006" in question and "2024-2026" in question and "Data di fine" in question
    assert unusual_date_question(D(1900, 1, 2), years, "Data di fine") is not None
    assert unusual_date_question(D(2060, 1, 1), years, "Data di fine") is not None
    # with no plan period, a date far from today is still questioned
    today = D(2025, 6, 1)
    assert unusual_date_question(D(2025, 3, 1), None, "Inizio", today) is None
    assert unusual_date_question(D(1900, 1, 2), None, "Inizio", today) is not None
