"""The tracker operations as the CLI and the UI call them: export, read + plan, apply."""

from __future__ import annotations

from pathlib import Path

from psm_desktop.exchange.tracker.apply import ApplyResult, apply_plan, trial_problems
from psm_desktop.exchange.tracker.export import ExportResult, export_tracker
from psm_desktop.exchange.tracker.merge import plan_with_problems
from psm_desktop.exchange.tracker.plan import ImportPlan
from psm_desktop.exchange.tracker.reading import TrackerError, all_problems, read_tracker
from psm_desktop.exchange.tracker.scope import Scope
from psm_desktop.gc_pause import collector_paused
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import Services


def prepare_import(
    services: Services, path: Path, progress: ProgressCallback = no_progress
) -> ImportPlan:
    """Read, check and merge a tracker; nothing is written. Raises UserError subclasses."""
    with collector_paused():  # a fifth of a 10,000-action import otherwise
        return _prepare_import(services, path, progress)


def _prepare_import(services: Services, path: Path, progress: ProgressCallback) -> ImportPlan:
    content = read_tracker(
        Path(path),
        zones=[z.name for z in services.plan.zones()],
        axes=[a.number for a in services.plan.axes()],
        progress=progress,
    )
    progress(0, 0, "Confronto con il database…")
    plan, merged = plan_with_problems(services, content, progress)

    def checking(done: int, total: int, message: str = "") -> None:
        progress(done, total, "Verifica delle modifiche…")  # a trial: nothing is applied

    # Cells, codes and cross-field rules together: the office fixes its file once.
    problems = all_problems(content.problems, merged, trial_problems(services, plan, checking))
    if problems:
        raise TrackerError(problems, content.file_name)
    return plan


__all__ = [
    "ApplyResult",
    "ExportResult",
    "ImportPlan",
    "Scope",
    "apply_plan",
    "export_tracker",
    "prepare_import",
]
