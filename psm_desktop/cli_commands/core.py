"""`init`, `actions`, `check` and `demo`: the foundation's headless commands."""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from psm_desktop.cli_commands.common import (
    Subparsers,
    add_db_argument,
    db_path,
    open_db,
    services_for,
)
from psm_desktop.errors import DatabaseError, UserError
from psm_desktop.formatting import format_date, plural
from psm_desktop.model import Status
from psm_desktop.services import ActionFilter
from psm_desktop.services.dto import ActionDetail
from psm_desktop.services.monitoring.state import ActionState
from psm_desktop.services.report_data import ReportDataService
from psm_desktop.storage import migrations, sqlite
from psm_desktop.storage.database import inspect_existing, missing_or_empty

log = logging.getLogger(__name__)


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "init",
        help="crea un nuovo database: il piano PSM 2024-2026, un piano vuoto o uno da file",
        description="Crea un nuovo database (mai sopra un file esistente). Senza opzioni "
        "contiene il piano PSM 2024-2026; con --empty un piano vuoto (--title obbligatorio); "
        "con --from un piano costruito da una cartella di lavoro della struttura (.xlsx, "
        "scritta da «plan export») o dai testi di uno o più assi (.txt). Un file con errori "
        "non lascia alcun database a metà.",
    )
    add_db_argument(p)
    p.add_argument("--empty", action="store_true", help="un piano vuoto, senza assi")
    p.add_argument("--title", default="", metavar="TITOLO", help="il titolo del piano")
    p.add_argument("--issuer", default="", metavar="ENTE", help="l'ente che lo adotta")
    p.add_argument("--period", default="", metavar="PERIODO", help="per esempio 2025-2027")
    p.add_argument(
        "--from",
        dest="sources",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE",
        help="una cartella di lavoro della struttura (.xlsx) o i testi degli assi (.txt)",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("actions", help="elenca le azioni (filtrabili)")
    add_db_argument(p)
    p.add_argument("--axis", type=int, metavar="N", help="solo l'asse N")
    p.add_argument(
        "--status", metavar="STATO", help="solo questo stato: " + ", ".join(s.label for s in Status)
    )
    p.add_argument("--overdue", action="store_true", help="solo le azioni in ritardo")
    p.add_argument("--json", action="store_true", help="stampa un elenco JSON")
    p.add_argument(
        "--period", metavar="NOME", help="le azioni come erano alla chiusura di questo periodo"
    )
    p.set_defaults(func=cmd_actions)

    p = sub.add_parser("check", help="verifica lo schema e l'integrità del database")
    add_db_argument(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("demo", help="crea un piano sintetico di N azioni (prove e benchmark)")
    add_db_argument(p)
    p.add_argument("--actions", type=int, default=1000, metavar="N")
    p.add_argument("--seed", type=int, default=2024, help="seme casuale (riproducibile)")
    p.set_defaults(func=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.new_plan import create_builtin_plan, create_plan
    from psm_desktop.services import SOURCE_CLI

    path = db_path(args)
    named = args.title or args.issuer or args.period
    if not (args.empty or args.sources):
        if named:
            raise UserError("--title, --issuer e --period valgono solo con --empty o --from")
        made = create_builtin_plan(path)
        actions = plural(made.actions, "azione", "azioni")
        print(f"Creato il database {path} con il piano PSM 2024-2026 ({actions}).")
        return 0
    if not args.sources and not args.title.strip():
        raise UserError("indica il titolo del piano vuoto con --title")
    made = create_plan(
        path,
        title=args.title,
        issuer=args.issuer,
        period=args.period,
        sources=args.sources,
        source=SOURCE_CLI,
    )
    print(
        f"Creato il database {path} con il piano «{made.title}» "
        f"({plural(made.axes, 'asse', 'assi')}, "
        f"{plural(made.strategies, 'strategia', 'strategie')}, "
        f"{plural(made.actions, 'azione', 'azioni')})."
    )
    return 0


def cmd_actions(args: argparse.Namespace) -> int:
    status = None
    if args.status:
        try:
            status = Status.parse(args.status)
        except ValueError:
            allowed = ", ".join(s.label for s in Status)
            raise UserError(
                f"stato '{args.status}' non valido; valori ammessi: {allowed}"
            ) from None
    if args.period:
        return _period_actions(args, status)
    db = open_db(args, create=False, write=False)
    try:
        services = services_for(db)
        rows = services.actions.list_actions(
            ActionFilter(
                axis=args.axis,
                statuses=frozenset({status}) if status else None,
                overdue_only=args.overdue,
            )
        )
        details = ReportDataService(db).action_details(r.id for r in rows) if args.json else []
    finally:
        db.close()
    if args.json:
        data: list[dict[str, Any]] = [_action_json(d) for d in details]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(
        f"{'Codice':<10} {'Stato':<12} {'Avanz.':>6}  {'Fine':<10}  "
        f"{'In ritardo':<10}  Responsabile"
    )
    for r in rows:
        print(
            f"{r.code:<10} {r.status.label:<12} {r.progress:>5}%  "
            f"{format_date(r.end_date, '—'):<10}  {'sì' if r.overdue else '':<10}  {r.lead or '—'}"
        )
    print(f"{plural(len(rows), 'azione', 'azioni')}.")
    return 0


def _action_json(row: ActionDetail | ActionState) -> dict[str, Any]:
    """The keys every `actions --json` object has, live or from a period's snapshot.

    Enums are given by their stored value (`competence`: "diretta" or "regia"), money as a
    number, and what a snapshot does not keep as null or an empty list.
    """
    live = row if isinstance(row, ActionDetail) else None
    return {
        "code": row.code,
        "text": row.text,
        "status": row.status.value,
        "progress": row.progress,
        "start_date": row.start_date.isoformat() if row.start_date else None,
        "end_date": row.end_date.isoformat() if row.end_date else None,
        "lead": row.lead,
        "axis": live.axis_number if live else row.axis,  # type: ignore[union-attr]
        "strategy": live.strategy_code if live else row.strategy,  # type: ignore[union-attr]
        "notes": row.notes,
        "budget": float(row.budget) if row.budget is not None else None,
        "funding_source": live.funding_source.value if live and live.funding_source else None,
        "priority": live.priority.value if live and live.priority else None,
        "zones": sorted(live.zones) if live else [],
        "cup": row.cup,
        "pnrr": row.pnrr,
        "dup_objective": row.dup_objective,
        "sdgs": sorted(row.sdgs),
        "competence": row.competence.value if row.competence else None,
    }


def _period_actions(args: argparse.Namespace, status: Status | None) -> int:
    """`actions --period NAME`: a closed period's frozen snapshot (an open one: live data)."""
    db = open_db(args, create=False, write=False)
    try:
        state = services_for(db).periods.state(args.period)
    finally:
        db.close()
    rows = [
        a
        for a in state.actions
        if (args.axis is None or a.axis == args.axis) and (status is None or a.status is status)
    ]
    if args.overdue:
        rows = [
            a
            for a in rows
            if a.end_date and a.end_date < state.reference_date and not a.status.is_closed
        ]
    if args.json:
        data = [
            _action_json(a)
            | {
                "period": state.period,
                "expected_progress": a.expected_progress,
                "health": a.health.value,
            }
            for a in rows
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"Periodo {state.period}: stato al {format_date(state.reference_date)}")
    print(
        f"{'Codice':<10} {'Stato':<12} {'Avanz.':>6}  {'Fine':<10}  {'Andamento':<16} Responsabile"
    )
    for a in rows:
        print(
            f"{a.code:<10} {a.status.label:<12} {a.progress:>5}%  "
            f"{format_date(a.end_date, '—'):<10}  {a.health.label:<16} {a.lead or '—'}"
        )
    print(f"{plural(len(rows), 'azione', 'azioni')}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from psm_desktop.logfile import log_file

    path = db_path(args)
    if sqlite.is_empty_file(path):
        raise missing_or_empty(path)
    revision = inspect_existing(path)  # refuses foreign, corrupt and newer files, read-only
    conn = sqlite.connect_read_only(path)
    try:
        integrity = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(100)")]
        fk_problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    head = migrations.head_revision()
    ok = integrity == ["ok"] and not fk_problems
    print(f"Database: {path}")
    print(
        f"Versione dello schema: {revision}"
        + ("" if revision == head else f" (da aggiornare a {head} all'apertura)")
    )
    if integrity == ["ok"]:
        print("Controllo di integrità: ok")
    else:
        # SQLite's own report is English and one line per damaged row: the log gets it.
        log.warning("Integrity check of %s:\n%s", path, "\n".join(integrity))
        found = plural(len(integrity), "problema", "problemi")
        if len(integrity) >= 100:  # SQLite stops listing at 100
            found = f"{len(integrity)} o più problemi"
        print(f"Controllo di integrità: {found} (i dettagli sono nel registro {log_file()})")
    if fk_problems:
        n_fk = len(fk_problems)
        print(f"Chiavi esterne: {plural(n_fk, 'riferimento non valido', 'riferimenti non validi')}")
        for table, rowid, parent, _ in fk_problems[:20]:
            print(f"  tabella {table}, riga {rowid}: riferimento a {parent} inesistente")
    else:
        print("Chiavi esterne: ok")
    if not ok:
        print("Il database ha dei problemi: ripristina una copia di sicurezza.", file=sys.stderr)
    return 0 if ok else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from psm_desktop.storage.demo import build_demo

    path = db_path(args)
    if args.actions < 1:
        raise UserError("il numero di azioni deve essere almeno 1")
    if not sqlite.is_empty_file(path):
        raise DatabaseError(
            f"Il file {path} esiste già: il piano dimostrativo va in un file nuovo."
        )
    started = time.perf_counter()
    try:
        counts = build_demo(path, args.actions, seed=args.seed)
    except sqlite3.Error as exc:
        log.warning("Demo database %s could not be created: %r", path, exc)
        raise DatabaseError(
            f"Impossibile creare {path}: errore del database (i dettagli sono nel registro)."
        ) from exc
    elapsed = time.perf_counter() - started
    print(
        f"Creato il piano dimostrativo {path}: {plural(counts['actions'], 'azione', 'azioni')}, "
        f"{plural(counts['strategies'], 'strategia', 'strategie')}, "
        f"{plural(counts['stakeholders'], 'soggetto', 'soggetti')}, "
        f"{plural(counts['assignments'], 'assegnazione', 'assegnazioni')}, "
        f"{plural(counts['deadlines'], 'scadenza', 'scadenze')}, "
        f"{plural(counts['indicators'], 'indicatore', 'indicatori')} in {elapsed:.1f} s."
    )
    return 0
