"""`campaign` (new, export, import, review, status, list) and `export-ics`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psm_desktop.cli_commands.common import Subparsers, add_db_argument
from psm_desktop.cli_commands.common import call_services as _call
from psm_desktop.cli_commands.common import print_json as _print_json
from psm_desktop.cli_commands.monitoring import iso_date
from psm_desktop.errors import UserError
from psm_desktop.formatting import format_date, plural
from psm_desktop.services import Services
from psm_desktop.services.campaigns import NOTHING

EXIT_REFUSED = 1  # some returned files were refused (the good ones are recorded)


def register(sub: Subparsers) -> None:
    camp = sub.add_parser(
        "campaign", help="campagne di aggiornamento: un tracker per ufficio, rientri, revisione"
    )
    verbs = camp.add_subparsers(dest="verb", metavar="AZIONE", required=True)

    p = verbs.add_parser("new", help="crea una campagna per il periodo aperto")
    add_db_argument(p)
    p.add_argument("--name", required=True, help="nome della campagna")
    p.add_argument("--period", help="periodo raccolto (predefinito: quello aperto)")
    p.add_argument("--due", required=True, type=iso_date, help="data di consegna AAAA-MM-GG")
    p.add_argument("--grace", type=int, default=0, metavar="GIORNI", help="giorni di tolleranza")
    p.add_argument("--instructions", default="", help="breve testo di istruzioni agli uffici")
    p.add_argument(
        "--stakeholder",
        action="append",
        metavar="NOME",
        help="un ufficio coinvolto (ripetibile; predefinito: ogni responsabile o partner)",
    )
    p.set_defaults(func=cmd_new)

    p = verbs.add_parser("export", help="scrive tracker, bozze e-mail e calendari per ufficio")
    add_db_argument(p)
    p.add_argument("name", metavar="NOME")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="CARTELLA")
    p.add_argument("--contact", default="", help="chi contattare, scritto nelle e-mail")
    p.set_defaults(func=cmd_export)

    p = verbs.add_parser("import", help="registra le proposte dei tracker rientrati")
    add_db_argument(p)
    p.add_argument("name", metavar="NOME")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE_O_CARTELLA")
    p.add_argument("--dry-run", action="store_true", help="controlla senza registrare nulla")
    p.set_defaults(func=cmd_import)

    p = verbs.add_parser("review", help="mostra, accetta o respinge le proposte")
    add_db_argument(p)
    p.add_argument("name", metavar="NOME")
    decide = p.add_mutually_exclusive_group()
    decide.add_argument("--accept-all", action="store_true", help="accetta tutte le proposte")
    decide.add_argument("--reject-all", action="store_true", help="respinge tutte le proposte")
    decide.add_argument("--accept", type=int, nargs="+", metavar="N", help="accetta le proposte N")
    decide.add_argument("--reject", type=int, nargs="+", metavar="N", help="respinge le proposte N")
    p.add_argument("--office", metavar="NOME", help="solo le proposte di questo ufficio")
    p.add_argument("--reason", default="", help="motivo del rifiuto")
    p.add_argument(
        "--strict",
        action="store_true",
        help="conflitto anche quando due uffici cambiano campi diversi della stessa azione",
    )
    p.set_defaults(func=cmd_review)

    p = verbs.add_parser("status", help="il quadro dei rientri, ufficio per ufficio")
    add_db_argument(p)
    p.add_argument("name", metavar="NOME")
    p.add_argument("--json", action="store_true", help="stampa un elenco JSON")
    p.set_defaults(func=cmd_status)

    p = verbs.add_parser("remind", help="bozze di sollecito (.eml) per gli uffici in ritardo")
    add_db_argument(p)
    p.add_argument("name", metavar="NOME")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="CARTELLA",
        help="la cartella dell'esportazione: il tracker di ogni ufficio viene riallegato",
    )
    p.add_argument("--contact", default="", help="chi contattare, scritto nelle e-mail")
    p.set_defaults(func=cmd_remind)

    p = verbs.add_parser(
        "report", help="rapporto (.pdf o .xlsx): proposte accettate e respinte, e perché"
    )
    add_db_argument(p)
    p.add_argument("name", metavar="NOME")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf|.xlsx")
    p.set_defaults(func=cmd_report)

    p = verbs.add_parser("list", help="elenca le campagne con il loro stato")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="stampa un elenco JSON")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("export-ics", help="esporta le scadenze del piano in un calendario .ics")
    add_db_argument(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.ics")
    p.add_argument("--stakeholder", metavar="NOME", help="solo le scadenze delle sue azioni")
    p.set_defaults(func=cmd_export_ics)


def cmd_new(args: argparse.Namespace) -> int:
    info = _call(
        args,
        lambda s: s.campaigns.create(
            args.name,
            args.due,
            period=args.period,
            grace_days=args.grace,
            instructions=args.instructions,
            stakeholders=args.stakeholder,
        ),
    )
    print(
        f"Campagna «{info.name}» creata: periodo {info.period}, consegna entro il "
        f"{format_date(info.due_date)}, {plural(info.offices, 'ufficio', 'uffici')}."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.campaigns.export import NO_EMAIL_FILE, export_campaign

    def progress(done: int, total: int, message: str = "") -> None:
        if message.startswith("Ufficio"):
            print(f"\r{message[:70]:<70}", end="", file=sys.stderr, flush=True)

    result = _call(
        args,
        lambda s: export_campaign(
            s, args.name, args.output, contact=args.contact, progress=progress
        ),
    )
    print(file=sys.stderr)
    drafts = sum(o.draft is not None for o in result.offices)
    print(
        f"Scritti in {result.folder}: {plural(len(result.offices), 'tracker', 'tracker')} "
        f"con il calendario delle scadenze, {plural(drafts, 'bozza', 'bozze')} di e-mail."
    )
    if result.without_email:
        print(
            f"Senza indirizzo e-mail ({len(result.without_email)}, elenco in «{NO_EMAIL_FILE}»): "
            + ", ".join(result.without_email)
        )
    for line in result.skipped:
        print(f"Non esportato: {line}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.campaigns.returns import import_returns

    report = _call(args, lambda s: import_returns(s, args.name, args.files, dry_run=args.dry_run))
    for r in report.recorded:
        verb = (
            "da registrare" if args.dry_run else ("registrata" if r.recorded == 1 else "registrate")
        )
        print(f"{r.file_name}: {r.office}, {plural(r.recorded, 'proposta', 'proposte')} {verb}")
    for w in report.warnings:
        print(f"Avviso: {w}")
    if report.refused:
        print(f"File non importati ({len(report.refused)}):")
        for name, why in report.refused:
            print(f"  - {name}: {why}")
    if args.dry_run:
        print("Prova: non è stato registrato nulla.")
    print("Le proposte non modificano il piano finché non vengono accettate (campaign review).")
    return EXIT_REFUSED if report.refused else 0


def cmd_review(args: argparse.Namespace) -> int:
    def work(s: Services) -> str:
        c = s.campaigns
        if args.accept_all or args.reject_all:
            waiting = {x.id for x in c.changes(args.name, state="proposta")}
            n = c.decide_all(
                args.name,
                accept=args.accept_all,
                office=args.office,
                reason=args.reason,
                strict=args.strict,
            )
            return _decided(n, accepted=args.accept_all) + _idle(s, args.name, waiting)
        if args.accept:
            waiting = {x.id for x in c.changes(args.name, state="proposta")}
            n = c.accept(args.name, args.accept)
            return _decided(n, accepted=True) + _idle(s, args.name, waiting)
        if args.reject:
            return _decided(c.reject(args.name, args.reject, args.reason), accepted=False)
        return "\n".join(_review_lines(s, args))

    print(
        _call(
            args, work, write=bool(args.accept_all or args.reject_all or args.accept or args.reject)
        )
    )
    return 0


def _decided(n: int, *, accepted: bool) -> str:
    """'1 proposta accettata', '3 proposte respinte'."""
    if n == 1:
        return f"1 proposta {'accettata' if accepted else 'respinta'}."
    return f"{n} proposte {'accettate' if accepted else 'respinte'}."


def _idle(s: Services, name: str, waiting: set[int]) -> str:
    """The proposals just accepted that had nothing to do (the same row already done)."""
    lines = [
        f"\n  [{c.id}] {c.office}, {c.entity} {c.label} — {c.field_label}: {c.reason}"
        for c in s.campaigns.changes(name, state="accettata")
        if c.id in waiting and c.reason.startswith(NOTHING)
    ]
    return "".join(lines)


def _review_lines(s: Services, args: argparse.Namespace) -> list[str]:
    pending = s.campaigns.changes(args.name, office=args.office, state="proposta")
    if not pending:
        return ["Nessuna proposta da esaminare."]
    lines = [f"Proposte da esaminare: {len(pending)}"]
    office = ""
    for c in pending:
        if c.office != office:
            office = c.office
            lines.append(f"\n{office} ({c.source_file})")
        lines.append(
            f"  [{c.id}] {c.entity} {c.label} — {c.field_label}: "
            f"«{c.shown_base}» → «{c.shown_proposed}»"
        )
    clashes = s.campaigns.conflicts(args.name, strict=args.strict)
    if clashes:
        lines.append(f"\nConflitti tra uffici: {len(clashes)}")
        for k in clashes:
            ids = ", ".join(str(c.id) for c in k.changes)
            lines.append(f"  {k.describe()}  [proposte {ids}]")
    return lines


def cmd_status(args: argparse.Namespace) -> int:
    rows = _call(args, lambda s: s.campaigns.board(args.name), write=False)
    if args.json:
        _print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        returned = r.returned_at.strftime("%d/%m/%Y %H:%M") if r.returned_at else "—"
        print(
            f"{r.office[:40]:<40} {r.state:<11} rientro {returned:<16} "
            f"proposte {r.proposed}, accettate {r.accepted}, respinte {r.rejected}"
        )
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.campaigns.reminders import write_reminders

    result = _call(
        args,
        lambda s: write_reminders(s, args.name, args.output, contact=args.contact),
        write=False,
    )
    print(
        f"{plural(len(result.drafts), 'sollecito scritto', 'solleciti scritti')} in {args.output}."
    )
    if result.without_email:
        print("Uffici in ritardo senza indirizzo e-mail: " + ", ".join(result.without_email))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.campaigns.report import write_any_report

    path = _call(args, lambda s: write_any_report(s, args.name, args.output), write=False)
    print(f"Rapporto della campagna scritto: {path}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    rows = _call(args, lambda s: s.campaigns.list_campaigns(), write=False)
    if args.json:
        _print_json(
            [
                {
                    "name": c.name,
                    "period": c.period,
                    "due": c.due_date.isoformat(),
                    "grace_days": c.grace_days,
                    "offices": c.offices,
                    "returned": c.returned,
                    "validated": c.validated,
                    "state": c.state,
                }
                for c in rows
            ]
        )
        return 0
    if not rows:
        print("Nessuna campagna.")
    for c in rows:
        print(
            f"{c.name:<30} {c.period:<12} entro il {format_date(c.due_date)}  {c.state:<8} "
            f"rientrati {c.returned}/{c.offices}, validati {c.validated}"
        )
    return 0


def cmd_export_ics(args: argparse.Namespace) -> int:
    from psm_desktop.exchange.campaigns.calendar import deadline_events, write_calendar
    from psm_desktop.exchange.tracker.scope import Scope, action_ids

    def work(s: Services) -> int:
        deadlines = s.deadlines.list_deadlines()
        name = "Scadenze del Piano strategico"
        if args.stakeholder:
            ids = set(action_ids(s, Scope.stakeholder(args.stakeholder)))
            deadlines = [d for d in deadlines if d.action_id in ids]
            name += f" — {args.stakeholder}"
        events = deadline_events(s.plan.plan().database_id, deadlines)
        if not events:
            raise UserError("Nessuna scadenza aperta da esportare.")
        write_calendar(args.output, name, events)
        return len(events)

    n = _call(args, work, write=False)
    print(f"Calendario scritto: {args.output} ({plural(n, 'scadenza', 'scadenze')}).")
    return 0
