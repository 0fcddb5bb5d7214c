"""The open data: tables of the publication as CSV (two dialects) and JSON.

- `azioni.csv`: the open-data dialect (UTF-8, comma, dot as decimal mark, ISO dates);
- `azioni-excel.csv`: what Italian Excel opens by double-click (UTF-8 with BOM, semicolon,
  decimal comma, dd/mm/yyyy); codes are written as `="1.10"` so Excel keeps them as text,
  and text starting with = + - @ gets a leading apostrophe so it is never run as a formula;
- `azioni.json`: an array of objects, numbers as numbers, codes as strings.
Rows come in the plan's order, which is stable; nothing depends on when it is built.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from psm_desktop.exchange.web.sitedata import NOT_RECORDED, SiteData
from psm_desktop.model import Health
from psm_desktop.services.monitoring.summary import HealthSummary

Kind = Literal["code", "text", "int", "number", "date", "bool"]
Value = str | int | float | Decimal | dt.date | bool | None


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    description: str


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # file stem: azioni -> azioni.csv, azioni-excel.csv, azioni.json
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]


def number_text(value: float | int | Decimal) -> str:
    """Canonical text of a number with a dot: 1000, 33.3 (what `float()` reads back)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _json_value(value: Value, kind: Kind) -> object:
    if value is None:
        return None
    if kind in ("int", "number"):
        assert isinstance(value, int | float | Decimal)
        number = float(value)
        return int(number) if number.is_integer() else number
    if kind == "date":
        assert isinstance(value, dt.date)
        return value.isoformat()
    if kind == "bool":
        return bool(value)
    return str(value)


def _open_value(value: Value, kind: Kind) -> str:
    if value is None:
        return ""
    if kind in ("int", "number"):
        assert isinstance(value, int | float | Decimal)
        return number_text(value)
    if kind == "date":
        assert isinstance(value, dt.date)
        return value.isoformat()
    if kind == "bool":
        return "true" if value else "false"
    return str(value)


def _excel_value(value: Value, kind: Kind) -> str:
    if value is None:
        return ""
    if kind in ("int", "number"):
        assert isinstance(value, int | float | Decimal)
        return number_text(value).replace(".", ",")
    if kind == "date":
        assert isinstance(value, dt.date)
        return value.strftime("%d/%m/%Y")
    if kind == "bool":
        return "sì" if value else "no"
    text = str(value)
    if kind == "code":
        return '="' + text.replace('"', '""') + '"'
    if text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def to_json(table: Table) -> bytes:
    records = [
        {c.name: _json_value(v, c.kind) for c, v in zip(table.columns, row, strict=True)}
        for row in table.rows
    ]
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_open_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow([_open_value(v, c.kind) for c, v in zip(table.columns, row, strict=True)])
    return out.getvalue().encode("utf-8")


def to_excel_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow([_excel_value(v, c.kind) for c, v in zip(table.columns, row, strict=True)])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


_REF = Column("data_riferimento", "date", "data a cui si riferisce lo stato (AAAA-MM-GG)")
_HEALTH_COLUMNS = (
    Column(
        "andamento",
        "text",
        "andamento calcolato: in_linea, da_attenzionare, critico, "
        "non_valutabile (regola in regole.html)",
    ),
    Column("punteggio", "number", "punteggio dell'andamento, da 0 a 100"),
    Column("avanzamento_medio", "number", "media dell'avanzamento dichiarato delle azioni (%)"),
    Column(
        "avanzamento_atteso_medio",
        "number",
        "media dell'avanzamento atteso alla data di riferimento (%)",
    ),
    Column("azioni", "int", "numero di azioni"),
    Column("azioni_in_linea", "int", "azioni in linea"),
    Column("azioni_da_attenzionare", "int", "azioni da attenzionare"),
    Column("azioni_critiche", "int", "azioni critiche"),
    Column("azioni_non_valutabili", "int", "azioni non valutabili"),
)


def _health_values(s: HealthSummary) -> tuple[Value, ...]:
    return (
        s.health.value,
        s.score,
        s.progress,
        s.expected_progress,
        s.actions,
        s.count(Health.ON_TRACK),
        s.count(Health.ATTENTION),
        s.count(Health.CRITICAL),
        s.count(Health.NOT_RATED),
    )


