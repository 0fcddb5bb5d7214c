"""Two windows (two Services on the same file): a write based on a stale read is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from psm_desktop.errors import StaleWriteError
from psm_desktop.model import Role
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database

pytestmark = pytest.mark.both_engines


@pytest.fixture
def second(db_target: Path | str, services: Services) -> Iterator[Services]:
    """Another window (or another program, or another client of the server) on the same
    database."""
    other = open_database(db_target)
    yield Services(other, EditContext(user="Collega", source="test"))
    other.close()


def _assert_refused(
    services: Services, error: pytest.ExceptionInfo[StaleWriteError], log_before: int
) -> None:
    assert "ricarica" in str(error.value)
    assert services.history.count() == log_before, "a refused write must log nothing"


def test_action(services: Services, second: Services) -> None:
    mine = services.actions.get_by_code("1.1.1")
    theirs = second.actions.get_by_code("1.1.1")
    second.actions.update(theirs.id, theirs.version, {"progress": 70})
    log_before = services.history.count()
    with pytest.raises(StaleWriteError) as caught:
        services.actions.update(mine.id, mine.version, {"progress": 10, "notes": "mia"})
    _assert_refused(services, caught, log_before)
    assert "1.1.1" in str(caught.value)
    now = services.actions.get(mine.id)
    assert (now.progress, now.notes) == (70, "")
    # After reloading, the edit goes through.
    services.actions.update(now.id, now.version, {"progress": 10})
    assert second.actions.get(mine.id).progress == 10


def test_action_set_field(services: Services, second: Services) -> None:
    mine = services.actions.get_by_code("1.1.2")
    second.actions.update(mine.id, mine.version, {"zones": ["Torino"]})
    with pytest.raises(StaleWriteError):
        services.actions.update(mine.id, mine.version, {"zones": ["Eporediese"]})
    assert services.actions.get(mine.id).zones == frozenset({"Torino"})


def test_stakeholder(services: Services, second: Services) -> None:
    created = services.stakeholders.create("Unione Montana Valle Susa", "ente_pubblico")
    second.stakeholders.update(created.id, created.version, {"phone": "0122 000000"})
    log_before = services.history.count()
    with pytest.raises(StaleWriteError) as caught:
        services.stakeholders.update(created.id, created.version, {"phone": "0122 111111"})
    _assert_refused(services, caught, log_before)
    with pytest.raises(StaleWriteError):
        services.stakeholders.delete(created.id, created.version)
    assert services.stakeholders.get(created.id).phone == "0122 000000"


def test_assignment(services: Services, second: Services) -> None:
    action = services.actions.get_by_code("1.1.1")
    sh = services.stakeholders.create("Politecnico di Torino", "universita_ricerca")
    mine = services.assignments.assign(action.id, sh.id, Role.PARTNER)
    second.assignments.change_role(mine.id, mine.version, Role.LEAD)
    log_before = services.history.count()
    with pytest.raises(StaleWriteError) as caught:
        services.assignments.change_role(mine.id, mine.version, Role.INFORMED)
    _assert_refused(services, caught, log_before)
    with pytest.raises(StaleWriteError):
        services.assignments.unassign(mine.id, mine.version)
    [now] = services.assignments.for_action(action.id)
    assert now.role is Role.LEAD


def test_deadline(services: Services, second: Services) -> None:
    action = services.actions.get_by_code("1.1.1")
    mine = services.deadlines.add(action.id, "Bando", dt.date(2026, 9, 30))
    second.deadlines.update(mine.id, mine.version, {"due_date": dt.date(2026, 10, 31)})
    log_before = services.history.count()
    with pytest.raises(StaleWriteError) as caught:
        services.deadlines.update(mine.id, mine.version, {"title": "Bando regionale"})
    _assert_refused(services, caught, log_before)
    with pytest.raises(StaleWriteError):
        services.deadlines.complete(mine.id, mine.version, dt.date(2026, 6, 1))
    with pytest.raises(StaleWriteError):
        services.deadlines.remove(mine.id, mine.version)
    [now] = services.deadlines.for_action(action.id)
    assert (now.title, now.due_date, now.completed_on) == ("Bando", dt.date(2026, 10, 31), None)


def test_none_skips_the_check(services: Services, second: Services) -> None:
    # Bulk tools that re-read inside their own transaction pass None on purpose.
    action = services.actions.get_by_code("1.1.1")
    second.actions.update(action.id, action.version, {"progress": 5})
    services.actions.update(action.id, None, {"progress": 6})
    assert second.actions.get(action.id).progress == 6


def test_every_write_bumps_the_version(services: Services) -> None:
    action = services.actions.get_by_code("1.1.1")
    v1 = services.actions.update(action.id, action.version, {"progress": 1}).version
    v2 = services.actions.update(action.id, v1, {"progress": 2}).version
    assert action.version < v1 < v2
    sh = services.stakeholders.create("Camera di commercio di Torino", "ente_pubblico")
    assert services.stakeholders.update(sh.id, sh.version, {"notes": "x"}).version == sh.version + 1


def test_one_edit_of_many_fields_bumps_the_version_once(services: Services) -> None:
    action = services.actions.get_by_code("1.1.1")
    after = services.actions.update(
        action.id,
        action.version,
        {"progress": 10, "zones": ["Torino"], "linked_axes": [3], "sectors": ["turismo"]},
    )
    assert after.version == action.version + 1
    sh = services.stakeholders.create("Comune di Moncalieri", "comune")
    sh2 = services.stakeholders.update(sh.id, sh.version, {"zone": "AMT Sud", "phone": "011 1"})
    assert sh2.version == sh.version + 1
    deadline = services.deadlines.add(action.id, "Gara", dt.date(2026, 9, 1))
    d2 = services.deadlines.update(
        deadline.id,
        deadline.version,
        {"title": "Gara d'appalto", "stakeholder_id": sh.id, "due_date": dt.date(2026, 9, 2)},
    )
    assert d2.version == deadline.version + 1
