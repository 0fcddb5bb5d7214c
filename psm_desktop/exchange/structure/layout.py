"""The structure workbook's shape: sheets, columns and their Italian headers, in one place.

Export and import both read these definitions. A new action field joins the workbook by
one more `Column` in ACTION_COLUMNS with `field` set to the ActionService field name:
export writes it, import reads it, the preview compares it and the import applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_MARKER = "psm-desktop-struttura"
PLAN_SHEET = "Piano"
AXES_SHEET = "Assi"
STRATEGIES_SHEET = "Strategie"
ACTIONS_SHEET = "Azioni"
LINKS_SHEET = "Collegamenti"
INSTRUCTIONS_SHEET = "Istruzioni"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    code: bool = False  # written as text ("1.10" must not become the number 1.1)
    wrap: bool = False
    required: bool = False  # the sheet must have this column
    grey: bool = False  # informative: not meant to be edited
    field: str | None = None  # an action field applied through ActionService
    limit: int = 1_000  # the longest text taken, in characters


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    freeze: str = "B2"

    def header(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)


LONG = 100_000  # descriptions and action texts (validation.LONG_TEXT_LIMIT)

# The plan's own data: one row per field (label, value).
PLAN_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Titolo del piano"),
    ("issuer", "Ente"),
    ("period", "Periodo"),
    ("updated_on", "Ultimo aggiornamento"),
)
DATABASE_ID_LABEL = "Identificativo del database (non modificare)"
FORMAT_LABEL = "Formato del file (non modificare)"
PLAN = Sheet(
    PLAN_SHEET,
    (
        Column("label", "Campo", 44, required=True, grey=True),
        Column("value", "Valore", 80, wrap=True, required=True),
    ),
)
AXES = Sheet(
    AXES_SHEET,
    (
        Column("number", "Asse", 8, code=True, required=True),
        Column("title", "Titolo", 50, wrap=True, required=True),
        Column("description", "Descrizione", 100, wrap=True, limit=LONG),
    ),
)
STRATEGIES = Sheet(
    STRATEGIES_SHEET,
    (
        Column("id", "ID", 8, grey=True),
        Column("code", "Codice", 10, code=True, required=True),
        Column("title", "Titolo", 50, wrap=True, required=True),
        Column("description", "Descrizione", 100, wrap=True, limit=LONG),
    ),
    freeze="C2",
)
ACTION_COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", 8, grey=True),
    Column("code", "Codice", 10, code=True, required=True),
    Column("text", "Testo dell'azione", 100, wrap=True, required=True, limit=LONG),
    Column("short_title", "Titolo breve", 40, wrap=True, field="short_title", limit=200),
    # The office fields (services/validation checks and normalises them on import).
    Column("cup", "CUP", 18, code=True, field="cup", limit=40),
    Column("pnrr", "Misura PNRR", 14, code=True, field="pnrr", limit=40),
    Column("dup_objective", "Obiettivo DUP", 14, code=True, field="dup_objective", limit=60),
    Column("sdgs", "Obiettivi Agenda 2030", 14, code=True, field="sdgs", limit=100),
    Column("competence", "Competenza", 18, field="competence", limit=40),
)
ACTIONS = Sheet(ACTIONS_SHEET, ACTION_COLUMNS, freeze="C2")
ACTION_FIELDS: tuple[Column, ...] = tuple(c for c in ACTION_COLUMNS if c.field)
LINKS = Sheet(
    LINKS_SHEET,
    (
        Column("axis", "Asse", 8, code=True, required=True),
        Column("linked", "Asse collegato", 14, code=True, required=True),
        Column("note", "Nota", 80, wrap=True, limit=1_000),
    ),
    freeze="A2",
)
DATA_SHEETS = (PLAN, AXES, STRATEGIES, ACTIONS, LINKS)


def instruction_lines(plan_title: str, exported: str) -> list[tuple[str, str]]:
    """(style, text) pairs of the Istruzioni sheet: 'title', 'head' or 'text'."""
    return [
        ("title", "La struttura del piano in una cartella di lavoro"),
        ("text", f"Piano: {plan_title}. Esportato il {exported}."),
        ("text", ""),
        ("head", "A che cosa serve"),
        (
            "text",
            "Questo file contiene la struttura del piano: i dati del piano, gli assi, le "
            "strategie, le azioni (codice, testo, titolo breve) e i collegamenti tra gli assi. "
            "Si può modificare e reimportare (File › Importa struttura del piano…, oppure "
            "psm-desktop plan import) o usare per creare un nuovo database (File › Nuovo "
            "database…, oppure psm-desktop init --from).",
        ),
        ("head", "Regole"),
        ("text", "• Non rinominare i fogli né le intestazioni delle colonne."),
        (
            "text",
            "• Il codice decide il posto: una strategia 2.3 sta nell'asse 2; un'azione 2.3.4 "
            "sta nella strategia 2.3, dopo le azioni con un numero più basso. Due azioni con lo "
            "stesso codice restano nell'ordine delle righe. Dopo l'importazione le azioni e le "
            "strategie sono rinumerate 1, 2, 3…",
        ),
        (
            "text",
            "• Per spostare un'azione in un'altra strategia cambiane il codice (per esempio "
            "da 1.1.4 a 1.2.9). Per aggiungerne una scrivi una riga nuova con il codice e il "
            "testo e lascia vuota la colonna ID.",
        ),
        (
            "text",
            "• La colonna grigia ID collega la riga all'azione (o alla strategia) del "
            "database: non modificarla e non copiarla in una riga nuova. Così un'azione "
            "riformulata o spostata conserva stato, avanzamento, soggetti, scadenze e "
            "cronologia.",
        ),
        (
            "text",
            "• Scrivi i codici come testo (le celle della colonna Codice lo sono già): "
            "altrimenti 1.10 diventerebbe il numero 1,1.",
        ),
        ("text", "• Non usare formule: le celle devono contenere testo."),
        ("head", "Che cosa succede all'importazione"),
        (
            "text",
            "• Prima di scrivere qualsiasi cosa PSM Desktop mostra le differenze: elementi "
            "nuovi, modificati (parola per parola) e mancanti. Gli elementi mancanti nel file "
            "vengono eliminati solo se lo confermi.",
        ),
        (
            "text",
            "• Un file con un errore non cambia nulla: tutti i problemi sono elencati insieme, "
            "con foglio, riga e colonna.",
        ),
    ]
