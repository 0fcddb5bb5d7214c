"""Bad input: every problem listed with sheet, row and column, and the database untouched."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from badtrackers import refused, rezip
from trackerkit import column_of, edit, set_cell

from psm_desktop.exchange.tracker import safety
from psm_desktop.exchange.tracker.layout import BASE_SHEET
from psm_desktop.exchange.tracker.reading import TrackerError
from psm_desktop.exchange.tracker.safety import TrackerFileError

state_db = trackerkit.state_db_fixture
tracker = trackerkit.tracker_fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def test_status_message_names_sheet_row_column_and_allowed_values(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    bad = edit(
        tracker,
        tmp_path / "b.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.2.1", "Stato", "fatto"),
    )
    row = trackerkit.row_of(openpyxl.load_workbook(bad)["Azioni"], "Codice", "1.2.1")
    message = refused(state_db, bad, TrackerError)
    assert (
        f"Azioni, riga {row}, colonna Stato: valore 'fatto' non valido; valori ammessi: "
        "Non avviata, In corso, Completata, Sospesa, Annullata"
    ) in message


def test_every_problem_is_listed_at_once(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Data inizio", "31/02/2025")
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", "150%")
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Avanzamento %", "metà")
        set_cell(wb, "Azioni", "Codice", "1.2.1", "Data fine", "domani")
        set_cell(wb, "Azioni", "Codice", "1.2.2", "Codice", "9.9.9")
        set_cell(wb, "Azioni", "Codice", "1.2.3", "Zone omogenee", "Atlantide")
        set_cell(wb, "Scadenze", "Scadenza", "Avvio gara", "Data prevista", "presto")
        trackerkit.append_row(wb, "Assegnazioni", {"Codice azione": "1.1.3", "Soggetto": "Ignoto"})
        trackerkit.append_row(wb, "Scadenze", {"Codice azione": "1.1.3", "Scadenza": "Senza data"})

    message = refused(state_db, edit(tracker, tmp_path / "b.xlsx", change), TrackerError)
    for expected in (
        "colonna Data inizio: valore '31/02/2025' non è una data valida",
        "colonna Avanzamento %: valore '150%' non valido",
        "colonna Avanzamento %: valore 'metà' non valido",
        "colonna Data fine: valore 'domani' non è una data valida",
        "Scadenze, riga 3, colonna Data prevista: valore 'presto'",
        "colonna Zone omogenee: zona omogenea 'Atlantide' sconosciuta",
        "colonna Codice: codice azione '9.9.9' sconosciuto",
        "colonna Soggetto: soggetto 'Ignoto' sconosciuto",
        "colonna Data prevista: data mancante",
    ):
        assert expected in message
    assert message.startswith("Il tracker b.xlsx non è stato importato.")
    # Cells, codes, names and deadlines in one pass: the office fixes its file once.
    assert len([line for line in message.splitlines() if line.startswith("- ")]) == 9
    message = refused(
        state_db,
        edit(
            tracker,
            tmp_path / "c.xlsx",
            lambda wb: (
                set_cell(wb, "Azioni", "Codice", "1.2.2", "Codice", "9.9.9"),
                trackerkit.append_row(
                    wb, "Assegnazioni", {"Codice azione": "1.1.3", "Soggetto": "Ignoto"}
                ),
                trackerkit.append_row(
                    wb, "Scadenze", {"Codice azione": "1.1.3", "Scadenza": "Senza data"}
                ),
            ),
        ),
        TrackerError,
    )
    assert "colonna Codice: codice azione '9.9.9' sconosciuto" in message
    assert "colonna Soggetto: soggetto 'Ignoto' sconosciuto" in message
    assert "colonna Data prevista: data mancante" in message


def test_service_rules_are_checked_before_writing(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", "10%")  # valid
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Data fine", "01/01/2020")  # before start
        set_cell(wb, "Soggetti", "Nome", "Comune di Ivrea", "E-mail", "non-una-mail")

    message = refused(state_db, edit(tracker, tmp_path / "b.xlsx", change), TrackerError)
    assert "colonna Data fine: la data di fine (01/01/2020) è precedente" in message
    assert "E-mail" in message and "non valido" in message


def test_duplicated_rows(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["Azioni"]
        source = trackerkit.row_of(ws, "Codice", "1.1.2")
        target = ws.max_row + 1
        for col in range(1, ws.max_column + 1):
            ws.cell(target, col).value = ws.cell(source, col).value
        trackerkit.append_row(
            wb, "Assegnazioni", {"Codice azione": "1.1.2", "Soggetto": "comune di ivrea"}
        )

    message = refused(state_db, edit(tracker, tmp_path / "b.xlsx", change), TrackerError)
    assert "colonna Codice: codice azione duplicato: compare anche alla riga 3" in message
    assert "Assegnazioni" in message and "assegnazione duplicato" in message


def test_missing_columns_and_sheets(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["Azioni"]
        ws.delete_cols(column_of(ws, "Stato"))
        ws.delete_cols(column_of(ws, "Data fine"))
        del wb["Assegnazioni"]

    message = refused(state_db, edit(tracker, tmp_path / "b.xlsx", change), TrackerError)
    assert "Azioni: colonna «Stato» mancante" in message
    assert "Azioni: colonna «Data fine» mancante" in message
    assert "Assegnazioni: foglio mancante" in message


def test_workbook_of_another_plan(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        for row in wb[BASE_SHEET].iter_rows():
            if row[0].value == "meta" and row[1].value == "plan_code":
                row[2].value = "PSM-2027-2029"

    message = refused(state_db, edit(tracker, tmp_path / "b.xlsx", change), TrackerFileError)
    assert "riguarda il piano PSM-2027-2029" in message and "PSM-2024-2026" in message


def test_workbook_of_another_program(state_db: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Azioni"
    wb.active.append(["Codice", "Stato"])
    wb.active.append(["1.1.1", "Completata"])
    wb.save(tmp_path / "altro.xlsx")
    message = refused(state_db, tmp_path / "altro.xlsx", TrackerFileError)
    assert "non è un tracker esportato da PSM Desktop" in message


def test_hidden_sheet_tampered(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        for row in wb[BASE_SHEET].iter_rows():
            if row[0].value == "A":
                row[3].value = "non-uno-stato"
                break

    message = refused(state_db, edit(tracker, tmp_path / "b.xlsx", change), TrackerFileError)
    assert "foglio nascosto" in message


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b""), "è vuoto"),
        (lambda p: p.write_bytes(bytes(range(256)) * 10), "non è una cartella di lavoro"),
        (lambda p: p.write_text("Codice;Stato\n1.1.1;fatto\n"), "(CSV)"),
        (lambda p: p.write_text("<html><body>x</body></html>"), "HTML"),
        (
            lambda p: p.write_bytes(
                (
                    Path(__file__).parents[1] / "fixtures/trackers/libreoffice-invariato.xlsx"
                ).read_bytes()[:20_000]
            ),
            "danneggiato",
        ),
    ],
)
def test_files_that_are_not_workbooks(
    db_path: Path, tmp_path: Path, make: Callable[[Path], Any], expected: str
) -> None:
    path = tmp_path / "tracker.xlsx"
    make(path)
    assert expected in refused(db_path, path, TrackerFileError)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("vecchio-formato-xls.xlsx", "vecchio formato Excel 97-2003 (.xls)"),
        ("csv-rinominato.xlsx", "file di testo (CSV)"),
        ("protetto.xlsx", "protetto da password"),
    ],
)
def test_real_files_of_other_formats(db_path: Path, name: str, expected: str) -> None:
    assert expected in refused(db_path, FIXTURES / name, TrackerFileError)


def test_other_zip_documents(db_path: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "doc.xlsx", "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert "documento Word" in refused(db_path, tmp_path / "doc.xlsx", TrackerFileError)


def test_zip_bomb_is_refused_before_parsing(db_path: Path, tmp_path: Path) -> None:
    bomb = rezip(
        FIXTURES / "libreoffice-invariato.xlsx",
        tmp_path / "bomba.xlsx",
        {"xl/media/zeros.bin": bytes(40 * 1024 * 1024)},  # ~40 KB compressed, ratio ~1000
    )
    assert bomb.stat().st_size < 200_000
    assert "zip bomb" in refused(db_path, bomb, TrackerFileError)


def test_total_uncompressed_size_is_checked(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_TOTAL_UNCOMPRESSED", 100_000)
    path = FIXTURES / "libreoffice-invariato.xlsx"
    assert "zip bomb" in refused(db_path, path, TrackerFileError)


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


def test_xml_bomb_in_shared_strings(db_path: Path, tmp_path: Path) -> None:
    source = FIXTURES / "libreoffice-invariato.xlsx"
    with zipfile.ZipFile(source) as z:
        assert "xl/sharedStrings.xml" in z.namelist()  # LibreOffice writes shared strings
    bomb = LAUGHS + (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    path = rezip(source, tmp_path / "bomba.xlsx", {"xl/sharedStrings.xml": bomb.encode()})
    assert "costrutti XML pericolosi" in refused(db_path, path, TrackerFileError)


def test_xml_bomb_in_a_sheet(db_path: Path, tmp_path: Path) -> None:
    source = FIXTURES / "libreoffice-invariato.xlsx"
    with zipfile.ZipFile(source) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    body = sheet[sheet.index("<worksheet") :]
    body = body.replace(
        "<sheetData>",
        '<sheetData><row r="999"><c r="A999" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
        1,
    )
    path = rezip(
        source, tmp_path / "bomba.xlsx", {"xl/worksheets/sheet1.xml": (LAUGHS + body).encode()}
    )
    assert "costrutti XML pericolosi" in refused(db_path, path, TrackerFileError)


def test_renaming_onto_another_stakeholder(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "In corso")
        set_cell(wb, "Soggetti", "Nome", "Comune di Ivrea", "Nome", "comune di pinerolo")

    message = refused(state_db, edit(tracker, tmp_path / "b.xlsx", change), TrackerError)
    assert (
        "Soggetti, riga 4, colonna Nome: soggetto duplicato: compare anche alla riga 3" in message
    )
