"""A small demo plan (actions on every axis) for the panel tests; import the fixture by name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
