"""Citation metadata in the <head> of every paper page.

Google Scholar's Highwire tags (citation_*: what Scholar, Zotero and Mendeley
read), then the one link-preview tag that says something the page does not say
already: og:title, the paper's title without the site's name that <title>
carries (X/Twitter shows a card only for pages with OpenGraph tags), and
twitter:card (X's card type; its title falls back to og:title).

Left out because they only repeat the page (issue 12: 0.8 KB of a 10 KB paper
page, more for real papers with 7-9 authors): og:description (= the meta
description, which Facebook, LinkedIn, Slack, Discord, Mastodon and Telegram
fall back to), og:url (= the canonical link), og:type (only meaningful with
article:* tags) and a JSON-LD ScholarlyArticle (title, authors and date again;
Scholar reads the Highwire tags, and Google shows no rich result for it).

Every value is escaped exactly once, as attribute text (escape.text). The HTML
reaches the page through front matter (page.meta.head_html), which the
template prints as it is.
"""
from __future__ import annotations

from . import urls
from ..archive.model import Paper
from .render import escape, math
from .render.common import Context


def extension(papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
    """An Extension adding the tags to every paper page; it writes no file.
    (The page's own address is its canonical link, which the template prints.)"""
    for key in sorted(papers):
        ctx.page_head.setdefault(urls.paper(key), []).append(head(papers[key]))
    return {}


def publication_date(p: Paper) -> str:
    """YYYY-MM-DD: the arXiv publication day, else the first list day."""
    return p.published or p.first_listed


def pdf_url(p: Paper) -> str | None:
    if p.links.get("pdf"):
        return p.links["pdf"]
    return f"https://arxiv.org/pdf/{p.arxiv_id}" if p.arxiv_id else None


def head(p: Paper) -> str:
    date = publication_date(p)
    title = math.to_text(p.title)  # TeX as the page reads it: Zotero and link previews show no MathML
    tags: list[tuple[str, str, str]] = [("name", "citation_title", title)]
    tags += [("name", "citation_author", a) for a in p.authors]
    tags.append(("name", "citation_publication_date", date.replace("-", "/")))
    if p.arxiv_id:
        tags.append(("name", "citation_arxiv_id", p.arxiv_id))
    if pdf := pdf_url(p):
        tags.append(("name", "citation_pdf_url", pdf))
    tags += [("property", "og:title", title), ("name", "twitter:card", "summary")]
    return "".join(f'<meta {attr}="{name}" content="{escape.text(value)}">' for attr, name, value in tags)

