"""Following tags and a reading list, kept in the reader's browser (issue 23).

The build writes what the browser script (docs/assets/follow-save.js) reads:

    following.md             the Following page: the newest papers of the tags a reader follows
    saved.md                 the Saved page: the reader's reading list
    feeds/tags/<slug>.json   a tag's TAG_NEWEST newest papers, beside its Atom feed

The reader's choices live in their browser's localStorage only; the server
holds nothing of theirs. A tag's JSON file is bounded (TAG_NEWEST papers,
title and a few fields each), so the Following page fetches a few KB a
followed tag however large the archive grows; the Saved page reads the
API's per-paper files (api/v1/papers/<key>.json) for the papers it shows,
their titles as the paper page reads them (api.title_text).

Paper, list and tag pages change nothing here: overrides/main.html loads the
script on pages that hold a paper, a list of papers or the tags, and the
script places its buttons itself. Without script, no button shows.
"""
from __future__ import annotations

import json

from ..archive.model import Paper
from . import indexes, urls
from .render import escape, math
from .render.common import Context, front_matter

FOLLOWING = "following.md"
SAVED = "saved.md"
TAG_NEWEST = 30  # papers in a tag's JSON file: ten followed tags fetch ~40 KB (~10 KB gzipped)
NOTE = "Saved in this browser only; nothing is sent anywhere."


def tag_path(slug: str) -> str:
    return f"feeds/tags/{slug}.json"


def extension(papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
    """An Extension: the two pages and every tag's JSON file."""
    groups = ctx.tag_groups(papers)
    out = {FOLLOWING: following_page(ctx), SAVED: saved_page(ctx)}
    out.update(tag_files(groups, set(groups), ctx))
    return out


def tag_files(groups: dict[str, list[Paper]], slugs: set[str], ctx: Context) -> dict[str, str]:
    """The JSON files of `slugs` (`make serve` redoes the tags an edit touched)."""
    return {tag_path(s): tag_file(s, groups[s], ctx) for s in sorted(slugs & groups.keys())}


def tag_file(slug: str, group: list[Paper], ctx: Context) -> str:
    """`group` newest first (indexes.by_tag). Titles as plain text (TeX as the
    closest text, as in feeds): the script shows them as text, never as HTML."""
    newest = sorted(group, key=indexes.newest_order)[:TAG_NEWEST]
    data = {"slug": slug, "title": ctx.tag_title(slug), "count": len(group),
            "papers": [{"key": p.key, "title": math.to_text(p.title), "day": p.last_listed, "upvotes": p.upvotes,
                        "tags": ctx.tags.get(p.key, [])} for p in newest]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _tag_list(here: str, ctx: Context, hidden: bool = False) -> str:
    """Every tag, by title: the Following page's list to follow from; the
    Saved page's (hidden) names for the tag slugs of saved papers."""
    items = "\n".join(f'<li><a href="{urls.href(here, urls.tag(t.slug))}">{escape.text(t.title)}</a></li>'
                      for t in sorted(ctx.taxonomy.tags, key=lambda t: (t.title.casefold(), t.slug)))
    return f'<ul class="pa-follow-tags" data-pa-tags{" hidden" if hidden else ""}>\n{items}\n</ul>\n'


_NO_SCRIPT = "<noscript><p>{what} needs JavaScript, which is off in this browser.</p></noscript>\n"


def following_page(ctx: Context) -> str:
    here = FOLLOWING
    return (front_matter("Following", "The newest papers of the tags you follow, kept in this browser.")
            + "<h1>Following</h1>\n"
            f'<p class="pa-keep-note">The newest papers of the tags you follow, newest first. {NOTE}</p>\n'
            + _NO_SCRIPT.format(what="Following tags")
            + f'<div data-pa-keep="following" data-newest="{TAG_NEWEST}"></div>\n'
            '<h2 id="tags">Tags</h2>\n'
            + _tag_list(here, ctx))


def saved_page(ctx: Context) -> str:
    here = SAVED
    return (front_matter("Saved papers", "Your reading list, kept in this browser.")
            + "<h1>Saved papers</h1>\n"
            f'<p class="pa-keep-note">Papers you saved with their Save button. {NOTE}</p>\n'
            + _NO_SCRIPT.format(what="The reading list")
            + '<div data-pa-keep="saved"></div>\n'
            + _tag_list(here, ctx, hidden=True))
