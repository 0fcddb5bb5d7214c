"""The plan's codes ("2", "2.1", "2.1.3"): their natural order."""

from __future__ import annotations


def code_order(code: str) -> tuple[int, ...]:
    """A code's numbers, to sort by: "1.10.2" after "1.9.1" (a part that is not a number,
    which a valid code never has, counts as 0)."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))
