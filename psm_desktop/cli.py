"""Command line: every headless command, and the GUI when no command is given.

Nothing here imports PySide6 (nor openpyxl or reportlab) at module level, so headless
commands start fast and run on machines with no display.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from psm_desktop import __version__
from psm_desktop.cli_commands import core, pdf, tracker
from psm_desktop.cli_commands.argparse_it import EXIT_USER_ERROR, ItalianArgumentParser
from psm_desktop.errors import UserError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = ItalianArgumentParser(
        prog="psm-desktop",
        description="PSM Desktop: gestione offline delle azioni del Piano Strategico "
        "Metropolitano. Senza comando apre l'applicazione.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"psm-desktop {__version__}",
        help="mostra la versione ed esce",
    )
    parser.add_argument(
        "--db",
        type=Path,
        help="file del database (predefinito: PSM_DESKTOP_DB o la cartella dati dell'utente)",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMANDO", parser_class=ItalianArgumentParser
    )
    core.register(sub)
    tracker.register(sub)
    pdf.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return gui_main_with(args.db)
    try:
        result: int = args.func(args)
        return result
    except UserError as exc:
        print(f"Errore: {exc.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except KeyboardInterrupt:
        print("Interrotto.", file=sys.stderr)
        return 130


def gui_main_with(db: Path | None) -> int:
    from psm_desktop.app import run  # imports Qt: only when the window is wanted

    return run(db)


def gui_main() -> int:
    """Entry point of the gui-scripts launcher (desktop shortcuts, no console on Windows)."""
    args = build_parser().parse_args()
    return gui_main_with(args.db)


if __name__ == "__main__":
    raise SystemExit(main())
