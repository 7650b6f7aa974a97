"""Papers per month as a small static bar chart: SVG written at build time,
no script. The chart's accessible name sums it up (range, peak, latest) and
a table under it holds every figure, so nothing is only in the picture."""
from __future__ import annotations

import calendar

from . import escape
from .common import count, month_name

BAR, GAP = 8, 2  # a month's bar and the space after it, in SVG units
HEIGHT = 48  # the tallest bar
LABELS = 12  # room under the bars for the year labels
MIN_WIDTH = 160
YEAR_LABEL = 24  # the width of a year's label


def _summary(counts: list[tuple[str, int]], what: str) -> str:
    first, last = counts[0][0], counts[-1][0]
    peak_month, peak = max(counts, key=lambda kv: (kv[1], kv[0]))
    total = sum(n for _, n in counts)
    return (f"{what} per month, {month_name(first)} to {month_name(last)}: {count(total, 'paper')} in all; "
            f"most in {month_name(peak_month)} ({peak}); {counts[-1][1]} in {month_name(last)}.")


def monthly(counts: list[tuple[str, int]], what: str, ident: str) -> str:
    """The chart of (YYYY-MM, papers) for every month, ascending; `what` names
    what is counted ("Papers", "Papers tagged X"); `ident` makes element ids
    unique on the page. Empty when there is nothing to draw."""
    if len(counts) < 2 or not any(n for _, n in counts):  # one month is no trend
        return ""
    peak = max(n for _, n in counts)
    # A short range gets wider bars: the chart is never narrower than MIN_WIDTH.
    step = max(BAR + GAP, MIN_WIDTH // len(counts))
    bar = step - GAP
    width = len(counts) * step
    bars, labels = [], []
    for i, (ym, n) in enumerate(counts):
        x = i * step
        h = round(HEIGHT * n / peak, 1) if n else 0
        if h:
            bars.append(f'<rect x="{x}" y="{HEIGHT - h}" width="{bar}" height="{h}"><title>{month_name(ym)}: {n}</title></rect>')
        # A year's label at its January, and at the first month when its
        # January is far enough away not to collide with the next label.
        if ym.endswith("-01") or (i == 0 and (13 - int(ym[5:])) * step >= YEAR_LABEL):
            labels.append(f'<text x="{x}" y="{HEIGHT + LABELS - 2}">{ym[:4]}</text>')
    summary = escape.text(_summary(counts, what))
    svg = (f'<svg class="pa-trend__chart" viewBox="0 0 {width} {HEIGHT + LABELS}" width="{width * 2}" '
           f'height="{(HEIGHT + LABELS) * 2}" role="img" aria-labelledby="{ident}-caption" fill="currentColor" '
           f'font-size="9" preserveAspectRatio="xMinYMax meet">'
           f'<line x1="0" y1="{HEIGHT + 0.5}" x2="{width}" y2="{HEIGHT + 0.5}" stroke="currentColor" stroke-width="0.5"/>'
           + "".join(bars) + "".join(labels) + "</svg>")
    rows = "".join(f"<tr><th scope=\"row\">{calendar.month_abbr[int(ym[5:])]} {ym[:4]}</th><td>{n}</td></tr>"
                   for ym, n in counts)
    return (f'<figure class="pa-trend" id="{ident}">{svg}'
            f'<figcaption id="{ident}-caption">{summary}</figcaption>'
            f'<details class="pa-trend__table"><summary>Every month as a table</summary>'
            f'<table><thead><tr><th scope="col">Month</th><th scope="col">Papers</th></tr></thead>'
            f'<tbody>{rows}</tbody></table></details></figure>\n')
