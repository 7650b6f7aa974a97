"""Pieces shared by every generated page: front matter, dates, list items."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import indexes, urls
from ...archive.model import Paper
from ...tags.taxonomy import Taxonomy
from . import escape, math

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


@dataclass
class Context:
    """What every renderer may need besides the paper itself."""

    taxonomy: Taxonomy
    tags: dict[str, list[str]]  # paper key -> tag slugs
    # Extra HTML for a paper page, by paper key (commentary, related papers...),
    # already safe: produced by the modules that own those features.
    paper_sections: dict[str, list[str]] = field(default_factory=dict)
    marked: set[str] = field(default_factory=set)  # keys of papers with commentary
    # Extra HTML for a page's <head> (feed links, citation tags), by docs path,
    # already safe; it reaches overrides/main.html through front matter.
    page_head: dict[str, list[str]] = field(default_factory=dict)
    # Links shown under an index page's heading (its feed...), by docs path, already safe.
    page_links: dict[str, list[str]] = field(default_factory=dict)
    # The site's repository (render/contribute.py): paper pages link to GitHub to comment.
    repository: object = None  # contribute.Repository | None

    # Groupings several features need (days, tags), computed once a run.
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def memo(self, name: str, make):
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    def days(self, papers: dict[str, Paper]) -> dict[str, list[Paper]]:
        return self.memo("days", lambda: indexes.by_day(papers))

    def tag_groups(self, papers: dict[str, Paper]) -> dict[str, list[Paper]]:
        slugs = [t.slug for t in self.taxonomy.tags]
        return self.memo("tag_groups", lambda: indexes.by_tag(self.tags, papers, slugs))

    def tag_title(self, slug: str) -> str:
        return self.taxonomy.by_slug[slug].title


def front_matter(title: str, description: str | None = None, extra: dict[str, str] | None = None) -> str:
    lines = ["---", f"title: {escape.front_matter_str(title)}"]
    if description:
        lines.append(f"description: {escape.front_matter_str(escape.snippet(description, 160))}")
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def head_meta(here: str, ctx: Context) -> dict[str, str]:
    """Front matter that carries the page's extra <head> HTML (page.meta.head_html,
    printed as it is by overrides/main.html)."""
    head = ctx.page_head.get(here)
    return {"head_html": escape.yaml_str("".join(head))} if head else {}


def page_links(here: str, ctx: Context) -> str:
    links = ctx.page_links.get(here)
    return f'<p class="pa-pagelinks">{" · ".join(links)}</p>\n' if links else ""


def count(n: int, noun: str) -> str:
    """"1 paper", "2 papers"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def long_date(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def month_name(ym: str) -> str:
    y, m = ym.split("-")
    return f"{MONTHS[int(m) - 1]} {y}"


def tag_links(here: str, slugs: list[str], ctx: Context) -> str:
    # Styled as .pa-tags a: a class on each of thousands of links adds up.
    return " ".join(escape.link(urls.href(here, urls.tag(s)), ctx.tag_title(s)) for s in slugs)


SNIPPET = 200  # characters of abstract in a list entry: two lines on a laptop


def paper_item(here: str, p: Paper, ctx: Context, *, show_day: bool = True, snippet: bool = True,
               show_tags: bool = True) -> str:
    """One paper in a list: title link, figures, tags and the abstract's start.
    Tag pages show title and figures only: a paper is on several of them, and
    its tags and abstract are one click away (issue 12: site size).

    Bare elements styled through `.pa-list` (archive.css): a list page holds
    50 of these, and the site tens of thousands, so a class on each part
    (title, figures, snippet) cost ~60 bytes an entry."""
    meta = []
    if p.upvotes is not None:
        meta.append(f'<span title="upvotes">▲ {p.upvotes}</span>')
    if show_day:
        meta.append(escape.text(long_date(p.last_listed)))
    if p.key in ctx.marked:
        meta.append('<span class="pa-curated" title="has curated commentary">✎ commentary</span>')
    tags = ctx.tags.get(p.key, []) if show_tags else []
    parts = [
        f'<li><a href="{urls.href(here, urls.paper(p.key))}">{math.to_html(p.title)}</a>',
        f'<small>{" · ".join(meta)}</small>' if meta else "",
        f'<span class="pa-tags">{tag_links(here, tags, ctx)}</span>' if tags else "",
        f'<p>{escape.text(escape.snippet(math.to_text(p.abstract), SNIPPET))}</p>' if snippet and p.abstract else "",
        "</li>",
    ]
    return "".join(parts)


def paper_list(here: str, papers: list[Paper], ctx: Context, *, show_day: bool = True, snippet: bool = True,
               show_tags: bool = True, start: int = 1, countdown: bool = False) -> str:
    """`countdown`: numbered down from `start` (a list numbered from its oldest end)."""
    if not papers:
        return "<p>No papers yet.</p>\n"
    items = "\n".join(paper_item(here, p, ctx, show_day=show_day, snippet=snippet, show_tags=show_tags) for p in papers)
    first = f' reversed start="{start}"' if countdown else f' start="{start}"' if start != 1 else ""
    return f'<ol class="pa-list"{first}>\n{items}\n</ol>\n'


PAGER_WINDOW = 2  # pages linked on each side of the current one


def pager(here: str, page, path_of, where: str = "bottom") -> str:
    """Links between the pages of a split list, `path_of(n)` naming page n:
    previous and next, the first and the last, and the pages around this one
    (a tag of thousands of papers keeps a short pager)."""
    if page.count == 1:
        return ""
    shown = {1, page.count, *range(page.number - PAGER_WINDOW, page.number + PAGER_WINDOW + 1)}
    links, last = [], 0
    if page.number > 1:
        links.append(f'<a href="{urls.href(here, path_of(page.number - 1))}" rel="prev">← previous</a>')
    for n in sorted(x for x in shown if 1 <= x <= page.count):
        if n > last + 1:
            links.append("…")
        last = n
        links.append(_page_link(here, n, page.number, path_of))
    if page.number < page.count:
        links.append(f'<a href="{urls.href(here, path_of(page.number + 1))}" rel="next">next →</a>')
    return f'<nav class="pa-pager" aria-label="pages, {where}">Page {" ".join(links)}</nav>\n'


def _page_link(here: str, n: int, current, path_of) -> str:
    if n == current:
        return f'<span aria-current="page">{n}</span>'
    return f'<a href="{urls.href(here, path_of(n))}">{n}</a>'


def list_pager(here: str, page, path_of, where: str = "bottom") -> str:
    """The pager of a newest-first list numbered from its oldest end
    (indexes.ListPage; `path_of(None)` is its front page): newer and older,
    the newest (front) page, page 1 (the oldest) and the pages around this
    one, newest on the left. It names no total: a page then stays as it is
    when newer papers come (only pages near the newest one gain a link)."""
    if not page.newest:
        return ""
    at = page.newest + 1 if page.number is None else page.number  # the front: above the newest numbered page
    top = min(page.newest, at + PAGER_WINDOW)
    links = []
    if page.number is not None:
        newer = None if page.number == page.newest else page.number + 1
        links.append(f'<a href="{urls.href(here, path_of(newer))}" rel="prev">← newer</a>')
        links.append(f'<a href="{urls.href(here, path_of(None))}">newest</a>')
        if top < page.newest:
            links.append("…")
    else:
        links.append('<span aria-current="page">newest</span>')
    last = None
    for n in sorted({1, *range(max(1, at - PAGER_WINDOW), top + 1)}, reverse=True):
        if last is not None and n < last - 1:
            links.append("…")
        last = n
        links.append(_page_link(here, n, page.number, path_of))
    if page.older is not None:
        links.append(f'<a href="{urls.href(here, path_of(page.older))}" rel="next">older →</a>')
    return f'<nav class="pa-pager" aria-label="pages, {where}">Pages {" ".join(links)}</nav>\n'


def neighbours(here: str, label: str, prev: tuple[str, str] | None, up: tuple[str, str],
                next_: tuple[str, str] | None) -> str:
    """Previous / up / next links; each (docs path, text)."""
    links = []
    if prev:
        links.append(f'<a href="{urls.href(here, prev[0])}" rel="prev">← {escape.text(prev[1])}</a>')
    links.append(f'<a href="{urls.href(here, up[0])}">{escape.text(up[1])}</a>')
    if next_:
        links.append(f'<a href="{urls.href(here, next_[0])}" rel="next">{escape.text(next_[1])} →</a>')
    return f'<nav class="pa-daynav" aria-label="{label}">{" · ".join(links)}</nav>\n'
