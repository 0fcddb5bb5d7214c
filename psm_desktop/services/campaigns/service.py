"""Update campaigns: create and list them, the return board, proposals and their review.

Returned trackers are proposals: `record_return` stores each office's changes without
touching the plan; only `accept` writes (writing.py), through the services'
`*_in(session, ...)` methods with a change-log source naming the campaign, the office and
its file. Which proposals clash or agree: conflicts.py.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from psm_desktop.errors import (
    NotFoundError,
    UserError,
)
from psm_desktop.formatting import format_date, format_value, plural
from psm_desktop.model import (
    Action,
    Assignment,
    Campaign,
    CampaignChange,
    CampaignOffice,
    Period,
    Role,
    Stakeholder,
)
from psm_desktop.services.campaigns import codec
from psm_desktop.services.campaigns.activity import office_actions
from psm_desktop.services.campaigns.conflicts import Opposed, agreement, clash_key, find_conflicts
from psm_desktop.services.campaigns.dto import (
    LATE,
    RECORD_FIELDS,
    STATE_LABELS,
    ActionUpdate,
    CampaignInfo,
    ChangeRow,
    Conflict,
    OfficeRow,
    Proposal,
    ReturnResult,
)
from psm_desktop.services.campaigns.writing import (
    EDITED,
    NOTHING,
    write_accepted,
)
from psm_desktop.services.context import EditContext
from psm_desktop.storage import Database

logger = logging.getLogger(__name__)

NAME_LIMIT = 200
# Roles that put an office in a campaign by default: it answers for the action.
DEFAULT_ROLES = (Role.LEAD, Role.PARTNER)


class CampaignService:
    def __init__(self, db: Database, ctx: EditContext) -> None:
        self.db = db
        self.ctx = ctx

    # --- campaigns -------------------------------------------------------------------------

    def create(
        self,
        name: str,
        due_date: dt.date,
        *,
        period: str | None = None,
        grace_days: int = 0,
        instructions: str = "",
        stakeholders: Sequence[str] | None = None,
    ) -> CampaignInfo:
        """A new campaign of `period` (by default the open one) for its offices."""
        name = " ".join(name.split())
        if not name:
            raise UserError("Il nome della campagna non può essere vuoto.")
        if len(name) > NAME_LIMIT:
            raise UserError(f"Il nome della campagna supera i {NAME_LIMIT} caratteri.")
        if grace_days < 0:
            raise UserError("I giorni di tolleranza non possono essere negativi.")
        with self.db.transaction() as session:
            if session.scalar(select(Campaign.id).where(Campaign.name == name)) is not None:
                raise UserError(f"Esiste già una campagna «{name}».")
            found = _period(session, period)
            if found.closed_at is not None:
                raise UserError(
                    f"Il periodo «{found.name}» è chiuso: una campagna raccoglie gli "
                    "aggiornamenti di un periodo aperto."
                )
            ids = (
                _named_stakeholders(session, stakeholders)
                if stakeholders
                else _default_stakeholders(session)
            )
            if not ids:
                raise UserError(
                    "Nessun soggetto da coinvolgere: assegna prima le azioni ai soggetti "
                    "(responsabile o partner) oppure indica i soggetti con --stakeholder."
                )
            campaign = Campaign(
                name=name,
                period_id=found.id,
                due_date=due_date,
                grace_days=grace_days,
                instructions=instructions.strip(),
                created_at=dt.datetime.now().replace(microsecond=0),
            )
            session.add(campaign)
            session.flush()
            for sid in ids:
                session.add(
                    CampaignOffice(
                        campaign_id=campaign.id,
                        stakeholder_id=sid,
                        state="da_inviare",
                        file_name="",
                        returned_file="",
                        returned_digest="",
                    )
                )
            session.flush()
            return _info(session, campaign)

    def candidates(self) -> list[tuple[str, bool]]:
        """Every stakeholder by name, and whether a new campaign takes it by default."""
        with self.db.reading() as session:
            default = set(_default_stakeholders(session))
            rows = session.execute(
                select(Stakeholder.id, Stakeholder.name).order_by(Stakeholder.name)
            )
            return [(name, sid in default) for sid, name in rows]

    def list_campaigns(self) -> list[CampaignInfo]:
        with self.db.reading() as session:
            rows = session.scalars(select(Campaign).order_by(Campaign.created_at, Campaign.id))
            return [_info(session, c) for c in rows]

    def get(self, name: str) -> CampaignInfo:
        with self.db.reading() as session:
            return _info(session, _campaign(session, name))

    # --- the return board ------------------------------------------------------------------

    def board(self, name: str, today: dt.date | None = None) -> list[OfficeRow]:
        """One row per office, in name order; "in ritardo" once past due and grace."""
        today = today or dt.date.today()
        with self.db.reading() as session:
            campaign = _campaign(session, name)
            last_day = campaign.due_date + dt.timedelta(days=campaign.grace_days)
            counts = _counts(session, campaign.id)
            rows = session.execute(
                select(CampaignOffice, Stakeholder)
                .join(Stakeholder, Stakeholder.id == CampaignOffice.stakeholder_id)
                .where(CampaignOffice.campaign_id == campaign.id)
                .order_by(Stakeholder.name)
            ).all()
            board = []
            for office, person in rows:
                state = STATE_LABELS[office.state]
                if office.state in ("da_inviare", "inviato") and today > last_day:
                    state = LATE
                c = counts.get(office.id, {})
                board.append(
                    OfficeRow(
                        office_id=office.id,
                        stakeholder_id=person.id,
                        office=person.name,
                        email=person.email.strip(),
                        contact=person.contact_person.strip(),
                        phone=person.phone.strip(),
                        state=state,
                        sent_at=office.sent_at,
                        file_name=office.file_name,
                        returned_at=office.returned_at,
                        returned_file=office.returned_file,
                        proposed=c.get("proposta", 0),
                        accepted=c.get("accettata", 0),
                        rejected=c.get("respinta", 0),
                    )
                )
            return board

    def office_actions(self, name: str, office: str) -> list[ActionUpdate]:
        """The office's actions with the date, author and source of their last update."""
        with self.db.reading() as session:
            campaign = _campaign(session, name)
            return office_actions(session, _stakeholder_id(session, office, campaign))

    def mark_sent(
        self, name: str, stakeholder_id: int, file_name: str, when: dt.datetime | None = None
    ) -> None:
        """The office's tracker was written: the office is "inviato" (unless it returned)."""
        when = when or dt.datetime.now().replace(microsecond=0)
        self.mark_sent_many(name, [(stakeholder_id, file_name, when)])

    def mark_sent_many(self, name: str, sent: Sequence[tuple[int, str, dt.datetime]]) -> None:
        """`mark_sent` for several offices (stakeholder id, file name, when) in one transaction:
        a campaign's export commits its offices in groups, not one synchronous write each."""
        if not sent:
            return
        with self.db.transaction() as session:
            campaign = _campaign(session, name)
            offices = {
                o.stakeholder_id: o
                for o in session.scalars(
                    select(CampaignOffice).where(
                        CampaignOffice.campaign_id == campaign.id,
                        CampaignOffice.stakeholder_id.in_({s[0] for s in sent}),
                    )
                )
            }
            for stakeholder_id, file_name, when in sent:
                office = offices.get(stakeholder_id) or _office(session, campaign, stakeholder_id)
                office.sent_at = when
                office.file_name = file_name
                if office.state == "da_inviare":
                    office.state = "inviato"

    # --- returns ---------------------------------------------------------------------------

    def check_return(self, name: str, stakeholder_id: int, digest: str, file_name: str) -> str:
        """The office's name if its file can be recorded; UserError if not (and why)."""
        with self.db.reading() as session:
            campaign = _campaign(session, name)
            office = session.scalar(
                select(CampaignOffice).where(
                    CampaignOffice.campaign_id == campaign.id,
                    CampaignOffice.stakeholder_id == stakeholder_id,
                )
            )
            person = session.get(Stakeholder, stakeholder_id)
            who = person.name if person else f"soggetto n. {stakeholder_id}"
            if office is None:
                raise UserError(
                    f"{file_name}: l'ufficio «{who}» non fa parte della campagna «{name}»."
                )
            already = session.scalar(
                select(CampaignOffice.returned_file).where(
                    CampaignOffice.campaign_id == campaign.id,
                    CampaignOffice.returned_digest == digest,
                )
            )
            if already is not None:
                raise UserError(
                    f"{file_name}: già importato (lo stesso file è rientrato come «{already}»); "
                    "non cambia nulla."
                )
            return who

    def record_return(
        self,
        name: str,
        stakeholder_id: int,
        file_name: str,
        digest: str,
        proposals: Iterable[Proposal],
        *,
        dry_run: bool = False,
    ) -> ReturnResult:
        """Record an office's returned file and its proposals; nothing of the plan changes.

        A newer file of the same office replaces its proposals still undecided.
        """
        who = self.check_return(name, stakeholder_id, digest, file_name)
        items = list(proposals)
        if dry_run:
            return ReturnResult(who, file_name, len(items), True)
        with self.db.transaction() as session:
            campaign = _campaign(session, name)
            office = _office(session, campaign, stakeholder_id)
            for old in session.scalars(
                select(CampaignChange).where(
                    CampaignChange.office_id == office.id, CampaignChange.state == "proposta"
                )
            ):
                session.delete(old)
            for p in items:
                session.add(
                    CampaignChange(
                        campaign_id=campaign.id,
                        office_id=office.id,
                        action_id=p.action_id,
                        entity=p.entity,
                        target_id=p.target_id,
                        label=p.label,
                        field=p.field,
                        field_label=p.field_label,
                        base_value=codec.encode(p.base),
                        proposed_value=codec.encode(p.proposed),
                        shown_base=p.shown_base,
                        shown_proposed=p.shown_proposed,
                        source_file=file_name,
                        state="proposta",
                        reason="",
                    )
                )
            office.returned_at = dt.datetime.now().replace(microsecond=0)
            office.returned_file = file_name
            office.returned_digest = digest
            office.state = "rientrato"
            session.flush()
            _refresh_offices(session, [office])
        return ReturnResult(who, file_name, len(items), False)

    # --- review ----------------------------------------------------------------------------

    def changes(
        self, name: str, *, office: str | None = None, state: str | None = None
    ) -> list[ChangeRow]:
        with self.db.reading() as session:
            campaign = _campaign(session, name)
            query = (
                select(CampaignChange, Stakeholder.name, Action.code)
                .join(CampaignOffice, CampaignOffice.id == CampaignChange.office_id)
                .join(Stakeholder, Stakeholder.id == CampaignOffice.stakeholder_id)
                .outerjoin(Action, Action.id == CampaignChange.action_id)
                .where(CampaignChange.campaign_id == campaign.id)
                .order_by(CampaignChange.action_id, CampaignChange.label, CampaignChange.id)
            )
            if office is not None:
                query = query.where(Stakeholder.id == _stakeholder_id(session, office, campaign))
            if state is not None:
                query = query.where(CampaignChange.state == state)
            return [_row(change, who, code) for change, who, code in session.execute(query)]

    def conflicts(self, name: str, *, strict: bool = False) -> list[Conflict]:
        """Pending proposals of different offices that clash.

        Normally: different values for the same field of the same record, a row's deletion
        against its edit, one row added with different values (conflicts.py). Strict: any
        changes by two offices to the same action.
        """
        return find_conflicts(self.changes(name, state="proposta"), strict=strict)

    def accept(self, name: str, change_ids: Iterable[int]) -> int:
        """Write the chosen proposals to the plan; a clash among them writes nothing."""
        wanted = set(change_ids)
        pending = self._pending_among(name, wanted)
        clashes = find_conflicts(pending)
        if clashes:
            raise UserError(
                "Non si possono accettare insieme proposte in conflitto: "
                + "; ".join(c.describe() for c in clashes)
                + ". Accetta una sola proposta per campo."
            )
        if not pending:
            return 0
        with self.db.transaction() as session:
            campaign = _campaign(session, name)
            idle = write_accepted(self.db, self.ctx.user, session, campaign, pending)
            self._settle(session, campaign, pending, wanted, idle)
        return len(pending)

    def accept_edited(self, name: str, change_id: int, value: Any, shown: str = "") -> None:
        """Accept proposal `change_id` with the coordinator's `value` instead of the office's.

        The value goes through the same validation as any edit; the change log names the
        office and its file and says the coordinator edited it. Other offices' proposals
        for the same field are rejected, as when one side of a conflict is accepted.
        """
        found = [c for c in self.changes(name, state="proposta") if c.id == change_id]
        if not found:
            raise UserError(f"La proposta n. {change_id} non è più in attesa di decisione.")
        office_value = found[0]
        if office_value.field in RECORD_FIELDS:
            raise UserError(
                f"Proposta n. {change_id}: una riga nuova o tolta si accetta o si respinge, "
                "non si modifica."
            )
        shown = shown or (format_value(value) or "(vuoto)")
        edited = replace(office_value, proposed_value=codec.encode(value), shown_proposed=shown)
        with self.db.transaction() as session:
            campaign = _campaign(session, name)
            idle = write_accepted(self.db, self.ctx.user, session, campaign, [edited], edited=True)
            self._settle(session, campaign, [edited], {change_id}, idle)
            change = session.get(CampaignChange, change_id)
            assert change is not None  # found pending above, in this campaign
            change.reason = (
                f"{EDITED}: accettato «{shown}» invece di «{office_value.shown_proposed}»"
            )

    def _settle(
        self,
        session: Session,
        campaign: Campaign,
        chosen: list[ChangeRow],
        wanted: set[int],
        idle: dict[int, str] | None = None,
    ) -> None:
        """Mark the chosen proposals accepted, the same ones of other offices accepted too
        (nothing left to do for a whole row), and the clashing ones rejected."""
        now = dt.datetime.now().replace(microsecond=0)
        idle = idle or {}
        picks = {clash_key(c): c for c in chosen}
        opposed = Opposed(chosen)
        for change in session.scalars(
            select(CampaignChange).where(
                CampaignChange.campaign_id == campaign.id, CampaignChange.state == "proposta"
            )
        ):
            pick = picks.get(clash_key(change))
            if pick is None:
                pick = opposed.to(change)
                if pick is None:
                    continue
                change.state = "respinta"  # a row's edit against its deletion, or the reverse
            elif change.id in wanted or agreement(change) == agreement(pick):
                change.state = "accettata"
                if change.id in idle:
                    change.reason = idle[change.id]
                elif change.id not in wanted and change.field in RECORD_FIELDS:
                    change.reason = f"{NOTHING}: la stessa proposta di {pick.office} è accettata"
            else:  # the other side of a conflict the coordinator settled
                change.state = "respinta"
            if change.state == "respinta":
                change.reason = f"in conflitto con la proposta accettata di {pick.office}"
            change.decided_by, change.decided_at = self.ctx.user, now
        session.flush()
        _refresh_offices(session, _offices_of(session, campaign.id))

    def reject(self, name: str, change_ids: Iterable[int], reason: str = "") -> int:
        wanted = set(change_ids)
        self._pending_among(name, wanted)
        now = dt.datetime.now().replace(microsecond=0)
        with self.db.transaction() as session:
            campaign = _campaign(session, name)
            done = 0
            for change in session.scalars(
                select(CampaignChange).where(
                    CampaignChange.campaign_id == campaign.id, CampaignChange.state == "proposta"
                )
            ):
                if change.id in wanted:
                    change.state, change.reason = "respinta", reason.strip()
                    change.decided_by, change.decided_at = self.ctx.user, now
                    done += 1
            session.flush()
            _refresh_offices(session, _offices_of(session, campaign.id))
        return done

    def _pending_among(self, name: str, wanted: set[int]) -> list[ChangeRow]:
        """The proposals numbered `wanted`, all still to decide: a number mistyped or
        already decided is refused (nothing decided), never skipped in silence."""
        changes = {c.id: c for c in self.changes(name)}
        problems = []
        for number in sorted(wanted):
            found = changes.get(number)
            if found is None:
                problems.append(f"la proposta n. {number} non esiste nella campagna «{name}»")
            elif found.state != "proposta":
                problems.append(f"la proposta n. {number} è già {found.state}")
        if problems:
            text = "; ".join(problems)
            raise UserError(f"{text[0].upper()}{text[1:]}. Nessuna proposta è stata decisa.")
        return [changes[number] for number in sorted(wanted)]

    def decide_all(
        self,
        name: str,
        *,
        accept: bool,
        office: str | None = None,
        reason: str = "",
        strict: bool = False,
    ) -> int:
        """Accept or reject every pending proposal (of one office); conflicts stop an accept."""
        pending = self.changes(name, office=office, state="proposta")
        if accept:
            clashes = self.conflicts(name, strict=strict)
            ids = {c.id for c in pending}
            clashes = [k for k in clashes if any(c.id in ids for c in k.changes)]
            if clashes:
                raise UserError(
                    f"{plural(len(clashes), 'conflitto', 'conflitti')} tra uffici da "
                    "risolvere prima (accetta una proposta per volta o respingi le altre): "
                    + "; ".join(c.describe() for c in clashes)
                )
            return self.accept(name, ids)
        return self.reject(name, [c.id for c in pending], reason)


