"""List pages (issue 12): 50 papers a page, a short pager at the top and the bottom."""
from __future__ import annotations

import re

from generator import indexes, urls
from generator.render import lists
from generator.render.common import Context, pager
from generator.taxonomy import load_taxonomy

from .project import REPO
from generator.model import Paper


def _links(nav: str) -> list[str]:
    """The pager's entries as a reader sees them: numbers, arrows and gaps."""
    return [a or b for a, b in re.findall(r">([^<]+)</(?:a|span)>|(…)", nav)]


def paper(key: str, title: str, upvotes: int) -> Paper:
    return Paper(key=key, title=title, abstract="An abstract.", list_dates=["2025-03-12"], upvotes=upvotes)


def test_the_pager_stays_short_on_a_long_list():
    page = indexes.Page(10, 40, [])
    nav = pager(urls.tag("x", 10), page, lambda n: urls.tag("x", n))
    assert _links(nav) == ["← previous", "1", "…", "8", "9", "10", "11", "12", "…", "40", "next →"]
    assert '<span aria-current="page">10</span>' in nav
    assert '<a href="../page-9/" rel="prev">' in nav and '<a href="../page-11/" rel="next">' in nav


def test_the_first_and_last_pages_have_no_link_beyond_them():
    first = pager(urls.tag("x"), indexes.Page(1, 3, []), lambda n: urls.tag("x", n))
    last = pager(urls.tag("x", 3), indexes.Page(3, 3, []), lambda n: urls.tag("x", n))
    assert _links(first) == ["1", "2", "3", "next →"]
    assert _links(last) == ["← previous", "1", "2", "3"]
    assert pager(urls.tag("x"), indexes.Page(1, 1, []), lambda n: urls.tag("x", n)) == ""


def test_a_long_day_is_paged_with_a_pager_above_and_below_and_numbers_that_go_on():
    papers = [paper(f"p{i:03d}", f"Paper {i}", 200 - i) for i in range(120)]
    pages = indexes.pages(papers)
    assert [len(p.items) for p in pages] == [50, 50, 20]
    ctx = Context(taxonomy=load_taxonomy(REPO), tags={})
    html = lists.day_page("2025-03-12", pages[1], None, None, ctx)
    assert html.count('<nav class="pa-pager"') == 2
    assert 'aria-label="pages, top"' in html and 'aria-label="pages, bottom"' in html
    assert html.index('aria-label="pages, top"') < html.index('<ol class="pa-list" start="51">') < html.index('aria-label="pages, bottom"')
