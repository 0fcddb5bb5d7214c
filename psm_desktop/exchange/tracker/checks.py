"""What the preview warns about in the Azioni sheet: nothing the office did is dropped silently.

Warnings, not errors: a status that contradicts the progress is applied as typed but
pointed out; a row deleted from the sheet, or an edit in a grey (read-only) column, is
ignored and said to be.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """An action row whose new status or progress, with no new note, may make the
    andamento "critico" (issue 11.3)."""

    action_id: int
    code: str
    where: str
    status: Status | None
    progress: int | None


def health_check(ours: Record, items: list[ChangeItem], where: str) -> HealthCheck | None:
    """The check an edited action row needs, or None: no status or progress changed, or a
    new note comes with them."""
    changed = {i.field: i.new for i in items if i.field in ("status", "progress")}
    if not changed or ours.action_id is None:
        return None
    note = next((i for i in items if i.field == "notes"), None)
    if note is not None and str(note.new or "").strip():
        return None
    status = changed.get("status", ours.values.get("status"))
    progress = changed.get("progress", ours.values.get("progress"))
    return HealthCheck(
        action_id=ours.action_id,
        code=str(ours.values["code"]),
        where=where,
        status=status if isinstance(status, Status) else None,
        progress=progress if isinstance(progress, int) else None,
    )


def critical_without_note(services: Services, checks: list[HealthCheck]) -> list[str | None]:
    """For each check, the warning if the edit makes the andamento critico, else None (a
    warning, not a refusal). All the actions are scored together: one read, not one each."""
    healths = services.periods.healths_if_edited(
        {c.action_id: (c.status, c.progress) for c in checks}
    )
    return [
        f"{c.where}: azione {c.code}, {CRITICAL_WITHOUT_NOTE} (scrivila nella "
        "colonna Note del tracker, o nell'applicazione dopo l'importazione)."
        if healths.get(c.action_id) is Health.CRITICAL
        else None
        for c in checks
    ]
