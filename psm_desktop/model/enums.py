"""Enumerations of the domain, stored by their `value` and shown by their Italian `label`."""

from __future__ import annotations

import enum
import re
from typing import Self


def _normalise(text: str) -> str:
    """Fold case, accents-free spacing and separators so that 'In corso ' == 'in_corso'."""
    return re.sub(r"[\s_\-/]+", " ", text.strip().casefold()).strip()


class LabelledEnum(enum.StrEnum):
    """A string enum with an Italian label and tolerant parsing of user text."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self]  # a StrEnum member is its value

    @classmethod
    def parse(cls, text: str) -> Self:
        """Read a value or a label, ignoring case, spaces and underscores.

        Raises ValueError when the text matches nothing.
        """
        wanted = _normalise(text)
        for member in cls:
            if wanted in (_normalise(member.value), _normalise(member.label)):
                return member
        for member in cls:
            aliases = _ALIASES.get(type(member).__name__, {}).get(member.value, ())
            if wanted in (_normalise(a) for a in aliases):
                return member
        raise ValueError(text)

    @classmethod
    def labels(cls) -> list[str]:
        return [member.label for member in cls]


class Status(LabelledEnum):
    NOT_STARTED = "non_avviata"
    IN_PROGRESS = "in_corso"
    COMPLETED = "completata"
    SUSPENDED = "sospesa"
    CANCELLED = "annullata"

    @property
    def is_closed(self) -> bool:
        """A closed action can no longer be late."""
        return self in (Status.COMPLETED, Status.CANCELLED)


class Priority(LabelledEnum):
    HIGH = "alta"
    MEDIUM = "media"
    LOW = "bassa"


class FundingSource(LabelledEnum):
    PNRR = "pnrr"
    FESR = "fesr"
    FSE_PLUS = "fse_plus"
    REGIONAL = "regionale"
    OWN = "fondi_propri"
    OTHER = "altro"


class Sector(LabelledEnum):
    AGRICULTURE = "agricoltura"
    TOURISM = "turismo"
    MANUFACTURING = "manifattura"
    SERVICES = "servizi"
    COMMERCE = "commercio"
    LOGISTICS = "logistica"
    PUBLIC_ADMINISTRATION = "pubblica_amministrazione"
    CULTURE = "cultura"
    ENERGY = "energia"
    CONSTRUCTION = "edilizia"
    EDUCATION_RESEARCH = "istruzione_ricerca"
    HEALTH_SOCIAL = "sanita_sociale"


class Competence(LabelledEnum):
    """Whose action it is: the Città metropolitana's own, or one where it steers others."""

    DIRECT = "diretta"
    COORDINATION = "regia"


class StakeholderKind(LabelledEnum):
    MUNICIPALITY = "comune"
    PUBLIC_BODY = "ente_pubblico"
    UNIVERSITY = "universita_ricerca"
    COMPANY = "impresa"
    TRADE_ASSOCIATION = "associazione_categoria"
    THIRD_SECTOR = "terzo_settore"
    OTHER = "altro"


class Role(LabelledEnum):
    LEAD = "responsabile"
    PARTNER = "partner"
    INVOLVED = "coinvolto"
    INFORMED = "informato"


class PeriodKind(LabelledEnum):
    MONTH = "mese"
    QUARTER = "trimestre"
    SEMESTER = "semestre"
    YEAR = "anno"
    OTHER = "altro"


class Direction(LabelledEnum):
    """Which way an indicator improves."""

    HIGHER = "crescente"
    LOWER = "decrescente"
    RANGE = "intervallo"


class Health(LabelledEnum):
    """The computed andamento, kept apart from the status the office declares."""

    ON_TRACK = "in_linea"
    ATTENTION = "da_attenzionare"
    CRITICAL = "critico"
    NOT_RATED = "non_valutabile"


class Rollup(LabelledEnum):
    """How the health of actions is summed up for a strategy, an axis and the plan."""

    AVERAGE = "media"
    BUDGET = "budget"


_LABELS: dict[str, dict[str, str]] = {
    "PeriodKind": {
        "mese": "Mese",
        "trimestre": "Trimestre",
        "semestre": "Semestre",
        "anno": "Anno",
        "altro": "Altro",
    },
    "Direction": {
        "crescente": "Più alto è meglio",
        "decrescente": "Più basso è meglio",
        "intervallo": "Entro un intervallo",
    },
    "Health": {
        "in_linea": "In linea",
        "da_attenzionare": "Da attenzionare",
        "critico": "Critico",
        "non_valutabile": "Non valutabile",
    },
    "Rollup": {
        "media": "Media semplice",
        "budget": "Media pesata sul budget",
    },
    "Status": {
        "non_avviata": "Non avviata",
        "in_corso": "In corso",
        "completata": "Completata",
        "sospesa": "Sospesa",
        "annullata": "Annullata",
    },
    "Priority": {"alta": "Alta", "media": "Media", "bassa": "Bassa"},
    "Competence": {"diretta": "Competenza diretta", "regia": "Regia"},
    "FundingSource": {
        "pnrr": "PNRR",
        "fesr": "FESR",
        "fse_plus": "FSE+",
        "regionale": "Fondi regionali",
        "fondi_propri": "Fondi propri",
        "altro": "Altro",
    },
    "Sector": {
        "agricoltura": "Agricoltura",
        "turismo": "Turismo",
        "manifattura": "Manifattura",
        "servizi": "Servizi",
        "commercio": "Commercio",
        "logistica": "Logistica",
        "pubblica_amministrazione": "Pubblica amministrazione",
        "cultura": "Cultura",
        "energia": "Energia",
        "edilizia": "Edilizia",
        "istruzione_ricerca": "Istruzione e ricerca",
        "sanita_sociale": "Sanità e sociale",
    },
    "StakeholderKind": {
        "comune": "Comune",
        "ente_pubblico": "Ente pubblico",
        "universita_ricerca": "Università/centro di ricerca",
        "impresa": "Impresa",
        "associazione_categoria": "Associazione di categoria",
        "terzo_settore": "Terzo settore",
        "altro": "Altro",
    },
    "Role": {
        "responsabile": "Responsabile/capofila",
        "partner": "Partner",
        "coinvolto": "Coinvolto",
        "informato": "Informato",
    },
}

# Other words users type for the same thing (trackers come back edited by hand).
_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "Status": {
        "non_avviata": ("da avviare", "non iniziata", "non avviato"),
        "in_corso": ("avviata", "in lavorazione"),
        "completata": ("conclusa", "completato", "concluso", "chiusa"),
        "sospesa": ("sospeso",),
        "annullata": ("annullato", "cancellata"),
    },
    "FundingSource": {
        "fse_plus": ("fse", "fse plus"),
        "regionale": ("regione", "fondi regione", "regionali"),
        "fondi_propri": ("propri", "fondi dell'ente", "bilancio"),
    },
    "Role": {"responsabile": ("capofila", "responsabile", "lead")},
    "PeriodKind": {"altro": ("personalizzato", "custom")},
    "Direction": {
        "crescente": ("più alto", "alto", "higher"),
        "decrescente": ("più basso", "basso", "lower"),
        "intervallo": ("range", "entro intervallo"),
    },
    "StakeholderKind": {"universita_ricerca": ("università", "centro di ricerca")},
    "Competence": {
        "diretta": ("competenza propria", "propria", "diretta"),
        "regia": ("di regia", "coordinamento", "competenza di regia"),
    },
}
