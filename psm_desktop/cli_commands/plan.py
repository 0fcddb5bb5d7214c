"""`plan`: the plan's structure from the command line: `export`, `import`, `import-text`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from psm_desktop.cli_commands.argparse_it import ItalianArgumentParser
from psm_desktop.cli_commands.common import Subparsers, add_db_argument, open_db, services_for
from psm_desktop.services import Services

EXIT_REMOVALS_PENDING = 1


def register(sub: Subparsers) -> None:
    plan = sub.add_parser(
        "plan",
        help="struttura del piano: esporta e importa la struttura, importa il testo di un asse",
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
    _add_import_options(p, "dal testo")
    p.set_defaults(func=cmd_import_text)
    p = commands.add_parser(
        "export",
        help="scrive la struttura del piano in una cartella di lavoro Excel",
        description="Scrive i dati del piano, gli assi, le strategie, le azioni (codice, testo, "
        "titolo breve) e i collegamenti tra gli assi in una cartella di lavoro .xlsx che si può "
        "modificare e reimportare con «plan import» o usare con «init --from».",
    )
    add_db_argument(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    p.set_defaults(func=cmd_export)
    p = commands.add_parser(
        "import",
        help="aggiorna la struttura del piano da una cartella di lavoro scritta da «plan export»",
        description="Legge una cartella di lavoro della struttura, mostra le differenze con il "
        "piano (elementi nuovi, modificati parola per parola, mancanti) e le applica in "
        "un'unica transazione; un file con errori non cambia nulla. Le azioni esistenti "
        "mantengono stato, avanzamento, assegnazioni, scadenze e cronologia. Gli elementi "
        "assenti dal file NON vengono eliminati senza --apply-removals (codice di uscita 1).",
    )
    add_db_argument(p)
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    _add_import_options(p, "dal file")
    p.set_defaults(func=cmd_import)


def _add_import_options(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--dry-run", action="store_true", help="mostra le differenze senza scrivere nulla"
    )
    p.add_argument(
        "--apply-removals",
        action="store_true",
        help=f"elimina davvero gli elementi assenti {what} (senza questa opzione sono solo "
        "elencati)",
    )


def cmd_import_text(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.plan_text import (
        apply_text_import,
        prepare_text_import,
        preview_lines,
    )

    return _run_import(
        args,
        lambda services: prepare_text_import(services, args.file),
        lambda preview, hint: preview_lines(preview, removals_hint=hint),
        lambda services, preview: apply_text_import(
            services, preview, apply_removals=args.apply_removals
        ),
        "dal testo",
    )


def cmd_import(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.structure import (
        apply_structure_import,
        prepare_structure_import,
        structure_lines,
    )

    return _run_import(
        args,
        lambda services: prepare_structure_import(services, args.file),
        lambda preview, hint: structure_lines(preview, removals_hint=hint),
        lambda services, preview: apply_structure_import(
            services, preview, apply_removals=args.apply_removals
        ),
        "dal file",
    )


def cmd_export(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.structure import export_structure
    from psm_desktop.formatting import plural

    db = open_db(args, create=False, write=False)
    try:
        result = export_structure(services_for(db), args.output)
    finally:
        db.close()
    print(
        f"Scritta la struttura del piano in {result.path}: "
        f"{plural(result.axes, 'asse', 'assi')}, "
        f"{plural(result.strategies, 'strategia', 'strategie')}, "
        f"{plural(result.actions, 'azione', 'azioni')}, "
        f"{plural(result.links, 'collegamento', 'collegamenti')} tra gli assi."
    )
    return 0


def _run_import(
    args: argparse.Namespace,
    prepare: Callable[[Services], Any],
    lines: Callable[[Any, str], list[str]],
    apply: Callable[[Services, Any], Any],
    where: str,
) -> int:
    """Print the preview, apply it unless --dry-run; exit 1 when removals stay pending."""
    from psm_desktop.formatting import plural

    db = open_db(args, create=False)
    try:
        services = services_for(db)
        preview = prepare(services)
        pending = bool(preview.missing) and not args.apply_removals
        hint = "(non eliminati: usa --apply-removals per eliminarli)" if pending else ""
        print("\n".join(lines(preview, hint)))
        if preview.is_noop:
            return 0
        if args.dry_run:
            print("\nProva (--dry-run): non è stato scritto nulla.")
        else:
            result = apply(services, preview)
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
            f"\n{what} {where} {remained} nel piano: rilancia con --apply-removals per {them}.",
            file=sys.stderr,
        )
        return EXIT_REMOVALS_PENDING
    return 0
