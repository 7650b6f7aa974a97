"""Commentary on the site: the section of a paper page and the Curated index.

Names, handles and verdicts are escaped here; bodies arrive as HTML already
rendered and sanitized by `generator.curated.sanitize`.
"""
from __future__ import annotations

from .. import urls
from ...archive.model import Paper
from . import escape, math
from .common import Context, front_matter, long_date, tag_links

CONTRIBUTING = "contributing.md"


def _github(handle: str) -> str:
    # Handles are checked against GitHub's rules: letters, digits and hyphens only.
    return f"https://github.com/{handle}"


def _byline(note) -> str:
    author = escape.link(_github(note.author), note.display_name, external=True, cls="pa-note-author")
    handle = f" (@{escape.text(note.author)})" if note.name else ""
    return f'{author}{handle} <span class="pa-meta">{escape.text(long_date(note.date))}</span>'


def section(notes: list) -> str:
    """The commentaries of one paper, newest first, for its page."""
    out = ['<section class="pa-commentary">', '<h2 id="commentary">Commentary</h2>']
    for note in notes:
        out.append(f'<article class="pa-note" id="commentary-{escape.text(note.author.lower())}">')
        out.append(f'<h3 class="pa-note-head">{_byline(note)}</h3>')
        if note.verdict:
            out.append(f'<p class="pa-verdict"><strong>Verdict:</strong> {escape.text(note.verdict)}</p>')
        out.append(f'<div class="pa-note-body">\n{math.typeset_html(note.html)}\n</div>')
        out.append("</article>")
    out.append("</section>")
    return "\n".join(out)


def _item(here: str, paper: Paper, notes: list, ctx: Context) -> str:
    latest = notes[0]
    count = f"{len(notes)} commentaries" if len(notes) > 1 else "1 commentary"
    tags = ctx.tags.get(paper.key, [])
    verdicts = "".join(
        f'<span class="pa-curated-note">{escape.text(n.display_name)}'
        + (f": {escape.text(n.verdict)}" if n.verdict else "") + "</span>"
        for n in notes)
    return "".join([
        # The entry markup of common.paper_item (styled through .pa-list).
        f'<li><a href="{urls.href(here, urls.paper(paper.key))}#commentary">{math.to_html(paper.title)}</a>',
        f'<small>{count} · latest {escape.text(long_date(latest.date))}</small>',
        f'<span class="pa-tags">{tag_links(here, tags, ctx)}</span>' if tags else "",
        verdicts,
        "</li>",
    ])


def curated_pages(groups: dict[str, list], papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
    """The Curated index: commented papers, newest commentary first (then by key).

    One page: it is in the navigation, and commentary arrives one pull request
    at a time, so it stays far smaller than the date and tag lists."""
    here = urls.CURATED
    order = sorted(sorted(groups), key=lambda k: groups[k][0].date, reverse=True)  # stable: ties by key
    title = "Curated commentary"
    parts = [front_matter(title, "Papers with commentary written by readers, newest commentary first."),
             f"<h1>{title}</h1>\n",
             '<p class="pa-count">Papers with commentary written by readers, newest commentary first. '
             f'Add yours by pull request: see <a href="{urls.href(here, CONTRIBUTING)}">Contributing</a>.</p>\n']
    if order:
        items = "\n".join(_item(here, papers[k], groups[k], ctx) for k in order)
        parts.append(f'<ol class="pa-list pa-curated-list">\n{items}\n</ol>\n')
    else:
        parts.append("<p>No commentary yet: be the first.</p>\n")
    return {here: "".join(parts)}
