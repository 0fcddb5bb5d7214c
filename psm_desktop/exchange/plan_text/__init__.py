"""Import an axis of the plan from the text of its web page: parse, preview, apply."""

from psm_desktop.exchange.plan_text.apply import (
    TextImportResult,
    apply_text_import,
    prepare_text_import,
    preview_text,
)
from psm_desktop.exchange.plan_text.parser import (
    AxisText,
    PlanTextError,
    parse_axis_text,
    read_axis_text,
)
from psm_desktop.exchange.plan_text.preview import (
    ItemDiff,
    ItemStatus,
    TextImportPreview,
    preview_lines,
    word_diff,
)

__all__ = [
    "AxisText",
    "ItemDiff",
    "ItemStatus",
    "PlanTextError",
    "TextImportPreview",
    "TextImportResult",
    "apply_text_import",
    "parse_axis_text",
    "prepare_text_import",
    "preview_lines",
    "preview_text",
    "read_axis_text",
    "word_diff",
]
