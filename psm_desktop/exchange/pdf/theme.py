"""The PDF template an office can change without code: reports/pdf-theme.toml.

Pure Python (no reportlab), so the CLI help and the export dialog can say which file
is in use without loading the PDF machinery.
"""

from __future__ import annotations

import logging
import os
import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psm_desktop.errors import UserError
from psm_desktop.model import Status
from psm_desktop.resources import fonts_dir, reports_dir
from psm_desktop.storage.os_errors import reason
from psm_desktop.storage.paths import is_file_or_unreadable, user_data_dir

THEME_FILE = "pdf-theme.toml"
THEME_ENV = "PSM_DESKTOP_PDF_THEME"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
log = logging.getLogger(__name__)

# What a template may ask for. Every value inside these bounds lays out (tests build
# documents at the extremes); anything outside is refused when the template is read.
THEME_MAX_BYTES = 256 * 1024  # the shipped one is 3 KB
FONT_SIZE_RANGE = (6.0, 16.0)  # points of the body text
LOGO_HEIGHT_RANGE = (3.0, 10.0)  # millimetres; the header has room for 10
LABEL_MAX_CHARS = 100
OFFICE_MAX_CHARS = 150
LOGO_MAX_PIXELS = 20_000_000
LOGO_MAX_BYTES = 20 * 1024 * 1024
LOGO_FORMATS = {"PNG": "PNG", "JPEG": "JPG"}
PAGE_FIELDS = ("page", "pages")
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")
FONT_MAX_BYTES = 64 * 1024 * 1024  # the only fields the page label may name

DEFAULT_COLORS = {
    "primary": "#1F3A5F",
    "accent": "#B5121B",
    "text": "#222222",
    "muted": "#5F6B7A",
    "rule": "#C9D1DB",
    "table_header": "#E6ECF3",
    "table_stripe": "#F6F8FB",
    "progress_track": "#E3E7EC",
    "progress_fill": "#2E7D5B",
}
DEFAULT_STATUS_COLORS = {
    # The application's status colours (ui/widgets/status_style.py, light variants).
    Status.NOT_STARTED.value: "#5F6B7A",
    Status.IN_PROGRESS.value: "#1F5FBF",
    Status.COMPLETED.value: "#1B7A3A",
    Status.SUSPENDED.value: "#A35A00",
    Status.CANCELLED.value: "#7A4B8C",
}
DEFAULT_LABELS = {
    "axis_sheet": "Scheda dell'Asse",
    "action_sheet": "Scheda azione",
    "actions_document": "Schede delle azioni",
    "deadlines_report": "Scadenze delle azioni",
    "axis": "Asse",
    "strategy": "Strategia",
    "action": "Azione",
    "axis_links": "Le connessioni tra l'Asse {number} e gli altri Assi del PSM",
    "updated": "Aggiornato al",
    "generated": "Documento generato il",
    "page": "Pagina {page} di {pages}",
    "overdue": "Scaduta",
    "overdue_deadlines": "Scadenze superate",
    "upcoming_deadlines": "Prossime scadenze",
    "no_data": "—",
}


@dataclass(frozen=True)
class Theme:
    office: str = "Città metropolitana di Torino"
    logo: Path | None = None
    logo_height_mm: float = 10.0
    font_regular: Path = field(default_factory=lambda: fonts_dir() / "DejaVuSans.ttf")
    font_bold: Path = field(default_factory=lambda: fonts_dir() / "DejaVuSans-Bold.ttf")
    font_italic: Path = field(default_factory=lambda: fonts_dir() / "DejaVuSans-Oblique.ttf")
    font_size: float = 9.5
    # A font for the characters the main one lacks (Chinese, Devanagari, ...), if any.
    font_fallback: Path | None = None
    colors: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLORS))
    status_colors: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STATUS_COLORS))
    labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))
    source: Path | None = None  # the file it was read from

    def label(self, key: str) -> str:
        return self.labels.get(key, DEFAULT_LABELS.get(key, key))

    def page_label(self, page: int, pages: int) -> str:
        label = self.label("page")
        try:
            check_page_label(label)  # a Theme built in code is not read through the checks
        except UserError:
            label = DEFAULT_LABELS["page"]
        return label.format(page=page, pages=pages)

    def status_color(self, status: Status) -> str:
        return self.status_colors.get(status.value, DEFAULT_STATUS_COLORS[status.value])


def shipped_theme_path() -> Path:
    return reports_dir() / THEME_FILE


