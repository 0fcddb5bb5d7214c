"""The plan as the database holds it, read in the caller's session: what export writes and
what an import is compared with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from psm_desktop.exchange.structure.content import PlanData
from psm_desktop.exchange.structure.layout import ACTION_FIELDS
from psm_desktop.model import LabelledEnum
from psm_desktop.services import Services
from psm_desktop.services.structure_service import AxisOutline, NodeInfo


@dataclass(frozen=True)
class CurrentPlan:
    database_id: str
    plan: PlanData
    axes: tuple[AxisOutline, ...]
    fields: dict[int, dict[str, str]]  # action id -> workbook field -> value as text
    links: dict[tuple[int, int], str]  # (axis number, linked axis number) -> note

    @property
    def actions(self) -> list[NodeInfo]:
        return [a for axis in self.axes for s in axis.strategies for a in s.actions]


def field_names() -> list[str]:
    return [c.field for c in ACTION_FIELDS if c.field is not None]


def as_text(value: Any) -> str:
    """A field's value as the workbook shows it (None as empty, goals as "3, 11", an
    enum by its Italian label)."""
    if value is None:
        return ""
    if isinstance(value, frozenset):
        return ", ".join(str(v) for v in sorted(value))
    if isinstance(value, LabelledEnum):
        return value.label
    return str(value)


def load_current(services: Services, session: Session) -> CurrentPlan:
    plan = services.structure.plan_in(session)
    axes = services.structure.plan_outline_in(session)
    raw = services.actions.field_values_in(session, field_names())
    numbers = {a.node.id: int(a.node.code) for a in axes}
    links = {
        (numbers[a], numbers[b]): note
        for (a, b), note in services.axis_links.links_in(session).items()
    }
    return CurrentPlan(
        database_id=services.db.database_id or "",
        plan=PlanData(plan.title, plan.issuer, plan.period, plan.updated_on),
        axes=axes,
        fields={i: {k: as_text(v) for k, v in values.items()} for i, values in raw.items()},
        links=links,
    )
