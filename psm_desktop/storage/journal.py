"""Does a hot rollback journal belong to the database file beside it?

SQLite applies `X-journal` to `X` whenever it finds it hot, whatever `X` now is. After a
crash, a user who copies a backup over `X` would get the backup "rolled back" with the
crashed file's page images: a mix of two versions that passes every integrity check.

The journal format (https://www.sqlite.org/fileformat.html, "The Rollback Journal"):
a header per segment (magic, record count, checksum nonce, the database's size in pages
when the transaction began, sector size, page size), each followed by records (page
number, the page as it was before the transaction, checksum). What ties the pair:

- the page size of the journal and of the database are the same;
- when page 1 was journaled, the file's page 1 is either that very image (the crashed
  transaction had not written page 1 back) or one whose change counter is the image's
  plus one (SQLite bumps it, once per transaction, when it writes page 1);
- when page 1 was not journaled, the transaction never changed it, so the file's page 1
  is the one from before the transaction: its size field (valid when its "version valid
  for" field equals the change counter) is the journal's original size.

Every write transaction of the application journals page 1 first (Database.transaction),
so its own journals are always judged by the change counter. What stays undecidable: a
journal from another program that never touched page 1, beside a copy with the same number
of pages; nothing in the journal tells the two files apart.

Nothing here writes: the caller refuses the pair and leaves both files as they are.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAGIC = bytes.fromhex("d9d505f920a163d7")
HEADER = struct.Struct(">8sIIIII")  # magic, records, nonce, original pages, sector, page size
DB_HEADER_SIZE = 100


@dataclass(frozen=True)
class JournalFacts:
    page_size: int
    original_pages: int
    page_one: bytes | None  # the image of page 1, if the journal holds a valid one


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def stale_journal_reason(db_path: Path) -> str | None:
    """Why the journal beside `db_path` must not be applied to it, or None if it may be.

    None also when there is nothing to judge (no journal, an unreadable or empty header):
    SQLite then does not play the journal back either, or the opening fails elsewhere.
    """
    try:
        with db_path.open("rb") as handle:
            db_header = handle.read(DB_HEADER_SIZE)
        with journal_path(db_path).open("rb") as handle:
            facts = read_journal(handle)
    except OSError:
        return None
    if facts is None or len(db_header) < DB_HEADER_SIZE:
        return None
    if facts.page_size != _db_page_size(db_header):
        return "è stato scritto per un database con pagine di un'altra dimensione"
    counter, size = struct.unpack(">II", db_header[24:32])
    valid_for = struct.unpack(">I", db_header[92:96])[0]
    if facts.page_one is not None:
        saved = struct.unpack(">I", facts.page_one[24:28])[0]
        if facts.page_one[:DB_HEADER_SIZE] == db_header:
            return None  # page 1 not written back yet: the file is the one it came from
        if counter == (saved + 1) & 0xFFFFFFFF and valid_for == counter:
            return None  # page 1 written back by the interrupted transaction
        return "la versione del database salvata nel file di recupero è un'altra"
    if valid_for == counter and size != facts.original_pages:
        return "è stato scritto quando il database aveva un'altra dimensione"
    return None


def creation_interrupted(db_path: Path) -> bool:
    """Whether the journal beside `db_path` was written while the file was being created
    (it was empty when the transaction began): rolling it back leaves an empty file."""
    try:
        with journal_path(db_path).open("rb") as handle:
            facts = read_journal(handle)
    except OSError:
        return False
    return facts is not None and facts.original_pages == 0


def read_journal(handle: BinaryIO) -> JournalFacts | None:
    """The facts of a journal as SQLite would play it back, or None if it would not."""
    handle.seek(0, 2)
    end = handle.tell()
    handle.seek(0)
    first = HEADER.unpack(handle.read(HEADER.size)) if end >= HEADER.size else None
    if first is None or first[0] != MAGIC or not _power_of_two(first[5], 512, 65536):
        return None
    original, sector, page_size = first[3], first[4], first[5]
    if not _power_of_two(sector, 32, 65536):
        sector = 512  # SQLite falls back to its default sector size too
    facts = JournalFacts(page_size=page_size, original_pages=original, page_one=None)
    offset = 0
    while offset + HEADER.size <= end:  # one segment: a header, then its records
        handle.seek(offset)
        magic, records, nonce, *_ = HEADER.unpack(handle.read(HEADER.size))
        if magic != MAGIC:
            break
        offset += sector
        if records == 0xFFFFFFFF:  # the count was never written: records run to the end
            records = (end - offset) // (page_size + 8)
        for _ in range(records):
            handle.seek(offset)
            record = handle.read(page_size + 8)
            number = struct.unpack(">I", record[:4])[0] if len(record) >= 4 else 0
            image = record[4 : 4 + page_size]
            if (
                len(record) < page_size + 8
                or number == 0
                or _checksum(nonce, image) != struct.unpack(">I", record[-4:])[0]
            ):
                return facts  # SQLite stops the playback here
            if number == 1:
                return JournalFacts(page_size, original, image)
            offset += page_size + 8
        if records == 0:
            break
        offset = -(-offset // sector) * sector  # the next header starts on a sector boundary
    return facts


def _checksum(nonce: int, image: bytes) -> int:
    total = nonce
    for i in range(len(image) - 200, 0, -200):
        total += image[i]
    return total & 0xFFFFFFFF


def _db_page_size(header: bytes) -> int:
    size = struct.unpack(">H", header[16:18])[0]
    return 65536 if size == 1 else size


def _power_of_two(value: int, low: int, high: int) -> bool:
    return low <= value <= high and value & (value - 1) == 0
