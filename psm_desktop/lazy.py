"""Names of a package loaded on first use (PEP 562), so that importing one light module of
it does not import all the others (start-up speed: see tests/unit/test_startup_imports.py)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_attributes(package: str, modules: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__`: each name in `modules` is imported from its module when
    first asked for."""

    def getattr_(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return getattr_
