"""Write the office's PDF template (Impostazioni ufficio…) into the user's data folder.

The file stays the same TOML as reports/pdf-theme.toml, so it can still be edited by
hand. Keys the dialog does not show (fonts, status colours…) are kept from the template
in use. The new file is checked by the same reader the export uses, then put in place
atomically: a broken or half-written template can never replace a working one.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psm_desktop.atomic_files import atomic_write, write_error
from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.theme import Theme, load_theme, theme_path, user_theme_path

HEADER = (
    "# Aspetto delle schede PDF dell'ufficio, scritto da PSM Desktop\n"
    "# (File › Impostazioni ufficio…). Si può anche modificare a mano: le chiavi sono\n"
    "# spiegate nel file reports/pdf-theme.toml distribuito con il programma.\n"
)
LOGO_STEM = "logo-ufficio"


@dataclass(frozen=True)
class OfficeSettings:
    """What the dialog edits; every other key of the template is kept as it is."""

    office: str
    logo: Path | None = None  # the chosen image (copied beside the template on save)
    logo_height_mm: float = 10.0
    colors: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


def current_settings(theme: Theme | None = None) -> OfficeSettings:
    """The settings in force (the user's template, else the shipped one)."""
    theme = theme or load_theme()
    return OfficeSettings(
        office=theme.office,
        logo=theme.logo,
        logo_height_mm=theme.logo_height_mm,
        colors=dict(theme.colors),
        labels=dict(theme.labels),
    )


def save_office_settings(settings: OfficeSettings, target: Path | None = None) -> Theme:
    """Write the user's template (default: the data folder's), checked, atomically.

    Returns the theme as the PDF export will read it; a bad value raises UserError and
    leaves the previous file untouched.
    """
    target = target or user_theme_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(target, exc.errno, exc) from exc
    data = _base_data()
    office = dict(data.get("office", {}))
    office["name"] = settings.office.strip()
    office["logo"] = _keep_logo(settings.logo, target.parent)
    office["logo_height_mm"] = settings.logo_height_mm
    data["office"] = office
    data["colors"] = {**data.get("colors", {}), **settings.colors}
    data["labels"] = {**data.get("labels", {}), **settings.labels}
    text = HEADER + "\n" + dumps_toml(data)
    with atomic_write(target) as temp:
        temp.write_text(text, encoding="utf-8")
        load_theme(temp)  # the export's own checks, before it replaces anything
    return load_theme(target)


def _base_data() -> dict[str, Any]:
    """The raw template in use, so that keys the dialog does not show survive."""
    try:
        return tomllib.loads(theme_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # a broken template is replaced by the dialog's values and the defaults


def _keep_logo(logo: Path | None, folder: Path) -> str:
    """Copy the logo beside the template (a USB stick may be gone tomorrow); its name."""
    if logo is None:
        return ""
    kept = folder / f"{LOGO_STEM}{logo.suffix.lower()}"
    if not logo.is_file():
        raise UserError(
            f"Il logo {logo} non si trova più (su una chiavetta USB rimossa o in una cartella "
            "spostata?): sceglilo di nuovo. Le impostazioni non sono state salvate."
        )
    if logo.resolve() != kept.resolve():
        with atomic_write(kept) as temp:
            shutil.copyfile(logo, temp)
    return kept.name


def dumps_toml(data: Mapping[str, Any]) -> str:
    """Plain values first, then one [section] per table (the template's two levels)."""
    lines = [f"{_key(k)} = {_value(v)}" for k, v in data.items() if not isinstance(v, Mapping)]
    for name, table in data.items():
        if isinstance(table, Mapping):
            lines.append(f"\n[{_key(name)}]")
            lines.extend(f"{_key(k)} = {_value(v)}" for k, v in table.items())
    return "\n".join(lines).lstrip("\n") + "\n"


def _key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    # JSON's string escapes (\", \\, \n, \uXXXX) are TOML's basic-string escapes too.
    return json.dumps(str(value), ensure_ascii=False)
