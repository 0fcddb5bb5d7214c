"""Run long work off the GUI thread, with progress, Cancel, and results back on the GUI thread.

Usage:

    job = run_job(parent, "Esportazione", lambda progress: export(..., progress=progress),
                  on_done=show_result)

The function runs in a worker thread and must never touch widgets. It receives a
`progress(done, total, message)` callback that raises `Cancelled` once the user pressed
Cancel. `on_done(result)` / `on_error(exc)` run on the GUI thread. A `UserError` is shown
as a plain message; any other exception is a bug and goes to the error dialog and the log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from psm_desktop.progress import Cancelled

log = logging.getLogger(__name__)


class _Worker(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[Any], Any], cancel_event: threading.Event) -> None:
        super().__init__()
        self._fn = fn
        self._cancel = cancel_event

    def _progress(self, done: int, total: int, message: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.progressed.emit(done, total, message)

    def run(self) -> None:  # runs in the worker thread
        try:
            result = self._fn(self._progress)
        except BaseException as exc:
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class Job(QObject):
    """A running background operation. Signals are delivered on the GUI thread."""

    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception (Cancelled when the user cancelled)
    done = Signal()  # after finished or failed

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fn: Callable[[Any], Any],
        *,
        show_progress: bool = True,
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._worker = _Worker(fn, self._cancel)
        self._dialog: QProgressDialog | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        if show_progress and parent is not None:
            dialog = QProgressDialog(title, "Annulla", 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)  # quick jobs never flash a dialog
            dialog.setAccessibleName(title)
            dialog.canceled.connect(self.cancel)
            self._dialog = dialog
        self._worker.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker.succeeded.connect(self._on_success, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failure, Qt.ConnectionType.QueuedConnection)

    def start(self) -> Job:
        self._worker.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._worker.isRunning()

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the worker thread ends (tests); signals still need the event loop."""
        return bool(self._worker.wait(msecs))

    def _on_progress(self, done: int, total: int, message: str) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        if message:
            dialog.setLabelText(message)
        dialog.setMaximum(max(total, 0))
        # Last: on a modal dialog setValue() processes events, which may deliver the
        # job's result and close the dialog before it returns.
        dialog.setValue(min(done, total) if total else 0)

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None

    def _on_success(self, result: object) -> None:
        self._close_dialog()
        self._worker.wait()
        self.result = result
        self.finished.emit(result)
        self.done.emit()

    def _on_failure(self, exc: object) -> None:
        self._close_dialog()
        self._worker.wait()
        assert isinstance(exc, BaseException)
        self.error = exc
        if not isinstance(exc, Cancelled):
            from psm_desktop.errors import UserError

            if not isinstance(exc, UserError):
                log.error("Errore in un'operazione in background", exc_info=exc)
        self.failed.emit(exc)
        self.done.emit()


def run_job(
    parent: QWidget | None,
    title: str,
    fn: Callable[[Any], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    show_progress: bool = True,
) -> Job:
    """Start `fn(progress)` in the background and return its Job (already started)."""
    job = Job(parent, title, fn, show_progress=show_progress)
    if on_done is not None:
        job.finished.connect(on_done)
    if on_error is not None:
        job.failed.connect(on_error)
    # Keep a reference until it ends, so the job is not garbage-collected mid-run.
    _running.add(job)
    job.done.connect(lambda: _running.discard(job))
    return job.start()


_running: set[Job] = set()
