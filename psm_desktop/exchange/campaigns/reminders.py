"""Reminder drafts ("sollecito") for the offices that are late, in one go."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from psm_desktop.errors import UserError
from psm_desktop.exchange.campaigns import mail
from psm_desktop.exchange.campaigns.names import safe_stem
from psm_desktop.services import Services
from psm_desktop.services.campaigns import LATE


@dataclass
class Reminders:
    drafts: list[Path] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)


def write_reminders(
    services: Services,
    name: str,
    folder: Path,
    *,
    contact: str = "",
    today: dt.date | None = None,
) -> Reminders:
    """A draft per late office, with its tracker attached again when it is in `folder`."""
    info = services.campaigns.get(name)
    late = [r for r in services.campaigns.board(name, today=today) if r.state == LATE]
    if not late:
        raise UserError(f"Nessun ufficio in ritardo nella campagna «{info.name}».")
    template = mail.load_template(mail.template_path(mail.REMINDER_FILE))
    contact = contact.strip() or services.plan.plan().issuer
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Impossibile creare la cartella {folder}: {exc.strerror or exc}") from exc
    result = Reminders()
    for office in late:
        if not office.email:
            result.without_email.append(office.office)
            continue
        tracker = folder / office.file_name if office.file_name else None
        values = mail.campaign_values(info, office.office, contact, office.file_name)
        subject, body = template.fill(values)
        attachment = tracker if tracker is not None and tracker.is_file() else None
        msg = mail.draft(to=office.email, subject=subject, body=body, attachment=attachment)
        target = folder / f"Sollecito - {safe_stem(f'{info.period} - {office.office}')}.eml"
        mail.write_draft(target, msg)
        result.drafts.append(target)
    return result
