"""The open data: both CSV dialects read back with Python's csv equal the JSON, codes stay
text, and the DCAT-AP_IT record carries every required property (read with rdflib)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from psm_desktop.exchange.web.opendata import number_text
from psm_desktop.services import Services
from tests.publishkit import monitor, publish

TABLES = ("assi", "strategie", "azioni", "indicatori", "scadenze", "assegnazioni")
DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
EU = "http://publications.europa.eu/resource/authority/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from psm_desktop.services import EditContext
    from psm_desktop.storage import open_database

    folder = tmp_path_factory.mktemp("dati")
    db = open_database(folder / "piano.sqlite", auto_backup=False)
    try:
        publish(monitor(Services(db, EditContext(user="Tester", source="test"))), folder / "sito")
    finally:
        db.close()
    return folder / "sito"


def _open_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def _excel_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def _as_open(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def _as_excel(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, int | float):
        return number_text(value).replace(".", ",")
    if column.startswith("data"):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def _unwrap_excel(cell: str) -> str:
    """What Excel shows: ="1.10" is the text 1.10, a leading apostrophe is not shown."""
    if cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1].replace('""', '"')
    return cell[1:] if cell.startswith("'") else cell


@pytest.mark.parametrize("name", TABLES)
def test_both_csv_dialects_read_back_equal_the_json(site: Path, name: str) -> None:
    records = json.loads((site / "dati" / f"{name}.json").read_text(encoding="utf-8"))
    open_rows = _open_csv(site / "dati" / f"{name}.csv")
    excel_rows = _excel_csv(site / "dati" / f"{name}-excel.csv")
    assert records, name
    assert len(open_rows) == len(excel_rows) == len(records)
    for record, open_row, excel_row in zip(records, open_rows, excel_rows, strict=True):
        assert list(open_row) == list(record) == list(excel_row)
        assert open_row == {k: _as_open(v) for k, v in record.items()}
        assert {k: _unwrap_excel(v) for k, v in excel_row.items()} == {
            k: _as_excel(v, k) for k, v in record.items()
        }


def test_codes_stay_text_and_numbers_keep_their_value(site: Path) -> None:
    actions = json.loads((site / "dati" / "azioni.json").read_text(encoding="utf-8"))
    first = actions[0]
    assert first["azione"] == "1.1.1" and first["strategia"] == "1.1" and first["asse"] == "1"
    assert first["budget"] == 1250000.5 and first["avanzamento"] == 50
    assert first["data_riferimento"] == "2025-06-30"
    assert first["enti_responsabili"] == "Comune di Pinerolo"
    office = ("cup", "misura_pnrr", "obiettivo_dup", "obiettivi_agenda_2030", "competenza")
    assert [first[k] for k in office] == ["J81B19000000012", "M1C1 I1.1", None, "9; 11", "regia"]
    excel = (site / "dati" / "azioni-excel.csv").read_bytes().decode("utf-8-sig")
    assert '"=""1.1.1"""' in excel and "1250000,5" in excel and "30/06/2025" in excel
    open_csv = (site / "dati" / "azioni.csv").read_text(encoding="utf-8")
    assert "1.1.1," in open_csv and "1250000.5" in open_csv and "2025-06-30" in open_csv
    indicators = json.loads((site / "dati" / "indicatori.json").read_text(encoding="utf-8"))
    measured = next(i for i in indicators if i["nome"] == "Comuni connessi")
    assert measured["valore_rilevato"] == 40.5 and measured["codice_ambito"] == "1.1.1"
    assert measured["non_disponibile"] is False


