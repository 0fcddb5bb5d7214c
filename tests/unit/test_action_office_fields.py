"""The fields Italian offices report on: CUP, PNRR measure, DUP objective, SDGs, competence.

Their rules (shape, normalisation, Italian messages), the change log, and the filters,
on SQLite and on a PostgreSQL server.
"""

from __future__ import annotations

import pytest

from psm_desktop.errors import Problem, ValidationError
from psm_desktop.model import SDG_NAMES, Competence, sdg_label
from psm_desktop.services import ActionFilter, Services
from psm_desktop.services.filters import PNRR_ANY
from psm_desktop.services.validation import check_cup, check_sdgs, normalise_pnrr

pytestmark = pytest.mark.both_engines


def _set(services: Services, code: str, **changes: object) -> None:
    detail = services.actions.get_by_code(code)
    services.actions.update(detail.id, detail.version, changes)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("M1C1 I1.1", "M1C1 I1.1"),
        ("M1C1 - I1.1", "M1C1 I1.1"),
        ("M1 C1 I 1.1", "M1C1 I1.1"),
        ("m1c1 r1.2", "M1C1 R1.2"),
        ("M2C4 – Investimento 2.2", "M2C4 I2.2"),
        ("M5C2 Riforma 1", "M5C2 R1"),
        ("M1C1-Inv. 1.1.3", "M1C1 I1.1.3"),
        ("M7 C1 - I 4", "M7C1 I4"),  # M7: REPowerEU
    ],
)
def test_pnrr_variants_are_normalised(typed: str, stored: str) -> None:
    assert normalise_pnrr(typed) == stored


@pytest.mark.parametrize("typed", ["M1C1", "M8C1 I1", "C1 I1.1", "PNRR", "M1C1 X1.1", "1.1"])
def test_pnrr_without_mission_component_and_measure_is_refused(typed: str) -> None:
    assert normalise_pnrr(typed) is None


def test_cup_is_upper_cased_and_checked_for_shape() -> None:
    problems: list[Problem] = []
    assert check_cup(" j81b 1900 0000 012 ", "CUP", problems) == "J81B19000000012"
    assert check_cup("", "CUP", problems) is None
    assert problems == []
    assert check_cup("J81B1900000001", "CUP", problems) is None  # 14
    assert check_cup("J81B19000000012-", "CUP", problems) is None
    assert [p.message for p in problems] == [
        "Il CUP deve avere 15 caratteri, lettere e cifre: 'J81B1900000001' ne ha 14",
        "Il CUP deve avere 15 caratteri, lettere e cifre: 'J81B19000000012-' ne ha 16 "
        "e contiene altri segni",
    ]


def test_sdgs_from_a_list_or_a_text() -> None:
    problems: list[Problem] = []
    assert check_sdgs("3, 11", "Obiettivi", problems) == {3, 11}
    assert check_sdgs("17;1 5", "Obiettivi", problems) == {1, 5, 17}
    assert check_sdgs([2, "4", 4.0], "Obiettivi", problems) == {2, 4}
    assert check_sdgs("", "Obiettivi", problems) == frozenset()
    assert problems == []
    check_sdgs("0, 18, tre, 3", "Obiettivi", problems)
    (problem,) = problems
    assert problem.where == "Obiettivi"
    assert problem.message.startswith("obiettivi non validi: 0, 18, tre;")


def test_sdg_names_are_the_official_italian_ones() -> None:
    assert sorted(SDG_NAMES) == list(range(1, 18))
    assert SDG_NAMES[1] == "Sconfiggere la povertà"
    assert SDG_NAMES[17] == "Partnership per gli obiettivi"
    assert sdg_label(11) == "11 - Città e comunità sostenibili"
    assert Competence.DIRECT.label == "Competenza diretta"
    assert Competence.parse("di regia") is Competence.COORDINATION


