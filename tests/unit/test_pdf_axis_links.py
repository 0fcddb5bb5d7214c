"""The axis sheet draws the links between axes: the axis at the centre, the linked axes
around it with a connector each, their notes listed under the drawing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pdfcheck import PdfContent, flat, read_pdf
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String

from psm_desktop.exchange.pdf.documents import build_story, export_pdf
from psm_desktop.exchange.pdf.flowables import text_width
from psm_desktop.exchange.pdf.links_graphic import Node, links_drawing
from psm_desktop.exchange.pdf.parts import CONTENT_WIDTH
from psm_desktop.exchange.pdf.requests import AxisSheet
from psm_desktop.exchange.pdf.styles import build_styles
from psm_desktop.exchange.pdf.theme import Theme
from psm_desktop.services import Services

TODAY = dt.date(2025, 6, 15)
HEADING = "Le connessioni tra l'Asse {n} e gli altri Assi del PSM"
LONG_TITLE = (
    "Torino metropoli che sperimenta nuovi modelli di governo del territorio, di cura "
    "dell'ambiente, di sostegno alle imprese e di inclusione delle persone più fragili"
)


def make(services: Services, axis: int, tmp_path: Path) -> PdfContent:
    target = tmp_path / f"asse-{axis}.pdf"
    export_pdf(services, AxisSheet(axis=axis), target, today=TODAY)
    return read_pdf(target)


def link(services: Services, notes: dict[tuple[int, int], str]) -> None:
    """Set the links between axes by number, each with its note."""
    ids = {a.number: a.id for a in services.plan.axes()}
    before = services.axis_links.links()
    services.axis_links.set_links(before, {(ids[a], ids[b]): n for (a, b), n in notes.items()})


def drawings(services: Services, axis: int) -> list[Drawing]:
    story = build_story(services, AxisSheet(axis=axis), today=TODAY).story
    found: list[Drawing] = []
    pending = list(story)
    while pending:  # the drawing sits inside a KeepTogether with its heading
        flowable = pending.pop(0)
        if isinstance(flowable, Drawing):
            found.append(flowable)
        pending[:0] = list(getattr(flowable, "_content", []))
    return found


def strings(shape: Drawing | Group) -> list[String]:
    out: list[String] = []
    for item in shape.contents:
        if isinstance(item, String):
            out.append(item)
        elif isinstance(item, Group):
            out += strings(item)
    return out


def test_all_other_axes_drawn_around_the_axis_with_their_notes(
    services: Services, tmp_path: Path
) -> None:
    notes = {
        (1, 2): "Le reti digitali servono al monitoraggio ambientale.",
        (1, 3): "Logistica e mobilità delle merci.",
        (1, 4): "",
        (1, 5): "Attrattività per le imprese & i talenti <giovani>.",
        (1, 6): "Telemedicina nelle aree montane.",
    }
    link(services, notes)
    content = make(services, 1, tmp_path)
    first = flat(content.pages[0])
    assert HEADING.format(n=1) in first
    assert "Nessun collegamento" not in content.text and "ricavati" not in first
    (drawing,) = drawings(services, 1)
    drawn = " ".join(s.text for s in strings(drawing))
    for number in range(1, 7):
        title = services.plan.axis(number).title
        assert f"Asse {number}" in drawn
        assert flat(title) in flat(drawn.replace(f"Asse {number}", " ", 1))
        # The drawing's texts reach the PDF (the box names twice: drawing and list).
        assert first.count(f"Asse {number}") >= 2, number
    for (_, number), note in notes.items():
        assert f"Asse {number} – {services.plan.axis(number).title}" in first
        assert flat(note) in first  # escaped: "&" and "<giovani>" print as typed
    # Every font embedded: the drawing does not fall back on Helvetica.
    assert content.fonts and all(f.embedded and "DejaVu" in f.name for f in content.fonts)
    # A connector from the centre to each linked axis.
    assert sum(isinstance(item, Line) for item in drawing.contents) == 5
    # Bookmarks are those of the sheet: the axis, then its strategies and actions.
    assert content.outline[0] == (0, "Asse 1 – Torino metropoli più produttiva e innovativa")
    assert [t.split()[0] for lvl, t in content.outline if lvl == 1] == [
        "1.1", "1.2", "1.3", "1.4", "1.5"
    ]  # fmt: skip


def test_one_link_and_a_long_title_cut_in_the_drawing_whole_in_the_list(
    services: Services, tmp_path: Path
) -> None:
    services.structure.update_axis(services.plan.axis(5).id, None, {"title": LONG_TITLE})
    link(services, {(3, 5): "Una sola nota."})
    content = make(services, 3, tmp_path)
    first = flat(content.pages[0])
    assert HEADING.format(n=3) in first
    assert f"Asse 5 – {LONG_TITLE}" in first and "Una sola nota." in first
    (drawing,) = drawings(services, 3)
    drawn = [s.text for s in strings(drawing)]
    assert drawn.count("Asse 5") == 1
    assert any(t.endswith("…") for t in drawn)  # the title is cut in its box
    assert "Asse 4" not in " ".join(drawn)


def test_no_links_an_honest_sentence_and_no_drawing(services: Services, tmp_path: Path) -> None:
    content = make(services, 6, tmp_path)
    assert HEADING.format(n=6) in content.text
    assert "Nessun collegamento registrato con gli altri Assi" in content.text
    assert drawings(services, 6) == []


def test_a_plan_of_twelve_axes_with_long_notes_across_pages(
    services: Services, tmp_path: Path
) -> None:
    for number in range(7, 13):
        services.structure.create_axis(f"Asse aggiunto {number}: {LONG_TITLE}")
    long_note = " ".join(["Nota del collegamento con molte parole di spiegazione."] * 17)
    assert len(long_note) <= 980
    link(services, {(7, n): f"Inizio {n}. {long_note} Fine {n}." for n in range(1, 13) if n != 7})
    content = make(services, 7, tmp_path)
    text = content.text
    for number in range(1, 13):
        if number != 7:
            assert f"Inizio {number}." in text and f"Fine {number}." in text
    title_page = next(i for i, p in enumerate(content.pages) if "Strategie e stato" in p)
    assert title_page >= 2  # eleven notes of a thousand characters flow over pages
    (drawing,) = drawings(services, 7)
    assert drawing.height < 0.8 * (297 - 47) * 72 / 25.4  # fits a page with its heading
    assert content.outline[0][0] == 0 and content.outline[0][1].startswith("Asse 7 – ")


def _boxes(drawing: Drawing) -> list[tuple[Rect, list[String]]]:
    boxes = []
    for item in drawing.contents:
        if isinstance(item, Group):
            rect = next(i for i in item.contents if isinstance(i, Rect))
            boxes.append((rect, strings(item)))
    return boxes


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5, 8, 11])
@pytest.mark.parametrize("size", [9.5, 16.0])
def test_boxes_never_overlap_and_their_text_stays_inside(count: int, size: float) -> None:
    styles = build_styles(Theme(font_size=size))
    linked = [Node(n, f"{LONG_TITLE} {n}" if n % 2 else "Corto") for n in range(2, 2 + count)]
    drawing = links_drawing(styles, "Asse", Node(1, LONG_TITLE), linked, CONTENT_WIDTH, 560)
    boxes = _boxes(drawing)
    assert len(boxes) == count + 1
    assert sorted(int(texts[0].text.split()[-1]) for _, texts in boxes) == list(range(1, 2 + count))
    for i, (a, _) in enumerate(boxes):
        assert a.x >= 0 and a.x + a.width <= drawing.width + 0.01
        assert a.y >= 0 and a.y + a.height <= drawing.height + 0.01
        for b, _ in boxes[i + 1 :]:
            apart = (
                a.x + a.width <= b.x or b.x + b.width <= a.x
                or a.y + a.height <= b.y or b.y + b.height <= a.y
            )  # fmt: skip
            assert apart, (a.x, a.y, b.x, b.y)
    for rect, texts in boxes:
        for s in texts:
            width = text_width(s.text, s.fontName, s.fontSize, None)
            left = s.x - width / 2 if s.textAnchor == "middle" else s.x
            assert rect.x < left and left + width <= rect.x + rect.width, s.text
            assert rect.y < s.y < rect.y + rect.height, s.text
