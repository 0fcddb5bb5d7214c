"""The domain as SQLAlchemy 2.x typed declarative models. No Qt here.

Every editable row carries `version` for optimistic concurrency: SQLAlchemy adds
`WHERE version = :old` to each UPDATE, so a write based on a stale read fails.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from psm_desktop.model.enums import (
    Competence,
    FundingSource,
    LabelledEnum,
    Priority,
    Role,
    Sector,
    StakeholderKind,
    Status,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_column(enum_cls: type[LabelledEnum], name: str) -> SqlEnum:
    """Store an enum by its value as plain text with a CHECK constraint (portable)."""
    return SqlEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Meta(Base):
    """Key/value facts about the database file itself (its id, the application)."""

    __tablename__ = "psm_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(Text, default="")
    period: Mapped[str] = mapped_column(String(20), default="")
    updated_on: Mapped[dt.date | None] = mapped_column(Date)

    axes: Mapped[list[Axis]] = relationship(
        back_populates="plan", order_by="Axis.number", cascade="all, delete-orphan"
    )


class Zone(Base):
    """A zona omogenea of the metropolitan area."""

    __tablename__ = "zone"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class Axis(Base):
    __tablename__ = "axis"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[Plan] = relationship(back_populates="axes")
    strategies: Mapped[list[Strategy]] = relationship(
        back_populates="axis", order_by="Strategy.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class AxisLink(Base):
    """A stated connection between two axes ("Le connessioni tra l'Asse 1 e gli altri Assi")."""

    __tablename__ = "axis_link"

    axis_id: Mapped[int] = mapped_column(
        ForeignKey("axis.id", ondelete="CASCADE"), primary_key=True
    )
    linked_axis_id: Mapped[int] = mapped_column(
        ForeignKey("axis.id", ondelete="CASCADE"), primary_key=True
    )
    note: Mapped[str] = mapped_column(Text, default="")


class Strategy(Base):
    __tablename__ = "strategy"

    id: Mapped[int] = mapped_column(primary_key=True)
    axis_id: Mapped[int] = mapped_column(ForeignKey("axis.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    axis: Mapped[Axis] = relationship(back_populates="strategies")
    actions: Mapped[list[Action]] = relationship(
        back_populates="strategy", order_by="Action.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Action(Base):
    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR end_date >= start_date",
            name="dates_order",
        ),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str | None] = mapped_column(Text)
    status: Mapped[Status] = mapped_column(
        enum_column(Status, "status"), default=Status.NOT_STARTED, index=True
    )
    progress: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[Priority | None] = mapped_column(enum_column(Priority, "priority"))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    funding_source: Mapped[FundingSource | None] = mapped_column(
        enum_column(FundingSource, "funding_source")
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The fields Italian offices report on (see services/validation for their rules).
    cup: Mapped[str | None] = mapped_column(String(15), index=True)  # shared by several actions
    pnrr: Mapped[str | None] = mapped_column(String(40))  # normalised: "M1C1 I1.1"
    dup_objective: Mapped[str | None] = mapped_column(String(60))
    competence: Mapped[Competence | None] = mapped_column(enum_column(Competence, "competence"))

    strategy: Mapped[Strategy] = relationship(back_populates="actions")
    sectors: Mapped[list[ActionSector]] = relationship(cascade="all, delete-orphan")
    sdgs: Mapped[list[ActionSdg]] = relationship(cascade="all, delete-orphan")
    zones: Mapped[list[ActionZone]] = relationship(cascade="all, delete-orphan")
    linked_axes: Mapped[list[ActionAxisLink]] = relationship(cascade="all, delete-orphan")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="action", cascade="all, delete-orphan"
    )
    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="Deadline.due_date"
    )

    __mapper_args__ = {"version_id_col": version}


class ActionSector(Base):
    __tablename__ = "action_sector"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, "sector"), primary_key=True)


class ActionSdg(Base):
    """A goal of the Agenda 2030 (1-17) that an action serves; indexed by goal for filters."""

    __tablename__ = "action_sdg"
    __table_args__ = (CheckConstraint("goal >= 1 AND goal <= 17", name="goal_range"),)

    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )
    goal: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class ActionZone(Base):
    __tablename__ = "action_zone"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )
    zone_id: Mapped[int] = mapped_column(
        ForeignKey("zone.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class ActionAxisLink(Base):
    __tablename__ = "action_axis_link"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )
    axis_id: Mapped[int] = mapped_column(
        ForeignKey("axis.id", ondelete="CASCADE"), primary_key=True
    )


class Stakeholder(Base):
    __tablename__ = "stakeholder"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[StakeholderKind] = mapped_column(
        enum_column(StakeholderKind, "stakeholder_kind"), default=StakeholderKind.OTHER
    )
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zone.id", ondelete="SET NULL"))
    contact_person: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Assignment(Base):
    """A stakeholder's role in an action: at most one per (action, stakeholder)."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("action_id", "stakeholder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.INVOLVED)
    version: Mapped[int] = mapped_column(Integer, default=1)

    action: Mapped[Action] = relationship(back_populates="assignments")
    stakeholder: Mapped[Stakeholder] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Deadline(Base):
    """A milestone of an action."""

    __tablename__ = "deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    stakeholder_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    action: Mapped[Action] = relationship(back_populates="deadlines")
    stakeholder: Mapped[Stakeholder | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ChangeLogEntry(Base):
    """One changed field: when, who, what, old and new value, and where it came from."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_action", "action_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    entity_label: Mapped[str] = mapped_column(Text, default="")
    # The action the change belongs to (also for its assignments and deadlines), for its history.
    action_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
