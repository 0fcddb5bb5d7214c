"""Everything a stakeholder deletion removes, kept so that undo can put it back. No Qt.

A forced delete removes the stakeholder, its assignments and its name on deadlines.
`take_snapshot` reads all of it before the delete; `restore` re-creates it in a single
transaction (a new stakeholder id: SQLite does not promise to give the old one back).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from psm_desktop.errors import NotFoundError, ValidationError
from psm_desktop.model import Role
from psm_desktop.services.dto import StakeholderInfo

if TYPE_CHECKING:  # the facade imports the services; this module is not part of it
    from psm_desktop.services import Services


@dataclass(frozen=True, slots=True)
class StakeholderSnapshot:
    info: StakeholderInfo
    assignments: tuple[tuple[int, Role], ...]  # (action id, role)
    deadline_ids: tuple[int, ...]  # deadlines whose responsible it was
    assigned_codes: tuple[tuple[str, Role], ...] = ()  # (action code, role), for messages

    @property
    def action_ids(self) -> list[int]:
        return sorted({action_id for action_id, _ in self.assignments})

    def values(self) -> dict[str, object]:
        return info_values(self.info)


def info_values(info: StakeholderInfo) -> dict[str, object]:
    """The registry fields of a stakeholder, with the keys StakeholderService.create takes."""
    return {
        "name": info.name,
        "kind": info.kind,
        "zone": info.zone,
        "contact_person": info.contact_person,
        "email": info.email,
        "phone": info.phone,
        "notes": info.notes,
    }


def take_snapshot(services: Services, stakeholder_id: int) -> StakeholderSnapshot:
    info = services.stakeholders.get(stakeholder_id)
    roles = services.stakeholders.actions_of(stakeholder_id)
    deadlines = services.stakeholders.deadlines_of(stakeholder_id)
    return StakeholderSnapshot(
        info=info,
        assignments=tuple((row.id, role) for row, role in roles),
        deadline_ids=tuple(d.id for d in deadlines),
        assigned_codes=tuple((row.code, role) for row, role in roles),
    )


@dataclass(frozen=True, slots=True)
class RestoreResult:
    stakeholder: StakeholderInfo
    skipped: tuple[str, ...]  # what could not be put back (action or deadline deleted since)


def restore(services: Services, snapshot: StakeholderSnapshot) -> RestoreResult:
    """Re-create the stakeholder with its assignments and deadlines, all or nothing.

    Assignments to actions, or deadlines, that no longer exist are skipped and reported;
    a name now taken by another stakeholder refuses the whole restore (ValidationError).
    """
    skipped: list[str] = []
    with services.db.transaction() as session:
        new_id = services.stakeholders.create_in(session, snapshot.values())
        for action_id, role in snapshot.assignments:
            try:
                with session.begin_nested():
                    services.assignments.assign_in(session, action_id, new_id, role)
            except (NotFoundError, ValidationError) as exc:
                skipped.append(f"assegnazione all'azione {action_id}: {exc.message}")
        for deadline_id in snapshot.deadline_ids:
            try:
                with session.begin_nested():
                    services.deadlines.update_in(
                        session, deadline_id, None, {"stakeholder_id": new_id}
                    )
            except (NotFoundError, ValidationError) as exc:
                skipped.append(f"scadenza {deadline_id}: {exc.message}")
        session.flush()
        info = services.stakeholders.info_in(session, new_id)
    return RestoreResult(info, tuple(skipped))
