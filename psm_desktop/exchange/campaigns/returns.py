"""Returned trackers of a campaign: checked, merged three ways, recorded as proposals.

Nothing of the plan changes here: each office's per-field changes, and the deadlines and
assignments it added or deleted (the tracker merge's items), are stored as proposals for
the coordinator to accept or reject. A row naming a stakeholder the register does not know
carries the new stakeholder in its proposal (its kind and contacts from the Soggetti sheet's
row, if the office added one): accepting the row creates it. As nothing changes, the plan is
read from the database once per import, not once per file. A file from another database or
campaign, one already imported, one whose office is not in the campaign, or a damaged one is
refused with its reason; the other files are still recorded.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psm_desktop.errors import UserError
from psm_desktop.exchange.campaigns.export import OuterProgress
from psm_desktop.exchange.tracker.merge import plan_with_problems
from psm_desktop.exchange.tracker.plan import ChangeItem, ItemKind
from psm_desktop.exchange.tracker.reading import TrackerContent, TrackerError, read_tracker
from psm_desktop.exchange.tracker.snapshot import Snapshot, load_snapshot
from psm_desktop.exchange.tracker.values import display, name_key, norm_name
from psm_desktop.gc_pause import collector_paused
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import Services
from psm_desktop.services.campaigns import CampaignInfo, Proposal, ReturnResult
from psm_desktop.services.campaigns.dto import (
    NEW,
    NEW_STAKEHOLDER,
    NEW_STAKEHOLDER_FIELDS,
    RECORD_LABELS,
    REMOVED,
    new_stakeholder,
)

logger = logging.getLogger(__name__)

TRACKER_SUFFIX = ".xlsx"


@dataclass
class ReturnsReport:
    recorded: list[ReturnResult] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # file name, why
    warnings: list[str] = field(default_factory=list)


def tracker_files(paths: Iterable[Path]) -> list[Path]:
    """The files given, with a folder standing for the .xlsx files in it (not hidden ones)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix.lower() == TRACKER_SUFFIX
                    and not p.name.startswith((".", "~$"))
                    and p.is_file()
                )
            )
        else:
            found.append(path)
    return found


def import_returns(
    services: Services,
    name: str,
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    progress: ProgressCallback = no_progress,
) -> ReturnsReport:
    info = services.campaigns.get(name)
    files = tracker_files(paths)
    if not files:
        raise UserError("Nessun file .xlsx da importare tra quelli indicati.")
    report = ReturnsReport()
    shared = _Shared(services)
    for number, path in enumerate(files, 1):
        message = f"File {number} di {len(files)}: {path.name}"
        progress(number - 1, len(files), message)
        step = OuterProgress(progress, number - 1, len(files), message)
        try:
            with collector_paused():  # one file at a time: its cycles go between files
                one = _import_one(shared, info, path, report, step, dry_run=dry_run)
            report.recorded.append(one)
        except UserError as exc:
            logger.info("Campagna %s: %s rifiutato: %s", info.name, path, exc.message)
            report.refused.append((path.name, exc.message))
    progress(len(files), len(files), "Importazione conclusa.")
    return report


class _Shared:
    """What every file of one import is compared with, read from the database once.

    Recording proposals changes no plan data, so the plan loaded for the first file that
    gets as far as the merge is still the database's for the last one.
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.zones = [z.name for z in services.plan.zones()]
        self.axes = [a.number for a in services.plan.axes()]
        self.database_id = services.plan.plan().database_id
        self._everything: Snapshot | None = None

    def everything(self, progress: ProgressCallback) -> Snapshot:
        """The plan's data, loaded by the first call (`progress` may cancel it)."""
        if self._everything is None:
            ids = self.services.actions.id_by_code().values()
            self._everything = load_snapshot(self.services, ids, progress=progress)
        return self._everything


def _import_one(
    shared: _Shared,
    info: CampaignInfo,
    path: Path,
    report: ReturnsReport,
    progress: ProgressCallback,
    *,
    dry_run: bool,
) -> ReturnResult:
    services = shared.services
    if not path.is_file():
        raise UserError(f"{path.name}: il file non esiste.")
    content = read_tracker(path, zones=shared.zones, axes=shared.axes, progress=progress)
    office_id = _check_identity(shared.database_id, info, content)
    digest = _digest(path)
    # Checked before the merge: "già importato" and "not in the campaign" cost no merge.
    services.campaigns.check_return(info.name, office_id, digest, path.name)
    everything = shared.everything(progress)
    plan, problems = plan_with_problems(
        services, content, progress, everything=everything, new_names=True
    )
    if problems:
        raise TrackerError(problems, path.name)
    proposals, unused = _proposals(plan.items)
    if unused:
        names = ", ".join(f"«{n}»" for n in unused)
        one = len(unused) == 1
        report.warnings.append(
            f"{path.name}, foglio Soggetti: {'il nuovo soggetto' if one else 'i nuovi soggetti'} "
            f"{names} non {'è usato' if one else 'sono usati'} da nessuna scadenza o "
            f"assegnazione: non {'è registrato' if one else 'sono registrati'} come proposta "
            "(un soggetto si aggiunge all'anagrafica con la riga che lo nomina)."
        )
    report.warnings.extend(f"{path.name}: {w}" for w in (*plan.code_changes, *plan.warnings))
    return services.campaigns.record_return(
        info.name, office_id, path.name, digest, proposals, dry_run=dry_run
    )


