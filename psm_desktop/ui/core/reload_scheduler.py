"""Reload a panel once per burst of data events, and not at all while it is hidden.

The panel calls `reloading()` at the start of its reload() and `shown()` from its showEvent.

Several events often arrive together (a delete changes stakeholders, actions and deadlines);
a zero-delay timer folds them into one reload. A hidden panel (another tab) only notes that
it is out of date and reloads when it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


class ReloadScheduler(QObject):
    def __init__(self, widget: QWidget, reload: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._reload = reload
        self.dirty = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(reload)

    def request(self, *_: object) -> None:
        """Slot for any data event (signal arguments are ignored)."""
        if self._widget.isVisible():
            self._timer.start()
        else:
            self.dirty = True

    def reloading(self) -> None:
        """Call at the start of the panel's reload(): pending requests are now served."""
        self._timer.stop()
        self.dirty = False

    def shown(self) -> None:
        """Call from the panel's showEvent: catch up on what changed while hidden."""
        if self.dirty:
            self._reload()
