"""Check boxes that can be seen, in Fusion.

Fusion outlines a check box with the window colour made darker: in our dark palette that is
the colour of the list behind the box, and in the light one it is a pale grey (about 1.9:1).
Unticked boxes of settori, zone and goals all but vanished. WCAG 1.4.11 asks 3:1 for a
control's boundary, so the boxes get a window colour of their own, which Fusion turns into
an outline halfway between the text and the background: about 4:1 in both palettes. Every
QCheckBox has it (a palette for the class), and so has each list or table whose rows have
boxes (`show_boxes`).

A palette, not a style: a Python style is called for every primitive Qt draws (and makes
Qt build the Python side of QStyle and of every kind of style option at start-up).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

# Fusion's box outline is the window colour .darker() by this factor (measured on its
# drawing: tests/ui/test_dark_checkboxes.py holds the result to the colour wanted).
FUSION_OUTLINE_DARKER = 127
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)  # disabled: as Fusion


def outline_colour(palette: QPalette) -> QColor:
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    return QColor(
        (text.red() + base.red()) // 2,
        (text.green() + base.green()) // 2,
        (text.blue() + base.blue()) // 2,
    )


def box_palette(palette: QPalette) -> QPalette:
    """`palette` with the window colour that Fusion draws as the wanted box outline."""
    boxes = QPalette(palette)
    window = outline_colour(palette).lighter(FUSION_OUTLINE_DARKER)
    for group in _GROUPS:
        boxes.setColor(group, QPalette.ColorRole.Window, window)
    return boxes


def install(app: QApplication) -> None:
    """Every check box, now and later, with its outline (after the palette is chosen)."""
    # (PySide6 takes the class name as text, though its stubs say bytes)
    QApplication.setPalette(box_palette(app.palette()), "QCheckBox")  # type: ignore[arg-type]


def show_boxes(view: QWidget) -> None:
    """A list or table whose rows have check boxes: the same outline for them. Its rows
    are drawn with the view's palette; its parts (headers, their empty ends, the corner,
    the scroll bars) keep the window colour the rest of the window has."""
    plain = view.palette()
    view.setPalette(box_palette(plain))
    # Set, not inherited: a palette with no role set would let the parts take the view's.
    parts = QPalette(plain)
    for group in _GROUPS:
        parts.setColor(
            group, QPalette.ColorRole.Window, plain.color(group, QPalette.ColorRole.Window)
        )
    for part in view.findChildren(QWidget):
        part.setPalette(parts)