def test_edit_normalises_stores_and_logs_in_italian(services: Services) -> None:
    _set(
        services,
        "1.1.1",
        cup="j81b19000000012",
        pnrr="M1 C1 - I 1.1",
        dup_objective="  SeO 1.2   Sviluppo ",
        sdgs="11, 3",
        competence="regia",
    )
    detail = services.actions.get_by_code("1.1.1")
    assert (detail.cup, detail.pnrr, detail.dup_objective) == (
        "J81B19000000012",
        "M1C1 I1.1",
        "SeO 1.2 Sviluppo",
    )
    assert detail.sdgs == {3, 11}
    assert detail.competence is Competence.COORDINATION
    logged = {h.field: (h.old_value, h.new_value) for h in services.history.for_action(detail.id)}
    assert logged["CUP"] == (None, "J81B19000000012")
    assert logged["Misura PNRR"] == (None, "M1C1 I1.1")
    assert logged["Obiettivo DUP"] == (None, "SeO 1.2 Sviluppo")
    assert logged["Obiettivi Agenda 2030"] == (None, "3, 11")
    assert logged["Competenza"] == (None, "Regia")

    version = services.actions.get_by_code("1.1.1").version
    _set(services, "1.1.1", cup="J81B 1900 0000 012", sdgs=[3, 11])  # the same: no change
    assert services.actions.get_by_code("1.1.1").version == version

    _set(services, "1.1.1", cup="", pnrr=" ", dup_objective="", sdgs=[], competence=None)
    cleared = services.actions.get_by_code("1.1.1")
    assert (cleared.cup, cleared.pnrr, cleared.dup_objective, cleared.competence) == (None,) * 4
    assert cleared.sdgs == frozenset()
    history = services.history.for_action(detail.id)
    goals = [(h.old_value, h.new_value) for h in history if h.field == "Obiettivi Agenda 2030"]
    assert goals[0] == ("3, 11", None)


def test_every_wrong_field_is_reported_at_once(services: Services) -> None:
    detail = services.actions.get_by_code("1.1.1")
    with pytest.raises(ValidationError) as caught:
        services.actions.update(
            detail.id,
            detail.version,
            {"cup": "ABC", "pnrr": "missione 1", "sdgs": "0, 18", "competence": "mista"},
        )
    problems = {p.where: p.message for p in caught.value.problems}
    assert problems["CUP"].startswith("Il CUP deve avere 15 caratteri, lettere e cifre: 'ABC'")
    assert "non è una misura PNRR" in problems["Misura PNRR"]
    assert "0, 18" in problems["Obiettivi Agenda 2030"]
    assert "Competenza diretta, Regia" in problems["Competenza"]
    assert services.actions.get_by_code("1.1.1").version == detail.version  # nothing written


def test_several_actions_share_a_cup_and_the_filters_find_them(services: Services) -> None:
    _set(services, "1.1.1", cup="J81B19000000012", pnrr="M1C1 I1.1", sdgs=[3, 11])
    _set(services, "1.1.2", cup="J81B19000000012", pnrr="M2C4 R1.2", competence="diretta")
    _set(services, "1.2.1", cup="C12D20000000001", sdgs=[11], competence="regia")

    def codes(flt: ActionFilter) -> list[str]:
        return [r.code for r in services.actions.list_actions(flt)]

    assert codes(ActionFilter(cup="j81b")) == ["1.1.1", "1.1.2"]
    assert codes(ActionFilter(cup="C12D 2000")) == ["1.2.1"]
    assert codes(ActionFilter(pnrr_mission=PNRR_ANY)) == ["1.1.1", "1.1.2"]
    assert codes(ActionFilter(pnrr_mission=2)) == ["1.1.2"]
    assert codes(ActionFilter(pnrr_mission=5)) == []
    assert codes(ActionFilter(sdg=11)) == ["1.1.1", "1.2.1"]
    assert codes(ActionFilter(sdg=11, competence=Competence.COORDINATION)) == ["1.2.1"]
    assert codes(ActionFilter(competence=Competence.DIRECT)) == ["1.1.2"]
    row = next(r for r in services.actions.list_actions() if r.code == "1.1.1")
    assert (row.cup, row.pnrr, row.sdgs, row.competence) == (
        "J81B19000000012",
        "M1C1 I1.1",
        {3, 11},
        None,
    )
