"""What every structure import does around its own reading and writing: read the file and
compare it with the plan (nothing written), then write in one transaction whose change-log
source names the file, after comparing again: if the plan changed since the user saw the
preview, nothing is written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from psm_desktop.errors import UserError
from psm_desktop.progress import ProgressCallback
from psm_desktop.services import EditContext, Services, import_source

Content = TypeVar("Content")
Preview = TypeVar("Preview")


def read_and_compare(
    path: Path,
    read: Callable[[Path], Content],
    preview: Callable[[Content], Preview],
    progress: ProgressCallback,
) -> Preview:
    progress(0, 2, f"Lettura di {path.name}…")
    content = read(path)
    progress(1, 2, "Confronto con il piano…")
    return preview(content)


@contextmanager
def writing_as_previewed(
    services: Services,
    file_name: str,
    preview: Preview,
    compare_in: Callable[[Services, Session], Preview],
) -> Iterator[tuple[Services, Session]]:
    """The services (source: the file) and the transaction to write `preview` in."""
    svc = services.with_context(
        EditContext(user=services.ctx.user, source=import_source(file_name))
    )
    with svc.db.transaction() as session:
        if compare_in(svc, session) != preview:
            raise UserError(
                f"Il piano è stato modificato dopo l'anteprima dell'importazione di "
                f"{file_name}: non è stato scritto nulla. Ripeti l'importazione."
            )
        yield svc, session
