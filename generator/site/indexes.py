"""Grouping papers for the index pages: pure functions, no I/O.

Every ordering has an explicit tie-break ending in the paper's key, so the
generated pages are byte-identical from run to run.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from ..archive.model import Paper

# Papers on one list page (day, tag): what a reader scans before paging on, and
# under 60 KB of HTML (issue 12; 300 made 290 KB tag pages). A daily list
# (25-60 papers) mostly fits on one page.
PAGE_SIZE = 50


def day_order(p: Paper) -> tuple:
    """A daily list's order: most upvoted first, then by title."""
    return (-(p.upvotes or 0), p.title.casefold(), p.key)


def newest_order(p: Paper) -> tuple:
    """Newest list day first, then the daily list's order."""
    return (_desc(p.last_listed), *day_order(p))


@functools.lru_cache(maxsize=None)  # a few hundred days, millions of calls
def _desc(day: str) -> str:
    # Sort a YYYY-MM-DD day descending inside an ascending key.
    return "".join(chr(0x10FFFF - ord(c)) for c in day)


def by_day(papers: dict[str, Paper]) -> dict[str, list[Paper]]:
    """Each list day (ascending) with its papers in list order."""
    days: dict[str, list[Paper]] = defaultdict(list)
    for p in papers.values():
        for d in p.list_dates:
            days[d].append(p)
    return {d: sorted(days[d], key=day_order) for d in sorted(days)}


def by_tag(tagged: dict[str, list[str]], papers: dict[str, Paper], slugs: list[str]) -> dict[str, list[Paper]]:
    """Each taxonomy tag (in taxonomy order) with its papers, newest first."""
    groups: dict[str, list[Paper]] = {s: [] for s in slugs}
    for key, tags in tagged.items():
        for t in tags:
            groups[t].append(papers[key])
    return {s: sorted(g, key=newest_order) for s, g in groups.items()}


def months(days: list[str]) -> dict[str, list[str]]:
    """YYYY-MM -> its list days, ascending."""
    out: dict[str, list[str]] = defaultdict(list)
    for d in sorted(days):
        out[d[:7]].append(d)
    return dict(out)


def years(days: list[str]) -> dict[str, list[str]]:
    """YYYY -> its months (YYYY-MM), ascending."""
    out: dict[str, list[str]] = defaultdict(list)
    for ym in months(days):
        out[ym[:4]].append(ym)
    return dict(out)


@dataclass(frozen=True)
class Page:
    number: int
    count: int
    items: list


def pages(items: list, size: int | None = None) -> list[Page]:
    """Split a long list so no page lists more than `size` papers (a day's
    list: in upvote order, not by date, so it is paged from its top)."""
    size = size or PAGE_SIZE
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    return [Page(n, len(chunks), chunk) for n, chunk in enumerate(chunks, start=1)]


@dataclass(frozen=True)
class ListPage:
    """A page of a list shown newest first (a tag's papers) but numbered from
    its oldest end, so that a new paper changes the front page and, at most,
    the few pages next to the newest one: page n holds the n-th block of
    PAGE_SIZE papers counted from the oldest, and keeps it for ever.

    number: None for the front page (the list's URL: its newest papers),
            n for /page-n/.
    items:  the page's papers, newest first.
    top:    the place of its newest paper counted from the oldest (1 = oldest),
            so its papers are numbered top, top-1, ... on every page.
    newest: the highest page number (0: the list fits on its front page);
            a numbered page shows only min(newest, number + PAGER_WINDOW).
    older:  the page a reader goes to for older papers (None: none older).
    """

    number: int | None
    items: list
    top: int
    newest: int
    older: int | None


def newest_pages(items: list, size: int | None = None) -> list[ListPage]:
    """A newest-first list as its front page and its numbered pages (oldest first).

    The front page shows the newest `size` papers. Past `size` papers, every
    full block of `size` counted from the oldest is a numbered page as well
    (the newest ones then also show on the front page, until the front has
    moved on): a numbered page never changes when newer papers come.
    """
    size = size or PAGE_SIZE
    total = len(items)
    if total <= size:
        return [ListPage(None, list(items), total, 0, None)]
    full = total // size
    # items are newest first: block n (1 = oldest) is items[total - n*size : total - (n-1)*size]
    front = ListPage(None, items[:size], total, full, _block_of(total - size, size))
    numbered = [ListPage(n, items[total - n * size : total - (n - 1) * size], n * size, full, n - 1 or None)
                for n in range(1, full + 1)]
    return [front, *numbered]


def _block_of(place: int, size: int) -> int:
    """The numbered page holding the paper at `place` (1 = the oldest)."""
    return (place - 1) // size + 1
