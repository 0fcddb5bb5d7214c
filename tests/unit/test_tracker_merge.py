"""Three-way merge: changes on one side win, on both sides are conflicts, several offices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import trackerkit
from trackerkit import edit, export, plan_for, services_of, set_cell

from psm_desktop.errors import UserError
from psm_desktop.exchange.tracker.layout import Kind
from psm_desktop.exchange.tracker.merge import Outcome, three_way
from psm_desktop.exchange.tracker.plan import ItemKind, Resolution
from psm_desktop.exchange.tracker.service import apply_plan, prepare_import
from psm_desktop.model import Status

state_db = trackerkit.state_db_fixture
tracker = trackerkit.tracker_fixture


def update(db_path: Path, code: str, **changes: Any) -> None:
    db, services = services_of(db_path, user="Coordinatore")
    try:
        a = services.actions.get_by_code(code)
        services.actions.update(a.id, a.version, changes)
    finally:
        db.close()


def get(db_path: Path, code: str) -> Any:
    db, services = services_of(db_path)
    try:
        return services.actions.get_by_code(code)
    finally:
        db.close()


@pytest.mark.parametrize(
    ("kind", "base", "theirs", "ours", "outcome"),
    [
        (Kind.TEXT, "a", "a", "b", Outcome.KEEP),  # only ours changed
        (Kind.TEXT, "a", "b", "a", Outcome.THEIRS),  # only theirs changed
        (Kind.TEXT, "a", "b", "b", Outcome.KEEP),  # both, alike
        (Kind.TEXT, "a", "b", "c", Outcome.CONFLICT),
        (Kind.NAME, "Comune di X", "comune  di x", "Comune di Y", Outcome.KEEP),
        (Kind.ZONES, frozenset({"Torino"}), frozenset({"torino"}), frozenset(), Outcome.KEEP),
        (Kind.DATE, None, dt.date(2025, 1, 1), None, Outcome.THEIRS),
        (Kind.PERCENT, 10, 20, 30, Outcome.CONFLICT),
    ],
)
def test_three_way(kind: Kind, base: Any, theirs: Any, ours: Any, outcome: Outcome) -> None:
    assert three_way(kind, base, theirs, ours) is outcome


def test_change_only_in_database_is_kept(state_db: Path, tracker: Path) -> None:
    update(state_db, "1.1.3", notes="Scritta dal coordinatore", progress=20)
    assert plan_for(state_db, tracker).is_empty
    assert get(state_db, "1.1.3").notes == "Scritta dal coordinatore"


def test_same_change_on_both_sides_is_nothing(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    update(state_db, "1.1.3", status=Status.SUSPENDED)
    edited = edit(
        tracker,
        tmp_path / "e.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "sospesa"),
    )
    assert plan_for(state_db, edited).is_empty


def conflicting(state_db: Path, tracker: Path, tmp_path: Path) -> Path:
    update(state_db, "1.1.2", status=Status.SUSPENDED, notes="nota del database")

    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Stato", "Completata")
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", "100%")

    return edit(tracker, tmp_path / "ufficio.xlsx", change)


def test_conflict_is_never_resolved_silently(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    edited = conflicting(state_db, tracker, tmp_path)
    db, services = services_of(state_db)
    try:
        plan = prepare_import(services, edited)
        [conflict] = plan.conflicts
        assert (conflict.label, conflict.field) == ("1.1.2", "status")
        assert (conflict.old, conflict.new, conflict.base) == (
            Status.SUSPENDED,
            Status.COMPLETED,
            Status.NOT_STARTED,
        )
        assert "database «Sospesa», tracker «Completata»" in conflict.describe()
        [update_item] = [i for i in plan.items if i.kind is ItemKind.UPDATE]
        assert update_item.field == "progress"
        before = trackerkit.dump(state_db)
        with pytest.raises(UserError, match="C’è 1 conflitto da risolvere"):
            apply_plan(services, plan)
        assert trackerkit.dump(state_db) == before
    finally:
        db.close()


@pytest.mark.parametrize(
    ("resolution", "status"),
    [(Resolution.THEIRS, Status.COMPLETED), (Resolution.OURS, Status.SUSPENDED)],
)
def test_conflict_resolved(
    state_db: Path, tracker: Path, tmp_path: Path, resolution: Resolution, status: Status
) -> None:
    edited = conflicting(state_db, tracker, tmp_path)
    db, services = services_of(state_db)
    try:
        plan = prepare_import(services, edited)
        plan.resolve_all(resolution)
        apply_plan(services, plan)
    finally:
        db.close()
    a = get(state_db, "1.1.2")
    assert a.status is status and a.progress == 100 and a.notes == "nota del database"
    # Importing again: a conflict kept "ours" comes back (it is still a difference), never
    # a silent overwrite; one taken from "theirs" is settled.
    again = plan_for(state_db, edited)
    assert len(again.conflicts) == (1 if resolution is Resolution.OURS else 0)
    assert [i for i in again.items if i.kind is not ItemKind.CONFLICT] == []


def test_unticked_items_are_not_applied(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "In corso")
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Note", "ok")

    edited = edit(tracker, tmp_path / "e.xlsx", change)
    db, services = services_of(state_db)
    try:
        plan = prepare_import(services, edited)
        for item in plan.items:
            item.selected = item.field == "notes"
        apply_plan(services, plan)
    finally:
        db.close()
    a = get(state_db, "1.1.3")
    assert a.notes == "ok" and a.status is Status.NOT_STARTED


def test_two_offices_each_against_its_own_base(state_db: Path, tmp_path: Path) -> None:
    first = export(state_db, tmp_path / "ufficio1.xlsx", None)
    update(state_db, "1.1.3", notes="dal coordinatore")  # between the two exports
    second = export(state_db, tmp_path / "ufficio2.xlsx", None)

    def office1(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Avanzamento %", "60%")
        set_cell(wb, "Azioni", "Codice", "1.2.1", "Avanzamento %", "30%")

    def office2(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Note", "dall'ufficio 2")
        set_cell(wb, "Azioni", "Codice", "1.2.1", "Avanzamento %", "70%")

    t1 = edit(first, tmp_path / "r1.xlsx", office1)
    t2 = edit(second, tmp_path / "r2.xlsx", office2)
    trackerkit.import_all(state_db, t1)
    plan = plan_for(state_db, t2)
    # Office 2 left 1.1.1's progress as exported (40): office 1's 60 is kept.
    assert [(i.label, i.field, i.kind) for i in plan.items] == [
        ("1.1.1", "notes", ItemKind.UPDATE),
        ("1.2.1", "progress", ItemKind.CONFLICT),
    ]
    assert (plan.conflicts[0].old, plan.conflicts[0].new) == (30, 70)
    # Office 1's tracker predates the coordinator's note: that note is not undone.
    a = get(state_db, "1.1.3")
    assert a.notes == "dal coordinatore"
    db, services = services_of(state_db)
    try:
        plan = prepare_import(services, t2)
        plan.resolve_all(Resolution.THEIRS)
        apply_plan(services, plan)
    finally:
        db.close()
    a = get(state_db, "1.1.1")
    assert (a.progress, a.notes) == (60, "dall'ufficio 2")
    assert get(state_db, "1.2.1").progress == 70
    assert get(state_db, "1.1.3").notes == "dal coordinatore"


def test_stale_preview_is_refused(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    edited = edit(
        tracker,
        tmp_path / "e.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "In corso"),
    )
    db, services = services_of(state_db)
    try:
        plan = prepare_import(services, edited)
        update(state_db, "1.1.3", notes="changed meanwhile")  # another window edits
        before = trackerkit.dump(state_db)
        with pytest.raises(UserError, match="modificati"):
            apply_plan(services, plan)
        assert trackerkit.dump(state_db) == before
    finally:
        db.close()