def test_the_readme_describes_every_field_in_italian(site: Path) -> None:
    readme = (site / "dati" / "LEGGIMI.txt").read_text(encoding="utf-8")
    for name in TABLES:
        header = (site / "dati" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        for column in header.split(","):
            assert f"  {column} " in readme, (name, column)
    assert "Licenza: Creative Commons Attribuzione 4.0" in readme


def test_dcat_ap_it_record_has_every_required_property(site: Path) -> None:
    path = site / "dati" / "dcat-ap_it.rdf"
    graph = Graph()
    graph.parse(path, format="xml", publicID="https://example.invalid/sito/dati/dcat-ap_it.rdf")
    (catalog,) = graph.subjects(ns.RDF.type, DCATAPIT.Catalog)
    assert (catalog, ns.RDF.type, ns.DCAT.Catalog) in graph
    for prop in (
        ns.DCTERMS.title,
        ns.DCTERMS.description,
        ns.DCTERMS.publisher,
        ns.DCTERMS.modified,
        ns.DCAT.dataset,
        ns.FOAF.homepage,
    ):
        assert graph.value(catalog, prop) is not None, prop
    (dataset,) = graph.subjects(ns.RDF.type, DCATAPIT.Dataset)
    assert (dataset, ns.RDF.type, ns.DCAT.Dataset) in graph
    assert graph.value(dataset, ns.DCTERMS.identifier) == Literal("cmto:psm-2024-2026-2025-s1")
    for prop in (ns.DCTERMS.title, ns.DCTERMS.description):
        value = graph.value(dataset, prop)
        assert isinstance(value, Literal) and value.language == "it" and str(value)
    assert graph.value(dataset, ns.DCTERMS.modified).toPython() == dt.date.today()  # closed today
    assert graph.value(dataset, ns.DCAT.theme) == URIRef(EU + "data-theme/GOVE")
    assert graph.value(dataset, ns.DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/ANNUAL_2")
    holder = graph.value(dataset, ns.DCTERMS.rightsHolder)
    assert (holder, ns.RDF.type, DCATAPIT.Agent) in graph
    assert graph.value(holder, ns.DCTERMS.identifier) == Literal("cmto")
    assert "Città metropolitana di Torino" in str(graph.value(holder, ns.FOAF.name))
    distributions = list(graph.objects(dataset, ns.DCAT.distribution))
    assert len(distributions) == len(TABLES) * 3
    for dist in distributions:
        assert (dist, ns.RDF.type, DCATAPIT.Distribution) in graph
        fmt = graph.value(dist, ns.DCTERMS.format)
        assert fmt in (URIRef(EU + "file-type/CSV"), URIRef(EU + "file-type/JSON"))
        licence = graph.value(dist, ns.DCTERMS.license)
        assert licence == URIRef("https://creativecommons.org/licenses/by/4.0/")
        assert (licence, ns.RDF.type, DCATAPIT.LicenseDocument) in graph
        assert graph.value(licence, ns.DCTERMS.type) is not None
        url = graph.value(dist, ns.DCAT.accessURL)
        local = str(url).removeprefix("https://example.invalid/sito/dati/")
        assert (site / "dati" / local).is_file(), url


def test_codes_with_leading_zeros_or_trailing_zero_survive_and_formulas_never_run() -> None:
    from psm_desktop.exchange.web.opendata import Column, Table, to_excel_csv, to_json, to_open_csv

    table = Table(
        "prova",
        "Prova",
        "",
        (Column("codice", "code", ""), Column("testo", "text", ""), Column("valore", "number", "")),
        (("1.10", "=SOMMA(A1:A9)", 0.5), ("007", "@nome", None)),
    )
    records = json.loads(to_json(table))
    assert [r["codice"] for r in records] == ["1.10", "007"]
    assert [r["codice"] for r in csv.DictReader(io.StringIO(to_open_csv(table).decode()))] == [
        "1.10",
        "007",
    ]
    excel = list(
        csv.DictReader(io.StringIO(to_excel_csv(table).decode("utf-8-sig")), delimiter=";")
    )
    assert [r["codice"] for r in excel] == ['="1.10"', '="007"']
    assert [r["testo"] for r in excel] == ["'=SOMMA(A1:A9)", "'@nome"]
    assert excel[0]["valore"] == "0,5"
