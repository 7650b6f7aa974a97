"""List pages (issue 12): 50 papers a page, a short pager at the top and the bottom."""
from __future__ import annotations

import re

from generator.site import indexes, urls
from generator.site.render import lists
from generator.site.render.common import Context, list_pager as common_list_pager, pager
from generator.tags.taxonomy import load_taxonomy

from .project import REPO
from generator.archive.model import Paper


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


def test_a_tag_list_is_numbered_from_its_oldest_end_so_new_papers_leave_its_pages_alone():
    newest_first = list(range(237, 0, -1))  # 237 papers, newest first
    pages = indexes.newest_pages(newest_first, 10)
    front, numbered = pages[0], pages[1:]
    assert front.number is None and front.items == list(range(237, 227, -1)) and front.older == 23
    assert [p.number for p in numbered] == list(range(1, 24))
    assert numbered[0].items == list(range(10, 0, -1)) and numbered[-1].items == list(range(230, 220, -1))
    # One more paper: the same numbered pages with the same papers.
    more = indexes.newest_pages([238, *newest_first], 10)
    assert [(p.number, p.items, p.top) for p in more[1:]] == [(p.number, p.items, p.top) for p in numbered]
    # Three more: a 24th page, and only the pages next to the newest show it in their pager.
    grown = indexes.newest_pages([240, 239, 238, *newest_first], 10)
    assert grown[-1].number == 24 and grown[-1].items == list(range(240, 230, -1))
    render = lambda ps: {p.number: pager_of(p) for p in ps}  # noqa: E731
    before, after = render(pages), render(grown)
    assert [n for n in before if before[n] != after[n]] == [None, 21, 22, 23]
    assert indexes.newest_pages(list(range(10, 0, -1)), 10) == [indexes.ListPage(None, list(range(10, 0, -1)), 10, 0, None)]


def pager_of(page) -> str:
    return common_list_pager(urls.tag("x", page.number), page, lambda n: urls.tag("x", n))


def test_the_list_pager_goes_newer_older_newest_and_oldest_without_naming_a_total():
    pages = {p.number: p for p in indexes.newest_pages(list(range(237, 0, -1)), 10)}
    assert _links(pager_of(pages[None])) == ["newest", "23", "22", "…", "1", "older →"]
    assert _links(pager_of(pages[10])) == ["← newer", "newest", "…", "12", "11", "10", "9", "8", "…", "1", "older →"]
    assert _links(pager_of(pages[1])) == ["← newer", "newest", "…", "3", "2", "1"]
    assert _links(pager_of(pages[23])) == ["← newer", "newest", "23", "22", "21", "…", "1", "older →"]
    nav = pager_of(pages[23])
    assert '<a href="../" rel="prev">← newer</a>' in nav and '<a href="../page-22/" rel="next">' in nav
    assert '<span aria-current="page">23</span>' in nav
    assert pager_of(indexes.newest_pages([3, 2, 1], 10)[0]) == ""


def test_a_tag_page_counts_down_from_its_place_and_names_no_total():
    papers = [paper(f"p{i:03d}", f"Paper {i}", 5) for i in range(120)]
    ctx = Context(taxonomy=load_taxonomy(REPO), tags={})
    slug = ctx.taxonomy.tags[0].slug
    pages = indexes.newest_pages(papers)
    front = lists.tag_page(slug, pages[0], ctx, len(papers))
    second = lists.tag_page(slug, pages[2], ctx, len(papers))
    assert '<ol class="pa-list" reversed start="120">' in front and "120 papers, newest first." in front
    assert '<ol class="pa-list" reversed start="100">' in second and "(page 2)" in second
    assert "Papers 51 to 100, counted from the oldest" in second and "120" not in second
