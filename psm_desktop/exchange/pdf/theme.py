"""The PDF template an office can change without code: reports/pdf-theme.toml.

Pure Python (no reportlab), so the CLI help and the export dialog can say which file
is in use without loading the PDF machinery.
"""

from __future__ import annotations

import os
import re
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
    # The application's status colours (ui/status_style.py, light variants).
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
    "axis_links": "Le connessioni con gli altri Assi",
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
    colors: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLORS))
    status_colors: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STATUS_COLORS))
    labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))
    source: Path | None = None  # the file it was read from

    def label(self, key: str) -> str:
        return self.labels.get(key, DEFAULT_LABELS.get(key, key))

    def page_label(self, page: int, pages: int) -> str:
        try:
            return self.label("page").format(page=page, pages=pages)
        except (KeyError, IndexError, ValueError):
            return DEFAULT_LABELS["page"].format(page=page, pages=pages)

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
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"Il modello dei PDF {source} non esiste.") from None
    except OSError as exc:
        why = reason(exc)
        raise UserError(f"Impossibile leggere il modello dei PDF {source}: {why}.") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"Impossibile leggere il modello dei PDF {source}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"Il modello dei PDF {source} non è un file TOML valido: {exc}") from None
    return theme_from_mapping(data, source)


def theme_from_mapping(data: dict[str, Any], source: Path) -> Theme:
    where = source.name
    office = _table(data, "office", where)
    fonts = _table(data, "fonts", where)
    base = source.parent

    logo_text = str(office.get("logo", "") or "").strip()
    logo = _resolve(logo_text, base) if logo_text else None
    if logo is not None and not logo.is_file():
        raise UserError(f"{where}, [office] logo: il file {logo} non esiste.")

    return Theme(
        office=str(office.get("name", Theme.office)),
        logo=logo,
        logo_height_mm=_number(office, "logo_height_mm", 10.0, f"{where}, [office]"),
        font_regular=_font(fonts, "regular", "DejaVuSans.ttf", base, where),
        font_bold=_font(fonts, "bold", "DejaVuSans-Bold.ttf", base, where),
        font_italic=_font(fonts, "italic", "DejaVuSans-Oblique.ttf", base, where),
        font_size=_number(fonts, "size", 9.5, f"{where}, [fonts]"),
        colors=_colours(data, "colors", DEFAULT_COLORS, where),
        status_colors=_colours(data, "status_colors", DEFAULT_STATUS_COLORS, where),
        labels={**DEFAULT_LABELS, **{k: str(v) for k, v in _table(data, "labels", where).items()}},
        source=source,
    )


def _table(data: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise UserError(f"{where}: [{name}] deve essere una sezione.")
    return value


def _number(table: dict[str, Any], key: str, default: float, where: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 100:
        raise UserError(f"{where} {key}: serve un numero tra 0 e 100, non {value!r}.")
    return float(value)


def _resolve(text: str, base: Path) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def _font(table: dict[str, Any], key: str, default: str, base: Path, where: str) -> Path:
    name = str(table.get(key, default) or default)
    candidates = [Path(name)] if Path(name).is_absolute() else [fonts_dir() / name, base / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise UserError(
        f"{where}, [fonts] {key}: il carattere {name} non si trova "
        f"(cercato in {fonts_dir()} e {base})."
    )


def _colours(
    data: dict[str, Any], name: str, defaults: dict[str, str], where: str
) -> dict[str, str]:
    values = dict(defaults)
    for key, value in _table(data, name, where).items():
        if not isinstance(value, str) or not _COLOUR.match(value.strip()):
            raise UserError(
                f'{where}, [{name}] {key}: colore non valido {value!r} (serve "#RRGGBB").'
            )
        values[key] = value.strip()
    return values
