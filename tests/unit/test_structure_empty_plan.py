"""A database with an empty plan: the starting point of a plan built by hand or from texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from psm_desktop.errors import DatabaseError
from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.storage.new_plan import create_empty_plan, plan_code


def test_empty_plan_is_a_normal_database(tmp_path: Path) -> None:
    path = tmp_path / "nuovo.sqlite"
    create_empty_plan(
        path,
        title="Piano strategico di Ivrea",
        issuer="Comune di Ivrea",
        period="2025-2027",
        zones=["Centro", "Frazioni"],
    ).close()
    db = open_database(path)  # reopened like any other PSM database
    try:
        services = Services(db, EditContext(user="Tester", source="test"))
        plan = services.plan.plan()
        assert (plan.code, plan.title, plan.issuer, plan.period) == (
            "PIANO-STRATEGICO-DI-IVREA-2025-2027",
            "Piano strategico di Ivrea",
            "Comune di Ivrea",
            "2025-2027",
        )
        assert [z.name for z in services.plan.zones()] == ["Centro", "Frazioni"]
        assert services.plan.tree() == [] and services.stakeholders.search() == []
        # The structure is then built by hand.
        axis = services.structure.create_axis("Città più verde", "Descrizione.")
        assert axis.node is not None and axis.node.code == "1"
        strategy = services.structure.create_strategy(axis.node.id, "Alberi")
        assert strategy.node is not None and strategy.node.code == "1.1"
        action = services.structure.create_action(strategy.node.id, "Piantare mille alberi")
        assert action.node is not None and action.node.code == "1.1.1"
        assert [r.code for r in services.actions.list_actions()] == ["1.1.1"]
    finally:
        db.close()


def test_an_existing_file_is_never_overwritten(db_path: Path) -> None:
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="esiste già"):
        create_empty_plan(db_path, title="Altro piano")
    assert db_path.read_bytes() == before


def test_plan_code() -> None:
    assert plan_code("Piano Strategico Metropolitano", "2024-2026") == (
        "PIANO-STRATEGICO-METROPOLITANO-2024-2026"
    )
    assert plan_code("«Città»!") == "CITTA"
    assert plan_code("!!!") == "PIANO"
    assert len(plan_code("x" * 100)) == 40
