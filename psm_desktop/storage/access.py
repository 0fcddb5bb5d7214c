"""What the user of a database may change: light (no SQLAlchemy), the window needs it
before the data layers load."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Access:
    """What the user of a database may change."""

    role: str | None  # coordinatore, ufficio, lettore on a server; None for a file
    read_only: bool
    editable_actions: frozenset[int] | None  # None: every action
    # The database user on a server: the name the change log records (None for a file).
    user: str | None = None

    def may_edit_action(self, action_id: int) -> bool:
        if self.read_only:
            return False
        return self.editable_actions is None or action_id in self.editable_actions
