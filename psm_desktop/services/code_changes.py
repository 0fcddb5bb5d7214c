"""What a structural edit changes in codes: light (no SQLAlchemy), for the window's first
view and every layer that shows a renumbering. `services.renumbering` computes them."""

from __future__ import annotations

from dataclasses import dataclass, field

AXIS = "asse"
STRATEGY = "strategia"
ACTION = "azione"


@dataclass(frozen=True, slots=True)
class CodeChange:
    """One code that a structural edit changes: what the user confirms, what the log keeps."""

    entity: str  # "asse", "strategia", "azione"
    entity_id: int
    old_code: str
    new_code: str
    # The row's version once changed (each change bumps it by one): lets the window that
    # made the edit tell its own renumbering from someone else's change. Not compared.
    version: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"{self.entity} {self.old_code} → {self.new_code}"