def user_theme_path() -> Path:
    """Where an office keeps its own copy, safe from application updates."""
    return user_data_dir() / "reports" / THEME_FILE


def theme_path(explicit: Path | None = None) -> Path:
    """The template in use: an explicit file, else the user's copy, else the shipped one."""
    if explicit is not None:
        return explicit
    env = os.environ.get(THEME_ENV)
    if env:
        return Path(env)
    user = user_theme_path()
    return user if is_file_or_unreadable(user) else shipped_theme_path()


def load_theme(path: Path | None = None) -> Theme:
    """Read and check the template; a broken one raises UserError naming the key."""
    source = theme_path(path)
    try:
        with source.open("rb") as handle:
            raw = handle.read(THEME_MAX_BYTES + 1)
        if len(raw) > THEME_MAX_BYTES:
            raise UserError(
                f"Il modello dei PDF {source} è troppo grande "
                f"(al massimo {THEME_MAX_BYTES // 1024} KB): non è un modello di PSM Desktop."
            )
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise UserError(f"Il modello dei PDF {source} non esiste.") from None
    except OSError as exc:
        why = reason(exc)
        raise UserError(f"Impossibile leggere il modello dei PDF {source}: {why}.") from None
    except UnicodeDecodeError as exc:
        log.warning("PDF theme %s is not UTF-8: %r", source, exc)
        raise UserError(
            f"Impossibile leggere il modello dei PDF {source}: non è un testo UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"Il modello dei PDF {source} non è un file TOML valido: {exc}") from None
    except RecursionError:  # thousands of nested brackets
        raise UserError(
            f"Il modello dei PDF {source} ha troppi livelli annidati: non è un modello valido."
        ) from None
    return theme_from_mapping(data, source)


def theme_from_mapping(data: dict[str, Any], source: Path) -> Theme:
    where = source.name
    office = _table(data, "office", where)
    fonts = _table(data, "fonts", where)
    base = source.parent

    logo_text = _text(office, "logo", "", 1000, f"{where}, [office]")
    logo = check_logo(_resolve(logo_text, base), base, where) if logo_text else None
    fallback = _text(fonts, "fallback", "", 1000, f"{where}, [fonts]")

    return Theme(
        office=_text(office, "name", Theme.office, OFFICE_MAX_CHARS, f"{where}, [office]"),
        logo=logo,
        logo_height_mm=_number(
            office, "logo_height_mm", 10.0, LOGO_HEIGHT_RANGE, f"{where}, [office]"
        ),
        font_regular=_font(fonts, "regular", "DejaVuSans.ttf", base, where),
        font_bold=_font(fonts, "bold", "DejaVuSans-Bold.ttf", base, where),
        font_italic=_font(fonts, "italic", "DejaVuSans-Oblique.ttf", base, where),
        font_size=_number(fonts, "size", 9.5, FONT_SIZE_RANGE, f"{where}, [fonts]"),
        font_fallback=_font(fonts, "fallback", fallback, base, where) if fallback else None,
        colors=_colours(data, "colors", DEFAULT_COLORS, where),
        status_colors=_colours(data, "status_colors", DEFAULT_STATUS_COLORS, where),
        labels=_labels(data, where),
        source=source,
    )


def check_logo(logo: Path, base: Path, where: str = THEME_FILE) -> Path:
    """The logo if it is a whole PNG or JPEG of sane size inside the template's folder.

    Its dimensions are read from the header before anything is decoded, so a small file
    that would unpack into gigabytes is refused without being unpacked.
    """
    from PIL import Image  # only here: the CLI starts without it

    key = f"{where}, [office] logo"
    try:
        inside = logo.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise UserError(
            f"{key}: il file {logo} è fuori dalla cartella del modello ({base}); "
            "copia il logo in quella cartella."
        )
    if not logo.is_file():
        raise UserError(f"{key}: il file {logo} non esiste.")
    try:
        if logo.stat().st_size > LOGO_MAX_BYTES:
            raise UserError(f"{key}: il file {logo} è troppo grande (al massimo 20 MB).")
        with Image.open(logo) as image:
            kind, (width, height) = image.format, image.size
            if kind not in LOGO_FORMATS:
                raise UserError(f"{key}: il file {logo} non è un'immagine PNG o JPG.")
            if width * height > LOGO_MAX_PIXELS:
                raise UserError(
                    f"{key}: l'immagine {logo} è troppo grande ({width}×{height} pixel; al "
                    f"massimo {LOGO_MAX_PIXELS // 1_000_000} milioni di pixel): riducila."
                )
            image.load()  # a truncated or damaged file fails here, not while printing
    except UserError:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard, far above ours
        raise UserError(
            f"{key}: l'immagine {logo} è troppo grande (oltre "
            f"{LOGO_MAX_PIXELS // 1_000_000} milioni di pixel): riducila."
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        log.warning("Logo %s refused: %r", logo, exc)
        raise UserError(
            f"{key}: il file {logo} non è un'immagine PNG o JPG leggibile "
            "(forse è incompleto o danneggiato)."
        ) from None
    return logo


def _table(data: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise UserError(f"{where}: [{name}] deve essere una sezione.")
    return value


def _number(
    table: dict[str, Any], key: str, default: float, bounds: tuple[float, float], where: str
) -> float:
    value = table.get(key, default)
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        shown = _short(value)
        raise UserError(f"{where} {key}: serve un numero fra {low:g} e {high:g}, non {shown}.")
    return float(value)


def _text(table: dict[str, Any], key: str, default: str, limit: int, where: str) -> str:
    """A one-line text: runs of spaces, tabs and line breaks become one space."""
    value = table.get(key, default)
    if not isinstance(value, str):
        raise UserError(f"{where} {key}: serve un testo fra virgolette, non {_short(value)}.")
    text = " ".join(value.split())
    if len(text) > limit:
        raise UserError(f"{where} {key}: il testo è troppo lungo (al massimo {limit} caratteri).")
    return text


def _labels(data: dict[str, Any], where: str) -> dict[str, str]:
    labels = dict(DEFAULT_LABELS)
    for key, value in _table(data, "labels", where).items():
        labels[key] = _text({key: value}, key, "", LABEL_MAX_CHARS, f"{where}, [labels]")
    check_page_label(labels["page"], where)
    return labels


def check_page_label(text: str, where: str = THEME_FILE) -> None:
    """The page label may name {page} and {pages} only, with nothing that formats them.

    A format such as "{page:>999999999}" would build a string of gigabytes, and
    "{page.__class__}" would print internals: both are refused, as is a stray brace.
    """
    key = f"{where}, [labels] page"
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        raise UserError(
            f"{key}: parentesi graffe non chiuse; scrivi per esempio "
            '"Pagina {page} di {pages}" (per una graffa da stampare scrivi {{ o }}).'
        ) from None
    for name, spec, conversion in fields:
        if name not in PAGE_FIELDS or spec or conversion:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            shown = written if len(written) <= 40 else written[:39] + "…"
            raise UserError(
                f"{key}: {{{shown}}} non è ammesso; si possono usare soltanto "
                "{page} (numero della pagina) e {pages} (numero di pagine), senza formati."
            )


def _short(value: object) -> str:
    """A value echoed in a message, never a wall of text."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _resolve(text: str, base: Path) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def _font(table: dict[str, Any], key: str, default: str, base: Path, where: str) -> Path:
    name = _text(table, key, default, 1000, f"{where}, [fonts]") or default
    candidates = [Path(name)] if Path(name).is_absolute() else [fonts_dir() / name, base / name]
    for candidate in candidates:
        if candidate.is_file():
            return _check_truetype(candidate, f"{where}, [fonts] {key}")
    raise UserError(
        f"{where}, [fonts] {key}: il carattere {name} non si trova "
        f"(cercato in {fonts_dir()} e {base})."
    )


def _check_truetype(path: Path, key: str) -> Path:
    """A TrueType file by its signature: the only kind reportlab embeds."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
        size = path.stat().st_size
    except OSError as exc:
        log.warning("Font %s unreadable: %r", path, exc)
        raise UserError(f"{key}: il file {path} non si può leggere.") from None
    if magic not in TRUETYPE_MAGIC:
        raise UserError(f"{key}: il file {path} non è un carattere TrueType (.ttf).")
    if size > FONT_MAX_BYTES:
        raise UserError(f"{key}: il file {path} è troppo grande per un carattere (oltre 64 MB).")
    return path


def _colours(
    data: dict[str, Any], name: str, defaults: dict[str, str], where: str
) -> dict[str, str]:
    values = dict(defaults)
    for key, value in _table(data, name, where).items():
        if not isinstance(value, str) or not _COLOUR.match(value.strip()):
            raise UserError(
                f'{where}, [{name}] {key}: colore non valido {_short(value)} (serve "#RRGGBB").'
            )
        values[key] = value.strip()
    return values
