"""The open data: a static JSON API beside the site, under api/v1/.

    api/v1/index.json              the days (with counts) and tags (with counts)
    api/v1/days/YYYY-MM-DD.json    one list day, papers in list order
    api/v1/papers/<key>.json       one paper

Every file holds a "schema_version" and is described by a JSON Schema in
docs/api/v1/schema/ (hand-written). Keys are sorted and the output depends
only on the archive, so an unchanged archive gives byte-identical files.
Within one major version (v1) fields are only ever added.

Files are compact JSON (no indentation, no spaces after separators): the API
is a sixth of the site's bytes, and whitespace is no part of what v1 promises
(MAINTAINING.md, "The API's promises": v1 keeps every field; a change that needs less is a v2 beside it).
"""
from __future__ import annotations

import json

from . import urls
from ..archive.model import Paper
from .render import math
from .render.common import Context

SCHEMA_VERSION = 1
ROOT = "api/v1/"
INDEX = ROOT + "index.json"
# Paper fields published as they are stored; `sources` (file names inside
# this repository) is left out.
FIELDS = ("key", "arxiv_id", "title", "abstract", "authors", "published", "list_dates", "categories",
          "links", "upvotes", "stars", "figures_date", "ai_summary", "ai_keywords")


def paper_path(key: str) -> str:
    return f"{ROOT}papers/{key}.json"


def day_path(day: str) -> str:
    return f"{ROOT}days/{day}.json"


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def extension(site_url: str):
    """An Extension writing the API's files into docs/api/v1/."""

    def api(papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
        out = {}
        for key in sorted(papers):
            out[paper_path(key)] = dump(paper(papers[key], ctx, site_url))
        days = ctx.days(papers)
        for day, day_papers in days.items():
            out[day_path(day)] = dump(day_file(day, day_papers, ctx, site_url))
        out[INDEX] = dump(index(papers, days, ctx, site_url))
        return out

    return api


def _urls(key: str, site_url: str) -> dict[str, str]:
    return {"url": urls.absolute(site_url, urls.paper(key)), "api_url": urls.absolute(site_url, paper_path(key))}


def paper(p: Paper, ctx: Context, site_url: str) -> dict:
    data = {name: getattr(p, name) for name in FIELDS}
    return {"schema_version": SCHEMA_VERSION, **data, **title_text(p), "tags": ctx.tags.get(p.key, []),
            **_urls(p.key, site_url)}


def title_text(p: Paper) -> dict[str, str]:
    """`title_text`, the title as the paper's page reads it (TeX as text, as in
    feeds and search), for a title with TeX only: about one in a hundred, so
    it costs about a byte a paper, where one in every file would cost ~100
    (bench/results-size.md). The Saved page shows it (follow-save-pages.js)."""
    text = math.to_text(p.title)
    return {"title_text": text} if text != p.title else {}


def summary(p: Paper, ctx: Context, site_url: str) -> dict:
    """A paper as a day file lists it: enough for a list, the rest in its own file."""
    return {"key": p.key, "arxiv_id": p.arxiv_id, "title": p.title, "authors": p.authors, "upvotes": p.upvotes,
            "tags": ctx.tags.get(p.key, []), **_urls(p.key, site_url)}


def day_file(day: str, papers: list[Paper], ctx: Context, site_url: str) -> dict:
    return {"schema_version": SCHEMA_VERSION, "date": day, "count": len(papers),
            "url": urls.absolute(site_url, urls.day(day)),
            "papers": [summary(p, ctx, site_url) for p in papers]}


def index(papers: dict[str, Paper], days: dict[str, list[Paper]], ctx: Context, site_url: str) -> dict:
    groups = ctx.tag_groups(papers)
    return {
        "schema_version": SCHEMA_VERSION,
        "paper_count": len(papers),
        "days": [{"date": d, "count": len(ps), "api_url": urls.absolute(site_url, day_path(d))}
                 for d, ps in days.items()],
        "tags": [{"slug": s, "title": ctx.tag_title(s), "count": len(groups[s]),
                  "url": urls.absolute(site_url, urls.tag(s))} for s in sorted(groups)],
    }
