"""The seeded plan: the PSM 2024-2026 as the official text has it, typos included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from psm_desktop.model import Status
from psm_desktop.services import Services
from psm_desktop.storage.seed import read_seed

# The official text of Axis 1, kept among the fixtures so the tests never depend on the
# team's shared folder; when that folder is there, the copy must still match it.
SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "psm-2024-2026-asse-1.txt"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "psm-2024-2026-asse-1.txt"

AXIS_TITLES = {
    1: "Torino metropoli più produttiva e innovativa",
    2: "Torino metropoli più verde ed ecologica",
    3: "Torino metropoli più mobile, accessibile e collegata",
    4: "Torino metropoli che impara di più",
    5: "Torino metropoli più attrattiva, giusta ed eguale",
    6: "Torino metropoli più sana",
}

ZONES = [
    "Torino",
    "AMT Ovest",
    "AMT Sud",
    "AMT Nord",
    "Pinerolese",
    "Valli di Susa e Sangone",
    "Ciriacese-Valli di Lanzo",
    "Canavese occidentale",
    "Eporediese",
    "Chivassese",
    "Chierese-Carmagnolese",
]

AXIS_1_DESCRIPTION = (
    "Aumentare la capacità di creare valore e accelerare l'evoluzione del sistema produttivo "
    "metropolitano verso la circolarità nei diversi comparti economici (agricoltura, turismo, "
    "manifattura, servizi, commercio, logistica, pubblica amministrazione), attraverso "
    "l'innovazione, il trasferimento tecnologico, la digitalizzazione, le sperimentazioni nel "
    "campo dell'intelligenza artificiale, la cooperazione in reti di impresa e la costruzione "
    "di filiere. Incrementare la sostenibilità, l'attrattività e la coesione del sistema "
    "metropolitano, attraverso la riduzione dell'impatto ambientale delle sue produzione e la "
    "promozione culturale e turistica del territorio."
)

STRATEGIES = {
    "1.1": (
        "Garantire una diffusa digitalizzazione del territorio e delle sue attività",
        "Costruire le infrastrutture materiali e immateriali necessarie per favorire la "
        "transizione digitale, riducendo i divari territoriali.",
        3,
    ),
    "1.2": (
        "Stimolare l'innovazione e la competitività del sistema delle micro, piccole e medie "
        "imprese",
        'Promuovere iniziative di "industria 4.0" complementari a quelle nazionali e regionali, '
        "rivolte in particolare alle MPMI e alle imprese montane e sostenere la transizione "
        "verso un modello di industria 5.0, che metta al centro del processo di produzione le "
        "persone e l'ambiente.",
        6,
    ),
    "1.3": (
        "Riconoscere e sviluppare nuove potenziali filiere di produzione, sostenendo la "
        "transizione ecologica delle filiere esistenti",
        "Sviluppare filiere produttive adatte alle risorse disponibili localmente ma oggi non "
        "presenti o sottodimensionate, promuovendo pratiche di circolarità e la trasformazione "
        "dei processi produttivi in chiave di sostenibilità ambientale, economica e sociale.",
        4,
    ),
    "1.4": (
        "Rendere semplice e accessibile la pubblica amministrazione grazie al digitale",
        "Sostenere la digitalizzazione delle pubbliche amministrazioni locali, aumentando i "
        "servizi pubblici erogati online e favorendo l'apertura e la condivisione dei dati "
        "pubblici.",
        4,
    ),
    "1.5": (
        "Valorizzare il potenziale di promozione e fruizione culturale e turistica sostenibile "
        "del territorio",
        "Definire una politica integrata di promozione, offerta e fruizione culturale e "
        "turistica, che valorizzi le specificità territoriali, metta al centro l'accessibilità "
        "e la salvaguardia del patrimonio culturale e naturale e sia fondata sulla "
        "partecipazione attiva delle comunità locali.",
        7,
    ),
}

# Verbatim, with the official typos: "piaffaforma", "domana", "sostenibilie", "un ottica".
SAMPLES = {
    "1.1.1": (
        "Garantire qualità e affidabilità della connessione digitale su tutto il territorio "
        "metropolitano, ed in particolare nelle aree montane e rurali, attraverso la "
        "realizzazione di infrastrutture digitali sicure e sostenibili"
    ),
    "1.4.4": (
        "Creare una piaffaforma di public procurement unificata che raccolga la domana di beni "
        "e servizi delle p.a. metropolitane, al fine di integrare i servizi per i piccoli "
        "comuni, rafforzando il ruolo di Città metropolitana quale soggetto aggregatore"
    ),
    "1.3.3": (
        "Supportare la costruzione di una filiera del legno metropolitano, promuovendo la "
        "valorizzazione multifunzionale dei boschi, la gestione associata e l'incremento della "
        "gestione forestale sostenibilie. Incentivare l'uso del legno locale per le nuove "
        "costruzioni e gli interventi di recupero"
    ),
    "1.5.2": (
        "Costruire e promuovere esperienze turistiche sostenibili e specificatamente "
        "metropolitane (circuiti e prodotti) per branding territoriali (es. Riserva Biosfera "
        "Collina Po – MAB Unesco) e per target specifici (es. turismo scolastico, turismo "
        "montano per persone con disabilità), valorizzando il patrimonio storico, culturale e "
        "architettonico locale (es. Forte di Fenestrelle, Abbazia di Novalesa) e i siti minori "
        'e meno conosciuti (es.Museo Alessandri a Giaveno, il Museo Archeologico di Vaie, "i '
        'luoghi di Primo Levi" ad Avigliana)'
    ),
}


def test_six_axes_with_their_titles(services: Services) -> None:
    axes = services.plan.axes()
    assert {a.number: a.title for a in axes} == AXIS_TITLES
    assert [a.number for a in axes] == [1, 2, 3, 4, 5, 6]


def test_axis_1_description(services: Services) -> None:
    assert services.plan.axis(1).description == AXIS_1_DESCRIPTION


def test_axis_1_strategies_with_descriptions(services: Services) -> None:
    strategies = services.plan.strategies(1)
    assert [s.code for s in strategies] == list(STRATEGIES)
    for s in strategies:
        title, description, _ = STRATEGIES[s.code]
        assert (s.title, s.description) == (title, description)


def test_24_actions_spread_over_the_strategies(services: Services) -> None:
    rows = services.actions.list_actions()
    assert len(rows) == 24
    per_strategy = {code: 0 for code in STRATEGIES}
    for row in rows:
        per_strategy[row.strategy_code] += 1
        assert row.axis_number == 1
        assert row.code.startswith(row.strategy_code + ".")
    assert per_strategy == {code: count for code, (_, _, count) in STRATEGIES.items()}
    assert [r.code for r in rows][:4] == ["1.1.1", "1.1.2", "1.1.3", "1.2.1"]


def test_new_actions_start_blank(services: Services) -> None:
    for row in services.actions.list_actions():
        assert row.status is Status.NOT_STARTED
        assert row.progress == 0
        assert row.start_date is None and row.end_date is None
        assert row.short_title is None  # 2024-2026 actions have no separate title


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_sample_texts_verbatim(services: Services, code: str) -> None:
    assert services.actions.get_by_code(code).text == SAMPLES[code]


def test_typos_kept(services: Services) -> None:
    texts = " ".join(r.text for r in services.actions.list_actions())
    for typo in ("piaffaforma", "domana", "sostenibilie", "in un ottica"):
        assert typo in texts


def test_fixture_copy_is_the_official_text() -> None:
    if SHARED.exists():  # only in the team's checkout; CI's clean clone may not have it
        assert SOURCE.read_bytes() == SHARED.read_bytes()


def test_every_action_matches_the_official_text(services: Services) -> None:
    official = dict(
        re.findall(r"Azione (\d+\.\d+\.\d+) - (.+)", SOURCE.read_text(encoding="utf-8"))
    )
    assert len(official) == 24
    seeded = {r.code: r.text for r in services.actions.list_actions()}
    assert seeded == {code: text.rstrip() for code, text in official.items()}


def test_eleven_zones_in_order(services: Services) -> None:
    assert [z.name for z in services.plan.zones()] == ZONES


def test_plan_facts(services: Services) -> None:
    plan = services.plan.plan()
    assert plan.title == "Piano Strategico Metropolitano 2024-2026"
    assert plan.period == "2024-2026"
    assert plan.issuer == "Città metropolitana di Torino"
    assert plan.database_id == services.db.database_id


def test_seed_is_a_data_file_not_code() -> None:
    data = read_seed()
    assert data["format"] == "psm-desktop-seed"
    assert len(data["axes"]) == 6
    assert data["zones"] == ZONES


def test_seed_file_of_another_format_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "altro.json"
    other.write_text('{"format": "altro"}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"altro\.json"):
        read_seed(other)
