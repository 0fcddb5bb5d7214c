"""Apply the chosen items of an ImportPlan in one transaction through the services.

Every change goes through the services' `*_in(session, ...)` methods with the edit context
`import_source(file name)`, so validation is the application's and the change log names
the file. Any problem rolls the whole import back. `check_plan` runs the same code in a
transaction that is always rolled back, to report problems before the user confirms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from psm_desktop.errors import NotFoundError, Problem, StaleWriteError, UserError, ValidationError
from psm_desktop.exchange.tracker.layout import STAKEHOLDER_EDITABLE
from psm_desktop.exchange.tracker.plan import ChangeItem, ImportPlan, ItemKind, Resolution
from psm_desktop.exchange.tracker.reading import TrackerError
from psm_desktop.formatting import plural
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import EditContext, Services, import_source


@dataclass
class ApplyResult:
    applied: int = 0
    action_ids: set[int] = field(default_factory=set)
    stakeholders_changed: bool = False
    deadlines_changed: bool = False


def apply_plan(
    services: Services, plan: ImportPlan, progress: ProgressCallback = no_progress
) -> ApplyResult:
    """Write the applicable items; raise UserError (nothing written) if anything is wrong."""
    if plan.unresolved:
        raise UserError(
            f"{'C’è' if len(plan.unresolved) == 1 else 'Ci sono'} "
            f"{plural(len(plan.unresolved), 'conflitto', 'conflitti')} da risolvere: "
            "per ciascuno scegli "
            "«mantieni il database» oppure «usa il tracker»."
        )
    ctx = EditContext(user=services.ctx.user, source=import_source(plan.file_name))
    svc = services.with_context(ctx)
    with svc.db.transaction() as session:
        problems, result = _apply_in(session, svc, plan.to_apply, progress)
        if problems:
            raise TrackerError(problems, plan.file_name)
    return result


def check_plan(services: Services, plan: ImportPlan) -> None:
    """Try the import (unresolved conflicts as 'use the tracker') and roll it back."""
    problems = trial_problems(services, plan)
    if problems:
        raise TrackerError(problems, plan.file_name)


def trial_problems(
    services: Services, plan: ImportPlan, progress: ProgressCallback = no_progress
) -> list[Problem]:
    """The problems the services find in the plan, in a transaction always rolled back."""
    ctx = EditContext(user=services.ctx.user, source=import_source(plan.file_name))
    svc = services.with_context(ctx)
    # Actions are left out: their cells were checked while reading and their one rule
    # across fields (dates order) by the merge; a trial of thousands of updates is slow.
    items = [
        i
        for i in plan.items
        if i.entity != "azione"
        and (i.applies or (i.kind is ItemKind.CONFLICT and i.resolution is None))
    ]
    with svc.db.reading() as session:  # reading() always rolls back
        problems, _ = _apply_in(session, svc, items, progress)  # progress: Cancel is heard
    return problems


def _apply_in(
    session: Session,
    svc: Services,
    items: list[ChangeItem],
    progress: ProgressCallback,
) -> tuple[list[Problem], ApplyResult]:
    run = _Run(session, svc, progress, max(len(items), 1))
    by_entity: dict[str, list[ChangeItem]] = defaultdict(list)
    for item in items:
        by_entity[item.entity].append(item)
    # New stakeholders first: deadlines and assignments may refer to them.
    run.stakeholders(by_entity["soggetto"])
    run.actions(by_entity["azione"])
    run.deadlines(by_entity["scadenza"])
    run.assignments(by_entity["assegnazione"])
    run.removals([i for i in items if i.kind is ItemKind.REMOVE])
    run.indicators(by_entity["indicatore"])
    run.result.applied = len(items)
    progress(run.total, run.total, "Modifiche applicate.")
    return run.problems, run.result


class _Run:
    """One pass over the items inside one session, collecting every problem."""

    def __init__(
        self, session: Session, svc: Services, progress: ProgressCallback, total: int
    ) -> None:
        self.session = session
        self.svc = svc
        self.progress = progress
        self.total = total
        self.done = 0
        self.problems: list[Problem] = []
        self.result = ApplyResult()
        self.new_ids: dict[str, int] = {}

    def attempt(self, place: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        try:
            call(self.session, *args, **kwargs)
        except ValidationError as exc:
            self.problems.extend(exc.problems)
            return False
        except (StaleWriteError, NotFoundError) as exc:
            self.problems.append(Problem(place, exc.message))
            return False
        return True

    def update(
        self, call: Callable[..., Any], target: int, group: list[ChangeItem], changes: Any
    ) -> bool:
        """One `update_in` with all the chosen fields of one record."""
        first = group[0]
        done = self.attempt(first.where, call, target, first.version, changes, where=first.where)
        self.step(len(group))
        return done

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.done % 200 < count:
            self.progress(self.done, self.total, "Applicazione delle modifiche…")

    def stakeholder_id(self, ref: tuple[str, Any] | None, where: str) -> int | None:
        if ref is None:
            return None
        if ref[0] == "id":
            return int(ref[1])
        found = self.new_ids.get(str(ref[1]).casefold())
        if found is None:
            self.problems.append(
                Problem(where, f"il soggetto «{ref[1]}» non viene creato (riga non selezionata)")
            )
        return found

    def touched(self, item: ChangeItem, *, deadline: bool = False) -> None:
        if item.action_id is not None:
            self.result.action_ids.add(item.action_id)
        if deadline:
            self.result.deadlines_changed = True
        self.step()

    def stakeholders(self, items: list[ChangeItem]) -> None:
        for item in items:
            if item.kind is ItemKind.CREATE:
                self.attempt(item.where, self._create_stakeholder, item)
                self.result.stakeholders_changed = True
                self.step()
        for target, group in _groups(items):
            self.update(self.svc.stakeholders.update_in, target, group, _changes(group))
            self.result.stakeholders_changed = True

    def _create_stakeholder(self, session: Session, item: ChangeItem) -> None:
        values = {k: v for k, v in item.payload.items() if k in STAKEHOLDER_EDITABLE}
        new_id = self.svc.stakeholders.create_in(session, values, where=item.where)
        self.new_ids[str(item.payload["name"]).casefold()] = new_id

    def actions(self, items: list[ChangeItem]) -> None:
        # One update per action with all its chosen fields; the actions read in one go.
        groups = _groups(items)
        loaded = self.svc.actions.load_in(self.session, [target for target, _ in groups])
        for target, group in groups:
            if self.update(self.svc.actions.update_in, target, group, _changes(group)):
                self.result.action_ids.add(target)
        del loaded  # held until here: the session keeps them only while someone does

    def deadlines(self, items: list[ChangeItem]) -> None:
        for target, group in _groups(items):
            changes: dict[str, Any] = {}
            for i in group:
                if i.field == "stakeholder":
                    ref = i.payload.get("stakeholder_ref") if i.new else None
                    changes["stakeholder_id"] = self.stakeholder_id(ref, i.where)
                else:
                    changes[i.field] = i.new
            self.update(self.svc.deadlines.update_in, target, group, changes)
            self.result.deadlines_changed = True
            if group[0].action_id is not None:
                self.result.action_ids.add(group[0].action_id)
        for item in items:
            if item.kind is not ItemKind.CREATE:
                continue
            payload = item.payload
            values = {k: payload.get(k) for k in ("title", "due_date", "completed_on")}
            values["notes"] = payload.get("notes") or ""
            ref = payload.get("stakeholder_ref") if payload.get("stakeholder") else None
            values["stakeholder_id"] = self.stakeholder_id(ref, item.where)
            assert item.action_id is not None
            self.attempt(
                item.where, self.svc.deadlines.add_in, item.action_id, values, where=item.where
            )
            self.touched(item, deadline=True)

    def assignments(self, items: list[ChangeItem]) -> None:
        for item in items:
            if item.kind is ItemKind.REMOVE:
                continue
            if item.target_id is not None:
                self.attempt(
                    item.where,
                    self.svc.assignments.change_role_in,
                    item.target_id,
                    item.version,
                    item.new,
                    where=item.where,
                )
            else:
                sid = self.stakeholder_id(item.payload["stakeholder"], item.where)
                if sid is not None:
                    assert item.action_id is not None
                    self.attempt(
                        item.where,
                        self.svc.assignments.assign_in,
                        item.action_id,
                        sid,
                        item.new,
                        where=item.where,
                    )
            self.touched(item)

    def indicators(self, items: list[ChangeItem]) -> None:
        """One value and note per indicator for the tracker's (open) period."""
        for target, group in _groups(items):
            first = group[0]
            chosen = _changes(group)
            value = chosen.get("value", first.payload.get("value"))
            note = chosen.get("note", first.payload.get("note")) or ""
            try:
                self.svc.indicators.set_value_in(
                    self.session, target, first.payload["period"], _measure(value), note
                )
            except ValidationError as exc:
                self.problems += [Problem(first.where, p.message) for p in exc.problems]
            except UserError as exc:  # deleted indicator, closed or missing period
                self.problems.append(Problem(first.where, exc.message))
            self.step(len(group))

    def removals(self, items: list[ChangeItem]) -> None:
        for item in items:
            assert item.target_id is not None
            if item.entity == "scadenza":
                self.attempt(item.label, self.svc.deadlines.remove_in, item.target_id, item.version)
                self.touched(item, deadline=True)
            else:
                self.attempt(
                    item.label, self.svc.assignments.unassign_in, item.target_id, item.version
                )
                self.touched(item)


def _measure(value: Any) -> Decimal | None:
    """The service's form of a tracker value: None is "n.d." there."""
    return value if isinstance(value, Decimal) else None


def _changes(group: list[ChangeItem]) -> dict[str, Any]:
    return {i.field: i.new for i in group}


def _groups(items: list[ChangeItem]) -> list[tuple[int, list[ChangeItem]]]:
    """Field changes (updates and conflicts) grouped by the record they change."""
    groups: dict[int, list[ChangeItem]] = defaultdict(list)
    for item in items:
        if item.kind in (ItemKind.UPDATE, ItemKind.CONFLICT) and item.target_id is not None:
            groups[item.target_id].append(item)
    return list(groups.items())


__all__ = ["ApplyResult", "Resolution", "apply_plan", "check_plan"]
