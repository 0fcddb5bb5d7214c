"""The text of the Istruzioni sheet, in Italian, for officials who never saw the tracker."""

from __future__ import annotations

from psm_desktop.model import Priority, Role, Status


def instruction_lines(plan_title: str, scope_label: str, exported: str) -> list[tuple[str, str]]:
    """(style, text) pairs: style is 'title', 'head' or 'text'."""
    statuses = ", ".join(Status.labels())
    priorities = ", ".join(Priority.labels())
    roles = ", ".join(Role.labels())
    return [
        ("title", "Come compilare questo tracker"),
        ("text", f"Piano: {plan_title}. Contenuto: {scope_label}. Esportato il {exported}."),
        ("text", ""),
        ("head", "Regole generali"),
        (
            "text",
            "• Modifica solo le celle bianche. Le colonne grigie (codice, asse, strategia, "
            "testo dell'azione, responsabile, soggetti coinvolti, prossima scadenza, "
            "in ritardo) sono informative e protette: le modifiche lì non vengono importate.",
        ),
        ("text", "• Non rinominare i fogli e le intestazioni delle colonne."),
        (
            "text",
            "• Il foglio Azioni è protetto, per evitare modifiche per errore alle colonne "
            "grigie: lì non si possono spostare, aggiungere o eliminare colonne né riordinare "
            "le righe. Puoi però filtrarle: usa le frecce del filtro nelle intestazioni.",
        ),
        (
            "text",
            "• Negli altri fogli puoi anche ordinare le righe e aggiungere colonne tue "
            "(vengono ignorate).",
        ),
        ("text", "• Le date si scrivono gg/mm/aaaa (per esempio 31/12/2025)."),
        (
            "text",
            "• Avanzamento: scrivi un numero intero da 0 a 100, per esempio 50 (senza il "
            "segno %): la cella mostra 50%.",
        ),
        (
            "text",
            "• Per gli elenchi (Stato, Priorità, Ruolo, Tipo...) usa il menu a tendina "
            "della cella.",
        ),
        (
            "text",
            "• Settori, zone omogenee e assi collegati: più valori separati da punto e "
            "virgola (;).",
        ),
        (
            "text",
            "• Non modificare né cancellare il foglio nascosto: serve a riconoscere le "
            "modifiche fatte da te rispetto a quelle fatte nel frattempo nel database.",
        ),
        ("text", ""),
        ("head", "Foglio Azioni"),
        ("text", f"• Stato: uno fra {statuses}."),
        ("text", f"• Priorità: {priorities} (oppure vuota)."),
        (
            "text",
            "• Le righe evidenziate in rosso sono azioni in ritardo (data di fine "
            "superata o scadenza non rispettata).",
        ),
        ("text", "• Non aggiungere nuove azioni: i codici delle azioni sono quelli del piano."),
        (
            "text",
            "• Ogni riga porta con sé l'identificativo dell'azione (colonna nascosta ID, da "
            "non modificare): se nel frattempo il piano viene riorganizzato e i codici "
            "cambiano, le tue modifiche arrivano comunque alle azioni giuste.",
        ),
        (
            "text",
            "• CUP: il Codice Unico di Progetto, 15 lettere e cifre (più azioni possono avere "
            "lo stesso). Misura PNRR: missione, componente e investimento o riforma, per "
            "esempio M1C1 I1.1. Obiettivi Agenda 2030: i numeri degli obiettivi da 1 a 17 "
            "separati da virgole, per esempio 3, 11. Competenza: competenza diretta o regia.",
        ),
        (
            "text",
            "• Se un'azione è in ritardo rispetto ai tempi previsti (avanzamento sotto quello "
            "atteso a questa data), scrivi nella colonna Note perché e cosa si sta facendo: "
            "all'importazione un andamento «critico» senza una nota viene segnalato.",
        ),
        (
            "text",
            "• Una nota troppo lunga per una cella finisce con il segno «[…testo troncato: il "
            "testo completo è nel database]»: puoi correggere il testo che vedi e scrivere "
            "aggiunte dopo il segno, ma non cancellarlo, altrimenti la nota non viene importata.",
        ),
        ("text", ""),
        ("head", "Foglio Indicatori"),
        (
            "text",
            "• Elenca gli indicatori delle azioni del tracker (e delle loro strategie e assi) "
            "per il periodo di monitoraggio aperto; se nessun periodo è aperto, il foglio lo "
            "dice e non ha righe da compilare.",
        ),
        (
            "text",
            "• Scrivi il valore del periodo (un numero, anche con la virgola: 12,5) oppure "
            "«n.d.» se il dato non è disponibile (n.d. non vale zero), e una nota se serve. "
            "Le colonne grigie sono di sola lettura.",
        ),
        ("text", ""),
        ("head", "Foglio Scadenze"),
        (
            "text",
            "• Per una nuova scadenza aggiungi una riga in fondo lasciando vuota la colonna "
            "ID: indica codice azione, descrizione e data prevista.",
        ),
        ("text", "• Quando una scadenza è raggiunta scrivi la data di completamento."),
        (
            "text",
            "• Per eliminare una scadenza cancella la sua riga: l'eliminazione sarà "
            "applicata solo se chi importa il tracker la conferma.",
        ),
        ("text", "• Le scadenze superate e non completate sono evidenziate in rosso."),
        ("text", ""),
        ("head", "Foglio Soggetti"),
        (
            "text",
            "• Per un nuovo soggetto aggiungi una riga lasciando vuota la colonna ID. "
            "Il nome deve essere diverso da quelli già presenti.",
        ),
        ("text", ""),
        ("head", "Foglio Assegnazioni"),
        ("text", f"• Una riga per ogni soggetto che partecipa a un'azione. Ruolo: {roles}."),
        (
            "text",
            "• Aggiungi una riga per un nuovo coinvolgimento, cancellala per toglierlo "
            "(la rimozione va confermata da chi importa).",
        ),
        ("text", ""),
        ("head", "Quando hai finito"),
        (
            "text",
            "Salva il file in formato Excel (.xlsx) e restituiscilo a chi te l'ha inviato. "
            "Chi lo importa vedrà l'elenco delle modifiche prima di applicarle.",
        ),
    ]
