"""Whatever the PDF template accepts lays out; the rest is refused when it is read (issue 8.9).

A template is a file an office edits by hand or that the settings dialog writes: font
sizes, long labels, logos and format strings are checked when it is read, with a message
naming the key, so that no value can make an export fail, hang or eat the memory.
"""

from __future__ import annotations

import datetime as dt
import struct
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfcheck import read_pdf
from PIL import Image

from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import ActionSheets, AxisSheet, DeadlinesReport
from psm_desktop.exchange.pdf.theme import (
    DEFAULT_LABELS,
    FONT_SIZE_RANGE,
    LABEL_MAX_CHARS,
    LOGO_HEIGHT_RANGE,
    OFFICE_MAX_CHARS,
    Theme,
    load_theme,
)
from psm_desktop.services import Services

TODAY = dt.date(2025, 6, 15)


def theme_file(folder: Path, content: str) -> Path:
    path = folder / "pdf-theme.toml"
    path.write_text(content, encoding="utf-8")
    return path


def refused(path: Path, message: str) -> None:
    start = time.perf_counter()
    with pytest.raises(UserError, match=message) as info:
        load_theme(path)
    assert time.perf_counter() - start < 2, "refusing took too long"
    text = str(info.value)
    assert "Error" not in text and "Traceback" not in text and len(text) < 400, text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[fonts]\nsize = 100\n", r"\[fonts\] size: serve un numero fra 6 e 16, non 100"),
        ("[fonts]\nsize = 5.9\n", r"\[fonts\] size: serve un numero fra 6 e 16"),
        ("[fonts]\nsize = 16.5\n", r"\[fonts\] size"),
        ('[fonts]\nsize = "9"\n', r"\[fonts\] size"),
        ("[fonts]\nsize = true\n", r"\[fonts\] size"),
        ("[office]\nlogo_height_mm = 0\n", r"\[office\] logo_height_mm: serve un numero fra 3"),
        ("[office]\nlogo_height_mm = 11\n", r"\[office\] logo_height_mm"),
        ("[office]\nname = 3\n", r"\[office\] name: serve un testo"),
        (f'[office]\nname = "{"x" * 151}"\n', r"\[office\] name: il testo è troppo lungo"),
        (f'[labels]\naxis = "{"A" * 101}"\n', r"\[labels\] axis: il testo è troppo lungo"),
        ("[labels]\naxis = [1, 2]\n", r"\[labels\] axis: serve un testo"),
        ("[labels]\naxis = {a = 1}\n", r"\[labels\] axis: serve un testo"),
        (
            '[labels]\npage = "{page:>999999999}"\n',
            r"\[labels\] page: \{page:>999999999\} non è ammesso",
        ),
        ('[labels]\npage = "{page:,}"\n', r"\[labels\] page"),
        ('[labels]\npage = "{page.__class__}"\n', r"\[labels\] page"),
        ('[labels]\npage = "{pages[0]}"\n', r"\[labels\] page"),
        ('[labels]\npage = "{page!r}"\n', r"\[labels\] page"),
        ('[labels]\npage = "{0} di {1}"\n', r"\[labels\] page"),
        ('[labels]\npage = "Pagina {pagina}"\n', r"\[labels\] page: \{pagina\} non è"),
        ('[labels]\npage = "Pagina {page"\n', r"\[labels\] page: parentesi graffe non chiuse"),
        ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "troppi livelli annidati"),
        ("x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n", "troppi livelli annidati"),
        ("# " + "x" * 300_000 + "\n", "troppo grande"),
        ('[colors]\nprimary = "' + "#" * 10_000 + '"\n', r"\[colors\] primary: colore non"),
    ],
)
def test_values_outside_the_limits_are_refused_naming_the_key(
    tmp_path: Path, content: str, message: str
) -> None:
    refused(theme_file(tmp_path, content), message)


def test_a_page_label_with_only_literal_braces_and_the_two_fields_is_fine(tmp_path: Path) -> None:
    theme = load_theme(theme_file(tmp_path, '[labels]\npage = "{{{page}}} / {pages}"\n'))
    assert theme.page_label(3, 9) == "{3} / 9"


def test_a_theme_built_in_code_with_a_dangerous_page_label_uses_the_default() -> None:
    theme = Theme(labels={**DEFAULT_LABELS, "page": "{page:>999999999}"})
    assert theme.page_label(2, 5) == "Pagina 2 di 5"


def test_a_font_that_is_not_truetype_is_refused_when_read(tmp_path: Path) -> None:
    (tmp_path / "finto.ttf").write_text("non sono un carattere", encoding="utf-8")
    refused(
        theme_file(tmp_path, '[fonts]\nregular = "finto.ttf"\n'),
        r"\[fonts\] regular: il file .*finto.ttf non è un carattere TrueType",
    )


# --- logos -------------------------------------------------------------------------------


def logo_theme(folder: Path, logo: str) -> Path:
    return theme_file(folder, f'[office]\nlogo = "{logo}"\n')


