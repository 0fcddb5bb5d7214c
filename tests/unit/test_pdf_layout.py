"""Layout of the documents (issue 9, point 11): pages filled, tables continued, text unbroken."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pdfcheck import PdfContent, read_pdf
from pypdf import PdfReader

from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import ActionSheets
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
