"""Calendars (.ics, RFC 5545) of deadlines, for Outlook, Thunderbird and phones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from psm_desktop.errors import UserError
from psm_desktop.services.dto import DeadlineInfo

PRODID = "-//PSM Desktop//Scadenze del Piano strategico//IT"


@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str = ""


def deadline_events(database_id: str, deadlines: Iterable[DeadlineInfo]) -> list[Event]:
    """One all-day event per open deadline; its UID stays the same on every export."""
    return [
        Event(
            uid=f"psm-{database_id}-scadenza-{d.id}@psm-desktop",
            day=d.due_date,
            summary=f"Scadenza: {d.title} (azione {d.action_code})",
            description=_deadline_text(d),
        )
        for d in deadlines
        if d.completed_on is None
    ]


def _deadline_text(d: DeadlineInfo) -> str:
    text = f"Azione {d.action_code}: {d.action_text}"
    if d.stakeholder_name:
        text += f"\nResponsabile: {d.stakeholder_name}"
    if d.notes:
        text += f"\n{d.notes}"
    return text


def calendar_bytes(name: str, events: Iterable[Event]) -> bytes:
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for event in events:
        item = IcsEvent()
        item.add("uid", event.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", event.day)  # a DATE: an all-day event
        item.add("dtend", event.day + dt.timedelta(days=1))
        item.add("summary", event.summary)
        if event.description:
            item.add("description", event.description)
        item.add("transp", "TRANSPARENT")  # a deadline does not make anybody busy
        cal.add_component(item)
    data: bytes = cal.to_ical()
    return data


def write_calendar(path: Path, name: str, events: Iterable[Event]) -> None:
    try:
        Path(path).write_bytes(calendar_bytes(name, events))
    except OSError as exc:
        problem = exc.strerror or exc
        raise UserError(f"Impossibile scrivere il calendario {path}: {problem}") from exc
