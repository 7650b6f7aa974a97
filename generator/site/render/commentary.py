"""Commentary on the site: the section of a paper page, the Curated index, a
page per commentator, and the commentary feed with the paper page's script.

Names, handles and verdicts are escaped here; bodies arrive as HTML already
rendered and sanitized by `generator.curated.sanitize`. Handles are checked
against GitHub's rules (letters, digits, single hyphens) when a commentary is
read, so they are safe in a path and a URL as they are.
"""
from __future__ import annotations

from .. import feeds, urls
from ...archive.model import Paper
from . import contribute, escape, math
from .common import Context, front_matter, long_date, tag_links

CONTRIBUTING = "contributing.md"
FEED_TITLE = "Atom feed of the newest commentary"


def _github(handle: str) -> str:
    return f"https://github.com/{handle}"


def _byline(here: str, note) -> str:
    author = escape.link(urls.href(here, urls.commentator(note.author)), note.display_name, cls="pa-note-author")
    handle = escape.link(_github(note.author), f"@{note.author}", external=True)
    return f'{author} {handle} <span class="pa-meta">{escape.text(long_date(note.date))}</span>'


def section(notes: list, ctx: Context) -> str:
    """The commentaries of one paper, newest first, for its page; then the
    line to add one (where the site knows its repository)."""
    here = urls.paper(notes[0].paper)
    out = ['<section class="pa-commentary">', '<h2 id="commentary">Commentary</h2>']
    for note in notes:
        out.append(f'<article class="pa-note" id="commentary-{escape.text(note.author.lower())}">')
        out.append(f'<h3 class="pa-note-head">{_byline(here, note)}</h3>')
        if note.verdict:
            out.append(f'<p class="pa-verdict"><strong>Verdict:</strong> {escape.text(note.verdict)}</p>')
        out.append(f'<div class="pa-note-body">\n{math.typeset_html(note.html)}\n</div>')
        out.append("</article>")
    if ctx.repository:
        out.append(contribute.line(here))
    out.append("</section>")
    return "\n".join(out)


def _name_link(here: str, note, text: str) -> str:
    return escape.link(urls.href(here, urls.commentator(note.author)), text)


def _item(here: str, paper: Paper, notes: list, ctx: Context) -> str:
    latest = notes[0]
    number = f"{len(notes)} commentaries" if len(notes) > 1 else "1 commentary"
    tags = ctx.tags.get(paper.key, [])
    verdicts = "".join(
        f'<span class="pa-curated-note">{_name_link(here, n, n.display_name)}'
        + (f": {escape.text(n.verdict)}" if n.verdict else "") + "</span>"
        for n in notes)
    return "".join([
        # The entry markup of common.paper_item (styled through .pa-list).
        f'<li><a href="{urls.href(here, urls.paper(paper.key))}#commentary">{math.to_html(paper.title)}</a>',
        f'<small>{number} · latest {escape.text(long_date(latest.date))}</small>',
        f'<span class="pa-tags">{tag_links(here, tags, ctx)}</span>' if tags else "",
        verdicts,
        "</li>",
    ])


def by_commentator(groups: dict[str, list]) -> dict[str, list]:
    """Commentator page path -> their notes, newest first (then by paper key).
    GitHub handles ignore case: Octocat and octocat are one commentator."""
    out: dict[str, list] = {}
    for notes in groups.values():
        for note in notes:
            out.setdefault(urls.commentator(note.author), []).append(note)
    for notes in out.values():
        notes.sort(key=lambda n: n.paper)
        notes.sort(key=lambda n: n.date, reverse=True)  # stable: same day by paper key
    return dict(sorted(out.items()))


def curated_pages(groups: dict[str, list], papers: dict[str, Paper], ctx: Context,
                  site_url: str) -> dict[str, str]:
    """The Curated index (commented papers, newest commentary first, then by
    key), a page per commentator, the commentary feed and the paper pages'
    script. Every page here changes with any commentary: `make serve` redoes
    them all on each edit (they are few: commentary comes one pull request at a time)."""
    here = urls.CURATED
    order = sorted(sorted(groups), key=lambda k: groups[k][0].date, reverse=True)  # stable: ties by key
    people = by_commentator(groups)
    title = "Curated commentary"
    head = {"head_html": escape.yaml_str(feeds.feed_head(here, feeds.COMMENTARY_FEED, FEED_TITLE))}
    parts = [front_matter(title, "Papers with commentary written by readers, newest commentary first.", head),
             f"<h1>{title}</h1>\n",
             f'<p class="pa-pagelinks">{feeds.feed_link(here, feeds.COMMENTARY_FEED)}</p>\n',
             '<p class="pa-count">Papers with commentary written by readers, newest commentary first. '
             f'Add yours by pull request: see <a href="{urls.href(here, CONTRIBUTING)}">Contributing</a>.</p>\n']
    if order:
        items = "\n".join(_item(here, papers[k], groups[k], ctx) for k in order)
        parts.append(f'<ol class="pa-list pa-curated-list">\n{items}\n</ol>\n')
        names = ", ".join(_name_link(here, notes[0], notes[0].display_name) for notes in people.values())
        parts.append(f'<h2 id="commentators">Commentators</h2>\n<p>{names}</p>\n')
    else:
        parts.append("<p>No commentary yet: be the first.</p>\n")
    out = {here: "".join(parts)}
    for path, notes in people.items():
        out[path] = _commentator_page(path, notes, papers)
    # Newest first; on one day by handle, as on a paper page, then by paper.
    newest = sorted((n for notes in groups.values() for n in notes), key=lambda n: (n.author.casefold(), n.author, n.paper))
    newest.sort(key=lambda n: n.date, reverse=True)
    out[feeds.COMMENTARY_FEED] = feeds.commentary_feed(site_url, newest[:feeds.COMMENTARY_FEED_SIZE], papers)
    if ctx.repository:
        out[contribute.SCRIPT] = contribute.script(ctx.repository, site_url)
    return out


def _commentator_page(here: str, notes: list, papers: dict[str, Paper]) -> str:
    latest = notes[0]
    name = latest.display_name
    title = f"Commentary by {name}"
    items = []
    for n in notes:
        href = f"{urls.href(here, urls.paper(n.paper))}#commentary-{escape.text(n.author.lower())}"
        verdict = f'<span class="pa-curated-note">{escape.text(n.verdict)}</span>' if n.verdict else ""
        items.append(f'<li><a href="{href}">{math.to_html(papers[n.paper].title)}</a>'
                     f'<small>{escape.text(long_date(n.date))}</small>{verdict}</li>')
    github = escape.link(_github(latest.author), f"@{latest.author}", external=True)
    return "".join([
        front_matter(title, f"{_count(len(notes))} by {name} on papers of the archive, newest first."),
        f"<h1>{escape.text(title)}</h1>\n",
        f'<p class="pa-count">{_count(len(notes))} by {github} on GitHub, newest first. '
        f'All readers\' commentary: <a href="{urls.href(here, urls.CURATED)}">Curated</a>.</p>\n',
        '<ol class="pa-list pa-curated-list">\n', "\n".join(items), "\n</ol>\n",
    ])


def _count(n: int) -> str:
    return "1 commentary" if n == 1 else f"{n} commentaries"
