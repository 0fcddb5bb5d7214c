"""Update campaigns: per-office trackers, drafts and calendars out; proposals back in, reviewed.

The plan is the tracker tests' one (trackerkit.give_state): Comune di Pinerolo leads 1.1.1,
Comune di Ivrea is partner in 1.1.1 and involved in 1.1.2; 1.1.1 has a deadline on
30/06/2025 and 1.1.2 one on 15/01/2030. Returned files are edited with openpyxl, as an
office's Excel would save them.
"""

from __future__ import annotations

import datetime as dt
import email
import shutil
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import trackerkit
from icalendar import Calendar
from trackerkit import edit, services_of, set_cell

from psm_desktop.errors import UserError
from psm_desktop.exchange.campaigns.export import NO_EMAIL_FILE, CampaignExport, export_campaign
from psm_desktop.exchange.campaigns.names import safe_stem, unique_stems
from psm_desktop.exchange.campaigns.returns import import_returns
from psm_desktop.exchange.tracker.layout import BASE_SHEET
from psm_desktop.model import PeriodKind, Role
from psm_desktop.progress import Cancelled
from psm_desktop.services import Services

state_db = trackerkit.state_db_fixture

DUE = dt.date(2025, 7, 31)
PINEROLO, IVREA = "Comune di Pinerolo", "Comune di Ivrea"


@pytest.fixture
def services(state_db: Path) -> Any:
    db, svc = services_of(state_db)
    svc.periods.add("2025-S1", dt.date(2025, 6, 30), PeriodKind.SEMESTER)
    pinerolo = svc.stakeholders.find_by_name(PINEROLO)
    svc.stakeholders.update(pinerolo.id, None, {"email": "pianificazione@comune.pinerolo.to.it"})
    yield svc
    db.close()


@pytest.fixture
def exported(services: Services, tmp_path: Path) -> CampaignExport:
    services.campaigns.create("Primavera", DUE, grace_days=5, instructions="Grazie!")
    return export_campaign(services, "Primavera", tmp_path / "uscita", contact="Ufficio Piano")


