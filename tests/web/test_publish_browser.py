"""The published site in a real browser: axe-core finds no WCAG 2.1 AA violation on any kind
of page, the pages reflow at 320 px and at 200 % zoom, the skip link and focus work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from psm_desktop.services import EditContext, Services
from psm_desktop.storage import open_database
from tests.publishkit import monitor, publish
from tests.web.browser import chromium, chromium_binaries, describe, run_axe

pytestmark = pytest.mark.skipif(
    chromium_binaries() is None,
    reason="Chromium non installato: servono i pacchetti Debian chromium e chromium-driver",
)

PAGES = (
    "index.html",
    "asse-1.html",
    "azione-1-1-1.html",
    "regole.html",
    "dati.html",
    "accessibilita.html",
)


def _site(folder: Path, provisional: bool) -> Path:
    db = open_database(folder / "piano.sqlite", auto_backup=False)
    try:
        services = monitor(
            Services(db, EditContext(user="Tester", source="test")), close=not provisional
        )
        return publish(services, folder / "sito", provisional=provisional)
    finally:
        db.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        "chiuso": _site(tmp_path_factory.mktemp("chiuso"), provisional=False),
        "provvisorio": _site(tmp_path_factory.mktemp("provvisorio"), provisional=True),
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(1366, 768) as session:
        yield session


@pytest.mark.parametrize("kind", ["chiuso", "provvisorio"])
@pytest.mark.parametrize("page", PAGES)
def test_no_axe_violations_at_wcag_21_aa(
    browser: Any, sites: dict[str, Path], kind: str, page: str
) -> None:
    browser.set_window_size(1366, 768)
    browser.get((sites[kind] / page).as_uri())
    assert browser.execute_script("return document.documentElement.lang") == "it"
    violations = run_axe(browser)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("width", [320, 683])  # 683 CSS px: 1366 at 200 % zoom
@pytest.mark.parametrize("page", ["index.html", "asse-1.html", "azione-1-1-1.html"])
def test_pages_reflow_without_horizontal_scrolling(
    browser: Any, sites: dict[str, Path], width: int, page: str
) -> None:
    browser.set_window_size(width, 800)
    browser.get((sites["chiuso"] / page).as_uri())
    inner = browser.execute_script("return window.innerWidth")
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= inner, f"{page} a {inner} px: larga {scroll} px"
    # Wide tables scroll inside their own focusable region, not the page.
    for region in browser.find_elements("css selector", ".tabella"):
        assert region.get_attribute("tabindex") == "0"
    violations = run_axe(browser)  # the narrow layout (stacked tables) too
    assert violations == [], describe(violations)


def test_the_skip_link_is_first_and_focus_is_visible(browser: Any, sites: dict[str, Path]) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(1366, 768)
    browser.get((sites["chiuso"] / "asse-1.html").as_uri())
    browser.find_element("tag name", "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.text == "Vai al contenuto" and active.is_displayed()
    outline = browser.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]"
    )
    assert outline[0] == "solid" and outline[1] != "0px"
    active.send_keys(Keys.ENTER)
    assert browser.execute_script("return document.activeElement.id") == "contenuto"
