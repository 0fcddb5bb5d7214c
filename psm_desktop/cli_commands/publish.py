"""`publish`: the accessible web site of a period and its open data, from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psm_desktop.cli_commands.common import Subparsers, add_db_argument, open_db, services_for
from psm_desktop.exchange.web.builder import build_site
from psm_desktop.exchange.web.settings import LICENCES, load_settings
from psm_desktop.exchange.web.sitedata import load_site_data


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "publish",
        help="pubblica il sito accessibile di un periodo chiuso e i suoi dati aperti",
    )
    add_db_argument(p)
    p.add_argument("--period", metavar="NOME", help="il periodo di monitoraggio (chiuso)")
    p.add_argument(
        "--provvisorio",
        action="store_true",
        help="pubblicazione provvisoria: i dati di oggi, o di un periodo ancora aperto",
    )
    p.add_argument(
        "-o", "--output", required=True, type=Path, metavar="CARTELLA", help="la cartella del sito"
    )
    p.add_argument("--ipa", metavar="CODICE", help="codice IPA dell'amministrazione")
    p.add_argument(
        "--licenza",
        metavar="LICENZA",
        help=f"licenza dei dati: {', '.join(LICENCES)} (predefinita CC-BY-4.0)",
    )
    p.add_argument("--ufficio", metavar="NOME", help="nome dell'ufficio che pubblica")
    p.set_defaults(func=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    settings = load_settings().override(args.ipa, args.licenza, args.ufficio)
    db = open_db(args, create=False, write=False)  # reads only: no daily backup
    try:
        data = load_site_data(services_for(db), args.period, settings, provisional=args.provvisorio)
    finally:
        db.close()
    files = build_site(data, args.output)
    if not data.recorded:
        print(
            f"Attenzione: il periodo «{data.state.period}» è stato chiuso con una versione "
            "precedente di PSM Desktop, che non registrava enti pubblici e scadenze: non sono "
            "pubblicati. Per includerli riaprire il periodo e chiuderlo di nuovo (saranno "
            "registrati come sono in quel momento).",
            file=sys.stderr,
        )
    kind = "provvisoria " if data.provisional else ""
    print(
        f"Pubblicazione {kind}scritta in {args.output}: {len(files)} file "
        f"({data.date_label}). Aprire {args.output / 'index.html'}."
    )
    return 0
