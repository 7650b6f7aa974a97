"""The whole generated part of the site, as {docs-relative path: Markdown}.

Pure: records and taxonomy in, page texts out. `generate.py` does the I/O.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable

from ..site import indexes, tops, urls
from ..archive.model import Paper
from ..site.render import chart, lists, paper as paper_page
from ..site.render.common import Context
from ..tags.taxonomy import Taxonomy, tags_of_all

HOME_RECENT_DAYS = 10
HOME_BUSIEST_TAGS = 12
HOME_LATEST = 20  # the latest list's most upvoted papers on the home page (a phone's first visit, issue 12)

# A feature that adds pages or paper-page sections: (papers, ctx) -> {path: text}.
Extension = Callable[[dict[str, Paper], Context], dict[str, str]]


def make_context(papers: dict[str, Paper], taxonomy: Taxonomy, extra_tags: dict[str, tuple[str, ...]] | None = None) -> Context:
    found = tags_of_all(papers, taxonomy, extra_tags, readers=True)
    return Context(taxonomy=taxonomy, tags={k: found[k] for k in papers})


def build(papers: dict[str, Paper], ctx: Context, extensions: list[Extension] = ()) -> dict[str, str]:
    out: dict[str, str] = {}
    for ext in extensions:  # first, so they can add paper-page sections
        out.update(ext(papers, ctx))
    for key in sorted(papers):
        out[urls.paper(key)] = paper_page.render(papers[key], ctx)
    days = ctx.days(papers)
    out.update(_day_pages(days, ctx))
    out.update(_tag_pages(papers, ctx))
    out[urls.HOME] = _home(papers, days, ctx)
    return dict(sorted(out.items()))


def _day_pages(days: dict[str, list[Paper]], ctx: Context, only: set[str] | None = None) -> dict[str, str]:
    """Day, month and year pages and the archive; `only`: the days whose
    pages are wanted (`make serve` redoes the days an edit touched)."""
    out = {}
    order = list(days)
    for i, (day, day_papers) in enumerate(days.items()):
        if only is not None and day not in only:
            continue
        prev_day = order[i - 1] if i else None
        next_day = order[i + 1] if i + 1 < len(order) else None
        for page in indexes.pages(day_papers):
            out[urls.day(day, page.number)] = lists.day_page(day, page, prev_day, next_day, ctx)
    counts = {d: len(ps) for d, ps in days.items()}
    by_year: dict[str, dict[str, dict[str, int]]] = {}
    all_months = list(indexes.months(list(days)))
    all_years = list(indexes.years(list(days)))
    for year, months in indexes.years(list(days)).items():
        by_year[year] = {}
        for ym in months:
            month_days = {d: counts[d] for d in days if d.startswith(ym)}
            by_year[year][ym] = month_days
            out[urls.month(ym)] = lists.month_page(ym, month_days, ctx, *tops.neighbours(all_months, ym))
        out[urls.year(year)] = lists.year_page(year, by_year[year], ctx, *tops.neighbours(all_years, year))
    papers = {p.key: p for ps in days.values() for p in ps}
    trend = chart.monthly(tops.monthly_counts(list(papers.values()), _month_range(days)), "Papers", "trend")
    out[urls.ARCHIVE] = lists.archive_page(by_year, trend)
    return out


def _month_range(days: dict[str, list[Paper]]) -> list[str]:
    """Every month from the archive's first list day to its last (charts share it)."""
    return tops.month_range(next(iter(days))[:7], next(reversed(days))[:7]) if days else []


def _tag_pages(papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
    groups = ctx.tag_groups(papers)
    out = {}
    months = _month_range(ctx.days(papers))
    for slug, group in groups.items():
        trend = chart.monthly(tops.monthly_counts(group, months), f"Papers tagged {ctx.tag_title(slug)}", "trend")
        for page in indexes.newest_pages(group):
            out[urls.tag(slug, page.number)] = lists.tag_page(slug, page, ctx, len(group), trend if page.number is None else "")
    out[urls.TAGS] = lists.tag_index({s: len(g) for s, g in groups.items()}, ctx)
    return out


def _home(papers: dict[str, Paper], days: dict[str, list[Paper]], ctx: Context) -> str:
    latest = next(reversed(days), None)
    recent = [(d, len(days[d])) for d in list(reversed(days))[:HOME_RECENT_DAYS]]
    counts = Counter(t for tags in ctx.tags.values() for t in tags)
    busiest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:HOME_BUSIEST_TAGS]
    totals = {"papers": len(papers), "days": len(days), "tags": len(counts)}
    latest_papers = days[latest][:HOME_LATEST] if latest else []
    return lists.home_page(latest, latest_papers, recent, busiest, totals, ctx)
