"""Layout of the documents (issue 9, point 11): pages filled, tables continued, text unbroken."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pdfcheck import PdfContent, flat, read_pdf
from pypdf import PdfReader

from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import ActionSheets, AxisSheet, DeadlinesReport
from psm_desktop.services import Services

TODAY = dt.date(2025, 6, 15)


def make(services: Services, request: object, tmp_path: Path, name: str = "out.pdf") -> PdfContent:
    target = tmp_path / name
    export_pdf(services, request, target, today=TODAY)  # type: ignore[arg-type]
    return read_pdf(target)


def lines_with_y(path: Path) -> list[tuple[int, float, str]]:
    """(page, baseline y, text) of every text run, top to bottom."""
    found: list[tuple[int, float, str]] = []
    for number, page in enumerate(PdfReader(str(path)).pages):

        def visit(text: str, cm: list[float], tm: list[float], *_: object, n: int = number) -> None:
            if text.strip():  # the text matrix is relative to the current transformation
                found.append((n, tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

        page.extract_text(visitor_text=visit)
    return found


def test_a_long_note_is_never_broken_at_a_fixed_length(services: Services, tmp_path: Path) -> None:
    words = [f"nota{i:05d}" for i in range(2400)]  # 23,999 characters, one paragraph
    action = services.actions.get_by_code("1.1.1")
    services.actions.update(action.id, None, {"notes": " ".join(words)})
    target = tmp_path / "nota.pdf"
    export_pdf(services, ActionSheets(action_ids=(action.id,)), target, today=TODAY)
    lines = [
        re.findall(r"nota\d{5}", text)
        for page in read_pdf(target).pages
        for text in page.splitlines()
        if re.fullmatch(r"(nota\d{5} ?)+", text.strip())
    ]
    assert [w for line in lines for w in line] == words
    widest = max(len(line) for line in lines)
    short = [i for i, line in enumerate(lines[:-1]) if len(line) < widest - 1]
    assert short == [], f"lines cut short inside the paragraph: {short}"


def test_blank_lines_between_paragraphs_are_kept(services: Services, tmp_path: Path) -> None:
    action = services.actions.get_by_code("1.1.1")
    services.actions.update(
        action.id, None, {"notes": "Primo paragrafo.\nRiga che segue.\n\nDopo una riga vuota."}
    )
    target = tmp_path / "nota.pdf"
    export_pdf(services, ActionSheets(action_ids=(action.id,)), target, today=TODAY)
    y = {text.strip(): top for _, top, text in lines_with_y(target)}
    texts = ("Primo paragrafo.", "Riga che segue.", "Dopo una riga vuota.")
    first, second, third = (y[t] for t in texts)
    step = first - second
    assert step > 0 and second - third > 1.8 * step, (first, second, third)


# --- axis sheet ----------------------------------------------------------------------------


def test_strategies_share_pages_and_keep_their_heading_with_the_table(
    services: Services, tmp_path: Path
) -> None:
    content = make(services, AxisSheet(axis=1), tmp_path)
    pages = [flat(p) for p in content.pages]
    headings = [re.findall(r"Strategia (1\.\d) – (?!Azioni \(segue\))", p) for p in pages]
    assert any(len(found) > 1 for found in headings), "each strategy starts a new page"
    assert len(pages) <= 6, len(pages)  # was 7: a title page, then a page per strategy
    rows = services.actions.list_actions()
    for number, found in enumerate(headings):
        for code in found:  # the table starts under its heading, not on the next page
            first = next(r.code for r in rows if r.strategy_code == code)
            assert first in pages[number].split(f"Strategia {code} –")[1], code


def test_a_table_continued_on_the_next_page_says_segue(services: Services, tmp_path: Path) -> None:
    action = services.actions.get_by_code("1.2.1")
    services.actions.update(action.id, None, {"text": " ".join(["parola"] * 1500)})
    content = make(services, AxisSheet(axis=1), tmp_path)
    pages = [flat(p) for p in content.pages]
    continued = [n for n, p in enumerate(pages) if "(segue)" in p]
    assert continued, "no page says the table goes on"
    assert any("Strategia 1.2 – Azioni (segue)" in pages[n] for n in continued)
    for n in continued:
        assert n > 1 and re.search(
            r"Strategia 1\.\d – Azioni \(segue\) Codice Azione Stato", pages[n]
        )


def test_the_action_column_is_the_widest() -> None:
    from reportlab.lib.units import mm

    from psm_desktop.exchange.pdf.axis_sheet import ACTION_WIDTHS

    assert ACTION_WIDTHS[1] >= 70 * mm and ACTION_WIDTHS[1] > 2 * max(ACTION_WIDTHS[2:])


def test_late_actions_are_marked_in_words_on_the_axis_sheet(
    services: Services, tmp_path: Path
) -> None:
    late = services.actions.get_by_code("1.3.2")
    services.actions.update(late.id, None, {"end_date": dt.date(2025, 1, 31)})
    content = make(services, AxisSheet(axis=1), tmp_path)
    text = content.text
    row = text[text.index("1.3.2 Promuovere") :].split("1.3.3")[0]
    assert "Non avviata ⚠ in ritardo 0%" in row and "31/01/2025" in row
    assert text.count("in ritardo") == 2  # the row, and the count on the title page
    assert "1 azione in ritardo" in flat(content.pages[0])


# --- several action sheets -----------------------------------------------------------------


def test_several_sheets_have_a_cover_and_an_index_with_page_numbers(
    services: Services, tmp_path: Path
) -> None:
    content = make(services, ActionSheets(axis=1), tmp_path)
    pages = [flat(p) for p in content.pages]
    cover = pages[0]
    assert "SCHEDE DELLE AZIONI" in cover and "Asse 1" in cover and "24 schede" in cover
    index = " ".join(p for p in pages[1:3] if p.startswith("Indice") or "Indice" in p[:200])
    assert "Indice" in index
    sheet_page = {
        m.group(1): n + 1
        for n, p in enumerate(pages)
        for m in [re.search(r"\bAzione (\d+\.\d+\.\d+)\b", p)]
        if m
    }
    assert len(sheet_page) == 24
    for code, page in sheet_page.items():
        assert re.search(rf"{re.escape(code)} .*? {page}\b", index), (code, page)
    assert content.outline[0] == (0, "Indice") and content.targets[0][1] == 1
    # The index entries are links to the sheets.
    reader = PdfReader(str(tmp_path / "out.pdf"))
    links = [a for a in reader.pages[1].get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    assert len(links) >= 24


def test_one_sheet_has_no_cover(services: Services, tmp_path: Path) -> None:
    action = services.actions.get_by_code("1.1.1")
    content = make(services, ActionSheets(action_ids=(action.id,)), tmp_path)
    assert len(content.pages) == 1 and "Indice" not in content.text


# --- deadlines report ----------------------------------------------------------------------


def test_days_do_not_wrap_and_the_report_defaults_to_the_next_60_days(
    services: Services, tmp_path: Path
) -> None:
    action = services.actions.get_by_code("1.1.1")
    services.deadlines.add(action.id, "Antica", TODAY - dt.timedelta(days=1030))
    services.deadlines.add(action.id, "Vicina", TODAY + dt.timedelta(days=60))
    services.deadlines.add(action.id, "Lontana", TODAY + dt.timedelta(days=61))
    assert DeadlinesReport().within_days == 60
    content = make(services, DeadlinesReport(), tmp_path)
    assert any(re.search(r"1\.030[ \xa0]giorni", line) for line in content.pages[0].splitlines())
    assert "Antica" in content.text and "Vicina" in content.text
    assert "Lontana" not in content.text
    assert "scadenze fino al 14/08/2025" in content.text
    everything = make(services, DeadlinesReport(within_days=None), tmp_path, "all.pdf")
    assert "Lontana" in everything.text


def test_a_long_deadlines_table_says_segue_on_each_new_page(
    services: Services, tmp_path: Path
) -> None:
    action = services.actions.get_by_code("1.1.1")
    for i in range(120):
        services.deadlines.add(action.id, f"Passata {i}", dt.date(2025, 1, 1) + dt.timedelta(i))
    pages = [flat(p) for p in make(services, DeadlinesReport(), tmp_path).pages]
    assert len(pages) >= 3
    for page in pages[1:]:
        assert "Scadenze superate (segue)" in page
