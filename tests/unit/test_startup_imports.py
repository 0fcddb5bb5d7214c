"""Start-up speed: the modules the window needs for its first view do not load SQLAlchemy.

SQLAlchemy, the tables and the services take about half a second to import; the window
shows the plan read straight from the file first (storage/first_view.py) and loads them
afterwards. Checked in a fresh interpreter, as `psm-desktop` starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_PATH = (
    "psm_desktop.cli",
    "psm_desktop.app",
    "psm_desktop.ui.window.main_window",
    "psm_desktop.ui.plan.plan_screen",
    "psm_desktop.ui.editor.action_editor",
    "psm_desktop.services.first_view",
    "psm_desktop.storage.first_view",
)


def _loaded_sqlalchemy(*modules: str) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy')))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_the_start_path_does_not_import_sqlalchemy() -> None:
    assert _loaded_sqlalchemy(*START_PATH) == []


def test_the_check_sees_sqlalchemy_when_it_is_imported() -> None:
    assert "sqlalchemy" in _loaded_sqlalchemy("psm_desktop.storage.database")


def test_the_first_table_asked_for_brings_the_whole_schema() -> None:
    """`Base.metadata` listed only the tables loaded so far: the migrations' own check
    failed when run alone, and a copy or create_all could have missed tables."""
    code = "from psm_desktop.model import Base\nprint(' '.join(sorted(Base.metadata.tables)))\n"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    tables = set(done.stdout.split())
    assert {"action", "period", "indicator_value", "campaign", "campaign_change"} <= tables
