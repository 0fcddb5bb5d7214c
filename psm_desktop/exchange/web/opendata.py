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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

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


# A table is a list of fields: each column beside how its value is read from a row, so that a
# column and its value can never drift apart (as two parallel lists did).
Field = tuple[Column, Callable[[Any], Value]]


def _field(name: str, kind: Kind, description: str, value: Callable[[Any], Value]) -> Field:
    return Column(name, kind, description), value


def _table(
    name: str, title: str, description: str, fields: Sequence[Field], rows: Iterable[Any]
) -> Table:
    return Table(
        name,
        title,
        description,
        tuple(column for column, _ in fields),
        tuple(tuple(value(row) for _, value in fields) for row in rows),
    )


def _reference(day: dt.date) -> Field:
    return _field(
        "data_riferimento", "date", "data a cui si riferisce lo stato (AAAA-MM-GG)", lambda _: day
    )


def _health_fields() -> list[Field]:
    """The columns of an axis's or strategy's computed health (a HealthSummary)."""

    def count(health: Health) -> Callable[[HealthSummary], Value]:
        return lambda s: s.count(health)

    return [
        _field(
            "andamento",
            "text",
            "andamento calcolato: in_linea, da_attenzionare, critico, "
            "non_valutabile (regola in regole.html)",
            lambda s: s.health.value,
        ),
        _field("punteggio", "number", "punteggio dell'andamento, da 0 a 100", lambda s: s.score),
        _field(
            "avanzamento_medio",
            "number",
            "media dell'avanzamento dichiarato delle azioni (%)",
            lambda s: s.progress,
        ),
        _field(
            "avanzamento_atteso_medio",
            "number",
            "media dell'avanzamento atteso alla data di riferimento (%)",
            lambda s: s.expected_progress,
        ),
        _field("azioni", "int", "numero di azioni", lambda s: s.actions),
        _field("azioni_in_linea", "int", "azioni in linea", count(Health.ON_TRACK)),
        _field("azioni_da_attenzionare", "int", "azioni da attenzionare", count(Health.ATTENTION)),
        _field("azioni_critiche", "int", "azioni critiche", count(Health.CRITICAL)),
        _field("azioni_non_valutabili", "int", "azioni non valutabili", count(Health.NOT_RATED)),
    ]


def _axes(data: SiteData) -> Table:
    fields = [
        _reference(data.state.reference_date),
        _field("asse", "code", "numero dell'asse", lambda s: s.code),
        _field("titolo", "text", "titolo dell'asse", lambda s: s.title),
        *_health_fields(),
    ]
    return _table(
        "assi", "Assi", "Gli assi del piano con l'andamento calcolato.", fields, data.report.axes
    )


def _strategies(data: SiteData) -> Table:
    strategy_axis = {c: str(a) for c, _, a in data.state.strategies}
    fields = [
        _reference(data.state.reference_date),
        _field("strategia", "code", "codice della strategia (per esempio 1.10)", lambda s: s.code),
        _field("asse", "code", "numero dell'asse", lambda s: strategy_axis[s.code]),
        _field("titolo", "text", "titolo della strategia", lambda s: s.title),
        *_health_fields(),
    ]
    return _table(
        "strategie",
        "Strategie",
        "Le strategie di ogni asse con l'andamento calcolato.",
        fields,
        data.report.strategies,
    )


def _actions(data: SiteData) -> Table:
    fields = [
        _reference(data.state.reference_date),
        _field("azione", "code", "codice dell'azione (per esempio 1.1.1)", lambda a: a.code),
        _field("asse", "code", "numero dell'asse", lambda a: str(a.axis)),
        _field("strategia", "code", "codice della strategia", lambda a: a.strategy),
        _field("testo", "text", "testo dell'azione", lambda a: a.text),
        _field(
            "stato",
            "text",
            "stato dichiarato: non_avviata, in_corso, completata, sospesa, annullata",
            lambda a: a.status.value,
        ),
        _field("avanzamento", "int", "avanzamento dichiarato (%)", lambda a: a.progress),
        _field(
            "avanzamento_atteso",
            "number",
            "avanzamento atteso alla data di riferimento (%)",
            lambda a: a.expected_progress,
        ),
        _field("data_inizio", "date", "data di inizio (AAAA-MM-GG)", lambda a: a.start_date),
        _field("data_fine", "date", "data di fine prevista (AAAA-MM-GG)", lambda a: a.end_date),
        _field("budget", "number", "budget in euro", lambda a: a.budget),
        _field("punteggio", "number", "punteggio dell'andamento, da 0 a 100", lambda a: a.score),
        _field("andamento", "text", "andamento calcolato", lambda a: a.health.value),
        _field(
            "enti_responsabili",
            "text",
            "enti pubblici responsabili, separati da ;",
            lambda a: data.leads_of(a.code) or None,
        ),
        _field("cup", "code", "Codice Unico di Progetto (vuoto se non indicato)", lambda a: a.cup),
        _field(
            "misura_pnrr",
            "code",
            "missione, componente e misura del PNRR (M1C1 I1.1)",
            lambda a: a.pnrr,
        ),
        _field("obiettivo_dup", "code", "codice dell'obiettivo del DUP", lambda a: a.dup_objective),
        _field(
            "obiettivi_agenda_2030",
            "text",
            "obiettivi dell'Agenda 2030 (1-17), separati da ;",
            lambda a: "; ".join(str(goal) for goal in a.sdgs) or None,
        ),
        _field(
            "competenza",
            "text",
            "diretta o regia (vuoto se non indicata)",
            lambda a: a.competence.value if a.competence else None,
        ),
    ]
    return _table(
        "azioni",
        "Azioni",
        "Le azioni del piano: stato dichiarato, avanzamento e andamento.",
        fields,
        data.state.actions,
    )


