"""`export-pdf`: axis sheet, action sheets, deadlines report (see psm_desktop.exchange.pdf).

reportlab is imported only when the command runs, never when the CLI starts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psm_desktop.cli_commands.common import Subparsers, add_db_argument, open_db, services_for
from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.requests import (
    DEFAULT_WITHIN_DAYS,
    ActionSheets,
    AxisSheet,
    DeadlinesReport,
    MonitoringReport,
    PdfRequest,
)
from psm_desktop.exchange.pdf.theme import theme_path
from psm_desktop.formatting import plural
from psm_desktop.model import Status
from psm_desktop.services import Services

USAGE_HINT = (
    "indica un documento: --axis N (scheda dell'asse), --action CODICE (una scheda), "
    "--actions (più schede), --deadlines (report delle scadenze) oppure --monitoring PERIODO "
    "(resoconto di monitoraggio)"
)


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "export-pdf",
        help="crea le schede PDF: dell'asse, delle azioni, il report delle scadenze, "
        "il resoconto di monitoraggio",
        description="Crea un documento PDF pronto da pubblicare. Scegli uno fra --axis N, "
        "--action CODICE, --actions [--axis N | --stakeholder NOME | --status STATO] e "
        "--deadlines [--within GIORNI | --all] [--stakeholder NOME] e --monitoring PERIODO.",
        epilog=f"Aspetto dei documenti (colori, caratteri, ente, logo, etichette): "
        f"{theme_path()} — vedi il README nella stessa cartella.",
    )
    add_db_argument(p)
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="file PDF da creare"
    )
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--action", metavar="CODICE", help="la scheda di una azione, es. 1.2.3")
    kind.add_argument("--actions", action="store_true", help="una scheda per ogni azione scelta")
    kind.add_argument(
        "--deadlines", action="store_true", help="il report delle scadenze, superate per prime"
    )
    kind.add_argument(
        "--monitoring",
        metavar="PERIODO",
        help="il resoconto di monitoraggio del periodo (dall'istantanea, se è chiuso)",
    )
    p.add_argument(
        "--axis",
        type=int,
        metavar="N",
        help="da sola: la scheda dell'asse N; con --actions: le azioni dell'asse N",
    )
    p.add_argument(
        "--stakeholder",
        metavar="NOME",
        help="con --actions o --deadlines: solo le azioni o le scadenze di questo soggetto",
    )
    p.add_argument(
        "--status",
        metavar="STATO",
        help="con --actions: solo le azioni in questo stato ("
        + ", ".join(s.label for s in Status)
        + ")",
    )
    p.add_argument(
        "--within",
        type=int,
        metavar="GIORNI",
        help="con --deadlines: le scadenze superate e quelle entro GIORNI giorni "
        f"(predefinito: {DEFAULT_WITHIN_DAYS})",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="con --deadlines: tutte le scadenze aperte, anche le più lontane",
    )
    p.add_argument("--theme", type=Path, metavar="FILE", help="un altro modello pdf-theme.toml")
    p.set_defaults(func=cmd_export_pdf)


def cmd_export_pdf(args: argparse.Namespace) -> int:
    check_options(args)
    from psm_desktop.exchange.pdf.documents import export_pdf  # imports reportlab
    from psm_desktop.exchange.pdf.theme import load_theme

    theme = load_theme(args.theme)
    db = open_db(args, create=False, write=False)
    try:
        services = services_for(db)
        request = build_request(services, args)
        result = export_pdf(services, request, args.output, theme=theme)
    finally:
        db.close()
    noun = (
        ("scadenza", "scadenze") if isinstance(request, DeadlinesReport) else ("azione", "azioni")
    )
    print(
        f"Creato {result.path}: «{result.title}», {_count(result.pages, ('pagina', 'pagine'))}, "
        f"{_count(result.items, noun)}."
    )
    if result.warnings:  # the file is made; what will not print as typed is said on stderr
        print("Attenzione: " + "\n".join(result.warnings), file=sys.stderr)
    return 0


def _count(n: int, words: tuple[str, str]) -> str:
    return f"{n} {words[0] if n == 1 else words[1]}"


def check_options(args: argparse.Namespace) -> None:
    """Refuse combinations that make no sense, before opening anything."""
    used = {
        name: getattr(args, name) is not None
        for name in ("axis", "stakeholder", "status", "within")
    }
    used["all"] = bool(args.all)
    if args.action is not None:
        _only(used, (), "--action")
    elif args.actions:
        _only(used, ("axis", "stakeholder", "status"), "--actions")
        chosen = [f"--{n}" for n in ("axis", "stakeholder", "status") if used[n]]
        if len(chosen) > 1:
            raise UserError(
                "con --actions usa al massimo un filtro fra --axis, --stakeholder e --status "
                f"(indicati: {', '.join(chosen)})"
            )
    elif args.monitoring is not None:
        _only(used, (), "--monitoring")
    elif args.deadlines:
        _only(used, ("within", "stakeholder", "all"), "--deadlines")
        if used["within"] and used["all"]:
            raise UserError("usa --within oppure --all, non entrambi")
        if args.within is not None and args.within < 0:
            raise UserError("--within vuole un numero di giorni maggiore o uguale a zero")
    elif used["axis"]:
        _only(used, ("axis",), "--axis")
    else:
        raise UserError(USAGE_HINT)
    if args.output.suffix.lower() != ".pdf":
        raise UserError(f"il file di uscita {args.output} deve avere l'estensione .pdf")


def _only(used: dict[str, bool], allowed: tuple[str, ...], kind: str) -> None:
    extra = [f"--{name}" for name, present in used.items() if present and name not in allowed]
    if extra:
        raise UserError(f"{', '.join(extra)} non si può usare con {kind}")


def build_request(services: Services, args: argparse.Namespace) -> PdfRequest:
    if args.monitoring is not None:
        return MonitoringReport(period=services.periods.get(args.monitoring).name)
    if args.action is not None:
        return ActionSheets(action_ids=(services.actions.get_by_code(args.action).id,))
    stakeholder_id = (
        find_stakeholder(services, args.stakeholder) if args.stakeholder is not None else None
    )
    if args.actions:
        return ActionSheets(
            axis=_axis(services, args.axis) if args.axis is not None else None,
            stakeholder_id=stakeholder_id,
            status=parse_status(args.status) if args.status is not None else None,
        )
    if args.deadlines:
        within = args.within if args.within is not None else DEFAULT_WITHIN_DAYS
        return DeadlinesReport(
            within_days=None if args.all else within, stakeholder_id=stakeholder_id
        )
    return AxisSheet(axis=_axis(services, args.axis))


def _axis(services: Services, number: int) -> int:
    return services.plan.axis(number).number  # NotFoundError names the missing axis


def parse_status(text: str) -> Status:
    try:
        return Status.parse(text)
    except ValueError:
        allowed = ", ".join(s.label for s in Status)
        raise UserError(f"stato '{text}' non valido; valori ammessi: {allowed}") from None


def find_stakeholder(services: Services, name: str) -> int:
    """The stakeholder with this name, or the only one whose name contains it."""
    exact = services.stakeholders.find_by_name(name)
    if exact is not None:
        return exact.id
    found = services.stakeholders.search(name)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise UserError(f"nessun soggetto si chiama «{name}»")
    names = "; ".join(s.name for s in found[:5]) + ("; …" if len(found) > 5 else "")
    raise UserError(
        f"«{name}» indica {plural(len(found), 'soggetto', 'soggetti')} ({names}): "
        "scrivi il nome completo"
    )