def tables(data: SiteData) -> list[Table]:
    ref = data.state.reference_date
    axes = Table(
        "assi",
        "Assi",
        "Gli assi del piano con l'andamento calcolato.",
        (
            _REF,
            Column("asse", "code", "numero dell'asse"),
            Column("titolo", "text", "titolo dell'asse"),
            *_HEALTH_COLUMNS,
        ),
        tuple((ref, s.code, s.title, *_health_values(s)) for s in data.report.axes),
    )
    strategy_axis = {c: str(a) for c, _, a in data.state.strategies}
    strategies = Table(
        "strategie",
        "Strategie",
        "Le strategie di ogni asse con l'andamento calcolato.",
        (
            _REF,
            Column("strategia", "code", "codice della strategia (per esempio 1.10)"),
            Column("asse", "code", "numero dell'asse"),
            Column("titolo", "text", "titolo della strategia"),
            *_HEALTH_COLUMNS,
        ),
        tuple(
            (ref, s.code, strategy_axis[s.code], s.title, *_health_values(s))
            for s in data.report.strategies
        ),
    )
    actions = Table(
        "azioni",
        "Azioni",
        "Le azioni del piano: stato dichiarato, avanzamento e andamento.",
        (
            _REF,
            Column("azione", "code", "codice dell'azione (per esempio 1.1.1)"),
            Column("asse", "code", "numero dell'asse"),
            Column("strategia", "code", "codice della strategia"),
            Column("testo", "text", "testo dell'azione"),
            Column(
                "stato",
                "text",
                "stato dichiarato: non_avviata, in_corso, completata, sospesa, annullata",
            ),
            Column("avanzamento", "int", "avanzamento dichiarato (%)"),
            Column(
                "avanzamento_atteso", "number", "avanzamento atteso alla data di riferimento (%)"
            ),
            Column("data_inizio", "date", "data di inizio (AAAA-MM-GG)"),
            Column("data_fine", "date", "data di fine prevista (AAAA-MM-GG)"),
            Column("budget", "number", "budget in euro"),
            Column("punteggio", "number", "punteggio dell'andamento, da 0 a 100"),
            Column("andamento", "text", "andamento calcolato"),
            Column("enti_responsabili", "text", "enti pubblici responsabili, separati da ;"),
            Column("cup", "code", "Codice Unico di Progetto (vuoto se non indicato)"),
            Column("misura_pnrr", "code", "missione, componente e misura del PNRR (M1C1 I1.1)"),
            Column("obiettivo_dup", "code", "codice dell'obiettivo del DUP"),
            Column(
                "obiettivi_agenda_2030", "text", "obiettivi dell'Agenda 2030 (1-17), separati da ;"
            ),
            Column("competenza", "text", "diretta o regia (vuoto se non indicata)"),
        ),
        tuple(
            (
                ref,
                a.code,
                str(a.axis),
                a.strategy,
                a.text,
                a.status.value,
                a.progress,
                a.expected_progress,
                a.start_date,
                a.end_date,
                a.budget,
                a.score,
                a.health.value,
                data.leads_of(a.code) or None,
                a.cup,
                a.pnrr,
                a.dup_objective,
                "; ".join(str(goal) for goal in a.sdgs) or None,
                a.competence.value if a.competence else None,
            )
            for a in data.state.actions
        ),
    )
    indicators = Table(
        "indicatori",
        "Indicatori",
        "Gli indicatori con valore di partenza, obiettivi e valore rilevato nel periodo.",
        (
            _REF,
            Column("indicatore", "int", "numero identificativo dell'indicatore"),
            Column("ambito", "text", "che cosa misura: azione, strategia o asse"),
            Column(
                "codice_ambito", "code", "codice dell'azione o della strategia, numero dell'asse"
            ),
            Column("nome", "text", "nome dell'indicatore"),
            Column("unita_misura", "text", "unità di misura"),
            Column("direzione", "text", "crescente, decrescente o intervallo"),
            Column("valore_partenza", "number", "valore di partenza"),
            Column("data_partenza", "date", "data del valore di partenza"),
            Column("obiettivo", "number", "obiettivo finale"),
            Column("data_obiettivo", "date", "data dell'obiettivo finale"),
            Column("obiettivo_periodo", "number", "obiettivo alla data di riferimento"),
            Column("valore_rilevato", "number", "valore rilevato (vuoto se non rilevato)"),
            Column("non_disponibile", "bool", "il valore non è disponibile (n.d.)"),
            Column("punteggio", "number", "punteggio da 0 a 100"),
            Column("andamento", "text", "andamento calcolato"),
        ),
        tuple(
            (
                ref,
                i.id,
                i.owner_kind,
                i.owner,
                i.name,
                i.unit or None,
                i.direction.value,
                i.baseline,
                i.baseline_date,
                i.target,
                i.target_date,
                i.period_target,
                i.value,
                i.not_available,
                i.score,
                i.health.value,
            )
            for i in data.state.indicators
        ),
    )
    deadlines = Table(
        "scadenze",
        "Scadenze",
        "Le scadenze delle azioni, con l'ente pubblico di riferimento.",
        (
            Column("azione", "code", "codice dell'azione"),
            Column("titolo", "text", "la scadenza"),
            Column("data_scadenza", "date", "data della scadenza (AAAA-MM-GG)"),
            Column(
                "data_completamento",
                "date",
                "data in cui è stata rispettata (vuota se "
                "alla data di riferimento era ancora aperta)",
            ),
            Column("ente", "text", "ente pubblico di riferimento (vuoto se nessuno)"),
        ),
        tuple(
            (d.action, d.title, d.due_date, d.completed_on, d.body or None) for d in data.deadlines
        ),
    )
    assignments = Table(
        "assegnazioni",
        "Assegnazioni",
        "Il ruolo degli enti pubblici (comuni e altri enti) in ogni azione.",
        (
            Column("azione", "code", "codice dell'azione"),
            Column("ente", "text", "nome dell'ente pubblico"),
            Column("tipo_ente", "text", "comune o ente pubblico"),
            Column("ruolo", "text", "responsabile, partner, coinvolto o informato"),
        ),
        tuple((a.action, a.body, a.kind, a.role) for a in data.plan.assignments),
    )
    return [axes, strategies, actions, indicators, deadlines, assignments]


