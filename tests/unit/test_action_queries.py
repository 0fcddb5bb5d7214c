"""The bulk loading of action rows: SQL-side filtering must agree with `matches()` exactly.

`list_actions(flt)` runs the structured parts of a filter in SQL for speed; the UI filters
the already loaded rows with the pure `matches()`. Both must keep the same actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psm_desktop.model import Competence, Role, Status
from psm_desktop.services import ActionFilter, EditContext, Services
from psm_desktop.services.filters import filter_rows
from psm_desktop.storage import open_database
from psm_desktop.storage.demo import build_demo

TODAYS = [dt.date(2025, 6, 1), dt.date(2026, 6, 15), dt.date(2027, 3, 1)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    folder = tmp_path_factory.mktemp("demo-queries")
    mp = pytest.MonkeyPatch()
    mp.setenv("PSM_DESKTOP_DATA_DIR", str(folder / "dati"))
    path = folder / "demo.sqlite"
    build_demo(path, 300, seed=11)
    db = open_database(path, auto_backup=False)
    services = Services(db, EditContext(user="Tester", source="test"))
    # Make the free text meet a non-ASCII capital and a lead's name.
    first = services.actions.list_actions()[0]
    services.actions.update(first.id, first.version, {"short_title": "È URGENTE — Città"})
    yield services
    db.close()
    mp.undo()


def _stakeholders(services: Services) -> list[int]:
    return [s.id for s in services.stakeholders.search()][:25]


filters = st.builds(
    ActionFilter,
    axis=st.none() | st.integers(1, 7),
    strategy=st.none() | st.sampled_from(["1.1", "2.3", "6.4", "9.9", ""]),
    statuses=st.none() | st.frozensets(st.sampled_from(list(Status)), max_size=3),
    stakeholder_id=st.none() | st.integers(1, 40),
    zone_id=st.none() | st.integers(1, 12),
    overdue_only=st.booleans(),
    deadline_within_days=st.none() | st.integers(0, 400),
    cup=st.sampled_from(["", "j1", "B2", "000000", "J16B23000000001", " b 18", "%", "_"]),
    pnrr_mission=st.none() | st.integers(0, 7),
    sdg=st.none() | st.integers(1, 17),
    competence=st.none() | st.sampled_from(list(Competence)),
    text=st.sampled_from(
        [
            "",
            "filiere",
            "Rossi",
            "è urgente",
            "CITTÀ",
            "comune di",
            "1.1.",
            "zzz",
            "  ",
            "pnrr valli",
        ]
    ),
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(flt=filters, today=st.sampled_from(TODAYS))
def test_sql_filtering_agrees_with_matches(
    demo: Services, flt: ActionFilter, today: dt.date
) -> None:
    everything = demo.actions.list_actions(today=today)
    assert demo.actions.list_actions(flt, today=today) == filter_rows(everything, flt, today)


def test_filters_find_something(demo: Services) -> None:
    # Guard against a vacuous agreement: the generated filters do select real rows.
    today = TODAYS[1]
    everything = demo.actions.list_actions(today=today)
    assert len(everything) == 300
    sid = next(iter(everything[10].stakeholder_ids))
    zid = next(iter(everything[10].zone_ids))
    for flt in (
        ActionFilter(overdue_only=True),
        ActionFilter(deadline_within_days=120),
        ActionFilter(stakeholder_id=sid),
        ActionFilter(zone_id=zid),
        ActionFilter(text="è urgente"),
        ActionFilter(statuses=frozenset({Status.SUSPENDED})),
        ActionFilter(cup="j1"),
        ActionFilter(pnrr_mission=0),
        ActionFilter(pnrr_mission=2),
        ActionFilter(sdg=11),
        ActionFilter(competence=Competence.COORDINATION),
    ):
        kept = demo.actions.list_actions(flt, today=today)
        assert 0 < len(kept) < 300, flt
        assert kept == filter_rows(everything, flt, today)


def test_rows_by_id_and_list_agree(demo: Services) -> None:
    everything = {r.id: r for r in demo.actions.list_actions()}
    some = sorted(everything)[5:40:3]
    rows = demo.actions.rows_by_id(some)
    assert sorted(r.id for r in rows) == some
    assert all(r == everything[r.id] for r in rows)
    assert demo.actions.rows_by_id([]) == []


def test_row_collects_related_data(demo: Services) -> None:
    row = demo.actions.list_actions()[3]
    detail = demo.actions.get(row.id)
    assert row.stakeholder_ids == frozenset(a.stakeholder_id for a in detail.assignments)
    assert row.lead == detail.lead
    assert row.open_deadlines == tuple(
        sorted(d.due_date for d in detail.deadlines if d.completed_on is None)
    )
    zones = {z.name: z.id for z in demo.plan.zones()}
    assert row.zone_ids == frozenset(zones[name] for name in detail.zones)


def test_lead_names_are_sorted_and_joined(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        services = Services(db, EditContext(user="Tester", source="test"))
        action = services.actions.get_by_code("1.2.2")
        for name in ("Università di Torino", "Politecnico di Torino", "Atenei associati"):
            sid = services.stakeholders.create(name, "universita_ricerca").id
            services.assignments.assign(action.id, sid, Role.LEAD)
        [row] = services.actions.list_actions(ActionFilter(text="atenei associati"))
        assert row.lead == "Atenei associati, Politecnico di Torino, Università di Torino"
    finally:
        db.close()
