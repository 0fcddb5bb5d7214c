"""Status colours stay readable: text contrast against light and dark bases (WCAG AA)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from psm_desktop.model import Status
from psm_desktop.ui.widgets.status_style import (
    is_dark,
    overdue_background,
    overdue_color,
    status_color,
)


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


LIGHT_BASES = [QColor("#ffffff"), QColor("#f5f5f5")]  # base and alternate rows
DARK_BASES = [QColor("#1e1e1e"), QColor("#2b2b2b")]


@pytest.mark.parametrize("status", list(Status))
def test_status_colours_are_readable_as_text(status: Status) -> None:
    for base in LIGHT_BASES:
        assert contrast(status_color(status, False), base) >= 4.5
    for base in DARK_BASES:
        assert contrast(status_color(status, True), base) >= 4.5


def test_overdue_text_readable_on_plain_and_highlighted_rows() -> None:
    for base in [*LIGHT_BASES, overdue_background(False)]:
        assert contrast(overdue_color(False), base) >= 4.5
    for base in [*DARK_BASES, overdue_background(True)]:
        assert contrast(overdue_color(True), base) >= 4.5
    # Ordinary text on a highlighted row stays readable too.
    assert contrast(QColor("black"), overdue_background(False)) >= 7
    assert contrast(QColor("#e6e6e6"), overdue_background(True)) >= 7


def test_counts_on_bars_are_readable() -> None:
    """The overview writes counts in white on light-theme bars, black on dark-theme ones."""
    for status in Status:
        assert contrast(QColor("white"), status_color(status, False)) >= 4.5
        assert contrast(QColor("black"), status_color(status, True)) >= 4.5


def test_is_dark_follows_the_palette() -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    assert is_dark(palette)
    palette.setColor(QPalette.ColorRole.Base, QColor("#fafafa"))
    assert not is_dark(palette)
