"""Every PDF bookmark opens the page where its heading is printed (issue 9, point 10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pdfcheck import PdfContent, flat, read_pdf

from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import ActionSheets, AxisSheet, DeadlinesReport
from psm_desktop.services import Services

TODAY = dt.date(2025, 6, 15)


def make(services: Services, request: object, tmp_path: Path) -> PdfContent:
    target = tmp_path / "out.pdf"
    export_pdf(services, request, target, today=TODAY)  # type: ignore[arg-type]
    return read_pdf(target)


def assert_in_order(content: PdfContent) -> None:
    pages = [page for _, page in content.targets]
    assert pages == sorted(pages), content.targets
    assert len(set(pages)) > 1, "every bookmark opens the same page"
    assert all(0 <= page < len(content.pages) for page in pages)


def test_axis_sheet_bookmarks_open_their_strategy_and_action(
    services: Services, tmp_path: Path
) -> None:
    content = make(services, AxisSheet(axis=1), tmp_path)
    assert len(content.targets) == 1 + 5 + 24
    for (level, title), (_, page) in zip(content.outline, content.targets, strict=True):
        text = flat(content.pages[page])
        if level == 0:
            assert page == 0 and "SCHEDA DELL'ASSE" in text
        elif level == 1:
            assert f"Strategia {title.split()[0]} –" in text, (title, page)
        else:
            assert title.split()[0] in text, (title, page)
    assert_in_order(content)


def test_action_sheets_bookmarks_open_their_sheet(services: Services, tmp_path: Path) -> None:
    for request in (ActionSheets(axis=1), ActionSheets()):
        content = make(services, request, tmp_path)
        for (level, title), (_, page) in zip(content.outline, content.targets, strict=True):
            text = flat(content.pages[page])
            if level == 2:
                assert f"Azione {title.split()[0]}" in text, (title, page)
            elif level == 1:
                assert f"STRATEGIA {title.split()[0]}" in text, (title, page)
        assert_in_order(content)


def test_one_action_sheet_bookmark(services: Services, tmp_path: Path) -> None:
    action = services.actions.get_by_code("1.2.1")
    content = make(services, ActionSheets(action_ids=(action.id,)), tmp_path)
    assert content.targets and all(page == 0 for _, page in content.targets)


def test_deadlines_report_bookmarks_open_their_section(services: Services, tmp_path: Path) -> None:
    action = services.actions.get_by_code("1.1.1")
    for i in range(120):  # enough overdue deadlines to push the upcoming ones pages on
        services.deadlines.add(action.id, f"Passata {i}", dt.date(2025, 1, 1) + dt.timedelta(i))
    services.deadlines.add(action.id, "Futura", dt.date(2025, 7, 1))
    content = make(services, DeadlinesReport(within_days=None), tmp_path)
    (_, overdue), (_, upcoming) = content.targets
    assert overdue == 0 and "Scadenze superate (120)" in flat(content.pages[overdue])
    assert upcoming > 0 and "Prossime scadenze (1)" in flat(content.pages[upcoming])
