"""Campaigns at scale (issue 12, point 7): the plan is read once, each file holds what its
office needs.

An office's tracker lists in its Soggetti sheet the office and the stakeholders its actions
name, not the whole register; names of the rest of the register still resolve on return.
Exporting reads the database once for all offices, importing once for all files; the part
cut for one office is what loading its actions alone gives.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from trackerkit import edit, services_of, set_cell

from psm_desktop.exchange.campaigns import export as campaign_export
from psm_desktop.exchange.campaigns import returns as campaign_returns
from psm_desktop.exchange.campaigns.export import CampaignExport, export_campaign
from psm_desktop.exchange.campaigns.returns import import_returns
from psm_desktop.exchange.tracker.snapshot import Snapshot, load_snapshot
from psm_desktop.model import PeriodKind, Role
from psm_desktop.services import Services

state_db = trackerkit.state_db_fixture

DUE = dt.date(2025, 7, 31)
PINEROLO, IVREA, SUSA = "Comune di Pinerolo", "Comune di Ivrea", "Comune di Susa"


@pytest.fixture
def services(state_db: Path) -> Any:
    """The tracker tests' plan, an open period, and Susa: in the register, in no action of
    Ivrea's, responsible for nothing; Chieri in the register only."""
    db, svc = services_of(state_db)
    svc.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    susa = svc.stakeholders.create(SUSA, "comune", zone="Valli di Susa e Sangone")
    svc.stakeholders.create("Comune di Chieri", "comune")
    svc.assignments.assign(svc.actions.get_by_code("1.1.3").id, susa.id, Role.LEAD)
    yield svc
    db.close()


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any) -> list[int]:
    calls: list[int] = []
    original = module.load_snapshot

    def counted(*args: Any, **kwargs: Any) -> Snapshot:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, "load_snapshot", counted)
    return calls


@pytest.fixture
def exported(services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CampaignExport:
    services.campaigns.create("Primavera", DUE)
    loads = _counting(monkeypatch, campaign_export)
    result = export_campaign(services, "Primavera", tmp_path / "uscita")
    assert len(result.offices) == 3
    assert loads == [1]  # once for the three offices
    return result


def _file(result: CampaignExport, office: str) -> Path:
    return next(o.tracker for o in result.offices if o.office == office)


def _column(path: Path, sheet: str, header: str) -> list[Any]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()
    index = list(rows[0]).index(header)
    return [r[index] for r in rows[1:] if r[index] is not None]


def test_each_tracker_lists_only_the_stakeholders_its_actions_name(
    exported: CampaignExport,
) -> None:
    # Pinerolo leads 1.1.1, where Ivrea is partner; Ivrea is also in 1.1.2; Susa leads 1.1.3.
    assert sorted(_column(_file(exported, PINEROLO), "Soggetti", "Nome")) == [IVREA, PINEROLO]
    assert sorted(_column(_file(exported, IVREA), "Soggetti", "Nome")) == [IVREA, PINEROLO]
    assert _column(_file(exported, SUSA), "Soggetti", "Nome") == [SUSA]
    assert _column(_file(exported, SUSA), "Azioni", "Codice") == ["1.1.3"]
    assert _column(_file(exported, SUSA), "Scadenze", "ID") == []


def test_a_deadline_responsible_is_listed_even_if_not_assigned(
    services: Services, tmp_path: Path
) -> None:
    chieri = services.stakeholders.find_by_name("Comune di Chieri")
    action = services.actions.get_by_code("1.1.3")
    services.deadlines.add(action.id, "Sopralluogo", dt.date(2026, 3, 1), stakeholder_id=chieri.id)
    services.campaigns.create("Primavera", DUE, stakeholders=[SUSA])
    result = export_campaign(services, "Primavera", tmp_path / "uscita")
    assert sorted(_column(_file(result, SUSA), "Soggetti", "Nome")) == ["Comune di Chieri", SUSA]


def test_a_name_of_the_register_missing_from_the_file_still_resolves(
    services: Services, exported: CampaignExport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ivrea's file does not list Susa; Ivrea makes Susa responsible for its deadline."""
    back = tmp_path / "rientri"
    back.mkdir()

    def change(wb: Any) -> None:
        set_cell(wb, "Scadenze", "Scadenza", "Avvio gara", "Responsabile", SUSA)

    edit(_file(exported, IVREA), back / "ivrea.xlsx", change)
    edit(_file(exported, PINEROLO), back / "pinerolo.xlsx", lambda wb: None)
    loads = _counting(monkeypatch, campaign_returns)
    report = import_returns(services, "Primavera", [back])
    assert report.refused == []
    assert loads == [1]  # once for the two files
    proposed = services.campaigns.changes("Primavera", office=IVREA)
    assert [(c.field, c.shown_proposed) for c in proposed] == [("stakeholder_id", SUSA)]


def test_an_offices_cut_is_what_loading_its_actions_gives(services: Services) -> None:
    ids = [services.actions.get_by_code(code).id for code in ("1.1.1", "1.1.3")]
    everything = load_snapshot(services, services.actions.id_by_code().values())
    alone = load_snapshot(services, ids)
    cut = everything.subset(ids)

    def shape(snap: Snapshot) -> Any:
        return {
            name: [(r.id, r.version, r.values, r.action_id) for r in getattr(snap, name)]
            for name in ("actions", "deadlines", "stakeholders", "assignments", "indicators")
        }

    assert alone.indicators or alone.deadlines  # not trivially equal
    assert shape(cut) == shape(alone)
    assert (cut.period, cut.zones, cut.axes) == (alone.period, alone.zones, alone.axes)
