"""Preview and apply a structure workbook, in one transaction, through the services.

As for an axis text (plan_text.apply): the change log names the file as the source, the
preview is computed again inside the transaction and nothing is written if the plan
changed since the user saw it, and missing items are deleted only when confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from psm_desktop.exchange.previewed_import import read_and_compare, writing_as_previewed
from psm_desktop.exchange.structure.content import PlanStructure, WbAction, WbStrategy
from psm_desktop.exchange.structure.current import load_current
from psm_desktop.exchange.structure.preview import (
    ACTION,
    AXIS,
    LINK,
    STRATEGY,
    StructurePreview,
    compare,
)
from psm_desktop.exchange.structure.reading import read_structure
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import Services

SHORT_TITLE = "short_title"  # the one field a new action takes when it is created


@dataclass(frozen=True, slots=True)
class StructureImportResult:
    created: int
    updated: int
    removed: int
    kept: int  # missing items left in place (removals not confirmed)


def prepare_structure_import(
    services: Services, path: Path, progress: ProgressCallback = no_progress
) -> StructurePreview:
    """Read the workbook and compare it with the plan; nothing is written."""
    return read_and_compare(
        path, read_structure, lambda s: preview_structure(services, s), progress
    )


def preview_structure(services: Services, structure: PlanStructure) -> StructurePreview:
    with services.db.reading() as session:
        return compare(structure, load_current(services, session))


def apply_structure_import(
    services: Services,
    preview: StructurePreview,
    *,
    apply_removals: bool,
    progress: ProgressCallback = no_progress,
) -> StructureImportResult:
    """Write what `preview` shows; the missing items are deleted only if `apply_removals`.

    `progress` may raise `Cancelled`: the transaction is rolled back, nothing is written.
    """
    structure = preview.structure

    def compare_in(svc: Services, session: Session) -> StructurePreview:
        return compare(structure, load_current(svc, session))

    with writing_as_previewed(services, structure.file_name, preview, compare_in) as written:
        _Writer(*written, preview, progress).run(apply_removals)
    return StructureImportResult(
        created=len(preview.new),
        updated=len(preview.changed),
        removed=len(preview.missing) if apply_removals else 0,
        kept=0 if apply_removals else len(preview.missing),
    )


class _Writer:
    def __init__(
        self,
        svc: Services,
        session: Session,
        preview: StructurePreview,
        progress: ProgressCallback,
    ) -> None:
        self.progress = progress
        self.svc = svc
        self.structure = svc.structure
        self.session = session
        self.preview = preview
        self.wb = preview.structure

    def run(self, apply_removals: bool) -> None:
        plan = self.wb.plan
        values = {
            "title": plan.title,
            "issuer": plan.issuer,
            "period": plan.period,
            "updated_on": plan.updated_on,
        }
        self.structure.update_plan_in(self.session, None, values, where=self.wb.file_name)
        axis_ids = self.axes()
        strategy_ids = self.strategies(axis_ids)
        self.actions(axis_ids, strategy_ids)
        if apply_removals:
            self.progress(0, 0, "Eliminazione degli elementi mancanti…")
            self.remove()
        self.progress(0, 0, "Collegamenti tra gli assi…")
        self.links(apply_removals)

    def axes(self) -> dict[int, int]:
        """Axis number -> id, creating and updating the workbook's axes."""
        current = {
            int(a.node.code): a.node.id for a in self.structure.plan_outline_in(self.session)
        }
        for axis in self.wb.axes:
            texts = {"title": axis.title, "description": axis.description}
            if axis.number in current:
                self.structure.update_axis_in(self.session, current[axis.number], None, texts)
            else:
                current[axis.number] = self.structure.create_axis_in(
                    self.session, axis.title, axis.description, axis.number, renumber=False
                ).node_id
        return current

    def strategies(self, axis_ids: dict[int, int]) -> dict[str, int]:
        """Workbook strategy code -> id; each axis's strategies put in the workbook's order."""
        matched = dict(self.preview.strategies)
        ids: dict[str, int] = {}
        for axis in self.wb.axes:
            axis_id = axis_ids[axis.number]
            for position, strategy in enumerate(axis.strategies, start=1):
                ids[strategy.code] = self.strategy(axis_id, position, strategy, matched)
        return ids

    def strategy(
        self, axis_id: int, position: int, strategy: WbStrategy, matched: dict[str, int]
    ) -> int:
        texts = {"title": strategy.title, "description": strategy.description}
        if strategy.code not in matched:
            return self.structure.create_strategy_in(
                self.session, axis_id, strategy.title, strategy.description, position
            ).node_id
        strategy_id = matched[strategy.code]
        self.structure.update_strategy_in(self.session, strategy_id, None, texts)
        node = self.structure.node_in(self.session, STRATEGY, strategy_id)
        if node.parent_id != axis_id or node.position != position:
            self.structure.move_strategy_in(self.session, strategy_id, None, axis_id, position)
        return strategy_id

    def actions(self, axis_ids: dict[int, int], strategy_ids: dict[str, int]) -> None:
        matched = dict(self.preview.actions)
        held = self.structure.hold_actions_in(self.session, list(matched.values()))
        total = len(self.wb.axes)
        for done, axis in enumerate(self.wb.axes):
            self.progress(done, total, f"Scrittura dell'asse {axis.number}…")
            order: list[tuple[int, list[int]]] = []
            for strategy in axis.strategies:
                target = strategy_ids[strategy.code]
                created = self.created(
                    target, [a for a in strategy.actions if a.code not in matched]
                )
                ids = []
                for action in strategy.actions:
                    fields = dict(action.fields)
                    if action.code in matched:
                        action_id = matched[action.code]
                        node = self.structure.node_in(self.session, ACTION, action_id)
                        if node.parent_id != target:
                            self.structure.move_action_in(self.session, action_id, None, target)
                        changes = {"text": action.text, **fields}
                    else:
                        action_id = created[action.code]
                        changes = {k: v for k, v in fields.items() if v and k != SHORT_TITLE}
                    if changes:
                        self.svc.actions.update_in(
                            self.session, action_id, None, changes, where=self.where(action)
                        )
                    ids.append(action_id)
                order.append((target, ids))
            self.structure.arrange_axis_in(self.session, axis_ids[axis.number], order)
        del held

    def created(self, strategy_id: int, actions: list[WbAction]) -> dict[str, int]:
        """Workbook code -> id of the strategy's new actions, created in one go."""
        ids = self.structure.create_actions_in(
            self.session,
            strategy_id,
            [(a.text, dict(a.fields).get(SHORT_TITLE)) for a in actions],
            where=[self.where(a) for a in actions],
        )
        return {a.code: i for a, i in zip(actions, ids, strict=True)}

    def where(self, action: WbAction) -> str:
        return f"{self.wb.file_name}, foglio Azioni, riga {action.row}"

    def remove(self) -> None:
        """Delete the missing items: actions, then strategies, then axes (left empty)."""
        missing = self.preview.missing
        for entity, delete in (
            (
                ACTION,
                lambda i: self.structure.delete_action_in(self.session, i, None, confirmed=True),
            ),
            (
                STRATEGY,
                lambda i: self.structure.delete_strategy_in(
                    self.session, i, None, with_actions=True
                ),
            ),
            (
                AXIS,
                lambda i: self.structure.delete_axis_in(self.session, i, None, with_contents=True),
            ),
        ):
            for item in missing:
                if item.entity == entity and item.entity_id is not None:
                    delete(item.entity_id)

    def links(self, apply_removals: bool) -> None:
        ids = {int(a.node.code): a.node.id for a in self.structure.plan_outline_in(self.session)}
        numbers = {i: n for n, i in ids.items()}
        new: dict[tuple[int, int], str] = {}
        if not apply_removals:  # links the workbook no longer lists stay until confirmed
            current = self.svc.axis_links.links_in(self.session)
            missing = {i.code for i in self.preview.missing if i.entity == LINK}
            new = {
                pair: note
                for pair, note in current.items()
                if f"{numbers[pair[0]]} → {numbers[pair[1]]}" in missing
            }
        for link in self.wb.links:
            new[(ids[link.axis], ids[link.linked])] = link.note
        self.svc.axis_links.set_links_in(self.session, new)
