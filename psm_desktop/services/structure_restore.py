"""Put back what a structural delete removed: the rows, their ids, their places and codes.

Undo of a delete (a `QUndoCommand` calling `StructureService.restore`) must bring back the
action with its assignments, deadlines, sectors, goals, zones and links, under the same ids, so
that its history in the change log is its own again. The delete takes a `Removed`
snapshot of every row it is about to remove; the restore inserts them again with
placeholder codes and lays the top row out at its old position, which gives it, its
children and its siblings their old codes back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from psm_desktop.errors import UserError
from psm_desktop.model import (
    Action,
    ActionAxisLink,
    ActionSdg,
    ActionSector,
    ActionZone,
    Assignment,
    Axis,
    AxisLink,
    Deadline,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Strategy,
)
from psm_desktop.services import changelog
from psm_desktop.services.context import EditContext
from psm_desktop.services.renumbering import (
    ACTION,
    AXIS,
    CHUNK,
    NEW_AXIS_NUMBER,
    PLACEHOLDER,
    STRATEGY,
    CodeChange,
    Layout,
    Slot,
    action_slots,
    axis_slots,
    placed,
    slot,
    strategy_slots,
)

RESTORED = "ripristino"
_TOP: dict[str, Any] = {
    AXIS: Axis.__table__,
    STRATEGY: Strategy.__table__,
    ACTION: Action.__table__,
}


@dataclass(frozen=True)
class Removed:
    """Every row a delete removed, parents first, to insert them again."""

    kind: str  # "asse", "strategia", "azione": the row the user deleted
    entity_id: int
    parent_id: int  # its plan, axis or strategy
    position: int  # its number (axis) or position
    label: str  # as the change log named it
    rows: tuple[tuple[str, tuple[Mapping[str, Any], ...]], ...]  # table name -> rows


def snapshot(session: Session, kind: str, entity_id: int) -> Removed:
    """The rows that deleting this axis, strategy or action will remove (read first)."""
    session.flush()
    top = dict(_rows(session, _TOP[kind], _TOP[kind].c.id, [entity_id])[0])
    tables: list[tuple[Any, list[Mapping[str, Any]]]] = [(_TOP[kind], [top])]
    if kind == AXIS:
        links = AxisLink.__table__
        found = session.execute(
            select(links).where(
                or_(links.c.axis_id == entity_id, links.c.linked_axis_id == entity_id)
            )
        )
        tables.append((links, [dict(r) for r in found.mappings()]))
        strategies = _rows(session, Strategy.__table__, Strategy.__table__.c.axis_id, [entity_id])
        tables.append((Strategy.__table__, strategies))
        strategy_ids = [r["id"] for r in strategies]
    else:
        strategy_ids = [entity_id] if kind == STRATEGY else []
    if kind == ACTION:
        actions: list[Mapping[str, Any]] = [top]
    else:
        actions = _rows(session, Action.__table__, Action.__table__.c.strategy_id, strategy_ids)
        tables.append((Action.__table__, actions))
    action_ids = [r["id"] for r in actions]
    for model in (ActionSector, ActionSdg, ActionZone, ActionAxisLink, Assignment, Deadline):
        table: Any = model.__table__
        tables.append((table, _rows(session, table, table.c.action_id, action_ids)))
    indicators = _indicators(session, kind, entity_id, strategy_ids, action_ids)
    tables.append((Indicator.__table__, indicators))
    indicator_ids = [r["id"] for r in indicators]
    for measure in (IndicatorTarget, IndicatorValue):
        table = measure.__table__
        tables.append((table, _rows(session, table, table.c.indicator_id, indicator_ids)))
    if kind == AXIS:
        # Actions of other axes that named this one among their linked axes.
        links = ActionAxisLink.__table__
        others = session.execute(
            select(links).where(links.c.axis_id == entity_id, links.c.action_id.not_in(action_ids))
        )
        tables.append((links, [dict(r) for r in others.mappings()]))
    parent = {AXIS: "plan_id", STRATEGY: "axis_id", ACTION: "strategy_id"}[kind]
    position = top["number"] if kind == AXIS else top["position"]
    code = str(top["number"]) if kind == AXIS else top["code"]
    title = top["text"] if kind == ACTION else top["title"]
    return Removed(
        kind=kind,
        entity_id=entity_id,
        parent_id=top[parent],
        position=position,
        label=f"{code} {title}",
        rows=tuple((t.name, tuple(rows)) for t, rows in tables if rows),
    )


def _indicators(
    session: Session, kind: str, entity_id: int, strategy_ids: list[int], action_ids: list[int]
) -> list[Mapping[str, Any]]:
    """The indicators of the deleted actions, strategies and axis (the database cascades)."""
    table: Any = Indicator.__table__
    found = _rows(session, table, table.c.action_id, action_ids)
    found += _rows(session, table, table.c.strategy_id, strategy_ids)
    if kind == AXIS:
        found += _rows(session, table, table.c.axis_id, [entity_id])
    return found


def restore_in(session: Session, ctx: EditContext, removed: Removed) -> Layout:
    """Insert the rows again; return the layout that puts the top row back in its place.

    The caller applies the layout (`renumbering.apply`), which gives every restored row
    its code. Raises UserError, writing nothing, if the place or the ids are gone.
    """
    metadata = Axis.metadata
    _check_free(session, removed)
    try:
        for name, rows in removed.rows:
            table = metadata.tables[name]
            session.execute(table.insert(), [_placeholder_codes(name, row) for row in rows])
    except IntegrityError as exc:
        raise UserError(
            f"Non è possibile ripristinare {_what(removed)}: nel frattempo sono stati eliminati "
            "la sua strategia o il suo asse, o soggetti e zone a cui era collegata."
        ) from exc
    _log(session, ctx, removed)
    return _layout(session, removed)


def _rows(session: Session, table: Any, column: Any, ids: list[int]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = select(table).where(column.in_(chunk))
        found += [dict(r) for r in session.execute(query).mappings()]
    return found


def _placeholder_codes(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """Codes are given back by the layout; until then they must not clash with the current."""
    values = dict(row)
    if table == Axis.__tablename__:
        values["number"] = NEW_AXIS_NUMBER
    elif table in (Strategy.__tablename__, Action.__tablename__):
        values["code"] = f"{PLACEHOLDER}r{row['id']}"
    return values


def _check_free(session: Session, removed: Removed) -> None:
    metadata = Axis.metadata
    for name, rows in removed.rows:
        table = metadata.tables[name]
        if "id" not in table.c:
            continue
        ids = [r["id"] for r in rows]
        for start in range(0, len(ids), CHUNK):
            taken = session.scalar(
                select(table.c.id).where(table.c.id.in_(ids[start : start + CHUNK])).limit(1)
            )
            if taken is not None:
                raise UserError(
                    f"Non è possibile ripristinare {_what(removed)}: i suoi dati sono stati "
                    "nel frattempo sostituiti da altri."
                )


def _what(removed: Removed) -> str:
    article = {AXIS: "l'asse", STRATEGY: "la strategia", ACTION: "l'azione"}[removed.kind]
    return f"{article} {removed.label.split(' ', 1)[0]}"


def _log(session: Session, ctx: EditContext, removed: Removed) -> None:
    """One entry for the restored row, and one in the history of each restored action."""
    actions = next((rows for name, rows in removed.rows if name == Action.__tablename__), ())
    entries = [
        changelog.Entry(
            ACTION, r["id"], r["code"], r["id"], RESTORED, None, f"{r['code']} {r['text']}"
        )
        for r in actions
    ]
    if removed.kind != ACTION:
        code = removed.label.split(" ", 1)[0]
        entries.insert(
            0,
            changelog.Entry(
                removed.kind, removed.entity_id, code, None, RESTORED, None, removed.label
            ),
        )
    changelog.record_many(session, ctx, entries)


def _layout(session: Session, removed: Removed) -> Layout:
    layout = Layout()
    if removed.kind == AXIS:
        axes = axis_slots(session, removed.parent_id)
        layout.set_axes(placed(axes, _find(axes, removed.entity_id), removed.position))
        return layout
    if removed.kind == STRATEGY:
        parent = _parent(session, Axis, removed.parent_id, removed)
        siblings = strategy_slots(session, [parent.id])[parent.id]
        layout.set_strategies(
            slot(parent), placed(siblings, _find(siblings, removed.entity_id), removed.position)
        )
        return layout
    strategy = _parent(session, Strategy, removed.parent_id, removed)
    siblings = action_slots(session, [strategy.id])[strategy.id]
    layout.set_actions(
        slot(strategy), placed(siblings, _find(siblings, removed.entity_id), removed.position)
    )
    return layout


def _parent(
    session: Session, model: type[Axis] | type[Strategy], parent_id: int, removed: Removed
) -> Any:
    parent = session.get(model, parent_id)
    if parent is None:
        raise UserError(
            f"Non è possibile ripristinare {_what(removed)}: la strategia o l'asse che la "
            "conteneva è stato eliminato nel frattempo."
        )
    return parent


def _find(slots: list[Slot], entity_id: int) -> Slot:
    return next(s for s in slots if s.id == entity_id)


__all__ = ["CodeChange", "Removed", "restore_in", "snapshot"]
