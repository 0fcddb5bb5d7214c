"""A campaign's files in one go: per office its tracker, an e-mail draft and a calendar.

Each tracker is the office's stakeholder scope (only the actions it is assigned to, and in
its Soggetti sheet only the stakeholders those actions name) and carries the campaign and
the office beside the database's identity, so that on return the file says where it came
from. The database is read once for all offices; each office's part is cut from it and
written, one tracker at a time: memory stays bounded.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from psm_desktop.errors import UserError
from psm_desktop.exchange.campaigns import calendar, mail
from psm_desktop.exchange.campaigns.names import safe_stem, unique_stems
from psm_desktop.exchange.tracker.export import PageHeader, page_header, write_tracker
from psm_desktop.exchange.tracker.scope import Scope
from psm_desktop.exchange.tracker.snapshot import Snapshot, load_snapshot
from psm_desktop.exchange.tracker.values import name_key
from psm_desktop.gc_pause import collector_paused
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import Services
from psm_desktop.services.campaigns import CampaignInfo, OfficeRow, due_text
from psm_desktop.services.dto import DeadlineInfo

logger = logging.getLogger(__name__)

NO_EMAIL_FILE = "Uffici senza e-mail.txt"
# Empty rows prepared below the data for new deadlines, stakeholders and assignments. A
# campaign records changes to existing values only (new rows are left out, with a warning),
# so the 200 of a tracker exported on its own would be most of each small file's work.
EXTRA_ROWS = 20


@dataclass(frozen=True)
class OfficeFiles:
    office: str
    tracker: Path
    calendar: Path
    draft: Path | None  # None: the office has no e-mail address


@dataclass
class CampaignExport:
    folder: Path
    offices: list[OfficeFiles] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # offices with no action, and why


def campaign_identity(info: CampaignInfo, office: OfficeRow) -> dict[str, str]:
    """What a campaign's tracker carries besides the database's identity."""
    return {
        "campaign_id": str(info.id),
        "campaign": info.name,
        "office_id": str(office.stakeholder_id),
        "office": office.office,
    }


def export_campaign(
    services: Services,
    name: str,
    folder: Path,
    *,
    contact: str = "",
    progress: ProgressCallback = no_progress,
) -> CampaignExport:
    """Write every office's files into `folder`; `progress` may raise Cancelled between."""
    info = services.campaigns.get(name)
    offices = services.campaigns.board(name)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Impossibile creare la cartella {folder}: {exc.strerror or exc}") from exc
    template = mail.load_template()
    plan = services.plan.plan()
    contact = contact.strip() or plan.issuer or "l'ufficio di coordinamento del Piano"
    loading = OuterProgress(progress, 0, len(offices), "Lettura dei dati dal database…")
    loading(0, 0)
    everything = load_snapshot(services, services.actions.id_by_code().values(), progress=loading)
    header = page_header(services, everything)
    by_office = _actions_by_office(everything)
    deadlines: dict[int, list[tuple[int, DeadlineInfo]]] = defaultdict(list)  # by action
    for position, deadline in enumerate(services.deadlines.list_deadlines()):
        deadlines[deadline.action_id].append((position, deadline))
    stems = unique_stems([safe_stem(f"{info.period} - {o.office}") for o in offices])
    result = CampaignExport(folder)
    total = len(offices)
    sent = _SentMarks(services, name)
    try:
        for number, (office, stem) in enumerate(zip(offices, stems, strict=True), 1):
            message = f"Ufficio {number} di {total}: {office.office}"
            progress(number - 1, total, message)
            step = OuterProgress(progress, number - 1, total, message)

            scope = Scope.stakeholder(office.office)
            ids = by_office.get(office.stakeholder_id, set())
            if not ids:
                result.skipped.append(
                    f"{office.office}: nessuna azione da esportare ({scope.label})."
                )
                continue
            mine = everything.subset(ids, office_register(everything, ids, office.stakeholder_id))
            mine_due = [d for _, d in sorted(p for aid in ids for p in deadlines.get(aid, ()))]
            with collector_paused():  # one office at a time: its cycles go between offices
                files = _write_office(
                    folder,
                    stem,
                    info,
                    office,
                    mine,
                    header,
                    scope,
                    step,
                    mine_due,
                    template,
                    contact,
                )
            del mine  # one office's data at a time
            if files.draft is None:
                result.without_email.append(office.office)
            sent.add(office.stakeholder_id, files.tracker.name)
            result.offices.append(files)
    finally:
        # Cancelled or failed: the offices whose files are all written are "inviato".
        sent.flush()
    if result.without_email:
        _write_no_email(folder / NO_EMAIL_FILE, info, result.without_email)
    progress(total, total, "Campagna esportata.")
    return result


