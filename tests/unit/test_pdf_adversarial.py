"""Hostile content: markup, huge notes, empty fields, 200 stakeholders, many scripts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pdfcheck import PdfContent, flat, read_pdf
from reportlab.pdfbase.ttfonts import TTFont

from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import ActionSheets, AxisSheet, DeadlinesReport
from psm_desktop.exchange.pdf.theme import load_theme
from psm_desktop.model import Role
from psm_desktop.services import Services

TODAY = dt.date(2025, 6, 15)

MARKUP = [
    "A & B <b>non grassetto</b> <i>x</i> 5 < 6 > 4",
    '<font color="red">rosso?</font> <br/> <para> &amp; &lt; &#169; &nbsp;',
    "]]> <![CDATA[ x ]]> <!-- commento --> <?xml?> <unclosed",
]

# Scripts and symbols an Italian office meets in names, addresses and texts.
UNICODE = {
    "italiano": "Perché più città è già là: àèéìíòóù ÀÈÉÌÒÙ",
    "latino-1": "Ça, Garçon, Ñandú, São Paulo, Straße, Æsir, Øresund, ¿¡ « » ° § ¶ ©",
    "latino esteso A": "Łódź Kraków Gdańsk, Őrség Győr, Škoda Černý Žilina, İstanbul ığ, Đakovo",
    "latino esteso B": "Timișoara Brașov Constanța, ǅ ƒ",
    "albanese": "Tiranë Shkodër Durrës Gjirokastër",
    "vietnamita": "Nguyễn Thị Hồng, Hà Nội",
    "greco": "Αθήνα Θεσσαλονίκη ωμέγα ΑΒΓΔ άέήίόύώ",
    "cirillico": "Київ Москва Жито Ђорђе Љубљана ёЁ їЇ ґ",
    "armeno e georgiano": "Երևան თბილისი",
    "punteggiatura": "“virgolette” ‘singole’ „basse‟ – trattino — lungo… • ‰ ′ ″ ‹ ›",
    "valute": "€ 1.234,50 £ ¥ ₽ ₺ ₴ ₹ ¢",
    "simboli": "№ ™ ℃ ½ ¼ ¾ ² ³ ± × ÷ ≤ ≥ ≠ ≈ ∞ √ ∑ → ← ↑ ↓ ✓ ✗ ☎ ♀ ♂",
}
ALL_UNICODE = " | ".join(UNICODE.values())


def sheet(services: Services, code: str, tmp_path: Path, **changes: object) -> PdfContent:
    action = services.actions.get_by_code(code)
    if changes:
        services.actions.update(action.id, None, changes)
    target = tmp_path / f"{code}.pdf"
    export_pdf(services, ActionSheets(action_ids=(action.id,)), target, today=TODAY)
    return read_pdf(target)


def assert_embedded(content: PdfContent) -> None:
    assert content.fonts and all(f.embedded for f in content.fonts), content.fonts


@pytest.mark.parametrize("text", MARKUP)
def test_markup_prints_as_typed_everywhere(services: Services, tmp_path: Path, text: str) -> None:
    action = services.actions.get_by_code("1.1.1")
    name = f"Soggetto {text}"
    stakeholder = services.stakeholders.create(name)
    services.assignments.assign(action.id, stakeholder.id, Role.LEAD)
    services.deadlines.add(action.id, f"Scadenza {text}", dt.date(2025, 1, 1), notes=text)
    content = sheet(services, "1.1.1", tmp_path, text=f"Azione {text}", notes=f"Nota {text}")
    body = content.text
    for expected in (f"Azione {text}", f"Nota {text}", name, f"Scadenza {text}"):
        assert flat(expected) in body, expected
    # The deadlines report and the axis sheet print it too.
    export_pdf(services, DeadlinesReport(), tmp_path / "d.pdf", today=TODAY)
    report = read_pdf(tmp_path / "d.pdf").text
    assert flat(f"Scadenza {text}") in report and flat(text) in report
    export_pdf(services, AxisSheet(axis=1), tmp_path / "a.pdf", today=TODAY)
    assert flat(f"Azione {text}") in read_pdf(tmp_path / "a.pdf").text


def test_every_script_prints_exactly_with_embedded_fonts(
    services: Services, tmp_path: Path
) -> None:
    action = services.actions.get_by_code("1.1.1")
    stakeholder = services.stakeholders.create(UNICODE["latino esteso A"])
    services.assignments.assign(action.id, stakeholder.id, Role.LEAD)  # bold in the table
    content = sheet(services, "1.1.1", tmp_path, text=ALL_UNICODE, notes=ALL_UNICODE)
    text = content.text
    for block, sample in UNICODE.items():
        assert text.count(flat(sample)) >= 2, block  # the action's text and its notes
    assert flat(UNICODE["latino esteso A"]) in text
    assert_embedded(content)


def test_the_shipped_fonts_have_a_glyph_for_every_sample_character() -> None:
    """Extraction alone would not see a missing glyph (a box): check the fonts' tables."""
    theme = load_theme()
    for path in (theme.font_regular, theme.font_bold, theme.font_italic):
        font = TTFont(f"check-{path.stem}", str(path))
        missing = {c for c in ALL_UNICODE if ord(c) not in font.face.charToGlyph}
        assert not missing, f"{path.name}: {sorted(missing)}"


