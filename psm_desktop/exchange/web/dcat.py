"""The DCAT-AP_IT metadata record of the open data (RDF/XML), written by hand so that the
same publication gives the same bytes (no generator's blank-node names or ordering).

Required properties: a catalogue (title, description, publisher, modified, homepage,
dataset) and a dataset (identifier "codiceIPA:id", title, description, modified, theme from
the EU data-theme vocabulary, rights holder, accrual periodicity, publisher, distributions
with format and licence). URIs of the files are relative to the record, so the site can be
moved to any web server as it is.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from psm_desktop.exchange.web.opendata import Table
from psm_desktop.exchange.web.sitedata import SiteData
from psm_desktop.model import PeriodKind

EU = "http://publications.europa.eu/resource/authority/"
THEME = EU + "data-theme/GOVE"  # Governo e settore pubblico
LANGUAGE = EU + "language/ITA"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
FREQUENCY = {
    PeriodKind.MONTH: "MONTHLY",
    PeriodKind.QUARTER: "QUARTERLY",
    PeriodKind.SEMESTER: "ANNUAL_2",
    PeriodKind.YEAR: "ANNUAL",
    PeriodKind.OTHER: "IRREG",
}
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}


def dataset_id(data: SiteData) -> str:
    """A stable identifier for the dataset: plan code and period, in URI-safe letters."""
    base = f"{data.plan.code or 'piano'}-{data.state.period or 'provvisorio'}"
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", base).strip("-").lower()


def identifier(data: SiteData) -> str:
    """ "codiceIPA:id", as DCAT-AP_IT wants it."""
    return f"{data.settings.ipa or 'ipa_non_indicato'}:{dataset_id(data)}"


def _text(tag: str, value: str, lang: bool = True) -> str:
    attr = ' xml:lang="it"' if lang else ""
    return f"    <{tag}{attr}>{escape(value)}</{tag}>"


def _ref(tag: str, uri: str) -> str:
    return f"    <{tag} rdf:resource={quoteattr(uri)}/>"


def _date(tag: str, value: str) -> str:
    return f'    <{tag} rdf:datatype="{XSD_DATE}">{value}</{tag}>'


def record(data: SiteData, all_tables: list[Table]) -> bytes:
    ipa = data.settings.ipa or "ipa_non_indicato"
    licence = data.settings.licence_info
    modified = data.modified.isoformat()
    agent = f"#ente-{ipa}"
    dataset = f"#{dataset_id(data)}"
    title = f"{data.plan.title or 'Piano strategico'}: monitoraggio, {data.date_label.lower()}"
    description = (
        f"Azioni, indicatori, scadenze e ruoli degli enti pubblici del piano "
        f"«{data.plan.title}», con lo stato dichiarato e l'andamento calcolato secondo la "
        f"regola pubblicata; {data.date_label.lower()}"
        + (f" (periodo di monitoraggio «{data.state.period}»)." if data.state.period else ".")
        + (" Pubblicazione provvisoria." if data.provisional else "")
    )
    frequency = FREQUENCY.get(data.period_kind, "IRREG") if data.period_kind else "IRREG"
    distributions = []
    for table in all_tables:
        for ext, (fmt, media) in FORMATS.items():
            for suffix, label in (("", ""), ("-excel", " per Excel")):
                if ext == "json" and suffix:
                    continue
                name = f"{table.name}{suffix}.{ext}"
                distributions.append(
                    (name, f"{table.title} ({fmt}{label})", fmt, media, table.description)
                )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<rdf:RDF",
        '    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"',
        '    xmlns:dcat="http://www.w3.org/ns/dcat#"',
        '    xmlns:dct="http://purl.org/dc/terms/"',
        '    xmlns:dcatapit="http://dati.gov.it/onto/dcatapit#"',
        '    xmlns:foaf="http://xmlns.com/foaf/0.1/">',
        '  <dcatapit:Catalog rdf:about="#catalogo">',
        _ref("rdf:type", "http://www.w3.org/ns/dcat#Catalog"),
        _text("dct:title", f"Dati aperti: {data.plan.title or 'piano strategico'}"),
        _text(
            "dct:description",
            f"Catalogo dei dati aperti pubblicati da {data.publisher} sul monitoraggio del piano.",
        ),
        _ref("dct:publisher", agent),
        _date("dct:modified", modified),
        _ref("dct:language", LANGUAGE),
        _ref("foaf:homepage", "../index.html"),
        _ref("dcat:dataset", dataset),
        "  </dcatapit:Catalog>",
        f"  <dcatapit:Dataset rdf:about={quoteattr(dataset)}>",
        _ref("rdf:type", "http://www.w3.org/ns/dcat#Dataset"),
        _text("dct:identifier", identifier(data), lang=False),
        _text("dct:title", title),
        _text("dct:description", description),
        _date("dct:modified", modified),
        _ref("dcat:theme", THEME),
        _ref("dct:rightsHolder", agent),
        _ref("dct:publisher", agent),
        _ref("dct:accrualPeriodicity", EU + "frequency/" + frequency),
        _ref("dct:language", LANGUAGE),
        _ref("dcat:landingPage", "../dati.html"),
        _text("dcat:keyword", "piano strategico"),
        _text("dcat:keyword", "monitoraggio"),
        *(_ref("dcat:distribution", f"#{name}") for name, *_ in distributions),
        "  </dcatapit:Dataset>",
        f"  <dcatapit:Agent rdf:about={quoteattr(agent)}>",
        _ref("rdf:type", "http://xmlns.com/foaf/0.1/Agent"),
        _text("dct:identifier", ipa, lang=False),
        _text("foaf:name", data.publisher),
        "  </dcatapit:Agent>",
    ]
    for name, dist_title, fmt, media, dist_description in distributions:
        out += [
            f"  <dcatapit:Distribution rdf:about={quoteattr('#' + name)}>",
            _ref("rdf:type", "http://www.w3.org/ns/dcat#Distribution"),
            _text("dct:title", dist_title),
            _text("dct:description", dist_description),
            _ref("dct:format", EU + "file-type/" + fmt),
            _text("dcat:mediaType", media, lang=False),
            _ref("dcat:accessURL", name),
            _ref("dcat:downloadURL", name),
            _ref("dct:license", licence.uri),
            _date("dct:modified", modified),
            "  </dcatapit:Distribution>",
        ]
    out += [
        f"  <dcatapit:LicenseDocument rdf:about={quoteattr(licence.uri)}>",
        _ref("rdf:type", "http://purl.org/dc/terms/LicenseDocument"),
        _ref("dct:type", licence.kind),
        _text("foaf:name", licence.name),
        "  </dcatapit:LicenseDocument>",
        "</rdf:RDF>",
        "",
    ]
    return "\n".join(out).encode("utf-8")