# --- helpers ---------------------------------------------------------------------------------


def _campaign(session: Session, name: str) -> Campaign:
    wanted = " ".join(name.split())
    found = session.scalar(select(Campaign).where(Campaign.name == wanted))
    if found is None:
        for campaign in session.scalars(select(Campaign)):
            if campaign.name.casefold() == wanted.casefold():
                return campaign
        raise NotFoundError(f"La campagna «{wanted}» non esiste.")
    return found


def _period(session: Session, name: str | None) -> Period:
    if name is None:
        found = session.scalar(select(Period).where(Period.closed_at.is_(None)))
        if found is None:
            raise UserError(
                "Nessun periodo di monitoraggio aperto: aprine uno (psm-desktop period add) "
                "oppure indica il periodo."
            )
        return found
    found = session.scalar(select(Period).where(Period.name == name.strip()))
    if found is None:
        raise NotFoundError(f"Il periodo «{name.strip()}» non esiste.")
    return found


def _default_stakeholders(session: Session) -> list[int]:
    rows = session.scalars(
        select(Stakeholder.id)
        .join(Assignment, Assignment.stakeholder_id == Stakeholder.id)
        .where(Assignment.role.in_(DEFAULT_ROLES))
        .distinct()
        .order_by(Stakeholder.id)
    )
    return list(rows)


