"""The campaign's merge report as PDF and xlsx, from the services and `campaign report`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import trackerkit
from clirun import run_cli
from pdfcheck import read_pdf

from psm_desktop.errors import UserError
from psm_desktop.exchange.campaigns.report import write_any_report
from psm_desktop.model import PeriodKind
from psm_desktop.services import EditContext, Services
from psm_desktop.services.campaigns import Proposal
from psm_desktop.storage import open_database

PINEROLO, IVREA = "Comune di Pinerolo", "Comune di Ivrea"


def _campaign(db_path: Path) -> None:
    """Pinerolo's 60% edited to 65% and accepted; Ivrea's 70% rejected as the other side,
    Ivrea's note rejected with a reason."""
    trackerkit.make_state_db(db_path)
    db = open_database(db_path)
    try:
        svc = Services(db, EditContext(user="Coordinatrice", source="test"))
        svc.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
        svc.campaigns.create("Primavera", dt.date(2025, 7, 31), grace_days=5)
        action = svc.actions.get_by_code("1.1.1")
        for office, value in ((PINEROLO, 60), (IVREA, 70)):
            sid = svc.stakeholders.find_by_name(office).id
            items = [Proposal("azione", action.id, action.id, "1.1.1", "progress",
                              "Avanzamento %", 40, value, "40%", f"{value}%")]  # fmt: skip
            if office == IVREA:
                items.append(Proposal("azione", action.id, action.id, "1.1.1", "notes", "Note",
                                      "", "Tutto fatto", "", "Tutto fatto"))  # fmt: skip
            svc.campaigns.record_return("Primavera", sid, f"{office}.xlsx", office, items)
        changes = {(c.office, c.field): c.id for c in svc.campaigns.changes("Primavera")}
        svc.campaigns.accept_edited("Primavera", changes[(PINEROLO, "progress")], 65, "65%")
        svc.campaigns.reject("Primavera", [changes[(IVREA, "notes")]], "non verificato")
    finally:
        db.close()


@pytest.fixture
def campaign_db(db_path: Path) -> Iterator[Path]:
    _campaign(db_path)
    yield db_path


def test_the_pdf_report_says_per_office_what_was_proposed_decided_and_why(
    campaign_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "rapporto.pdf"
    code, out, err = run_cli(capsys, "campaign", "report", "--db", campaign_db, "Primavera",
                             "-o", target)  # fmt: skip
    assert code == 0, err
    assert f"Rapporto della campagna scritto: {target}" in out
    pdf = read_pdf(target)
    text = pdf.text
    assert "Primavera – periodo 2025-S1" in text
    assert "3 proposte: accettate 1, respinte 2, in attesa 0" in text
    for office in (PINEROLO, IVREA):
        assert (0, office) in pdf.outline  # one section per office, bookmarked
        assert f"file «{office}.xlsx»" in text
    assert "modificata dal coordinatore: accettato «65%» invece di «60%»" in text
    assert "respinta: in conflitto con la proposta accettata di Comune di Pinerolo" in text
    assert "respinta: non verificato (Coordinatrice" in text
    assert all(f.embedded for f in pdf.fonts if f.subtype == "/TrueType")
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left beside


def test_the_xlsx_report_from_the_same_command(
    campaign_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "rapporto.xlsx"
    code, _, err = run_cli(capsys, "campaign", "report", "--db", campaign_db, "Primavera",
                           "-o", target)  # fmt: skip
    assert code == 0, err
    rows = list(openpyxl.load_workbook(target)["Proposte"].iter_rows(min_row=2, values_only=True))
    assert {(r[1], r[4], r[7], r[8]) for r in rows} == {
        (PINEROLO, "Avanzamento %", "accettata",
         "modificata dal coordinatore: accettato «65%» invece di «60%»"),
        (IVREA, "Avanzamento %", "respinta",
         "in conflitto con la proposta accettata di Comune di Pinerolo"),
        (IVREA, "Note", "respinta", "non verificato"),
    }  # fmt: skip
    assert not list(tmp_path.glob(".*.tmp"))


def test_another_extension_is_refused_with_the_file_name(campaign_db: Path, tmp_path: Path) -> None:
    db = open_database(campaign_db)
    try:
        svc = Services(db, EditContext(user="Tester", source="test"))
        with pytest.raises(UserError, match=r"rapporto\.docx: il rapporto si scrive in PDF"):
            write_any_report(svc, "Primavera", tmp_path / "rapporto.docx")
    finally:
        db.close()
