"""Citation metadata in the <head> of every paper page.

Google Scholar's Highwire tags, OpenGraph/Twitter card tags and a JSON-LD
ScholarlyArticle, kept compact (paper pages have a weight budget). Every value
is escaped exactly once, for where it goes: attribute text through
escape.text, JSON inside <script> through escape.script_json. The HTML
reaches the page through front matter (page.meta.head_html), which the
template prints as it is.
"""
from __future__ import annotations

from . import urls
from .model import Paper
from .render import escape
from .render.common import Context

DESCRIPTION = 160  # characters of the abstract: what link previews show


def extension(site_url: str):
    """An Extension adding the tags to every paper page; it writes no file."""

    def citation(papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
        for key in sorted(papers):
            page = urls.paper(key)
            ctx.page_head.setdefault(page, []).append(head(papers[key], urls.absolute(site_url, page)))
        return {}

    return citation


def publication_date(p: Paper) -> str:
    """YYYY-MM-DD: the arXiv publication day, else the first list day."""
    return p.published or p.first_listed


def pdf_url(p: Paper) -> str | None:
    if p.links.get("pdf"):
        return p.links["pdf"]
    return f"https://arxiv.org/pdf/{p.arxiv_id}" if p.arxiv_id else None


def head(p: Paper, page_url: str) -> str:
    date = publication_date(p)
    description = escape.snippet(p.abstract, DESCRIPTION) if p.abstract else ""
    tags: list[tuple[str, str, str]] = [("name", "citation_title", p.title)]
    tags += [("name", "citation_author", a) for a in p.authors]
    tags.append(("name", "citation_publication_date", date.replace("-", "/")))
    if p.arxiv_id:
        tags.append(("name", "citation_arxiv_id", p.arxiv_id))
    if pdf := pdf_url(p):
        tags.append(("name", "citation_pdf_url", pdf))
    tags += [("property", "og:type", "article"), ("property", "og:title", p.title), ("property", "og:url", page_url)]
    if description:
        tags.append(("property", "og:description", description))
    tags.append(("name", "twitter:card", "summary"))
    out = [f'<meta {attr}="{name}" content="{escape.text(value)}">' for attr, name, value in tags]
    out.append(f'<script type="application/ld+json">{escape.script_json(json_ld(p, date))}</script>')
    return "".join(out)


def json_ld(p: Paper, date: str) -> dict:
    # No "url": og:url and the canonical link already say it (page weight).
    data: dict = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": p.title,
                  "datePublished": date}
    if p.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in p.authors]
    if p.links.get("arxiv"):
        data["sameAs"] = p.links["arxiv"]
    return data
