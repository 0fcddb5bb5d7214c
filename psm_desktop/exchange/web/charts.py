"""Charts as inline SVG: a title, a description, text on the bars, and patterns as well as
colours, so colour never carries the meaning alone. Each chart sits beside a table with
the same figures (the pages put it there)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from psm_desktop.model import Health

# Colour, pattern and a word for each health: white text on these is at least 4.5:1.
HEALTH_STYLE: dict[Health, tuple[str, str]] = {
    Health.ON_TRACK: ("#00703c", ""),
    Health.ATTENTION: ("#8a4b00", "righe"),
    Health.CRITICAL: ("#b00020", "quadretti"),
    Health.NOT_RATED: ("#4f5d6d", "punti"),
}
HEALTH_ORDER = (Health.ON_TRACK, Health.ATTENTION, Health.CRITICAL, Health.NOT_RATED)

WIDTH = 600
ROW_H = 34
BAR_H = 24


def _patterns(prefix: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{prefix}-righe" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#8a4b00"/>'
        '<rect width="3" height="8" fill="#6b3a00"/></pattern>'
        f'<pattern id="{prefix}-quadretti" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#b00020"/>'
        '<path d="M0 0H8M0 0V8" stroke="#7a0016" stroke-width="3"/></pattern>'
        f'<pattern id="{prefix}-punti" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#4f5d6d"/>'
        '<circle cx="4" cy="4" r="1.6" fill="#2e3741"/></pattern>'
        f'<pattern id="{prefix}-atteso" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        '<rect width="3" height="8" fill="#5c6f82"/></pattern>'
        "</defs>"
    )


def _fill(prefix: str, health: Health) -> str:
    colour, pattern = HEALTH_STYLE[health]
    return f"url(#{prefix}-{pattern})" if pattern else colour


def _svg_open(prefix: str, height: int, title: str, desc: str) -> str:
    return (
        f'<svg class="grafico" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{prefix}-titolo {prefix}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{prefix}-titolo">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>'
    )


def _label_width(labels: Sequence[str]) -> int:
    """Room for the row labels on the left (about 8 px a character at 14 px)."""
    return min(200, 16 + 8 * max((len(label) for label in labels), default=4))


def _label(x: int, y: float, text: str) -> str:
    short = text if len(text) <= 24 else text[:23] + "…"
    return (
        f'<text x="{x - 8}" y="{y:.0f}" text-anchor="end" class="etichetta">{escape(short)}</text>'
    )


def pct(value: float | int | None) -> str:
    """45,5% (one decimal at most, Italian comma); "—" when there is nothing to show."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


@dataclass(frozen=True, slots=True)
class HealthRow:
    label: str
    counts: tuple[tuple[Health, int], ...]


def health_bars(prefix: str, title: str, rows: Sequence[HealthRow]) -> str:
    """Stacked horizontal bars: how many actions of each row are in each health."""
    legend_h = 30
    label_w = _label_width([r.label for r in rows])
    height = legend_h + ROW_H * len(rows) + 8
    desc_parts = []
    for row in rows:
        counts = dict(row.counts)
        parts = ", ".join(f"{h.label.lower()} {counts.get(h, 0)}" for h in HEALTH_ORDER)
        desc_parts.append(f"{row.label}: {parts}")
    out = [_svg_open(prefix, height, title, "; ".join(desc_parts) + "."), _patterns(prefix)]
    x: float = label_w
    for health in HEALTH_ORDER:  # the legend: a swatch with its pattern, and the word
        out.append(f'<rect x="{x}" y="6" width="16" height="16" fill="{_fill(prefix, health)}"/>')
        out.append(f'<text x="{x + 22}" y="19" class="legenda">{escape(health.label)}</text>')
        x += 34 + 7 * len(health.label)
    scale_w = WIDTH - label_w - 10
    for index, row in enumerate(rows):
        y = legend_h + index * ROW_H
        out.append(_label(label_w, y + BAR_H / 2 + 5, row.label))
        total = sum(n for _, n in row.counts)
        x = label_w
        if not total:
            out.append(
                f'<text x="{x}" y="{y + BAR_H / 2 + 5:.0f}" class="etichetta">nessuna azione</text>'
            )
            continue
        counts = dict(row.counts)
        for health in HEALTH_ORDER:
            n = counts.get(health, 0)
            if not n:
                continue
            w = scale_w * n / total
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H}" '
                f'fill="{_fill(prefix, health)}" stroke="#ffffff" stroke-width="1"/>'
            )
            if w >= 22:
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + BAR_H / 2 + 5:.0f}" '
                    f'text-anchor="middle" class="valore">{n}</text>'
                )
            x += w
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class ProgressRow:
    label: str
    progress: float | None
    expected: float | None


def progress_bars(prefix: str, title: str, rows: Sequence[ProgressRow]) -> str:
    """Two bars a row: declared progress (solid) and expected progress (striped)."""
    legend_h = 30
    label_w = _label_width([r.label for r in rows])
    row_h = 2 * 16 + 14
    height = legend_h + row_h * len(rows) + 4
    desc = "; ".join(
        f"{r.label}: avanzamento dichiarato {pct(r.progress)}, atteso {pct(r.expected)}"
        for r in rows
    )
    out = [_svg_open(prefix, height, title, desc + "."), _patterns(prefix)]
    out.append(f'<rect x="{label_w}" y="6" width="16" height="16" fill="#0066cc"/>')
    out.append(f'<text x="{label_w + 22}" y="19" class="legenda">Avanzamento dichiarato</text>')
    out.append(
        f'<rect x="{label_w + 200}" y="6" width="16" height="16" '
        f'fill="url(#{prefix}-atteso)" stroke="#5c6f82"/>'
    )
    out.append(f'<text x="{label_w + 222}" y="19" class="legenda">Avanzamento atteso</text>')
    scale_w = WIDTH - label_w - 70
    for index, row in enumerate(rows):
        y = legend_h + index * row_h
        out.append(_label(label_w, y + 20, row.label))
        for offset, value, fill in (
            (0, row.progress, 'fill="#0066cc"'),
            (16, row.expected, f'fill="url(#{prefix}-atteso)" stroke="#5c6f82"'),
        ):
            w = scale_w * (value or 0) / 100
            out.append(f'<rect x="{label_w}" y="{y + offset}" width="{w:.1f}" height="14" {fill}/>')
            out.append(
                f'<text x="{label_w + w + 6:.1f}" y="{y + offset + 12}" '
                f'class="etichetta">{pct(value)}</text>'
            )
    out.append("</svg>")
    return "".join(out)