def _find_stakeholder(session: Session, name: str) -> Stakeholder | None:
    wanted = " ".join(name.split())
    found = session.scalar(select(Stakeholder).where(Stakeholder.name == wanted))
    if found is None:
        found = session.scalar(
            select(Stakeholder).where(func.lower(Stakeholder.name) == wanted.lower())
        )
    return found


def _named_stakeholders(session: Session, names: Sequence[str]) -> list[int]:
    ids: list[int] = []
    missing = []
    for name in names:
        found = _find_stakeholder(session, name)
        if found is None:
            missing.append(f"«{' '.join(name.split())}»")
        elif found.id not in ids:
            ids.append(found.id)
    if missing:
        raise NotFoundError(
            f"{'Il soggetto' if len(missing) == 1 else 'I soggetti'} {', '.join(missing)} "
            f"non {'esiste' if len(missing) == 1 else 'esistono'} nell'anagrafica."
        )
    return ids


def _stakeholder_id(session: Session, name: str, campaign: Campaign) -> int:
    found = _find_stakeholder(session, name)
    if found is None:
        raise NotFoundError(f"Il soggetto «{name}» non esiste nell'anagrafica.")
    _office(session, campaign, found.id)
    return found.id


def _office(session: Session, campaign: Campaign, stakeholder_id: int) -> CampaignOffice:
    office = session.scalar(
        select(CampaignOffice).where(
            CampaignOffice.campaign_id == campaign.id,
            CampaignOffice.stakeholder_id == stakeholder_id,
        )
    )
    if office is None:
        person = session.get(Stakeholder, stakeholder_id)
        who = person.name if person else f"n. {stakeholder_id}"
        raise NotFoundError(f"L'ufficio «{who}» non fa parte della campagna «{campaign.name}».")
    return office


