"""Accepted proposals written to the plan, in the caller's transaction (all or nothing).

Every change goes through the services' `*_in(session, ...)` methods with a change-log
source naming the campaign, the office and its file. A row naming a new stakeholder creates
it first (once, however many rows name it), or uses the one of that name created meanwhile.
A proposal with nothing left to do (the same row already deleted or added, by another
office's identical proposal or in the plan) is no problem: it is returned with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from psm_desktop.errors import (
    DatabaseError,
    NotFoundError,
    StaleWriteError,
    UserError,
    ValidationError,
)
from psm_desktop.model import (
    Assignment,
    Campaign,
    CampaignChange,
    Deadline,
    Role,
    Stakeholder,
    StakeholderKind,
)
from psm_desktop.services.action_service import ActionService
from psm_desktop.services.assignment_service import AssignmentService
from psm_desktop.services.campaigns import codec
from psm_desktop.services.campaigns.conflicts import clash_key
from psm_desktop.services.campaigns.dto import (
    NEW_STAKEHOLDER,
    NEW_STAKEHOLDER_FIELDS,
    RECORD_FIELDS,
    REMOVED,
    ChangeRow,
    new_stakeholder,
)
from psm_desktop.services.context import EditContext
from psm_desktop.services.deadline_service import DeadlineService
from psm_desktop.services.stakeholder_service import StakeholderService
from psm_desktop.storage import Database

EDITED = "modificata dal coordinatore"
NOTHING = "nulla da fare"

# A record gone from the plan, as the message about an edit that came too late says it.
GONE = {
    "scadenza": "la scadenza è stata tolta dal piano",
    "assegnazione": "l'assegnazione è stata tolta dal piano",
    "azione": "l'azione è stata eliminata dal piano",
    "soggetto": "il soggetto è stato eliminato dall'anagrafica",
}

Writer = Callable[[Session, int, dict[str, Any], str], object]


def campaign_source(campaign: str, office: str, file_name: str, *, edited: bool = False) -> str:
    """The change-log source of a change accepted from an office's returned tracker."""
    source = f"campagna «{campaign}»: {office}, file {file_name}"
    return f"{source} ({EDITED})" if edited else source


def write_accepted(
    db: Database,
    user: str,
    session: Session,
    campaign: Campaign,
    pending: list[ChangeRow],
    *,
    edited: bool = False,
) -> dict[int, str]:
    """Write `pending`; the proposals that had nothing to do, with why. UserError listing
    every problem (and nothing written, the caller's transaction rolls back) if any fails."""
    by_source: dict[tuple[str, str], list[ChangeRow]] = defaultdict(list)
    for change in pending:
        by_source[(change.office, change.source_file)].append(change)
    problems: list[str] = []
    idle: dict[int, str] = {}
    people = _People(session)
    done: dict[tuple[Any, ...], ChangeRow] = {}
    for (office, file_name), rows in by_source.items():
        source = campaign_source(campaign.name, office, file_name, edited=edited)
        ctx = EditContext(user, source)
        stakeholders = StakeholderService(db, ctx)
        writers = _writers(db, ctx)
        records: dict[tuple[str, int], dict[str, Any]] = defaultdict(dict)
        changes: dict[tuple[str, int], list[ChangeRow]] = defaultdict(list)
        for change in rows:
            if change.field in RECORD_FIELDS:
                continue
            if change.target_id is None or change.entity not in writers:
                problems.append(f"{change.describe()}: modifica non applicabile")
                continue
            key = (change.entity, change.target_id)
            value = codec.decode(change.proposed_value)
            spec = new_stakeholder(value)
            if spec is not None:  # a deadline's responsible, new to the register
                where = f"{office}, {change.entity} {change.label}"
                try:
                    value = people.id_for(spec, stakeholders, where)
                except ValidationError as exc:
                    problems.extend(f"{p.where}: {p.message}" for p in exc.problems)
                    continue
            records[key][change.field] = value
            changes[key].append(change)
        for (entity, target), values in records.items():
            first = changes[(entity, target)][0]
            where = f"{office}, {entity} {first.label}"
            try:
                writers[entity](session, target, values, where)
            except ValidationError as exc:
                problems.extend(f"{p.where}: {p.message}" for p in exc.problems)
            except NotFoundError:
                problems.append(_gone(session, campaign, where, changes[(entity, target)]))
            except StaleWriteError as exc:
                problems.append(f"{where}: {exc.message}")
        # Additions after the field changes, deletions last (as a tracker import does).
        whole = [c for c in rows if c.field in RECORD_FIELDS]
        for change in sorted(whole, key=lambda c: c.field == REMOVED):
            same = done.get(clash_key(change))
            if same is not None:  # another office's identical proposal, written just now
                idle[change.id] = f"{NOTHING}: la stessa proposta di {same.office} è accettata"
                continue
            done[clash_key(change)] = change
            found, why = _write_record(session, ctx, db, people, office, change)
            problems.extend(found)
            if why:
                idle[change.id] = why
    if problems:
        raise UserError("Nessuna modifica applicata: " + "; ".join(problems))
    return idle


