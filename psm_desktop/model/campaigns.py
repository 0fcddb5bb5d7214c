"""Update campaigns: a period's collection of updates from the offices, and what they propose."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from psm_desktop.model.entities import Base

# Stored states (plain text with a CHECK constraint: portable). "in ritardo" is computed.
OFFICE_STATES = ("da_inviare", "inviato", "rientrato", "validato")
CHANGE_STATES = ("proposta", "accettata", "respinta")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Campaign(Base):
    """An update campaign: the period it collects, its due date and grace, its instructions."""

    __tablename__ = "campaign"
    __table_args__ = (CheckConstraint("grace_days >= 0", name="grace_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="RESTRICT"), index=True)
    due_date: Mapped[dt.date] = mapped_column(Date)
    grace_days: Mapped[int] = mapped_column(Integer, default=0)
    instructions: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CampaignOffice(Base):
    """One office (stakeholder) in a campaign: what was sent to it and what came back."""

    __tablename__ = "campaign_office"
    __table_args__ = (
        UniqueConstraint("campaign_id", "stakeholder_id"),
        CheckConstraint(_in("state", OFFICE_STATES), name="office_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="RESTRICT"), index=True
    )
    state: Mapped[str] = mapped_column(String(20), default="da_inviare")
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(Text, default="")
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    returned_file: Mapped[str] = mapped_column(Text, default="")
    # SHA-256 of the returned file: the same file imported twice is "già importato".
    returned_digest: Mapped[str] = mapped_column(String(64), default="")


class CampaignChange(Base):
    """A change an office proposed on return: a proposal until the coordinator decides."""

    __tablename__ = "campaign_change"
    __table_args__ = (CheckConstraint(_in("state", CHANGE_STATES), name="change_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    office_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_office.id", ondelete="CASCADE"), index=True
    )
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), index=True
    )
    entity: Mapped[str] = mapped_column(String(40))  # azione, scadenza, soggetto, assegnazione
    target_id: Mapped[int | None] = mapped_column(Integer)  # the record the field belongs to
    label: Mapped[str] = mapped_column(Text, default="")  # the record as users know it
    field: Mapped[str] = mapped_column(String(60))
    field_label: Mapped[str] = mapped_column(Text, default="")
    base_value: Mapped[str | None] = mapped_column(Text)  # JSON (services.campaigns.codec)
    proposed_value: Mapped[str | None] = mapped_column(Text)
    shown_base: Mapped[str] = mapped_column(Text, default="")  # as users read them
    shown_proposed: Mapped[str] = mapped_column(Text, default="")
    source_file: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="proposta")
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
