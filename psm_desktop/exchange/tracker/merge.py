"""Three-way merge of a tracker against the database, per field, into an ImportPlan.

base = the value exported (hidden sheet), theirs = the tracker's cell, ours = the database
now. theirs == base: keep ours. ours == base: take theirs. Both changed alike: nothing.
Both changed differently: a conflict, never resolved silently. New rows have an empty
base, so importing the same file twice finds nothing left to do the second time.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from psm_desktop.errors import Problem
from psm_desktop.exchange.tracker.checks import (
    HealthCheck,
    action_row_warnings,
    critical_without_note,
    health_check,
    removed_action_rows,
)
from psm_desktop.exchange.tracker.identity import (
    ActionIdentity,
    action_identity,
    renumbered_warning,
)
from psm_desktop.exchange.tracker.layout import (
    ACTIONS,
    ASSIGNMENTS,
    DEADLINE_EDITABLE,
    DEADLINES,
    INDICATOR_EDITABLE,
    INDICATORS,
    STAKEHOLDER_EDITABLE,
    STAKEHOLDERS,
    TRUNCATION_MARKER,
    Kind,
    SheetSpec,
)
from psm_desktop.exchange.tracker.plan import ChangeItem, ImportPlan, ItemKind
from psm_desktop.exchange.tracker.reading import Row, TrackerContent, TrackerError, all_problems
from psm_desktop.exchange.tracker.safety import TrackerFileError
from psm_desktop.exchange.tracker.scope import Scope
from psm_desktop.exchange.tracker.snapshot import Record, Snapshot, load_snapshot
from psm_desktop.exchange.tracker.values import name_key, norm_name, same
from psm_desktop.formatting import format_date, plural
from psm_desktop.model import Role, StakeholderKind
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.services import Services
from psm_desktop.services.monitoring.indicators import NOTE_MAX
from psm_desktop.services.monitoring.tracker_rows import period_state
from psm_desktop.services.validation import TEXT_LIMITS, check_dates_order, check_length


class Outcome(enum.Enum):
    KEEP = "keep"
    THEIRS = "theirs"
    CONFLICT = "conflict"


def three_way(kind: Kind, base: Any, theirs: Any, ours: Any) -> Outcome:
    if same(kind, theirs, base) or same(kind, theirs, ours):
        return Outcome.KEEP
    if same(kind, ours, base):
        return Outcome.THEIRS
    return Outcome.CONFLICT


ENTITY_LIMITS = {"azione": "action", "scadenza": "deadline", "soggetto": "stakeholder"}
_MARK = TRUNCATION_MARKER.strip()


def whole_text(
    base: str, theirs: str, ours: str, whole: str, place: str, problems: list[Problem]
) -> str | None:
    """The whole text after the office's edit of a text that export had to cut.

    `base` is the cell as exported: the start of the text, then the truncation mark.
    The office's edit of that start replaces it in the database's whole text, and what
    follows the mark is added at the end. None (with a problem) when that cannot be done
    without losing text: the mark was removed or repeated, or the text also changed in
    the database. Nothing is ever shortened because the cell could not hold it all.
    """
    seen = base[: -len(TRUNCATION_MARKER)]
    advice = (
        f"il testo nel database ({len(whole):,} caratteri) era troppo lungo per una cella ed "
        "è stato tagliato all'esportazione"
    ).replace(",", ".")
    if theirs.count(_MARK) != 1:
        problems.append(
            Problem(
                place,
                f"{advice}; nella cella manca il segno «{_MARK}» (o è ripetuto), quindi non si "
                "può sapere come unire la modifica al testo completo senza perderne una parte. "
                "Rimetti il segno dove era, alla fine del testo, oppure modifica questa nota "
                "nell'applicazione.",
            )
        )
        return None
    head, _, added = theirs.partition(_MARK)
    head = head[:-1] if head.endswith(" ") else head
    if added and not added[0].isspace():
        added = "\n" + added
    if ours != base:  # the database changed too: already merged, or a real conflict
        # Already there (imported before)? Not decidable if the office only cut the end.
        not_a_cut = head == seen or head != seen[: len(head)]
        if not_a_cut and whole.startswith(head) and whole.endswith(added):
            return whole
        problems.append(
            Problem(
                place,
                f"{advice} e nel frattempo è cambiato anche nel database: la modifica del "
                "tracker non si può unire senza perdere testo. Modifica questa nota "
                "nell'applicazione.",
            )
        )
        return None
    if not whole.startswith(seen):  # cannot happen: the cell held the start of this text
        problems.append(Problem(place, f"{advice}; modifica questa nota nell'applicazione."))
        return None
    return (head + whole[len(seen) :] + added).strip()


EMPTY_STAKEHOLDER = {
    "name": "",
    "kind": StakeholderKind.OTHER,
    "zone": "",
    "contact_person": "",
    "email": "",
    "phone": "",
    "notes": "",
}
EMPTY_DEADLINE = {"completed_on": None, "stakeholder": "", "notes": ""}

# A stakeholder as rows refer to it: an existing id, or the name of one the import creates.
StakeholderRef = tuple[str, Any]


@dataclass
class _Builder:
    snap: Snapshot
    content: TrackerContent
    scope_codes: set[str]
    identity: ActionIdentity
    items: list[ChangeItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    names: dict[str, StakeholderRef] = field(default_factory=dict)
    services: Services | None = None  # asked for the andamento of edited actions
    code_changes: list[str] = field(default_factory=list)  # of rows with something to import
    renumbered_untouched: int = 0  # rows renumbered since export with nothing to import
    # A campaign's return: a row may name a stakeholder the register does not know (nor the
    # Soggetti sheet): it stands for a new one, proposed with the row. A plain import refuses.
    new_names: bool = False

    def add(self, kind: ItemKind, spec: SheetSpec | None, **kw: Any) -> ChangeItem:
        key = kw.setdefault("field", "")
        column = spec.by_key.get(key) if spec is not None and key else None
        kw.setdefault("field_label", column.header if column else "")
        kw.setdefault("value_kind", column.kind if column else Kind.TEXT)
        item = ChangeItem(number=len(self.items) + 1, kind=kind, **kw)
        if kind is ItemKind.REMOVE:
            item.selected = False  # a removal needs explicit confirmation
        self.items.append(item)
        return item

    def merge_fields(
        self,
        spec: SheetSpec,
        entity: str,
        label: str,
        fields: tuple[str, ...],
        base: dict[str, Any],
        theirs: dict[str, Any],
        ours: Record,
        where: str,
    ) -> None:
        limits = TEXT_LIMITS.get(ENTITY_LIMITS.get(entity, ""), {"note": NOTE_MAX})
        for key in fields:
            if key not in theirs:
                continue
            kind = spec.by_key[key].kind
            b, t, o = base.get(key), theirs[key], ours.values.get(key)
            outcome = three_way(kind, b, t, o)
            if outcome is Outcome.KEEP:
                continue
            place = f"{where}, colonna {spec.by_key[key].header}"
            if kind in (Kind.TEXT, Kind.OPT_TEXT) and str(b).endswith(TRUNCATION_MARKER):
                whole = ours.full.get(key, str(o))
                t = whole_text(str(b), str(t), str(o), whole, place, self.problems)
                if t is None or t == whole:
                    continue
                outcome = Outcome.THEIRS
            if key in limits and not check_length(t or "", place, limits[key], self.problems):
                continue
            self.add(
                ItemKind.UPDATE if outcome is Outcome.THEIRS else ItemKind.CONFLICT,
                spec,
                entity=entity,
                label=label,
                field=key,
                old=o,
                new=t,
                base=b,
                where=where,
                target_id=ours.id,
                version=ours.version,
                action_id=ours.action_id,
            )

    # --- actions ----------------------------------------------------------------------

    def actions(self) -> None:
        base = {b["code"]: b for b in self.content.base["A"]}
        fields = tuple(c.key for c in ACTIONS.editable)
        seen: set[str] = set()
        checks: list[tuple[int, HealthCheck]] = []  # where each warning goes, if any
        for row in self.content.rows["A"]:
            code = row.values.get("code", "")
            seen.add(code)
            where = row.where(ACTIONS)
            if not code:
                self.problems.append(Problem(f"{where}, colonna Codice", "codice mancante"))
                continue
            if code not in base:
                if code in self.snap.action_ids_by_code:
                    message = f"l'azione {code} non faceva parte di questo tracker"
                else:
                    message = f"codice azione '{code}' sconosciuto: non esiste nel piano"
                self.problems.append(Problem(f"{where}, colonna Codice", message))
                continue
            if not self._same_action(row, code, where):
                continue
            ours = self.action_of(code)
            if ours is None:
                self.warnings.append(_deleted_action(row, code, base[code], fields, where))
                continue
            first = len(self.items)
            label = ours.values["code"]
            self.merge_fields(ACTIONS, "azione", label, fields, base[code], row.values, ours, where)
            self._check_dates(ours, self.items[first:], where)
            change = self.identity.change(ours.id, label)
            if change:  # the row's grey Asse and Strategia are the old ones: no edit there
                row.grey = {k: v for k, v in row.grey.items() if k not in MOVED_WITH_CODE}
                self._note_code_change(self.items[first:], change, where)
            self.warnings += action_row_warnings(row, ours, self.items[first:], where)
            check = health_check(ours, self.items[first:], where)
            if check is not None and self.services is not None:
                checks.append((len(self.warnings), check))
        if checks:
            assert self.services is not None
            found = critical_without_note(self.services, [c for _, c in checks])
            # Each warning after its row's others, as if written in the loop.
            for (position, _), warning in reversed(list(zip(checks, found, strict=True))):
                if warning is not None:
                    self.warnings.insert(position, warning)
        existing = {c for c in base if self.action_of(c) is not None}
        self.warnings += removed_action_rows(base, seen, existing)

    def action_of(self, code: str) -> Record | None:
        """The action an exported code named, as the database has it now (None: gone)."""
        action_id = self.identity.action_id(code)
        return None if action_id is None else self.snap.action_by_id.get(action_id)

    def _same_action(self, row: Row, code: str, where: str) -> bool:
        """A row's hidden ID and its code must name the same exported action: a sort of
        some columns only, or a pasted row, would pair them wrongly."""
        row_id = row.values.get("id")
        if row_id is None or not self.identity.with_ids:
            return True  # no ID column (deleted, or an older tracker): the code decides
        exported = self.identity.code_at_export.get(row_id)
        if exported == code:
            return True
        self.problems.append(
            Problem(
                f"{where}, colonna Codice",
                f"il codice {code} non corrisponde all'azione di questa riga "
                + (f"(esportata con il codice {exported})" if exported else f"(ID {row_id})")
                + ": le righe sono state forse ordinate o incollate solo in parte. Rimetti "
                "la riga com'era, oppure ricopia le modifiche in un tracker nuovo.",
            )
        )
        return False

    def _note_code_change(self, items: list[ChangeItem], change: str, where: str) -> None:
        for item in items:
            item.note = f"{item.note}; {change}" if item.note else change
        if items:
            self.code_changes.append(f"{where}: {change}")
        else:
            self.renumbered_untouched += 1

    def _check_dates(self, ours: Record, items: list[ChangeItem], where: str) -> None:
        """The one rule across an action's fields, checked here so that the trial apply can
        skip actions (thousands of them); the service checks it again when applying."""
        changed = {i.field: i.new for i in items if i.field in ("start_date", "end_date")}
        if changed:
            start = changed.get("start_date", ours.values["start_date"])
            end = changed.get("end_date", ours.values["end_date"])
            place = f"{where}, colonna {ACTIONS.by_key['end_date'].header}"
            check_dates_order(start, end, place, self.problems)

    # --- indicators -------------------------------------------------------------------

    def indicators(self) -> None:
        """The open period's values typed in the Indicatori sheet (ids from the base)."""
        period = self.content.meta.get("indicator_period", "")
        if not period or self.services is None:
            return
        base = {b["id"]: b for b in self.content.base["I"]}
        closed = period_state(self.services.db, period)  # None: deleted since export
        for row in self.content.rows["I"]:
            where = row.where(INDICATORS)
            iid = row.values.get("id")
            if iid is None or iid not in base:
                message = (
                    f"ID {iid} sconosciuto in questo tracker"
                    if iid is not None
                    else "manca l'ID: gli indicatori nuovi si aggiungono nell'applicazione"
                )
                self.problems.append(Problem(f"{where}, colonna ID", message))
                continue
            exported = base[iid]
            if all(
                same(INDICATORS.by_key[k].kind, row.values.get(k, exported.get(k)), exported.get(k))
                for k in INDICATOR_EDITABLE
            ):
                continue  # untouched by the office: nothing to import, whatever happened since
            if closed is not False:
                self.problems.append(Problem(where, _period_gone(period, closed)))
                continue
            ours = self.snap.indicator_by_id.get(iid)
            if ours is None:
                self.problems.append(
                    Problem(
                        where,
                        f"l'indicatore (ID {iid}) è stato eliminato dal database dopo "
                        "l'esportazione: il suo valore non si può importare. Togli la modifica "
                        "da questa riga o chiedi al coordinamento di ricreare l'indicatore.",
                    )
                )
                continue
            label = f"{ours.values['owner']} «{_short(ours.values['name'])}»"
            first = len(self.items)
            self.merge_fields(
                INDICATORS,
                "indicatore",
                label,
                INDICATOR_EDITABLE,
                exported,
                row.values,
                ours,
                where,
            )
            new = self.items[first:]
            for item in new:
                item.payload.update(
                    period=period, value=ours.values["value"], note=ours.values["note"]
                )
            value = next((i for i in new if i.field == "value"), None)
            final = value.new if value is not None else ours.values["value"]
            if final is None:  # emptied, or a note for a value never given
                del self.items[first:]
                self.problems.append(
                    Problem(
                        f"{where}, colonna {INDICATORS.by_key['value'].header}",
                        "manca il valore: scrivi un numero oppure n.d. se il dato non è "
                        "disponibile (un valore già registrato non si cancella dal tracker)",
                    )
                )

    # --- stakeholders -----------------------------------------------------------------

    def stakeholders(self) -> None:
        base = {b["id"]: b for b in self.content.base["S"]}
        for record in self.snap.stakeholders:
            self.names[name_key(record.values["name"])] = ("id", record.id)
        seen: set[int] = set()
        for row in self.content.rows["S"]:
            where = row.where(STAKEHOLDERS)
            values = row.values
            name = values.get("name", "")
            if not name:
                self.problems.append(Problem(f"{where}, colonna Nome", "il nome è obbligatorio"))
                continue
            sid = values.get("id")
            if sid is not None:
                seen.add(sid)
                if sid not in base:
                    self.problems.append(
                        Problem(f"{where}, colonna ID", f"ID {sid} sconosciuto in questo tracker")
                    )
                    continue
                self.names[name_key(name)] = ("id", sid)
                self.names.setdefault(name_key(base[sid]["name"]), ("id", sid))
                ours = self.snap.stakeholder_by_id.get(sid)
                if ours is None:
                    self.warnings.append(
                        f"{where}: il soggetto «{name}» è stato eliminato dal database dopo "
                        "l'esportazione; la riga è ignorata."
                    )
                    continue
                self.merge_fields(
                    STAKEHOLDERS,
                    "soggetto",
                    f"«{ours.values['name']}»",
                    STAKEHOLDER_EDITABLE,
                    base[sid],
                    values,
                    ours,
                    where,
                )
                continue
            existing = self.snap.stakeholder_by_name.get(name_key(name))
            if existing is not None:  # already there (created by an earlier import?)
                self.names[name_key(name)] = ("id", existing.id)
                self.merge_fields(
                    STAKEHOLDERS,
                    "soggetto",
                    f"«{existing.values['name']}»",
                    STAKEHOLDER_EDITABLE,
                    EMPTY_STAKEHOLDER,
                    values,
                    existing,
                    where,
                )
                continue
            self.names[name_key(name)] = ("new", name)
            payload = {k: values[k] for k in STAKEHOLDER_EDITABLE if k in values}
            self.add(
                ItemKind.CREATE,
                None,
                entity="soggetto",
                label=f"«{name}»",
                field_label="nuovo soggetto",
                old=None,
                new=_describe_stakeholder(payload),
                where=where,
                payload=payload,
            )
        for sid, exported in base.items():
            if sid not in seen and sid in self.snap.stakeholder_by_id:
                self.warnings.append(
                    f"Soggetti: la riga di «{exported['name']}» è stata tolta dal tracker; "
                    "l'anagrafica non viene modificata (i soggetti si eliminano dall'applicazione)."
                )

    def in_scope(self, code: str, where: str) -> bool:
        """A new deadline or assignment row must name an action of this tracker."""
        if code and code in self.scope_codes:
            return True
        message = (
            f"l'azione '{code}' non fa parte di questo tracker o non esiste"
            if code
            else "codice azione mancante"
        )
        self.problems.append(Problem(f"{where}, colonna Codice azione", message))
        return False

    def resolve(self, name: str, where: str) -> StakeholderRef | None:
        found = self.names.get(name_key(name))
        if found is None and self.new_names and norm_name(name):
            found = self.names[name_key(name)] = ("new", norm_name(name))
        if found is None:
            self.problems.append(
                Problem(
                    where,
                    f"soggetto '{name}' sconosciuto: aggiungilo al foglio Soggetti o correggi "
                    "il nome",
                )
            )
        return found

    # --- deadlines --------------------------------------------------------------------

    def deadlines(self) -> None:
        base = {b["id"]: b for b in self.content.base["D"]}
        seen: set[int] = set()
        for row in self.content.rows["D"]:
            where = row.where(DEADLINES)
            values = dict(row.values)
            name = values.get("stakeholder") or ""
            ref = self.resolve(name, f"{where}, colonna Responsabile") if name else None
            if name and ref is None:
                continue
            did = values.get("id")
            first_new = len(self.items)
            if did is not None:
                seen.add(did)
                self._existing_deadline(row, values, base.get(did), where)
            else:
                self._new_deadline(row, values, where)
            for item in self.items[first_new:]:  # which stakeholder the name stands for
                item.payload["stakeholder_ref"] = ref
        for did, exported in base.items():
            ours = self.snap.deadline_by_id.get(did)
            if did in seen or ours is None:
                continue
            changed = any(
                not same(DEADLINES.by_key[k].kind, exported.get(k), ours.values.get(k))
                for k in DEADLINE_EDITABLE
            )
            self.add(
                ItemKind.REMOVE,
                None,
                entity="scadenza",
                label=f"{ours.values['action_code']} — {ours.values['title']}",
                field_label="eliminazione",
                value_kind=Kind.TEXT,
                old=_describe_deadline(ours.values),
                new=None,
                target_id=did,
                version=ours.version,
                action_id=ours.action_id,
                note="modificata nel database dopo l'esportazione" if changed else "",
            )

    def _existing_deadline(
        self, row: Row, values: dict[str, Any], base: dict[str, Any] | None, where: str
    ) -> None:
        did = values["id"]
        if base is None:
            self.problems.append(
                Problem(f"{where}, colonna ID", f"ID {did} sconosciuto in questo tracker")
            )
            return
        code = values.get("action_code") or base["action_code"]
        if code != base["action_code"]:
            self.problems.append(
                Problem(
                    f"{where}, colonna Codice azione",
                    f"una scadenza non si sposta da {base['action_code']} a {code}: lascia il "
                    "codice originale oppure aggiungi una nuova riga senza ID",
                )
            )
            return
        ours = self.snap.deadline_by_id.get(did)
        if ours is None:
            if any(
                not same(DEADLINES.by_key[k].kind, values.get(k), base.get(k))
                for k in DEADLINE_EDITABLE
                if k in values
            ):
                self.warnings.append(
                    f"{where}: la scadenza «{base['title']}» è stata eliminata dal database "
                    "dopo l'esportazione; le modifiche della riga sono ignorate."
                )
            return
        if not self._deadline_ok(values, where):
            return
        label = f"{ours.values['action_code']} — {ours.values['title']}"
        self.merge_fields(
            DEADLINES, "scadenza", label, DEADLINE_EDITABLE, base, values, ours, where
        )

    def _deadline_ok(self, values: dict[str, Any], where: str) -> bool:
        ok = True
        if not values.get("title"):
            self.problems.append(Problem(f"{where}, colonna Scadenza", "descrizione mancante"))
            ok = False
        if values.get("due_date") is None:
            self.problems.append(Problem(f"{where}, colonna Data prevista", "data mancante"))
            ok = False
        return ok

    def _new_deadline(self, row: Row, values: dict[str, Any], where: str) -> None:
        code = values.get("action_code", "")
        if not self.in_scope(code, where):
            return
        if not self._deadline_ok(values, where):
            return
        ours_action = self.action_of(code)
        if ours_action is None:
            self.warnings.append(f"{where}: l'azione {code} non esiste più nel database.")
            return
        current = ours_action.values["code"]
        for record in self.snap.deadlines:  # the same deadline, added by an earlier import?
            v = record.values
            if (
                record.action_id == ours_action.id
                and v["due_date"] == values["due_date"]
                and v["title"].casefold() == values["title"].casefold()
            ):
                base = {**EMPTY_DEADLINE, "title": v["title"], "due_date": v["due_date"]}
                self.merge_fields(
                    DEADLINES,
                    "scadenza",
                    f"{current} — {v['title']}",
                    DEADLINE_EDITABLE,
                    base,
                    values,
                    record,
                    where,
                )
                return
        payload = {k: values.get(k) for k in DEADLINE_EDITABLE}
        self.add(
            ItemKind.CREATE,
            None,
            entity="scadenza",
            label=current,
            field_label="nuova scadenza",
            old=None,
            new=_describe_deadline(values),
            where=where,
            action_id=ours_action.id,
            payload=payload,
        )

    # --- assignments ------------------------------------------------------------------

    def assignments(self) -> None:
        base = {
            (self.identity.action_id(b["action_code"]), b["stakeholder_id"]): b
            for b in self.content.base["G"]
        }
        seen: set[tuple[int | None, Any]] = set()
        role_kind = ASSIGNMENTS.by_key["role"].kind
        for row in self.content.rows["G"]:
            where = row.where(ASSIGNMENTS)
            code = row.values.get("action_code", "")
            name = row.values.get("stakeholder", "")
            role = row.values.get("role") or Role.INVOLVED
            if not self.in_scope(code, where):
                continue
            if not name:
                self.problems.append(Problem(f"{where}, colonna Soggetto", "soggetto mancante"))
                continue
            ref = self.resolve(name, f"{where}, colonna Soggetto")
            if ref is None:
                continue
            action = self.action_of(code)
            if action is None:
                continue
            label = f"{action.values['code']} — {name}"
            if ref[0] == "new":
                self._create_assignment(action, ref, role, label, where)
                continue
            key = (action.id, ref[1])
            seen.add(key)
            ours = self.snap.assignment_by_key.get(key)
            b = base.get(key)
            base_role = b["role"] if b else None
            ours_role = ours.values["role"] if ours else None
            outcome = three_way(role_kind, base_role, role, ours_role)
            if outcome is Outcome.KEEP:
                continue
            if outcome is Outcome.THEIRS and ours is None:
                self._create_assignment(action, ref, role, label, where)
                continue
            self.add(
                ItemKind.UPDATE if outcome is Outcome.THEIRS else ItemKind.CONFLICT,
                ASSIGNMENTS,
                entity="assegnazione",
                label=label,
                field="role",
                old=ours_role,
                new=role,
                base=base_role,
                where=where,
                target_id=ours.id if ours else None,
                version=ours.version if ours else None,
                action_id=action.id,
                payload={"stakeholder": ref},
            )
        for exported, record in base.items():
            ours = self.snap.assignment_by_key.get(exported)
            if exported in seen or ours is None:
                continue
            self.add(
                ItemKind.REMOVE,
                None,
                entity="assegnazione",
                label=f"{ours.values['action_code']} — {ours.values['stakeholder']}",
                field_label="rimozione",
                value_kind=Kind.ENUM,
                old=ours.values["role"],
                new=None,
                target_id=ours.id,
                version=ours.version,
                action_id=ours.action_id,
                note=""
                if ours.values["role"] == record["role"]
                else "ruolo cambiato nel database dopo l'esportazione",
            )

    def _create_assignment(
        self, action: Record, ref: StakeholderRef, role: Role, label: str, where: str
    ) -> None:
        self.add(
            ItemKind.CREATE,
            None,
            entity="assegnazione",
            label=label,
            field_label="nuova assegnazione",
            value_kind=Kind.ENUM,
            old=None,
            new=role,
            where=where,
            action_id=action.id,
            payload={"stakeholder": ref, "role": role},
        )


