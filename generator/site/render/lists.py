"""Index pages: days, months, years, the archive calendar, tags and home."""
from __future__ import annotations

import calendar

from .. import urls
from ..indexes import PAGE_SIZE, ListPage, Page
from ...archive.model import Paper
from . import escape
from .common import (Context, count, front_matter, head_meta, list_pager, long_date, month_name, neighbours, page_links, pager, paper_list)


def day_page(day: str, page: Page, prev_day: str | None, next_day: str | None, ctx: Context) -> str:
    here = urls.day(day, page.number)
    title = f"Papers of {long_date(day)}"
    nav = neighbours(here, "days", prev_day and (urls.day(prev_day), long_date(prev_day)),
                     (urls.month(day[:7]), month_name(day[:7])), next_day and (urls.day(next_day), long_date(next_day)))
    total = count(len(page.items), "paper") if page.count == 1 else f"page {page.number} of {page.count}"
    # indexes.day_order: by upvotes, then title; a list without upvotes is in title order.
    order = "most upvoted first" if any(p.upvotes is not None for p in page.items) else "by title (no upvote counts)"
    return (front_matter(title) + f"<h1>{escape.text(title)}</h1>\n"
            + nav + f'<p class="pa-count">{total}, {order}.</p>\n' + page_links(here, ctx)
            + pager(here, page, lambda n: urls.day(day, n), "top")
            + paper_list(here, page.items, ctx, show_day=False, start=_first(page))
            + pager(here, page, lambda n: urls.day(day, n)))


def _first(page: Page) -> int:
    """The number of the page's first paper in the whole list."""
    return 1 + (page.number - 1) * PAGE_SIZE


def month_page(ym: str, days: dict[str, int], ctx: Context | None = None,
               prev: str | None = None, next_: str | None = None) -> str:
    here = urls.month(ym)
    title = month_name(ym)
    rows = "\n".join(
        f'<li><a href="{urls.href(here, urls.day(d))}">{escape.text(long_date(d))}</a> <span class="pa-meta">{count(n, "paper")}</span></li>'
        for d, n in sorted(days.items(), reverse=True))
    nav = neighbours(here, "months", prev and (urls.month(prev), month_name(prev)),
                      (urls.year(ym[:4]), f"All of {ym[:4]}"), next_ and (urls.month(next_), month_name(next_)))
    return (front_matter(title) + f"<h1>{escape.text(title)}</h1>\n" + nav
            + (page_links(here, ctx) if ctx else "") + f'<ul class="pa-days">\n{rows}\n</ul>\n')


def year_page(year: str, month_counts: dict[str, dict[str, int]], ctx: Context | None = None,
              prev: str | None = None, next_: str | None = None) -> str:
    here = urls.year(year)
    nav = neighbours(here, "years", prev and (urls.year(prev), prev), (urls.ARCHIVE, "The whole archive"),
                      next_ and (urls.year(next_), next_))
    return (front_matter(f"Papers of {year}") + f"<h1>Papers of {year}</h1>\n" + nav
            + (page_links(here, ctx) if ctx else "") + _calendar(here, year, month_counts))


