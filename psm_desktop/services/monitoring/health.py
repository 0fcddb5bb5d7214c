"""The health rule (andamento): computed, documented, and kept apart from the declared status.

Everything here is pure arithmetic on plain values, so the rule is tested at its edges
without a database and printed on every report exactly as it is applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from psm_desktop.model import Direction, Health, Rollup, Status


@dataclass(frozen=True, slots=True)
class HealthRule:
    """Thresholds on the score (the share of what was expected that was achieved, 0-100)."""

    on_track: float = 95.0  # at least this: in linea
    attention: float = 85.0  # at least this (and below on_track): da attenzionare
    rollup: Rollup = Rollup.AVERAGE

    def __post_init__(self) -> None:
        if not 0 < self.attention < self.on_track <= 100:
            raise ValueError("soglie non valide")

    def classify(self, score: float | None) -> Health:
        if score is None:
            return Health.NOT_RATED
        if score >= self.on_track:
            return Health.ON_TRACK
        if score >= self.attention:
            return Health.ATTENTION
        return Health.CRITICAL

    def describe(self) -> list[str]:
        """The rule in Italian, as every report that uses it prints it."""
        on, att = _pct(self.on_track), _pct(self.attention)
        weighting = (
            "media dei punteggi delle azioni pesata sul loro budget (le azioni senza budget "
            "non pesano; se nessuna ha un budget, media semplice)"
            if self.rollup is Rollup.BUDGET
            else "media semplice dei punteggi delle azioni valutabili"
        )
        return [
            "Avanzamento atteso: lineare tra data di inizio e data di fine dell'azione, "
            "calcolato alla data di riferimento del periodo (0 % prima dell'inizio, 100 % "
            "dalla data di fine).",
            "Punteggio dell'avanzamento: avanzamento dichiarato in percentuale di quello "
            "atteso (al massimo 100); un'azione completata vale 100; un'azione annullata o "
            "senza date non è valutabile.",
            "Punteggio di un indicatore: quanto del percorso dal valore di partenza "
            "all'obiettivo del periodo è stato fatto (obiettivo intermedio se fissato, "
            "altrimenti interpolato tra valore di partenza e obiettivo finale); per un "
            "intervallo, 100 dentro e in calo con la distanza fuori; n.d. non è valutabile.",
            "Andamento dell'azione: il punteggio peggiore tra avanzamento e indicatori.",
            f"In linea: punteggio almeno {on}; da attenzionare: da {att} a meno di {on}; "
            f"critico: sotto {att}; non valutabile: nessun dato su cui calcolarlo.",
            f"Strategie, assi e piano: {weighting}.",
        ]


def _pct(value: float) -> str:
    return f"{value:g} %".replace(".", ",")


def expected_progress(start: dt.date | None, end: dt.date | None, at: dt.date) -> float | None:
    """Where the action should be at `at`, if it ran linearly from start to end."""
    if start is None or end is None:
        return None
    if at <= start:
        return 0.0
    if at >= end:
        return 100.0
    return round((at - start).days / (end - start).days * 100, 1)


def progress_score(status: Status, progress: int, expected: float | None) -> float | None:
    if status is Status.CANCELLED:
        return None
    if status is Status.COMPLETED:
        return 100.0
    if expected is None:
        return None
    if expected <= 0:
        return 100.0  # nothing was due yet
    return round(min(100.0, progress / expected * 100), 1)


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    direction: Direction
    baseline: Decimal | None
    baseline_date: dt.date | None
    target: Decimal | None
    target_date: dt.date | None
    range_min: Decimal | None
    range_max: Decimal | None


def period_target(
    facts: IndicatorFacts, intermediate: Decimal | None, at: dt.date
) -> Decimal | None:
    """The target that applies at `at`: the intermediate one, else interpolated, else final."""
    if intermediate is not None:
        return intermediate
    if facts.target is None:
        return None
    if (
        facts.baseline is not None
        and facts.baseline_date is not None
        and facts.target_date is not None
        and facts.target_date > facts.baseline_date
    ):
        if at <= facts.baseline_date:
            return facts.baseline
        if at < facts.target_date:
            share = Decimal((at - facts.baseline_date).days) / Decimal(
                (facts.target_date - facts.baseline_date).days
            )
            return (facts.baseline + (facts.target - facts.baseline) * share).quantize(
                Decimal("0.0001")
            )
    return facts.target


def indicator_score(
    facts: IndicatorFacts, value: Decimal | None, target: Decimal | None
) -> float | None:
    """How much of what was expected for the period the measured value achieves (0-100)."""
    if value is None:
        return None  # n.d. or not measured: never read as zero
    if facts.direction is Direction.RANGE:
        return _range_score(facts.range_min, facts.range_max, value)
    if target is None:
        return None
    higher = facts.direction is Direction.HIGHER
    if facts.baseline is not None and facts.baseline != target:
        share = (value - facts.baseline) / (target - facts.baseline) * 100
        return round(max(0.0, min(100.0, float(share))), 1)
    met = value >= target if higher else value <= target
    if met:
        return 100.0
    if higher:
        return round(max(0.0, float(value / target * 100)), 1) if target > 0 else 0.0
    return round(max(0.0, float(target / value * 100)), 1) if value > 0 else 0.0


def _range_score(low: Decimal | None, high: Decimal | None, value: Decimal) -> float | None:
    if low is None and high is None:
        return None
    if (low is None or value >= low) and (high is None or value <= high):
        return 100.0
    width = (high - low) if low is not None and high is not None and high > low else None
    edge = low if low is not None and value < low else high
    assert edge is not None
    scale = width or abs(edge) or Decimal(1)
    return round(max(0.0, 100 - float(abs(value - edge) / scale * 100)), 1)


def action_score(components: Iterable[float | None]) -> float | None:
    """The worst of the rated components: a good progress does not hide a missed indicator."""
    rated = [c for c in components if c is not None]
    return min(rated) if rated else None


def rollup_score(
    items: Sequence[tuple[float | None, Decimal | None]], rule: HealthRule
) -> float | None:
    """Sum up (score, budget) pairs of actions as the rule says."""
    rated = [(score, budget) for score, budget in items if score is not None]
    if not rated:
        return None
    if rule.rollup is Rollup.BUDGET:
        total = sum((b for _, b in rated if b), Decimal(0))
        if total > 0:
            weighted = sum((Decimal(str(s)) * b for s, b in rated if b), Decimal(0)) / total
            return round(float(weighted), 1)
    return round(sum(s for s, _ in rated) / len(rated), 1)
