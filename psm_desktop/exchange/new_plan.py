"""A new database: the built-in plan, an empty one, or one built from structure files.

All or nothing: every file is read and checked before the database is created, and a
failure after that removes the new file, so a bad file never leaves a half-made
database behind. An existing database is never overwritten.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from psm_desktop.errors import Problem, UserError, ValidationError
from psm_desktop.exchange.plan_text import (
    AxisText,
    apply_text_import,
    preview_text,
    read_axis_text,
)
from psm_desktop.exchange.structure import (
    PlanStructure,
    apply_structure_import,
    preview_structure,
    read_structure,
)
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import SOURCE_APP, EditContext, Services
from psm_desktop.storage import open_database
from psm_desktop.storage.new_plan import (
    create_empty_plan,
    discard_new_database,
    refuse_existing,
)

WORKBOOK_SUFFIXES = (".xlsx",)
TEXT_SUFFIXES = (".txt",)


@dataclass(frozen=True, slots=True)
class NewPlan:
    path: Path
    title: str
    axes: int
    strategies: int
    actions: int


def create_builtin_plan(path: Path) -> NewPlan:
    """The PSM 2024-2026 as it comes with the application."""
    refuse_existing(path)
    db = open_database(path)
    try:
        return _counted(Services(db), path)
    finally:
        db.close()


def create_plan(
    path: Path,
    *,
    title: str = "",
    issuer: str = "",
    period: str = "",
    sources: Sequence[Path] = (),
    source: str = SOURCE_APP,
    progress: ProgressCallback = no_progress,
) -> NewPlan:
    """An empty plan, or one built from a structure workbook or from axis texts.

    `progress` may raise `Cancelled`: the new file is removed, as after any failure.
    """
    path = Path(path).expanduser()
    refuse_existing(path)
    progress(0, 0, "Lettura dei file…")
    structure, texts = read_sources(sources)
    if structure is not None:
        plan = structure.plan
        structure = dataclasses.replace(
            structure,
            plan=dataclasses.replace(
                plan,
                title=title.strip() or plan.title,
                issuer=issuer.strip() or plan.issuer,
                period=period.strip() or plan.period,
            ),
        )
        title, issuer, period = structure.plan.title, structure.plan.issuer, structure.plan.period
    if not title.strip():
        raise UserError("Indica il titolo del nuovo piano.")
    db = create_empty_plan(path, title=title, issuer=issuer, period=period)
    try:
        services = Services(db, EditContext.default(source=source))
        if structure is not None:
            preview = preview_structure(services, structure)
            apply_structure_import(services, preview, apply_removals=True, progress=progress)
        for text in texts:
            preview_of_text = preview_text(services, text)
            apply_text_import(services, preview_of_text, apply_removals=True, progress=progress)
        result = _counted(services, path)
    except BaseException:
        db.close()
        discard_new_database(path)
        raise
    db.close()
    return result


def read_sources(sources: Sequence[Path]) -> tuple[PlanStructure | None, list[AxisText]]:
    """One structure workbook, or axis texts (one per axis); every problem at once."""
    workbooks = [p for p in sources if p.suffix.casefold() in WORKBOOK_SUFFIXES]
    texts = [p for p in sources if p.suffix.casefold() in TEXT_SUFFIXES]
    others = [p for p in sources if p not in workbooks and p not in texts]
    if others:
        raise UserError(
            f"Il file {others[0].name} non è né una cartella di lavoro della struttura "
            "(.xlsx) né il testo di un asse (.txt)."
        )
    if len(workbooks) > 1 or (workbooks and texts):
        raise UserError(
            "Indica una sola cartella di lavoro della struttura (.xlsx), oppure uno o più "
            "testi di assi (.txt), non entrambi."
        )
    if workbooks:
        return read_structure(workbooks[0]), []
    problems: list[Problem] = []
    parsed: list[AxisText] = []
    for path in texts:
        try:
            parsed.append(read_axis_text(path))
        except ValidationError as error:
            problems += error.problems
    seen: dict[int, str] = {}
    for text in parsed:
        if text.number in seen:
            problems.append(
                Problem(text.file_name, f"l'asse {text.number} è già nel file {seen[text.number]}")
            )
        seen[text.number] = text.file_name
    if problems:
        raise ValidationError(problems)
    return None, sorted(parsed, key=lambda t: t.number)


def _counted(services: Services, path: Path) -> NewPlan:
    axes = services.plan.axes()
    strategies = len(services.plan.strategies())
    actions = len(services.actions.list_actions())
    return NewPlan(path, services.plan.plan().title, len(axes), strategies, actions)
