"""Opens Monitoraggio › Campagne di aggiornamento… without importing it at start-up."""

from __future__ import annotations

from typing import Any


def open_campaigns(window: Any) -> None:
    """The campaigns dialog over the window's database; the screens reload if it changed."""
    from psm_desktop.ui.monitoring.campaigns_dialog import manage_campaigns

    if manage_campaigns(window, window.workspace.services):
        window.reload_all()
