"""OverviewService: per-axis figures agree with the row-by-row definitions of the services."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from psm_desktop.model import Status
from psm_desktop.services import DeadlineFilter, EditContext, Services
from psm_desktop.services.overview_service import OverviewService
from psm_desktop.storage import Database, open_database
from psm_desktop.storage.demo import build_demo

pytestmark = pytest.mark.both_engines

TODAY = dt.date.today()


def _expected(services: Services, today: dt.date) -> dict[int, tuple[Counter[Status], int, int]]:
    """Per axis: status counts, overdue actions, overdue deadlines, computed from full rows."""
    result: dict[int, tuple[Counter[Status], int, int]] = {}
    rows = services.actions.list_actions(today=today)
    deadlines = services.deadlines.list_deadlines(DeadlineFilter(), today=today)
    for axis in services.plan.axes():
        mine = [r for r in rows if r.axis_number == axis.number]
        result[axis.number] = (
            Counter(r.status for r in mine),
            sum(r.overdue for r in mine),
            sum(d.overdue for d in deadlines if d.axis_number == axis.number),
        )
    return result


def _check_against_rows(services: Services, today: dt.date) -> None:
    overview = OverviewService(services.db).overview(today)
    expected = _expected(services, today)
    assert [a.number for a in overview.axes] == sorted(expected)
    for axis in overview.axes:
        statuses, late_actions, late_deadlines = expected[axis.number]
        assert axis.by_status == {s: statuses.get(s, 0) for s in Status}
        assert axis.total == sum(statuses.values())
        assert axis.overdue_actions == late_actions
        assert axis.overdue_deadlines == late_deadlines


def test_seeded_plan_after_edits(services: Services) -> None:
    rows = services.actions.list_actions()
    first, second, third = rows[0], rows[1], rows[2]
    services.actions.update(first.id, first.version, {"status": Status.IN_PROGRESS})
    services.actions.update(
        second.id, second.version, {"end_date": TODAY - dt.timedelta(days=3), "progress": 40}
    )
    services.deadlines.add(third.id, "Bando", TODAY - dt.timedelta(days=1))
    services.deadlines.add(third.id, "Gara", TODAY + dt.timedelta(days=5))
    done = services.deadlines.add(first.id, "Firma", TODAY - dt.timedelta(days=9))
    services.deadlines.complete(done.id, done.version)

    overview = OverviewService(services.db).overview(TODAY)
    axis = next(a for a in overview.axes if a.number == first.axis_number)
    assert axis.by_status[Status.IN_PROGRESS] >= 1
    assert overview.overdue_actions == 2  # second (past its end) and third (late deadline)
    assert overview.overdue_deadlines == 1  # the completed one does not count
    assert [d.title for d in overview.next_deadlines] == ["Gara"]
    assert sum(a.upcoming_deadlines for a in overview.axes) == 1
    assert overview.total_actions == len(rows)
    _check_against_rows(services, TODAY)


def test_closed_actions_are_never_overdue(services: Services) -> None:
    row = services.actions.list_actions()[0]
    services.deadlines.add(row.id, "Vecchia", TODAY - dt.timedelta(days=30))
    assert OverviewService(services.db).overview(TODAY).overdue_actions == 1
    fresh = services.actions.get(row.id)
    services.actions.update(row.id, fresh.version, {"status": Status.COMPLETED})
    overview = OverviewService(services.db).overview(TODAY)
    assert overview.overdue_actions == 0
    assert overview.overdue_deadlines == 1  # the deadline itself is still open and late


@pytest.fixture
def demo_db(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A demo plan of `@pytest.mark.parametrize("demo_db", [N], indirect=True)` actions."""
    path = tmp_path / "demo.sqlite"
    build_demo(path, request.param)
    db = open_database(path, auto_backup=False)
    yield db
    db.close()


@pytest.mark.parametrize("demo_db", [400], indirect=True)
def test_demo_database_matches_row_definitions(demo_db: Database) -> None:
    db = demo_db
    services = Services(db, EditContext(user="Tester", source="test"))
    _check_against_rows(services, TODAY)
    overview = OverviewService(db).overview(TODAY, next_limit=7)
    assert len(overview.next_deadlines) == 7
    dues = [d.due_date for d in overview.next_deadlines]
    assert dues == sorted(dues) and dues[0] >= TODAY
    counts = Counter(r.status for r in services.actions.list_actions())
    assert overview.status_totals() == {s: counts.get(s, 0) for s in Status}


@pytest.mark.parametrize("demo_db", [60], indirect=True)
def test_budgets_totalled_per_axis_and_for_the_plan(demo_db: Database) -> None:
    db = demo_db
    services = Services(db, EditContext(user="Tester", source="test"))
    rows = services.actions.list_actions()
    no_budget = rows[0]
    services.actions.update(no_budget.id, None, {"budget": None})
    budgets = {r.id: services.actions.get(r.id).budget for r in rows}
    assert budgets[no_budget.id] is None and any(budgets.values())
    overview = OverviewService(db).overview(TODAY)
    for axis in overview.axes:
        want = sum(
            (budgets[r.id] or Decimal(0) for r in rows if r.axis_number == axis.number),
            Decimal(0),
        )
        assert axis.budget == want, axis.number
        assert isinstance(axis.budget, Decimal)
    assert overview.total_budget == sum((b or Decimal(0) for b in budgets.values()), Decimal(0))
