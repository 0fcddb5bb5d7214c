"""The background-job helper: results, errors, Cancel, and progress racing the result."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from psm_desktop.errors import UserError
from psm_desktop.progress import Cancelled
from psm_desktop.ui.core.jobs import Job, run_job


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_result_comes_back_on_the_gui_thread(qtbot: QtBot, parent: QWidget) -> None:
    def work(progress: Any) -> int:
        for i in range(5):
            progress(i, 5, f"passo {i}")
        return 42

    results: list[int] = []
    job = run_job(parent, "Prova", work, on_done=results.append)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert results == [42]
    assert job.error is None


def test_user_error_is_handed_to_on_error(qtbot: QtBot, parent: QWidget) -> None:
    def work(progress: Any) -> None:
        raise UserError("file bloccato")

    errors: list[BaseException] = []
    job = run_job(parent, "Prova", work, on_error=errors.append)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert [str(e) for e in errors] == ["file bloccato"]


def test_cancel_stops_the_work_at_its_next_progress_report(qtbot: QtBot, parent: QWidget) -> None:
    reached: list[int] = []

    def work(progress: Any) -> None:
        for i in range(10_000):
            progress(i, 10_000)
            reached.append(i)
            if i == 3:
                job.cancel()

    job = Job(parent, "Prova", work)
    with qtbot.waitSignal(job.done, timeout=5000):
        job.start()
    assert isinstance(job.error, Cancelled)
    assert reached == [0, 1, 2, 3]


def test_progress_that_delivers_the_result_midway_does_not_crash(
    qtbot: QtBot, parent: QWidget
) -> None:
    # A modal QProgressDialog processes events inside setValue(): the job's result can
    # arrive there and close the dialog while the progress handler is still running.
    job = Job(parent, "Prova", lambda progress: None)
    dialog = job._dialog
    assert dialog is not None
    original = dialog.setValue

    def set_value_then_finish(value: int) -> None:
        original(value)
        job._on_success("fatto")

    dialog.setValue = set_value_then_finish  # type: ignore[method-assign]
    job._worker.start()
    job._on_progress(1, 2, "a metà")
    assert job.result == "fatto"
