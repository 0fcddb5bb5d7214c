"""Which actions a tracker covers: the whole plan, one axis, one strategy or one stakeholder's."""

from __future__ import annotations

from dataclasses import dataclass

from psm_desktop.errors import NotFoundError, UserError
from psm_desktop.services import ActionFilter, Services

KINDS = ("piano", "asse", "strategia", "soggetto")


@dataclass(frozen=True)
class Scope:
    kind: str = "piano"
    value: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(self.kind)

    @classmethod
    def axis(cls, number: int) -> Scope:
        return cls("asse", str(number))

    @classmethod
    def strategy(cls, code: str) -> Scope:
        return cls("strategia", code.strip())

    @classmethod
    def stakeholder(cls, name: str) -> Scope:
        return cls("soggetto", " ".join(name.split()))

    @property
    def label(self) -> str:
        if self.kind == "asse":
            return f"Asse {self.value}"
        if self.kind == "strategia":
            return f"Strategia {self.value}"
        if self.kind == "soggetto":
            return f"Azioni di «{self.value}»"
        return "Tutto il piano"

    def encode(self) -> str:
        return f"{self.kind}:{self.value}"

    @classmethod
    def decode(cls, text: str) -> Scope:
        kind, _, value = (text or "").partition(":")
        return cls(kind, value) if kind in KINDS else cls()


def action_ids(services: Services, scope: Scope) -> list[int]:
    """The ids of the actions in scope, in plan order; refuses an empty or unknown scope."""
    flt = ActionFilter()
    if scope.kind == "piano":  # no filter: skip building every action's list row
        ids = list(services.actions.id_by_code().values())
        if not ids:
            raise UserError(f"Nessuna azione da esportare ({scope.label}).")
        return ids
    if scope.kind == "asse":
        try:
            number = int(scope.value)
        except ValueError:
            raise UserError(f"asse '{scope.value}' non valido: serve un numero") from None
        services.plan.axis(number)  # NotFoundError with an Italian message
        flt = ActionFilter(axis=number)
    elif scope.kind == "strategia":
        if not any(s.code == scope.value for s in services.plan.strategies()):
            raise NotFoundError(f"La strategia {scope.value} non esiste nel piano.")
        flt = ActionFilter(strategy=scope.value)
    elif scope.kind == "soggetto":
        found = services.stakeholders.find_by_name(scope.value)
        if found is None:
            raise NotFoundError(f"Il soggetto «{scope.value}» non esiste nell'anagrafica.")
        flt = ActionFilter(stakeholder_id=found.id)
    ids = [row.id for row in services.actions.list_actions(flt)]
    if not ids:
        raise UserError(f"Nessuna azione da esportare ({scope.label}).")
    return ids
