"""Which action a tracker's code stands for, whatever the action's code is now.

Codes follow positions: moving an action, deleting a sibling or moving a strategy to
another axis renumbers actions, and a tracker exported before that still shows the old
codes, in the Azioni sheet and in the codes the office types in Scadenze and
Assegnazioni. Trackers of format 3 carry each action's database id (a hidden column of
Azioni, and the base sheet, which maps every exported code to its id), so every code of
the file is read as the action it named at export. Older trackers have codes only: they
are matched by code, as they always were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from psm_desktop.exchange.tracker.reading import TrackerContent
from psm_desktop.services import Services
from psm_desktop.services.action_identity import renumbered_since, replaced_since


@dataclass(frozen=True)
class ActionIdentity:
    """The actions of one tracker: exported code <-> action id."""

    by_code: Mapping[str, int]  # code as exported -> action id
    with_ids: bool  # the file carries ids (format 3); else codes are today's codes
    replaced: frozenset[int] = frozenset()  # ids that are no longer the exported action
    renumbered: int = 0  # without ids: action codes changed since the export (a risk)
    code_at_export: dict[int, str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "code_at_export", {i: c for c, i in self.by_code.items()})

    def action_id(self, code: str) -> int | None:
        """The action the exported `code` named, if it is still in the database as such."""
        found = self.by_code.get(code)
        return None if found is None or found in self.replaced else found

    def change(self, action_id: int, current_code: str) -> str:
        """'codice cambiato: 1.2.3 → 2.1.4' when the action's code changed since export."""
        exported = self.code_at_export.get(action_id, current_code)
        return "" if exported == current_code else f"codice cambiato: {exported} → {current_code}"


def action_identity(services: Services, content: TrackerContent) -> ActionIdentity:
    exported = content.base["A"]
    if exported and all(record.get("id") for record in exported):
        by_code = {record["code"]: int(record["id"]) for record in exported}
        try:
            mark = int(content.meta.get("log_mark", ""))
        except ValueError:  # not written (or damaged): deleted actions are still found
            return ActionIdentity(by_code, with_ids=True)
        replaced = replaced_since(services.db, by_code.values(), mark)
        return ActionIdentity(by_code, with_ids=True, replaced=frozenset(replaced))
    current = services.actions.id_by_code()
    when = content.exported_at
    return ActionIdentity(
        {r["code"]: current[r["code"]] for r in exported if r["code"] in current},
        with_ids=False,
        renumbered=renumbered_since(services.db, when) if when is not None else 0,
    )


def renumbered_warning(identity: ActionIdentity) -> list[str]:
    """An older tracker (no ids) read after codes changed: its rows may name other actions."""
    if identity.with_ids or not identity.renumbered:
        return []
    count = identity.renumbered
    return [
        "Questo tracker è stato esportato da una versione precedente di PSM Desktop e "
        "riconosce le azioni solo dal codice, ma dopo l'esportazione il piano è stato "
        f"riorganizzato ({count} {'azione ha' if count == 1 else 'azioni hanno'} cambiato "
        "codice): controlla che le modifiche riguardino le azioni giuste, oppure esporta un "
        "nuovo tracker e ricopia lì le modifiche."
    ]
