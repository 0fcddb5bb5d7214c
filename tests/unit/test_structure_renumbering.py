"""Renumbering on its own: codes follow positions, and a stale row stops the whole write."""

from __future__ import annotations

import dataclasses

import pytest

from psm_desktop.errors import StaleWriteError
from psm_desktop.services import Services, renumbering
from psm_desktop.services.renumbering import Layout, placed, slot


def test_a_row_changed_since_it_was_read_is_refused(services: Services) -> None:
    """Between reading the siblings and writing their codes another program bumped one."""
    db = services.db
    with pytest.raises(StaleWriteError, match="ricarica"), db.transaction() as session:
        strategy = services.structure.strategies.load(
            session, services.plan.strategies()[0].id, None
        )
        siblings = renumbering.actions_in(session, strategy.id)
        stale = dataclasses.replace(siblings[0], version=siblings[0].version - 1)
        layout = Layout()
        layout.set_actions(slot(strategy), [siblings[1], siblings[2], stale])
        renumbering.apply(session, services.ctx, layout)
    assert [r.code for r in services.actions.list_actions()][:3] == ["1.1.1", "1.1.2", "1.1.3"]
    assert services.history.count() == 0


def test_placed() -> None:
    rows = [renumbering.Slot(i, 1, i, f"1.{i}", 1) for i in (1, 2, 3)]
    assert [s.id for s in placed(rows, rows[0], 3)] == [2, 3, 1]
    assert [s.id for s in placed(rows, rows[2], 1)] == [3, 1, 2]
    assert [s.id for s in placed(rows, rows[1], None)] == [1, 3, 2]
    assert [s.id for s in placed(rows, rows[1], 99)] == [1, 3, 2]
    assert [s.id for s in placed(rows, rows[1], -5)] == [2, 1, 3]
