"""The table helpers every screen uses: a column that fills the free width, the sentence
painted in an empty table, rows wrapped on demand. Real widgets, shown offscreen."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from psm_desktop.ui.models.row_model import Column
from psm_desktop.ui.widgets.empty_hint import hint_shown, set_empty_hint
from psm_desktop.ui.widgets.list_table import RowList, fill_column, row_list
from psm_desktop.ui.widgets.wrap_rows import RowWrapper


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    note: str


COLUMNS: list[Column[Item]] = [
    Column("Codice", lambda r: r.code),
    Column("Testo", lambda r: r.text),
    Column("Nota", lambda r: r.note),
]


def _items(count: int, text: str = "testo") -> list[Item]:
    return [Item(f"{i:04d}", f"{text} {i}", "nota") for i in range(count)]


def _shown(qtbot: QtBot, rows: list[Item], width: int = 600, height: int = 300) -> RowList[Item]:
    made: RowList[Item] = row_list(COLUMNS, "prova", "Tabella di prova", parent=None)  # type: ignore[arg-type]
    made.model.set_rows(rows)
    table = made.table
    qtbot.addWidget(table)
    table.resize(width, height)
    table.show()
    qtbot.waitExposed(table)
    return made


def _free_width(table: QTableView, column: int) -> int:
    header = table.horizontalHeader()
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != column)
    return table.viewport().width() - others


def test_the_filled_column_takes_the_free_width_and_follows_the_scroll_bar(
    qtbot: QtBot,
) -> None:
    made = _shown(qtbot, _items(2))
    table = made.table
    fill_column(table, 1, 10)
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(1) == _free_width(table, 1))
    without_bar = table.horizontalHeader().sectionSize(1)

    made.model.set_rows(_items(200))  # the vertical scroll bar appears: the view narrows
    qtbot.waitUntil(lambda: table.verticalScrollBar().isVisible())
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(1) == _free_width(table, 1))
    assert table.horizontalHeader().sectionSize(1) < without_bar
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways

    table.resize(800, 300)  # a wider window: the column grows with it
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(1) == _free_width(table, 1))
    assert table.horizontalHeader().sectionSize(1) > without_bar


def test_the_filled_column_keeps_its_minimum_on_a_narrow_table(qtbot: QtBot) -> None:
    made = _shown(qtbot, _items(3), width=160)
    table = made.table
    minimum = 40 * table.fontMetrics().averageCharWidth()
    fill_column(table, 1, 40)
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(1) == minimum)
    assert table.horizontalScrollBar().maximum() > 0  # the table scrolls sideways instead


def _viewport_image(table: QTableView) -> QImage:
    return table.viewport().grab().toImage()


def test_the_empty_hint_is_painted_when_the_rows_go_away(qtbot: QtBot) -> None:
    made = _shown(qtbot, _items(3))
    table = made.table
    set_empty_hint(table, "Nessuna riga corrisponde ai filtri scelti.")
    assert hint_shown(table) == ""

    made.proxy.set_predicate(lambda _row: False)  # a filter that keeps nothing
    assert hint_shown(table) == "Nessuna riga corrisponde ai filtri scelti."
    with_hint = _viewport_image(table)
    set_empty_hint(table, "")  # the same empty table, no sentence
    assert _viewport_image(table) != with_hint

    set_empty_hint(table, "Nessuna riga.")
    made.proxy.set_predicate(None)  # rows again: no sentence over them
    assert hint_shown(table) == ""
    with_rows = _viewport_image(table)
    set_empty_hint(table, "")
    assert _viewport_image(table) == with_rows


def test_the_empty_hint_of_a_table_empty_from_the_start(qtbot: QtBot) -> None:
    made = _shown(qtbot, [])
    table = made.table
    blank = _viewport_image(table)
    set_empty_hint(table, "Nessuna riga.")
    qtbot.waitUntil(lambda: _viewport_image(table) != blank)  # once the event loop runs

    made.model.set_rows(_items(2))
    assert hint_shown(table) == ""
    with_rows = _viewport_image(table)
    set_empty_hint(table, "Nessuna riga, davvero.")  # a new sentence, not shown over rows
    assert _viewport_image(table) == with_rows


def test_the_empty_hint_of_a_full_table_emptied_by_a_reset(qtbot: QtBot) -> None:
    made = _shown(qtbot, _items(2))
    table = made.table
    set_empty_hint(table, "Nessuna riga.")
    with_rows = _viewport_image(table)
    made.model.set_rows([])  # a reset of the model
    assert hint_shown(table) == "Nessuna riga."
    with_hint = _viewport_image(table)
    assert with_hint != with_rows
    set_empty_hint(table, "")
    assert _viewport_image(table) != with_hint


def test_wrapped_rows_grow_when_the_table_gets_taller(qtbot: QtBot) -> None:
    long_text = "parola " * 60
    made = _shown(qtbot, _items(40, long_text), width=500, height=200)
    table = made.table
    wrapper = RowWrapper(table)
    wrapper.set_enabled(True)
    one_line = table.verticalHeader().defaultSectionSize()
    qtbot.waitUntil(lambda: table.rowHeight(0) > one_line)
    last_tall = max(r for r in range(40) if table.rowHeight(r) > one_line)

    table.resize(500, 900)  # more rows in view: they are measured too
    qtbot.waitUntil(lambda: table.rowHeight(last_tall + 1) > one_line)

    wrapper.set_enabled(False)
    assert table.rowHeight(0) == table.verticalHeader().defaultSectionSize()
