"""The monitoring cycle: reporting periods, their frozen snapshots, indicators and values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from psm_desktop.model.entities import Base, enum_column
from psm_desktop.model.enums import Direction, PeriodKind

# Indicator values: wide enough for euros, tonnes of CO2 and percentages alike.
VALUE_TYPE = Numeric(18, 4)


class Period(Base):
    """A periodo di monitoraggio: "Stato al 30/06/2025". Closed once, frozen for good."""

    __tablename__ = "period"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    reference_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind, "period_kind"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class PeriodSnapshot(Base):
    """The state of every action at the close of a period, as one compressed JSON document.

    One row per period, not a copy of the tables: 10,000 actions fit in a few hundred KB,
    and the document is read back exactly as it was written.
    """

    __tablename__ = "period_snapshot"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("period.id", ondelete="CASCADE"), primary_key=True
    )
    format: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime)
    payload: Mapped[bytes] = mapped_column(LargeBinary)


class Indicator(Base):
    """A measure of an action (or of a strategy or axis) with a baseline and a target."""

    __tablename__ = "indicator"
    __table_args__ = (
        CheckConstraint(
            "(action_id IS NOT NULL) + (strategy_id IS NOT NULL) + (axis_id IS NOT NULL) = 1",
            name="one_owner",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), index=True
    )
    strategy_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    axis_id: Mapped[int | None] = mapped_column(
        ForeignKey("axis.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, "direction"))
    baseline_value: Mapped[Decimal | None] = mapped_column(VALUE_TYPE)
    baseline_date: Mapped[dt.date | None] = mapped_column(Date)
    target_value: Mapped[Decimal | None] = mapped_column(VALUE_TYPE)
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    # For "entro un intervallo": the band the value must stay in.
    range_min: Mapped[Decimal | None] = mapped_column(VALUE_TYPE)
    range_max: Mapped[Decimal | None] = mapped_column(VALUE_TYPE)
    source: Mapped[str] = mapped_column(Text, default="")
    frequency: Mapped[str] = mapped_column(String(40), default="")
    measured_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    targets: Mapped[list[IndicatorTarget]] = relationship(cascade="all, delete-orphan")
    values: Mapped[list[IndicatorValue]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class IndicatorTarget(Base):
    """An intermediate target of an indicator for one period."""

    __tablename__ = "indicator_target"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True
    )
    period_id: Mapped[int] = mapped_column(
        ForeignKey("period.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[Decimal] = mapped_column(VALUE_TYPE)


class IndicatorValue(Base):
    """The value measured for one period: a number, or "n.d." (not available), never both."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period_id"),
        CheckConstraint("(value IS NULL) = (not_available = 1)", name="value_or_not_available"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal | None] = mapped_column(VALUE_TYPE)
    not_available: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
