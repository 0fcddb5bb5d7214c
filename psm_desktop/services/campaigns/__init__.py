"""Update campaigns: who must send back which tracker by when, and what came back."""

from psm_desktop.services.campaigns.dto import (
    LATE,
    ActionUpdate,
    CampaignInfo,
    ChangeRow,
    Conflict,
    OfficeRow,
    Proposal,
    ReturnResult,
)
from psm_desktop.services.campaigns.service import CampaignService, due_text
from psm_desktop.services.campaigns.writing import NOTHING, campaign_source

__all__ = [
    "LATE",
    "NOTHING",
    "ActionUpdate",
    "CampaignInfo",
    "CampaignService",
    "ChangeRow",
    "Conflict",
    "OfficeRow",
    "Proposal",
    "ReturnResult",
    "campaign_source",
    "due_text",
]
