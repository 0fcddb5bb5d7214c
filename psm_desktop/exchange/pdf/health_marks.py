"""How a computed andamento prints: a mark and words, in a colour (never colour alone)."""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable

from psm_desktop.exchange.pdf.parts import SheetContext
from psm_desktop.model import Health
from psm_desktop.services.monitoring.indicators import format_number

HEALTH_MARKS = {
    Health.ON_TRACK: "✓",
    Health.ATTENTION: "▲",
    Health.CRITICAL: "✗",
    Health.NOT_RATED: "○",
}
HEALTH_COLORS = {
    Health.ON_TRACK: "#2E7D5B",
    Health.ATTENTION: "#B26A00",
    Health.CRITICAL: "#B5121B",
    Health.NOT_RATED: "#7A828C",
}


def health_words(health: Health) -> str:
    """ "✓ In linea": the mark first, so a column of them reads at a glance."""
    return f"{HEALTH_MARKS[health]} {health.label}"


def health_text(ctx: SheetContext, health: Health, width: float) -> Flowable:
    return ctx.line(health_words(health), width, bold=True, color=HEALTH_COLORS[health])


def percent(value: float | None) -> str:
    """ "42,5 %", or the dash when there is nothing to compute it from."""
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " %"


def target_text(value: Decimal | None) -> str:
    """A period's target: interpolated ones have four decimals; two are enough to read."""
    if value is None:
        return "—"
    return format_number(value.quantize(Decimal("0.01")).normalize())