def _offices_of(session: Session, campaign_id: int) -> list[CampaignOffice]:
    return list(
        session.scalars(select(CampaignOffice).where(CampaignOffice.campaign_id == campaign_id))
    )


def _refresh_offices(session: Session, offices: Iterable[CampaignOffice]) -> None:
    """A returned office with nothing left to decide is "validato"."""
    for office in offices:
        if office.state not in ("rientrato", "validato"):
            continue
        pending = session.scalar(
            select(func.count(CampaignChange.id)).where(
                CampaignChange.office_id == office.id, CampaignChange.state == "proposta"
            )
        )
        office.state = "rientrato" if pending else "validato"


def _counts(session: Session, campaign_id: int) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for office_id, state, n in session.execute(
        select(CampaignChange.office_id, CampaignChange.state, func.count(CampaignChange.id))
        .where(CampaignChange.campaign_id == campaign_id)
        .group_by(CampaignChange.office_id, CampaignChange.state)
    ):
        counts[office_id][state] = n
    return counts


def _info(session: Session, campaign: Campaign) -> CampaignInfo:
    period = session.get(Period, campaign.period_id)
    assert period is not None  # RESTRICT keeps it
    states = [o.state for o in _offices_of(session, campaign.id)]
    return CampaignInfo(
        id=campaign.id,
        name=campaign.name,
        period=period.name,
        period_closed=period.closed_at is not None,
        due_date=campaign.due_date,
        grace_days=campaign.grace_days,
        instructions=campaign.instructions,
        offices=len(states),
        returned=sum(s in ("rientrato", "validato") for s in states),
        validated=states.count("validato"),
    )