def _calendar(here: str, year: str, month_counts: dict[str, dict[str, int]]) -> str:
    """A year at a glance: one row a month, a link for each list day."""
    rows = []
    for ym in sorted(month_counts, reverse=True):
        days = month_counts[ym]
        cells = " ".join(
            f'<a href="{urls.href(here, urls.day(d))}" title="{escape.text(long_date(d))}: {count(n, "paper")}">{int(d[8:])}</a>'
            for d, n in sorted(days.items()))
        total = sum(days.values())
        rows.append(f'<tr><th scope="row"><a href="{urls.href(here, urls.month(ym))}">{calendar.month_abbr[int(ym[5:])]}</a></th>'
                    f'<td class="pa-cal">{cells}</td><td>{total}</td></tr>')
    return ('<table class="pa-calendar">\n<thead><tr><th scope="col">Month</th><th scope="col">List days</th>'
            '<th scope="col">Papers</th></tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>\n")


def archive_page(by_year: dict[str, dict[str, dict[str, int]]], chart: str = "") -> str:
    """Every year, a link to each of its months: a line a year, so the page
    stays small however long the archive runs (issue 12: a link per list day
    made it grow by ~25 KB a year); the year pages have the days."""
    here = urls.ARCHIVE
    parts = [front_matter("Archive by date"), "<h1>Archive by date</h1>\n", chart]
    if not by_year:
        return "".join(parts) + "<p>The archive is empty.</p>\n"
    rows = []
    for year in sorted(by_year, reverse=True):
        months = by_year[year]
        cells = " ".join(
            f'<a href="{urls.href(here, urls.month(ym))}" title="{escape.text(month_name(ym))}: '
            f'{count(sum(months[ym].values()), "paper")}">{calendar.month_abbr[int(ym[5:])]}</a>'
            for ym in sorted(months))
        papers = sum(n for days in months.values() for n in days.values())
        rows.append(f'<tr><th scope="row" id="y{year}"><a href="{urls.href(here, urls.year(year))}">{year}</a></th>'
                    f'<td class="pa-cal">{cells}</td><td>{papers}</td></tr>')
    parts.append('<table class="pa-calendar">\n<thead><tr><th scope="col">Year</th><th scope="col">Months</th>'
                 '<th scope="col">Papers</th></tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>\n")
    return "".join(parts)


def tag_page(slug: str, page: ListPage, ctx: Context, total: int, chart: str = "") -> str:
    """A tag's front page (its newest papers, the count, the chart) or one of
    its numbered pages, counted from the oldest: a numbered page names no
    total, so it stays as it is when papers are added (issue 11)."""
    here = urls.tag(slug, page.number)
    tag = ctx.taxonomy.by_slug[slug]
    first = page.top - len(page.items) + 1
    if page.number is None:
        suffix, what = "", f"{count(total, 'paper')}, newest first."
    else:
        suffix, what = f" (page {page.number})", f"Papers {first} to {page.top}, counted from the oldest; newest first."
    return (front_matter(tag.title, tag.description, head_meta(here, ctx)) + f"<h1>{escape.text(tag.title)}{suffix}</h1>\n"
            f'<p class="pa-tag-description">{escape.text(tag.description)}</p>\n'
            f'<p class="pa-count">{what} <a href="{urls.href(here, urls.TAGS)}">All tags</a></p>\n'
            + page_links(here, ctx) + chart
            + list_pager(here, page, lambda n: urls.tag(slug, n), "top")
            + paper_list(here, page.items, ctx, snippet=False, show_tags=False, start=page.top, countdown=True)
            + list_pager(here, page, lambda n: urls.tag(slug, n)))


def tag_index(counts: dict[str, int], ctx: Context) -> str:
    here = urls.TAGS
    rows = "\n".join(
        f'<tr><td><a href="{urls.href(here, urls.tag(t.slug))}">{escape.text(t.title)}</a></td>'
        f"<td>{counts.get(t.slug, 0)}</td><td>{escape.text(t.description)}</td></tr>"
        for t in sorted(ctx.taxonomy.tags, key=lambda t: (-counts.get(t.slug, 0), t.title.casefold(), t.slug)))
    return (front_matter("Tags") + "<h1>Tags</h1>\n<p>Every topic of the archive, busiest first.</p>\n"
            '<table class="pa-tagindex">\n<thead><tr><th scope="col">Tag</th><th scope="col">Papers</th>'
            f'<th scope="col">About</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n')


def home_page(latest: str | None, latest_papers: list[Paper], recent: list[tuple[str, int]],
              busiest: list[tuple[str, int]], totals: dict[str, int], ctx: Context) -> str:
    here = urls.HOME
    parts = [front_matter("Paper archive", extra=head_meta(here, ctx)), "<h1>Paper archive</h1>\n",
             f'<p class="pa-totals">{count(totals["papers"], "paper")} on {count(totals["days"], "list day")}, '
             f'{count(totals["tags"], "tag")}. <a href="{urls.href(here, urls.ARCHIVE)}">Browse by date</a> · '
             f'<a href="{urls.href(here, urls.TAGS)}">Browse by tag</a></p>\n', page_links(here, ctx)]
    if busiest:
        tags = " ".join(f'<a href="{urls.href(here, urls.tag(s))}">{escape.text(ctx.tag_title(s))} ({n})</a>'
                        for s, n in busiest)
        parts.append(f'<h2 id="busiest-tags">Busiest tags</h2>\n<p class="pa-tags">{tags}</p>\n')
    if recent:
        days = "\n".join(f'<li><a href="{urls.href(here, urls.day(d))}">{escape.text(long_date(d))}</a> '
                         f'<span class="pa-meta">{count(n, "paper")}</span></li>' for d, n in recent)
        parts.append(f'<h2 id="recent-days">Recent days</h2>\n<ul class="pa-days">\n{days}\n</ul>\n')
    if latest:
        parts.append(f'<h2 id="latest">Latest list: <a href="{urls.href(here, urls.day(latest))}">{escape.text(long_date(latest))}</a></h2>\n')
        parts.append(paper_list(here, latest_papers, ctx, show_day=False))
        total = dict(recent).get(latest, len(latest_papers))
        if total > len(latest_papers):
            parts.append(f'<p><a href="{urls.href(here, urls.day(latest))}">All {count(total, "paper")} of '
                         f'{escape.text(long_date(latest))}</a></p>\n')
    else:
        parts.append("<p>The archive is empty: import papers with <code>paper-archive import</code>.</p>\n")
    return "".join(parts)
