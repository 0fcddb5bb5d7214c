"""Which action of the plan each action of a text is: by wording first, then by code.

At a yearly update an action may be dropped and the following ones renumbered, or an
action reworded a little and moved. Matching by code alone would then hand one action's
status, progress, assignments, deadlines and history to another. So an action is
matched, in this order, to the existing action of the axis with the very same wording
(when that wording is unique on both sides), then to the most similar one (at least
`SIMILAR` alike, word by word), and only then to the one with its code.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol

from psm_desktop.exchange.plan_text.parser import AxisText, TextAction
from psm_desktop.services.structure_service import NodeInfo

SIMILAR = 0.75


class Stated(Protocol):
    """An action as a file states it: its (new) code and its text."""

    @property
    def code(self) -> str: ...

    @property
    def text(self) -> str: ...


def match_actions(text: AxisText, existing: Iterable[NodeInfo]) -> dict[str, NodeInfo]:
    """Text action code -> the existing action it is; unmatched text actions are new."""
    wanted: list[TextAction] = [a for s in text.strategies for a in s.actions]
    return match_stated(wanted, existing)


def match_stated(
    wanted: Sequence[Stated],
    existing: Iterable[NodeInfo],
    matches: dict[str, NodeInfo] | None = None,
) -> dict[str, NodeInfo]:
    """Code -> existing action for each of `wanted`; `matches` are pairs already known."""
    matches = dict(matches or {})
    used: set[int] = {n.id for n in matches.values()}
    current = [n for n in existing if n.id not in used]
    wanted = [a for a in wanted if a.code not in matches]

    def take(action: Stated, node: NodeInfo) -> None:
        matches[action.code] = node
        used.add(node.id)

    in_text = Counter(a.text for a in wanted)
    in_plan = Counter(n.title for n in current)
    unique = {n.title: n for n in current if in_plan[n.title] == 1}
    for action in wanted:
        if in_text[action.text] == 1 and action.text in unique:
            take(action, unique[action.text])
    for action in wanted:
        if action.code not in matches:
            best = _most_similar(action.text, [n for n in current if n.id not in used])
            if best is not None:
                take(action, best)
    by_code = {n.code: n for n in current}
    for action in wanted:
        node = by_code.get(action.code)
        if action.code not in matches and node is not None and node.id not in used:
            take(action, node)
    return matches


def _most_similar(text: str, candidates: list[NodeInfo]) -> NodeInfo | None:
    words = text.split()
    best: tuple[float, NodeInfo] | None = None
    for node in candidates:
        matcher = difflib.SequenceMatcher(a=words, b=node.title.split(), autojunk=False)
        if matcher.quick_ratio() < SIMILAR:
            continue
        ratio = matcher.ratio()
        if ratio >= SIMILAR and (best is None or ratio > best[0]):
            best = (ratio, node)
    return best[1] if best else None
