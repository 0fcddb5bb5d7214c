"""The axis text of the seed (a copy of ../shared/seeds) and a browser-mangled copy of it."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

# The official text of Axis 1, kept among the fixtures (tests/unit/test_seed.py checks the
# copy against ../shared/seeds beside the clone when that folder is there).
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "psm-2024-2026-asse-1.txt"

NBSP = "\u00a0"


def seed_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def mangled(text: str) -> bytes:
    """What copying the page from a browser into Notepad can give: same words, other bytes.

    CRLF, a BOM, non-breaking and zero-width spaces, bullets •, -, * or none, en and em
    dashes after the codes, extra blank lines, trailing blanks, stray lines of the page.
    """
    bullets = itertools.cycle(["• ", "- ", "* ", "", "\t•\u00a0"])
    dashes = itertools.cycle([" – ", " — ", " - ", "\u00a0–\u00a0", " -"])
    out = ["\ufeff", "Vai al contenuto", ""]
    for number, line in enumerate(text.splitlines()):
        stripped = line.strip().lstrip("•").strip()
        keyed = re.match(r"^(Azione|Strategia|Asse) ([\d.]+) - (.*)$", stripped)
        if keyed:
            key, code, rest = keyed.groups()
            bullet = next(bullets) if key == "Azione" else ""
            line = f"{bullet}{key}{NBSP if number % 2 else ' '}{code}{next(dashes)}{rest}"
        elif stripped.startswith("Ultimo aggiornamento"):
            continue  # moved to the top, as some pages show it
        else:
            line = stripped
        if number % 3 == 0:
            line = line.replace(" ", NBSP)  # a whole paragraph with non-breaking spaces
        if number % 5 == 0 and line:
            line = "\u200b" + line + "  "
        out.extend([line, ""])
        if number == 2:
            out.extend(["Ultimo aggiornamento: 30 agosto 2024", "", ""])
    out.append("Puoi scaricare la scheda dell'Asse 1 in formato pdf")
    return "\r\n".join(out).encode("utf-8")
