"""`restore`: list the automatic copies of a database, and go back to one of them."""

from __future__ import annotations

import argparse

from psm_desktop.cli_commands.common import Subparsers, add_db_argument, db_path
from psm_desktop.errors import DatabaseLockedError, UserError
from psm_desktop.storage import presence


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "restore",
        help="elenca le copie automatiche del database o ne ripristina una",
        description="Con --list elenca le copie automatiche (giornaliere, prima di un "
        "aggiornamento o di un ripristino), dalla più recente. Con COPIA (il numero o il nome "
        "mostrati da --list, oppure il percorso di un file) la controlla e la rimette al posto "
        "del database; il database attuale viene prima messo da parte fra le copie.",
    )
    add_db_argument(p)
    p.add_argument("backup", nargs="?", metavar="COPIA", help="la copia da ripristinare")
    p.add_argument("--list", action="store_true", help="elenca le copie disponibili")
    p.set_defaults(func=cmd_restore)


def cmd_restore(args: argparse.Namespace) -> int:
    from psm_desktop.storage.restore import available_backups, find_backup, restore_backup

    path = db_path(args)
    if args.list == (args.backup is not None):
        raise UserError("indica --list per vedere le copie, oppure la COPIA da ripristinare")
    if args.list:
        listed = available_backups(path)
        if not listed:
            print(f"Non ci sono copie automatiche di {path}.")
            return 0
        print(f"Copie automatiche di {path}, dalla più recente:")
        for number, info in enumerate(listed, start=1):
            print(
                f"{number:>3}  {info.when}  {info.kind:<26} {_size(info.size):>9}  {info.path.name}"
            )
        print(f"Per ripristinarne una: psm-desktop restore --db {path} NUMERO")
        return 0
    backup = find_backup(path, args.backup)
    someone = presence.holder(path)
    if someone is not None:  # the window's next edits would go to the file kept aside
        raise DatabaseLockedError(
            f"{someone.opened_by(path)} Chiudilo nella finestra e "
            f"riprova: il ripristino è stato annullato, {path} non è stato modificato."
        )
    result = restore_backup(path, backup)
    print(f"Ripristinata la copia {result.restored} in {result.database}.")
    if result.kept_aside is not None:
        print(f"Il database di prima è stato messo da parte: {result.kept_aside}")
    return 0


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
