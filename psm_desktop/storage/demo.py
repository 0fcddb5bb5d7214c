"""A realistic synthetic plan of N actions, built with bulk inserts, for trials and benchmarks."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from psm_desktop.model import (
    Action,
    ActionAxisLink,
    ActionSdg,
    ActionSector,
    ActionZone,
    Assignment,
    Axis,
    Competence,
    Deadline,
    Direction,
    FundingSource,
    Indicator,
    Priority,
    Role,
    Sector,
    Stakeholder,
    StakeholderKind,
    Status,
    Strategy,
    Zone,
)
from psm_desktop.storage.database import create_database
from psm_desktop.storage.seed import read_seed, seed_plan

VERBS = [
    "Promuovere",
    "Sostenere",
    "Favorire",
    "Rafforzare",
    "Valorizzare",
    "Sviluppare",
    "Accompagnare",
    "Incentivare",
    "Semplificare",
    "Potenziare",
    "Riqualificare",
    "Coordinare",
]
OBJECTS = [
    "la transizione digitale delle piccole imprese",
    "le filiere agroalimentari locali",
    "la mobilità sostenibile nelle valli",
    "i servizi educativi per la prima infanzia",
    "la rete dei presidi sanitari territoriali",
    "il recupero del patrimonio edilizio pubblico",
    "l'efficienza energetica degli edifici scolastici",
    "le comunità energetiche rinnovabili",
    "il turismo lento e il cicloturismo",
    "la gestione associata dei servizi comunali",
    "la formazione professionale dei giovani",
    "l'inclusione delle persone fragili",
    "la manutenzione dei versanti e dei corsi d'acqua",
    "la logistica urbana a basso impatto",
    "l'accesso alla banda ultralarga nelle aree montane",
    "la cooperazione tra atenei e imprese",
]
PURPOSES = [
    "riducendo i divari territoriali tra pianura e montagna",
    "in coerenza con la programmazione regionale e con le risorse del PNRR",
    "coinvolgendo le amministrazioni locali, le associazioni e il terzo settore",
    "con particolare attenzione alle zone omogenee a bassa densità di popolazione",
    "attraverso accordi di collaborazione e la condivisione di dati aperti",
    "garantendo l'accessibilità a tutte le persone, comprese quelle con disabilità",
    "misurando i risultati con indicatori pubblicati periodicamente",
]
STRATEGY_TOPICS = [
    "Rafforzare la governance metropolitana",
    "Sostenere l'innovazione del sistema produttivo",
    "Ridurre le emissioni e adattarsi al cambiamento climatico",
    "Migliorare l'accessibilità dei servizi",
    "Investire nelle competenze",
    "Promuovere la coesione sociale",
    "Tutelare la salute e il benessere",
]
COMUNI = [
    "Torino",
    "Moncalieri",
    "Collegno",
    "Rivoli",
    "Nichelino",
    "Settimo Torinese",
    "Grugliasco",
    "Chieri",
    "Pinerolo",
    "Venaria Reale",
    "Ivrea",
    "Chivasso",
    "Carmagnola",
    "Orbassano",
    "Ciriè",
    "Giaveno",
    "Avigliana",
    "Susa",
    "Lanzo Torinese",
    "Cuorgnè",
    "Rivarolo Canavese",
    "Bussoleno",
    "Oulx",
    "Sestriere",
    "Pragelato",
    "Fenestrelle",
    "Ceres",
    "Usseglio",
    "Castellamonte",
    "Caluso",
    "Strambino",
    "Volpiano",
    "Leinì",
    "Caselle Torinese",
    "Piossasco",
    "Bruino",
    "Vinovo",
    "Poirino",
    "Santena",
    "Cambiano",
    "Luserna San Giovanni",
    "Torre Pellice",
    "Perosa Argentina",
    "Sauze d'Oulx",
    "Bardonecchia",
    "Condove",
]
OTHER_BODIES = [
    ("Regione Piemonte", StakeholderKind.PUBLIC_BODY),
    ("Politecnico di Torino", StakeholderKind.UNIVERSITY),
    ("Università degli Studi di Torino", StakeholderKind.UNIVERSITY),
    ("Camera di commercio di Torino", StakeholderKind.PUBLIC_BODY),
    ("ASL TO3", StakeholderKind.PUBLIC_BODY),
    ("GTT - Gruppo Torinese Trasporti", StakeholderKind.COMPANY),
    ("Confartigianato Torino", StakeholderKind.TRADE_ASSOCIATION),
    ("Coldiretti Torino", StakeholderKind.TRADE_ASSOCIATION),
    ("Unione Industriali Torino", StakeholderKind.TRADE_ASSOCIATION),
    ("Compagnia di San Paolo", StakeholderKind.THIRD_SECTOR),
    ("Legambiente Piemonte", StakeholderKind.THIRD_SECTOR),
    ("Unione Montana Valli di Lanzo", StakeholderKind.PUBLIC_BODY),
    ("Ente di gestione delle aree protette delle Alpi Cozie", StakeholderKind.PUBLIC_BODY),
]
# (name, unit, direction, baseline, target): about two of these measure each action.
INDICATORS = [
    ("Imprese coinvolte", "imprese", Direction.HIGHER, 0, 120),
    ("Comuni aderenti", "comuni", Direction.HIGHER, 5, 60),
    ("Persone raggiunte", "persone", Direction.HIGHER, 200, 5000),
    ("Emissioni di CO2 evitate", "t", Direction.HIGHER, 0, 900),
    ("Tempo medio di risposta", "giorni", Direction.LOWER, 45, 20),
    ("Consumi energetici", "MWh", Direction.LOWER, 1200, 800),
    ("Spesa rendicontata", "%", Direction.HIGHER, 0, 100),
]
MILESTONES = [
    "Approvazione del progetto di fattibilità",
    "Pubblicazione del bando",
    "Aggiudicazione della gara",
    "Avvio dei lavori",
    "Stato di avanzamento intermedio",
    "Collaudo",
    "Rendicontazione delle spese",
    "Tavolo di coordinamento con i Comuni",
]


def _sentence(rng: random.Random) -> str:
    parts = [f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"]
    for _ in range(rng.randint(1, 3)):
        parts.append(rng.choice(PURPOSES))
    return ", ".join(parts)


def _office_fields(rng: random.Random) -> dict[str, Any]:
    """CUP (a few shared by several actions), PNRR measure, DUP objective and competence."""
    cup = None
    if rng.random() < 0.4:
        cup = f"J{rng.randint(10, 19)}B{rng.randint(18, 24)}{rng.randint(0, 40):09d}"
    pnrr = None
    if rng.random() < 0.3:
        measure = f"{rng.choice('IR')}{rng.randint(1, 4)}.{rng.randint(1, 3)}"
        pnrr = f"M{rng.randint(1, 6)}C{rng.randint(1, 4)} {measure}"
    return {
        "cup": cup,
        "pnrr": pnrr,
        "dup_objective": rng.choice([None, None, f"SeO {rng.randint(1, 9)}.{rng.randint(1, 5)}"]),
        "competence": rng.choice([None, Competence.DIRECT, Competence.COORDINATION]),
    }


def build_demo(path: Path, n_actions: int, *, seed: int = 2024) -> dict[str, int]:
    """Create `path` with the plan's axes and zones and N synthetic actions."""
    rng = random.Random(seed)
    today = dt.date.today()
    counts: dict[str, int] = {}

    def populate(session: Session) -> None:
        data = read_seed()
        for axis in data["axes"]:
            axis["strategies"] = []
        seed_plan(session, data)
        counts.update(_fill(session, rng, n_actions, today))

    # One transaction with the schema: interrupted, it leaves no schema-only database.
    create_database(path, seed=False, populate=populate).close()
    return counts


