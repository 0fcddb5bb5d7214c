"""What importing an axis text would change: new, changed (word by word) and missing items.

Strategies are matched by code (the text's codes are checked to run 1, 2, 3…, the
database's follow positions); actions by wording first, then by code (`matching`). An
existing action whose text or code changes keeps its status, progress, assignments,
deadlines and history.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
from dataclasses import dataclass

from psm_desktop.exchange.plan_text.matching import match_actions
from psm_desktop.exchange.plan_text.parser import ACTION, AXIS, STRATEGY, AxisText
from psm_desktop.formatting import format_date, plural
from psm_desktop.services.structure_service import AxisOutline, NodeInfo

_TOKENS = re.compile(r"\s+|[^\s]+")
CODE_LABEL = "Codice"


class ItemStatus(enum.Enum):
    NEW = "nuovo"
    CHANGED = "modificato"
    MISSING = "mancante"


@dataclass(frozen=True, slots=True)
class WordDiff:
    """One run of words: kept ('='), removed ('-') or added ('+')."""

    op: str
    text: str


# A paragraph rewritten from scratch keeps only "e", "di", "la": its word runs interleave into
# something unreadable. Below this share of kept words (in a text of at least WHOLE_MIN_WORDS
# words) the two texts are shown whole, the old one removed and the new one added.
WHOLE_BELOW = 1 / 3
WHOLE_MIN_WORDS = 12


def word_diff(old: str, new: str) -> tuple[WordDiff, ...]:
    """The difference of two texts word by word (spaces kept, so the runs rebuild both);
    two wholly different paragraphs are two runs: the old text removed, the new added."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    runs: list[WordDiff] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if _rewritten(matcher, a, b):
        return (WordDiff("-", old), WordDiff("+", new))
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(WordDiff("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(WordDiff("-", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(WordDiff("+", "".join(b[j1:j2])))
    return tuple(runs)


def _rewritten(matcher: difflib.SequenceMatcher[str], a: list[str], b: list[str]) -> bool:
    words = max(sum(1 for t in a if not t.isspace()), sum(1 for t in b if not t.isspace()))
    if words < WHOLE_MIN_WORDS:
        return False
    kept = sum(
        1
        for block in matcher.get_matching_blocks()
        for token in a[block.a : block.a + block.size]
        if not token.isspace()
    )
    return kept < words * WHOLE_BELOW


def render_word_diff(runs: tuple[WordDiff, ...]) -> str:
    """As `git diff --word-diff` writes it: [-removed-]{+added+}."""
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    return "".join(f"{marks[r.op][0]}{r.text}{marks[r.op][1]}" for r in runs)


@dataclass(frozen=True, slots=True)
class FieldDiff:
    label: str  # "Titolo", "Descrizione", "Testo"
    old: str
    new: str
    words_wise: bool = True  # False: shown as old → new (codes, numbers, dates)

    @property
    def words(self) -> tuple[WordDiff, ...]:
        return word_diff(self.old, self.new)


@dataclass(frozen=True, slots=True)
class ItemDiff:
    """One axis, strategy or action that the import adds, changes or finds missing."""

    entity: str  # "asse", "strategia", "azione"
    code: str
    status: ItemStatus
    text: str  # title (axis, strategy) or text (action): the new one, or the kept one
    description: str = ""
    fields: tuple[FieldDiff, ...] = ()
    line: int | None = None  # where the text states it
    entity_id: int | None = None  # the database row (changed and missing items)

    @property
    def heading(self) -> str:
        return f"{self.entity.capitalize()} {self.code}".strip()


class ItemList:
    """What an import preview lists (an axis text, a structure workbook), by status."""

    __slots__ = ()
    items: tuple[ItemDiff, ...]

    def of(self, status: ItemStatus) -> list[ItemDiff]:
        return [i for i in self.items if i.status is status]

    @property
    def new(self) -> list[ItemDiff]:
        return self.of(ItemStatus.NEW)

    @property
    def changed(self) -> list[ItemDiff]:
        return self.of(ItemStatus.CHANGED)

    @property
    def missing(self) -> list[ItemDiff]:
        return self.of(ItemStatus.MISSING)

    def summary(self, where: str = "nel testo") -> str:
        return (
            f"{plural(len(self.new), 'nuovo', 'nuovi')}, "
            f"{plural(len(self.changed), 'modificato', 'modificati')}, "
            f"{plural(len(self.missing), 'mancante', 'mancanti')} {where}"
        )


@dataclass(frozen=True, slots=True)
class TextImportPreview(ItemList):
    axis: AxisText
    items: tuple[ItemDiff, ...]
    updated_on: tuple[dt.date | None, dt.date] | None  # (old, new) when it changes
    matches: tuple[tuple[str, int], ...] = ()  # (text action code, existing action id)

    @property
    def is_noop(self) -> bool:
        return not self.items and self.updated_on is None


def compare(
    text: AxisText, outline: AxisOutline | None, plan_updated_on: dt.date | None
) -> TextImportPreview:
    """What importing `text` over `outline` (None: the axis does not exist yet) would do."""
    items: list[ItemDiff] = []
    strategies = {s.node.code: s for s in outline.strategies} if outline else {}
    actions = [a for s in outline.strategies for a in s.actions] if outline else []
    matches = match_actions(text, actions)
    if outline is None:
        items.append(_new(AXIS, str(text.number), text.title, text.description, text.line))
    else:
        fields = _fields(outline.node, text.title, text.description)
        if fields:
            items.append(
                ItemDiff(
                    AXIS,
                    str(text.number),
                    ItemStatus.CHANGED,
                    text.title,
                    text.description,
                    fields,
                    text.line,
                    outline.node.id,
                )
            )
    for strategy in text.strategies:
        existing = strategies.get(strategy.code)
        if existing is None:
            items.append(
                _new(STRATEGY, strategy.code, strategy.title, strategy.description, strategy.line)
            )
        else:
            fields = _fields(existing.node, strategy.title, strategy.description)
            if fields:
                items.append(
                    ItemDiff(
                        STRATEGY,
                        strategy.code,
                        ItemStatus.CHANGED,
                        strategy.title,
                        strategy.description,
                        fields,
                        strategy.line,
                        existing.node.id,
                    )
                )
        for action in strategy.actions:
            node = matches.get(action.code)
            if node is None:
                items.append(_new(ACTION, action.code, action.text, "", action.line))
                continue
            pairs = ((CODE_LABEL, node.code, action.code), ("Testo", node.title, action.text))
            fields = tuple(FieldDiff(label, old, new) for label, old, new in pairs if old != new)
            if fields:
                items.append(
                    ItemDiff(
                        ACTION,
                        action.code,
                        ItemStatus.CHANGED,
                        action.text,
                        fields=fields,
                        line=action.line,
                        entity_id=node.id,
                    )
                )
    matched = {n.id for n in matches.values()}
    stated = {s.code for s in text.strategies}
    for existing in outline.strategies if outline else ():
        if existing.node.code not in stated:
            items.append(_missing(STRATEGY, existing.node))
        items.extend(_missing(ACTION, a) for a in existing.actions if a.id not in matched)
    updated = None
    if text.updated_on is not None and text.updated_on != plan_updated_on:
        updated = (plan_updated_on, text.updated_on)
    placed = tuple(sorted((code, node.id) for code, node in matches.items()))
    return TextImportPreview(text, tuple(items), updated, placed)


def _new(entity: str, code: str, text: str, description: str, line: int) -> ItemDiff:
    return ItemDiff(entity, code, ItemStatus.NEW, text, description, line=line)


def _fields(node: NodeInfo, title: str, description: str) -> tuple[FieldDiff, ...]:
    pairs = (("Titolo", node.title, title), ("Descrizione", node.description, description))
    return tuple(FieldDiff(label, old, new) for label, old, new in pairs if old != new)


def _missing(entity: str, node: NodeInfo) -> ItemDiff:
    return ItemDiff(
        entity, node.code, ItemStatus.MISSING, node.title, node.description, entity_id=node.id
    )


def preview_lines(preview: TextImportPreview, *, removals_hint: str = "") -> list[str]:
    """The preview as plain text (the command line prints it)."""
    axis = preview.axis
    lines = [f"Asse {axis.number} - {axis.title} (da {axis.file_name})"]
    if preview.is_noop:
        return [*lines, "Nessuna differenza: il piano contiene già questo testo."]
    lines += item_lines(preview, "Mancanti nel testo", removals_hint)
    if preview.updated_on is not None:
        old, new = preview.updated_on
        shown = f"{format_date(new)} (prima: {format_date(old, '—')})"
        lines += ["", f"Ultimo aggiornamento del piano: {shown}"]
    lines += ["", f"Riepilogo: {preview.summary()}."]
    return lines


def item_lines(preview: ItemList, missing_heading: str, removals_hint: str = "") -> list[str]:
    """The new, changed and missing items, changes word by word, as plain text."""
    lines: list[str] = []
    for status, heading in (
        (ItemStatus.NEW, "Nuovi"),
        (ItemStatus.CHANGED, "Modificati"),
        (ItemStatus.MISSING, missing_heading),
    ):
        chosen = preview.of(status)
        if not chosen:
            continue
        hint = f" {removals_hint}" if status is ItemStatus.MISSING and removals_hint else ""
        lines += ["", f"{heading} ({len(chosen)}){hint}:"]
        for item in chosen:
            # A changed item shows its differences, not its whole text once more.
            shown = "" if item.fields else f" - {item.text}"
            lines.append(f"  {item.heading}{shown}")
            for diff in item.fields:
                shown = (
                    render_word_diff(diff.words)
                    if diff.words_wise and diff.label != CODE_LABEL
                    else f"{diff.old or '—'} → {diff.new or '—'}"
                )
                lines.append(f"      {diff.label}: {shown}")
    return lines
