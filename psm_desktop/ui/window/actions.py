"""Every menu and toolbar action of the main window, declared in one place.

The window looks actions up by key and connects them to its slots; the menus are built
from MENUS. Shortcuts are the platform's standard ones where Qt has one.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

Std = QKeySequence.StandardKey


class ActionSpec(NamedTuple):  # not a dataclass: its class costs ~0.5 ms of start-up
    key: str
    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    toolbar: bool = False


SPECS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec(
        "new_db",
        "&Nuovo database…",
        (Std.New,),
        "Crea un nuovo database: il piano PSM 2024-2026, un piano vuoto o uno da file",
    ),
    ActionSpec("open_db", "&Apri database…", (Std.Open,), "Apri un altro database", True),
    ActionSpec(
        "open_server",
        "Apri database sul &server…",
        (),
        "Apri il piano condiviso su un server PostgreSQL (host, porta, database, utente)",
    ),
    ActionSpec("save_copy", "Salva una &copia…", ("Ctrl+Shift+S",), "Salva una copia del database"),
    ActionSpec(
        "save_local_copy",
        "Salva una copia &locale…",
        (),
        "Una copia completa del piano in un file, da portare a una riunione o sul campo",
    ),
    ActionSpec(
        "restore_backup",
        "Ripristina da &backup…",
        (),
        "Torna a una delle copie automatiche del database",
    ),
    ActionSpec(
        "export_tracker",
        "&Esporta tracker Excel…",
        ("Ctrl+E",),
        "Esporta un tracker Excel da inviare ai soggetti",
        True,
    ),
    ActionSpec(
        "import_tracker",
        "&Importa tracker Excel…",
        ("Ctrl+I",),
        "Importa un tracker Excel compilato",
        True,
    ),
    ActionSpec(
        "import_plan_text",
        "Importa &testo di un asse…",
        (),
        "Crea o aggiorna un asse dal testo della sua pagina sul sito del piano",
    ),
    ActionSpec(
        "export_structure",
        "Esporta &struttura del piano…",
        (),
        "Scrivi assi, strategie, azioni e collegamenti in una cartella di lavoro Excel",
    ),
    ActionSpec(
        "import_structure",
        "Importa str&uttura del piano…",
        (),
        "Aggiorna la struttura del piano da una cartella di lavoro Excel, con anteprima",
    ),
    ActionSpec("export_pdf", "Esporta &PDF…", (Std.Print,), "Esporta schede PDF", True),
    ActionSpec("publish", "Pu&bblica…", (), "Sito web accessibile e dati aperti di un periodo"),
    ActionSpec("preferences", "P&referenze…", ("Ctrl+,",), "Nome dell'operatore"),
    ActionSpec(
        "my_stakeholder",
        "Il &mio soggetto…",
        (),
        "Il soggetto per cui lavori: le sue azioni con un clic («Le mie azioni»)",
    ),
    ActionSpec(
        "office_settings",
        "Impostazioni &ufficio…",
        (),
        "Ente, logo, colori ed etichette delle schede PDF",
    ),
    ActionSpec("quit", "&Esci", (Std.Quit, "Ctrl+Q"), "Chiudi PSM Desktop"),
    # Modifica
    ActionSpec("undo", "&Annulla", (Std.Undo,), "Annulla l'ultima modifica", True),
    ActionSpec("redo", "&Ripeti", (Std.Redo, "Ctrl+Y", "Ctrl+Shift+Z"), "Ripeti", True),
    ActionSpec("find", "&Cerca azioni", (Std.Find,), "Vai al filtro delle azioni"),
    ActionSpec("clear_filters", "A&zzera filtri", ("Ctrl+Shift+F",), "Mostra tutte le azioni"),
    ActionSpec("add_assignment", "Assegna &soggetto…", ("Ctrl+Shift+A",), "Assegna un soggetto"),
    ActionSpec("add_deadline", "Aggiungi s&cadenza…", ("Ctrl+Shift+D",), "Nuova scadenza"),
    # Struttura (acting on the item chosen in the plan tree)
    ActionSpec("new_axis", "Nuovo &asse…", (), "Aggiungi un asse in fondo al piano"),
    ActionSpec("new_strategy", "Nuova &strategia…", (), "Aggiungi una strategia all'asse scelto"),
    ActionSpec("new_action", "Nuova a&zione…", (), "Aggiungi un'azione alla strategia scelta"),
    ActionSpec("edit_node", "&Modifica…", (), "Modifica i testi dell'elemento scelto nell'albero"),
    ActionSpec("move_up", "Sposta s&u", ("Ctrl+Shift+Up",), "Sposta prima l'elemento scelto"),
    ActionSpec("move_down", "Sposta &giù", ("Ctrl+Shift+Down",), "Sposta dopo l'elemento scelto"),
    ActionSpec("move_to", "Sposta &in…", (), "Sposta in un'altra strategia o in un altro asse"),
    ActionSpec("edit_plan", "&Dati del piano…", (), "Titolo, ente, periodo, ultimo aggiornamento"),
    ActionSpec(
        "axis_links", "&Collegamenti tra gli assi…", (), "Quali assi sono collegati, con una nota"
    ),
    ActionSpec("delete_node", "&Elimina…", (), "Elimina l'elemento scelto nell'albero"),
    # Visualizza
    ActionSpec("show_plan", "&Piano", ("Ctrl+1",), "Albero, azioni e scheda", True),
    ActionSpec("show_stakeholders", "&Soggetti", ("Ctrl+2",), "Anagrafica dei soggetti", True),
    ActionSpec("show_deadlines", "Sca&denze", ("Ctrl+3",), "Tutte le scadenze", True),
    ActionSpec("show_overview", "Pa&noramica", ("Ctrl+4",), "Panoramica per asse", True),
    ActionSpec("whole_plan", "&Tutto il piano", ("Ctrl+0",), "Mostra le azioni di tutti gli assi"),
    ActionSpec("focus_tree", "Vai all'&albero", ("Alt+1",), "Sposta il cursore sull'albero"),
    ActionSpec("focus_table", "Vai alla &tabella", ("Alt+2",), "Sposta il cursore sulla tabella"),
    ActionSpec("focus_editor", "Vai alla sc&heda", ("Alt+3",), "Sposta il cursore sulla scheda"),
    ActionSpec("reload", "A&ggiorna", (Std.Refresh, "F5"), "Rileggi i dati dal database"),
    # Monitoraggio
    ActionSpec(
        "periods",
        "&Periodi di monitoraggio…",
        ("Ctrl+Shift+P",),
        "Crea, chiudi e riapri i periodi; la regola dell'andamento",
    ),
    ActionSpec(
        "campaigns",
        "Ca&mpagne di aggiornamento…",
        (),
        "Un tracker per ufficio, il quadro dei rientri e la revisione delle proposte",
    ),
    ActionSpec(
        "compare_periods",
        "&Che cosa è cambiato…",
        (),
        "Confronta due periodi, o un periodo e oggi",
    ),
    # Aiuto
    ActionSpec("help", "&Guida", (Std.HelpContents, "F1"), "La guida in italiano (F1)"),
    ActionSpec("about", "&Informazioni su PSM Desktop", (), ""),
)

MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "&File",
        (
            "new_db",
            "open_db",
            "open_server",
            "@recent",
            "save_copy",
            "save_local_copy",
            "restore_backup",
            "-",
            "export_tracker",
            "import_tracker",
            "import_plan_text",
            "export_structure",
            "import_structure",
            "export_pdf",
            "publish",
            "-",
            "preferences",
            "my_stakeholder",
            "office_settings",
            "-",
            "quit",
        ),
    ),
    (
        "&Modifica",
        ("undo", "redo", "-", "find", "clear_filters", "-", "add_assignment", "add_deadline"),
    ),
    (
        "&Struttura",
        (
            "new_axis",
            "new_strategy",
            "new_action",
            "-",
            "edit_node",
            "move_up",
            "move_down",
            "move_to",
            "-",
            "delete_node",
            "-",
            "edit_plan",
            "axis_links",
        ),
    ),
    (
        "&Visualizza",
        (
            "show_plan",
            "show_stakeholders",
            "show_deadlines",
            "show_overview",
            "-",
            "whole_plan",
            "focus_tree",
            "focus_table",
            "focus_editor",
            "-",
            "reload",
        ),
    ),
    ("M&onitoraggio", ("periods", "compare_periods", "campaigns")),
    ("&Aiuto", ("help", "-", "about")),
)

TOOLBAR = (
    "open_db",
    "-",
    "undo",
    "redo",
    "-",
    "export_tracker",
    "import_tracker",
    "export_pdf",
)


def _sequences(spec: ActionSpec) -> list[QKeySequence]:
    result: list[QKeySequence] = []
    for item in spec.shortcuts:
        if isinstance(item, str):
            result.append(QKeySequence(item))
        else:
            result.extend(QKeySequence.keyBindings(item))
    unique: list[QKeySequence] = []
    for seq in result:
        if not seq.isEmpty() and all(seq != other for other in unique):
            unique.append(seq)
    return unique


def create_actions(parent: QWidget) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    for spec in SPECS:
        # The parent by keyword: given by position, the (icon, text, parent) overload is
        # tried first, building QIcon's Python enumerations (~2 ms of start-up) for nothing.
        action = QAction(spec.text, parent=parent)
        action.setObjectName(f"action_{spec.key}")
        action.setShortcuts(_sequences(spec))
        tip = spec.tip or spec.text.replace("&", "").rstrip("…")
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.setStatusTip(tip)
        actions[spec.key] = action
    for key in ("show_plan", "show_stakeholders", "show_deadlines", "show_overview"):
        actions[key].setCheckable(True)
    return actions