# Grey columns that follow the code: a renumbered action shows its old axis and strategy.
MOVED_WITH_CODE = ("axis", "strategy")


def _deleted_action(
    row: Row, code: str, base: dict[str, Any], fields: tuple[str, ...], where: str
) -> str:
    edited = any(
        not same(ACTIONS.by_key[k].kind, row.values[k], base.get(k))
        for k in fields
        if k in row.values
    )
    what = "le modifiche della riga sono ignorate" if edited else "la riga è ignorata"
    return (
        f"{where}: l'azione {code} (codice all'esportazione) è stata eliminata dal database "
        f"dopo l'esportazione: {what}."
    )


def _period_gone(period: str, closed: bool | None) -> str:
    if closed is None:
        return (
            f"il periodo di monitoraggio «{period}» di questo tracker non esiste più nel "
            "database: i valori degli indicatori non si possono importare."
        )
    return (
        f"il periodo di monitoraggio «{period}» è stato chiuso dopo l'esportazione: i suoi "
        "valori sono congelati e il tracker non è stato importato. Togli le modifiche dal "
        "foglio Indicatori, oppure chiedi al coordinamento di riaprire il periodo (dicendo il "
        "motivo) e importa di nuovo."
    )


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _describe_stakeholder(values: dict[str, Any]) -> str:
    kind = values.get("kind")
    parts = [values.get("name", ""), kind.label if kind else "", values.get("zone") or ""]
    return ", ".join(p for p in parts if p)


