"""Edits made by others on a server plan, shown in this window within a second or so.

The server announces every change-log entry (LISTEN/NOTIFY, storage's ChangeWatcher). A
timer polls the watcher's connection without blocking; on news, the change log newer than
what was last seen says which actions and kinds of record changed, and DataEvents makes
the panels reload just those. A dropped connection is told once (`lost`), retried every
few seconds, and `restored` when the server answers again. A file has nothing to watch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from psm_desktop.errors import UserError
from psm_desktop.services import Services
from psm_desktop.services.changelog import ChangesSince
from psm_desktop.ui.core.events import DataEvents

log = logging.getLogger(__name__)

LOST_TEXT = "Connessione al server persa: le modifiche non salvate restano nei campi; riprovo…"
POLL_MS = 300
RETRY_MS = 2000
# Kinds of record whose changes name their action in the log (or the registry): anything
# else (axes, strategies, the plan, periods) reloads the whole plan.
ROW_ENTITIES = frozenset({"azione", "assegnazione", "scadenza", "soggetto", "indicatore"})


class Watcher(Protocol):
    def poll(self, timeout: float) -> list[str]: ...
    def close(self) -> None: ...


class LiveUpdates(QObject):
    lost = Signal(str)  # the message to show
    restored = Signal()

    def __init__(self, events: DataEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events = events
        self._services: Services | None = None
        self._watcher: Watcher | None = None
        self._seen = 0
        self.connected = True
        # Wraps the panels' reload (the editor keeps what is being typed through it).
        self.around: Callable[[], AbstractContextManager[None]] = nullcontext
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

    def watch(self, services: Services) -> None:
        """Follow the plan of `services` (nothing for a file)."""
        self.stop()
        if not services.db.on_server:
            return
        self._services = services
        self.connected = True
        self._timer.start(POLL_MS)
        self._connect()

    def stop(self) -> None:
        self._timer.stop()
        self._services = None
        self._close()

    def _close(self) -> None:
        if self._watcher is not None:
            try:
                self._watcher.close()
            except Exception:  # already broken: nothing to close cleanly
                log.debug("Closing a broken change watcher", exc_info=True)
            self._watcher = None

    def _connect(self) -> bool:
        assert self._services is not None
        try:
            watcher = self._services.db.watch_changes()
            seen = self._services.history.last_id()
        except UserError as error:
            self._went_away(str(error))
            return False
        self._watcher, self._seen = watcher, seen
        return True

    def _tick(self) -> None:
        if self._services is None:
            return
        if self._watcher is None:
            if self._connect():
                self.connected = True
                self._timer.setInterval(POLL_MS)
                log.info("Server connection back")
                self.restored.emit()
            return
        try:
            news = self._watcher.poll(0)
        except UserError as error:
            self._went_away(str(error))
            return
        if news:
            self.catch_up()

    def catch_up(self) -> None:
        """Make the panels reload what changed since the change log was last read."""
        assert self._services is not None
        try:
            changes = self._services.history.changed_since(self._seen)
        except UserError as error:
            self._went_away(str(error))
            return
        self._seen = changes.last_id
        with self.around():
            self._tell(changes)

    def _tell(self, changes: ChangesSince) -> None:
        if changes.entities - ROW_ENTITIES:
            self._events.actions_changed.emit([])
        elif changes.action_ids:
            self._events.actions_changed.emit(sorted(changes.action_ids))
        if "soggetto" in changes.entities:
            self._events.stakeholders_changed.emit()
        if changes.entities & {"scadenza", "azione"} or changes.entities - ROW_ENTITIES:
            self._events.deadlines_changed.emit()

    def _went_away(self, text: str) -> None:
        self._close()
        self._timer.setInterval(RETRY_MS)
        if self.connected:
            self.connected = False
            log.warning("Server connection lost: %s", text)
            self.lost.emit(LOST_TEXT)
