"""Actions: filtered lists, the full detail of one, and validated edits with a change log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import CompoundSelect, String, cast, literal_column, select, union_all
from sqlalchemy.orm import Session, selectinload

from psm_desktop.errors import NotFoundError, Problem, ValidationError
from psm_desktop.model import (
    Action,
    ActionAxisLink,
    ActionSdg,
    ActionSector,
    ActionZone,
    Assignment,
    Axis,
    Competence,
    FundingSource,
    Priority,
    Sector,
    Stakeholder,
    Status,
    Strategy,
    Zone,
)
from psm_desktop.services.action_rows import assignment_order
from psm_desktop.services.context import EditContext
from psm_desktop.services.dto import ActionDetail, ActionRow, AssignmentInfo, DeadlineInfo
from psm_desktop.services.entity_edit import EntityEditor, EntityKind
from psm_desktop.services.filters import ActionFilter, is_overdue
from psm_desktop.services.queries import assignment_info, load_action_rows, load_deadlines
from psm_desktop.services.validation import (
    ACTION_FIELD_LABELS,
    TEXT_LIMITS,
    check_budget,
    check_cup,
    check_date,
    check_dates_order,
    check_enum,
    check_pnrr,
    check_progress,
    check_sdgs,
    check_text,
    placer,
)
from psm_desktop.storage import Database

EDITABLE_FIELDS = frozenset(ACTION_FIELD_LABELS)
SET_FIELDS = frozenset({"sectors", "zones", "linked_axes", "sdgs"})
LIMITS = TEXT_LIMITS["action"]
_LOAD_CHUNK = 500  # ids per query: well under every engine's limit of parameters


class ActionService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self._db = db
        self.ctx = ctx
        self.editor = EntityEditor(ACTION_KIND, ctx)

    # --- reading -------------------------------------------------------------------------

    def list_actions(
        self, flt: ActionFilter | None = None, today: dt.date | None = None
    ) -> list[ActionRow]:
        today = today or dt.date.today()
        with self._db.reading() as session:
            return load_action_rows(session, today, flt=flt)

    def rows_by_id(self, action_ids: list[int], today: dt.date | None = None) -> list[ActionRow]:
        """The table rows of just these actions (a panel refreshing what one edit changed)."""
        with self._db.reading() as session:
            return load_action_rows(session, today or dt.date.today(), list(action_ids))

    def get(self, action_id: int, today: dt.date | None = None) -> ActionDetail:
        with self._db.reading() as session:
            return self.detail_in(session, action_id, today or dt.date.today())

    def get_by_code(self, code: str, today: dt.date | None = None) -> ActionDetail:
        with self._db.reading() as session:
            action_id = session.scalar(select(Action.id).where(Action.code == code.strip()))
            if action_id is None:
                raise NotFoundError(f"L'azione {code} non esiste nel piano.")
            return self.detail_in(session, action_id, today or dt.date.today())

    def id_by_code(self) -> dict[str, int]:
        with self._db.reading() as session:
            return {code: aid for aid, code in session.execute(select(Action.id, Action.code))}

    def detail_in(self, session: Session, action_id: int, today: dt.date) -> ActionDetail:
        row = session.execute(
            select(Action, Strategy, Axis)
            .join(Strategy, Action.strategy_id == Strategy.id)
            .join(Axis, Strategy.axis_id == Axis.id)
            .where(Action.id == action_id)
        ).first()
        if row is None:
            raise NotFoundError("L'azione non esiste più: forse è stata eliminata.")
        action, strategy, axis = row
        sectors, zones, linked = _tags(session, action_id)
        infos = [
            assignment_info(a, s, action.code)
            for a, s in session.execute(
                select(Assignment, Stakeholder)
                .join(Stakeholder, Assignment.stakeholder_id == Stakeholder.id)
                .where(Assignment.action_id == action_id)
            )
        ]
        sdgs = frozenset(
            session.scalars(select(ActionSdg.goal).where(ActionSdg.action_id == action_id))
        )
        return build_detail(
            action,
            strategy,
            axis,
            sdgs=sdgs,
            sectors=sectors,
            zones=zones,
            linked_axes=linked,
            assignments=infos,
            deadlines=load_deadlines(session, today, action_id=action_id),
            today=today,
        )

    # --- editing -------------------------------------------------------------------------

    def field_values_in(self, session: Session, fields: Sequence[str]) -> dict[int, dict[str, Any]]:
        """Action id -> the current value of each of `fields` (as `update_in` takes them)."""
        query = select(Action)
        if "sdgs" in fields:
            query = query.options(selectinload(Action.sdgs))  # one query, not one per action
        return {
            action.id: {f: self._current(session, action, f) for f in fields}
            for action in session.scalars(query)
        }

    def update(
        self, action_id: int, expected_version: int | None, changes: Mapping[str, Any]
    ) -> ActionDetail:
        """Apply `changes` (field name -> new value) in one transaction and return the result.

        `expected_version` is the version the caller read; if the action changed since,
        StaleWriteError is raised and nothing is written. None skips the check.
        """
        with self._db.transaction() as session:
            self.update_in(session, action_id, expected_version, changes)
            session.flush()
            return self.detail_in(session, action_id, dt.date.today())

    def load_in(self, session: Session, action_ids: list[int]) -> list[Action]:
        """These actions read into `session` in a few queries, so that `update_in` on each
        (an import edits a thousand) finds it there instead of reading it again. The caller
        keeps the list while editing: the session holds its objects only weakly."""
        loaded: list[Action] = []
        for first in range(0, len(action_ids), _LOAD_CHUNK):
            chunk = action_ids[first : first + _LOAD_CHUNK]
            loaded += session.scalars(select(Action).where(Action.id.in_(chunk)))
        return loaded

    def update_in(
        self,
        session: Session,
        action_id: int,
        expected_version: int | None,
        changes: Mapping[str, Any],
        *,
        where: str = "",
    ) -> list[str]:
        """Validate and apply changes inside the caller's transaction; return changed fields.

        `where` prefixes each problem's place (an importer passes 'Azioni, riga 12').
        """
        action = self.editor.load(session, action_id, expected_version)
        values = self.validate(session, action, changes, where=where)
        return self.editor.apply(session, action, values)

    def validate(
        self, session: Session, action: Action, changes: Mapping[str, Any], *, where: str = ""
    ) -> dict[str, Any]:
        """Check every change and return the values to store; raise with all problems."""
        problems: list[Problem] = []
        values: dict[str, Any] = {}

        place = placer(ACTION_FIELD_LABELS, where)

        for field, value in changes.items():
            if field not in EDITABLE_FIELDS:
                problems.append(Problem(where or "Azione", f"campo sconosciuto: {field}"))
                continue
            sub = problems
            if field == "status":
                values[field] = check_enum(Status, value, place(field), sub)
            elif field == "priority":
                values[field] = check_enum(Priority, value, place(field), sub, optional=True)
            elif field == "funding_source":
                values[field] = check_enum(FundingSource, value, place(field), sub, optional=True)
            elif field == "progress":
                values[field] = check_progress(value, place(field), sub)
            elif field in ("start_date", "end_date"):
                values[field] = check_date(value, place(field), sub)
            elif field == "budget":
                values[field] = check_budget(value, place(field), sub)
            elif field == "text":
                values[field] = check_text(
                    value, place(field), sub, limit=LIMITS[field], required=True
                )
            elif field == "short_title":
                text = check_text(value, place(field), sub, limit=LIMITS[field]).strip()
                values[field] = text or None
            elif field == "notes":
                values[field] = check_text(value, place(field), sub, limit=LIMITS[field])
            elif field == "sectors":
                values[field] = frozenset(
                    check_enum(Sector, v, place(field), sub) for v in (value or ())
                )
            elif field == "zones":
                values[field] = self._check_zones(session, value or (), place(field), sub)
            elif field == "linked_axes":
                values[field] = self._check_axes(session, action, value or (), place(field), sub)
            elif field == "cup":
                values[field] = check_cup(value, place(field), sub)
            elif field == "pnrr":
                values[field] = check_pnrr(value, place(field), sub)
            elif field == "dup_objective":
                text = check_text(value, place(field), sub, limit=LIMITS[field])
                values[field] = " ".join(text.split()) or None
            elif field == "sdgs":
                values[field] = check_sdgs(value, place(field), sub)
            elif field == "competence":
                value = value if value != "" else None  # an emptied cell: no competence
                values[field] = check_enum(Competence, value, place(field), sub, optional=True)
        if not problems:
            start = values.get("start_date", action.start_date)
            end = values.get("end_date", action.end_date)
            check_dates_order(start, end, place("end_date"), problems)
        if problems:
            raise ValidationError(problems)
        return values

    @staticmethod
    def _check_zones(
        session: Session, names: Any, label: str, problems: list[Problem]
    ) -> frozenset[str]:
        known = {n.casefold(): n for n in session.scalars(select(Zone.name))}
        result = set()
        for name in names:
            found = known.get(str(name).strip().casefold())
            if found is None:
                problems.append(Problem(label, f"zona omogenea '{name}' sconosciuta"))
            else:
                result.add(found)
        return frozenset(result)

    @staticmethod
    def _check_axes(
        session: Session, action: Action, numbers: Any, label: str, problems: list[Problem]
    ) -> frozenset[int]:
        known = set(session.scalars(select(Axis.number)))
        result = set()
        for number in numbers:
            try:
                value = int(number)
            except (TypeError, ValueError):
                value = -1
            if value not in known:
                problems.append(Problem(label, f"asse '{number}' inesistente"))
            else:
                result.add(value)
        return frozenset(result)

    @staticmethod
    def _current(session: Session, action: Action, field: str) -> Any:
        if field == "sectors":
            return frozenset(s.sector for s in action.sectors)
        if field == "sdgs":
            return frozenset(s.goal for s in action.sdgs)
        if field == "zones":
            return frozenset(
                session.scalars(
                    select(Zone.name)
                    .join(ActionZone, ActionZone.zone_id == Zone.id)
                    .where(ActionZone.action_id == action.id)
                )
            )
        if field == "linked_axes":
            return frozenset(
                session.scalars(
                    select(Axis.number)
                    .join(ActionAxisLink, ActionAxisLink.axis_id == Axis.id)
                    .where(ActionAxisLink.action_id == action.id)
                )
            )
        return getattr(action, field)

    @staticmethod
    def _assign(session: Session, action: Action, field: str, new: Any) -> None:
        if field == "sectors":
            action.sectors = [ActionSector(sector=s) for s in sorted(new)]
        elif field == "sdgs":
            action.sdgs = [ActionSdg(goal=g) for g in sorted(new)]
        elif field == "zones":
            ids = session.scalars(select(Zone.id).where(Zone.name.in_(new))).all()
            action.zones = [ActionZone(zone_id=i) for i in ids]
        elif field == "linked_axes":
            ids = session.scalars(select(Axis.id).where(Axis.number.in_(new))).all()
            action.linked_axes = [ActionAxisLink(axis_id=i) for i in ids]
        else:
            setattr(action, field, new)


def _touch(action: Action) -> None:
    # Also for collection fields: touching the row makes SQLAlchemy bump `version`.
    action.updated_at = dt.datetime.now()


ACTION_KIND: EntityKind[Action] = EntityKind(
    model=Action,
    entity="azione",
    labels=ACTION_FIELD_LABELS,
    not_found="L'azione non esiste più: forse è stata eliminata.",
    describe=lambda a: f"L'azione {a.code}",
    log_label=lambda a: a.code,
    action_id=lambda a: a.id,
    current=ActionService._current,
    assign=ActionService._assign,
    shown=lambda session, field, value: _shown(field, value),
    touch=_touch,
)


def _shown(field: str, value: Any) -> Any:
    """The change log shows goals as '3, 11' (numbers in order), not a set's repr."""
    if field == "sdgs":
        return ", ".join(str(g) for g in sorted(value)) or None
    return value


