"""Responses of the arXiv API (`/api/query`): an Atom feed of entries.

Parsed with defusedxml: the feed comes from the network, and entity
expansion tricks must not reach the standard library's parser.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as ET
from defusedxml import DefusedXmlException

from ..archive.model import Paper, Problem, clean_text, parse_day, shown
from . import Found, Reading, arxiv_links

NS = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_ID = re.compile(r"arxiv\.org/abs/(.+?)(v\d+)?$")


def read(path: Path, name: str, *, date: dt.date | None = None, year: int | None = None) -> Reading:
    return parse(path.read_bytes(), name, date=date)


def parse(raw: bytes, name: str, *, date: dt.date | None = None) -> Reading:
    """The entries of one answer; a problem at field "xml" means the whole
    answer is unusable (not XML, or not an Atom feed)."""
    try:
        root = ET.fromstring(raw)
    except ParseError as exc:
        return Reading([], [Problem(name, str(exc.position[0]), "xml", f"not well-formed XML: {exc.msg}")])
    except DefusedXmlException as exc:
        return Reading([], [Problem(name, "1", "xml", f"refused unsafe XML: {type(exc).__name__}")])
    if root.tag != f"{{{NS['a']}}}feed":
        # An HTML error page that happens to be XML has no entries either: not "no match".
        return Reading([], [Problem(name, "1", "xml", f"not an Atom feed (its root element is {shown(root.tag, 60)})")])
    found, problems = [], []
    for index, entry in enumerate(root.findall("a:entry", NS)):
        where = f"item {index}"
        paper, entry_problems = _paper(entry, date)
        problems += [Problem(name, where, f, m) for f, m in entry_problems]
        if paper:
            found.append(Found(paper, name, where))
    return Reading(found, problems)


def _paper(entry, date: dt.date | None) -> tuple[Paper | None, list[tuple[str, str]]]:
    raw_id = entry.findtext("a:id", "", NS).strip()
    m = _ID.search(raw_id)
    if not m:
        return None, [("id", f"{raw_id[:80]!r} is not an arXiv abstract URL")]
    arxiv_id = m[1]
    published = entry.findtext("a:published", "", NS).strip()[:10]
    if parse_day(published) is None:
        return None, [("published", f"{published!r} is not a real day")]
    links = arxiv_links(arxiv_id)
    for link in entry.findall("a:link", NS):
        if link.get("title") == "pdf" and link.get("href"):
            links["pdf"] = link.get("href")
        elif link.get("rel") == "alternate" and link.get("href"):
            links["arxiv"] = link.get("href")
    categories = []
    for cat in entry.findall("a:category", NS):
        term = cat.get("term")
        if term and term not in categories:
            categories.append(term)
    paper = Paper(
        arxiv_id=arxiv_id,
        title=clean_text(entry.findtext("a:title", "", NS)),
        abstract=clean_text(entry.findtext("a:summary", "", NS)),
        authors=[clean_text(a.findtext("a:name", "", NS)) for a in entry.findall("a:author", NS) if a.findtext("a:name", "", NS).strip()],
        published=published,
        # arXiv has no daily list: the paper is listed on the day asked for, else its publication day.
        list_dates=[date.isoformat() if date else published],
        categories=categories,
        links=links,
    )
    return paper, []
