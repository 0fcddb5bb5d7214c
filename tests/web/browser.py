"""Headless Chromium driven by Selenium, with the flags this kind of machine needs; the
axe-core engine (tests/web/vendor/axe.min.js, MPL-2.0) run inside the page."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium_binaries() -> tuple[str, str] | None:
    """Debian's chromium and chromium-driver, if installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@contextmanager
def chromium(width: int = 1366, height: int = 768) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = chromium_binaries()
    assert found is not None
    browser, driver = found
    profile = tempfile.mkdtemp(prefix="psm-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    try:
        session.set_window_size(width, height)
        yield session
    finally:
        session.quit()
        shutil.rmtree(profile, ignore_errors=True)


def run_axe(session: Any) -> list[dict[str, Any]]:
    """The axe-core violations of the page open in `session`, at WCAG 2.1 AA."""
    session.execute_script((VENDOR / "axe.min.js").read_text(encoding="utf-8"))
    session.set_script_timeout(60)
    result = session.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
        " resultTypes: ['violations']})"
        ".then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));",
        AXE_TAGS,
    )
    assert isinstance(result, list)
    return result


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n.get("target", [])) for n in v.get("nodes", [])][:5]
        lines.append(f"{v['id']}: {v.get('help', '')} -> {targets}")
    return "\n".join(lines)
