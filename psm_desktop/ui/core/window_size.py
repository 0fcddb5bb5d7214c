"""Dialog sizes that fit the screen: a 1366x768 laptop at 150 % has only 910x512 points."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to width x height, but never past 95 % of the available screen area."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, int(area.width() * 0.95))
        height = min(height, int(area.height() * 0.95))
    widget.resize(width, height)
