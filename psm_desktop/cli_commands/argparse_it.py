"""argparse speaking Italian: usage errors, help headings and the exit code of a user error.

Python ships no Italian catalogue for argparse, so its few fixed English phrases are
translated here; anything not recognised is passed through unchanged.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from psm_desktop.errors import EXIT_USER_ERROR

_TYPE_NAMES = {"int": "numero intero", "float": "numero", "Path": "percorso"}

# (English pattern as argparse formats it, Italian replacement) — applied in order.
_ERRORS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^argument (.+?): "), r"argomento \1: "),
    (
        re.compile(r"invalid (\w+) value: (.+)$"),
        lambda m: f"valore non valido ({_TYPE_NAMES.get(m[1], m[1])}): {m[2]}",
    ),
    (
        re.compile(r"invalid choice: (.+?) \(choose from (.+)\)$"),
        r"scelta non valida: \1 (scegli tra \2)",
    ),
    (re.compile(r"expected one argument$"), "serve un valore"),
    (re.compile(r"expected at least one argument$"), "serve almeno un valore"),
    (re.compile(r"expected (\d+) arguments?$"), r"servono \1 valori"),
    (re.compile(r"not allowed with argument (.+)$"), r"non ammesso insieme a \1"),
    (
        re.compile(r"^the following arguments are required: "),
        "mancano questi argomenti obbligatori: ",
    ),
    (re.compile(r"^unrecognized arguments: "), "argomenti non riconosciuti: "),
    (re.compile(r"^one of the arguments (.+) is required$"), r"serve uno di questi argomenti: \1"),
    (
        re.compile(r"^ambiguous option: (.+) could match (.+)$"),
        r"opzione ambigua: \1 può essere \2",
    ),
    (re.compile(r"ignored explicit argument (.+)$"), r"argomento esplicito ignorato: \1"),
]


def translate_error(message: str) -> str:
    for pattern, replacement in _ERRORS:
        message = pattern.sub(replacement, message)
    return message


class _ItalianHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "uso: ")


class ItalianArgumentParser(argparse.ArgumentParser):
    """argparse with Italian usage errors and headings, and exit code 2 on a usage error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ItalianHelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # re-added below with an Italian help text
        super().__init__(*args, **kwargs)
        self._positionals.title = "argomenti"
        self._optionals.title = "opzioni"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="mostra questo aiuto ed esce")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USER_ERROR, f"{self.prog}: errore: {translate_error(message)}\n")