class _People:
    """Stakeholders named by accepted rows: found by name (ignoring case and spacing) or
    created, once per name in one write."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: dict[str, int] = {}

    def id_for(self, spec: dict[str, Any], service: StakeholderService, where: str) -> int:
        name = " ".join(str(spec["name"]).split())
        key = name.casefold()
        if key in self.known:
            return self.known[key]
        found = _find(self.session, name)
        if found is None:
            values: dict[str, Any] = {"name": name, "kind": StakeholderKind.OTHER}
            values.update({k: spec[k] for k in NEW_STAKEHOLDER_FIELDS if spec.get(k)})
            found = service.create_in(self.session, values, where=f"{where}, nuovo soggetto")
        self.known[key] = found
        return found


def _find(session: Session, name: str) -> int | None:
    found = session.scalar(select(Stakeholder.id).where(Stakeholder.name == name))
    if found is None:
        found = session.scalar(
            select(Stakeholder.id).where(func.lower(Stakeholder.name) == name.lower())
        )
    if found is None:  # accented capitals, spacing: the whole register, compared in Python
        key = name.casefold()
        for sid, other in session.execute(select(Stakeholder.id, Stakeholder.name)):
            if " ".join(other.split()).casefold() == key:
                return int(sid)
    return found


def _write_record(
    session: Session,
    ctx: EditContext,
    db: Database,
    people: _People,
    office: str,
    change: ChangeRow,
) -> tuple[list[str], str]:
    """Add or delete the deadline or assignment of an accepted proposal: its problems, and
    why there was nothing to do ("" if it was done)."""
    where = f"{office}, {change.entity} {change.label}"
    if change.action_id is None or change.entity not in ("scadenza", "assegnazione"):
        return [f"{change.describe()}: modifica non applicabile"], ""
    model = Deadline if change.entity == "scadenza" else Assignment
    deadlines, assignments = DeadlineService(db, ctx), AssignmentService(db, ctx)
    try:
        if change.field == REMOVED:
            if change.target_id is None:
                return [f"{change.describe()}: modifica non applicabile"], ""
            if session.get(model, change.target_id) is None:
                return [], f"{NOTHING}: la riga non c'è più nel piano"
            if change.entity == "scadenza":
                deadlines.remove_in(session, change.target_id, None)
            else:
                assignments.unassign_in(session, change.target_id, None)
            return [], ""
        values = dict(codec.decode(change.proposed_value))
        spec = new_stakeholder(values)
        values.pop(NEW_STAKEHOLDER, None)
        if spec is not None:
            values["stakeholder_id"] = people.id_for(spec, StakeholderService(db, ctx), where)
        if change.entity == "scadenza":
            if _same_deadline(session, change.action_id, values):
                return [], f"{NOTHING}: la scadenza c'è già nel piano"
            deadlines.add_in(session, change.action_id, values, where=where)
        else:
            existing = session.scalar(
                select(Assignment).where(
                    Assignment.action_id == change.action_id,
                    Assignment.stakeholder_id == values["stakeholder_id"],
                )
            )
            if existing is not None and existing.role is Role(values["role"]):
                return [], f"{NOTHING}: l'assegnazione c'è già nel piano"
            assignments.assign_in(
                session, change.action_id, values["stakeholder_id"], values["role"], where=where
            )
    except ValidationError as exc:
        return [f"{p.where}: {p.message}" for p in exc.problems], ""
    except DatabaseError:
        raise
    except UserError as exc:  # gone since, changed since...
        return [f"{where}: {exc.message}"], ""
    return [], ""


def _same_deadline(session: Session, action_id: int, values: dict[str, Any]) -> bool:
    """A deadline of the action with the same description (ignoring case) and date."""
    title = " ".join(str(values.get("title") or "").split()).casefold()
    for other in session.scalars(
        select(Deadline.title).where(
            Deadline.action_id == action_id, Deadline.due_date == values.get("due_date")
        )
    ):
        if " ".join(other.split()).casefold() == title:
            return True
    return False


def _gone(session: Session, campaign: Campaign, where: str, changes: list[ChangeRow]) -> str:
    """An edit of a record deleted since: say so, and which proposals to reject."""
    first = changes[0]
    removal = session.scalar(
        select(CampaignChange)
        .where(
            CampaignChange.campaign_id == campaign.id,
            CampaignChange.entity == first.entity,
            CampaignChange.target_id == first.target_id,
            CampaignChange.field == REMOVED,
            CampaignChange.state == "accettata",
        )
        .limit(1)
    )
    gone = GONE.get(first.entity, "il dato è stato eliminato")
    since = (
        f" accettando la proposta n. {removal.id}"
        if removal is not None
        else " dopo il rientro del file"
    )
    ids = [c.id for c in changes]
    which = (
        f"respingi la proposta n. {ids[0]}"
        if len(ids) == 1
        else "respingi le proposte n. " + ", ".join(map(str, ids))
    )
    return f"{where}: {gone}{since}, la modifica non si può applicare; {which}"


def _writers(db: Database, ctx: EditContext) -> dict[str, Writer]:
    actions, deadlines = ActionService(db, ctx), DeadlineService(db, ctx)
    stakeholders, assignments = StakeholderService(db, ctx), AssignmentService(db, ctx)
    return {
        "azione": lambda s, i, v, w: actions.update_in(s, i, None, v, where=w),
        "scadenza": lambda s, i, v, w: deadlines.update_in(s, i, None, v, where=w),
        "soggetto": lambda s, i, v, w: stakeholders.update_in(s, i, None, v, where=w),
        "assegnazione": lambda s, i, v, w: assignments.change_role_in(
            s, i, None, v["role"], where=w
        ),
    }