def _describe_deadline(values: dict[str, Any]) -> str:
    text = f"{values.get('title', '')} entro il {format_date(values.get('due_date'))}"
    if values.get("completed_on"):
        text += f", completata il {format_date(values['completed_on'])}"
    if values.get("stakeholder"):
        text += f", responsabile {values['stakeholder']}"
    return text


def build_plan(services: Services, content: TrackerContent) -> ImportPlan:
    """Compare a tracker with the database and list what importing it would change."""
    plan, problems = plan_with_problems(services, content)
    problems = all_problems(content.problems, problems)
    if problems:
        raise TrackerError(problems, content.file_name)
    return plan


def plan_with_problems(
    services: Services,
    content: TrackerContent,
    progress: ProgressCallback = no_progress,
    *,
    everything: Snapshot | None = None,
    new_names: bool = False,
) -> tuple[ImportPlan, list[Problem]]:
    """The plan of the rows that merged, and the problems of those that did not.

    `everything`: the database's data already loaded (a campaign's returns, many files
    against one unchanged plan); the file's part is cut from it instead of read again.
    `new_names`: a stakeholder's name unknown to the register and to the Soggetti sheet is
    a new stakeholder (a campaign's proposal), not a problem of the row.
    """
    plan_info = services.plan.plan()
    if content.plan_code != plan_info.code:
        raise TrackerFileError(
            f"Il tracker {content.file_name} riguarda il piano {content.plan_code or '?'}, "
            f"ma il database contiene il piano {plan_info.code}: non è stato importato."
        )
    if not plan_info.database_id or content.meta.get("database_id") != plan_info.database_id:
        # The rows are matched by ids, which mean something only in the database that
        # issued them: applied here, an edit would land on whatever row shares its number.
        raise TrackerFileError(
            f"Il tracker {content.file_name} è stato esportato da un altro database di PSM "
            "Desktop, non da questo né da una sua copia: non è stato importato, perché le sue "
            "righe si riferiscono a scadenze e soggetti di quel database. Importalo nel "
            "database da cui è stato esportato, oppure esporta da qui un nuovo tracker e fallo "
            "compilare."
        )
    scope_codes = {b["code"] for b in content.base["A"]}
    identity = action_identity(services, content)
    wanted = sorted(set(identity.by_code.values()))
    if everything is not None:
        snap = everything.subset(wanted)
    else:
        snap = load_snapshot(services, wanted, progress=progress)
    builder = _Builder(snap, content, scope_codes, identity, services=services, new_names=new_names)
    phases = (
        builder.actions,
        builder.stakeholders,
        builder.deadlines,
        builder.assignments,
        builder.indicators,
    )
    for done, phase in enumerate(phases):
        progress(done, len(phases), "Confronto con il database…")  # Cancel is heard here
        phase()
    exported = content.exported_at
    scope = Scope.decode(content.meta.get("scope", ""))
    plan = ImportPlan(
        file_name=content.file_name,
        plan_code=content.plan_code,
        scope_label=content.meta.get("scope_label") or scope.label,
        exported_at=exported.strftime("%d/%m/%Y %H:%M") if exported else "?",
        items=builder.items,
        warnings=[*content.warnings, *renumbered_warning(identity), *builder.warnings],
        code_changes=builder.code_changes,
    )
    untouched = builder.renumbered_untouched
    if untouched:
        words = ("altra azione", "altre azioni") if plan.code_changes else ("azione", "azioni")
        plan.code_changes.append(
            f"{plural(untouched, *words)} del tracker, senza modifiche da importare, "
            f"{'ha' if untouched == 1 else 'hanno'} cambiato codice."
        )
    return plan, builder.problems
