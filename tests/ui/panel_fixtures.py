"""A small demo plan (actions on every axis) for the panel tests; import the fixture by name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from psm_desktop.services import DeadlineFilter, EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.storage.demo import build_demo


@pytest.fixture
def demo_services(tmp_path: Path) -> Iterator[Services]:
    """30 demo actions over the six axes, with stakeholders but no deadlines yet."""
    path = tmp_path / "demo.sqlite"
    build_demo(path, 30)
    db = open_database(path, auto_backup=False)
    services = Services(db, EditContext(user="Tester", source="test"))
    for d in services.deadlines.list_deadlines(DeadlineFilter(include_done=True)):
        services.deadlines.remove(d.id)
    yield services
    db.close()


def assert_accessible(panel: QWidget) -> None:
    """Every visible widget that takes keyboard focus has an accessible name."""
    focusable = [
        w
        for w in panel.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisible()
        and w.objectName() != "qt_scrollarea_viewport"
    ]
    missing = [(type(w).__name__, w.objectName()) for w in focusable if not w.accessibleName()]
    assert focusable and not missing, missing
