"""Command line: every headless command, and the GUI when no command is given.

Nothing here imports PySide6 (nor openpyxl or reportlab) at module level, so headless
commands start fast and run on machines with no display. The commands (and with them
SQLAlchemy and the services) are imported only when the parser is built: `psm-desktop`
alone, or with just `--db PATH`, goes straight to the window, which paints itself first.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from psm_desktop import __version__
from psm_desktop.errors import EXIT_USER_ERROR, UserError
from psm_desktop.logfile import setup_logging
from psm_desktop.storage.paths import db_location

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    from psm_desktop.cli_commands import (  # see the doc
        argparse_it,
        campaigns,
        core,
        monitoring,
        pdf,
        plan,
        publish,
        restore,
        server,
        tracker,
    )

    parser = argparse_it.ItalianArgumentParser(
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
        type=db_location,
        help="file del database (predefinito: PSM_DESKTOP_DB o la cartella dati dell'utente)",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMANDO", parser_class=argparse_it.ItalianArgumentParser
    )
    core.register(sub)
    tracker.register(sub)
    pdf.register(sub)
    monitoring.register(sub)
    restore.register(sub)
    publish.register(sub)
    plan.register(sub)
    campaigns.register(sub)
    server.register(sub)
    return parser


def window_only(argv: Sequence[str]) -> tuple[bool, Path | str | None]:
    """Whether `argv` asks just for the window (nothing, or only `--db PATH`), and the path.

    Anything else (a command, --help, an abbreviation, a mistake) goes through the full
    parser, which then gives exactly the same answer for these two forms too.
    """
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return True, db_location(argv[1])
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return True, db_location(argv[0][len("--db=") :])
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging()  # details (SQLite, operating system) go to the log, not the terminal
    arguments = list(sys.argv[1:] if argv is None else argv)
    window, db = window_only(arguments)
    if window:
        return gui_main_with(db)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        return gui_main_with(args.db)
    # A writer stopped by a full disk leaves objects (openpyxl's zip file) whose cleanup
    # fails again later: that belongs in the log, not on the user's terminal.
    previous_hook, sys.unraisablehook = sys.unraisablehook, _log_unraisable
    try:
        return _run(args)
    finally:
        sys.unraisablehook = previous_hook


def _run(args: argparse.Namespace) -> int:
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


def _log_unraisable(unraisable: Any) -> None:
    log.info("Errore ignorato in %r", unraisable.object, exc_info=unraisable.exc_value)


def gui_main_with(db: Path | str | None) -> int:
    # Qt only when the window is wanted. SQLAlchemy and the services are not imported
    # before Qt on purpose: the window paints first and imports them after (app.start);
    # importing them here would save ~50 ms of Qt's import hook but delay the first
    # paint by ~270 ms (tests/benchmarks/bench_gui.py).
    from psm_desktop.app import run

    return run(db)


def gui_main() -> int:
    """Entry point of the gui-scripts launcher (desktop shortcuts, no console on Windows)."""
    window, db = window_only(sys.argv[1:])
    if not window:
        db = build_parser().parse_args().db
    return gui_main_with(db)


if __name__ == "__main__":
    raise SystemExit(main())
