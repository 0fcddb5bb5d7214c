"""Indicators: owners, validation, values and n.d., targets, stale writes, change log."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from psm_desktop.errors import NotFoundError, StaleWriteError, ValidationError
from psm_desktop.model import Direction, PeriodKind
from psm_desktop.services import Services
from psm_desktop.services.monitoring.indicators import IndicatorData, format_number, parse_value
from psm_desktop.storage import open_database

pytestmark = pytest.mark.both_engines

RELEASE_0001 = (
    Path(__file__).resolve().parents[1] / "fixtures" / "databases" / "psm-release-0001.sqlite"
)


@pytest.fixture
def period(services: Services) -> Services:
    services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    return services


def test_owners_action_strategy_axis(period: Services) -> None:
    data = IndicatorData(name="Misura", target_value=Decimal(10))
    assert period.indicators.create("1.1.1", data).owner_kind == "azione"
    assert period.indicators.create("1.2", data).owner_kind == "strategia"
    assert period.indicators.create("3", data).owner_kind == "asse"
    with pytest.raises(NotFoundError, match=r"9\.9\.9"):
        period.indicators.create("9.9.9", data)
    kinds = {i.owner_kind for i in period.periods.state("2025-S1").indicators}
    assert kinds == {"azione", "strategia", "asse"}


def test_validation_lists_every_problem(period: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        period.indicators.create(
            "1.1.1",
            IndicatorData(
                name=" ",
                direction=Direction.RANGE,
                baseline_date=dt.date(2025, 1, 1),
                target_date=dt.date(2024, 1, 1),
            ),
        )
    messages = " ".join(p.message for p in caught.value.problems)
    assert "nome" in messages and "intervallo" in messages and "precede" in messages


def test_values_are_numbers_or_not_available() -> None:
    assert parse_value("1.234,5", "Valore") == Decimal("1234.5")
    assert parse_value("12.5", "Valore") == Decimal("12.5")
    assert parse_value("n.d.", "Valore") is None
    assert parse_value(" ND ", "Valore") is None
    with pytest.raises(ValidationError, match=r"Valore.*non è un numero"):
        parse_value("tanti", "Valore")
    with pytest.raises(ValidationError, match="troppo grande"):
        parse_value("9" * 309, "Valore")
    assert format_number(Decimal("1234.5")) == "1.234,5"
    assert format_number(None, True) == "n.d."
    assert format_number(Decimal("-0.25")) == "-0,25"


def test_one_value_per_period_logged(period: Services) -> None:
    ind = period.indicators.create("1.1.1", IndicatorData(name="Imprese"))
    period.indicators.set_value(ind.id, "2025-S1", Decimal(5), "prima stima")
    period.indicators.set_value(ind.id, "2025-S1", Decimal(7), "prima stima")
    period.indicators.set_value(ind.id, "2025-S1", Decimal(7), "prima stima")  # no-op
    (info,) = period.indicators.for_action(period.actions.get_by_code("1.1.1").id)
    assert info.values == (("2025-S1", "7"),)
    history = period.history.for_action(period.actions.get_by_code("1.1.1").id)
    moves = [(h.old_value, h.new_value) for h in history if h.field == "valore 2025-S1"]
    assert moves == [("5", "7"), (None, "5")]


def test_stale_indicator_edit_is_refused(period: Services) -> None:
    ind = period.indicators.create("1.1.1", IndicatorData(name="Imprese"))
    period.indicators.update(ind.id, ind.version, IndicatorData(name="Imprese attive"))
    with pytest.raises(StaleWriteError):
        period.indicators.update(ind.id, ind.version, IndicatorData(name="Altro nome"))


def test_intermediate_target_for_the_period(period: Services) -> None:
    ind = period.indicators.create(
        "1.1.1", IndicatorData(name="Imprese", baseline_value=Decimal(0), target_value=Decimal(100))
    )
    period.indicators.set_target(ind.id, "2025-S1", Decimal(40))
    period.indicators.set_value(ind.id, "2025-S1", Decimal(40))
    (state,) = period.periods.state("2025-S1").indicators
    assert state.period_target == Decimal(40) and state.score == 100.0


def test_release_database_is_migrated_and_gains_monitoring(tmp_path: Path) -> None:
    """A database written by the release before the monitoring cycle (schema 0001)."""
    copy = tmp_path / "vecchio.sqlite"
    shutil.copyfile(RELEASE_0001, copy)
    db = open_database(copy)
    try:
        services = Services(db)
        before = len(services.actions.list_actions())
        services.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
        services.indicators.create("1.1.1", IndicatorData(name="Imprese"))
        services.periods.close("2025-S1")
        assert len(services.periods.state("2025-S1").actions) == before == 24
    finally:
        db.close()
    backups = list((tmp_path / "user-data" / "backups").glob("*"))
    assert backups, "the old file is copied before it is migrated"


def test_an_edit_of_several_fields_is_one_version_and_one_entry_per_field(
    period: Services,
) -> None:
    # The shared edit helper (services/entity_edit): compare, set, log each changed field,
    # flush once; the indicator's label names its owner.
    ind = period.indicators.create("1.1.1", IndicatorData(name="Imprese", unit="n."))
    data = IndicatorData(name="Imprese aderenti", unit="n.", target_value=Decimal(30))
    after = period.indicators.update(ind.id, ind.version, data)
    assert after.version == ind.version + 1
    history = period.history.for_action(period.actions.get_by_code("1.1.1").id)
    edits = [(h.field, h.old_value, h.new_value) for h in history if h.entity == "indicatore"]
    assert edits[:2] == [("obiettivo", None, "30"), ("nome", "Imprese", "Imprese aderenti")]
    assert {h.entity_label for h in history if h.field == "obiettivo"} == {
        "Indicatore «Imprese aderenti» (azione 1.1.1)"
    }
    with pytest.raises(NotFoundError, match="non esiste più"):
        period.indicators.update(ind.id + 100, 1, data)
