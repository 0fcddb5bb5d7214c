"""What a structure workbook states: the plan's data, axes, strategies, actions and links.

Codes are the final ones, after renumbering (the workbook's own codes only place the rows);
`row` is the sheet row each item came from, for messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WbAction:
    row: int
    id: int | None  # the database row it was exported from (only meaningful in that database)
    code: str
    text: str
    fields: tuple[tuple[str, str], ...]  # (ActionService field, value) of layout.ACTION_FIELDS


@dataclass(frozen=True, slots=True)
class WbStrategy:
    row: int
    id: int | None
    code: str
    title: str
    description: str
    actions: tuple[WbAction, ...]


@dataclass(frozen=True, slots=True)
class WbAxis:
    row: int
    number: int
    title: str
    description: str
    strategies: tuple[WbStrategy, ...]


@dataclass(frozen=True, slots=True)
class WbLink:
    row: int
    axis: int
    linked: int
    note: str


@dataclass(frozen=True, slots=True)
class PlanData:
    title: str
    issuer: str
    period: str
    updated_on: dt.date | None


@dataclass(frozen=True, slots=True)
class PlanStructure:
    file_name: str
    database_id: str  # of the database it was exported from ("" if unknown)
    plan: PlanData
    axes: tuple[WbAxis, ...]
    links: tuple[WbLink, ...]

    @property
    def actions(self) -> list[WbAction]:
        return [a for axis in self.axes for s in axis.strategies for a in s.actions]

    @property
    def strategies(self) -> list[WbStrategy]:
        return [s for axis in self.axes for s in axis.strategies]
