"""Unticked boxes must stay visible in both themes (WCAG 1.4.11: 3:1 against their
background). Fusion draws the box's outline from the window colour made darker, which in a
dark palette is the colour of the list behind it: the boxes of settori, zone and goals
vanished. The boxes get a window colour of their own (ui/core/visible_boxes.py): checked
here on real widgets as drawn, a check box on its window and a list of choices."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QTableWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from psm_desktop import app as app_module
from psm_desktop.ui.core import palettes, visible_boxes
from psm_desktop.ui.editor.multi_select import MultiSelectField

ROOT = Path(__file__).resolve().parents[2]


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
    before_boxes = QPalette(qapp.palette(QCheckBox()))
    monkeypatch.setenv(app_module.THEME_ENV, request.param)
    app_module.apply_style(qapp)
    yield qapp
    qapp.setStyle(before_style)
    qapp.setPalette(before_palette)
    QApplication.setPalette(before_boxes, "QCheckBox")  # type: ignore[arg-type]


def _box_contrast(image: QImage, background: QColor, wanted: QColor) -> float:
    """The contrast of the pixels drawn in the outline's colour with the background
    (0 when no pixel has it: the outline is not the one wanted)."""
    found = [
        image.pixelColor(x, y)
        for x in range(min(image.width(), 40))
        for y in range(image.height())
        if image.pixelColor(x, y) == wanted
    ]
    return _contrast(found[0], background) if len(found) >= 8 else 0.0


def test_an_unticked_check_box_stands_out_from_its_window(
    themed_app: QApplication, qtbot: QtBot
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(QCheckBox("Solo le azioni in ritardo", window))
    window.resize(240, 60)
    image = window.grab().toImage()
    background = themed_app.palette().color(QPalette.ColorRole.Window)
    assert image.pixelColor(200, 5) == background  # the box's own colour stays inside it
    wanted = visible_boxes.outline_colour(themed_app.palette())
    assert _box_contrast(image, background, wanted) >= 3.0


def test_an_unticked_box_of_a_list_of_choices_stands_out_from_the_list(
    themed_app: QApplication, qtbot: QtBot
) -> None:
    field = MultiSelectField("Zone omogenee", 3)
    qtbot.addWidget(field)
    field.set_choices([(1, "Zona 1"), (2, "Zona 2")])
    field.resize(200, 90)
    image = field.viewport().grab().toImage()
    background = themed_app.palette().color(QPalette.ColorRole.Base)
    wanted = visible_boxes.outline_colour(themed_app.palette())
    assert _box_contrast(image, background, wanted) >= 3.0


def test_only_the_rows_boxes_change_colour_not_the_headers_nor_the_scroll_bars(
    themed_app: QApplication, qtbot: QtBot
) -> None:
    """The axis links matrix: its headers' empty ends and its corner looked grey (the
    boxes' window colour) until its parts kept the window's."""
    table = QTableWidget(2, 2)
    qtbot.addWidget(table)
    visible_boxes.show_boxes(table)
    window = themed_app.palette().color(QPalette.ColorRole.Window)
    parts = [table.horizontalHeader(), table.verticalHeader(), table.verticalScrollBar()]
    for part in parts:
        assert part.palette().color(QPalette.ColorRole.Window) == window, part
    wanted = visible_boxes.box_palette(themed_app.palette()).color(QPalette.ColorRole.Window)
    assert table.palette().color(QPalette.ColorRole.Window) == wanted


def test_the_light_palette_is_fusions_own(qapp: QApplication) -> None:
    from PySide6.QtWidgets import QStyleFactory

    fusion = QStyleFactory.create("Fusion")
    assert fusion is not None
    ours, theirs = palettes.light(), fusion.standardPalette()
    groups = (
        QPalette.ColorGroup.Active,
        QPalette.ColorGroup.Inactive,
        QPalette.ColorGroup.Disabled,
    )
    roles = [r for r in QPalette.ColorRole if r.name not in ("NColorRoles", "NoRole")]
    for group in groups:  # the same colours (Fusion's own darker() ones are kept as HSV)
        for role in roles:
            assert ours.color(group, role).rgba() == theirs.color(group, role).rgba(), role


def test_start_up_leaves_qstyle_alone(tmp_path: Path) -> None:
    """The application is on Fusion without Python ever holding the style: doing so makes
    PySide6 build QStyle's eleven enumerations and those of every kind of style option (a
    twentieth of start-up). Nor QIcon's (ThemeIcon's ~150 members), built when a widget's
    parent is given by position where an (icon, text, parent) overload exists. Up to the
    first view shown with an action chosen, as `psm-desktop` starts (the normal opening,
    later, is left out). Fresh interpreter."""
    from psm_desktop.exchange.new_plan import create_builtin_plan

    path = tmp_path / "piano.sqlite"
    create_builtin_plan(path)
    code = f"""
import enum, sys
from pathlib import Path
made = []
original = enum.EnumType._create_
def create(cls, name, *args, **kwargs):
    made.append(name)
    return original(cls, name, *args, **kwargs)
enum.EnumType._create_ = create
from psm_desktop import app
app._open_in_background = lambda window, path: None
qt = app.ensure_application()
window = app.start(Path({str(path)!r}))
while getattr(window, "plan", None) is None or not window.plan.table_model.rowCount():
    qt.processEvents()
window.plan.table.setCurrentIndex(window.plan.proxy.index(0, 0))
qt.processEvents()
assert window.plan.editor.detail is not None
print("PixelMetric" in made, "StyleOptionType" in made, "ThemeIcon" in made, qt.style().name())
"""
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        QT_QPA_PLATFORM="offscreen",
        PSM_DESKTOP_DATA_DIR=str(tmp_path / "dati"),
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False", "False", "fusion"]
