"""The pages of the site, as HTML strings: index, one per axis, one per action, the health
rule, the open data and the accessibility statement. The shared layout and the statement
are templates in `reports/web/` (string.Template: no logic in them)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from string import Template

from psm_desktop.exchange.web import charts
from psm_desktop.exchange.web.charts import pct
from psm_desktop.exchange.web.opendata import Table
from psm_desktop.exchange.web.sitedata import NOT_RECORDED, SiteData
from psm_desktop.formatting import format_date, format_euro, plural
from psm_desktop.model import Health
from psm_desktop.resources import reports_dir
from psm_desktop.services.monitoring.indicators import format_number
from psm_desktop.services.monitoring.state import ActionState, IndicatorState

EMPTY = "—"


def _template(name: str) -> Template:
    return Template((reports_dir() / "web" / name).read_text(encoding="utf-8"))


def axis_page(number: int) -> str:
    return f"asse-{number}.html"


def action_page(code: str) -> str:
    return "azione-" + code.replace(".", "-") + ".html"


def strategy_anchor(code: str) -> str:
    return "strategia-" + code.replace(".", "-")


def score(value: float | None) -> str:
    return EMPTY if value is None else f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def health_badge(health: Health) -> str:
    return f'<span class="andamento andamento-{health.value}">{escape(health.label)}</span>'


def _table(
    ident: str,
    caption: str,
    head: Sequence[tuple[str, bool]],
    rows: Sequence[Sequence[str]],
    *,
    stack: bool = False,
) -> str:
    """A data table: caption, column headers, and the first cell of a row as its header.

    `head` is (label, numeric); cells are HTML already escaped. A `stack` table turns each
    row into a small card on narrow screens (each cell says its column); its explicit ARIA
    roles keep it a table for screen readers, which CSS `display: block` would otherwise hide.
    """

    def role(name: str) -> str:
        return f' role="{name}"' if stack else ""

    wrapper = "tabella impila" if stack else "tabella"
    out = [
        f'<div class="{wrapper}" role="region" aria-labelledby="{ident}" tabindex="0">',
        f'<table{role("table")}><caption id="{ident}">{escape(caption)}</caption>'
        f"<thead{role('rowgroup')}><tr{role('row')}>",
    ]
    for label, numeric in head:
        cls = ' class="num"' if numeric else ""
        out.append(f'<th scope="col"{cls}{role("columnheader")}>{escape(label)}</th>')
    out.append(f"</tr></thead><tbody{role('rowgroup')}>")
    for row in rows:
        out.append(f"<tr{role('row')}>")
        for index, (cell, (label, numeric)) in enumerate(zip(row, head, strict=True)):
            cls = ' class="num"' if numeric else ""
            if index == 0:
                out.append(f'<th scope="row"{cls}{role("rowheader")}>{cell}</th>')
            else:
                said = f' data-etichetta="{escape(label)}"' if stack else ""
                out.append(f"<td{cls}{role('cell')}{said}>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


class PageMaker:
    """Lays out every page of one publication with the same header, menu and footer."""

    MENU = (
        ("index.html", "Il piano"),
        ("regole.html", "Come si calcola l'andamento"),
        ("dati.html", "Dati aperti"),
        ("accessibilita.html", "Accessibilità"),
    )

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.layout = _template("pagina.html")
        self.site_name = data.plan.title or "Piano strategico"

    # -- the frame -----------------------------------------------------------------------

    def page(self, name: str, title: str, body: str, crumbs: Sequence[tuple[str, str]] = ()) -> str:
        data = self.data
        menu = "\n".join(
            f'<li><a href="{href}"'
            + (' aria-current="page"' if href == name else "")
            + f">{escape(label)}</a></li>"
            for href, label in self.MENU
        )
        banner = ""
        suffix = ""
        if data.provisional:
            suffix = " (provvisorio)"
            banner = (
                '<div class="provvisorio" role="note" aria-label="Pubblicazione provvisoria">'
                '<div class="contenitore"><p>Pubblicazione provvisoria: i dati non sono '
                "ancora quelli di un periodo di monitoraggio chiuso e possono cambiare."
                "</p></div></div>"
            )
        breadcrumb = ""
        if crumbs:
            items = "".join(f'<li><a href="{h}">{escape(t)}</a></li>' for h, t in crumbs)
            breadcrumb = (
                f'<nav class="percorso" aria-label="Percorso"><ol>{items}'
                f'<li aria-current="page">{escape(title)}</li></ol></nav>'
            )
        period_note = f" – periodo {data.state.period}" if data.state.period else ""
        return self.layout.substitute(
            title=escape(f"{title}{suffix} – {self.site_name}"),
            root=".",
            publisher=escape(data.publisher),
            site_name=escape(self.site_name),
            date_label=escape(data.date_label + suffix),
            period_note=escape(period_note),
            menu=menu,
            banner=banner,
            breadcrumb=breadcrumb,
            body=body,
            licence_uri=escape(data.settings.licence_info.uri),
            licence_name=escape(data.settings.licence_info.name),
        )

    # -- the pages -----------------------------------------------------------------------

    def index(self) -> str:
        data, plan = self.data, self.data.report.plan
        counts = dict(plan.by_health)
        summary = "".join(
            f'<li><span class="cifra">{n}</span>{escape(plural(n, one, many, number=False))}</li>'
            for n, one, many in (
                (plan.actions, "azione nel piano", "azioni nel piano"),
                (counts.get(Health.ON_TRACK, 0), "azione in linea", "azioni in linea"),
                (
                    counts.get(Health.ATTENTION, 0),
                    "azione da attenzionare",
                    "azioni da attenzionare",
                ),
                (counts.get(Health.CRITICAL, 0), "azione critica", "azioni critiche"),
            )
        )
        intro = (
            f"<p>Lo stato di avanzamento delle azioni del piano, {escape(data.date_label.lower())}"
            + (
                f" (periodo di monitoraggio «{escape(data.state.period)}»)"
                if data.state.period
                else ""
            )
            + f". Andamento complessivo del piano: {health_badge(plan.health)}"
            f" (punteggio {score(plan.score)}); avanzamento medio dichiarato {pct(plan.progress)}"
            f", atteso {pct(plan.expected_progress)}. "
            '<a href="regole.html">Come si calcola l\'andamento</a>.</p>'
        )
        axes = data.report.axes
        health_rows = [charts.HealthRow(f"Asse {a.code}", a.by_health) for a in axes]
        chart1 = charts.health_bars(
            "g-andamento", "Azioni per andamento, asse per asse", health_rows
        )
        table1 = _table(
            "t-andamento",
            "Azioni per andamento, asse per asse (le cifre del grafico)",
            [("Asse", False), *[(h.label, True) for h in charts.HEALTH_ORDER], ("Totale", True)],
            [
                [
                    f'<a href="{axis_page(int(a.code))}">Asse&nbsp;{a.code}</a>',
                    *[str(a.count(h)) for h in charts.HEALTH_ORDER],
                    str(a.actions),
                ]
                for a in axes
            ],
        )
        progress_rows = [
            charts.ProgressRow(f"Asse {a.code}", a.progress, a.expected_progress) for a in axes
        ]
        chart2 = charts.progress_bars(
            "g-avanzamento",
            "Avanzamento medio dichiarato e atteso, asse per asse",
            progress_rows,
        )
        table2 = _table(
            "t-avanzamento",
            "Avanzamento medio dichiarato e atteso (le cifre del grafico)",
            [("Asse", False), ("Avanzamento dichiarato", True), ("Avanzamento atteso", True)],
            [[f"Asse&nbsp;{a.code}", pct(a.progress), pct(a.expected_progress)] for a in axes],
        )
        cards = "".join(
            f'<li><h3><a href="{axis_page(int(a.code))}">Asse {a.code}: {escape(a.title)}</a>'
            f"</h3><p>{plural(a.actions, 'azione', 'azioni')}; andamento "
            f"{health_badge(a.health)}</p>"
            f"<p>Avanzamento {pct(a.progress)} (atteso {pct(a.expected_progress)})</p></li>"
            for a in axes
        )
        body = (
            f"<h1>{escape(self.site_name)}</h1>{intro}"
            f'<ul class="sommario">{summary}</ul>'
            "<h2>Gli assi del piano</h2>"
            f'<ul class="schede">{cards}</ul>'
            "<h2>Andamento delle azioni</h2>"
            f"<figure>{chart1}</figure>{table1}"
            "<h2>Avanzamento</h2>"
            f"<figure>{chart2}</figure>{table2}"
        )
        return self.page("index.html", "Il piano", body)

    def axis(self, number: int) -> str:
        data = self.data
        summary = data.axis_summary(number)
        title = f"Asse {number}: {data.axis_title(number)}"
        parts = [f"<h1>{escape(title)}</h1>"]
        description = data.axis_description(number)
        if description:
            parts += [f"<p>{escape(p)}</p>" for p in description.split("\n") if p.strip()]
        parts.append(
            f"<p>{plural(summary.actions, 'azione', 'azioni')}; andamento dell'asse "
            f"{health_badge(summary.health)} "
            f"(punteggio {score(summary.score)}); avanzamento medio {pct(summary.progress)}, "
            f"atteso {pct(summary.expected_progress)}.</p>"
        )
        others = [n for n, _ in data.state.axes if n != number]
        linked = set(data.linked_axes(number))
        parts.append("<h2>Gli altri assi</h2><ul>")
        for n in others:
            note = " (connesso a questo asse)" if n in linked else ""
            parts.append(
                f'<li><a href="{axis_page(n)}">Asse {n}: '
                f"{escape(data.axis_title(n))}</a>{note}</li>"
            )
        parts.append("</ul>")
        indicators = data.indicators_of("asse", str(number))
        if indicators:
            parts.append("<h2>Indicatori dell'asse</h2>")
            parts.append(self._indicators(f"ind-asse-{number}", "Indicatori dell'asse", indicators))
        parts.append("<h2>Strategie e azioni</h2>")
        for code, s_title in data.strategies_of(number):
            s = data.strategy_summary(code)
            parts.append(
                f'<h3 id="{strategy_anchor(code)}">Strategia {escape(code)}: {escape(s_title)}</h3>'
            )
            s_desc = data.strategy_description(code)
            if s_desc:
                parts.append(f"<p>{escape(s_desc)}</p>")
            parts.append(
                f"<p>Andamento della strategia {health_badge(s.health)}; "
                f"avanzamento medio {pct(s.progress)}, atteso "
                f"{pct(s.expected_progress)}.</p>"
            )
            parts.append(self._actions(code, data.actions_of_strategy(code)))
            s_ind = data.indicators_of("strategia", code)
            if s_ind:
                parts.append(
                    self._indicators(
                        f"ind-{strategy_anchor(code)}", f"Indicatori della strategia {code}", s_ind
                    )
                )
        return self.page(axis_page(number), title, "".join(parts), [("index.html", "Il piano")])

    def action(self, action: ActionState) -> str:
        data = self.data
        title = f"Azione {action.code}"
        strategy_title = next(t for c, t, _ in data.state.strategies if c == action.strategy)
        facts = [
            (
                "Asse",
                f'<a href="{axis_page(action.axis)}">Asse {action.axis}: '
                f"{escape(data.axis_title(action.axis))}</a>",
            ),
            (
                "Strategia",
                f'<a href="{axis_page(action.axis)}#{strategy_anchor(action.strategy)}">'
                f"Strategia {escape(action.strategy)}: {escape(strategy_title)}</a>",
            ),
            ("Stato dichiarato", escape(action.status.label)),
            (
                "Andamento calcolato",
                health_badge(action.health) + f" (punteggio {score(action.score)})",
            ),
            ("Avanzamento dichiarato", pct(action.progress)),
            ("Avanzamento atteso", pct(action.expected_progress)),
            ("Data di inizio", format_date(action.start_date, EMPTY)),
            ("Data di fine", format_date(action.end_date, EMPTY)),
            ("Budget", escape(format_euro(action.budget, EMPTY))),
            ("Ente responsabile", escape(data.leads_of(action.code) or EMPTY)),
        ]
        parts = [
            f"<h1>{escape(title)}</h1>",
            f"<p>{escape(action.text)}</p>",
            "<h2>In sintesi</h2>",
            '<dl class="dati">',
        ]
        parts += [f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts]
        parts.append("</dl>")
        indicators = data.indicators_of("azione", action.code)
        parts.append("<h2>Indicatori</h2>")
        parts.append(
            self._indicators("ind-azione", f"Indicatori dell'azione {action.code}", indicators)
            if indicators
            else "<p>L'azione non ha indicatori.</p>"
        )
        parts.append("<h2>Enti pubblici coinvolti</h2>")
        assignments = data.assignments_of(action.code)
        parts.append(
            _table(
                "t-enti",
                f"Enti pubblici dell'azione {action.code} e loro ruolo",
                [("Ente", False), ("Tipo", False), ("Ruolo", False)],
                [[escape(a.body), escape(a.kind), escape(a.role_label)] for a in assignments],
            )
            if assignments
            else "<p>Nessun ente pubblico è indicato per questa azione.</p>"
            if data.recorded
            else f"<p>{escape(NOT_RECORDED)}</p>"
        )
        parts.append("<h2>Scadenze</h2>")
        deadlines = data.deadlines_of(action.code)
        parts.append(
            _table(
                "t-scadenze",
                f"Scadenze dell'azione {action.code}",
                [("Scadenza", False), ("Data", False), ("Rispettata il", False), ("Ente", False)],
                [
                    [
                        escape(d.title),
                        format_date(d.due_date),
                        format_date(d.completed_on, "non ancora"),
                        escape(d.body or EMPTY),
                    ]
                    for d in deadlines
                ],
            )
            if deadlines
            else "<p>L'azione non ha scadenze.</p>"
            if data.recorded
            else f"<p>{escape(NOT_RECORDED)}</p>"
        )
        crumbs = [("index.html", "Il piano"), (axis_page(action.axis), f"Asse {action.axis}")]
        return self.page(action_page(action.code), title, "".join(parts), crumbs)

    def rules(self) -> str:
        rule = self.data.state.rule
        items = "".join(f"<li>{escape(line)}</li>" for line in rule.describe())
        body = (
            "<h1>Come si calcola l'andamento</h1>"
            "<p>Lo <strong>stato</strong> di un'azione è dichiarato dall'ufficio che la segue "
            "(non avviata, in corso, completata, sospesa, annullata). L'<strong>andamento"
            "</strong> è calcolato da PSM Desktop con questa regola, la stessa per tutte le "
            "azioni, alla data di riferimento del periodo:</p>"
            f'<ol class="regole">{items}</ol>'
            "<h2>Come leggere l'andamento</h2><ul>"
            + "".join(f"<li>{health_badge(h)}</li>" for h in charts.HEALTH_ORDER)
            + "</ul><p>Ogni andamento è sempre scritto per esteso: il colore lo accompagna, "
            "non lo sostituisce.</p>"
        )
        return self.page(
            "regole.html", "Come si calcola l'andamento", body, [("index.html", "Il piano")]
        )

    def open_data(self, all_tables: Sequence[Table]) -> str:
        rows = [
            [
                escape(t.title),
                escape(t.description),
                f'<a href="dati/{t.name}.csv">{t.name}.csv</a>',
                f'<a href="dati/{t.name}-excel.csv">{t.name}-excel.csv</a>',
                f'<a href="dati/{t.name}.json">{t.name}.json</a>',
                str(len(t.rows)),
            ]
            for t in all_tables
        ]
        licence = self.data.settings.licence_info
        body = (
            "<h1>Dati aperti</h1>"
            f"<p>I dati di queste pagine sono pubblicati con licenza "
            f'<a href="{escape(licence.uri)}">{escape(licence.name)}</a>. Ogni tabella è in '
            "formato CSV (UTF-8, separatore virgola, punto decimale), in CSV per Excel in "
            "italiano (punto e virgola, virgola decimale: si apre con un doppio clic) e in "
            "JSON. Non contengono dati personali: degli enti si pubblicano solo il nome, il "
            "tipo e il ruolo.</p>"
            + _table(
                "t-dati",
                "File dei dati aperti",
                [
                    ("Tabella", False),
                    ("Contenuto", False),
                    ("CSV", False),
                    ("CSV per Excel", False),
                    ("JSON", False),
                    ("Righe", True),
                ],
                rows,
            )
            + '<p><a href="dati/LEGGIMI.txt">Descrizione dei campi (LEGGIMI.txt)</a>. '
            'Metadati DCAT-AP_IT: <a href="dati/dcat-ap_it.rdf">dcat-ap_it.rdf</a>.</p>'
        )
        return self.page("dati.html", "Dati aperti", body, [("index.html", "Il piano")])

    def accessibility(self) -> str:
        ipa = self.data.settings.ipa
        body = _template("dichiarazione-accessibilita.html").substitute(
            publisher=escape(self.data.publisher),
            ipa_note=escape(f" (codice IPA {ipa})" if ipa else ""),
        )
        return self.page(
            "accessibilita.html",
            "Dichiarazione di accessibilità",
            body,
            [("index.html", "Il piano")],
        )

    # -- tables --------------------------------------------------------------------------

    def _actions(self, strategy: str, actions: Sequence[ActionState]) -> str:
        if not actions:
            return "<p>La strategia non ha azioni.</p>"
        return _table(
            f"t-{strategy_anchor(strategy)}",
            f"Azioni della strategia {strategy}",
            [
                ("Azione", False),
                ("Testo", False),
                ("Stato", False),
                ("Andamento", False),
                ("Avanzamento", True),
                ("Atteso", True),
            ],
            [
                [
                    f'<a href="{action_page(a.code)}">{escape(a.code)}</a>',
                    escape(_shorten(a.text)),
                    escape(a.status.label),
                    health_badge(a.health),
                    pct(a.progress),
                    pct(a.expected_progress),
                ]
                for a in actions
            ],
            stack=True,
        )

    def _indicators(self, ident: str, caption: str, items: Sequence[IndicatorState]) -> str:
        return _table(
            ident,
            caption,
            [
                ("Indicatore", False),
                ("Valore di partenza", True),
                ("Obiettivo del periodo", True),
                ("Obiettivo finale", True),
                ("Valore rilevato", True),
                ("Andamento", False),
            ],
            [
                [
                    escape(i.name + (f" ({i.unit})" if i.unit else "")),
                    escape(format_number(i.baseline) or EMPTY),
                    escape(format_number(_rounded(i.period_target)) or EMPTY),
                    escape(format_number(i.target) or EMPTY)
                    + (f" entro il {format_date(i.target_date)}" if i.target_date else ""),
                    escape(format_number(i.value, i.not_available) or "non rilevato"),
                    health_badge(i.health),
                ]
                for i in items
            ],
        )


def _rounded(value: Decimal | None) -> Decimal | None:
    """An interpolated target to two decimals, as a reader wants it (the data keep all)."""
    return None if value is None else value.quantize(Decimal("0.01"))


def _shorten(text: str, limit: int = 220) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
