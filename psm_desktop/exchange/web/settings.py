"""The publication's settings: the office's IPA code, the data licence and the office's name.

Kept as a small JSON file in the user's data folder, so the command line and the window
share them; command-line options override them for one run.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from psm_desktop.atomic_files import atomic_write
from psm_desktop.errors import UserError
from psm_desktop.storage.paths import user_data_dir

log = logging.getLogger(__name__)

FILE_NAME = "pubblicazione.json"
CC_BY_4 = "CC-BY-4.0"


@dataclass(frozen=True, slots=True)
class Licence:
    code: str
    name: str
    uri: str
    kind: str  # ADMS licence type (dct:type of the licence document)


LICENCES: dict[str, Licence] = {
    licence.code: licence
    for licence in (
        Licence(
            CC_BY_4,
            "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
            "https://creativecommons.org/licenses/by/4.0/",
            "http://purl.org/adms/licencetype/Attribution",
        ),
        Licence(
            "CC0-1.0",
            "Creative Commons CC0 1.0 Universale - Dedicazione al Pubblico Dominio (CC0 1.0)",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            "http://purl.org/adms/licencetype/PublicDomain",
        ),
        Licence(
            "IODL-2.0",
            "Italian Open Data License v2.0 (IODL 2.0)",
            "https://www.dati.gov.it/content/italian-open-data-license-v20",
            "http://purl.org/adms/licencetype/Attribution",
        ),
    )
}

_IPA = re.compile(r"^[A-Za-z0-9_]{2,20}$")


@dataclass(frozen=True, slots=True)
class PublishSettings:
    ipa: str = ""  # codice IPA of the administration, e.g. "c_l219" or "cmto"
    licence: str = CC_BY_4
    office: str = ""  # the publishing office's name

    @property
    def licence_info(self) -> Licence:
        return LICENCES[self.licence]

    def checked(self) -> PublishSettings:
        """The settings, or a UserError naming what is wrong."""
        ipa, office = self.ipa.strip(), " ".join(self.office.split())
        if ipa and not _IPA.match(ipa):
            raise UserError(
                f"Codice IPA «{ipa}» non valido: lettere, cifre e trattino basso "
                "(per esempio c_l219)."
            )
        licence = _licence_code(self.licence)
        return PublishSettings(ipa=ipa, licence=licence, office=office)

    def override(
        self, ipa: str | None = None, licence: str | None = None, office: str | None = None
    ) -> PublishSettings:
        changes = {
            k: v
            for k, v in (("ipa", ipa), ("licence", licence), ("office", office))
            if v is not None
        }
        return replace(self, **changes).checked()


def _licence_code(text: str) -> str:
    wanted = text.strip().casefold().replace(" ", "-")
    for code in LICENCES:
        if code.casefold() == wanted or code.casefold().removesuffix("-4.0") == wanted:
            return code
    allowed = ", ".join(LICENCES)
    raise UserError(f"Licenza «{text}» non riconosciuta; licenze ammesse: {allowed}.")


def settings_path() -> Path:
    return user_data_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> PublishSettings:
    """The saved settings; the defaults when there are none or the file is unreadable."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return PublishSettings(
            ipa=str(data.get("ipa", "")),
            licence=str(data.get("licence", CC_BY_4)),
            office=str(data.get("office", "")),
        ).checked()
    except FileNotFoundError:
        return PublishSettings()
    except (OSError, ValueError, AttributeError, UserError):
        log.warning("impostazioni di pubblicazione illeggibili: %s", path, exc_info=True)
        return PublishSettings()


def save_settings(settings: PublishSettings, path: Path | None = None) -> Path:
    """Write the settings atomically (temporary file beside the target, then rename)."""
    path = path or settings_path()
    settings = settings.checked()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    with atomic_write(path) as temp:
        temp.write_text(text, encoding="utf-8")
    return path
