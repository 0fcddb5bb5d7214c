"""The domain: typed SQLAlchemy models and enums, with no Qt."""

import importlib
from typing import TYPE_CHECKING

from psm_desktop.lazy import lazy_attributes
from psm_desktop.model.enums import (
    Competence,
    Direction,
    FundingSource,
    Health,
    LabelledEnum,
    PeriodKind,
    Priority,
    Role,
    Rollup,
    Sector,
    StakeholderKind,
    Status,
)
from psm_desktop.model.sdgs import SDG_NAMES, sdg_label

if TYPE_CHECKING:
    from psm_desktop.model.campaigns import Campaign, CampaignChange, CampaignOffice
    from psm_desktop.model.entities import (
        Action,
        ActionAxisLink,
        ActionSdg,
        ActionSector,
        ActionZone,
        Assignment,
        Axis,
        AxisLink,
        Base,
        ChangeLogEntry,
        Deadline,
        Meta,
        Plan,
        Stakeholder,
        Strategy,
        Zone,
    )
    from psm_desktop.model.monitoring import (
        Indicator,
        IndicatorTarget,
        IndicatorValue,
        Period,
        PeriodSnapshot,
    )

# The tables are loaded on first use (PEP 562): the enums and the SDG names are light,
# and the window's first view needs them before SQLAlchemy is imported. The first table
# asked for loads all of them, so that `Base.metadata` always holds the whole schema (a
# copy, create_all or the migrations' check must never see only the tables loaded so far).
_TABLES = {
    "Campaign": "psm_desktop.model.campaigns",
    "CampaignChange": "psm_desktop.model.campaigns",
    "CampaignOffice": "psm_desktop.model.campaigns",
    "Action": "psm_desktop.model.entities",
    "ActionAxisLink": "psm_desktop.model.entities",
    "ActionSdg": "psm_desktop.model.entities",
    "ActionSector": "psm_desktop.model.entities",
    "ActionZone": "psm_desktop.model.entities",
    "Assignment": "psm_desktop.model.entities",
    "Axis": "psm_desktop.model.entities",
    "AxisLink": "psm_desktop.model.entities",
    "Base": "psm_desktop.model.entities",
    "ChangeLogEntry": "psm_desktop.model.entities",
    "Deadline": "psm_desktop.model.entities",
    "Meta": "psm_desktop.model.entities",
    "Plan": "psm_desktop.model.entities",
    "Stakeholder": "psm_desktop.model.entities",
    "Strategy": "psm_desktop.model.entities",
    "Zone": "psm_desktop.model.entities",
    "Indicator": "psm_desktop.model.monitoring",
    "IndicatorTarget": "psm_desktop.model.monitoring",
    "IndicatorValue": "psm_desktop.model.monitoring",
    "Period": "psm_desktop.model.monitoring",
    "PeriodSnapshot": "psm_desktop.model.monitoring",
}


_table = lazy_attributes(__name__, _TABLES)


def __getattr__(name: str) -> object:
    if name in _TABLES:
        for module in sorted(set(_TABLES.values())):
            importlib.import_module(module)
    return _table(name)


__all__ = [
    "SDG_NAMES",
    "Action",
    "ActionAxisLink",
    "ActionSdg",
    "ActionSector",
    "ActionZone",
    "Assignment",
    "Axis",
    "AxisLink",
    "Base",
    "Campaign",
    "CampaignChange",
    "CampaignOffice",
    "ChangeLogEntry",
    "Competence",
    "Deadline",
    "Direction",
    "FundingSource",
    "Health",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "LabelledEnum",
    "Meta",
    "Period",
    "PeriodKind",
    "PeriodSnapshot",
    "Plan",
    "Priority",
    "Role",
    "Rollup",
    "Sector",
    "Stakeholder",
    "StakeholderKind",
    "Status",
    "Strategy",
    "Zone",
    "sdg_label",
]
