"""PDFs carry what reportlab can give them: the title shown in the viewer's title bar
(DisplayDocTitle), the language, and XMP metadata with title, author, subject and language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import AxisSheet
from psm_desktop.services import Services


def test_a_pdf_shows_its_title_and_says_its_language(services: Services, tmp_path: Path) -> None:
    target = tmp_path / "asse.pdf"
    result = export_pdf(services, AxisSheet(axis=1), target, today=dt.date(2025, 6, 15))
    reader = PdfReader(target)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "it-IT"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)
    assert reader.metadata is not None and reader.metadata.title == result.title
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": result.title}
    assert xmp.dc_language == ["it-IT"]
    assert xmp.dc_format == "application/pdf"
    assert xmp.xmp_creator_tool == "PSM Desktop"
    assert xmp.dc_description and xmp.dc_description["x-default"]
