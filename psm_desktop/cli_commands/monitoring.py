"""`period`, `health`, `indicators` and `indicator`: the monitoring cycle from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from psm_desktop.cli_commands.common import Subparsers, add_db_argument, open_db, services_for
from psm_desktop.cli_commands.common import call_services as _call
from psm_desktop.cli_commands.common import print_json as _print_json
from psm_desktop.errors import UserError
from psm_desktop.formatting import format_date
from psm_desktop.model import Direction, PeriodKind
from psm_desktop.services.monitoring.indicators import IndicatorData, format_number, parse_value
from psm_desktop.services.monitoring.summary import HealthReport, HealthSummary


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{text}» non è una data nella forma AAAA-MM-GG (per esempio 2025-06-30)"
        ) from None


def _enum_choice(enum_cls: type[PeriodKind] | type[Direction]) -> Any:
    def parse(text: str) -> Any:
        try:
            return enum_cls.parse(text)
        except ValueError:
            allowed = ", ".join(m.value for m in enum_cls)
            raise argparse.ArgumentTypeError(
                f"«{text}» non valido; valori ammessi: {allowed}"
            ) from None

    return parse


def register(sub: Subparsers) -> None:
    period = sub.add_parser("period", help="periodi di monitoraggio: crea, chiudi, riapri, elenca")
    verbs = period.add_subparsers(dest="verb", metavar="AZIONE", required=True)

    p = verbs.add_parser("add", help="crea il periodo aperto agli aggiornamenti")
    add_db_argument(p)
    p.add_argument("--name", required=True, help="nome del periodo, per esempio 2025-S1")
    p.add_argument("--date", required=True, type=iso_date, help="data di riferimento AAAA-MM-GG")
    p.add_argument(
        "--kind",
        type=_enum_choice(PeriodKind),
        default=PeriodKind.SEMESTER,
        help="mese, trimestre, semestre (predefinito), anno o altro",
    )
    p.set_defaults(func=cmd_period_add)

    p = verbs.add_parser("close", help="chiude il periodo e ne congela l'istantanea")
    add_db_argument(p)
    p.add_argument("name", metavar="NOME")
    p.set_defaults(func=cmd_period_close)

    p = verbs.add_parser("reopen", help="riapre un periodo chiuso (serve il motivo)")
    add_db_argument(p)
    p.add_argument("name", metavar="NOME")
    p.add_argument("--reason", required=True, help="perché si riapre (va nel registro)")
    p.set_defaults(func=cmd_period_reopen)

    p = verbs.add_parser("list", help="elenca i periodi")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="stampa un elenco JSON")
    p.set_defaults(func=cmd_period_list)

    p = sub.add_parser("health", help="andamento calcolato di piano, assi e strategie")
    add_db_argument(p)
    p.add_argument("--period", metavar="NOME", help="un periodo (chiuso: la sua istantanea)")
    p.add_argument("--json", action="store_true", help="stampa un oggetto JSON")
    p.set_defaults(func=cmd_health)

    p = sub.add_parser("indicators", help="elenca gli indicatori con obiettivo e valore")
    add_db_argument(p)
    p.add_argument("--period", metavar="NOME", help="i valori di questo periodo")
    p.add_argument("--json", action="store_true", help="stampa un elenco JSON")
    p.set_defaults(func=cmd_indicators)

    indicator = sub.add_parser("indicator", help="aggiunge un indicatore o ne registra un valore")
    verbs = indicator.add_subparsers(dest="verb", metavar="AZIONE", required=True)
    p = verbs.add_parser("add", help="aggiunge un indicatore a un'azione, strategia o asse")
    add_db_argument(p)
    p.add_argument("--owner", required=True, metavar="CODICE", help="1.1.1, 1.1 oppure 1")
    p.add_argument("--name", required=True)
    p.add_argument("--unit", default="")
    p.add_argument(
        "--direction",
        type=_enum_choice(Direction),
        default=Direction.HIGHER,
        help="crescente (predefinito), decrescente o intervallo",
    )
    p.add_argument("--baseline", metavar="VALORE")
    p.add_argument("--baseline-date", type=iso_date, metavar="AAAA-MM-GG")
    p.add_argument("--target", metavar="VALORE")
    p.add_argument("--target-date", type=iso_date, metavar="AAAA-MM-GG")
    p.add_argument("--min", metavar="VALORE", help="minimo dell'intervallo")
    p.add_argument("--max", metavar="VALORE", help="massimo dell'intervallo")
    p.add_argument("--source", default="", help="fonte dei dati")
    p.set_defaults(func=cmd_indicator_add)

    p = verbs.add_parser("set", help="registra il valore di un periodo (un numero o n.d.)")
    add_db_argument(p)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--period", required=True, metavar="NOME")
    p.add_argument("--value", required=True, metavar="VALORE")
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_indicator_set)


def cmd_period_add(args: argparse.Namespace) -> int:
    info = _call(args, lambda s: s.periods.add(args.name, args.date, args.kind))
    print(f"Creato il periodo «{info.name}» ({info.kind.label}, {info.label}), aperto.")
    return 0


def cmd_period_close(args: argparse.Namespace) -> int:
    info = _call(args, lambda s: s.periods.close(args.name))
    print(f"Chiuso il periodo «{info.name}»: {info.label} congelato.")
    return 0


def cmd_period_reopen(args: argparse.Namespace) -> int:
    info = _call(args, lambda s: s.periods.reopen(args.name, args.reason))
    print(f"Riaperto il periodo «{info.name}» (motivo registrato).")
    return 0


def cmd_period_list(args: argparse.Namespace) -> int:
    periods = _call(args, lambda s: s.periods.list_periods(), write=False)
    if args.json:
        _print_json(
            [
                {
                    "name": p.name,
                    "date": p.reference_date.isoformat(),
                    "kind": p.kind.value,
                    "closed": p.closed,
                }
                for p in periods
            ]
        )
        return 0
    if not periods:
        print("Nessun periodo di monitoraggio.")
        return 0
    for p in periods:
        print(
            f"{p.name:<20} {format_date(p.reference_date)}  {p.kind.label:<10} "
            f"{'chiuso' if p.closed else 'aperto'}"
        )
    return 0


def _summary_json(s: HealthSummary) -> dict[str, Any]:
    return {
        "code": s.code,
        "title": s.title,
        "health": s.health.value,
        "score": s.score,
        "expected_progress": s.expected_progress,
        "progress": s.progress,
        "actions": s.actions,
    }


def _summary_line(s: HealthSummary) -> str:
    def pct(v: float | None) -> str:
        return "—" if v is None else f"{v:.0f}%"

    name = f"{s.code} {s.title}" if s.code else s.title
    if len(name) > 44:
        name = name[:43] + "…"
    return (
        f"{name:<45} {s.health.label:<16} {pct(s.progress):>6} {pct(s.expected_progress):>8}"
        f"  {s.actions}"
    )


def cmd_health(args: argparse.Namespace) -> int:
    report: HealthReport = _call(args, lambda s: s.periods.health(args.period), write=False)
    if args.json:
        _print_json(
            {
                "period": report.state.period,
                "reference_date": report.state.reference_date.isoformat(),
                "plan": _summary_json(report.plan),
                "axes": [_summary_json(a) for a in report.axes],
                "strategies": [_summary_json(s) for s in report.strategies],
            }
        )
        return 0
    when = report.state.period or "oggi"
    print(f"Andamento ({when}, stato al {format_date(report.state.reference_date)})")
    print(f"{'':<45} {'Andamento':<16} {'Avanz.':>6} {'Atteso':>8}  Azioni")
    print(_summary_line(report.plan))
    for axis in report.axes:
        print(_summary_line(axis))
        for strategy in report.strategies:
            if strategy.code.split(".")[0] == axis.code:
                print("  " + _summary_line(strategy))
    print()
    print("Regola:")
    for line in report.state.rule.describe():
        print(f"- {line}")
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    db = open_db(args, create=False, write=False)
    try:
        services = services_for(db)
        name = args.period
        if name is None:
            open_period = services.periods.open_period()
            name = open_period.name if open_period else None
        state = services.periods.state(name)
    finally:
        db.close()
    rows = [
        {
            "id": i.id,
            "owner": i.owner,
            "owner_kind": i.owner_kind,
            "name": i.name,
            "unit": i.unit,
            "direction": i.direction.value,
            "baseline": _number(i.baseline),
            "target": _number(i.target),
            "period_target": _number(i.period_target),
            "value": "n.d." if i.not_available else _number(i.value),
            "health": i.health.value,
        }
        for i in state.indicators
    ]
    if args.json:
        _print_json({"period": state.period, "indicators": rows})
        return 0
    print(f"Indicatori ({state.period or 'nessun periodo aperto'})")
    for i in state.indicators:
        value = format_number(i.value, i.not_available) or "—"
        print(
            f"{i.id:>5} {i.owner:<8} {i.name[:40]:<40} obiettivo "
            f"{format_number(i.period_target) or '—'} {i.unit}; valore {value}; "
            f"{i.health.label}"
        )
    print(f"{len(rows)} indicatori." if len(rows) != 1 else "1 indicatore.")
    return 0


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def cmd_indicator_add(args: argparse.Namespace) -> int:
    data = IndicatorData(
        name=args.name,
        direction=args.direction,
        unit=args.unit,
        baseline_value=_optional(args.baseline, "--baseline"),
        baseline_date=args.baseline_date,
        target_value=_optional(args.target, "--target"),
        target_date=args.target_date,
        range_min=_optional(args.min, "--min"),
        range_max=_optional(args.max, "--max"),
        source=args.source,
    )
    info = _call(args, lambda s: s.indicators.create(args.owner, data))
    print(f"Creato l'indicatore {info.id} «{info.data.name}» ({info.owner_kind} {info.owner}).")
    return 0


def _optional(text: str | None, where: str) -> Any:
    if text is None:
        return None
    value = parse_value(text, where)
    if value is None:
        raise UserError(f"{where}: qui serve un numero, non n.d.")
    return value


def cmd_indicator_set(args: argparse.Namespace) -> int:
    value = parse_value(args.value, "--value")
    _call(args, lambda s: s.indicators.set_value(args.id, args.period, value, args.note))
    shown = format_number(value, value is None)
    print(f"Registrato il valore {shown} per il periodo «{args.period}».")
    return 0