# Records shown by their action's code ("1.2.3", "1.2.3 — Collaudo"): the code of today.
CODED_ENTITIES = ("azione", "scadenza", "assegnazione")


def _row(change: CampaignChange, office: str, code: str | None = None) -> ChangeRow:
    """`code`: the action's code now, which replaces the one stored with the proposal (the
    plan may have been restructured since the office's tracker came back)."""
    label = change.label
    if code is not None and change.entity in CODED_ENTITIES:
        _, sep, rest = label.partition(" — ")
        label = f"{code}{sep}{rest}"
    return ChangeRow(
        id=change.id,
        office=office,
        office_id=change.office_id,
        entity=change.entity,
        target_id=change.target_id,
        action_id=change.action_id,
        label=label,
        field=change.field,
        field_label=change.field_label,
        shown_base=change.shown_base,
        shown_proposed=change.shown_proposed,
        proposed_value=change.proposed_value,
        source_file=change.source_file,
        state=change.state,
        reason=change.reason,
        decided_by=change.decided_by,
        decided_at=change.decided_at,
        base_value=change.base_value,
    )


def due_text(info: CampaignInfo) -> str:
    """'entro il 31/07/2025 (tolleranza 5 giorni)'."""
    text = f"entro il {format_date(info.due_date)}"
    if info.grace_days:
        text += f" (tolleranza {plural(info.grace_days, 'giorno', 'giorni')})"
    return text
