"""load_deadlines reads plain columns; its rows must equal those built from Deadline objects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from psm_desktop.model import Action, Axis, Deadline, Stakeholder, Strategy
from psm_desktop.services.queries import deadline_info, load_deadlines
from psm_desktop.storage import open_database
from psm_desktop.storage.demo import build_demo


@pytest.mark.parametrize(
    "option",
    ["everything", "include_done", "stakeholder_id", "action_id"],
)
def test_rows_equal_the_orm_built_ones(tmp_path: Path, option: str) -> None:
    path = tmp_path / "demo.sqlite"
    build_demo(path, 300)
    db = open_database(path)
    today = dt.date.today()
    try:
        with db.reading() as session:
            some = session.scalars(
                select(Deadline).where(Deadline.stakeholder_id.is_not(None)).limit(1)
            ).one()
            choices: dict[str, dict[str, Any]] = {
                "everything": {},
                "include_done": {"include_done": False},
                "stakeholder_id": {"stakeholder_id": some.stakeholder_id},
                "action_id": {"action_id": some.action_id},
            }
            options = choices[option]
            fast = load_deadlines(session, today, **options)
            query = (
                select(Deadline, Action.code, Action.text, Axis.number, Stakeholder.name)
                .join(Action, Deadline.action_id == Action.id)
                .join(Strategy, Action.strategy_id == Strategy.id)
                .join(Axis, Strategy.axis_id == Axis.id)
                .outerjoin(Stakeholder, Deadline.stakeholder_id == Stakeholder.id)
                .order_by(
                    Deadline.completed_on.is_not(None), Deadline.due_date, Action.code, Deadline.id
                )
            )
            if "include_done" in options:
                query = query.where(Deadline.completed_on.is_(None))
            if "stakeholder_id" in options:
                query = query.where(Deadline.stakeholder_id == options["stakeholder_id"])
            if "action_id" in options:
                query = query.where(Deadline.action_id == options["action_id"])
            slow = [deadline_info(*row, today) for row in session.execute(query)]
    finally:
        db.close()
    assert fast == slow
    assert fast, "the demo plan has deadlines to compare"
    if option == "everything":  # both kinds of row are compared
        assert any(d.overdue for d in fast) and any(d.is_done for d in fast)
