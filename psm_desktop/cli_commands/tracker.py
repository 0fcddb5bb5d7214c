"""`export-tracker` and `import-tracker` (see psm_desktop.exchange)."""

from __future__ import annotations

from psm_desktop.cli_commands.common import Subparsers


def register(sub: Subparsers) -> None:
    """Filled in by the tracker work (issue 4)."""
