"""Rows of a big table as tall as their wrapped text, measured only where the user looks.

Qt's ResizeToContents measures every row of the model at each change: 25 s for 10,000
actions. Here only the rows in view are measured (a screenful, a few milliseconds), again
after each scroll, sort, filter, edit or column resize; the others keep one line until
they come into view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView


class RowWrapper(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.enabled = False
        self._keep_current = False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.fit_visible)
        table.verticalScrollBar().valueChanged.connect(self._later)
        table.horizontalHeader().sectionResized.connect(self._later)
        model = table.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
        ):
            signal.connect(self._later)
        self._watching = False  # the viewport's resizes, from the first wrap (see list_table)

    def set_enabled(self, on: bool) -> None:
        if on and not self._watching:
            self._watching = True
            self.table.viewport().installEventFilter(self)
        self.enabled = on
        self.table.setWordWrap(on)
        # A new row header: every row back to one line (Qt keeps heights once measured).
        rows = QHeaderView(Qt.Orientation.Vertical, self.table)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rows.hide()
        self.table.setVerticalHeader(rows)
        # A wrapped row may be taller than the view: scroll by pixels to read all of it.
        mode = QTableView.ScrollMode
        self.table.setVerticalScrollMode(mode.ScrollPerPixel if on else mode.ScrollPerItem)
        self._keep_current = True  # the row the user is on stays in view, at the top
        if not on and self.table.currentIndex().isValid():
            self.table.scrollTo(self.table.currentIndex())
        self._later()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._later()
        return False

    def _later(self, *_args: object) -> None:
        if self.enabled:
            self._timer.start()

    def fit_visible(self) -> None:
        """Measure the rows from the first one in view until the view is full."""
        if not self.enabled:
            return
        table = self.table
        current = table.currentIndex()
        if self._keep_current and current.isValid():
            table.resizeRowToContents(current.row())
            table.scrollTo(current, QTableView.ScrollHint.PositionAtTop)
        self._keep_current = False
        row = max(table.rowAt(0), 0)
        count = table.model().rowCount()
        height = table.viewport().height()
        used = 0
        while row < count and used < height:
            table.resizeRowToContents(row)
            used += table.rowHeight(row)
            row += 1