def _fill(session: Session, rng: random.Random, n_actions: int, today: dt.date) -> dict[str, int]:
    axes = session.execute(select(Axis.id, Axis.number).order_by(Axis.number)).all()
    zone_ids = list(session.scalars(select(Zone.id).order_by(Zone.position)))
    strategies: list[dict[str, Any]] = []
    for axis_id, number in axes:
        for pos in range(1, rng.randint(4, 6) + 1):
            strategies.append(
                {
                    "axis_id": axis_id,
                    "code": f"{number}.{pos}",
                    "position": pos,
                    "title": f"{rng.choice(STRATEGY_TOPICS)} ({number}.{pos})",
                    "description": _sentence(rng) + ".",
                    "version": 1,
                }
            )
    session.execute(insert(Strategy), strategies)
    strategy_ids = session.execute(select(Strategy.id, Strategy.code).order_by(Strategy.id)).all()

    stakeholders: list[dict[str, Any]] = []
    n_stakeholders = max(30, min(2000, n_actions // 5))
    for i in range(n_stakeholders):
        if i < len(OTHER_BODIES):
            name, kind = OTHER_BODIES[i]
        elif i - len(OTHER_BODIES) < len(COMUNI):
            name, kind = f"Comune di {COMUNI[i - len(OTHER_BODIES)]}", StakeholderKind.MUNICIPALITY
        else:
            name = f"{rng.choice(['Cooperativa', 'Associazione', 'Consorzio', 'Impresa'])} {i:04d}"
            kind = rng.choice(list(StakeholderKind))
        slug = "".join(c for c in name.lower() if c.isalnum())[:20]
        stakeholders.append(
            {
                "name": name,
                "kind": kind,
                "zone_id": rng.choice(zone_ids),
                "contact_person": f"{rng.choice(['Anna', 'Marco', 'Giulia', 'Luca', 'Elena'])} "
                f"{rng.choice(['Rossi', 'Bianchi', 'Ferrero', 'Gallo', 'Bruno'])}",
                "email": f"info@{slug}.it",
                "phone": f"011 {rng.randint(1000000, 9999999)}",
                "notes": "",
                "version": 1,
            }
        )
    session.execute(insert(Stakeholder), stakeholders)
    stakeholder_ids = list(session.scalars(select(Stakeholder.id)))

    # Spread actions over strategies round-robin, so every axis gets its share.
    per_strategy: dict[int, int] = {}
    actions: list[dict[str, Any]] = []
    statuses = (
        [Status.NOT_STARTED] * 3
        + [Status.IN_PROGRESS] * 5
        + [Status.COMPLETED, Status.COMPLETED, Status.SUSPENDED, Status.CANCELLED]
    )
    for i in range(n_actions):
        strategy_id, code = strategy_ids[i % len(strategy_ids)]
        pos = per_strategy[strategy_id] = per_strategy.get(strategy_id, 0) + 1
        status = rng.choice(statuses)
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        end = start + dt.timedelta(days=rng.randint(90, 1000))
        progress = {Status.NOT_STARTED: 0, Status.COMPLETED: 100}.get(status, rng.randint(5, 95))
        actions.append(
            {
                "strategy_id": strategy_id,
                "code": f"{code}.{pos}",
                "position": pos,
                "text": _sentence(rng),
                "short_title": None,
                "status": status,
                "progress": progress,
                "priority": rng.choice(list(Priority)),
                "start_date": start,
                "end_date": end,
                "budget": Decimal(rng.randint(10, 5000) * 1000),
                "funding_source": rng.choice(list(FundingSource)),
                "notes": rng.choice(["", "", "Da verificare con i Comuni della zona."]),
                "updated_at": dt.datetime.now(),
                "version": 1,
            }
        )
    office = random.Random(f"office-{n_actions}")  # its own generator, as `measures` below
    for action in actions:
        action.update(_office_fields(office))
    session.execute(insert(Action), actions)
    action_ids = list(session.scalars(select(Action.id).order_by(Action.id)))
    axis_ids = [a for a, _ in axes]

    assignments: list[dict[str, Any]] = []
    deadlines: list[dict[str, Any]] = []
    sectors: list[dict[str, Any]] = []
    zones: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    goals: list[dict[str, Any]] = []
    # Their own generator, so the rest of the demo stays what it was before indicators.
    measures = random.Random(n_actions)
    for action_id, action in zip(action_ids, actions, strict=True):
        chosen = rng.sample(stakeholder_ids, rng.randint(1, 5))
        for k, sid in enumerate(chosen):
            role = Role.LEAD if k == 0 else rng.choice([Role.PARTNER, Role.INVOLVED, Role.INFORMED])
            assignments.append(
                {"action_id": action_id, "stakeholder_id": sid, "role": role, "version": 1}
            )
        for _ in range(rng.randint(0, 3)):
            due = action["start_date"] + dt.timedelta(days=rng.randint(30, 900))
            done = due if due < today and rng.random() < 0.6 else None
            deadlines.append(
                {
                    "action_id": action_id,
                    "title": rng.choice(MILESTONES),
                    "due_date": due,
                    "completed_on": done,
                    "stakeholder_id": chosen[0],
                    "notes": "",
                    "version": 1,
                }
            )
        for sector in rng.sample(list(Sector), rng.randint(1, 3)):
            sectors.append({"action_id": action_id, "sector": sector})
        for zone_id in rng.sample(zone_ids, rng.randint(1, 4)):
            zones.append({"action_id": action_id, "zone_id": zone_id})
        for axis_id in rng.sample(axis_ids, rng.randint(0, 2)):
            links.append({"action_id": action_id, "axis_id": axis_id})
        for goal in office.sample(range(1, 18), office.choice([0, 0, 1, 2, 3])):
            goals.append({"action_id": action_id, "goal": goal})
        chosen_measures = measures.sample(INDICATORS, measures.randint(1, 3))
        for name, unit, direction, baseline, target in chosen_measures:
            indicators.append(
                {
                    "action_id": action_id,
                    "name": name,
                    "unit": unit,
                    "direction": direction,
                    "baseline_value": Decimal(baseline),
                    "baseline_date": action["start_date"],
                    "target_value": Decimal(target),
                    "target_date": action["end_date"],
                    "source": "Rilevazione dell'ufficio",
                    "frequency": "semestrale",
                    "version": 1,
                }
            )
    for model, rows in (
        (Assignment, assignments),
        (Deadline, deadlines),
        (ActionSector, sectors),
        (ActionZone, zones),
        (ActionAxisLink, links),
        (ActionSdg, goals),
        (Indicator, indicators),
    ):
        if rows:
            session.execute(insert(model), rows)
    return {
        "actions": len(actions),
        "strategies": len(strategies),
        "stakeholders": len(stakeholders),
        "assignments": len(assignments),
        "deadlines": len(deadlines),
        "indicators": len(indicators),
    }
