"""Which document to make: the choices of the CLI and of the export dialog, with no reportlab."""

from __future__ import annotations

from dataclasses import dataclass

from psm_desktop.model import Status


@dataclass(frozen=True)
class AxisSheet:
    axis: int


@dataclass(frozen=True)
class ActionSheets:
    """One sheet per action: the listed ids, or every action matching the filters."""

    action_ids: tuple[int, ...] | None = None
    axis: int | None = None
    stakeholder_id: int | None = None
    status: Status | None = None


DEFAULT_WITHIN_DAYS = 60  # what a meeting needs: overdue, and the next two months


@dataclass(frozen=True)
class DeadlinesReport:
    """Open deadlines: every overdue one, and those due within `within_days` (None: all)."""

    within_days: int | None = DEFAULT_WITHIN_DAYS
    stakeholder_id: int | None = None


@dataclass(frozen=True)
class MonitoringReport:
    """The resoconto di monitoraggio of one period (its frozen snapshot once closed)."""

    period: str


PdfRequest = AxisSheet | ActionSheets | DeadlinesReport | MonitoringReport