def data_files(table: Table) -> list[tuple[str, bytes]]:
    return [
        (f"{table.name}.csv", to_open_csv(table)),
        (f"{table.name}-excel.csv", to_excel_csv(table)),
        (f"{table.name}.json", to_json(table)),
    ]


def readme(data: SiteData, all_tables: Sequence[Table]) -> bytes:
    """The fields of every file, in Italian, as plain text."""
    lines = [
        f"Dati aperti: {data.plan.title or 'piano strategico'}",
        f"{data.date_label}"
        + (f", periodo di monitoraggio «{data.state.period}»" if data.state.period else ""),
    ]
    if data.provisional:
        lines.append("PUBBLICAZIONE PROVVISORIA: dati non ancora consolidati in un periodo chiuso.")
    if not data.recorded:  # scadenze and assegnazioni are empty, and say why
        lines.append(NOT_RECORDED)
    lines += [
        f"Pubblicato da: {data.publisher}",
        f"Licenza: {data.settings.licence_info.name} - {data.settings.licence_info.uri}",
        "",
        "Ogni tabella è in tre file:",
        "- NOME.csv: UTF-8, separatore virgola, punto decimale, date AAAA-MM-GG;",
        "- NOME-excel.csv: per Excel in italiano (doppio clic): UTF-8 con BOM, separatore "
        "punto e virgola, virgola decimale, date GG/MM/AAAA; i codici sono scritti come "
        '="1.10" perché restino testo, e un testo che inizia con = + - @ è preceduto da un '
        "apostrofo;",
        "- NOME.json: un elenco di oggetti; numeri come numeri, codici come testo, "
        "valori mancanti null.",
        "I codici (azioni, strategie, assi) sono sempre testo: 1.10 non è 1.1.",
        "Non contengono dati personali: degli enti si pubblicano solo nome, tipo e ruolo.",
        "I metadati DCAT-AP_IT sono in dcat-ap_it.rdf.",
        "",
    ]
    for table in all_tables:
        lines.append(f"{table.name} - {table.title}: {table.description}")
        width = max(len(c.name) for c in table.columns)
        for column in table.columns:
            lines.append(
                f"  {column.name.ljust(width)}  {_KIND_LABEL[column.kind]}; {column.description}"
            )
        lines.append("")
    return ("\r\n".join(lines)).encode("utf-8")


_KIND_LABEL: dict[Kind, str] = {
    "code": "codice (testo)",
    "text": "testo",
    "int": "numero intero",
    "number": "numero",
    "date": "data",
    "bool": "vero/falso",
}
