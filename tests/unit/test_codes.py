"""The plan's codes sort by their numbers, not as text."""

from __future__ import annotations

from psm_desktop.model.codes import code_order


def test_codes_sort_by_their_numbers() -> None:
    codes = ["1.10.2", "10", "1.9.1", "2", "1.9", "1.10"]
    assert sorted(codes, key=code_order) == ["1.9", "1.9.1", "1.10", "1.10.2", "2", "10"]


def test_a_part_that_is_not_a_number_counts_as_zero() -> None:
    assert code_order("1.x.3") == (1, 0, 3)
    assert sorted(["1.1", "1.x"], key=code_order) == ["1.x", "1.1"]  # never a TypeError
