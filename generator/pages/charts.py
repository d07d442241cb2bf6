"""Static SVG bar charts, inline in a page, with their numbers as a table.

The SVG draws with `currentColor` and CSS classes that extra.css colours
with Material's palette variables, so a chart follows the light/dark toggle.
It is an image to assistive technology (`role="img"`, a `<title>` and a
`<desc>` that sums it up), every bar has a tooltip, and the exact numbers
follow in a `<details>` table. Everything here is raw HTML inside a `<div>`,
which Markdown passes through as is: all text is escaped with `html_text`.
"""
from __future__ import annotations

from dataclasses import dataclass

from .text import html_text

WIDTH = 720
LEFT, BOTTOM, TOP = 44, 18, 10  # room for the value axis, the first/last labels, the top value


@dataclass(frozen=True)
class Bar:
    label: str  # the x-axis label ("Jan 5, 2026", "Jan 2026")
    value: float | None  # None: no data (nothing drawn)
    text: str  # the value as the tooltip and table show it ("12 papers", "25 %")


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def svg(chart_id: str, bars: list[Bar], title: str, desc: str, height: int, unit: str = "") -> str:
    plot_w, plot_h = WIDTH - LEFT - 4, height - TOP - BOTTOM
    top = max((bar.value or 0 for bar in bars), default=0) or 1
    step = plot_w / max(len(bars), 1)
    rects = []
    for i, bar in enumerate(bars):
        if bar.value is None:
            continue
        h = plot_h * bar.value / top
        rects.append(f'<rect class="pa-bar" x="{LEFT + i * step + step * 0.1:.1f}" y="{TOP + plot_h - h:.1f}" '
                     f'width="{step * 0.8:.1f}" height="{h:.1f}"><title>{html_text(bar.label)}: '
                     f"{html_text(bar.text)}</title></rect>")
    base = TOP + plot_h
    axis = [f'<line class="pa-axis" x1="{LEFT}" y1="{base}" x2="{WIDTH - 4}" y2="{base}"/>',
            f'<line class="pa-grid" x1="{LEFT}" y1="{TOP}" x2="{WIDTH - 4}" y2="{TOP}"/>',
            f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{_number(top)}{unit}</text>',
            f'<text x="{LEFT - 4}" y="{base}" text-anchor="end">0</text>']
    if bars:
        axis.append(f'<text x="{LEFT}" y="{height - 4}">{html_text(bars[0].label)}</text>')
    if len(bars) > 1:
        axis.append(f'<text x="{WIDTH - 4}" y="{height - 4}" text-anchor="end">{html_text(bars[-1].label)}</text>')
    return (f'<svg class="pa-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" fill="currentColor">'
            f'<title id="{chart_id}-title">{html_text(title)}</title>'
            f'<desc id="{chart_id}-desc">{html_text(desc)}</desc>'
            + "".join(axis + rects) + "</svg>")


def table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{html_text(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html_text(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def chart(chart_id: str, bars: list[Bar], title: str, desc: str, columns: tuple[str, ...],
          rows: list[tuple[str, ...]], height: int = 200, unit: str = "") -> str:
    """A chart block for a Markdown page: the SVG, then its numbers in a collapsed table."""
    return (f'<div class="pa-chart" id="{chart_id}">\n{svg(chart_id, bars, title, desc, height, unit)}\n'
            f'<details class="pa-data"><summary>The numbers</summary>{table(columns, rows)}</details>\n</div>')
