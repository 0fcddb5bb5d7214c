"""The indicators of a tracker's scope with their figures for one period, in a few queries.

The tracker lists the indicators of its actions and of those actions' strategies and axes;
the exporter writes these rows and the importer compares the tracker with them ("ours").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select

from psm_desktop.model import (
    Action,
    Axis,
    Direction,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Period,
    Strategy,
)
from psm_desktop.model.codes import code_order
from psm_desktop.storage import Database


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: int
    owner: str  # the code of its action (1.1.1), strategy (1.1) or axis (1)
    name: str
    unit: str
    direction: Direction
    range_min: Decimal | None
    range_max: Decimal | None
    baseline: Decimal | None
    baseline_date: dt.date | None
    period_target: Decimal | None  # the intermediate target set for the period, if any
    final_target: Decimal | None
    final_date: dt.date | None
    measured: bool  # a value (a number or "n.d.") was recorded for the period
    value: Decimal | None  # None with `measured`: "n.d."
    note: str


# Above this many actions the indicators are read whole and filtered here.
IN_LIST_LIMIT = 500


def tracker_indicators(
    db: Database, action_ids: Iterable[int], period_id: int
) -> list[IndicatorRow]:
    """The indicators of these actions, their strategies and axes, in plan order."""
    wanted = set(action_ids)
    if not wanted:
        return []
    with db.reading() as orm_session:
        session = orm_session.connection()  # Core rows: no ORM result processing
        owners = session.execute(
            select(Action.id, Action.code, Strategy.id, Strategy.code, Axis.id, Axis.number)
            .join(Strategy, Action.strategy_id == Strategy.id)
            .join(Axis, Strategy.axis_id == Axis.id)
        ).all()
        codes: dict[tuple[str, int], str] = {}
        for aid, acode, sid, scode, xid, number in owners:
            if aid in wanted:
                codes[("a", aid)] = acode
                codes[("s", sid)] = scode
                codes[("x", xid)] = str(number)
        strategies = [k[1] for k in codes if k[0] == "s"]
        axes = [k[1] for k in codes if k[0] == "x"]
        # Columns, not ORM objects: 20,000 indicators of a big plan load in a fraction.
        query = select(
            Indicator.id,
            Indicator.action_id,
            Indicator.strategy_id,
            Indicator.axis_id,
            Indicator.name,
            Indicator.unit,
            Indicator.direction,
            Indicator.range_min,
            Indicator.range_max,
            Indicator.baseline_value,
            Indicator.baseline_date,
            Indicator.target_value,
            Indicator.target_date,
        )
        # A big scope reads every row and keeps its own: an IN list of 10,000 actions and
        # then of 20,000 indicators costs more to build than the rows cost to skip.
        whole = len(wanted) > IN_LIST_LIMIT
        sids, xids = set(strategies), set(axes)
        if whole:
            found = [
                i
                for i in session.execute(query)
                if i.action_id in wanted or i.strategy_id in sids or i.axis_id in xids
            ]
        else:
            found = list(
                session.execute(
                    query.where(
                        or_(
                            Indicator.action_id.in_(wanted),
                            Indicator.strategy_id.in_(strategies),
                            Indicator.axis_id.in_(axes),
                        )
                    )
                )
            )
        ids = [i.id for i in found]
        id_set = set(ids)
        target_query = select(IndicatorTarget.indicator_id, IndicatorTarget.value).where(
            IndicatorTarget.period_id == period_id
        )
        value_query = select(
            IndicatorValue.indicator_id,
            IndicatorValue.not_available,
            IndicatorValue.value,
            IndicatorValue.note,
        ).where(IndicatorValue.period_id == period_id)
        if not whole:
            target_query = target_query.where(IndicatorTarget.indicator_id.in_(ids))
            value_query = value_query.where(IndicatorValue.indicator_id.in_(ids))
        targets: dict[int, Decimal] = {
            iid: value for iid, value in session.execute(target_query) if iid in id_set
        }
        values = {
            v.indicator_id: v for v in session.execute(value_query) if v.indicator_id in id_set
        }
        rows = []
        for ind in found:
            if ind.action_id is not None:
                owner = codes[("a", ind.action_id)]
            elif ind.strategy_id is not None:
                owner = codes[("s", ind.strategy_id)]
            else:
                owner = codes[("x", ind.axis_id or 0)]
            measured = values.get(ind.id)
            rows.append(
                IndicatorRow(
                    id=ind.id,
                    owner=owner,
                    name=ind.name,
                    unit=ind.unit,
                    direction=ind.direction,
                    range_min=ind.range_min,
                    range_max=ind.range_max,
                    baseline=ind.baseline_value,
                    baseline_date=ind.baseline_date,
                    period_target=targets.get(ind.id),
                    final_target=ind.target_value,
                    final_date=ind.target_date,
                    measured=measured is not None,
                    value=None if measured is None or measured.not_available else measured.value,
                    note=measured.note if measured is not None else "",
                )
            )
    rows.sort(key=lambda r: (code_order(r.owner), r.name.casefold(), r.id))
    return rows


def period_state(db: Database, name: str) -> bool | None:
    """Whether the period named `name` is closed; None if it no longer exists."""
    with db.reading() as session:
        closed_at = session.execute(
            select(Period.id, Period.closed_at).where(Period.name == name)
        ).first()
        return None if closed_at is None else closed_at[1] is not None
