"""The stakeholder registry: create, edit, search, delete (refused while assigned unless forced)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from psm_desktop.errors import InUseError, NotFoundError, ValidationError
from psm_desktop.model import Role, StakeholderKind
from psm_desktop.services import Services

pytestmark = pytest.mark.both_engines


def _problems(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.where: p.message for p in error.value.problems}


def test_seed_has_the_metropolitan_city(services: Services) -> None:
    cmto = services.stakeholders.find_by_name("Città metropolitana di Torino")
    assert cmto is not None
    assert cmto.kind is StakeholderKind.PUBLIC_BODY
    assert cmto.zone == "Torino"


def test_create_with_every_field(services: Services) -> None:
    before = services.history.count()
    created = services.stakeholders.create(
        "  Comune  di   Bardonecchia ",
        "Comune",
        zone="valli di susa e sangone",
        contact_person="Anna Rossi",
        email=" ufficio@comune.bardonecchia.to.it ",
        phone="0122 99032",
        notes="Referente turismo",
    )
    assert created.name == "Comune di Bardonecchia"  # spaces tidied
    assert created.kind is StakeholderKind.MUNICIPALITY
    assert created.zone == "Valli di Susa e Sangone"
    assert created.email == "ufficio@comune.bardonecchia.to.it"
    assert (created.contact_person, created.phone, created.notes) == (
        "Anna Rossi",
        "0122 99032",
        "Referente turismo",
    )
    assert created.action_count == 0
    assert services.history.count() == before + 1
    entry = services.history.recent(1)[0]
    assert (entry.entity, entry.field, entry.new_value) == (
        "soggetto",
        "creazione",
        "Comune di Bardonecchia",
    )


@pytest.mark.parametrize("email", ["mario", "mario@", "@comune.it", "mario@comune", "a b@c.it"])
def test_bad_email_is_refused(services: Services, email: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.stakeholders.create("Comune di Susa", "comune", email=email)
    assert _problems(caught) == {"E-mail": f"indirizzo '{email.strip()}' non valido"}
    assert services.stakeholders.find_by_name("Comune di Susa") is None


def test_other_validation_errors_name_the_field(services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.stakeholders.create("Comune di Susa", "pianeta", zone="Atlantide")
    problems = _problems(caught)
    assert set(problems) == {"Tipo", "Zona omogenea"}
    assert "Atlantide" in problems["Zona omogenea"]
    with pytest.raises(ValidationError) as caught:
        services.stakeholders.create("   ")
    assert set(_problems(caught)) == {"Nome"}


def test_duplicate_name_is_refused_ignoring_case(services: Services) -> None:
    services.stakeholders.create("Comune di Susa", "comune")
    with pytest.raises(ValidationError, match="esiste già"):
        services.stakeholders.create("COMUNE DI SUSA", "comune")
    other = services.stakeholders.create("Comune di Avigliana", "comune")
    with pytest.raises(ValidationError, match="esiste già"):
        services.stakeholders.update(other.id, other.version, {"name": "comune di susa"})
    # Renaming to itself (another case) is fine.
    renamed = services.stakeholders.update(other.id, other.version, {"name": "Comune di AVIGLIANA"})
    assert renamed.name == "Comune di AVIGLIANA"


def test_update_logs_each_changed_field(
    services: Services, logged_as: Callable[[str], str]
) -> None:
    sh = services.stakeholders.create("Comune di Susa", "comune", zone="Torino")
    before = services.history.count()
    after = services.stakeholders.update(
        sh.id, sh.version, {"zone": "Valli di Susa e Sangone", "phone": "0122 1", "notes": ""}
    )
    assert after.zone == "Valli di Susa e Sangone"
    entries = services.history.recent(services.history.count() - before)
    fields = {e.field: (e.old_value, e.new_value) for e in entries}
    assert fields == {
        "Zona omogenea": ("Torino", "Valli di Susa e Sangone"),
        "Telefono": (None, "0122 1"),
    }
    assert all(e.user == logged_as("Tester") and e.source == "test" for e in entries)
    same = services.stakeholders.update(after.id, after.version, {"phone": "0122 1"})
    assert same.version == after.version
    assert services.history.count() == before + 2


def test_search(services: Services) -> None:
    services.stakeholders.create("Comune di Susa", "comune", contact_person="Giulia Bruno")
    services.stakeholders.create("Consorzio Forestale Alta Valle Susa", "altro")
    assert [s.name for s in services.stakeholders.search("susa")] == [
        "Comune di Susa",
        "Consorzio Forestale Alta Valle Susa",
    ]
    assert [s.name for s in services.stakeholders.search("bruno")] == ["Comune di Susa"]
    assert len(services.stakeholders.search()) == 3  # with the seeded Città metropolitana


def test_names_lists_every_stakeholder_in_search_order(services: Services) -> None:
    for name in ("Dora Baltea Ente", "consorzio Canavese", "Comune di Aosta"):
        services.stakeholders.create(name, "altro")
    expected = [(s.id, s.name) for s in services.stakeholders.search()]
    assert services.stakeholders.names() == expected
    mine = [name for _id, name in expected if name[0] in "CcD" and "metropolitana" not in name]
    assert mine == ["Comune di Aosta", "consorzio Canavese", "Dora Baltea Ente"]  # case-blind


@pytest.fixture
def assigned(services: Services) -> tuple[Services, int, list[int]]:
    sh = services.stakeholders.create("Comune di Ivrea", "comune", zone="Eporediese")
    ids = [services.actions.get_by_code(c).id for c in ("1.1.1", "1.2.3")]
    services.assignments.assign(ids[0], sh.id, Role.LEAD)
    services.assignments.assign(ids[1], sh.id, Role.PARTNER)
    services.deadlines.add(ids[0], "Progetto esecutivo", dt.date(2026, 9, 1), stakeholder_id=sh.id)
    return services, sh.id, ids


def test_delete_is_refused_while_assigned(assigned: tuple[Services, int, list[int]]) -> None:
    services, sh_id, _ = assigned
    before = services.history.count()
    with pytest.raises(InUseError) as caught:
        services.stakeholders.delete(sh_id)
    message = str(caught.value)
    assert "Comune di Ivrea" in message and "1.1.1" in message and "1.2.3" in message
    assert services.stakeholders.get(sh_id).action_count == 2
    assert services.history.count() == before


def test_forced_delete_removes_assignments_and_logs(
    assigned: tuple[Services, int, list[int]],
) -> None:
    services, sh_id, ids = assigned
    services.stakeholders.delete(sh_id, force=True)
    with pytest.raises(NotFoundError):
        services.stakeholders.get(sh_id)
    assert services.assignments.for_action(ids[0]) == []
    assert services.assignments.for_action(ids[1]) == []
    [deadline] = services.deadlines.for_action(ids[0])
    assert deadline.stakeholder_id is None  # the milestone stays, without responsible
    # Each action's history tells what happened to it.
    first: dict[str, tuple[str | None, str | None]] = {}
    for e in services.history.for_action(ids[0]):  # newest first: keep the latest per field
        first.setdefault(e.field, (e.old_value, e.new_value))
    assert first["Ruolo"] == ("Responsabile/capofila", None)
    assert first["Responsabile"] == ("Comune di Ivrea", None)
    second = services.history.for_action(ids[1])
    assert second[0].field == "Ruolo" and second[0].new_value is None
    assert any(
        e.entity == "soggetto" and e.field == "eliminazione" for e in services.history.recent(10)
    )


def test_delete_unassigned(services: Services) -> None:
    sh = services.stakeholders.create("Comune di Chieri", "comune")
    services.stakeholders.delete(sh.id, sh.version)
    assert services.stakeholders.find_by_name("Comune di Chieri") is None
    with pytest.raises(NotFoundError):
        services.stakeholders.delete(sh.id)


def test_actions_and_deadlines_of_a_stakeholder(
    assigned: tuple[Services, int, list[int]],
) -> None:
    services, sh_id, _ = assigned
    roles = {row.code: role for row, role in services.stakeholders.actions_of(sh_id)}
    assert roles == {"1.1.1": Role.LEAD, "1.2.3": Role.PARTNER}
    assert [d.title for d in services.stakeholders.deadlines_of(sh_id)] == ["Progetto esecutivo"]