def _meta(path: Path) -> dict[str, str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {r[1]: r[2] for r in wb[BASE_SHEET].iter_rows(values_only=True) if r[0] == "meta"}
    finally:
        wb.close()


def _set_meta(path: Path, key: str, value: str) -> Path:
    wb = openpyxl.load_workbook(path)
    for row in wb[BASE_SHEET].iter_rows():
        if row[0].value == "meta" and row[1].value == key:
            row[2].value = value
    wb.save(path)
    return path


def _codes(path: Path) -> set[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = wb["Azioni"].iter_rows(min_row=2, max_col=1, values_only=True)
        return {r[0] for r in rows if r[0]}
    finally:
        wb.close()


def _file(result: CampaignExport, office: str) -> Path:
    return next(o.tracker for o in result.offices if o.office == office)


def _returned(result: CampaignExport, office: str, target: Path, **cells: Any) -> Path:
    """The office's tracker as it comes back: cells {'1.1.1/Stato': 'completata'} changed."""

    def change(wb: Any) -> None:
        for key, value in cells.items():
            code, header = key.split("/")
            set_cell(wb, "Azioni", "Codice", code, header, value)

    target.parent.mkdir(parents=True, exist_ok=True)
    return edit(_file(result, office), target, change)


# --- campaign and scope ---------------------------------------------------------------------


def test_default_offices_are_the_leads_and_partners(services: Services) -> None:
    susa = services.stakeholders.create("Comune di Susa", "comune")
    services.assignments.assign(services.actions.get_by_code("1.1.3").id, susa.id, Role.INVOLVED)
    info = services.campaigns.create("Primavera", DUE)
    assert info.period == "2025-S1" and info.offices == 2
    assert {r.office for r in services.campaigns.board("Primavera")} == {PINEROLO, IVREA}
    chosen = services.campaigns.create("Solo Susa", DUE, stakeholders=["comune di susa"])
    assert chosen.offices == 1
    with pytest.raises(UserError, match="Esiste già una campagna"):
        services.campaigns.create("Primavera", DUE)
    with pytest.raises(UserError, match="non esiste nell'anagrafica"):
        services.campaigns.create("Altra", DUE, stakeholders=["Comune inventato"])
    assert [c.name for c in services.campaigns.list_campaigns()] == ["Primavera", "Solo Susa"]


def test_an_office_never_receives_another_offices_actions(
    services: Services, exported: CampaignExport
) -> None:
    assert _codes(_file(exported, PINEROLO)) == {"1.1.1"}
    assert _codes(_file(exported, IVREA)) == {"1.1.1", "1.1.2"}
    info = services.campaigns.get("Primavera")
    for office in (PINEROLO, IVREA):
        meta = _meta(_file(exported, office))
        sid = services.stakeholders.find_by_name(office).id
        assert meta["campaign_id"] == str(info.id) and meta["office_id"] == str(sid)
        assert meta["database_id"] == services.plan.plan().database_id
    wb = openpyxl.load_workbook(_file(exported, PINEROLO))
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["PSM campaign_id"] == str(info.id)
    assert props["PSM database_id"] == services.plan.plan().database_id


def test_readable_windows_safe_file_names(exported: CampaignExport) -> None:
    names = sorted(p.name for p in exported.folder.iterdir())
    assert names == [
        "2025-S1 - Comune di Ivrea.ics",
        "2025-S1 - Comune di Ivrea.xlsx",
        "2025-S1 - Comune di Pinerolo.eml",
        "2025-S1 - Comune di Pinerolo.ics",
        "2025-S1 - Comune di Pinerolo.xlsx",
        NO_EMAIL_FILE,
    ]
    assert safe_stem('2025/S1: "Unione" <Val> di Susa?. ') == "2025-S1- -Unione- -Val- di Susa-"
    assert safe_stem("CON") == "_CON" and safe_stem("\x00") == "-"
    assert unique_stems(["A", "a", "B"]) == ["A", "a (2)", "B"]


def test_cancel_stops_the_export(services: Services, tmp_path: Path) -> None:
    services.campaigns.create("Primavera", DUE)

    def cancel(done: int, total: int, message: str = "") -> None:
        if done >= 1:
            raise Cancelled

    with pytest.raises(Cancelled):
        export_campaign(services, "Primavera", tmp_path / "uscita", progress=cancel)
    assert len(list((tmp_path / "uscita").glob("*.xlsx"))) == 1


def _files_and_board(services: Services, folder: Path) -> tuple[set[str], dict[str, str]]:
    files = {p.name for p in folder.iterdir()}
    board = {r.office: r.state for r in services.campaigns.board("Primavera", today=DUE)}
    return files, board


@pytest.mark.parametrize("inside", [False, True], ids=["between offices", "inside a tracker"])
def test_cancel_midway_leaves_the_board_matching_the_files(
    services: Services, tmp_path: Path, inside: bool
) -> None:
    """Offices whose files are all written are "inviato"; the one being written when Cancel
    came has no file at all (no temporary file either) and stays "da inviare"."""
    services.campaigns.create("Primavera", DUE)
    calls: list[str] = []

    def cancel(done: int, total: int, message: str = "") -> None:
        calls.append(message)
        second = [m for m in calls if m.startswith("Ufficio 2 ")]
        if len(second) > (1 if inside else 0):  # the first call starts the office
            raise Cancelled

    folder = tmp_path / "uscita"
    with pytest.raises(Cancelled):
        export_campaign(services, "Primavera", folder, progress=cancel)
    files, board = _files_and_board(services, folder)
    assert files == {"2025-S1 - Comune di Ivrea.xlsx", "2025-S1 - Comune di Ivrea.ics"}
    assert board == {IVREA: "inviato", PINEROLO: "da inviare"}
    row = next(r for r in services.campaigns.board("Primavera") if r.office == IVREA)
    assert row.file_name == "2025-S1 - Comune di Ivrea.xlsx" and row.sent_at is not None


def test_a_failed_office_leaves_none_of_its_files(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft of the second office cannot be written: its tracker and calendar go too,
    the first office stays written and "inviato"."""
    from psm_desktop.exchange.campaigns import mail

    services.campaigns.create("Primavera", DUE)

    def broken(path: Path, msg: Any) -> None:
        path.write_bytes(b"half")
        raise UserError(f"Impossibile scrivere la bozza {path}: disco pieno")

    monkeypatch.setattr(mail, "write_draft", broken)
    folder = tmp_path / "uscita"
    with pytest.raises(UserError):
        export_campaign(services, "Primavera", folder)
    files, board = _files_and_board(services, folder)
    assert files == {"2025-S1 - Comune di Ivrea.xlsx", "2025-S1 - Comune di Ivrea.ics"}
    assert board == {IVREA: "inviato", PINEROLO: "da inviare"}


def test_sent_marks_are_committed_in_groups(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psm_desktop.services.campaigns.service import CampaignService

    services.campaigns.create("Primavera", DUE)
    batches: list[int] = []
    original = CampaignService.mark_sent_many

    def counted(self: CampaignService, name: str, sent: Any) -> None:
        batches.append(len(sent))
        original(self, name, sent)

    monkeypatch.setattr(CampaignService, "mark_sent_many", counted)
    export_campaign(services, "Primavera", tmp_path / "uscita")
    assert batches == [2]  # both offices in one transaction
    assert {r.state for r in services.campaigns.board("Primavera", DUE)} == {"inviato"}


# --- e-mail drafts and calendars ------------------------------------------------------------


def test_the_draft_opens_addressed_with_the_tracker_attached(exported: CampaignExport) -> None:
    office = next(o for o in exported.offices if o.office == PINEROLO)
    assert office.draft is not None
    msg = email.message_from_bytes(office.draft.read_bytes(), policy=default_policy)
    assert msg["To"] == "pianificazione@comune.pinerolo.to.it"
    assert msg["X-Unsent"] == "1"
    assert "2025-S1" in msg["Subject"] and "31/07/2025" in msg["Subject"]
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert "Gentile Comune di Pinerolo" in body and "Ufficio Piano" in body
    assert "tolleranza 5 giorni" in body and "Grazie!" in body and "$" not in body
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == office.tracker.name
    assert attachment.get_content() == office.tracker.read_bytes()
    # Ivrea has no e-mail: no draft, and the list says so.
    assert exported.without_email == [IVREA]
    assert IVREA in (exported.folder / NO_EMAIL_FILE).read_text(encoding="utf-8")


def test_each_calendar_holds_the_offices_deadlines_and_the_due_date(
    exported: CampaignExport,
) -> None:
    def events(office: str) -> dict[str, dt.date]:
        ics = next(o.calendar for o in exported.offices if o.office == office)
        cal = Calendar.from_ical(ics.read_bytes())
        assert cal["VERSION"] == "2.0" and cal["PRODID"]
        found = {}
        for ev in cal.walk("VEVENT"):
            assert ev["UID"] and ev["DTSTAMP"]
            found[str(ev["SUMMARY"])] = ev.decoded("DTSTART")
        return found

    due = "Consegna del tracker aggiornato — Primavera"
    assert events(PINEROLO) == {
        due: DUE,
        "Scadenza: Progetto esecutivo (azione 1.1.1)": dt.date(2025, 6, 30),
    }
    assert events(IVREA) == {
        due: DUE,
        "Scadenza: Progetto esecutivo (azione 1.1.1)": dt.date(2025, 6, 30),
        "Scadenza: Avvio gara (azione 1.1.2)": dt.date(2030, 1, 15),
    }


def test_reminders_go_to_the_late_offices_only(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    from psm_desktop.exchange.campaigns.reminders import write_reminders

    with pytest.raises(UserError, match="Nessun ufficio in ritardo"):
        write_reminders(services, "Primavera", exported.folder, today=DUE)
    path = _returned(exported, IVREA, tmp_path / "i.xlsx", **{"1.1.2/Note": "Gara pubblicata"})
    import_returns(services, "Primavera", [path])
    late = DUE + dt.timedelta(days=6)
    services.stakeholders.update(
        services.stakeholders.find_by_name(IVREA).id, None, {"email": "ivrea@example.org"}
    )
    result = write_reminders(services, "Primavera", exported.folder, today=late)
    (draft,) = result.drafts
    assert draft.name == "Sollecito - 2025-S1 - Comune di Pinerolo.eml"
    msg = email.message_from_bytes(draft.read_bytes(), policy=default_policy)
    assert msg["To"] == "pianificazione@comune.pinerolo.to.it"
    assert msg["Subject"].startswith("Sollecito")
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content() == _file(exported, PINEROLO).read_bytes()


# --- returns ---------------------------------------------------------------------------------


def test_a_mixed_folder_records_the_good_files_and_lists_every_bad_one(
    services: Services, exported: CampaignExport, state_db: Path, tmp_path: Path
) -> None:
    back = tmp_path / "rientri"
    _returned(exported, PINEROLO, back / "pinerolo.xlsx", **{"1.1.1/Avanzamento %": 60})
    _returned(exported, IVREA, back / "ivrea.xlsx", **{"1.1.2/Note": "Gara pubblicata"})
    foreign = _returned(exported, IVREA, back / "straniero.xlsx")
    _set_meta(foreign, "database_id", "un-altro-database")
    services.campaigns.create("Autunno", dt.date(2025, 12, 31), stakeholders=[PINEROLO])
    other = export_campaign(services, "Autunno", tmp_path / "autunno")
    shutil.copyfile(_file(other, PINEROLO), back / "autunno.xlsx")
    trackerkit.export(state_db, back / "sciolto.xlsx")  # a tracker outside any campaign
    (back / "rotto.xlsx").write_bytes(b"non sono un file Excel")

    report = import_returns(services, "Primavera", [back])

    assert sorted((r.office, r.recorded) for r in report.recorded) == [(IVREA, 1), (PINEROLO, 1)]
    refused = dict(report.refused)
    assert set(refused) == {"straniero.xlsx", "autunno.xlsx", "sciolto.xlsx", "rotto.xlsx"}
    assert "altro database" in refused["straniero.xlsx"]
    assert "campagna «Autunno», non a «Primavera»" in refused["autunno.xlsx"]
    assert "non è il tracker di una campagna" in refused["sciolto.xlsx"]
    # Nothing is applied before review.
    assert services.actions.get_by_code("1.1.1").progress == 40
    assert services.actions.get_by_code("1.1.2").notes == ""
    states = {
        r.office: (r.state, r.returned_file, r.proposed)
        for r in services.campaigns.board("Primavera")
    }
    assert states == {
        PINEROLO: ("rientrato", "pinerolo.xlsx", 1),
        IVREA: ("rientrato", "ivrea.xlsx", 1),
    }

    again = import_returns(services, "Primavera", [back / "pinerolo.xlsx"])
    assert not again.recorded
    assert "già importato" in again.refused[0][1]


def test_dry_run_records_nothing(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    path = _returned(exported, PINEROLO, tmp_path / "p.xlsx", **{"1.1.1/Avanzamento %": 60})
    report = import_returns(services, "Primavera", [path], dry_run=True)
    assert report.recorded[0].recorded == 1 and report.recorded[0].dry_run
    assert services.campaigns.changes("Primavera") == []
    assert {r.state for r in services.campaigns.board("Primavera", today=DUE)} == {"inviato"}


def test_a_file_whose_office_is_not_in_the_campaign_says_so(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    services.campaigns.create("Solo Ivrea", DUE, stakeholders=[IVREA])
    solo = export_campaign(services, "Solo Ivrea", tmp_path / "solo")
    forged = shutil.copyfile(_file(solo, IVREA), tmp_path / "p.xlsx")
    _set_meta(forged, "office_id", str(services.stakeholders.find_by_name(PINEROLO).id))
    report = import_returns(services, "Solo Ivrea", [forged])
    assert "«Comune di Pinerolo» non fa parte della campagna «Solo Ivrea»" in report.refused[0][1]


# --- review ----------------------------------------------------------------------------------


def _both_return(services: Services, exported: CampaignExport, tmp_path: Path) -> None:
    _returned(exported, PINEROLO, tmp_path / "r" / "p.xlsx", **{"1.1.1/Avanzamento %": 60})
    _returned(
        exported,
        IVREA,
        tmp_path / "r" / "i.xlsx",
        **{"1.1.1/Avanzamento %": 70, "1.1.1/Note": "Lavori avviati"},
    )
    report = import_returns(services, "Primavera", [tmp_path / "r"])
    assert not report.refused


def test_two_offices_proposing_different_values_are_a_conflict(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    _both_return(services, exported, tmp_path)
    (conflict,) = services.campaigns.conflicts("Primavera")
    assert conflict.label == "1.1.1" and conflict.field_label == "Avanzamento %"
    assert {(c.office, c.shown_proposed) for c in conflict.changes} == {
        (PINEROLO, "60%"),
        (IVREA, "70%"),
    }
    with pytest.raises(UserError, match="conflitt"):
        services.campaigns.decide_all("Primavera", accept=True)
    assert services.actions.get_by_code("1.1.1").progress == 40  # nothing written

    pinerolo = next(c for c in conflict.changes if c.office == PINEROLO)
    assert services.campaigns.accept("Primavera", [pinerolo.id]) == 1
    action = services.actions.get_by_code("1.1.1")
    assert action.progress == 60
    log = [e for e in services.history.for_action(action.id) if e.field == "Avanzamento %"]
    assert "Comune di Pinerolo" in log[0].source and "p.xlsx" in log[0].source
    ivrea = next(
        c
        for c in services.campaigns.changes("Primavera")
        if c.id != pinerolo.id and c.field == "progress"
    )
    assert ivrea.state == "respinta" and "Comune di Pinerolo" in ivrea.reason

    # Ivrea's note is no conflict: accepted with the rest, the offices are then validated.
    assert services.campaigns.decide_all("Primavera", accept=True, office=IVREA) == 1
    assert services.actions.get_by_code("1.1.1").notes == "Lavori avviati"
    assert {r.state for r in services.campaigns.board("Primavera")} == {"validato"}

    # The merge report: per office what was proposed, accepted, rejected and why.
    from psm_desktop.exchange.campaigns.report import write_report

    wb = openpyxl.load_workbook(write_report(services, "Primavera", tmp_path / "rapporto.xlsx"))
    summary = {r[0]: r[5:8] for r in wb["Riepilogo"].iter_rows(min_row=4, values_only=True)}
    assert summary == {IVREA: (0, 1, 1), PINEROLO: (0, 1, 0)}
    rows = list(wb["Proposte"].iter_rows(min_row=2, values_only=True))
    outcomes = {(r[1], r[4], r[6], r[7]) for r in rows}
    assert outcomes == {
        (PINEROLO, "Avanzamento %", "60%", "accettata"),
        (IVREA, "Avanzamento %", "70%", "respinta"),
        (IVREA, "Note", "Lavori avviati", "accettata"),
    }
    assert any(r[8] == "in conflitto con la proposta accettata di Comune di Pinerolo" for r in rows)


def test_strict_mode_makes_any_two_offices_on_one_action_a_conflict(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    _returned(exported, PINEROLO, tmp_path / "r" / "p.xlsx", **{"1.1.1/Avanzamento %": 60})
    _returned(exported, IVREA, tmp_path / "r" / "i.xlsx", **{"1.1.1/Note": "Lavori avviati"})
    import_returns(services, "Primavera", [tmp_path / "r"])
    assert services.campaigns.conflicts("Primavera") == []
    (strict,) = services.campaigns.conflicts("Primavera", strict=True)
    assert strict.label == "1.1.1" and strict.field_label == ""
    assert {c.office for c in strict.changes} == {PINEROLO, IVREA}
    with pytest.raises(UserError):
        services.campaigns.decide_all("Primavera", accept=True, strict=True)
    assert services.campaigns.decide_all("Primavera", accept=True) == 2


def test_reject_keeps_the_plan_and_the_reason(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    path = _returned(exported, PINEROLO, tmp_path / "p.xlsx", **{"1.1.1/Avanzamento %": 60})
    import_returns(services, "Primavera", [path])
    assert (
        services.campaigns.decide_all("Primavera", accept=False, reason="dato non verificato") == 1
    )
    (change,) = services.campaigns.changes("Primavera")
    assert change.state == "respinta" and change.reason == "dato non verificato"
    assert change.decided_by == "Tester"
    assert services.actions.get_by_code("1.1.1").progress == 40


# --- the board -------------------------------------------------------------------------------


def test_the_board_states_with_due_date_and_grace(services: Services, tmp_path: Path) -> None:
    services.campaigns.create("Primavera", DUE, grace_days=5)

    def states(today: dt.date) -> dict[str, str]:
        return {r.office: r.state for r in services.campaigns.board("Primavera", today=today)}

    assert states(DUE) == {PINEROLO: "da inviare", IVREA: "da inviare"}
    result = export_campaign(services, "Primavera", tmp_path / "uscita")
    assert states(DUE) == {PINEROLO: "inviato", IVREA: "inviato"}
    assert states(DUE + dt.timedelta(days=5)) == {PINEROLO: "inviato", IVREA: "inviato"}
    late = DUE + dt.timedelta(days=6)
    assert states(late) == {PINEROLO: "in ritardo", IVREA: "in ritardo"}
    path = _returned(result, PINEROLO, tmp_path / "p.xlsx", **{"1.1.1/Avanzamento %": 60})
    import_returns(services, "Primavera", [path])
    assert states(late) == {PINEROLO: "rientrato", IVREA: "in ritardo"}
    services.campaigns.decide_all("Primavera", accept=True)
    assert states(late) == {PINEROLO: "validato", IVREA: "in ritardo"}
    row = next(r for r in services.campaigns.board("Primavera") if r.office == PINEROLO)
    assert row.as_json() == {
        "office": PINEROLO,
        "state": "validato",
        "returned_at": row.returned_at.isoformat() if row.returned_at else None,
        "file": "p.xlsx",
        "proposed": 0,
        "accepted": 1,
        "rejected": 0,
    }


def test_office_fields_come_back_as_proposals_and_apply_when_accepted(
    services: Services, exported: CampaignExport, tmp_path: Path
) -> None:
    # Campaign trackers are trackers: the office fields travel the same way.
    path = _returned(
        exported,
        PINEROLO,
        tmp_path / "p.xlsx",
        **{
            "1.1.1/CUP": "j81b 1900 0000 012",
            "1.1.1/Obiettivi Agenda 2030": "11, 3",
            "1.1.1/Competenza": "regia",
        },
    )
    import_returns(services, "Primavera", [path])
    proposed = {c.field_label: c.shown_proposed for c in services.campaigns.changes("Primavera")}
    assert proposed == {
        "CUP": "J81B19000000012",
        "Obiettivi Agenda 2030": "3, 11",
        "Competenza": "Regia",
    }
    assert services.actions.get_by_code("1.1.1").cup is None  # a proposal until accepted
    assert services.campaigns.decide_all("Primavera", accept=True) == 3
    action = services.actions.get_by_code("1.1.1")
    assert (action.cup, action.sdgs, action.competence) == ("J81B19000000012", {3, 11}, "regia")
