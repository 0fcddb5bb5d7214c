"""Saving an openpyxl workbook so that a failed write leaves no file open.

openpyxl's own save opens the zip archive and never closes it when writing fails (a full
disk, a USB stick pulled out): the handle lives until the garbage collector finds it, and
on Windows an open file cannot be deleted, so the temporary file beside the target would
stay behind. Here the archive is closed whatever happens.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile


def save_workbook(wb: Any, path: Path) -> None:
    """What `wb.save(path)` does, with the archive closed even when writing fails."""
    from openpyxl.writer.excel import ExcelWriter

    if wb.write_only and not wb.worksheets:
        wb.create_sheet()
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        ExcelWriter(wb, archive).save()
