"""The application's two palettes, on Fusion: dark, and Fusion's own light one."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def _palette(
    colours: dict[QPalette.ColorRole, str], disabled: dict[QPalette.ColorRole, str]
) -> QPalette:
    """Each colour for every group, then the disabled group's own."""
    p = QPalette()
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))  # every group
    for role, colour in disabled.items():
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return p


_R = QPalette.ColorRole


def dark() -> QPalette:
    return _palette(
        {
            _R.Window: "#2b2d30",
            _R.WindowText: "#e6e6e6",
            _R.Base: "#1e1f22",
            _R.AlternateBase: "#26282b",
            _R.ToolTipBase: "#3c3f41",
            _R.ToolTipText: "#e6e6e6",
            _R.Text: "#e6e6e6",
            _R.Button: "#34363a",
            _R.ButtonText: "#e6e6e6",
            _R.BrightText: "#ff6b6b",
            _R.Highlight: "#2f65ca",
            _R.HighlightedText: "#ffffff",
            _R.Link: "#7fb2ff",
            _R.PlaceholderText: "#9a9a9a",
        },
        {_R.Text: "#7a7a7a", _R.ButtonText: "#7a7a7a", _R.WindowText: "#7a7a7a"},
    )


def light() -> QPalette:
    """Fusion's own light palette (its standardPalette(), written out: asking the style
    for it builds the Python side of QStyle, a tenth of the window's start-up)."""
    p = _palette(
        {
            _R.WindowText: "#000000",
            _R.Button: "#efefef",
            _R.Light: "#ffffff",
            _R.Midlight: "#cacaca",
            _R.Dark: "#9f9f9f",
            _R.Mid: "#b8b8b8",
            _R.Text: "#000000",
            _R.BrightText: "#ffffff",
            _R.ButtonText: "#000000",
            _R.Base: "#ffffff",
            _R.Window: "#efefef",
            _R.Shadow: "#767676",
            _R.Highlight: "#308cc6",
            _R.HighlightedText: "#ffffff",
            _R.Link: "#0000ff",
            _R.LinkVisited: "#ff00ff",
            _R.AlternateBase: "#f7f7f7",
            _R.ToolTipBase: "#ffffdc",
            _R.ToolTipText: "#000000",
            _R.Accent: "#308cc6",
        },
        {
            _R.WindowText: "#bebebe",
            _R.Dark: "#bebebe",
            _R.Text: "#bebebe",
            _R.ButtonText: "#bebebe",
            _R.Base: "#efefef",
            _R.Shadow: "#b1b1b1",
            _R.Highlight: "#919191",
            _R.Accent: "#919191",
        },
    )
    p.setColor(_R.PlaceholderText, QColor(0, 0, 0, 128))
    return p
