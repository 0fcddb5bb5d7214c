"""Characters the PDF font cannot print are reported, and a fallback font prints them (9.12)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from pdfcheck import read_pdf

from psm_desktop.exchange.pdf.documents import PdfResult, export_pdf
from psm_desktop.exchange.pdf.requests import ActionSheets, AxisSheet, DeadlinesReport, PdfRequest
from psm_desktop.exchange.pdf.theme import Theme, load_theme
from psm_desktop.model import Role
from psm_desktop.services import Services

TODAY = dt.date(2025, 6, 15)
CHINESE = "北京市政府"
DEVANAGARI = "नमस्ते दिल्ली"
THAI = "กรุงเทพมหานคร"
ARABIC = "مدينة تورينو"
HEBREW = "ירושלים"
TIFINAGH = "ⵜⴰⵎⴰⵣⵉⵖⵜ"  # in DejaVu Sans, not in DejaVu Sans Oblique


def make(services: Services, request: PdfRequest, tmp_path: Path, **kw: object) -> PdfResult:
    return export_pdf(services, request, tmp_path / "out.pdf", today=TODAY, **kw)  # type: ignore[arg-type]


def set_text(services: Services, code: str, **changes: object) -> int:
    action = services.actions.get_by_code(code)
    services.actions.update(action.id, None, changes)
    return action.id


def test_actions_and_fields_with_unprintable_characters_are_listed(
    services: Services, tmp_path: Path
) -> None:
    first = set_text(services, "1.1.1", notes=f"Gemellaggio con {CHINESE}")
    set_text(services, "1.2.1", text=f"Accordo {DEVANAGARI}")
    set_text(services, "1.3.1", notes=f"Delegazione di {ARABIC} e {HEBREW}")
    services.deadlines.add(first, f"Visita a {THAI}", dt.date(2025, 7, 1))
    who = services.stakeholders.create(f"Ufficio {CHINESE}")
    services.assignments.assign(first, who.id, Role.LEAD)

    warnings = "\n".join(make(services, ActionSheets(axis=1), tmp_path).warnings)
    assert "Azione 1.1.1, Note: " in warnings and "北" in warnings
    assert "Azione 1.2.1, Testo: " in warnings and "न" in warnings
    assert "Azione 1.1.1, Scadenze: " in warnings and "ก" in warnings
    assert "Azione 1.1.1, Soggetti: " in warnings
    assert "[fonts] fallback" in warnings  # what to do about it
    assert "da destra a sinistra" in warnings and "Azione 1.3.1, Note" in warnings
    assert "Azione 1.2.2" not in warnings
    assert "Error" not in warnings and "\\u" not in warnings

    axis = "\n".join(make(services, AxisSheet(axis=1), tmp_path).warnings)
    assert "Azione 1.2.1, Testo" in axis and "Azione 1.1.1, Responsabile" in axis
    report = "\n".join(make(services, DeadlinesReport(), tmp_path).warnings)
    assert "Azione 1.1.1, Scadenze" in report


def test_text_every_shipped_font_prints_gives_no_warning(
    services: Services, tmp_path: Path
) -> None:
    set_text(services, "1.1.1", notes="Łódź Őrség Αθήνα Київ Երևան თბილისი € ½ “ok” ✓")
    assert make(services, ActionSheets(axis=1), tmp_path).warnings == ()


def test_a_long_list_is_cut_with_a_count(services: Services, tmp_path: Path) -> None:
    for row in services.actions.list_actions():
        set_text(services, row.code, notes=CHINESE)
    warnings = make(services, ActionSheets(axis=1), tmp_path).warnings
    assert len(warnings) <= 25
    assert any("e altri 4 campi" in w for w in warnings), warnings


def oblique_theme(tmp_path: Path, fallback: bool) -> Theme:
    path = tmp_path / "pdf-theme.toml"
    extra = 'fallback = "DejaVuSans.ttf"\n' if fallback else ""
    path.write_text(f'[fonts]\nregular = "DejaVuSans-Oblique.ttf"\n{extra}', encoding="utf-8")
    return load_theme(path)


def test_the_fallback_font_prints_what_the_main_font_lacks(
    services: Services, tmp_path: Path
) -> None:
    first = set_text(services, "1.1.1", text=f"Cooperazione con {TIFINAGH}", notes=TIFINAGH)
    who = services.stakeholders.create(f"Comune {TIFINAGH}")
    services.assignments.assign(first, who.id, Role.LEAD)
    request = ActionSheets(axis=1)  # cover, index lines, sheets, table cells
    without = make(services, request, tmp_path, theme=oblique_theme(tmp_path, False))
    assert any("Azione 1.1.1, Testo" in w for w in without.warnings)
    assert any(TIFINAGH[0] in w for w in without.warnings)

    result = make(services, request, tmp_path, theme=oblique_theme(tmp_path, True))
    assert result.warnings == ()
    content = read_pdf(result.path)
    assert content.text.count(TIFINAGH) >= 4, content.text.count(TIFINAGH)
    names = sorted(f.name.split("+")[-1] for f in content.fonts)
    assert "DejaVuSans" in names and "DejaVuSans-Oblique" in names, names
    # The axis sheet (table cells drawn directly on the canvas) uses it too.
    axis = make(services, AxisSheet(axis=1), tmp_path, theme=oblique_theme(tmp_path, True))
    assert axis.warnings == () and TIFINAGH in read_pdf(axis.path).text


def system_font_for(lang: str) -> Path | None:
    """A TrueType font of this machine with the letters of `lang` (fc-list), if any."""
    if shutil.which("fc-list") is None:
        return None
    listing = subprocess.run(
        ["fc-list", f":lang={lang}", "file"], capture_output=True, text=True, check=False
    ).stdout
    for line in listing.splitlines():
        path = Path(line.split(":")[0].strip())
        if path.suffix.lower() == ".ttf" and path.is_file():
            return path
    return None


# "zh": any Chinese font (fontconfig counts Droid Sans Fallback as zh-tw, not zh-cn).
# CI installs fonts-droid-fallback and fonts-lohit-deva so that these never skip there.
@pytest.mark.parametrize(("lang", "sample"), [("zh", CHINESE), ("hi", DEVANAGARI)])
def test_a_system_fallback_font_prints_real_scripts(
    services: Services, tmp_path: Path, lang: str, sample: str
) -> None:
    font = system_font_for(lang)
    if font is None:
        pytest.skip(f"no TrueType font for {lang} on this machine (fc-list :lang={lang})")
    path = tmp_path / "pdf-theme.toml"
    path.write_text(f'[fonts]\nfallback = "{font}"\n', encoding="utf-8")
    set_text(services, "1.1.1", notes=sample)
    action = services.actions.get_by_code("1.1.1")
    result = make(services, ActionSheets(action_ids=(action.id,)), tmp_path, theme=load_theme(path))
    assert result.warnings == ()
