"""Unticked boxes must stay visible in the dark theme (WCAG 1.4.11: 3:1 against their
background). Fusion draws the box's outline from the window colour made darker, which in a
dark palette is the colour of the list behind it: the boxes of settori, zone and goals vanished."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionButton, QStyleOptionViewItem

from psm_desktop import app as app_module


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def _contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture(params=["dark", "light"])
def themed_app(
    request: pytest.FixtureRequest, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator[QApplication]:
    before_style = qapp.style().name()
    before_palette = QPalette(qapp.palette())
    monkeypatch.setenv(app_module.THEME_ENV, request.param)
    app_module.apply_style(qapp)
    yield qapp
    qapp.setStyle(before_style)
    qapp.setPalette(before_palette)


def _best_contrast_of(element: QStyle.PrimitiveElement, option: object, app: QApplication) -> float:
    base = app.palette().color(QPalette.ColorRole.Base)
    image = QImage(40, 40, QImage.Format.Format_ARGB32)
    image.fill(base)
    painter = QPainter(image)
    app.style().drawPrimitive(element, option, painter)  # type: ignore[arg-type]
    painter.end()
    return max(_contrast(image.pixelColor(x, y), base) for x in range(40) for y in range(40))


def test_an_unticked_item_view_box_stands_out_from_the_list(themed_app: QApplication) -> None:
    option = QStyleOptionViewItem()
    option.rect = QRect(10, 10, 16, 16)
    option.palette = themed_app.palette()
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
    option.checkState = Qt.CheckState.Unchecked
    element = QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck
    assert _best_contrast_of(element, option, themed_app) >= 3.0


def test_an_unticked_check_box_stands_out_from_the_window(themed_app: QApplication) -> None:
    option = QStyleOptionButton()
    option.rect = QRect(10, 10, 16, 16)
    option.palette = themed_app.palette()
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
    element = QStyle.PrimitiveElement.PE_IndicatorCheckBox
    assert _best_contrast_of(element, option, themed_app) >= 3.0
