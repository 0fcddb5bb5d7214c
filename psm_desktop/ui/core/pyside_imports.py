"""PySide reads the source of every module imported after it: answer it without reading.

Once imported, PySide6 hooks `import` and, for each module new to it, reads the module's
source file looking for the word "PySide6" (`_mod_uses_pyside`, PYSIDE-2029): it wants to
know which modules may switch on its optional `__feature__`s (snake_case names, true
properties). At start-up that means reading some eighty modules of this application and
fifty of the standard library (typing, pathlib, logging...): about a tenth of a bare
window's start-up. The answer is known without reading for these two: the standard
library never uses PySide, and in this application only `psm_desktop.ui` and
`psm_desktop.app` do (the layering rule, tests/unit/test_layering.py). Other modules are
still read by PySide. Should PySide change this inner part, nothing is replaced and
start-up is only slower (tests/ui/test_startup.py::test_pyside_reads_no_source_of_ours).
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs the import hook and its feature module)

PACKAGE = "psm_desktop"
QT_MODULES = ("psm_desktop.ui", "psm_desktop.app")  # with their submodules
FEATURE_MODULES = ("PySide6.support.feature", "shibokensupport.feature")


def known_pyside_use(name: str) -> bool | None:
    """Whether the module `name` uses PySide, when known without reading it (else None)."""
    top = name.partition(".")[0]
    if top == PACKAGE:
        return any(name == m or name.startswith(m + ".") for m in QT_MODULES)
    if top in sys.stdlib_module_names:
        return False
    return None


def skip_source_scans() -> None:
    """Give PySide's import hook the answers known without reading the source."""
    feature = next((sys.modules[n] for n in FEATURE_MODULES if n in sys.modules), None)
    scan = getattr(feature, "_mod_uses_pyside", None)
    if scan is None or getattr(scan, "answers_known_modules", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        known = known_pyside_use(getattr(module, "__name__", ""))
        return bool(scan(module)) if known is None else known

    uses_pyside.answers_known_modules = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
