"""The PDF template in reports/: read, checked, found where an office keeps its copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pdfcheck import read_pdf
from PIL import Image
from pypdf import PdfReader

from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import AxisSheet
from psm_desktop.exchange.pdf.theme import (
    DEFAULT_LABELS,
    load_theme,
    shipped_theme_path,
    theme_path,
    user_theme_path,
)
from psm_desktop.resources import reports_dir
from psm_desktop.services import Services


def test_the_shipped_template_is_complete() -> None:
    theme = load_theme()
    assert theme.source == shipped_theme_path() == reports_dir() / "pdf-theme.toml"
    assert theme.office == "Città metropolitana di Torino"
    assert theme.logo is None
    assert theme.font_regular.name == "DejaVuSans.ttf" and theme.font_regular.is_file()
    assert set(DEFAULT_LABELS) <= set(theme.labels)
    assert (reports_dir() / "README.md").is_file()


def test_the_users_copy_wins_and_an_explicit_file_wins_over_it(tmp_path: Path) -> None:
    assert theme_path() == shipped_theme_path()
    user = user_theme_path()
    user.parent.mkdir(parents=True)
    user.write_text('[office]\nname = "Comune di Ivrea"\n', encoding="utf-8")
    assert theme_path() == user
    assert load_theme().office == "Comune di Ivrea"
    assert load_theme().colors["primary"] == "#1F3A5F"  # missing keys keep their default
    other = tmp_path / "altro.toml"
    other.write_text('[office]\nname = "Unione Montana"\n', encoding="utf-8")
    assert load_theme(other).office == "Unione Montana"


def test_the_environment_can_name_the_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "ufficio.toml"
    chosen.write_text('[office]\nname = "Comune di Susa"\n', encoding="utf-8")
    monkeypatch.setenv("PSM_DESKTOP_PDF_THEME", str(chosen))
    assert theme_path() == chosen and load_theme().office == "Comune di Susa"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[colors]\nprimary = "blu"\n', r"\[colors\] primary: colore non valido"),
        ('[fonts]\nregular = "Manca.ttf"\n', r"\[fonts\] regular: il carattere Manca.ttf"),
        ("[fonts]\nsize = 0\n", r"size: serve un numero"),
        ('[office]\nlogo = "logo.png"\n', r"\[office\] logo: il file .*logo.png non esiste"),
        ("office = 3\n", r"\[office\] deve essere una sezione"),
        ("[office\n", "non è un file TOML valido"),
    ],
)
def test_a_broken_template_names_the_key_to_fix(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "pdf-theme.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        load_theme(path)


def test_missing_template_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="non esiste"):
        load_theme(tmp_path / "manca.toml")


def test_office_logo_labels_and_colours_reach_the_pdf(services: Services, tmp_path: Path) -> None:
    Image.new("RGB", (300, 100), (200, 30, 40)).save(tmp_path / "stemma.png")
    path = tmp_path / "pdf-theme.toml"
    path.write_text(
        """
[office]
name = "Unione Montana Valli di Lanzo"
logo = "stemma.png"

[colors]
primary = "#004225"

[labels]
page = "Pag. {page}/{pages}"
axis_sheet = "Scheda sintetica dell'Asse"
""",
        encoding="utf-8",
    )
    theme = load_theme(path)
    assert theme.logo == tmp_path / "stemma.png"
    target = tmp_path / "asse.pdf"
    export_pdf(services, AxisSheet(axis=1), target, theme=theme, today=dt.date(2025, 1, 2))
    content = read_pdf(target)
    assert content.metadata["/Author"] == "Unione Montana Valli di Lanzo"
    assert content.metadata["/Title"].startswith("Scheda sintetica dell'Asse 1")
    total = len(content.pages)
    for n, page in enumerate(content.pages, start=1):
        assert "Unione Montana Valli di Lanzo" in page
        assert f"Pag. {n}/{total}" in page
    # The logo is an image on every page; the header is drawn in the theme's primary colour.
    for page in PdfReader(str(target)).pages:
        assert len(page.images) == 1
        assert b"0 .258824 .145098 rg" in page.get_contents().get_data()  # #004225


def test_a_page_label_with_a_typo_is_refused_naming_the_key(tmp_path: Path) -> None:
    path = tmp_path / "pdf-theme.toml"
    path.write_text('[labels]\npage = "Pagina {pagina}"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"\[labels\] page: \{pagina\} non è ammesso"):
        load_theme(path)
