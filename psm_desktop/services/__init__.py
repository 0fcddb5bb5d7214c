"""Use cases over the plan database: queries and validated edits with a change log. No Qt.

Each method opens one session for one operation, commits or rolls back, and returns
plain dataclasses. The `*_in(session, ...)` variants let one caller (an importer) put
many edits in a single transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psm_desktop.lazy import lazy_attributes
from psm_desktop.services.context import SOURCE_APP, SOURCE_CLI, EditContext, import_source

if TYPE_CHECKING:
    from psm_desktop.services.action_service import ActionService
    from psm_desktop.services.assignment_service import AssignmentService
    from psm_desktop.services.axis_links import AxisLinkService
    from psm_desktop.services.campaigns import CampaignService
    from psm_desktop.services.changelog import ChangeLogService
    from psm_desktop.services.deadline_service import DeadlineFilter, DeadlineService
    from psm_desktop.services.filters import ActionFilter
    from psm_desktop.services.monitoring.indicators import IndicatorService
    from psm_desktop.services.monitoring.periods import PeriodService
    from psm_desktop.services.plan_service import PlanService
    from psm_desktop.services.stakeholder_service import StakeholderService
    from psm_desktop.services.structure_service import StructureService
    from psm_desktop.storage import Database

# Loaded on first use (PEP 562): importing a light submodule (services.dto, the first
# view) must not import SQLAlchemy through every service.
_LAZY = {
    "ActionService": "psm_desktop.services.action_service",
    "AssignmentService": "psm_desktop.services.assignment_service",
    "AxisLinkService": "psm_desktop.services.axis_links",
    "CampaignService": "psm_desktop.services.campaigns",
    "ChangeLogService": "psm_desktop.services.changelog",
    "DeadlineFilter": "psm_desktop.services.deadline_service",
    "DeadlineService": "psm_desktop.services.deadline_service",
    "ActionFilter": "psm_desktop.services.filters",
    "IndicatorService": "psm_desktop.services.monitoring.indicators",
    "PeriodService": "psm_desktop.services.monitoring.periods",
    "PlanService": "psm_desktop.services.plan_service",
    "StakeholderService": "psm_desktop.services.stakeholder_service",
    "StructureService": "psm_desktop.services.structure_service",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


class Services:
    """The services of one open database, sharing one edit context (who and from where)."""

    def __init__(self, db: Database, ctx: EditContext | None = None) -> None:
        from psm_desktop.services.action_service import ActionService
        from psm_desktop.services.assignment_service import AssignmentService
        from psm_desktop.services.axis_links import AxisLinkService
        from psm_desktop.services.campaigns import CampaignService
        from psm_desktop.services.changelog import ChangeLogService
        from psm_desktop.services.deadline_service import DeadlineService
        from psm_desktop.services.monitoring.indicators import IndicatorService
        from psm_desktop.services.monitoring.periods import PeriodService
        from psm_desktop.services.plan_service import PlanService
        from psm_desktop.services.stakeholder_service import StakeholderService
        from psm_desktop.services.structure_service import StructureService

        self.db = db
        self.ctx = ctx or EditContext.default()
        self.plan = PlanService(db)
        self.actions = ActionService(db, self.ctx)
        self.stakeholders = StakeholderService(db, self.ctx)
        self.assignments = AssignmentService(db, self.ctx)
        self.deadlines = DeadlineService(db, self.ctx)
        self.history = ChangeLogService(db)
        self.periods = PeriodService(db, self.ctx)
        self.indicators = IndicatorService(db, self.ctx)
        self.structure = StructureService(db, self.ctx)
        self.campaigns = CampaignService(db, self.ctx)
        self.axis_links = AxisLinkService(db, self.ctx)

    def with_context(self, ctx: EditContext) -> Services:
        """The same database seen by another operator or source (an import, the CLI)."""
        return Services(self.db, ctx)


__all__ = [
    "SOURCE_APP",
    "SOURCE_CLI",
    "ActionFilter",
    "ActionService",
    "AssignmentService",
    "AxisLinkService",
    "CampaignService",
    "ChangeLogService",
    "DeadlineFilter",
    "DeadlineService",
    "EditContext",
    "IndicatorService",
    "PeriodService",
    "PlanService",
    "Services",
    "StakeholderService",
    "StructureService",
    "import_source",
]