# The offices marked "inviato" are committed in groups: one synchronous write to the
# database per office would cost more than writing its files.
SENT_BATCH = 50
SENT_SECONDS = 2.0


class _SentMarks:
    """Offices whose files are written, committed as "inviato" every SENT_BATCH offices or
    SENT_SECONDS, and by `flush` at the end (also when the export is cancelled or fails)."""

    def __init__(self, services: Services, campaign: str) -> None:
        self.services, self.campaign = services, campaign
        self.pending: list[tuple[int, str, dt.datetime]] = []
        self.since = time.monotonic()

    def add(self, stakeholder_id: int, file_name: str) -> None:
        now = dt.datetime.now().replace(microsecond=0)
        self.pending.append((stakeholder_id, file_name, now))
        if len(self.pending) >= SENT_BATCH or time.monotonic() - self.since >= SENT_SECONDS:
            self.flush()

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        self.since = time.monotonic()
        self.services.campaigns.mark_sent_many(self.campaign, pending)


def _write_office(
    folder: Path,
    stem: str,
    info: CampaignInfo,
    office: OfficeRow,
    mine: Snapshot,
    header: PageHeader,
    scope: Scope,
    step: ProgressCallback,
    deadlines: list[DeadlineInfo],
    template: mail.MailTemplate,
    contact: str,
) -> OfficeFiles:
    """The office's tracker, calendar and draft; if one fails (or Cancel stops the tracker),
    none of them is left in the folder."""
    tracker = folder / f"{stem}.xlsx"
    ics = folder / f"{stem}.ics"
    draft_path = folder / f"{stem}.eml" if office.email else None
    written: list[Path] = []
    try:
        write_tracker(
            mine,
            header,
            tracker,
            scope,
            step,
            extra_meta=campaign_identity(info, office),
            extra_rows=EXTRA_ROWS,
        )
        written.append(tracker)
        events = _office_events(mine.plan.database_id, info, deadlines)
        written.append(ics)
        calendar.write_calendar(ics, f"Scadenze PSM — {office.office}", events)
        if draft_path is not None:
            values = mail.campaign_values(info, office.office, contact, tracker.name)
            subject, body = template.fill(values)
            msg = mail.draft(to=office.email, subject=subject, body=body, attachment=tracker)
            written.append(draft_path)
            mail.write_draft(draft_path, msg)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return OfficeFiles(office.office, tracker, ics, draft_path)


def _actions_by_office(snapshot: Snapshot) -> dict[int, set[int]]:
    """Each stakeholder's actions (any role), as the stakeholder scope selects them."""
    found: dict[int, set[int]] = defaultdict(set)
    for record in snapshot.assignments:
        assert record.action_id is not None
        found[record.values["stakeholder_id"]].add(record.action_id)
    return found


def office_register(snapshot: Snapshot, action_ids: set[int], office_id: int) -> set[int]:
    """The stakeholders an office's tracker lists in its Soggetti sheet: the office and those
    named in its actions (assigned, or responsible for a deadline), not the whole register.

    Two thousand rows per office would make every file and every return ten times bigger,
    and would let each office edit every other office's contacts. Names of the rest of the
    register still resolve on return (the merge looks them up in the database).
    """
    people = {office_id}
    people.update(r.values["stakeholder_id"] for r in snapshot.assignments_of(action_ids))
    for deadline in snapshot.deadlines_of(action_ids):
        named = snapshot.stakeholder_by_name.get(name_key(deadline.values["stakeholder"]))
        if named is not None:
            people.add(named.id)
    return people


class OuterProgress:
    """The campaign's progress (office or file N of M) while one of them is worked on:
    the inner steps only give Cancel a chance to stop inside it."""

    def __init__(self, outer: ProgressCallback, done: int, total: int, message: str) -> None:
        self.outer, self.done, self.total, self.message = outer, done, total, message

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.outer(self.done, self.total, self.message)


def _office_events(
    database_id: str, info: CampaignInfo, deadlines: list[DeadlineInfo]
) -> list[calendar.Event]:
    due = calendar.Event(
        uid=f"psm-{database_id}-campagna-{info.id}@psm-desktop",
        day=info.due_date,
        summary=f"Consegna del tracker aggiornato — {info.name}",
        description=f"Periodo {info.period}: restituire il tracker compilato {due_text(info)}.",
    )
    return [due, *calendar.deadline_events(database_id, deadlines)]


def _write_no_email(path: Path, info: CampaignInfo, offices: list[str]) -> None:
    lines = [
        f"Campagna «{info.name}»: uffici senza indirizzo e-mail in anagrafica.",
        "Il loro tracker e il calendario sono nella cartella; manca la bozza dell'e-mail.",
        "",
        *(f"- {o}" for o in offices),
    ]
    try:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"Impossibile scrivere {path}: {exc.strerror or exc}") from exc
