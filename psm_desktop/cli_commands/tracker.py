"""`export-tracker` and `import-tracker` (see psm_desktop.exchange.tracker)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psm_desktop.cli_commands.common import Subparsers, add_db_argument, open_db, services_for
from psm_desktop.errors import UserError
from psm_desktop.formatting import plural

EXIT_CONFLICTS = 1


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "export-tracker",
        help="esporta un tracker Excel da compilare (tutto il piano, un asse, una strategia "
        "o le azioni di un soggetto)",
    )
    add_db_argument(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--axis", type=int, metavar="N", help="solo le azioni dell'asse N")
    scope.add_argument("--strategy", metavar="CODICE", help="solo la strategia CODICE (es. 1.2)")
    scope.add_argument("--stakeholder", metavar="NOME", help="solo le azioni di questo soggetto")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-tracker",
        help="importa un tracker Excel compilato: mostra le modifiche e le applica",
        description="Confronta il tracker con il database (fusione a tre vie rispetto ai valori "
        "esportati) e applica le modifiche in un'unica transazione. Le righe tolte dal tracker "
        "(scadenze, assegnazioni) NON vengono eliminate se non si usa --apply-removals. "
        "I conflitti (stesso campo cambiato nel tracker e nel database) vanno risolti con "
        "--theirs o --ours, altrimenti non viene scritto nulla.",
    )
    add_db_argument(p)
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p.add_argument(
        "--dry-run", action="store_true", help="mostra le modifiche senza scrivere nulla"
    )
    side = p.add_mutually_exclusive_group()
    side.add_argument(
        "--theirs", action="store_true", help="nei conflitti usa il valore del tracker"
    )
    side.add_argument(
        "--ours", action="store_true", help="nei conflitti mantieni il valore del database"
    )
    p.add_argument(
        "--apply-removals",
        action="store_true",
        help="elimina davvero le scadenze e le assegnazioni tolte dal tracker "
        "(senza questa opzione sono solo elencate)",
    )
    p.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.tracker.export import export_tracker
    from psm_desktop.exchange.tracker.scope import Scope

    if args.axis is not None:
        scope = Scope.axis(args.axis)
    elif args.strategy:
        scope = Scope.strategy(args.strategy)
    elif args.stakeholder:
        scope = Scope.stakeholder(args.stakeholder)
    else:
        scope = Scope()
    target: Path = args.output
    if target.suffix.lower() != ".xlsx":
        raise UserError(f"il file di destinazione deve avere estensione .xlsx: {target}")
    db = open_db(args, create=False, write=False)
    try:
        result = export_tracker(services_for(db), target, scope)
    finally:
        db.close()
    print(f"Esportato {target} ({scope.label}): {result.counts()}.")
    for warning in result.warnings:
        print(f"Avviso: {warning}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.tracker.plan import Resolution, preview_lines, summary
    from psm_desktop.exchange.tracker.service import apply_plan, prepare_import

    db = open_db(args, create=False)
    try:
        services = services_for(db)
        plan = prepare_import(services, args.file)
        if args.theirs:
            plan.resolve_all(Resolution.THEIRS)
        elif args.ours:
            plan.resolve_all(Resolution.OURS)
        plan.select_removals(args.apply_removals)
        hint = "" if args.apply_removals else "(non applicate: usa --apply-removals per eliminarle)"
        print("\n".join(preview_lines(plan, removals_hint=hint)))
        if plan.unresolved:
            print(
                f"\n{plural(len(plan.unresolved), 'conflitto', 'conflitti')} da risolvere: "
                "rilancia con --theirs (usa "
                "il tracker) o --ours (mantieni il database). Non è stato scritto nulla.",
                file=sys.stderr,
            )
            return EXIT_CONFLICTS
        if args.dry_run:
            print(f"\nProva (--dry-run): {summary(plan.to_apply)}; non è stato scritto nulla.")
            return 0
        if not plan.to_apply:
            print("\nNessuna modifica applicata.")
            return 0
        result = apply_plan(services, plan)
    finally:
        db.close()
    print(f"\nImportazione completata: {summary(plan.to_apply)} ({result.applied}).")
    return 0
