"""Values read two ways are questions; contradictions and ignored edits are shown; one pass.

An office must be able to fix every problem of its tracker after a single import attempt,
and nothing it typed may be guessed, dropped or ignored without a word.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import trackerkit
from badtrackers import refused, row_of
from trackerkit import edit, set_cell

from psm_desktop.exchange.tracker.reading import TrackerError

state_db = trackerkit.state_db_fixture
tracker = trackerkit.tracker_fixture


# --- 9.15: ambiguous values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "typed", "readings"),
    [
        ("Avanzamento %", "1", ("valore '1' ambiguo", "1%", "100%")),
        ("Avanzamento %", "0,5", ("valore '0,5' ambiguo", "50%", "0,5%")),
        ("Avanzamento %", "0.25", ("valore '0.25' ambiguo", "25%", "0,25%")),
        (
            "Budget (€)",
            "1,250.50",
            ("valore '1,250.50' scritto con i separatori inglesi", "1.250,50 €"),
        ),
        ("Budget (€)", "1.250", ("valore '1.250' ambiguo", "1.250,00 €", "1,25 €")),
        ("Budget (€)", "1,250", ("valore '1,250' ambiguo", "1,25 €", "1.250,00 €")),
        ("Budget (€)", "4,394,000.00", ("separatori inglesi", "4.394.000,00 €")),
    ],
)
def test_text_read_two_ways_is_a_question_with_both_readings(
    state_db: Path,
    tracker: Path,
    tmp_path: Path,
    header: str,
    typed: str,
    readings: tuple[str, ...],
) -> None:
    bad = edit(
        tracker,
        tmp_path / "b.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.2", header, typed),
    )
    row = row_of(bad, "Azioni", "Codice", "1.1.2")
    message = refused(state_db, bad, TrackerError)
    assert f"Azioni, riga {row}, colonna {header}: valore '{typed}'" in message
    for reading in readings:
        assert reading in message


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.250,50", "1250.50"),
        ("1250,5", "1250.50"),
        ("4.394.000", "4394000.00"),
        ("4.394.000,00 €", "4394000.00"),
        ("1250.5", "1250.50"),
        ("12", "12.00"),
    ],
)
def test_budget_with_one_reading_is_accepted(
    state_db: Path, tracker: Path, tmp_path: Path, typed: str, amount: str
) -> None:
    good = edit(
        tracker,
        tmp_path / "g.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.2", "Budget (€)", typed),
    )
    plan = trackerkit.plan_for(state_db, good)
    [item] = [i for i in plan.items if i.field == "budget"]
    assert item.new == Decimal(amount)


def test_progress_unambiguous_forms_still_read(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", "50")
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Avanzamento %", "1%")
        set_cell(wb, "Azioni", "Codice", "1.2.1", "Avanzamento %", "30 %")

    plan = trackerkit.plan_for(state_db, edit(tracker, tmp_path / "g.xlsx", change))
    got = {i.label: i.new for i in plan.items if i.field == "progress"}
    assert got == {"1.1.2": 50, "1.1.3": 1, "1.2.1": 30}


# --- 9.15: contradictions and ignored edits, shown in the preview ----------------------------


def test_status_and_progress_that_contradict_are_flagged(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Stato", "Completata")  # at 40 % in the db
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Avanzamento %", "60%")  # still Non avviata

    bad = edit(tracker, tmp_path / "b.xlsx", change)
    plan = trackerkit.plan_for(state_db, bad)  # a warning, not an error
    text = "\n".join(plan.warnings)
    first = row_of(bad, "Azioni", "Codice", "1.1.1")
    second = row_of(bad, "Azioni", "Codice", "1.1.2")
    assert f"Azioni, riga {first}: azione 1.1.1 «Completata» con avanzamento 40%" in text
    assert f"Azioni, riga {second}: azione 1.1.2 «Non avviata» con avanzamento 60%" in text
    assert {i.field for i in plan.items} == {"status", "progress"}


def test_untouched_contradiction_in_the_database_is_not_flagged(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    plan = trackerkit.plan_for(
        state_db,
        edit(
            tracker,
            tmp_path / "g.xlsx",
            lambda wb: set_cell(wb, "Azioni", "Codice", "1.1.1", "Note", "Altra nota"),
        ),
    )
    assert not [w for w in plan.warnings if "avanzamento" in w]


def test_deleted_action_row_is_listed_as_ignored(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    bad = edit(
        tracker,
        tmp_path / "b.xlsx",
        lambda wb: trackerkit.delete_row(wb, "Azioni", "Codice", "1.1.3"),
    )
    plan = trackerkit.plan_for(state_db, bad)
    assert plan.is_empty
    [warning] = [w for w in plan.warnings if "1.1.3" in w]
    assert warning.startswith("Azioni: la riga dell'azione 1.1.3 è stata tolta")
    assert "ignorat" in warning


def test_edit_in_a_grey_column_is_listed_as_ignored(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.2", "Azione", "Un altro testo dell'azione")
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Responsabile", "Comune di Ivrea")

    bad = edit(tracker, tmp_path / "b.xlsx", change)
    plan = trackerkit.plan_for(state_db, bad)
    assert plan.is_empty
    text = "\n".join(plan.warnings)
    row = row_of(bad, "Azioni", "Codice", "1.1.2")
    assert f"Azioni, riga {row}, colonna Azione: " in text
    assert "colonna Responsabile" in text
    assert text.count("colonna grigia") == 2 and "ignorat" in text


def test_unchanged_tracker_reports_no_grey_edits(state_db: Path, tracker: Path) -> None:
    plan = trackerkit.plan_for(state_db, tracker)
    assert plan.is_empty and not plan.warnings


# --- 9.16: every problem in one pass -------------------------------------------------------


def test_all_problems_come_in_one_pass_with_sheet_row_and_column(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        set_cell(wb, "Azioni", "Codice", "1.1.3", "Stato", "fatto")  # cell format
        set_cell(wb, "Azioni", "Codice", "1.2.2", "Codice", "9.9.9")  # unknown code
        set_cell(wb, "Azioni", "Codice", "1.1.1", "Data fine", "01/01/2020")  # before start
        set_cell(wb, "Soggetti", "Nome", "Comune di Ivrea", "E-mail", "non-una-mail")
        trackerkit.append_row(wb, "Assegnazioni", {"Codice azione": "1.1.3", "Soggetto": "Ignoto"})

    bad = edit(tracker, tmp_path / "b.xlsx", change)
    ivrea = row_of(bad, "Soggetti", "Nome", "Comune di Ivrea")
    message = refused(state_db, bad, TrackerError)
    expected = [
        "Azioni, riga 2, colonna Data fine: la data di fine (01/01/2020) è precedente",
        "Azioni, riga 4, colonna Stato: valore 'fatto' non valido",
        "colonna Codice: codice azione '9.9.9' sconosciuto",
        f"Soggetti, riga {ivrea}, colonna E-mail: indirizzo 'non-una-mail' non valido",
        "colonna Soggetto: soggetto 'Ignoto' sconosciuto",
    ]
    for text in expected:
        assert text in message
    positions = [message.index(text) for text in expected]
    assert positions == sorted(positions)  # sheet by sheet, row by row


def test_a_bad_cell_causes_no_second_problem_on_the_same_cell(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    bad = edit(
        tracker,
        tmp_path / "b.xlsx",
        lambda wb: set_cell(wb, "Scadenze", "Scadenza", "Avvio gara", "Data prevista", "presto"),
    )
    message = refused(state_db, bad, TrackerError)
    assert "colonna Data prevista: valore 'presto' non è una data valida" in message
    assert "data mancante" not in message


def test_a_sheet_the_tracker_does_not_have_is_listed_as_ignored(
    state_db: Path, tracker: Path, tmp_path: Path
) -> None:
    def change(wb: Any) -> None:
        extra = wb.create_sheet("Nuove azioni")
        extra.append(["Codice", "Stato"])
        extra.append(["1.1.9", "In corso"])

    plan = trackerkit.plan_for(state_db, edit(tracker, tmp_path / "b.xlsx", change))
    assert plan.is_empty
    assert any(w.startswith("Il foglio «Nuove azioni» non è del tracker") for w in plan.warnings)


def test_an_absurdly_long_code_is_not_echoed(state_db: Path, tracker: Path, tmp_path: Path) -> None:
    bad = edit(
        tracker,
        tmp_path / "b.xlsx",
        lambda wb: set_cell(wb, "Azioni", "Codice", "1.2.2", "Codice", "1" * 309),
    )
    message = refused(state_db, bad, TrackerError)
    assert "colonna Codice" in message and "1" * 20 not in message
