"""E-mail drafts (.eml) that Outlook and Thunderbird open ready to send, tracker attached.

Subject and body come from an editable template (reports/email-campagna.txt: first line
"Oggetto: ...", a blank line, then the body) with $period, $due, $office, $contact,
$campaign, $file and $instructions filled in by string.Template.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from pathlib import Path
from string import Template

from psm_desktop.errors import UserError
from psm_desktop.resources import reports_dir
from psm_desktop.services.campaigns import CampaignInfo, due_text
from psm_desktop.storage.paths import is_file_or_unreadable, user_data_dir

logger = logging.getLogger(__name__)

TEMPLATE_FILE = "email-campagna.txt"
REMINDER_FILE = "email-sollecito.txt"
SUBJECT_PREFIX = "Oggetto:"
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass(frozen=True)
class MailTemplate:
    subject: str
    body: str

    def fill(self, values: dict[str, str]) -> tuple[str, str]:
        subject = Template(self.subject).safe_substitute(values)
        body = Template(self.body).safe_substitute(values)
        return " ".join(subject.split()), _tidy(body)


def campaign_values(
    info: CampaignInfo, office: str, contact: str, file_name: str
) -> dict[str, str]:
    """The placeholders of the campaign's templates."""
    return {
        "period": info.period,
        "due": due_text(info),
        "office": office,
        "contact": contact,
        "campaign": info.name,
        "file": file_name,
        "instructions": info.instructions,
    }


def _tidy(body: str) -> str:
    """No run of blank lines where an empty placeholder ($instructions) stood."""
    lines: list[str] = []
    for line in body.strip().splitlines():
        if not line.strip() and lines and not lines[-1].strip():
            continue
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


def template_path(name: str = TEMPLATE_FILE) -> Path:
    """The user's copy (data folder/reports) if there is one, else the shipped template."""
    own = user_data_dir() / "reports" / name
    return own if is_file_or_unreadable(own) else reports_dir() / name


def load_template(path: Path | None = None) -> MailTemplate:
    path = path or template_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        logger.warning("Modello dell'e-mail %s non letto", path, exc_info=True)
        raise UserError(f"Impossibile leggere il modello dell'e-mail {path}: {exc}") from exc
    first, _, rest = text.partition("\n")
    if not first.startswith(SUBJECT_PREFIX):
        raise UserError(f"Il modello dell'e-mail {path} deve iniziare con una riga «Oggetto: ...».")
    return MailTemplate(first[len(SUBJECT_PREFIX) :].strip(), rest)


def draft(
    *, to: str, subject: str, body: str, attachment: Path | None = None, sender: str = ""
) -> EmailMessage:
    """An unsent message: X-Unsent makes Outlook open it as a draft to send."""
    msg = EmailMessage(policy=SMTP)
    if sender:
        msg["From"] = sender
    msg["To"] = ", ".join(addresses(to))
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["X-Unsent"] = "1"
    msg.set_content(body)
    if attachment is not None:
        msg.add_attachment(
            attachment.read_bytes(),
            maintype=XLSX_TYPE[0],
            subtype=XLSX_TYPE[1],
            filename=attachment.name,
        )
    return msg


def addresses(text: str) -> list[str]:
    """The addresses of an e-mail field typed as 'a@x.it; b@y.it' or 'a@x.it, b@y.it'."""
    return [part for part in re.split(r"[;,\s]+", text) if part]


def write_draft(path: Path, msg: EmailMessage) -> None:
    try:
        path.write_bytes(msg.as_bytes())
    except OSError as exc:
        raise UserError(f"Impossibile scrivere la bozza {path}: {exc.strerror or exc}") from exc