def _check_identity(database_id: str, info: CampaignInfo, content: TrackerContent) -> int:
    """The office id the file was made for; UserError if it is not this campaign's."""
    name = content.file_name
    if content.meta.get("database_id") != database_id:
        raise UserError(
            f"{name}: il file è stato esportato da un altro database di PSM Desktop, non da "
            "questo: non è stato importato."
        )
    campaign_id = content.meta.get("campaign_id", "")
    if not campaign_id:
        raise UserError(
            f"{name}: non è il tracker di una campagna (è un tracker esportato a parte): "
            "importalo con «Importa tracker» (psm-desktop import-tracker)."
        )
    if campaign_id != str(info.id):
        other = content.meta.get("campaign") or f"n. {campaign_id}"
        raise UserError(
            f"{name}: il file appartiene alla campagna «{other}», non a «{info.name}»: "
            "non è stato importato."
        )
    try:
        return int(content.meta.get("office_id", ""))
    except ValueError:
        raise UserError(f"{name}: il file non dice a quale ufficio era destinato.") from None


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _proposals(items: list[ChangeItem]) -> tuple[list[Proposal], list[str]]:
    """The merge's items as proposals, and the new stakeholders of the Soggetti sheet that
    no row names (a new stakeholder travels with the rows that name it)."""
    people = {
        name_key(i.payload.get("name", "")): i.payload
        for i in items
        if i.entity == "soggetto" and i.kind is ItemKind.CREATE
    }
    named: set[str] = set()
    proposals = []
    for item in items:
        if item.entity == "soggetto" and item.kind is ItemKind.CREATE:
            continue
        record = item.kind in RECORD_KINDS
        found = _record_proposal(item, people) if record else _field_proposal(item, people)
        if found is not None:
            proposals.append(found)
            spec = new_stakeholder(found.proposed)
            if spec is not None:
                named.add(name_key(spec["name"]))
    unused = [norm_name(p.get("name", "")) for k, p in people.items() if k not in named]
    return proposals, unused


RECORD_KINDS = (ItemKind.CREATE, ItemKind.REMOVE)


def _newcomer(ref: Any, people: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The new stakeholder a row names (`ref` ("new", name)): its name, and its kind and
    contacts from the Soggetti sheet's row when the office added one; None for an id."""
    if ref is None or ref[0] == "id":
        return None
    name = norm_name(str(ref[1]))
    row = people.get(name_key(name), {})
    spec = {k: v for k, v in row.items() if k in NEW_STAKEHOLDER_FIELDS and v not in (None, "")}
    return {**spec, "name": name}


def _shown_newcomer(text: str, spec: dict[str, Any] | None) -> str:
    if spec is None:
        return text
    what = f"nuovo soggetto «{spec['name']}», sarà aggiunto all'anagrafica"
    return f"{text} — {what}" if text else what


def _field_proposal(item: ChangeItem, people: dict[str, dict[str, Any]]) -> Proposal | None:
    """A changed field of an existing record."""
    if item.kind not in (ItemKind.UPDATE, ItemKind.CONFLICT) or item.target_id is None:
        return None
    field, new = item.field, item.new
    shown_new: str | None = None
    if item.entity == "scadenza" and field == "stakeholder":
        ref = item.payload.get("stakeholder_ref") if item.new else None
        spec = _newcomer(ref, people)
        field = "stakeholder_id"
        if spec is not None:
            new = {NEW_STAKEHOLDER: spec}
            shown_new = _shown_newcomer("", spec)
        else:
            new = int(ref[1]) if ref else None
    base = item.base if item.kind is ItemKind.CONFLICT else item.old
    shown = display(item.value_kind, base)
    return _proposal(item, item.target_id, field, item.field_label, base, new, shown, shown_new)


def _record_proposal(item: ChangeItem, people: dict[str, dict[str, Any]]) -> Proposal | None:
    """A deadline or assignment the office added (its values) or deleted (its id)."""
    if item.entity not in ("scadenza", "assegnazione") or item.action_id is None:
        return None
    if item.kind is ItemKind.REMOVE:
        label = RECORD_LABELS[(item.entity, REMOVED)]
        return _proposal(
            item, item.target_id, REMOVED, label, None, None, item.old_text, "(da togliere)"
        )
    if item.entity == "scadenza":
        ref = item.payload.get("stakeholder_ref") if item.payload.get("stakeholder") else None
        values = {k: item.payload.get(k) for k in ("title", "due_date", "completed_on")}
        values["notes"] = item.payload.get("notes") or ""
    else:
        ref = item.payload.get("stakeholder")
        values = {"role": item.payload.get("role")}
    spec = _newcomer(ref, people)
    values["stakeholder_id"] = int(ref[1]) if ref and spec is None else None
    if spec is not None:
        values[NEW_STAKEHOLDER] = spec
    label = RECORD_LABELS[(item.entity, NEW)]
    shown = _shown_newcomer(item.new_text, spec)
    return _proposal(item, None, NEW, label, None, values, "", shown)


def _proposal(
    item: ChangeItem,
    target_id: int | None,
    field: str,
    field_label: str,
    base: Any,
    proposed: Any,
    shown_base: str,
    shown_proposed: str | None = None,
) -> Proposal:
    return Proposal(
        item.entity,
        target_id,
        item.action_id,
        item.label,
        field,
        field_label,
        base,
        proposed,
        shown_base,
        item.new_text if shown_proposed is None else shown_proposed,
    )