def _indicators(data: SiteData) -> Table:
    fields = [
        _reference(data.state.reference_date),
        _field("indicatore", "int", "numero identificativo dell'indicatore", lambda i: i.id),
        _field(
            "ambito", "text", "che cosa misura: azione, strategia o asse", lambda i: i.owner_kind
        ),
        _field(
            "codice_ambito",
            "code",
            "codice dell'azione o della strategia, numero dell'asse",
            lambda i: i.owner,
        ),
        _field("nome", "text", "nome dell'indicatore", lambda i: i.name),
        _field("unita_misura", "text", "unità di misura", lambda i: i.unit or None),
        _field(
            "direzione", "text", "crescente, decrescente o intervallo", lambda i: i.direction.value
        ),
        _field("valore_partenza", "number", "valore di partenza", lambda i: i.baseline),
        _field("data_partenza", "date", "data del valore di partenza", lambda i: i.baseline_date),
        _field("obiettivo", "number", "obiettivo finale", lambda i: i.target),
        _field("data_obiettivo", "date", "data dell'obiettivo finale", lambda i: i.target_date),
        _field(
            "obiettivo_periodo",
            "number",
            "obiettivo alla data di riferimento",
            lambda i: i.period_target,
        ),
        _field(
            "valore_rilevato",
            "number",
            "valore rilevato (vuoto se non rilevato)",
            lambda i: i.value,
        ),
        _field(
            "non_disponibile",
            "bool",
            "il valore non è disponibile (n.d.)",
            lambda i: i.not_available,
        ),
        _field("punteggio", "number", "punteggio da 0 a 100", lambda i: i.score),
        _field("andamento", "text", "andamento calcolato", lambda i: i.health.value),
    ]
    return _table(
        "indicatori",
        "Indicatori",
        "Gli indicatori con valore di partenza, obiettivi e valore rilevato nel periodo.",
        fields,
        data.state.indicators,
    )


def _deadlines(data: SiteData) -> Table:
    fields = [
        _field("azione", "code", "codice dell'azione", lambda d: d.action),
        _field("titolo", "text", "la scadenza", lambda d: d.title),
        _field("data_scadenza", "date", "data della scadenza (AAAA-MM-GG)", lambda d: d.due_date),
        _field(
            "data_completamento",
            "date",
            "data in cui è stata rispettata (vuota se alla data di riferimento era ancora aperta)",
            lambda d: d.completed_on,
        ),
        _field(
            "ente",
            "text",
            "ente pubblico di riferimento (vuoto se nessuno)",
            lambda d: d.body or None,
        ),
    ]
    return _table(
        "scadenze",
        "Scadenze",
        "Le scadenze delle azioni, con l'ente pubblico di riferimento.",
        fields,
        data.deadlines,
    )


def _assignments(data: SiteData) -> Table:
    fields = [
        _field("azione", "code", "codice dell'azione", lambda a: a.action),
        _field("ente", "text", "nome dell'ente pubblico", lambda a: a.body),
        _field("tipo_ente", "text", "comune o ente pubblico", lambda a: a.kind),
        _field("ruolo", "text", "responsabile, partner, coinvolto o informato", lambda a: a.role),
    ]
    return _table(
        "assegnazioni",
        "Assegnazioni",
        "Il ruolo degli enti pubblici (comuni e altri enti) in ogni azione.",
        fields,
        data.plan.assignments,
    )


def tables(data: SiteData) -> list[Table]:
    builders = (_axes, _strategies, _actions, _indicators, _deadlines, _assignments)
    return [build(data) for build in builders]


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
