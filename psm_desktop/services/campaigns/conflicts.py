"""Which offices' proposals clash, and which agree (the second then has nothing to do).

Outside strict mode: different values for the same field of the same record; one office
deleting a deadline or assignment that another edits; the same assignment (action and
stakeholder) added with different roles; the same deadline (action, description and date)
added with different values. Two offices deleting the same row, or adding the identical
one, agree. Strict mode: any changes by two offices to the same action.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Protocol

from psm_desktop.services.campaigns import codec
from psm_desktop.services.campaigns.dto import (
    NEW,
    NEW_STAKEHOLDER,
    RECORD_FIELDS,
    REMOVED,
    ChangeRow,
    Conflict,
    new_stakeholder,
)


class Change(Protocol):
    """A proposal as stored (CampaignChange) or as read (ChangeRow)."""

    @property
    def id(self) -> int: ...
    @property
    def entity(self) -> str: ...
    @property
    def target_id(self) -> int | None: ...
    @property
    def action_id(self) -> int | None: ...
    @property
    def field(self) -> str: ...
    @property
    def proposed_value(self) -> str | None: ...


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _who(values: dict[str, Any]) -> tuple[str, Any]:
    """The stakeholder a new row names: its id, or a new one's name (ignoring case, spaces)."""
    spec = new_stakeholder(values)
    if spec is not None:
        return ("nome", _name_key(str(spec["name"])))
    return ("id", values.get("stakeholder_id"))


def clash_key(change: Change) -> tuple[Any, ...]:
    """What two offices' proposals share when they are about the same thing."""
    if change.field != NEW:
        return (change.entity, change.target_id, change.field)
    values = codec.decode(change.proposed_value) or {}
    if change.entity == "assegnazione":
        return ("assegnazione", NEW, change.action_id, _who(values))
    if change.entity == "scadenza":
        title = _name_key(str(values.get("title") or ""))
        return ("scadenza", NEW, change.action_id, title, str(values.get("due_date")))
    return (NEW, change.id)


def agreement(change: Change) -> Any:
    """What two proposals about the same thing must share to agree (a new stakeholder's kind
    and contacts do not make it another)."""
    if change.field not in (NEW, "stakeholder_id"):
        return change.proposed_value
    value = codec.decode(change.proposed_value)
    if change.field != NEW:
        return _who(value) if new_stakeholder(value) is not None else change.proposed_value
    values = dict(value or {})
    who = _who(values)
    values.pop(NEW_STAKEHOLDER, None)
    values.pop("stakeholder_id", None)
    return codec.encode(values), who


class Opposed:
    """Which of the chosen proposals excludes another: a row's deletion and its edit."""

    def __init__(self, chosen: Sequence[ChangeRow]) -> None:
        self.removed: dict[tuple[str, int], ChangeRow] = {}
        self.edited: dict[tuple[str, int], ChangeRow] = {}
        for c in chosen:
            if c.target_id is None or c.field == NEW:
                continue
            side = self.removed if c.field == REMOVED else self.edited
            side.setdefault((c.entity, c.target_id), c)

    def to(self, other: Change) -> ChangeRow | None:
        if other.target_id is None or other.field == NEW:
            return None
        side = self.edited if other.field == REMOVED else self.removed
        return side.get((other.entity, other.target_id))


def find_conflicts(changes: Sequence[ChangeRow], *, strict: bool = False) -> list[Conflict]:
    groups: dict[tuple[Any, ...], list[ChangeRow]] = defaultdict(list)
    for c in changes:
        key: tuple[Any, ...]
        if strict and c.action_id:
            key = ("azione", c.action_id)
        elif strict:
            key = (c.entity, c.target_id)
        else:
            key = clash_key(c)
        groups[key].append(c)
    found = []
    for rows in groups.values():
        offices = {c.office_id for c in rows}
        if len(offices) < 2:
            continue
        if not strict and len({agreement(c) for c in rows}) < 2:
            continue  # two offices agreeing is no conflict
        first = rows[0]
        found.append(
            Conflict(
                entity=first.entity,
                label=first.label,
                field_label="" if strict else first.field_label,
                changes=tuple(rows),
            )
        )
    if not strict:
        found.extend(_deleted_and_edited(changes))
    return found


def _deleted_and_edited(changes: Sequence[ChangeRow]) -> list[Conflict]:
    """A row one office deletes and another edits: the deletions and the edits, together."""
    removals: dict[tuple[str, int], list[ChangeRow]] = defaultdict(list)
    edited: dict[tuple[str, int], list[ChangeRow]] = defaultdict(list)
    for c in changes:
        if c.target_id is not None and c.field == REMOVED:
            removals[(c.entity, c.target_id)].append(c)
        elif c.target_id is not None and c.field not in RECORD_FIELDS:
            edited[(c.entity, c.target_id)].append(c)
    found = []
    for (entity, target), removed in removals.items():
        removers = {c.office_id for c in removed}
        edits = [c for c in edited.get((entity, target), ()) if c.office_id not in removers]
        if edits:
            found.append(
                Conflict(
                    entity=entity,
                    label=removed[0].label,
                    field_label="",
                    changes=(*removed, *edits),
                )
            )
    return found
