"""`plan`: the plan's structure from the command line (`plan import-text` for now)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psm_desktop.cli_commands.argparse_it import ItalianArgumentParser
from psm_desktop.cli_commands.common import Subparsers, add_db_argument, open_db, services_for

EXIT_REMOVALS_PENDING = 1


def register(sub: Subparsers) -> None:
    plan = sub.add_parser(
        "plan",
        help="struttura del piano: importa il testo di un asse",
        description="Operazioni sulla struttura del piano (assi, strategie, azioni).",
    )
    commands = plan.add_subparsers(
        dest="plan_command", metavar="OPERAZIONE", parser_class=ItalianArgumentParser
    )
    commands.required = True
    p = commands.add_parser(
        "import-text",
        help="crea o aggiorna un asse dal testo della sua pagina sul sito del piano",
        description="Legge il testo di una pagina di asse (copiato dal sito in un file di testo: "
        "«Asse N - titolo», la descrizione, poi «Strategia N.M - titolo», la sua descrizione e "
        "le righe «Azione N.M.K - testo»), mostra le differenze con il piano e le applica in "
        "un'unica transazione. Le azioni esistenti mantengono stato, avanzamento, assegnazioni, "
        "scadenze e cronologia. Strategie e azioni assenti dal testo NON vengono eliminate "
        "senza --apply-removals (codice di uscita 1).",
    )
    add_db_argument(p)
    p.add_argument("file", type=Path, metavar="FILE.txt")
    p.add_argument(
        "--dry-run", action="store_true", help="mostra le differenze senza scrivere nulla"
    )
    p.add_argument(
        "--apply-removals",
        action="store_true",
        help="elimina davvero le strategie e le azioni assenti dal testo "
        "(senza questa opzione sono solo elencate)",
    )
    p.set_defaults(func=cmd_import_text)


def cmd_import_text(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.plan_text import (
        apply_text_import,
        prepare_text_import,
        preview_lines,
    )
    from psm_desktop.formatting import plural

    db = open_db(args, create=False)
    try:
        services = services_for(db)
        preview = prepare_text_import(services, args.file)
        pending = bool(preview.missing) and not args.apply_removals
        hint = "(non eliminati: usa --apply-removals per eliminarli)" if pending else ""
        print("\n".join(preview_lines(preview, removals_hint=hint)))
        if preview.is_noop:
            return 0
        if args.dry_run:
            print("\nProva (--dry-run): non è stato scritto nulla.")
        else:
            result = apply_text_import(services, preview, apply_removals=args.apply_removals)
            print(
                f"\nImportazione completata: {plural(result.created, 'nuovo', 'nuovi')}, "
                f"{plural(result.updated, 'modificato', 'modificati')}, "
                f"{plural(result.removed, 'eliminato', 'eliminati')}."
            )
    finally:
        db.close()
    if pending:
        missing = len(preview.missing)
        what = plural(missing, "elemento assente", "elementi assenti")
        remained = plural(missing, "è rimasto", "sono rimasti", number=False)
        them = plural(missing, "eliminarlo", "eliminarli", number=False)
        print(
            f"\n{what} dal testo {remained} nel piano: rilancia con --apply-removals per {them}.",
            file=sys.stderr,
        )
        return EXIT_REMOVALS_PENDING
    return 0