def _tags(
    session: Session, action_id: int
) -> tuple[frozenset[Sector], frozenset[str], frozenset[int]]:
    """An action's sectors, zones and linked axes, in one query: three would cost three
    round trips on a server, for a dozen short values."""
    query: CompoundSelect[Any] = union_all(
        select(literal_column("'s'"), cast(ActionSector.sector, String)).where(
            ActionSector.action_id == action_id
        ),
        select(literal_column("'z'"), Zone.name)
        .join(ActionZone, ActionZone.zone_id == Zone.id)
        .where(ActionZone.action_id == action_id),
        select(literal_column("'a'"), cast(Axis.number, String))
        .join(ActionAxisLink, ActionAxisLink.axis_id == Axis.id)
        .where(ActionAxisLink.action_id == action_id),
    )
    values: dict[str, list[str]] = {"s": [], "z": [], "a": []}
    for kind, value in session.execute(query):
        values[kind].append(value)
    return (
        frozenset(map(Sector, values["s"])),
        frozenset(values["z"]),
        frozenset(map(int, values["a"])),
    )


def build_detail(
    action: Action,
    strategy: Strategy,
    axis: Axis,
    *,
    sectors: Iterable[Sector],
    zones: Iterable[str],
    linked_axes: Iterable[int],
    assignments: Iterable[AssignmentInfo],
    deadlines: Iterable[DeadlineInfo],
    today: dt.date,
    sdgs: Iterable[int] = (),
) -> ActionDetail:
    """An ActionDetail from its loaded parts (one action here, many in report_data)."""
    all_due = tuple(deadlines)
    open_due = tuple(sorted(d.due_date for d in all_due if d.completed_on is None))
    return ActionDetail(
        id=action.id,
        code=action.code,
        text=action.text,
        short_title=action.short_title,
        axis_number=axis.number,
        axis_title=axis.title,
        strategy_code=strategy.code,
        strategy_title=strategy.title,
        status=action.status,
        progress=action.progress,
        priority=action.priority,
        start_date=action.start_date,
        end_date=action.end_date,
        budget=action.budget,
        funding_source=action.funding_source,
        sectors=frozenset(sectors),
        zones=frozenset(zones),
        linked_axes=frozenset(linked_axes),
        notes=action.notes,
        updated_at=action.updated_at,
        version=action.version,
        overdue=is_overdue(action.status, action.end_date, open_due, today),
        assignments=tuple(sorted(assignments, key=assignment_order)),
        deadlines=all_due,
        cup=action.cup,
        pnrr=action.pnrr,
        dup_objective=action.dup_objective,
        sdgs=frozenset(sdgs),
        competence=action.competence,
    )
