"""Dependencies point one way: ui -> services -> storage/model; nothing else imports Qt.

The source is read with `ast`, so a forbidden import is found even inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import psm_desktop

PACKAGE = Path(psm_desktop.__file__).resolve().parent
QT_ALLOWED = ("ui/", "app.py")
CORE_LAYERS = ("services", "model", "storage")


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts)


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _imports(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """Every module a file imports, absolute, with its line (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package_parts = ["psm_desktop", *path.relative_to(root).parent.parts]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def test_the_scan_sees_the_package() -> None:
    names = {_relative(p) for p in _sources()}
    assert {"cli.py", "services/action_service.py", "storage/database.py"} <= names


def test_only_ui_and_app_import_pyside6() -> None:
    offenders = [
        f"{_relative(path)}:{line} imports {module}"
        for path in _sources()
        if not _relative(path).startswith(QT_ALLOWED)
        for line, module in _imports(path)
        if module.split(".")[0] in ("PySide6", "shiboken6")
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", CORE_LAYERS)
def test_core_layers_do_not_import_ui_or_exchange(layer: str) -> None:
    offenders = [
        f"{_relative(path)}:{line} imports {module}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for line, module in _imports(path)
        if module.startswith(("psm_desktop.ui", "psm_desktop.exchange", "psm_desktop.app"))
        or module.split(".")[0] in ("PySide6", "openpyxl", "reportlab")
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", ["model", "storage"])
def test_model_and_storage_do_not_import_services(layer: str) -> None:
    offenders = [
        f"{_relative(path)}:{line} imports {module}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for line, module in _imports(path)
        if module.startswith(("psm_desktop.services", "psm_desktop.cli"))
    ]
    assert offenders == []


def test_model_does_not_import_storage() -> None:
    offenders = [
        f"{_relative(path)}:{line} imports {module}"
        for path in sorted((PACKAGE / "model").rglob("*.py"))
        for line, module in _imports(path)
        if module.startswith("psm_desktop.storage")
    ]
    assert offenders == []


def test_sqlite_specifics_stay_in_storage() -> None:
    # The services must run unchanged on PostgreSQL: no sqlite3, no PRAGMA outside storage.
    offenders = []
    for path in sorted((PACKAGE / "services").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if any(module.split(".")[0] == "sqlite3" for _, module in _imports(path)):
            offenders.append(f"{_relative(path)} imports sqlite3")
        if "PRAGMA" in text.upper():
            offenders.append(f"{_relative(path)} runs a PRAGMA")
    assert offenders == []


ENGINE_MODULES = (
    "sqlite3",
    "psycopg",
    "psm_desktop.storage.sqlite",
    "psm_desktop.storage.postgres",
)


def test_no_engine_above_storage() -> None:
    # Services, exchange and the model run unchanged on SQLite and on a PostgreSQL server:
    # only storage/ knows which engine it talks to.
    offenders = [
        f"{_relative(path)}:{line} imports {module}"
        for folder in ("services", "exchange", "model")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        for line, module in _imports(path)
        if any(module == m or module.startswith(m + ".") for m in ENGINE_MODULES)
    ]
    assert offenders == []


def test_the_scanner_catches_nested_and_relative_imports(tmp_path: Path) -> None:
    sample = tmp_path / "services" / "sample.py"
    sample.parent.mkdir()
    sample.write_text(
        "def f():\n"
        "    from PySide6.QtCore import QObject\n"
        "    import openpyxl.styles\n"
        "from ..ui import events\n"
        "from . import queries\n"
        "importlib.import_module('reportlab.pdfgen')\n",
        encoding="utf-8",
    )
    modules = {m for _, m in _imports(sample, root=tmp_path)}
    assert {
        "PySide6.QtCore",
        "openpyxl.styles",
        "psm_desktop.ui",
        "psm_desktop.ui.events",
        "psm_desktop.services.queries",
        "reportlab.pdfgen",
    } <= modules
