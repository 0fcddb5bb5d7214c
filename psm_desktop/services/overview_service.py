"""Figures for the overview: per axis, actions by status, overdue actions and deadlines. No Qt.

Three aggregate queries whatever the size of the plan, so the overview stays instant
with tens of thousands of actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select

from psm_desktop.model import Action, Axis, Deadline, Stakeholder, Status, Strategy
from psm_desktop.services.dto import DeadlineInfo
from psm_desktop.services.queries import deadline_info
from psm_desktop.storage import Database

CLOSED = (Status.COMPLETED, Status.CANCELLED)


@dataclass(frozen=True, slots=True)
class AxisOverview:
    number: int
    title: str
    total: int
    by_status: dict[Status, int]  # every status present, zero when none
    overdue_actions: int
    overdue_deadlines: int
    upcoming_deadlines: int  # open, due from today to today + horizon
    average_progress: float  # 0..100, over all actions of the axis
    budget: Decimal = Decimal(0)  # sum of the actions' budgets (an action without one adds 0)


@dataclass(frozen=True, slots=True)
class PlanOverview:
    today: dt.date
    horizon_days: int
    axes: list[AxisOverview]
    next_deadlines: list[DeadlineInfo] = field(default_factory=list)

    @property
    def total_actions(self) -> int:
        return sum(a.total for a in self.axes)

    @property
    def overdue_actions(self) -> int:
        return sum(a.overdue_actions for a in self.axes)

    @property
    def overdue_deadlines(self) -> int:
        return sum(a.overdue_deadlines for a in self.axes)

    @property
    def total_budget(self) -> Decimal:
        return sum((a.budget for a in self.axes), Decimal(0))

    def status_totals(self) -> dict[Status, int]:
        return {s: sum(a.by_status[s] for a in self.axes) for s in Status}


class OverviewService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def overview(
        self, today: dt.date | None = None, *, next_limit: int = 10, horizon_days: int = 30
    ) -> PlanOverview:
        today = today or dt.date.today()
        horizon = today + dt.timedelta(days=horizon_days)
        with self._db.reading() as session:
            # Earliest open deadline per action: an open action is late past it (is_overdue).
            first_open = (
                select(Deadline.action_id, func.min(Deadline.due_date).label("first_due"))
                .where(Deadline.completed_on.is_(None))
                .group_by(Deadline.action_id)
                .subquery()
            )
            late = and_(
                Action.status.not_in(CLOSED),
                or_(Action.end_date < today, first_open.c.first_due < today),
            )
            action_counts = session.execute(
                select(
                    Axis.number,
                    Action.status,
                    func.count(Action.id),
                    func.sum(case((late, 1), else_=0)),
                    func.sum(Action.progress),
                    func.sum(func.coalesce(Action.budget, 0)),
                )
                .select_from(Action)
                .join(Strategy, Action.strategy_id == Strategy.id)
                .join(Axis, Strategy.axis_id == Axis.id)
                .outerjoin(first_open, first_open.c.action_id == Action.id)
                .group_by(Axis.number, Action.status)
            ).all()
            deadline_counts = session.execute(
                select(
                    Axis.number,
                    func.sum(case((Deadline.due_date < today, 1), else_=0)),
                    func.sum(
                        case((and_(Deadline.due_date >= today, Deadline.due_date <= horizon), 1))
                    ),
                )
                .select_from(Deadline)
                .join(Action, Deadline.action_id == Action.id)
                .join(Strategy, Action.strategy_id == Strategy.id)
                .join(Axis, Strategy.axis_id == Axis.id)
                .where(Deadline.completed_on.is_(None))
                .group_by(Axis.number)
            ).all()
            axes = session.execute(select(Axis.number, Axis.title).order_by(Axis.number)).all()
            upcoming = session.execute(
                select(Deadline, Action.code, Action.text, Axis.number, Stakeholder.name)
                .join(Action, Deadline.action_id == Action.id)
                .join(Strategy, Action.strategy_id == Strategy.id)
                .join(Axis, Strategy.axis_id == Axis.id)
                .outerjoin(Stakeholder, Deadline.stakeholder_id == Stakeholder.id)
                .where(Deadline.completed_on.is_(None), Deadline.due_date >= today)
                .order_by(Deadline.due_date, Action.code, Deadline.id)
                .limit(next_limit)
            ).all()
            next_deadlines = [
                deadline_info(d, code, text, number, name, today)
                for d, code, text, number, name in upcoming
            ]

        by_axis: dict[int, dict[Status, int]] = {n: dict.fromkeys(Status, 0) for n, _ in axes}
        late_by_axis: dict[int, int] = dict.fromkeys(by_axis, 0)
        progress_by_axis: dict[int, int] = dict.fromkeys(by_axis, 0)
        budget_by_axis: dict[int, Decimal] = dict.fromkeys(by_axis, Decimal(0))
        for number, status, count, late_count, progress, budget in action_counts:
            by_axis[number][Status(status)] = int(count)
            late_by_axis[number] += int(late_count or 0)
            progress_by_axis[number] += int(progress or 0)
            budget_by_axis[number] += _money(budget)
        deadlines_by_axis = {n: (int(o or 0), int(u or 0)) for n, o, u in deadline_counts}

        result = []
        for number, title in axes:
            total = sum(by_axis[number].values())
            overdue_d, upcoming_d = deadlines_by_axis.get(number, (0, 0))
            result.append(
                AxisOverview(
                    number=number,
                    title=title,
                    total=total,
                    by_status=by_axis[number],
                    overdue_actions=late_by_axis[number],
                    overdue_deadlines=overdue_d,
                    upcoming_deadlines=upcoming_d,
                    average_progress=progress_by_axis[number] / total if total else 0.0,
                    budget=budget_by_axis[number],
                )
            )
        return PlanOverview(
            today=today, horizon_days=horizon_days, axes=result, next_deadlines=next_deadlines
        )


def _money(value: object) -> Decimal:
    """A SUM of Numeric(14, 2): a Decimal, a float on some engines, None without rows."""
    if value is None:
        return Decimal(0)
    return Decimal(str(value)).quantize(Decimal("0.01"))
