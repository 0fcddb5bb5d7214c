"""Where the data folders shipped with the application are.

An installed wheel carries them under `psm_desktop/_data/`; a source checkout (or an
editable install) has them at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder `database`, `resources` or `reports`."""
    for folder in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        try:
            if folder.is_dir():
                return folder
        except OSError:  # a folder on the way cannot be read: try the next place
            continue
    raise FileNotFoundError(f"Cartella dei dati dell'applicazione non trovata: {name}")


def migrations_dir() -> Path:
    return data_dir("database") / "migrations"


def seed_file() -> Path:
    return data_dir("database") / "seed" / "psm-2024-2026.json"


def fonts_dir() -> Path:
    return data_dir("resources") / "fonts"


def reports_dir() -> Path:
    return data_dir("reports")


def guide_file() -> Path:
    """The offline user guide (Italian HTML with its screenshots beside it)."""
    return data_dir("resources") / "guida" / "guida.html"
