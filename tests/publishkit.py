"""A monitored plan with a closed period, and its publication: shared by the unit and web
tests of the publication."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from psm_desktop.exchange.web.builder import build_site
from psm_desktop.exchange.web.settings import PublishSettings
from psm_desktop.exchange.web.sitedata import load_site_data
from psm_desktop.model import PeriodKind, Role, StakeholderKind
from psm_desktop.services import Services
from psm_desktop.services.monitoring.indicators import IndicatorData

PERIOD = "2025-S1"
REFERENCE = dt.date(2025, 6, 30)
SETTINGS = PublishSettings(ipa="cmto", office="Città metropolitana di Torino - Piano strategico")
# Personal data that must never leave the application.
EMAIL = "mario.rossi.privato@example.org"
PHONE = "+39 333 987 6543"
PERSON = "Mario Rossiprivato"
NOTE = "nota interna riservatissima"


def _set(services: Services, code: str, **changes: object) -> None:
    detail = services.actions.get_by_code(code)
    services.actions.update(detail.id, detail.version, changes)


def monitor(services: Services, *, close: bool = True) -> Services:
    """Statuses, dates, budgets, bodies with contacts, deadlines and an indicator; a period."""
    _set(
        services,
        "1.1.1",
        status="in_corso",
        progress=50,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
        budget=Decimal("1250000.50"),
        notes=NOTE,
        cup="J81B19000000012",
        pnrr="M1C1 I1.1",
        sdgs=[9, 11],
        competence="regia",
    )
    _set(
        services,
        "1.1.2",
        status="in_corso",
        progress=10,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    _set(services, "1.1.3", status="completata", progress=100)
    _set(
        services,
        "1.2.1",
        status="in_corso",
        progress=45,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    comune = services.stakeholders.create(
        "Comune di Pinerolo",
        StakeholderKind.MUNICIPALITY,
        contact_person=PERSON,
        email=EMAIL,
        phone=PHONE,
        notes=NOTE,
    )
    impresa = services.stakeholders.create(
        "Rossi Mario ditta individuale",
        StakeholderKind.COMPANY,
        email="ditta@example.org",
    )
    first = services.actions.get_by_code("1.1.1").id
    services.assignments.assign(first, comune.id, Role.LEAD)
    services.assignments.assign(first, impresa.id, Role.PARTNER)
    services.deadlines.add(
        first,
        "Bando pubblicato",
        dt.date(2025, 3, 31),
        stakeholder_id=comune.id,
        completed_on=dt.date(2025, 3, 20),
        notes=NOTE,
    )
    services.deadlines.add(first, "Lavori avviati", dt.date(2025, 9, 30), stakeholder_id=impresa.id)
    services.periods.add(PERIOD, REFERENCE, PeriodKind.SEMESTER)
    indicator = services.indicators.create(
        "1.1.1",
        IndicatorData(
            name="Comuni connessi",
            unit="comuni",
            baseline_value=Decimal(0),
            baseline_date=dt.date(2025, 1, 1),
            target_value=Decimal(100),
            target_date=dt.date(2025, 12, 31),
        ),
    )
    services.indicators.set_value(indicator.id, PERIOD, Decimal("40.5"), NOTE)
    services.indicators.create("1.1", IndicatorData(name="Imprese digitalizzate"))
    if close:
        services.periods.close(PERIOD)
    return services


def publish(
    services: Services, folder: Path, *, period: str | None = PERIOD, provisional: bool = False
) -> Path:
    data = load_site_data(
        services, period, SETTINGS, provisional=provisional, today=dt.date(2025, 7, 15)
    )
    build_site(data, folder)
    return folder


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def as_first_format(services: Services, period: str = PERIOD) -> None:
    """Rewrite a closed period's snapshot as an earlier release wrote it (format 1: no
    public bodies, deadlines or plan texts)."""
    import json
    import zlib

    from sqlalchemy import select

    from psm_desktop.model import Period, PeriodSnapshot

    with services.db.transaction() as session:
        found = session.scalars(select(Period).where(Period.name == period)).one()
        snapshot = session.get(PeriodSnapshot, found.id)
        assert snapshot is not None
        document = json.loads(zlib.decompress(snapshot.payload))
        del document["public"]
        document["format"] = 1
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        snapshot.payload = zlib.compress(text.encode("utf-8"), 6)
        snapshot.format = 1
