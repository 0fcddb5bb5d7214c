"""The PDF documents, read back with pypdf: contents, fonts, outline, metadata, footer."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pdfcheck import PdfContent, flat, read_pdf

from psm_desktop.errors import NotFoundError, UserError
from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import ActionSheets, AxisSheet, DeadlinesReport
from psm_desktop.model import Role, StakeholderKind, Status
from psm_desktop.progress import Cancelled
from psm_desktop.services import Services

TODAY = dt.date(2025, 6, 15)
CODE_RE = re.compile(r"\bAzione (\d+\.\d+\.\d+)\b")


def make(services: Services, request: object, tmp_path: Path, name: str = "out.pdf") -> PdfContent:
    target = tmp_path / name
    export_pdf(services, request, target, today=TODAY)  # type: ignore[arg-type]
    return read_pdf(target)


def assert_fonts_embedded(content: PdfContent) -> None:
    assert content.fonts, "no font at all"
    for font in content.fonts:
        assert font.embedded, f"{font.name} is not embedded"
        assert "DejaVu" in font.name


def assert_footer(content: PdfContent) -> None:
    total = len(content.pages)
    for number, page in enumerate(content.pages, start=1):
        assert f"Pagina {number} di {total}" in page
        assert "Documento generato il 15/06/2025" in flat(page)
        assert "Città metropolitana di Torino" in page  # header


@pytest.fixture
def filled(services: Services) -> Services:
    """Action 1.1.1 with every field set, two stakeholders and three deadlines."""
    action = services.actions.get_by_code("1.1.1")
    services.actions.update(
        action.id,
        None,
        {
            "status": Status.IN_PROGRESS,
            "progress": 45,
            "priority": "alta",
            "start_date": dt.date(2024, 3, 1),
            "end_date": dt.date(2026, 12, 31),
            "budget": Decimal("1234567.50"),
            "funding_source": "pnrr",
            "sectors": ["energia", "servizi"],
            "zones": ["Pinerolese", "Eporediese"],
            "linked_axes": [2, 3],
            "notes": "Prima riga delle note.\nSeconda riga: accordo con la Regione.",
            "cup": "J81B19000000012",
            "pnrr": "M1C1 I1.1",
            "dup_objective": "SeO 1.2",
            "sdgs": [9, 11],
            "competence": "regia",
        },
    )
    lead = services.stakeholders.create("Comune di Pinerolo", StakeholderKind.MUNICIPALITY)
    partner = services.stakeholders.create("Politecnico di Torino", StakeholderKind.UNIVERSITY)
    services.assignments.assign(action.id, lead.id, Role.LEAD)
    services.assignments.assign(action.id, partner.id, Role.PARTNER)
    services.deadlines.add(
        action.id, "Bando pubblicato", dt.date(2025, 5, 1), stakeholder_id=lead.id
    )
    services.deadlines.add(action.id, "Collaudo della rete", dt.date(2025, 9, 30))
    services.deadlines.add(
        action.id, "Progetto approvato", dt.date(2024, 12, 1), completed_on=dt.date(2024, 11, 20)
    )
    return services


def test_action_sheet_has_every_field(filled: Services, tmp_path: Path) -> None:
    detail = filled.actions.get_by_code("1.1.1")
    content = make(filled, ActionSheets(action_ids=(detail.id,)), tmp_path)
    text = content.text
    assert len(content.pages) == 1
    assert CODE_RE.findall(text) == ["1.1.1"]
    assert flat(detail.text) in text
    for expected in (
        "Asse 1 – Torino metropoli più produttiva e innovativa",
        f"1.1 – {detail.strategy_title}",
        "Stato In corso",
        "45%",
        "Data di inizio 01/03/2024",
        "Data di fine 31/12/2026",
        "Priorità Alta",
        "Budget 1.234.567,50 €",
        "Finanziamento PNRR",
        "CUP J81B19000000012 Misura PNRR M1C1 I1.1",
        "Obiettivo DUP SeO 1.2 Competenza Regia",
        "Agenda 2030 9 - Imprese, innovazione e infrastrutture; 11 - Città e comunità sostenibili",
        "Settori Servizi; Energia",
        "Zone omogenee Eporediese; Pinerolese",
        "Asse 2 – Torino metropoli più verde ed ecologica; Asse 3 –",
        "Soggetti coinvolti (2)",
        "Comune di Pinerolo Responsabile/capofila Comune",
        "Politecnico di Torino Partner Università/centro di ricerca",
        "Scadenze (3)",
        "01/05/2025 Bando pubblicato Comune di Pinerolo Scaduta da 45 giorni",
        "30/09/2025 Collaudo della rete — Aperta, tra 107 giorni",
        "01/12/2024 Progetto approvato — Completata il 20/11/2024",
        "Prima riga delle note. Seconda riga: accordo con la Regione.",
        f"Aggiornato al {dt.date.today():%d/%m/%Y}",
    ):
        assert expected in text, expected
    # Overdue first, then open, then done.
    assert text.index("Bando pubblicato") < text.index("Collaudo") < text.index("Progetto appr")
    assert_fonts_embedded(content)
    assert_footer(content)
    assert content.metadata["/Title"] == "Scheda azione 1.1.1"
    assert content.metadata["/Author"] == "Città metropolitana di Torino"
    assert content.metadata["/Subject"].startswith("Piano Strategico Metropolitano 2024-2026: ")
    assert content.outline == [
        (0, "Asse 1 – Torino metropoli più produttiva e innovativa"),
        (1, f"1.1 {detail.strategy_title}"),
        (2, content.outline[2][1]),
    ]
    assert content.outline[2][1].startswith("1.1.1 Garantire qualità")


def test_empty_fields_show_a_dash_and_updated_falls_back_to_the_plan(
    services: Services, tmp_path: Path
) -> None:
    detail = services.actions.get_by_code("1.2.1")  # seeded: text only, never edited
    assert detail.updated_at is None
    text = make(services, ActionSheets(action_ids=(detail.id,)), tmp_path).text
    for expected in (
        "Data di inizio — Data di fine —",
        "Priorità — In ritardo no",
        "Budget — Finanziamento —",
        "CUP — Misura PNRR —",
        "Obiettivo DUP — Competenza —",
        "Agenda 2030 —",
        "Settori —",
        "Zone omogenee —",
        "Assi collegati —",
        "Soggetti coinvolti (0) Nessun soggetto assegnato.",
        "Scadenze (0) Nessuna scadenza registrata.",
        "Aggiornato al 30/08/2024",
    ):
        assert expected in text, expected
    assert "Note" not in text.split("Nessuna scadenza registrata.")[1]


def test_sheets_of_an_axis_one_per_page_with_outline(services: Services, tmp_path: Path) -> None:
    rows = services.actions.list_actions()
    content = make(services, ActionSheets(axis=1), tmp_path)
    codes = [r.code for r in rows if r.axis_number == 1]
    assert CODE_RE.findall(content.text) == codes
    assert len(content.pages) == 2 + len(codes)  # a cover and an index, then the sheets
    for page, code in zip(content.pages[2:], codes, strict=True):
        assert f"Azione {code}" in page
    levels = [level for level, _ in content.outline]
    assert levels.count(0) == 2 and levels.count(2) == len(codes)  # "Indice" and the axis
    strategies = [title.split()[0] for level, title in content.outline if level == 1]
    assert strategies == [s.code for s in services.plan.strategies(1)]
    assert content.metadata["/Title"] == (
        "Schede delle azioni – Asse 1 – Torino metropoli più produttiva e innovativa"
    )
    assert_fonts_embedded(content)
    assert_footer(content)


def test_sheets_by_status_and_by_stakeholder(filled: Services, tmp_path: Path) -> None:
    content = make(filled, ActionSheets(status=Status.IN_PROGRESS), tmp_path, "a.pdf")
    assert CODE_RE.findall(content.text) == ["1.1.1"]
    pinerolo = filled.stakeholders.find_by_name("Comune di Pinerolo")
    assert pinerolo is not None
    content = make(filled, ActionSheets(stakeholder_id=pinerolo.id), tmp_path, "b.pdf")
    assert CODE_RE.findall(content.text) == ["1.1.1"]
    assert content.metadata["/Title"] == "Scheda azione 1.1.1"  # one sheet: named after it


def test_no_matching_action_is_a_user_error(services: Services, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match="Nessuna azione"):
        export_pdf(services, ActionSheets(status=Status.SUSPENDED), out / "x.pdf")
    assert not list(out.iterdir())  # nothing written, no temporary file left


def test_axis_sheet(filled: Services, tmp_path: Path) -> None:
    content = make(filled, AxisSheet(axis=1), tmp_path)
    text = content.text
    # The title part: the links' drawing pushes the summary table to its second page.
    first = flat(" ".join(content.pages[:2]))
    axis = filled.plan.axis(1)
    assert "SCHEDA DELL'ASSE" in first and "Asse 1" in first
    assert flat(axis.description) in first
    # The plan states no links for axis 1: derived from action 1.1.1's linked axes 2 and 3.
    assert "sono ricavati dagli Assi collegati alle sue azioni" in first
    assert "Asse 2 – Torino metropoli più verde ed ecologica (1 azione)" in first
    assert "Asse 3 – Torino metropoli più mobile, accessibile e collegata (1 azione)" in first
    assert "Totale 24 23 1 0 0 0" in first  # actions, then by status (1 in corso)
    for strategy in filled.plan.strategies(1):
        assert f"Strategia {strategy.code} – {flat(strategy.title)}" in text
        assert flat(strategy.description) in text
    rows = [r for r in filled.actions.list_actions() if r.axis_number == 1]
    codes_in_tables = re.findall(r"\b1\.\d+\.\d+\b", text.split(first)[-1])
    assert [c for c in codes_in_tables if c in {r.code for r in rows}][: len(rows)] == [
        r.code for r in rows
    ]
    for row in rows:
        assert flat(row.text) in text
    assert "1.1.1 " in text and "In corso ⚠ in ritardo 45% Comune di Pinerolo 31/12/2026" in text
    outline = content.outline
    assert outline[0] == (0, "Asse 1 – Torino metropoli più produttiva e innovativa")
    assert [t.split()[0] for lvl, t in outline if lvl == 1] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert [t.split()[0] for lvl, t in outline if lvl == 2] == [r.code for r in rows]
    assert content.metadata["/Title"] == (
        "Scheda dell'Asse 1 – Torino metropoli più produttiva e innovativa"
    )
    assert_fonts_embedded(content)
    assert_footer(content)


def test_axis_sheet_prefers_the_links_the_plan_states(services: Services, tmp_path: Path) -> None:
    from psm_desktop.model import Axis, AxisLink

    with services.db.transaction() as session:
        ids = {a.number: a.id for a in session.query(Axis)}
        session.add(AxisLink(axis_id=ids[1], linked_axis_id=ids[4], note=""))
    first = flat(make(services, AxisSheet(axis=1), tmp_path).pages[0])
    assert "Asse 4 – Torino metropoli che impara di più" in first
    assert "ricavati" not in first and "Asse 2 –" not in first


def test_axis_sheet_of_an_empty_axis_and_of_a_missing_one(
    services: Services, tmp_path: Path
) -> None:
    text = make(services, AxisSheet(axis=6), tmp_path).text
    assert "Asse 6" in text and "Nessun collegamento registrato" in text
    with pytest.raises(NotFoundError, match="L'asse 9 non esiste"):
        export_pdf(services, AxisSheet(axis=9), tmp_path / "x.pdf")


def test_deadlines_report_overdue_first(filled: Services, tmp_path: Path) -> None:
    content = make(filled, DeadlinesReport(within_days=None), tmp_path)
    text = content.text
    assert "Scadenze superate (1)" in text and "Prossime scadenze (1)" in text
    assert text.index("Bando pubblicato") < text.index("Collaudo della rete")
    assert "01/05/2025 45 giorni 1.1.1" in text
    assert "30/09/2025 107 giorni 1.1.1" in text
    assert "Progetto approvato" not in text  # completed ones are not on a meeting's agenda
    assert content.outline == [(0, "Scadenze superate"), (0, "Prossime scadenze")]
    assert_fonts_embedded(content)
    assert_footer(content)


def test_deadlines_report_within_days_and_stakeholder(filled: Services, tmp_path: Path) -> None:
    text = make(filled, DeadlinesReport(within_days=30), tmp_path, "a.pdf").text
    assert "Bando pubblicato" in text and "Collaudo della rete" not in text
    assert "scadenze fino al 15/07/2025" in text
    pinerolo = filled.stakeholders.find_by_name("Comune di Pinerolo")
    assert pinerolo is not None
    request = DeadlinesReport(within_days=None, stakeholder_id=pinerolo.id)
    text = make(filled, request, tmp_path, "b.pdf").text
    assert "Bando pubblicato" in text and "Collaudo della rete" not in text
    assert "responsabile Comune di Pinerolo" in text


def test_progress_is_reported_and_cancel_leaves_no_file(services: Services, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, message: str = "") -> None:
        seen.append((done, total))

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "schede.pdf"
    export_pdf(services, ActionSheets(axis=1), target, progress=progress)
    steps = [d for d, t in seen if t == 24]
    assert steps[:3] == [1, 2, 3] and steps[-1] == 24

    def cancel_at_five(done: int, total: int, message: str = "") -> None:
        if done >= 5:
            raise Cancelled()

    target.write_bytes(b"old")
    with pytest.raises(Cancelled):
        export_pdf(services, ActionSheets(axis=1), target, progress=cancel_at_five)
    assert target.read_bytes() == b"old"  # the previous file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["schede.pdf"]


def test_target_folder_must_exist(services: Services, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="non esiste"):
        export_pdf(services, AxisSheet(axis=1), tmp_path / "manca" / "x.pdf")
