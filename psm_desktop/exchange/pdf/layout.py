"""The document template shared by every sheet: A4, header, footer, outline, metadata.

"Pagina N di M" needs the page count before the footer is drawn. Instead of laying the
document out twice, the canvas keeps each finished page's drawing and writes the footers
when it is saved, when the total is known (one layout pass: what keeps many sheets fast).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from psm_desktop.exchange.pdf.flowables import fit_text
from psm_desktop.exchange.pdf.metadata import add_metadata
from psm_desktop.exchange.pdf.styles import Styles
from psm_desktop.formatting import format_date
from psm_desktop.progress import ProgressCallback, no_progress

MARGIN_X = 20 * mm
MARGIN_TOP = 27 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_HEIGHT = A4[1] - MARGIN_TOP - MARGIN_BOTTOM


@dataclass(frozen=True)
class DocumentInfo:
    title: str  # metadata title, e.g. "Scheda dell'Asse 2 - Torino metropoli più verde..."
    subject: str  # metadata subject
    plan_title: str  # header, left
    generated_on: dt.date


class _FooterCanvas(Canvas):
    """A canvas that draws every page's footer at save time, with the page count.

    The page objects are only added to the PDF at save time, so the document's page
    counter, which names the page a bookmark points to ("Page7"), is advanced here as each
    page is finished; otherwise every bookmark would name page 1. The names are resolved
    when the file is written, after the pages have been added under the same names.
    """

    def __init__(self, *args: Any, footer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer = footer
        self.anchor_pages: dict[str, int] = {}  # bookmark key -> page it was drawn on
        self._late: dict[str, tuple[Any, ...]] = {}  # placeholder -> page number to write

    def defer_page_number(
        self, key: str, right: float, y: float, font: str, size: float, color: Any
    ) -> None:
        """Write, right-aligned at (right, y) here, the page of bookmark `key` once known.

        A placeholder (a PDF comment) keeps the place in the page's drawing, so the number
        is drawn right after its title and text extraction keeps them on one line.
        """
        # Drawn at the placeholder, inside the flowable's transformation: local coordinates.
        placeholder = f"%psm-page {len(self._late)}"
        self._late[placeholder] = (key, right, y, font, size, color)
        self._code.append(placeholder)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._doc.pageCounter += 1
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        self._doc.pageCounter = 1  # the real pages are added now, from the first
        for state in self._pages:
            self.__dict__.update(state)
            if self._late:
                self._write_page_numbers()
            self._footer(self, self._pageNumber, total)
            super().showPage()
        super().save()

    def _write_page_numbers(self) -> None:
        code: list[str] = self._code
        for i, item in enumerate(code):
            late = self._late.get(item) if item.startswith("%psm-page") else None
            if late is None:
                continue
            key, x, y, font, size, color = late
            page = self.anchor_pages.get(key)
            self._code: list[str] = []
            self.saveState()
            self.setFillColor(color)
            self.setFont(font, size)
            self.drawRightString(x, y, str(page) if page is not None else "")
            self.restoreState()
            code[i] = "\n".join(self._code)
            self._code = code


class SheetDocument(BaseDocTemplate):
    """A4 pages with the plan's header and footer; flowables may report progress."""

    def __init__(
        self,
        target: Path,
        styles: Styles,
        info: DocumentInfo,
        *,
        progress: ProgressCallback = no_progress,
        progress_total: int = 0,
    ) -> None:
        theme = styles.theme
        super().__init__(
            str(target),
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=info.title,
            author=theme.office,
            subject=info.subject,
            creator="PSM Desktop",
            lang="it-IT",
            initialFontName=styles.fonts.regular,
            initialFontSize=theme.font_size,
        )
        self.styles = styles
        self.info = info
        self.pages = 0
        self._progress = progress
        self._progress_total = progress_total
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._draw_header)])
        self._logo = ImageReader(str(theme.logo)) if theme.logo else None

    def build_pdf(self, story: list[Flowable]) -> int:
        """Lay out and write the document; return the number of pages."""
        self.build(story, canvasmaker=self._make_canvas)
        return self.pages

    def _make_canvas(self, *args: Any, **kwargs: Any) -> Canvas:
        canvas = _FooterCanvas(*args, footer=self._draw_footer, **kwargs)
        canvas.showOutline()
        add_metadata(canvas, self.title, self.author, self.subject, "it-IT")
        return canvas

    def report_progress(self, step: int) -> None:
        """Called as each sheet or action row is drawn; raises Cancelled on Cancel."""
        self._progress(
            step, self._progress_total, f"Impaginazione: {step} di {self._progress_total}"
        )

    # --- page furniture ------------------------------------------------------------------

    def _draw_header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        styles = self.styles
        width, height = self.pagesize
        top = height - 12 * mm
        left = MARGIN_X
        canvas.saveState()
        if self._logo is not None:
            # Sits on the rule, never over it nor past the page's top edge.
            logo_h = min(self.styles.theme.logo_height_mm, 10) * mm
            img_w, img_h = self._logo.getSize()
            logo_w = logo_h * img_w / img_h
            bottom = top - 2 * mm
            canvas.drawImage(self._logo, left, bottom, logo_w, logo_h, mask="auto")
            left += logo_w + 3 * mm
        canvas.setFillColor(styles.color("primary"))
        canvas.setFont(styles.fonts.bold, 8.5)
        canvas.drawString(
            left, top, fit_text(self.info.plan_title, styles.fonts.bold, 8.5, 95 * mm)
        )
        canvas.setFillColor(styles.color("muted"))
        canvas.setFont(styles.fonts.regular, 8.5)
        canvas.drawRightString(
            width - MARGIN_X, top, fit_text(styles.theme.office, styles.fonts.regular, 8.5, 70 * mm)
        )
        canvas.setStrokeColor(styles.color("accent"))
        canvas.setLineWidth(1.2)
        rule_y = top - 3.5 * mm
        canvas.line(MARGIN_X, rule_y, width - MARGIN_X, rule_y)
        canvas.restoreState()
        self.pages = canvas.getPageNumber()

    def _draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        styles = self.styles
        width, _ = self.pagesize
        y = 11 * mm
        canvas.saveState()
        canvas.setStrokeColor(styles.color("rule"))
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, y + 4 * mm, width - MARGIN_X, y + 4 * mm)
        canvas.setFillColor(styles.color("muted"))
        canvas.setFont(styles.fonts.regular, 7.5)
        # A long page label is printed smaller, never cut: the numbers are at its end.
        page_label = styles.theme.page_label(page, pages)
        label_size = 7.5
        label_w = stringWidth(page_label, styles.fonts.bold, label_size)
        if label_w > (width - 2 * MARGIN_X) * 0.6:
            label_size = max(3.0, label_size * (width - 2 * MARGIN_X) * 0.6 / label_w)
            label_w = stringWidth(page_label, styles.fonts.bold, label_size)
        room = width - 2 * MARGIN_X - label_w - 10 * mm
        generated = f"{styles.theme.label('generated')} {format_date(self.info.generated_on)}"
        left = fit_text(f"{generated} · {self.info.title}", styles.fonts.regular, 7.5, room)
        canvas.drawString(MARGIN_X, y, left)
        canvas.setFont(styles.fonts.bold, label_size)
        canvas.drawRightString(width - MARGIN_X, y, page_label)
        canvas.restoreState()
