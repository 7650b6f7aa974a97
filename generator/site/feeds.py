"""Atom feeds: the newest papers of the whole archive, and of every tag.

Written as docs/feeds/index.xml and docs/feeds/tags/<slug>.xml (MkDocs copies
them into the site as they are). Nothing in a feed depends on the clock: ids
are the papers' page URLs and every `updated` comes from list days, so an
unchanged archive gives byte-identical feeds.

A feed's size does not grow with the archive: each holds its FEED_SIZE newest
papers, and there is one per tag of the taxonomy. Within that bound, the
archive feed carries each paper's whole abstract; a tag feed, the abstract's
first TAG_SUMMARY characters (an Atom summary may be an excerpt): a paper
is in the archive feed and in up to four tag feeds, and abstracts were three
fifths of the feeds' bytes (issue 12: 7 MB of the 11.8 MB at 20,000 papers).
No indentation either (3 % of every feed).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from . import indexes, urls
from ..archive.model import Paper
from .render import escape, math
from .render.common import Context

ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
ARCHIVE_FEED = "feeds/index.xml"
FEED_SIZE = 100  # entries per feed: the newest papers
TAG_SUMMARY = 300  # characters of abstract in a tag feed's entry: three or four lines of a reader
SITE_TITLE = "Paper archive"
COMMENTARY_FEED = "feeds/commentary.xml"  # linked from the Curated page (render/commentary.py)
# A commentary body is at most 10,000 characters (curated/commentary.py): the feed stays under ~1 MB.
COMMENTARY_FEED_SIZE = 50
EPOCH = "1970-01-01"  # `updated` of a feed of an empty archive


def tag_feed(slug: str) -> str:
    return f"feeds/tags/{slug}.xml"


def extension(site_url: str):
    """An Extension: the feeds, their <link rel="alternate"> in the <head> of
    the home and tag pages, and a visible link on those pages."""

    def feeds(papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
        newest = sorted(papers.values(), key=indexes.newest_order)
        latest_day = max((p.last_listed for p in newest), default=EPOCH)
        out = {ARCHIVE_FEED: render(site_url, ARCHIVE_FEED, urls.HOME, SITE_TITLE,
                                    "The newest papers of the archive.", newest[:FEED_SIZE], ctx, latest_day)}
        _announce(urls.HOME, ARCHIVE_FEED, "Atom feed of the newest papers", ctx)
        for slug, group in ctx.tag_groups(papers).items():
            tag = ctx.taxonomy.by_slug[slug]
            path = tag_feed(slug)
            out[path] = render(site_url, path, urls.tag(slug), f"{tag.title} · {SITE_TITLE}", tag.description,
                               group[:FEED_SIZE], ctx, latest_day)
            for page in indexes.newest_pages(group):
                _announce(urls.tag(slug, page.number), path, f"Atom feed of {tag.title}", ctx)
        return out

    return feeds


def feed_head(page: str, feed: str, title: str) -> str:
    """The <link> in a page's <head> that names its feed."""
    # "alternate feed", not a bare "alternate": Material's instant navigation
    # takes every link[rel=alternate] for a translation of the site and fetches
    # sitemap.xml beside it (feeds/tags/sitemap.xml: a 404 on every page view).
    # Feed readers split rel into tokens, so discovery still finds "alternate".
    return (f'<link rel="alternate feed" type="application/atom+xml" href="{urls.file_href(page, feed)}" '
            f'title="{escape.text(title)}">')


def feed_link(page: str, feed: str) -> str:
    """The visible link to a page's feed."""
    return f'<a class="pa-feed" href="{urls.file_href(page, feed)}" type="application/atom+xml">Atom feed</a>'


def _announce(page: str, feed: str, title: str, ctx: Context) -> None:
    ctx.page_head.setdefault(page, []).append(feed_head(page, feed, title))
    ctx.page_links.setdefault(page, []).append(feed_link(page, feed))


def _time(day: str) -> str:
    return f"{day}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    # Attributes too (URLs, tag titles): XML cannot hold some characters even escaped.
    el = ET.SubElement(parent, tag, {k: escape.xml_chars(v) for k, v in attrs.items()})
    if text is not None:
        el.text = escape.xml_chars(text)
    return el


