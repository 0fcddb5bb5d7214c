"""Bulk work without the cyclic garbage collector's repeated passes over what it builds.

Importing a 10,000-action tracker creates millions of containers (rows, dicts, records)
that live until the import ends; each time enough of them are allocated, the collector
walks all of them again looking for cycles, and on a big plan that costs a fifth of the
import. Reference counting still frees everything that is not a cycle while the collector
is paused; the cycles left (ORM sessions, workbooks) are collected once it is back.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (it was on: it is on again after)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
