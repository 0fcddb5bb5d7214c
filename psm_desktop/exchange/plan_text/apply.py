"""Preview and apply the import of an axis text, in one transaction, through the services.

The change log names the file as the source. The preview is computed again inside the
transaction: if the plan changed since the user saw it, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from psm_desktop.exchange.plan_text.parser import ACTION, STRATEGY, AxisText, read_axis_text
from psm_desktop.exchange.plan_text.preview import TextImportPreview, compare
from psm_desktop.exchange.previewed_import import read_and_compare, writing_as_previewed
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import Services


@dataclass(frozen=True, slots=True)
class TextImportResult:
    created: int
    updated: int
    removed: int
    kept: int  # missing items left in place (removals not confirmed)
    updated_on_changed: bool


def prepare_text_import(
    services: Services, path: Path, progress: ProgressCallback = no_progress
) -> TextImportPreview:
    """Read the file and compare it with the plan; nothing is written."""
    return read_and_compare(path, read_axis_text, lambda t: preview_text(services, t), progress)


def preview_text(services: Services, text: AxisText) -> TextImportPreview:
    with services.db.reading() as session:
        return _compare_in(services, session, text)


def apply_text_import(
    services: Services,
    preview: TextImportPreview,
    *,
    apply_removals: bool,
    progress: ProgressCallback = no_progress,
) -> TextImportResult:
    """Write what `preview` shows; the missing items are deleted only if `apply_removals`.

    `progress` may raise `Cancelled`: the transaction is rolled back, nothing is written.
    """
    text = preview.axis
    compare_in = partial(_compare_in, text=text)
    with writing_as_previewed(services, text.file_name, preview, compare_in) as (svc, session):
        _write_axis(svc, session, text, preview, progress)
        progress(0, 0, "Ultimi passi…")
        removed = _remove(svc, session, preview) if apply_removals else 0
        if preview.updated_on is not None:
            svc.structure.update_plan_in(session, None, {"updated_on": preview.updated_on[1]})
    return TextImportResult(
        created=len(preview.new),
        updated=len(preview.changed),
        removed=removed,
        kept=0 if apply_removals else len(preview.missing),
        updated_on_changed=preview.updated_on is not None,
    )


def _compare_in(services: Services, session: Session, text: AxisText) -> TextImportPreview:
    outline = services.structure.axis_outline_in(session, text.number)
    return compare(text, outline, services.structure.plan_updated_on_in(session))


def _write_axis(
    svc: Services,
    session: Session,
    text: AxisText,
    preview: TextImportPreview,
    progress: ProgressCallback,
) -> None:
    """Create or update the axis, its strategies and actions, and put them in the text's order."""
    structure = svc.structure
    outline = structure.axis_outline_in(session, text.number)
    if outline is None:
        axis_id = structure.create_axis_in(
            session, text.title, text.description, text.number, renumber=False
        ).node_id
        strategies: dict[str, int] = {}
    else:
        axis_id = outline.node.id
        titled = {"title": text.title, "description": text.description}
        structure.update_axis_in(session, axis_id, None, titled)
        strategies = {s.node.code: s.node.id for s in outline.strategies}
    matches = dict(preview.matches)
    held = structure.hold_actions_in(session, list(matches.values()))
    order: list[tuple[int, list[int]]] = []
    for done, strategy in enumerate(text.strategies):
        progress(done, len(text.strategies), f"Scrittura della strategia {strategy.code}…")
        if strategy.code in strategies:
            strategy_id = strategies[strategy.code]
            values = {"title": strategy.title, "description": strategy.description}
            structure.update_strategy_in(session, strategy_id, None, values)
        else:
            strategy_id = structure.create_strategy_in(
                session, axis_id, strategy.title, strategy.description
            ).node_id
        new = [a for a in strategy.actions if a.code not in matches]
        created = structure.create_actions_in(session, strategy_id, [(a.text, None) for a in new])
        new_ids = dict(zip([a.code for a in new], created, strict=True))
        ids = []
        for action in strategy.actions:
            if action.code in matches:
                action_id = matches[action.code]
                svc.actions.update_in(session, action_id, None, {"text": action.text})
            else:
                action_id = new_ids[action.code]
            ids.append(action_id)
        order.append((strategy_id, ids))
    structure.arrange_axis_in(session, axis_id, order)
    del held


def _remove(svc: Services, session: Session, preview: TextImportPreview) -> int:
    """Delete the missing items: actions first, then strategies (left empty by then)."""
    missing = preview.missing
    for item in missing:
        if item.entity == ACTION and item.entity_id is not None:
            svc.structure.delete_action_in(session, item.entity_id, None, confirmed=True)
    for item in missing:
        if item.entity == STRATEGY and item.entity_id is not None:
            svc.structure.delete_strategy_in(session, item.entity_id, None, with_actions=True)
    return len(missing)