def render(site_url: str, path: str, page: str, title: str, subtitle: str, papers: list[Paper],
           ctx: Context, latest_day: str) -> str:
    """One feed as XML text; `papers` newest first, `page` the page it belongs to.
    The archive feed has whole abstracts, a tag feed their first TAG_SUMMARY characters."""
    abstract_chars = None if path == ARCHIVE_FEED else TAG_SUMMARY
    feed = ET.Element("feed", xmlns=ATOM)  # the default namespace of every element
    _add(feed, "id", urls.absolute(site_url, path))
    _add(feed, "title", title)
    _add(feed, "subtitle", subtitle)
    _add(feed, "updated", _time(papers[0].last_listed if papers else latest_day))
    _add(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(site_url, path))
    _add(feed, "link", rel="alternate", type="text/html", href=urls.absolute(site_url, page))
    author = _add(feed, "author")  # stands in for entries whose source gave no authors
    _add(author, "name", SITE_TITLE)
    _add(feed, "generator", "paper-archive")
    for p in papers:
        _entry(feed, site_url, p, ctx, abstract_chars)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(feed: ET.Element, site_url: str, p: Paper, ctx: Context, abstract_chars: int | None) -> None:
    page_url = urls.absolute(site_url, urls.paper(p.key))
    entry = _add(feed, "entry")
    _add(entry, "id", page_url)
    _add(entry, "title", math.to_text(p.title), type="text")  # TeX as text: a feed reader shows no MathML
    _add(entry, "link", rel="alternate", type="text/html", href=page_url)
    if p.links.get("arxiv"):  # an http(s) URL: the store validates links
        _add(entry, "link", rel="related", type="text/html", href=p.links["arxiv"])
    for name in p.authors:
        _add(_add(entry, "author"), "name", name)
    _add(entry, "published", _time(p.first_listed))
    _add(entry, "updated", _time(p.last_listed))
    for slug in ctx.tags.get(p.key, []):
        _add(entry, "category", term=slug, label=ctx.tag_title(slug))
    days = ", ".join(p.list_dates)
    abstract = math.to_text(p.abstract)
    abstract = abstract if abstract_chars is None else escape.snippet(abstract, abstract_chars)
    summary = f"Listed on {days}." + (f"\n\n{abstract}" if abstract else "")
    _add(entry, "summary", summary, type="text")


def commentary_feed(site_url: str, notes: list, papers: dict[str, Paper]) -> str:
    """The feed of the newest commentary (`notes` newest first): each entry the
    commentary as its paper page shows it (verdict escaped, body the HTML the
    sanitizer made), linked to the paper page. Relative links in a body are
    written for the paper page: xml:base says so."""
    feed = ET.Element("feed", xmlns=ATOM)
    here = urls.absolute(site_url, COMMENTARY_FEED)
    _add(feed, "id", here)
    _add(feed, "title", f"Commentary · {SITE_TITLE}")
    _add(feed, "subtitle", "The newest commentary written by readers on papers of the archive.")
    _add(feed, "updated", _time(notes[0].date if notes else EPOCH))
    _add(feed, "link", rel="self", type="application/atom+xml", href=here)
    _add(feed, "link", rel="alternate", type="text/html", href=urls.absolute(site_url, urls.CURATED))
    _add(feed, "generator", "paper-archive")
    for note in notes:
        page = urls.absolute(site_url, urls.paper(note.paper))
        url = f"{page}#commentary-{note.author.lower()}"
        entry = _add(feed, "entry")
        _add(entry, "id", url)
        _add(entry, "title", f"{note.display_name} on {math.to_text(papers[note.paper].title)}", type="text")
        _add(entry, "link", rel="alternate", type="text/html", href=url)
        author = _add(entry, "author")
        _add(author, "name", note.display_name)
        _add(author, "uri", f"https://github.com/{note.author}")
        _add(entry, "published", _time(note.date))
        _add(entry, "updated", _time(note.date))
        verdict = f"<p><strong>Verdict:</strong> {escape.text(note.verdict)}</p>\n" if note.verdict else ""
        content = _add(entry, "content", verdict + note.html, type="html")
        content.set(XML_BASE, page)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
