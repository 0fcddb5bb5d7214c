"""Calendars (.ics, RFC 5545) of deadlines, for Outlook, Thunderbird and phones."""

from __future__ import annotations

import datetime as dt
import re
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
    """The calendar as RFC 5545 text: CRLF line ends, lines folded at 75 octets (never
    inside a character), TEXT values escaped. Written directly, not through a library's
    objects: a campaign writes one per office."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_text(PRODID)}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_text(event.uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",  # a DATE: an all-day event
            f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{_text(event.description)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]  # a deadline makes nobody busy
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


# Control characters a TEXT value cannot hold (a tab can stay; line ends become "\n").
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_LINE_ENDS = re.compile("\r\n|\r|\n")


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545, 3.3.11): backslash, semicolon, comma, line ends."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = _LINE_ENDS.sub("\\\\n", value)
    return _CONTROLS.sub("", value)


LINE_OCTETS = 75


def fold(line: str) -> bytes:
    """A content line in UTF-8 with CRLF, folded into lines of at most 75 octets: each
    continuation starts with a space, and no character's octets are split."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return data + b"\r\n"
    parts = []
    start, room = 0, LINE_OCTETS
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a continuation octet: back to the character's start
            end -= 1
        parts.append(data[start:end])
        start, room = end, LINE_OCTETS - 1  # the leading space counts
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def write_calendar(path: Path, name: str, events: Iterable[Event]) -> None:
    try:
        Path(path).write_bytes(calendar_bytes(name, events))
    except OSError as exc:
        problem = exc.strerror or exc
        raise UserError(f"Impossibile scrivere il calendario {path}: {problem}") from exc
