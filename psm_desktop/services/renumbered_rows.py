"""The plan's action rows after a move, from the rows read before it and its code changes.

A move changes codes, order and versions, nothing else: patching the rows already loaded
gives what a fresh read would (a test checks it) without reading 10,000 actions again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from psm_desktop.model.codes import code_order
from psm_desktop.services.action_rows import haystack
from psm_desktop.services.code_changes import ACTION, CodeChange
from psm_desktop.services.dto import ActionRow


def renumbered(rows: Iterable[ActionRow], changes: Iterable[CodeChange]) -> list[ActionRow]:
    """`rows` with the new codes (and versions) of `changes`, in plan order."""
    moved = {c.entity_id: c for c in changes if c.entity == ACTION}
    result = []
    for row in rows:
        change = moved.get(row.id)
        if change is not None:
            code = change.new_code
            row = replace(
                row,
                code=code,
                axis_number=int(code.split(".", 1)[0]),
                strategy_code=code.rsplit(".", 1)[0],
                version=change.version,
                haystack=haystack(code, row.text, row.short_title, row.lead),
            )
        result.append(row)
    # Codes follow positions: sorting by them is the plan order a fresh read gives.
    result.sort(key=lambda r: (code_order(r.code), r.id))
    return result
