"""Build the publication into a folder: pages, stylesheet and fonts, open data, metadata.

Every file is a pure function of the data: no build time, no random names, rows in a fixed
order. So a closed period published twice gives byte-identical folders. Each file is
written atomically (temporary file beside it, then renamed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from psm_desktop.atomic_files import atomic_write, write_error
from psm_desktop.errors import UserError
from psm_desktop.exchange.web import dcat, opendata
from psm_desktop.exchange.web.pages import PageMaker, action_page, axis_page
from psm_desktop.exchange.web.sitedata import SiteData
from psm_desktop.progress import ProgressCallback, no_progress
from psm_desktop.resources import data_dir

FONTS = (
    "titillium-web-latin-400-normal.woff2",
    "titillium-web-latin-600-normal.woff2",
    "titillium-web-latin-700-normal.woff2",
)


def site_files(data: SiteData) -> Iterator[tuple[str, bytes]]:
    """Every file of the site as (relative path, content), in a fixed order."""
    maker = PageMaker(data)
    yield "index.html", maker.index().encode("utf-8")
    for number, _ in data.state.axes:
        yield axis_page(number), maker.axis(number).encode("utf-8")
    for action in data.state.actions:
        yield action_page(action.code), maker.action(action).encode("utf-8")
    yield "regole.html", maker.rules().encode("utf-8")
    tables = opendata.tables(data)
    yield "dati.html", maker.open_data(tables).encode("utf-8")
    yield "accessibilita.html", maker.accessibility().encode("utf-8")
    web = data_dir("resources") / "web"
    yield "stile/sito.css", (web / "sito.css").read_bytes()
    yield "stile/OFL.txt", (web / "fonts" / "OFL.txt").read_bytes()
    for font in FONTS:
        yield f"stile/fonts/{font}", (web / "fonts" / font).read_bytes()
    for table in tables:
        for name, content in opendata.data_files(table):
            yield f"dati/{name}", content
    yield "dati/LEGGIMI.txt", opendata.readme(data, tables)
    yield "dati/dcat-ap_it.rdf", dcat.record(data, tables)


def build_site(
    data: SiteData, folder: Path, progress: ProgressCallback = no_progress
) -> list[Path]:
    """Write the site into `folder` (created if needed); return the files written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Impossibile creare la cartella {folder}: {exc.strerror}.") from exc
    total = 12 + len(data.state.axes) + len(data.state.actions) + 6 * 3
    written = []
    for index, (name, content) in enumerate(site_files(data)):
        progress(index, total, f"Scrivo {name}")
        target = folder / name
        _write(target, content)
        written.append(target)
    progress(total, total, "Pubblicazione pronta")
    return written


def _write(target: Path, content: bytes) -> None:
    """One page or data file, through the shared atomic writer: the user's normal
    permissions, and an Italian message naming the file when the disk is full."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(target, exc.errno, exc) from exc
    with atomic_write(target) as temp:
        temp.write_bytes(content)
