"""What the preview warns about in the Azioni sheet: nothing the office did is dropped silently.

Warnings, not errors: a status that contradicts the progress is applied as typed but
pointed out; a row deleted from the sheet, or an edit in a grey (read-only) column, is
ignored and said to be.
"""

from __future__ import annotations

from collections.abc import Iterable

from psm_desktop.exchange.tracker.layout import ACTIONS
from psm_desktop.exchange.tracker.plan import ChangeItem
from psm_desktop.exchange.tracker.reading import Row
from psm_desktop.exchange.tracker.snapshot import Record
from psm_desktop.exchange.tracker.values import same_as_exported
from psm_desktop.model import Health, Status
from psm_desktop.services import Services

CRITICAL_WITHOUT_NOTE = "andamento critico: manca una nota che lo spieghi"


def contradicts(status: object, progress: object) -> bool:
    """A status that the progress belies: completed below 100 %, not started above 0 %."""
    if not isinstance(progress, int):
        return False
    return (status is Status.COMPLETED and progress < 100) or (
        status is Status.NOT_STARTED and progress > 0
    )


def action_row_warnings(row: Row, ours: Record, items: list[ChangeItem], where: str) -> list[str]:
    """Warnings about one merged action row; `items` are the changes it produced."""
    warnings: list[str] = []
    changed = {i.field: i.new for i in items if i.field in ("status", "progress")}
    if changed:
        status = changed.get("status", ours.values.get("status"))
        progress = changed.get("progress", ours.values.get("progress"))
        if contradicts(status, progress):
            label = getattr(status, "label", status)
            warnings.append(
                f"{where}: azione {ours.values['code']} «{label}» con avanzamento {progress}%: "
                "controlla che stato e avanzamento siano giusti (vengono importati come sono)."
            )
    for key, cell in row.grey.items():
        column = ACTIONS.by_key[key]
        if not same_as_exported(column.kind, cell, ours.values.get(key)):
            warnings.append(
                f"{where}, colonna {column.header}: modifica in una colonna grigia (di sola "
                "lettura), ignorata: questo dato si cambia nell'applicazione."
            )
    return warnings


def removed_action_rows(exported: Iterable[str], seen: set[str], existing: set[str]) -> list[str]:
    """Actions exported in the tracker whose row is no longer in the Azioni sheet."""
    return [
        f"{ACTIONS.name}: la riga dell'azione {code} è stata tolta dal tracker ed è ignorata: "
        "l'azione resta com'è nel database (le azioni non si eliminano dal tracker)."
        for code in exported
        if code not in seen and code in existing
    ]


def critical_without_note(
    services: Services, ours: Record, items: list[ChangeItem], where: str
) -> list[str]:
    """Issue 11.3: a declared status or progress that makes the andamento "critico" needs a
    note saying why; without a new one the preview says so (a warning, not a refusal)."""
    changed = {i.field: i.new for i in items if i.field in ("status", "progress")}
    if not changed or ours.action_id is None:
        return []
    note = next((i for i in items if i.field == "notes"), None)
    if note is not None and str(note.new or "").strip():
        return []
    status = changed.get("status", ours.values.get("status"))
    progress = changed.get("progress", ours.values.get("progress"))
    health = services.periods.action_health(
        ours.action_id,
        status=status if isinstance(status, Status) else None,
        progress=progress if isinstance(progress, int) else None,
    )
    if health.action.health is not Health.CRITICAL:
        return []
    return [
        f"{where}: azione {ours.values['code']}, {CRITICAL_WITHOUT_NOTE} (scrivila nella "
        "colonna Note del tracker, o nell'applicazione dopo l'importazione)."
    ]
