"""The computed andamento on the action and axis sheets: of the open period, else of today.

The sheets say which: an open period's state is scored at its reference date with its
values; without one, the plan is scored today with the latest period's values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from psm_desktop.exchange.pdf.health_marks import health_text
from psm_desktop.exchange.pdf.parts import CONTENT_WIDTH, SheetContext, data_table
from psm_desktop.services.monitoring.indicators import format_number
from psm_desktop.services.monitoring.state import ActionState, IndicatorState
from psm_desktop.services.monitoring.summary import HealthSummary

INDICATOR_COLUMNS = ["Indicatore", "Andamento", "Partenza", "Obiettivo", "Valori per periodo"]
_IW = [0.0, 33 * mm, 19 * mm, 24 * mm, 52 * mm]
INDICATOR_WIDTHS = [CONTENT_WIDTH - sum(_IW) if w == 0 else w for w in _IW]


@dataclass(frozen=True)
class SheetHealth:
    basis: str  # "Andamento al 30/06/2026, periodo «2026-S1» aperto", or of today
    actions: dict[int, ActionState]
    indicators: dict[str, list[IndicatorState]]  # by the owner's code
    history: dict[int, tuple[tuple[str, str], ...]]  # indicator id: (period, shown value)
    rollup: str  # how strategies and axes sum their actions up, as the rule says
    strategies: dict[str, HealthSummary] = field(default_factory=dict)
    axes: dict[str, HealthSummary] = field(default_factory=dict)


def by_owner(indicators: tuple[IndicatorState, ...]) -> dict[str, list[IndicatorState]]:
    out: dict[str, list[IndicatorState]] = defaultdict(list)
    for ind in indicators:
        out[ind.owner].append(ind)
    return dict(out)


def indicator_table(
    ctx: SheetContext, found: list[IndicatorState], history: dict[int, tuple[tuple[str, str], ...]]
) -> Flowable:
    w = INDICATOR_WIDTHS
    rows = []
    for ind in found:
        values = " · ".join(f"{name}: {shown}" for name, shown in history.get(ind.id, ()))
        target = format_number(ind.target) or "—"
        if ind.target_date is not None:
            target += f" ({ind.target_date.year})"
        rows.append(
            [
                ctx.para(f"{ind.name}{f' ({ind.unit})' if ind.unit else ''}"),
                health_text(ctx, ind.health, w[1]),
                ctx.line(format_number(ind.baseline) or "—", w[2], right=True),
                ctx.line(target, w[3], right=True),
                ctx.para(values or "nessun valore rilevato"),
            ]
        )
    return data_table(ctx, INDICATOR_COLUMNS, rows, w, title="Indicatori")
