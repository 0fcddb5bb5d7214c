"""The .ics writer: RFC 5545 text that icalendar (and so Outlook, Thunderbird, phones) reads."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from psm_desktop.exchange.campaigns.calendar import Event, calendar_bytes

LONG = (
    "Realizzazione della ciclovia della Val di Susa: è già prevista la verifica di fattibilità "
    "più ampia, con l'Unione Montana; l'attività «città-università» prosegue\\oltre il 2026. "
) * 3


def _events() -> list[Event]:
    return [
        Event(
            uid=f"psm-db-scadenza-{n}@psm-desktop",
            day=dt.date(2025, 1, 1) + dt.timedelta(days=n * 37),
            summary=f"Scadenza n. {n}: perché è già così lunga — {LONG[: 40 + n * 7]}",
            description=f"Azione 1.{n}: {LONG}\nResponsabile: Comune di Cantù, Città\r\nNote",
        )
        for n in range(12)
    ]


def test_every_event_reads_back_with_its_text_and_day() -> None:
    data = calendar_bytes("Scadenze PSM — Comune di Cantù", _events())
    cal = Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert str(cal["X-WR-CALNAME"]) == "Scadenze PSM — Comune di Cantù"
    found = {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}
    assert len(found) == 12
    for event in _events():
        ev = found[event.uid]
        assert ev.decoded("DTSTART") == event.day
        assert ev.decoded("DTEND") == event.day + dt.timedelta(days=1)
        assert isinstance(ev.decoded("DTSTAMP"), dt.datetime)
        assert str(ev["SUMMARY"]) == event.summary
        assert str(ev["DESCRIPTION"]) == event.description.replace("\r\n", "\n")
        assert str(ev["TRANSP"]) == "TRANSPARENT"


def test_lines_end_in_crlf_and_fold_at_75_octets_between_characters() -> None:
    data = calendar_bytes("Scadenze; Lì, sì", _events())
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) == 75  # long lines are folded, and fill the line
    folded = [line for line in lines if line.startswith(b" ")]
    assert len(folded) > 50
    for line in lines:
        line.decode("utf-8")  # no accented letter cut between two lines
    # Unfolded, the description is one content line with its escapes.
    text = data.replace(b"\r\n ", b"").decode("utf-8")
    assert "\\nResponsabile: Comune di Cantù\\, Città\\nNote" in text
    assert "\\;" in text and "\\\\oltre" in text
    assert "X-WR-CALNAME:Scadenze\\; Lì\\, sì\r\n" in text  # escaped as any TEXT


def test_a_calendar_without_events_is_still_valid() -> None:
    cal = Calendar.from_ical(calendar_bytes("Vuoto", []))
    assert list(cal.walk("VEVENT")) == [] and str(cal["X-WR-CALNAME"]) == "Vuoto"