def test_a_100000_character_note_flows_onto_next_pages(services: Services, tmp_path: Path) -> None:
    words = " ".join(f"nota{i:05d}" for i in range(11_000))[:100_000].strip()
    assert len(words) >= 99_999
    content = sheet(services, "1.1.1", tmp_path, notes=words)
    assert len(content.pages) > 10
    # Every word, in order, none lost (headers and footers come between the pages).
    assert re.findall(r"nota\d+", content.text) == words.split()
    total = len(content.pages)
    assert content.pages[-1].rstrip().endswith(f"Pagina {total} di {total}")


def test_a_note_that_is_one_100000_character_word(services: Services, tmp_path: Path) -> None:
    blob = ("QmFzZTY0" * 12_500)[:100_000]  # a pasted attachment, no space anywhere
    content = sheet(services, "1.1.1", tmp_path, notes=blob)
    assert len(content.pages) > 5
    lines = [line for page in content.pages for line in page.splitlines()]
    printed = "".join(line.strip() for line in lines if re.fullmatch(r"[QmFzZTY0]+", line.strip()))
    assert printed == blob  # every character, in order, across the pages


def test_an_action_text_longer_than_a_page_in_the_axis_table(
    services: Services, tmp_path: Path
) -> None:
    words = " ".join(f"testo{i:05d}" for i in range(4000))
    action = services.actions.get_by_code("1.2.1")
    services.actions.update(action.id, None, {"text": words})
    export_pdf(services, AxisSheet(axis=1), tmp_path / "a.pdf", today=TODAY)
    content = read_pdf(tmp_path / "a.pdf")
    # The row is cut across pages: the words are all there, around headers and footers.
    found = re.findall(r"testo\d{5}", content.text)
    assert found == words.split()


def test_200_stakeholders_on_one_action(services: Services, tmp_path: Path) -> None:
    action = services.actions.get_by_code("1.1.1")
    names = [f"Ente n. {i:03d} – Łódź & <Partner>" for i in range(200)]
    with services.db.transaction() as session:  # one transaction: fast
        for i, name in enumerate(names):
            created = services.stakeholders.create_in(session, {"name": name})
            role = Role.LEAD if i == 0 else Role.PARTNER
            services.assignments.assign_in(session, action.id, created, role)
    content = sheet(services, "1.1.1", tmp_path)
    assert "Soggetti coinvolti (200)" in content.text
    found = re.findall(r"Ente n\. (\d{3}) – Łódź & <Partner>", content.text)
    assert found == [f"{i:03d}" for i in range(200)]  # lead first, then by name
    pages_with_rows = [p for p in content.pages if "Ente n. " in p]
    assert len(pages_with_rows) >= 3
    for page in pages_with_rows:  # the header row is repeated on every page
        assert "Soggetto Ruolo Tipo" in flat(page)
    assert_embedded(content)


def test_every_field_empty_and_no_description(services: Services, tmp_path: Path) -> None:
    from psm_desktop.model import Axis, Strategy

    with services.db.transaction() as session:
        for axis in session.query(Axis):
            axis.description = ""
        for strategy in session.query(Strategy):
            strategy.description = ""
    content = sheet(services, "1.3.1", tmp_path, notes="   \n\n  ")
    assert "Note" not in content.text.split("Scadenze (0)")[1]
    export_pdf(services, AxisSheet(axis=1), tmp_path / "a.pdf", today=TODAY)
    assert "Strategia 1.1" in read_pdf(tmp_path / "a.pdf").text
