"""Reading an axis page's text: the seed, a browser-mangled copy, files not in that shape."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from psm_desktop.exchange.plan_text import PlanTextError, parse_axis_text, read_axis_text
from psm_desktop.exchange.plan_text.parser import parse_italian_date
from psm_desktop.exchange.plan_text.preview import render_word_diff, word_diff
from tests.plantext import FIXTURE, mangled, seed_text


def test_seed_text() -> None:
    axis = read_axis_text(FIXTURE)
    assert (axis.number, axis.title) == (1, "Torino metropoli più produttiva e innovativa")
    assert axis.description.startswith("Aumentare la capacità di creare valore")
    assert axis.description.endswith("promozione culturale e turistica del territorio.")
    assert axis.updated_on == dt.date(2024, 8, 30)
    assert [s.code for s in axis.strategies] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert [len(s.actions) for s in axis.strategies] == [3, 6, 4, 4, 7]
    actions = {a.code: a for s in axis.strategies for a in s.actions}
    # Verbatim: the official typos, and a dash inside the text that is not a separator.
    assert "piaffaforma" in actions["1.4.4"].text and "domana" in actions["1.4.4"].text
    assert "Collina Po – MAB Unesco" in actions["1.5.2"].text
    assert actions["1.1.1"].text.startswith("Garantire qualità")
    assert axis.strategies[0].line == 17 and actions["1.1.1"].line == 21


def test_mangled_copy_reads_the_same(tmp_path: Path) -> None:
    clean = read_axis_text(FIXTURE)
    path = tmp_path / "copiato dal browser.txt"
    path.write_bytes(mangled(seed_text()))
    assert b"\r\n" in path.read_bytes() and "\u00a0".encode() in path.read_bytes()
    copy = read_axis_text(path)
    assert copy.file_name == "copiato dal browser.txt"
    strip = {"file_name": "", "line": 0}

    def comparable(axis: object) -> object:
        return dataclasses.replace(axis, **strip, strategies=())  # type: ignore[type-var]

    assert comparable(copy) == comparable(clean)
    for mine, theirs in zip(copy.strategies, clean.strategies, strict=True):
        assert (mine.code, mine.title, mine.description) == (
            theirs.code,
            theirs.title,
            theirs.description,
        )
        assert [(a.code, a.text) for a in mine.actions] == [
            (a.code, a.text) for a in theirs.actions
        ]


def test_windows_ansi_file(tmp_path: Path) -> None:
    path = tmp_path / "asse.txt"
    path.write_bytes(
        "Asse 2 - Torino metropoli più verde\r\nStrategia 2.1 - Città più verde\r\n"
        "Azione 2.1.1 - Piantare alberi lungo le vie\r\n".encode("cp1252")
    )
    axis = read_axis_text(path)
    assert axis.title == "Torino metropoli più verde"
    assert axis.strategies[0].actions[0].text == "Piantare alberi lungo le vie"


def problems(text: str) -> list[str]:
    with pytest.raises(PlanTextError) as caught:
        parse_axis_text(text, "asse.txt")
    return [str(p) for p in caught.value.problems]


def test_a_file_not_in_this_shape_is_refused_naming_the_line() -> None:
    found = problems("\n\nCaro collega,\nti mando le azioni.\n")
    assert found == [
        "asse.txt, riga 3: manca la riga con il titolo dell'asse («Asse N - titolo»): il "
        "testo non ha la forma della pagina di un asse del piano"
    ]


def test_a_saved_web_page_gets_a_hint() -> None:
    (found,) = problems("<!DOCTYPE html>\n<html><body><p>Asse 1 - Torino</p></body></html>\n")
    assert found.startswith("asse.txt, riga 1: manca la riga con il titolo dell'asse")
    assert "sembra il codice HTML della pagina" in found


def test_every_problem_listed_at_once() -> None:
    text = "\n".join(
        [
            "Azione 1.1.1 - prima dell'asse",
            "Asse 1 - Titolo",
            "Strategia 1.1 - Prima",
            "Azione 1.1.1 - Uno",
            "Azione 1.1.3 - Tre",
            "una riga che non è un'azione",
            "Strategia 2.2 - Di un altro asse",
            "Azione 1.2 - codice corto",
            "Strategia 1.3 -",
            "Ultimo aggiornamento: 31 giugno 2024",
            "Asse 2 - Un secondo asse",
        ]
    )
    assert problems(text) == [
        "asse.txt, riga 1: «Azione 1.1.1» prima della riga «Asse N - titolo»",
        "asse.txt, riga 5: attesa l'azione 1.1.2, trovata la 1.1.3",
        "asse.txt, riga 6: testo fuori posto dopo le azioni della strategia 1.1: «una riga "
        "che non è un'azione». Ogni azione sta su una sola riga che inizia con «Azione 1.1.K -»",
        "asse.txt, riga 7: attesa la strategia 1.2, trovata la 2.2",
        "asse.txt, riga 8: codice «1.2» non valido: atteso «Azione N.M.K - testo»",
        "asse.txt, riga 9: manca il testo dopo «Strategia 1.3»",
        "asse.txt, riga 10: data dell'ultimo aggiornamento non valida: «31 giugno 2024» "
        "(atteso ad esempio «30 agosto 2024» o «30/08/2024»)",
        "asse.txt, riga 11: secondo asse nello stesso testo (l'asse 1 inizia alla riga 2): "
        "importa un asse per volta",
    ]


def test_empty_and_binary_files(tmp_path: Path) -> None:
    assert [str(p) for p in _caught("  \n\n")] == ["asse.txt: il file è vuoto"]
    assert "non è un file di testo" in str(_caught("PK\x03\x04\x00\x00")[0])


def _caught(text: str) -> list[object]:
    with pytest.raises(PlanTextError) as caught:
        parse_axis_text(text, "asse.txt")
    return list(caught.value.problems)


def test_italian_dates() -> None:
    assert parse_italian_date("30 agosto 2024") == dt.date(2024, 8, 30)
    assert parse_italian_date("1° Marzo 2025.") == dt.date(2025, 3, 1)
    assert parse_italian_date("30/08/2024") == dt.date(2024, 8, 30)
    assert parse_italian_date("30 agosto") is None
    assert parse_italian_date("30 brumaio 2024") is None


def test_word_diff() -> None:
    runs = word_diff("Creare una piaffaforma unificata", "Creare una piattaforma di acquisti")
    assert render_word_diff(runs) == (
        "Creare una [-piaffaforma-]{+piattaforma+} [-unificata-]{+di acquisti+}"
    )
    assert "".join(r.text for r in runs if r.op != "+") == "Creare una piaffaforma unificata"
    assert "".join(r.text for r in runs if r.op != "-") == "Creare una piattaforma di acquisti"


def test_a_rewritten_description_is_shown_whole_not_word_by_word() -> None:
    """Word runs of two unrelated paragraphs interleave into something nobody can read
    (only 'e', 'di', 'il' survive): shown whole, the old one struck, then the new one."""
    old = (
        "La strategia punta a rafforzare la connettività del territorio e a ridurre il "
        "divario digitale tra le aree montane e la pianura, con reti e servizi di qualità."
    )
    new = (
        "Si sostengono imprese e filiere locali nell'adozione di tecnologie abilitanti, "
        "accompagnando la formazione degli addetti e il trasferimento di conoscenze."
    )
    runs = word_diff(old, new)
    assert [r.op for r in runs] == ["-", "+"]
    assert runs[0].text == old and runs[1].text == new
    # A few words changed in a long paragraph stay word by word.
    edited = old.replace("rafforzare", "migliorare").replace("qualità", "eccellenza")
    assert [r.op for r in word_diff(old, edited)] == ["=", "-", "+", "=", "-", "+"]
