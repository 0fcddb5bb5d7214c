"""Long pick lists filled in bulk keep each choice's data, after what was there."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from psm_desktop.ui.widgets.choices import add_choices


def test_choices_are_appended_with_their_data(qtbot: QtBot) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("Tutti i soggetti", None)
    changed: list[tuple[int, int]] = []
    combo.model().dataChanged.connect(
        lambda first, last, _roles: changed.append((first.row(), last.row()))
    )
    add_choices(combo, [(f"Comune {i}", 100 + i) for i in range(2000)])
    assert combo.count() == 2001
    assert combo.itemText(1) == "Comune 0" and combo.itemData(1) == 100
    assert combo.itemText(2000) == "Comune 1999" and combo.itemData(2000) == 2099
    assert combo.findData(1500) == 1401
    assert changed == [(1, 2000)]  # the watchers told once, for every new row
    add_choices(combo, [])
    assert combo.count() == 2001
