"""`server init`, `server add-user`, `server users`: setting up a plan on a PostgreSQL server.

These are the IT office's commands: they connect as the owner of the plan database (the
user that creates the tables), never as one of the users the application runs as.
"""

from __future__ import annotations

import argparse
import json
import sys

from psm_desktop.cli_commands.common import Subparsers, services_for
from psm_desktop.errors import UserError
from psm_desktop.formatting import plural
from psm_desktop.storage import server_roles
from psm_desktop.storage.copying import copy_plan
from psm_desktop.storage.database import create_on_server, open_server
from psm_desktop.storage.paths import db_location, is_server_url

ROLES = server_roles.ROLES


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "copy", help="copia tutto il piano da un server a un file SQLite, o da un file a un server"
    )
    p.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="DA",
        type=db_location,
        help="il file o l'indirizzo del server da copiare",
    )
    p.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="A",
        type=db_location,
        help="un file nuovo, o un database vuoto sul server",
    )
    p.set_defaults(func=cmd_copy)

    server = sub.add_parser("server", help="prepara un piano su un server PostgreSQL (ufficio IT)")
    commands = server.add_subparsers(dest="server_command", metavar="COMANDO", required=True)

    p = commands.add_parser("init", help="crea (o aggiorna) lo schema e il piano sul server")
    _add_url(p)
    p.add_argument("--empty", action="store_true", help="un piano vuoto, senza le azioni PSM")
    p.set_defaults(func=cmd_init)

    p = commands.add_parser("add-user", help="crea un utente del piano con il suo ruolo")
    _add_url(p)
    p.add_argument("--user", required=True, metavar="NOME", help="nome dell'utente sul server")
    p.add_argument("--role", required=True, choices=ROLES, help="ruolo dell'utente")
    p.add_argument(
        "--stakeholder", metavar="NOME", help="per il ruolo ufficio: l'ufficio che rappresenta"
    )
    p.set_defaults(func=cmd_add_user)

    p = commands.add_parser("users", help="elenca gli utenti del piano e i loro ruoli")
    _add_url(p)
    p.add_argument("--json", action="store_true", help="stampa un elenco JSON")
    p.set_defaults(func=cmd_users)


def _add_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        required=True,
        metavar="URL",
        help="il database sul server: postgresql://utente@server:5432/nome",
    )


def _url(args: argparse.Namespace) -> str:
    url = str(args.db).strip()
    if not is_server_url(url):
        raise UserError(
            f"{url} non è l'indirizzo di un server: si scrive postgresql://utente@server:5432/nome"
        )
    return url


def cmd_init(args: argparse.Namespace) -> int:
    url = _url(args)
    if server_roles.is_empty(url):
        db = create_on_server(url, seed=not args.empty)
        made = "Creato"
    else:
        db = open_server(url, administration=True)  # refuses foreign/newer, migrates older
        made = "Aggiornato"
    try:
        server_roles.install(db)
        count = len(services_for(db).actions.list_actions())
    finally:
        db.close()
    print(
        f"{made} il piano sul server {db.location} ({plural(count, 'azione', 'azioni')}); "
        "ruoli e permessi sono pronti."
    )
    return 0


def cmd_add_user(args: argparse.Namespace) -> int:
    url = _url(args)
    if args.role == "ufficio" and not args.stakeholder:
        raise UserError("il ruolo ufficio richiede --stakeholder con il nome dell'ufficio")
    if args.role != "ufficio" and args.stakeholder:
        raise UserError("--stakeholder vale solo per il ruolo ufficio")
    db = open_server(url, administration=True)
    try:
        server_roles.add_user(db, args.user, args.role, args.stakeholder)
    finally:
        db.close()
    office = f" per l'ufficio «{args.stakeholder}»" if args.stakeholder else ""
    print(
        f"Creato l'utente {args.user} con il ruolo {args.role}{office}. La password la "
        f'imposta l\'ufficio IT sul server (ALTER ROLE "{args.user}" PASSWORD ...).'
    )
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    db = open_server(_url(args), administration=True)
    try:
        users = server_roles.list_users(db)
    finally:
        db.close()
    if args.json:
        json.dump([u.as_json() for u in users], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{'Utente':<24} {'Ruolo':<14} Ufficio")
    for u in users:
        print(f"{u.name:<24} {u.role:<14} {u.stakeholder or '—'}")
    print(f"{plural(len(users), 'utente', 'utenti')}.")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    result = copy_plan(args.source, args.target)
    if is_server_url(args.target):  # a plan new on the server gets its roles at once
        db = open_server(str(args.target), administration=True)
        try:
            server_roles.install(db)
        finally:
            db.close()
    total = sum(result.rows.values())
    print(f"Copiato il piano in {result.target} ({plural(total, 'riga', 'righe')}).")
    return 0
