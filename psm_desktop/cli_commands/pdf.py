"""`export-pdf` (see psm_desktop.exchange.pdf)."""

from __future__ import annotations

from psm_desktop.cli_commands.common import Subparsers


def register(sub: Subparsers) -> None:
    """Filled in by the PDF work (issue 5)."""
