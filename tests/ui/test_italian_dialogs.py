"""Qt's own dialogs speak Italian (file chooser), and an unreadable budget says why."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel, QTreeView
from pytestqt.qtbot import QtBot

from psm_desktop.ui.core import file_dialogs
from psm_desktop.ui.core.qt_italian import install_italian
from psm_desktop.ui.window.main_window import MainWindow
from tests.ui.test_main_window import select_code, stored
from tests.ui.window_fixtures import Shown, shown, shown_window, window

__all__ = ["shown", "shown_window", "window"]


@pytest.fixture
def italian(qapp: QApplication) -> QApplication:
    install_italian(qapp)
    return qapp


def test_qt_strings_missing_from_qts_italian_catalogue_are_italian(italian: QApplication) -> None:
    tr = QCoreApplication.translate
    assert tr("QFileDialog", "&Look in:") == "&Cerca in:"
    assert tr("QFileDialog", "Files of &type:") == "&Tipo di file:"
    assert tr("QAbstractFileIconProvider", "Folder", "All other platforms") == "Cartella"
    assert tr("QFileDialog", "File &name:") == "&Nome del file:"  # from Qt's own catalogue
    assert tr("QPlatformTheme", "Cancel") == "Annulla"
    install_italian(italian)  # twice: still one set of translators
    assert tr("QFileDialog", "&Look in:") == "&Cerca in:"


def test_file_dialog_is_italian_and_wide_enough(
    italian: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    (tmp_path / "piano.sqlite").write_bytes(b"x" * 2048)
    (tmp_path / "cartella").mkdir()
    dialog = file_dialogs.build_file_dialog(
        None, "Apri database", str(tmp_path), file_dialogs.DB_FILTER, save=False
    )
    qtbot.addWidget(dialog)
    dialog.setOption(dialog.Option.DontUseNativeDialog, True)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for english in ("Look in", "Files of type", "File name"):
        assert english not in labels.replace("&", "")
    assert "Cerca in" in labels.replace("&", "") and "Tipo di file" in labels.replace("&", "")
    tree = dialog.findChild(QTreeView)
    model = tree.model()
    qtbot.waitUntil(lambda: model.rowCount(tree.rootIndex()) == 2)
    header = tree.header()
    metrics = header.fontMetrics()
    for column in range(1, model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + 16, title
    kinds = {model.index(r, 2, tree.rootIndex()).data() for r in range(2)}
    assert "Folder" not in kinds and "Cartella" in kinds
    assert dialog.width() >= 760


def test_an_unreadable_budget_says_why(
    shown_window: MainWindow, qtbot: QtBot, shown: Shown
) -> None:
    action_id = select_code(shown_window, "1.3.1")
    budget = shown_window.plan.editor.budget
    budget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(budget, "1.250.000,50")
    qtbot.keyClick(budget, Qt.Key.Key_Tab)
    assert stored(shown_window, action_id).budget == Decimal("1250000.50")
    budget.setFocus(Qt.FocusReason.TabFocusReason)
    budget.selectAll()
    qtbot.keyClicks(budget, "circa un milione")
    qtbot.keyClick(budget, Qt.Key.Key_Tab)
    assert stored(shown_window, action_id).budget == Decimal("1250000.50")
    [(kind, text)] = shown.items
    assert kind == "warn" and "Budget" in text and "circa un milione" in text
    assert "1.250.000,50" in text  # how to write it
    assert budget.text() == "1.250.000,50 €"
