"""Checks on an untrusted file before openpyxl parses it.

A tracker (or a structure workbook) comes back by e-mail or USB stick: it may not be a
workbook at all, may be an old .xls, a CSV renamed, a password-protected file, or a zip
bomb. Each case gets an Italian message; nothing is parsed until the zip directory looks
sane. XML bombs are stopped by defusedxml, which openpyxl uses when it is installed
(checked here). The messages speak of workbooks, not only trackers: both read them.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

from psm_desktop.errors import UserError

log = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A 10,000-action tracker is ~5 MB on disk and ~50 MB unpacked; reading 150 MB already
# takes a while, so anything larger is refused before a byte is unpacked.
MAX_TOTAL_UNCOMPRESSED = 150 * 1024 * 1024
MAX_FILE_SIZE = 60 * 1024 * 1024
MAX_ENTRY_RATIO = 200  # sheet XML compresses ~10-30x; bombs compress 1000x and more
RATIO_FLOOR = 8 * 1024 * 1024  # small entries may compress as well as they like
MAX_ENTRIES = 10_000


class TrackerFileError(UserError):
    """The file cannot be read as a tracker at all (format, damage, danger)."""


def check_tracker_file(path: Path) -> None:
    """Raise TrackerFileError unless `path` looks like a safe .xlsx workbook."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise TrackerFileError(f"Il file {name} non esiste.") from None
    except IsADirectoryError:
        raise TrackerFileError(
            f"{name} è una cartella, non un file: scegli il file .xlsx."
        ) from None
    except PermissionError:
        log.info("Lettura di %s negata", path, exc_info=True)
        raise TrackerFileError(
            f"Non hai il permesso di leggere il file {name}: copialo in una tua cartella."
        ) from None
    except OSError:
        log.warning("Lettura di %s non riuscita", path, exc_info=True)
        raise TrackerFileError(
            f"Impossibile leggere il file {name} (i dettagli sono nel registro)."
        ) from None
    if not head:
        raise TrackerFileError(f"Il file {name} è vuoto.")
    if head.startswith(OLE_MAGIC):
        raise TrackerFileError(_ole_message(path))
    if not head.startswith(b"PK"):
        raise TrackerFileError(_not_zip_message(name, head))
    if path.stat().st_size > MAX_FILE_SIZE:
        raise TrackerFileError(
            f"Il file {name} è troppo grande (oltre {MAX_FILE_SIZE // (1024 * 1024)} MB) per "
            "essere un file di PSM Desktop: un tracker di 10.000 azioni occupa circa 5 MB."
        )
    _check_zip(path)
    _check_defusedxml()


def _ole_message(path: Path) -> str:
    data = path.read_bytes()[: 4 * 1024 * 1024]
    if (
        "EncryptionInfo".encode("utf-16-le") in data
        or b"EncryptedPackage" in data
        or ("EncryptedPackage".encode("utf-16-le") in data)
    ):
        return (
            f"Il file {path.name} è protetto da password: aprilo in Excel o LibreOffice, "
            "togli la password (File > Proteggi / Salva con password) e salvalo di nuovo."
        )
    return (
        f"Il file {path.name} è nel vecchio formato Excel 97-2003 (.xls): aprilo in Excel o "
        "LibreOffice e salvalo come «Cartella di lavoro di Excel (.xlsx)»."
    )


def _not_zip_message(name: str, head: bytes) -> str:
    sample = head[:2048]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = sample.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
    printable = text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) > 0.95 * len(text)
    if printable and any(sep in text for sep in (";", ",", "\t")):
        return (
            f"Il file {name} è un file di testo (CSV), non una cartella di lavoro Excel: "
            "importa la cartella di lavoro .xlsx originale."
        )
    if sample.lstrip().startswith(b"<"):
        return (
            f"Il file {name} è un documento HTML o XML, non una cartella di lavoro Excel (.xlsx)."
        )
    return f"Il file {name} non è una cartella di lavoro Excel (.xlsx) oppure è danneggiato."


def _check_zip(path: Path) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        log.info("Archivio zip di %s illeggibile", path, exc_info=True)
        raise TrackerFileError(
            f"Il file {name} è danneggiato o incompleto (forse la copia o il download si è "
            "interrotto): fatti mandare di nuovo il file."
        ) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise TrackerFileError(
                f"Il file {name} è un foglio di calcolo OpenDocument (.ods): salvalo come .xlsx."
            )
        if "word/document.xml" in names:
            raise TrackerFileError(
                f"Il file {name} è un documento Word, non una cartella di lavoro Excel."
            )
        raise TrackerFileError(f"Il file {name} non è una cartella di lavoro Excel (.xlsx).")
    if len(infos) > MAX_ENTRIES:
        raise TrackerFileError(_bomb(name))
    total = 0
    for info in infos:
        total += info.file_size
        compressed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size / compressed > MAX_ENTRY_RATIO:
            raise TrackerFileError(_bomb(name))
        if info.flag_bits & 0x1:
            raise TrackerFileError(
                f"Il file {name} è cifrato: salvalo di nuovo senza password e riprova."
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise TrackerFileError(_bomb(name))


def _bomb(name: str) -> str:
    limit = MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)
    return (
        f"Il file {name} non è stato aperto: è troppo grande, una volta decompresso supererebbe "
        f"{limit} MB (possibile «zip bomb»). Un file esportato da PSM Desktop, anche di "
        "10.000 azioni, è molto più piccolo."
    )


def _check_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # an installation without defusedxml would parse XML bombs
        raise TrackerFileError(
            "Manca il componente di sicurezza defusedxml: reinstalla PSM Desktop per importare "
            "file Excel ricevuti da altri."
        )
