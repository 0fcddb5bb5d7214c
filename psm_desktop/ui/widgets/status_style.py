"""One palette of status colours and labels, shared by the plan tree, the tables and the overview.

Colours come in a light-theme and a dark-theme variant so that a status chip or a coloured
text stays readable on the system palette's base colour. Ask `is_dark()` which one to use,
or call the `*_for(palette)` helpers that do it for you.

    from psm_desktop.ui.widgets.status_style import status_color, is_dark
    item_colour = status_color(row.status, is_dark())
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from psm_desktop.model import Health, Status

# (light theme, dark theme) as hex. Light variants are dark enough for text on white
# (contrast >= 4.5:1); dark variants are light enough for text on a near-black base.
_STATUS_HEX: dict[Status, tuple[str, str]] = {
    Status.NOT_STARTED: ("#5f6b7a", "#a9b4c2"),  # slate grey: nothing happening yet
    Status.IN_PROGRESS: ("#1f5fbf", "#7fb2ff"),  # blue: under way
    Status.COMPLETED: ("#1b7a3a", "#6fd08c"),  # green: done
    Status.SUSPENDED: ("#a35a00", "#ffb45c"),  # amber: on hold
    Status.CANCELLED: ("#7a4b8c", "#c9a3d9"),  # muted purple: closed without result
}
_OVERDUE_HEX = ("#c0262d", "#ff7b7b")  # red: late
# Soft background to highlight a whole overdue row (light, dark).
_OVERDUE_BACKGROUND_HEX = ("#fde2e2", "#4a1f22")

OVERDUE_LABEL = "In ritardo"

# The computed andamento: its own colours, so it is never mistaken for a declared status.
_HEALTH_HEX: dict[Health, tuple[str, str]] = {
    Health.ON_TRACK: ("#1b7a3a", "#6fd08c"),  # green
    Health.ATTENTION: ("#8a5a00", "#ffc061"),  # amber
    Health.CRITICAL: ("#c0262d", "#ff7b7b"),  # red
    Health.NOT_RATED: ("#5f6b7a", "#a9b4c2"),  # grey
}
# A mark beside the word, so colour is never the only carrier of the meaning.
HEALTH_MARK = {
    Health.ON_TRACK: "●",
    Health.ATTENTION: "▲",
    Health.CRITICAL: "■",
    Health.NOT_RATED: "○",
}


def health_color(health: Health, dark: bool) -> QColor:
    light_hex, dark_hex = _HEALTH_HEX[health]
    return QColor(dark_hex if dark else light_hex)


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the palette (default: the application's) has a dark base colour."""
    if palette is None:
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def status_color(status: Status, dark: bool) -> QColor:
    """The colour of a status, for text, icons and bars on a light or dark background."""
    light_hex, dark_hex = _STATUS_HEX[status]
    return QColor(dark_hex if dark else light_hex)


def status_label(status: Status) -> str:
    """The Italian label of a status (kept here so every view words it the same)."""
    return status.label


def overdue_color(dark: bool) -> QColor:
    """The colour that marks something late (text, icon, bar)."""
    return QColor(_OVERDUE_HEX[1] if dark else _OVERDUE_HEX[0])


def overdue_background(dark: bool) -> QColor:
    """A soft background for a whole overdue row; keep the palette's text colour on it."""
    return QColor(_OVERDUE_BACKGROUND_HEX[1] if dark else _OVERDUE_BACKGROUND_HEX[0])


def status_color_for(status: Status, palette: QPalette | None = None) -> QColor:
    return status_color(status, is_dark(palette))


def overdue_color_for(palette: QPalette | None = None) -> QColor:
    return overdue_color(is_dark(palette))


def overdue_background_for(palette: QPalette | None = None) -> QColor:
    return overdue_background(is_dark(palette))


def health_text(health: Health) -> str:
    """The andamento as every screen writes it: its mark and its Italian name."""
    return f"{HEALTH_MARK[health]} {health.label}"
