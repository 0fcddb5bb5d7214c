"""The plan's structure: plan facts, axes, strategies, zones and the browsing tree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select

from psm_desktop.errors import NotFoundError
from psm_desktop.model import Axis, AxisLink, Plan, Strategy, Zone
from psm_desktop.services.action_rows import build_tree
from psm_desktop.services.dto import (
    AxisInfo,
    AxisNode,
    PlanInfo,
    StrategyInfo,
    ZoneInfo,
)
from psm_desktop.services.queries import load_action_rows
from psm_desktop.storage import Database


class PlanService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def plan(self) -> PlanInfo:
        with self._db.reading() as session:
            plan = session.scalars(select(Plan).order_by(Plan.id)).first()
            if plan is None:
                raise NotFoundError("Il database non contiene alcun piano.")
            return PlanInfo(
                id=plan.id,
                code=plan.code,
                title=plan.title,
                issuer=plan.issuer,
                period=plan.period,
                updated_on=plan.updated_on,
                database_id=self._db.database_id,
            )

    def axes(self) -> list[AxisInfo]:
        with self._db.reading() as session:
            links: dict[int, list[int]] = defaultdict(list)
            numbers = dict(session.execute(select(Axis.id, Axis.number)).all())
            for axis_id, linked_id in session.execute(
                select(AxisLink.axis_id, AxisLink.linked_axis_id)
            ):
                links[axis_id].append(numbers[linked_id])
            return [
                AxisInfo(
                    id=a.id,
                    number=a.number,
                    title=a.title,
                    description=a.description,
                    linked_axes=tuple(sorted(links[a.id])),
                )
                for a in session.scalars(select(Axis).order_by(Axis.number))
            ]

    def axis(self, number: int) -> AxisInfo:
        for axis in self.axes():
            if axis.number == number:
                return axis
        raise NotFoundError(f"L'asse {number} non esiste nel piano.")

    def strategies(self, axis_number: int | None = None) -> list[StrategyInfo]:
        with self._db.reading() as session:
            query = (
                select(Strategy, Axis.number)
                .join(Axis, Strategy.axis_id == Axis.id)
                .order_by(Axis.number, Strategy.position)
            )
            if axis_number is not None:
                query = query.where(Axis.number == axis_number)
            return [
                StrategyInfo(
                    id=s.id, axis_number=n, code=s.code, title=s.title, description=s.description
                )
                for s, n in session.execute(query)
            ]

    def zones(self) -> list[ZoneInfo]:
        with self._db.reading() as session:
            return [
                ZoneInfo(id=z.id, name=z.name)
                for z in session.scalars(select(Zone).order_by(Zone.position))
            ]

    def tree(self, today: dt.date | None = None) -> list[AxisNode]:
        """Axes -> strategies -> actions, every level loaded in bulk."""
        today = today or dt.date.today()
        with self._db.reading() as session:
            rows = load_action_rows(session, today)
        return build_tree(self.axes(), self.strategies(), rows)


__all__ = ["PlanService", "build_tree"]