def test_a_logo_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    (tmp_path / "stemma.png").write_text("<html>non è un'immagine</html>", encoding="utf-8")
    refused(logo_theme(tmp_path, "stemma.png"), r"\[office\] logo: .* non è un'immagine PNG o JPG")


def test_a_truncated_logo_is_refused(tmp_path: Path) -> None:
    Image.new("RGB", (400, 300), (10, 120, 200)).save(tmp_path / "full.jpg", quality=95)
    data = (tmp_path / "full.jpg").read_bytes()
    (tmp_path / "stemma.jpg").write_bytes(data[: len(data) // 2])
    refused(logo_theme(tmp_path, "stemma.jpg"), r"\[office\] logo: .*forse è incompleto")
    image = Image.effect_noise((300, 300), 60).convert("RGB")
    image.save(tmp_path / "full.png")
    data = (tmp_path / "full.png").read_bytes()
    (tmp_path / "stemma.png").write_bytes(data[: len(data) // 2])
    refused(logo_theme(tmp_path, "stemma.png"), r"\[office\] logo: .*forse è incompleto")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims `width`×`height` pixels: a bomb if anyone decoded it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_an_enormous_logo_is_refused_from_its_header_without_decoding(tmp_path: Path) -> None:
    (tmp_path / "stemma.png").write_bytes(png_header_only(50_000, 50_000))  # 2.5 gigapixels
    refused(logo_theme(tmp_path, "stemma.png"), r"\[office\] logo: .* troppo grande")
    (tmp_path / "grande.png").write_bytes(png_header_only(5000, 4001))  # just over 20 MP
    refused(logo_theme(tmp_path, "grande.png"), r"troppo grande \(5000×4001 pixel")


def test_a_logo_of_another_format_is_refused(tmp_path: Path) -> None:
    Image.new("RGB", (40, 20)).save(tmp_path / "stemma.gif")
    refused(logo_theme(tmp_path, "stemma.gif"), r"non è un'immagine PNG o JPG")


def test_a_logo_outside_the_templates_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "modello"
    folder.mkdir()
    Image.new("RGB", (40, 20)).save(tmp_path / "stemma.png")
    refused(logo_theme(folder, "../stemma.png"), r"\[office\] logo: .* fuori dalla cartella")
    refused(logo_theme(folder, str(tmp_path / "stemma.png")), "fuori dalla cartella")
    (folder / "link.png").symlink_to(tmp_path / "stemma.png")
    refused(logo_theme(folder, "link.png"), "fuori dalla cartella")
    (folder / "loghi").mkdir()
    Image.new("RGB", (40, 20)).save(folder / "loghi" / "stemma.png")
    assert load_theme(logo_theme(folder, "loghi/stemma.png")).logo == folder / "loghi/stemma.png"


# --- every accepted value lays out ---------------------------------------------------------


def build_all(services: Services, theme: Theme, folder: Path) -> None:
    action = services.actions.get_by_code("1.1.1")
    services.deadlines.add(action.id, "Passata", dt.date(2025, 1, 10))
    services.deadlines.add(action.id, "Futura", dt.date(2025, 7, 10))
    for name, request in (
        ("asse.pdf", AxisSheet(axis=1)),
        ("azioni.pdf", ActionSheets(action_ids=(action.id, action.id + 1))),
        ("scadenze.pdf", DeadlinesReport()),
    ):
        result = export_pdf(services, request, folder / name, theme=theme, today=TODAY)
        content = read_pdf(result.path)
        assert result.pages == len(content.pages) > 0
        assert theme.page_label(result.pages, result.pages) in content.pages[-1]


def test_the_largest_font_and_the_longest_labels_lay_out(
    services: Services, tmp_path: Path
) -> None:
    Image.new("RGB", (4000, 400), (200, 30, 40)).save(tmp_path / "stemma.png")
    word = "W" * LABEL_MAX_CHARS  # one word: nothing to break it at
    labels = "\n".join(f'{key} = "{word}"' for key in DEFAULT_LABELS if key != "page")
    path = theme_file(
        tmp_path,
        f'[office]\nname = "{"M" * OFFICE_MAX_CHARS}"\nlogo = "stemma.png"\n'
        f"logo_height_mm = {LOGO_HEIGHT_RANGE[1]}\n"
        f"[fonts]\nsize = {FONT_SIZE_RANGE[1]}\n"
        f'[labels]\n{labels}\npage = "{"P" * (LABEL_MAX_CHARS - 17)} {{page}} / {{pages}}"\n',
    )
    build_all(services, load_theme(path), tmp_path)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    size=st.floats(*FONT_SIZE_RANGE),
    label=st.text(
        st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=LABEL_MAX_CHARS
    ),
    key=st.sampled_from(sorted(set(DEFAULT_LABELS) - {"page"})),
)
def test_any_accepted_size_and_label_lays_out(
    services: Services, tmp_path: Path, size: float, label: str, key: str
) -> None:
    theme = Theme(font_size=size, labels={**DEFAULT_LABELS, key: label})
    build_all(services, theme, tmp_path)
