"""Which modules PySide's import hook need not read: the standard library's and ours."""

from __future__ import annotations

import pytest

from psm_desktop.ui.core.pyside_imports import known_pyside_use


@pytest.mark.parametrize(
    ("name", "uses"),
    [
        ("psm_desktop.ui", True),
        ("psm_desktop.ui.plan.plan_screen", True),
        ("psm_desktop.app", True),
        ("psm_desktop", False),
        ("psm_desktop.services.dto", False),
        ("psm_desktop.application_data", False),  # not psm_desktop.app
        ("psm_desktop.uitools", False),  # not psm_desktop.ui
        ("typing", False),
        ("xml.etree.ElementTree", False),
        ("openpyxl", None),  # anyone else's: PySide reads it
        ("psm_desktop_extra", None),
        ("", None),
    ],
)
def test_known_pyside_use(name: str, uses: bool | None) -> None:
    assert known_pyside_use(name) is uses
