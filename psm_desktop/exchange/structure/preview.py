"""What importing a structure workbook would change: the same preview as an axis text.

Axes are matched by number. Strategies and actions exported from this very database carry
their ID and are matched by it, wherever they moved; otherwise (a workbook from another
database, rows added by hand) a strategy is matched by its code and an action by its
wording first, then by its code (plan_text.matching), so that an action keeps its status,
progress, assignments, deadlines and history when its text or its place changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from psm_desktop.exchange.plan_text.matching import match_stated
from psm_desktop.exchange.plan_text.preview import (
    CODE_LABEL,
    FieldDiff,
    ItemDiff,
    ItemList,
    ItemStatus,
    item_lines,
)
from psm_desktop.exchange.structure.content import PlanData, PlanStructure, WbAction
from psm_desktop.exchange.structure.current import CurrentPlan
from psm_desktop.exchange.structure.layout import ACTION_FIELDS, PLAN_FIELDS
from psm_desktop.formatting import format_date
from psm_desktop.services.structure_service import NodeInfo

PLAN = "piano"
AXIS = "asse"
STRATEGY = "strategia"
ACTION = "azione"
LINK = "collegamento"
MISSING_HEADING = "Mancanti nel file"


@dataclass(frozen=True, slots=True)
class StructurePreview(ItemList):
    structure: PlanStructure
    items: tuple[ItemDiff, ...]
    strategies: tuple[tuple[str, int], ...]  # (workbook strategy code, existing strategy id)
    actions: tuple[tuple[str, int], ...]  # (workbook action code, existing action id)

    @property
    def is_noop(self) -> bool:
        return not self.items

    def summary(self, where: str = "nel file") -> str:
        return ItemList.summary(self, where)


def compare(structure: PlanStructure, current: CurrentPlan) -> StructurePreview:
    own = bool(structure.database_id) and structure.database_id == current.database_id
    items: list[ItemDiff] = []
    plan_fields = _plan_fields(current.plan, structure.plan)
    if plan_fields:
        items.append(
            ItemDiff(PLAN, "", ItemStatus.CHANGED, structure.plan.title, fields=plan_fields)
        )
    axes = {int(a.node.code): a for a in current.axes}
    strategies = _match_strategies(structure, current, own)
    actions = _match_actions(structure, current, own)
    for axis in structure.axes:
        outline = axes.get(axis.number)
        code = str(axis.number)
        if outline is None:
            items.append(_new(AXIS, code, axis.title, axis.description, axis.row))
        else:
            fields = _titled(outline.node, axis.title, axis.description)
            if fields:
                items.append(_changed(AXIS, code, axis.title, fields, axis.row, outline.node))
        for strategy in axis.strategies:
            node = strategies.get(strategy.code)
            if node is None:
                items.append(
                    _new(
                        STRATEGY, strategy.code, strategy.title, strategy.description, strategy.row
                    )
                )
            else:
                fields = _coded(node, strategy.code) + _titled(
                    node, strategy.title, strategy.description
                )
                if fields:
                    items.append(
                        _changed(
                            STRATEGY, strategy.code, strategy.title, fields, strategy.row, node
                        )
                    )
            for action in strategy.actions:
                found = actions.get(action.code)
                if found is None:
                    items.append(_new(ACTION, action.code, action.text, "", action.row))
                    continue
                fields = _coded(found, action.code) + _action_fields(found, action, current)
                if fields:
                    items.append(
                        _changed(ACTION, action.code, action.text, fields, action.row, found)
                    )
    items += _missing(structure, current, strategies, actions)
    items += _links(structure, current)
    return StructurePreview(
        structure,
        tuple(items),
        tuple(sorted((code, n.id) for code, n in strategies.items())),
        tuple(sorted((code, n.id) for code, n in actions.items())),
    )


def _match_strategies(
    structure: PlanStructure, current: CurrentPlan, own: bool
) -> dict[str, NodeInfo]:
    existing = [s.node for a in current.axes for s in a.strategies]
    by_id = {n.id: n for n in existing}
    matches: dict[str, NodeInfo] = {}
    if own:
        for strategy in structure.strategies:
            if strategy.id in by_id:
                matches[strategy.code] = by_id[strategy.id]
    used = {n.id for n in matches.values()}
    by_code = {n.code: n for n in existing if n.id not in used}
    for strategy in structure.strategies:
        node = by_code.get(strategy.code)
        if strategy.code not in matches and (strategy.id is None or not own) and node is not None:
            matches[strategy.code] = node
    return matches


def _match_actions(
    structure: PlanStructure, current: CurrentPlan, own: bool
) -> dict[str, NodeInfo]:
    existing = current.actions
    known: dict[str, NodeInfo] = {}
    if own:
        by_id = {n.id: n for n in existing}
        known = {a.code: by_id[a.id] for a in structure.actions if a.id in by_id}
    # An ID of this database that no longer exists is an action deleted since the export:
    # it is new, not to be matched with another one by its words.
    stated: list[WbAction] = [a for a in structure.actions if not (own and a.id is not None)]
    return match_stated(stated, existing, known)


def _missing(
    structure: PlanStructure,
    current: CurrentPlan,
    strategies: dict[str, NodeInfo],
    actions: dict[str, NodeInfo],
) -> list[ItemDiff]:
    numbers = {a.number for a in structure.axes}
    kept_strategies = {n.id for n in strategies.values()}
    kept_actions = {n.id for n in actions.values()}
    items = []
    for axis in current.axes:
        if int(axis.node.code) not in numbers:
            items.append(_gone(AXIS, axis.node))
        for strategy in axis.strategies:
            if strategy.node.id not in kept_strategies:
                items.append(_gone(STRATEGY, strategy.node))
            items += [_gone(ACTION, a) for a in strategy.actions if a.id not in kept_actions]
    return items


def _links(structure: PlanStructure, current: CurrentPlan) -> list[ItemDiff]:
    stated = {(x.axis, x.linked): x for x in structure.links}
    items = []
    for pair, link in stated.items():
        code = f"{pair[0]} → {pair[1]}"
        old = current.links.get(pair)
        if old is None:
            items.append(ItemDiff(LINK, code, ItemStatus.NEW, link.note, line=link.row))
        elif old != link.note:
            fields = (FieldDiff("Nota", old, link.note),)
            items.append(
                ItemDiff(LINK, code, ItemStatus.CHANGED, link.note, fields=fields, line=link.row)
            )
    for pair, note in sorted(current.links.items()):
        if pair not in stated:
            items.append(ItemDiff(LINK, f"{pair[0]} → {pair[1]}", ItemStatus.MISSING, note))
    return items


def _plan_fields(old: PlanData, new: PlanData) -> tuple[FieldDiff, ...]:
    fields = []
    for key, label in PLAN_FIELDS:
        before, after = getattr(old, key), getattr(new, key)
        if before == after:
            continue
        if key == "updated_on":
            fields.append(FieldDiff(label, format_date(before, ""), format_date(after, ""), False))
        else:
            fields.append(FieldDiff(label, before, after))
    return tuple(fields)


def _titled(node: NodeInfo, title: str, description: str) -> tuple[FieldDiff, ...]:
    pairs = (("Titolo", node.title, title), ("Descrizione", node.description, description))
    return tuple(FieldDiff(label, old, new) for label, old, new in pairs if old != new)


def _coded(node: NodeInfo, code: str) -> tuple[FieldDiff, ...]:
    return (FieldDiff(CODE_LABEL, node.code, code, False),) if node.code != code else ()


def _action_fields(node: NodeInfo, action: WbAction, current: CurrentPlan) -> tuple[FieldDiff, ...]:
    fields = [FieldDiff("Testo", node.title, action.text)] if node.title != action.text else []
    values = current.fields.get(node.id, {})
    labels = {c.field: c.header for c in ACTION_FIELDS}
    for field, value in action.fields:
        if values.get(field, "") != value:
            fields.append(FieldDiff(labels[field], values.get(field, ""), value))
    return tuple(fields)


def _new(entity: str, code: str, text: str, description: str, row: int) -> ItemDiff:
    return ItemDiff(entity, code, ItemStatus.NEW, text, description, line=row)


def _changed(
    entity: str, code: str, text: str, fields: tuple[FieldDiff, ...], row: int, node: NodeInfo
) -> ItemDiff:
    return ItemDiff(
        entity, code, ItemStatus.CHANGED, text, fields=fields, line=row, entity_id=node.id
    )


def _gone(entity: str, node: NodeInfo) -> ItemDiff:
    return ItemDiff(
        entity, node.code, ItemStatus.MISSING, node.title, node.description, entity_id=node.id
    )


def structure_lines(preview: StructurePreview, *, removals_hint: str = "") -> list[str]:
    """The preview as plain text (the command line prints it)."""
    structure = preview.structure
    lines = [f"Struttura del piano «{structure.plan.title}» (da {structure.file_name})"]
    if preview.is_noop:
        return [*lines, "Nessuna differenza: il piano ha già questa struttura."]
    lines += item_lines(preview, MISSING_HEADING, removals_hint)
    lines += ["", f"Riepilogo: {preview.summary()}."]
    return lines
