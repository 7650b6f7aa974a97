"""Top-list pages (generator/site/tops.py): the most upvoted papers of each week,
month and year, an index of them, and links to them from the home, day,
month and year pages."""
from __future__ import annotations

import calendar

from .. import tops, urls
from ...archive.model import Paper
from . import escape
from .common import Context, count, front_matter, long_date, month_name, neighbours, paper_list

INDEX = "top/index.md"


def path(kind: str, period: str) -> str:
    if kind == "year":
        return f"top/{period}.md"
    if kind == "month":
        return f"top/{period[:4]}/{period[5:7]}.md"
    year, week = period.split("-W")
    return f"top/{year}/week-{week}.md"


def period_name(kind: str, period: str) -> str:
    if kind == "year":
        return period
    if kind == "month":
        return month_name(period)
    return f"the week of {long_date(tops.week_days(period)[0])}"


def _short_name(kind: str, period: str) -> str:
    if kind == "week":
        return f"week of {long_date(tops.week_days(period)[0])}"
    return period_name(kind, period)


def top_page(top: tops.Top, prev: str | None, nxt: str | None, ctx: Context) -> str:
    here = path(top.kind, top.period)
    name = period_name(top.kind, top.period)
    title = f"Top papers of {name}"
    nav = neighbours(here, "periods", prev and (path(top.kind, prev), _short_name(top.kind, prev)),
                     (INDEX, "All top lists"), nxt and (path(top.kind, nxt), _short_name(top.kind, nxt)))
    if top.kind == "week":
        monday, sunday = tops.week_days(top.period)
        span = f" ({escape.text(long_date(monday))} to {escape.text(long_date(sunday))})"
    else:
        span = ""
    ranked = len(top.papers)
    what = "The most upvoted paper" if ranked == 1 else f"The {ranked} most upvoted papers"
    note = (f"{what} of {count(top.listed, 'paper')} on the daily lists of {escape.text(name)}{span}, "
            "by their upvotes when last imported.")
    if top.unranked:
        note += f" {count(top.unranked, 'paper')} without an upvote count {'is' if top.unranked == 1 else 'are'} not ranked."
    return (front_matter(title) + f"<h1>{escape.text(title)}</h1>\n"
            + nav + f'<p class="pa-count">{note}</p>\n'
            + paper_list(here, top.papers, ctx))


def index_page(all_tops: dict[str, dict[str, tops.Top]]) -> str:
    here = INDEX
    parts = [front_matter("Top papers"), "<h1>Top papers</h1>\n"]
    if not any(all_tops.values()):
        parts.append("<p>No top lists: no paper of the archive has an upvote count "
                     "(the daily lists imported so far carry none).</p>\n")
        return "".join(parts)
    parts.append("<p>The most upvoted papers of each year, month and week of the daily lists.</p>\n")
    years = sorted({p[:4] for kind in all_tops.values() for p in kind}, reverse=True)
    for year in years:
        head = (f'<a href="{urls.href(here, path("year", year))}">{year}</a>' if year in all_tops["year"] else year)
        parts.append(f'<h2 id="y{year}">{head}</h2>\n')
        months = [ym for ym in sorted(all_tops["month"]) if ym.startswith(year)]
        if months:
            links = " ".join(f'<a href="{urls.href(here, path("month", ym))}">{calendar.month_abbr[int(ym[5:])]}</a>'
                             for ym in months)
            parts.append(f'<p class="pa-toplinks">Months: {links}</p>\n')
        weeks = [w for w in sorted(all_tops["week"]) if w.startswith(year)]
        if weeks:
            links = " ".join(f'<a href="{urls.href(here, path("week", w))}" title="{escape.text(_short_name("week", w))}">'
                             f'{int(w[6:])}</a>' for w in weeks)
            parts.append(f'<p class="pa-toplinks">Weeks: {links}</p>\n')
    return "".join(parts)


def _link(here: str, kind: str, period: str, label: str) -> str:
    return f'<a href="{urls.href(here, path(kind, period))}">{escape.text(label)}</a>'


def extension(papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
    """An Extension: every top-list page and the index, and links to them
    from the home, day, month and year pages (ctx.page_links)."""
    days = ctx.days(papers)
    found = tops.all_tops(days)
    out = pages(found, ctx)
    announce(found, days, ctx)
    return out


def pages(found: dict[str, dict[str, tops.Top]], ctx: Context, only: set[tuple[str, str]] | None = None) -> dict[str, str]:
    """The index and the top-list pages; `only`: the (kind, period) pages
    wanted (`make serve` redoes the periods an edit touched)."""
    out = {INDEX: index_page(found)}
    for kind, by_period in found.items():
        order = list(by_period)
        for period, top in by_period.items():
            if only is None or (kind, period) in only:
                prev, nxt = tops.neighbours(order, period)
                out[path(kind, period)] = top_page(top, prev, nxt, ctx)
    return out


def announce(found: dict[str, dict[str, tops.Top]], days, ctx: Context) -> None:
    """Links to the top lists from the home, day, month and year pages."""
    def add(page: str, links: list[str]) -> None:
        if links:
            ctx.page_links.setdefault(page, []).append("Top papers: " + " · ".join(links))

    for day in days:
        here = urls.day(day)
        week, ym = tops.week_of(day), day[:7]
        add(here, [_link(here, k, p, f"of {period_name(k, p)}") for k, p in (("week", week), ("month", ym))
                   if p in found[k]])
    for ym in {d[:7] for d in days}:
        if ym in found["month"]:
            add(urls.month(ym), [_link(urls.month(ym), "month", ym, f"of {month_name(ym)}")])
    for year in {d[:4] for d in days}:
        if year in found["year"]:
            add(urls.year(year), [_link(urls.year(year), "year", year, f"of {year}")])
    latest = [(k, max(found[k])) for k in ("week", "month", "year") if found[k]]
    home = [_link(urls.HOME, k, p, _short_name(k, p)) for k, p in latest]
    if home:
        home.append(f'<a href="{urls.href(urls.HOME, INDEX)}">all top lists</a>')
    add(urls.HOME, home)
