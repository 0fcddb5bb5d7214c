"""ActionService: filtered lists, derived 'in ritardo', validation and the change log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from psm_desktop.errors import NotFoundError, ValidationError
from psm_desktop.model import FundingSource, Priority, Role, Sector, Status
from psm_desktop.services import ActionFilter, EditContext, Services, import_source
from psm_desktop.services.dto import ActionRow

TODAY = dt.date(2026, 6, 15)
PAST = TODAY - dt.timedelta(days=10)
FUTURE = TODAY + dt.timedelta(days=200)

pytestmark = pytest.mark.both_engines


def _id(services: Services, code: str) -> int:
    return services.actions.get_by_code(code).id


def _set(services: Services, code: str, **changes: object) -> None:
    detail = services.actions.get_by_code(code)
    services.actions.update(detail.id, detail.version, changes)


@pytest.fixture
def plan(services: Services) -> Services:
    """A small, known situation on the seeded plan, seen on TODAY."""
    _set(services, "1.1.1", status="in_corso", start_date=dt.date(2026, 1, 1), end_date=PAST)
    _set(services, "1.1.2", status="in_corso", end_date=FUTURE)
    services.deadlines.add(_id(services, "1.1.2"), "Bando", PAST)  # open and overdue
    _set(services, "1.1.3", status="completata", progress=100, end_date=PAST)
    _set(services, "1.2.1", status="annullata")
    services.deadlines.add(_id(services, "1.2.1"), "Mai fatta", PAST)
    _set(services, "1.2.2", status="in_corso", end_date=FUTURE)
    services.deadlines.add(_id(services, "1.2.2"), "Fatta", PAST, completed_on=PAST)
    _set(services, "1.2.3", status="in_corso")
    services.deadlines.add(_id(services, "1.2.3"), "Tavolo", TODAY + dt.timedelta(days=5))
    _set(services, "1.2.4", status="sospesa", end_date=PAST)
    services.deadlines.add(_id(services, "1.2.5"), "Lontana", TODAY + dt.timedelta(days=60))
    services.deadlines.add(_id(services, "1.2.6"), "Oggi", TODAY)

    comune = services.stakeholders.create("Comune di Pinerolo", "comune", zone="Pinerolese")
    services.assignments.assign(_id(services, "1.1.1"), comune.id, Role.LEAD)
    services.assignments.assign(_id(services, "1.2.3"), comune.id, Role.PARTNER)
    _set(services, "1.1.1", zones=["Pinerolese", "Torino"])
    _set(services, "1.3.1", zones=["pinerolese"])  # zone names are matched ignoring case
    return services


def _codes(rows: list[ActionRow]) -> list[str]:
    return [r.code for r in rows]


def _list(services: Services, **flt: object) -> list[str]:
    return _codes(services.actions.list_actions(ActionFilter(**flt), today=TODAY))  # type: ignore[arg-type]


# --- 'in ritardo' is derived ------------------------------------------------------------


def test_overdue_is_derived_from_end_date_and_open_deadlines(plan: Services) -> None:
    rows = {r.code: r for r in plan.actions.list_actions(today=TODAY)}
    assert rows["1.1.1"].overdue  # end date passed
    assert rows["1.1.2"].overdue  # an open deadline passed
    assert not rows["1.1.3"].overdue  # completed: never late
    assert not rows["1.2.1"].overdue  # cancelled: never late
    assert not rows["1.2.2"].overdue  # its only past deadline is done
    assert not rows["1.2.3"].overdue  # deadline in the future
    assert rows["1.2.4"].overdue  # suspended is still open
    assert not rows["1.2.6"].overdue  # due today is not yet late
    assert _list(plan, overdue_only=True) == ["1.1.1", "1.1.2", "1.2.4"]


def test_overdue_depends_on_the_day(plan: Services) -> None:
    earlier = {r.code: r for r in plan.actions.list_actions(today=PAST - dt.timedelta(days=1))}
    assert not earlier["1.1.1"].overdue
    assert not earlier["1.1.2"].overdue


def test_detail_agrees_with_the_list_on_overdue(plan: Services) -> None:
    # The detail is computed for the real today: PAST and FUTURE are relative to TODAY,
    # so only compare where the answer cannot depend on the day.
    assert not plan.actions.get_by_code("1.1.3").overdue
    assert not plan.actions.get_by_code("1.2.1").overdue


# --- filters ------------------------------------------------------------------------------


def test_no_filter_lists_everything_in_plan_order(plan: Services) -> None:
    codes = _list(plan)
    assert len(codes) == 24
    assert codes == sorted(codes, key=lambda c: tuple(int(p) for p in c.split(".")))


def test_filter_by_axis_and_strategy(plan: Services) -> None:
    assert len(_list(plan, axis=1)) == 24
    assert _list(plan, axis=2) == []
    assert _list(plan, strategy="1.2") == [f"1.2.{i}" for i in range(1, 7)]
    assert _list(plan, strategy="9.9") == []


def test_filter_by_status(plan: Services) -> None:
    assert _list(plan, statuses=frozenset({Status.COMPLETED})) == ["1.1.3"]
    both = _list(plan, statuses=frozenset({Status.SUSPENDED, Status.CANCELLED}))
    assert both == ["1.2.1", "1.2.4"]
    assert len(_list(plan, statuses=frozenset({Status.NOT_STARTED}))) == 24 - 7


def test_filter_by_stakeholder(plan: Services) -> None:
    comune = plan.stakeholders.find_by_name("comune di pinerolo")
    assert comune is not None
    assert _list(plan, stakeholder_id=comune.id) == ["1.1.1", "1.2.3"]


def test_filter_by_zone(plan: Services) -> None:
    zones = {z.name: z.id for z in plan.plan.zones()}
    assert _list(plan, zone_id=zones["Pinerolese"]) == ["1.1.1", "1.3.1"]
    assert _list(plan, zone_id=zones["Torino"]) == ["1.1.1"]
    assert _list(plan, zone_id=zones["Eporediese"]) == []


def test_filter_by_deadline_within_days(plan: Services) -> None:
    assert _list(plan, deadline_within_days=7) == ["1.2.3", "1.2.6"]
    assert _list(plan, deadline_within_days=4) == ["1.2.6"]
    assert _list(plan, deadline_within_days=5) == ["1.2.3", "1.2.6"]  # the limit is included
    assert _list(plan, deadline_within_days=90) == ["1.2.3", "1.2.5", "1.2.6"]


def test_free_text_search(plan: Services) -> None:
    assert _list(plan, text="piaffaforma") == ["1.4.4"]
    assert _list(plan, text="  PIAFFAFORMA ") == ["1.4.4"]  # case and spaces ignored
    assert _list(plan, text="legno boschi") == ["1.3.3"]  # every word must appear
    assert _list(plan, text="legno turismo") == []
    assert _list(plan, text="1.5.") == [f"1.5.{i}" for i in range(1, 8)]  # codes too
    assert _list(plan, text="pinerolo") == ["1.1.1"]  # the lead's name


def test_filters_combine(plan: Services) -> None:
    assert _list(plan, strategy="1.2", overdue_only=True) == ["1.2.4"]
    assert _list(plan, text="imprese", statuses=frozenset({Status.IN_PROGRESS})) == ["1.2.2"]


def test_row_fields(plan: Services) -> None:
    rows = {r.code: r for r in plan.actions.list_actions(today=TODAY)}
    row = rows["1.1.1"]
    assert row.lead == "Comune di Pinerolo"
    assert row.status is Status.IN_PROGRESS
    assert (row.start_date, row.end_date) == (dt.date(2026, 1, 1), PAST)
    assert rows["1.2.3"].lead is None  # a partner is not the lead
    assert rows["1.2.2"].open_deadlines == ()
    assert rows["1.1.2"].next_deadline == PAST


# --- validation ---------------------------------------------------------------------------


def _problems(services: Services, code: str, changes: dict[str, object]) -> list[tuple[str, str]]:
    detail = services.actions.get_by_code(code)
    with pytest.raises(ValidationError) as caught:
        services.actions.update(detail.id, detail.version, changes)
    after = services.actions.get_by_code(code)
    assert after.version == detail.version, "a refused edit must write nothing"
    return [(p.where, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("value", [101, -1, 1000, "50", 50.5, True, None])
def test_progress_must_be_an_integer_from_0_to_100(services: Services, value: object) -> None:
    problems = _problems(services, "1.1.1", {"progress": value})
    assert len(problems) == 1
    where, message = problems[0]
    assert where == "Avanzamento %"
    assert "0" in message and "100" in message


@pytest.mark.parametrize("value", [0, 100, 37])
def test_progress_bounds_are_accepted(services: Services, value: int) -> None:
    _set(services, "1.1.1", progress=value)
    assert services.actions.get_by_code("1.1.1").progress == value


def test_end_before_start_is_refused(services: Services) -> None:
    problems = _problems(
        services, "1.1.1", {"start_date": dt.date(2026, 5, 2), "end_date": dt.date(2026, 5, 1)}
    )
    assert problems == [
        (
            "Data fine",
            "la data di fine (01/05/2026) è precedente alla data di inizio (02/05/2026)",
        )
    ]


def test_end_before_stored_start_is_refused(services: Services) -> None:
    _set(services, "1.1.1", start_date=dt.date(2026, 5, 2))
    assert _problems(services, "1.1.1", {"end_date": dt.date(2026, 1, 1)})[0][0] == "Data fine"
    _set(services, "1.1.1", end_date=dt.date(2026, 5, 2))  # same day is fine


def test_unknown_status_is_refused_naming_the_allowed_ones(services: Services) -> None:
    [(where, message)] = _problems(services, "1.1.1", {"status": "finita"})
    assert where == "Stato"
    assert "finita" in message
    for label in ("Non avviata", "In corso", "Completata", "Sospesa", "Annullata"):
        assert label in message


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("In corso", Status.IN_PROGRESS),
        ("conclusa", Status.COMPLETED),
        ("sospesa", Status.SUSPENDED),
    ],
)
def test_status_accepts_labels_and_usual_words(
    services: Services, typed: str, status: Status
) -> None:
    _set(services, "1.1.1", status=typed)
    assert services.actions.get_by_code("1.1.1").status is status


def test_unknown_zone_and_axis_are_refused(services: Services) -> None:
    problems = _problems(
        services, "1.1.1", {"zones": ["Torino", "Val Chisone"], "linked_axes": [2, 9]}
    )
    assert ("Zone omogenee", "zona omogenea 'Val Chisone' sconosciuta") in problems
    assert ("Assi collegati", "asse '9' inesistente") in problems


def test_every_problem_is_reported_at_once(services: Services) -> None:
    problems = _problems(
        services, "1.1.1", {"progress": 140, "status": "boh", "text": "  ", "budget": -5}
    )
    assert {where for where, _ in problems} == {"Avanzamento %", "Stato", "Azione", "Budget (€)"}


def test_unknown_field_is_refused(services: Services) -> None:
    [(_, message)] = _problems(services, "1.1.1", {"colore": "rosso"})
    assert "colore" in message


def test_missing_action(services: Services) -> None:
    with pytest.raises(NotFoundError):
        services.actions.update(999_999, None, {"progress": 1})
    with pytest.raises(NotFoundError, match=r"9\.9\.9"):
        services.actions.get_by_code("9.9.9")


def test_every_field_can_be_edited(services: Services) -> None:
    detail = services.actions.get_by_code("1.2.5")
    changes = {
        "text": "Testo corretto",
        "short_title": "Ricerca agricola",
        "status": Status.IN_PROGRESS,
        "progress": 30,
        "priority": "alta",
        "start_date": dt.date(2025, 1, 1),
        "end_date": dt.date(2026, 12, 31),
        "budget": "125000.5",
        "funding_source": "FESR",
        "sectors": ["agricoltura", Sector.EDUCATION_RESEARCH],
        "zones": ["Pinerolese"],
        "linked_axes": [2, "6"],
        "notes": "Con l'università",
    }
    after = services.actions.update(detail.id, detail.version, changes)
    assert after.version == detail.version + 1
    assert after.text == "Testo corretto"
    assert after.short_title == "Ricerca agricola"
    assert after.priority is Priority.HIGH
    assert after.budget == Decimal("125000.50")
    assert after.funding_source is FundingSource.FESR
    assert after.sectors == frozenset({Sector.AGRICULTURE, Sector.EDUCATION_RESEARCH})
    assert after.zones == frozenset({"Pinerolese"})
    assert after.linked_axes == frozenset({2, 6})
    entries = services.history.for_action(detail.id)
    assert len(entries) == len(changes)


# --- change log ---------------------------------------------------------------------------


def test_one_entry_per_changed_field_with_who_and_where(
    services: Services, logged_as: Callable[[str], str]
) -> None:
    detail = services.actions.get_by_code("1.1.1")
    before = services.history.count()
    services.actions.update(detail.id, detail.version, {"status": "in_corso", "progress": 20})
    entries = services.history.for_action(detail.id)
    assert services.history.count() == before + 2
    by_field = {e.field: e for e in entries}
    assert set(by_field) == {"Stato", "Avanzamento %"}
    assert (by_field["Stato"].old_value, by_field["Stato"].new_value) == ("Non avviata", "In corso")
    assert (by_field["Avanzamento %"].old_value, by_field["Avanzamento %"].new_value) == ("0", "20")
    for e in entries:
        assert e.user == logged_as("Tester")
        assert e.source == "test"
        assert e.entity == "azione"
        assert e.entity_label == "1.1.1"
        assert abs(e.changed_at - dt.datetime.now()) < dt.timedelta(minutes=1)


def test_no_entry_and_no_new_version_when_nothing_changes(services: Services) -> None:
    _set(services, "1.1.1", progress=20, zones=["Torino"])
    detail = services.actions.get_by_code("1.1.1")
    before = services.history.count()
    after = services.actions.update(
        detail.id, detail.version, {"progress": 20, "zones": ["torino"], "status": "Non avviata"}
    )
    assert services.history.count() == before
    assert after.version == detail.version


def test_only_the_changed_fields_are_logged(services: Services) -> None:
    detail = services.actions.get_by_code("1.1.1")
    before = services.history.count()
    services.actions.update(detail.id, detail.version, {"progress": 0, "notes": "Nuova nota"})
    assert services.history.count() == before + 1
    assert services.history.for_action(detail.id)[0].field == "Note"


def test_source_of_an_import_is_recorded(
    services: Services, logged_as: Callable[[str], str]
) -> None:
    importer = services.with_context(EditContext(user="Anna", source=import_source("asse1.xlsx")))
    detail = importer.actions.get_by_code("1.1.1")
    importer.actions.update(detail.id, detail.version, {"progress": 10})
    entry = services.history.for_action(detail.id)[0]
    assert (entry.user, entry.source) == (logged_as("Anna"), "importazione: asse1.xlsx")
    assert services.history.recent(source="importazione: asse1.xlsx")[0].id == entry.id


def test_history_is_newest_first(services: Services) -> None:
    for value in (10, 20, 30):
        _set(services, "1.1.1", progress=value)
    entries = services.history.for_action(_id(services, "1.1.1"))
    assert [e.new_value for e in entries] == ["30", "20", "10"]


def test_default_context_uses_the_system_login() -> None:
    ctx = EditContext.default()
    assert ctx.user.strip()
    assert EditContext.default(user="  Mario Rossi ").user == "Mario Rossi"


def test_set_fields_replace_the_whole_set(services: Services) -> None:
    _set(services, "1.1.1", zones=["Torino", "AMT Sud"], sectors=["turismo", "commercio"])
    detail = services.actions.get_by_code("1.1.1")
    after = services.actions.update(
        detail.id, detail.version, {"zones": ["AMT Sud", "Chivassese"], "sectors": ["commercio"]}
    )
    assert after.zones == frozenset({"AMT Sud", "Chivassese"})
    assert after.sectors == frozenset({Sector.COMMERCE})
    assert after.version == detail.version + 1
    zones_entry = next(
        e for e in services.history.for_action(detail.id) if e.field == "Zone omogenee"
    )
    assert (zones_entry.old_value, zones_entry.new_value) == (
        "AMT Sud; Torino",
        "AMT Sud; Chivassese",
    )
    cleared = services.actions.update(detail.id, after.version, {"zones": [], "sectors": None})
    assert cleared.zones == frozenset() and cleared.sectors == frozenset()


@pytest.mark.parametrize(
    ("field", "value", "where", "fragment"),
    [
        ("budget", "abc", "Budget (€)", "non è un importo"),
        ("budget", "12,5", "Budget (€)", "non è un importo"),
        ("budget", "NaN", "Budget (€)", "importo positivo"),
        ("budget", -0.01, "Budget (€)", "importo positivo"),
        ("budget", "1e12", "Budget (€)", "troppo grande"),
        ("start_date", "2026-01-01", "Data inizio", "non è una data"),
        ("end_date", 20260101, "Data fine", "non è una data"),
        ("text", 42, "Azione", "serve un testo"),
        ("notes", "x" * 1_000_001, "Note", "troppo lungo"),
        ("priority", "urgentissima", "Priorità", "Alta, Media, Bassa"),
        ("funding_source", "lotteria", "Fonte di finanziamento", "PNRR"),
        ("sectors", ["astronautica"], "Settori economici", "astronautica"),
        ("status", None, "Stato", "obbligatorio"),
    ],
)
def test_each_rule_names_its_field(
    services: Services, field: str, value: object, where: str, fragment: str
) -> None:
    [(place, message)] = _problems(services, "1.1.1", {field: value})
    assert place == where
    assert fragment in message


def test_accepted_conversions(services: Services) -> None:
    detail = services.actions.get_by_code("1.1.1")
    after = services.actions.update(
        detail.id,
        detail.version,
        {
            "budget": 0.1,
            "start_date": dt.datetime(2026, 3, 4, 15, 30),
            "priority": None,
            "funding_source": "fondi propri",
            "short_title": "   ",
        },
    )
    assert after.budget == Decimal("0.10")
    assert after.start_date == dt.date(2026, 3, 4)
    assert after.funding_source is FundingSource.OWN
    assert after.short_title is None
