"""Merging incoming records into the archive: pure functions, no I/O.

The same paper from several sources or days becomes one record: matched on
arXiv id, else on normalized title. A key, once assigned, never changes.
"""
from __future__ import annotations

import copy
from collections.abc import Container

from slugify import slugify

from .model import Paper, normalized_title

KEY_LENGTH = 80


def new_key(paper: Paper, taken: Container[str]) -> str:
    """The arXiv id when known, else a slug of the title; unique in `taken`."""
    if paper.arxiv_id:
        key = base = paper.arxiv_id.replace("/", "-").lower()
    else:
        key = _slug(paper.title, KEY_LENGTH)
    n = 2
    while key in taken:
        suffix = f"-{n}"
        # The suffix fits within KEY_LENGTH with the slug still cut at a word boundary.
        key = base + suffix if paper.arxiv_id else _slug(paper.title, KEY_LENGTH - len(suffix)) + suffix
        n += 1
    return key


def _slug(title: str, length: int) -> str:
    # save_order: stop at the first word that does not fit, never skip one.
    return slugify(title, max_length=length, word_boundary=True, save_order=True) or "paper"


class Matcher:
    """Finds the archive record an incoming record is the same paper as."""

    def __init__(self, papers: dict[str, Paper]):
        self.by_arxiv: dict[str, str] = {}
        self.by_title: dict[str, list[str]] = {}
        for key in sorted(papers):
            self.add(papers[key])

    def add(self, paper: Paper) -> None:
        if paper.arxiv_id:
            self.by_arxiv.setdefault(paper.arxiv_id, paper.key)
        keys = self.by_title.setdefault(normalized_title(paper.title), [])
        if paper.key not in keys:
            keys.append(paper.key)

    def find(self, paper: Paper, papers: dict[str, Paper]) -> str | None:
        if paper.arxiv_id and paper.arxiv_id in self.by_arxiv:
            return self.by_arxiv[paper.arxiv_id]
        # Two different arXiv ids with one title are two papers.
        keys = [k for k in self.by_title.get(normalized_title(paper.title), [])
                if not (paper.arxiv_id and papers[k].arxiv_id and papers[k].arxiv_id != paper.arxiv_id)]
        if len(keys) > 1:
            # Several papers share the title: prefer the one that already holds
            # all this record brings (then: all but same-day figures), so
            # importing the same input again changes nothing.
            holds = [k for k in keys if _holds(papers[k], paper, figures=True)]
            holds = holds or [k for k in keys if _holds(papers[k], paper, figures=False)]
            keys = holds or keys
        return keys[0] if keys else None


def _holds(old: Paper, new: Paper, *, figures: bool) -> bool:
    """Whether merging `new` into `old` would change nothing."""
    trial = copy.deepcopy(old)
    merge_into(trial, new)
    if not figures:
        trial.upvotes, trial.stars = old.upvotes, old.stars
    return trial == old


def merge_all(papers: dict[str, Paper], incoming: list[Paper]) -> dict[str, Paper]:
    """The archive after merging `incoming`, in order; inputs are not changed."""
    result = {k: copy.deepcopy(v) for k, v in papers.items()}
    merge_in_place(result, Matcher(result), incoming)
    return result


def merge_in_place(result: dict[str, Paper], matcher: Matcher, incoming: list[Paper]) -> dict[str, Paper | None]:
    """Merge `incoming` into `result` (indexed by `matcher`), in order. Returns
    each key merged into with its record as it was before (None: new). For
    callers that merge batch after batch (a catch-up fetch, day after day)
    without copying the whole archive each time."""
    before: dict[str, Paper | None] = {}
    for new in incoming:
        key = matcher.find(new, result)
        if key is None:
            record = copy.deepcopy(new)
            record.key = key = new_key(record, result)  # a dict: `in` without copying every key
            normalize(record)
            result[key] = record
            before.setdefault(key, None)
        else:
            if key not in before:
                before[key] = copy.deepcopy(result[key])
            merge_into(result[key], new)
        matcher.add(result[key])
    return before


def _union(a: list[str], b: list[str]) -> list[str]:
    return sorted(set(a) | set(b))


def normalize(p: Paper) -> None:
    """Put list fields in their stored order."""
    p.list_dates = sorted(set(p.list_dates))
    p.sources = sorted(set(p.sources))
    p.tags = sorted(set(p.tags))
    p.links = dict(sorted(p.links.items()))


def merge_into(old: Paper, new: Paper) -> None:
    """Unite days and provenance, fill empty fields, take the newest figures."""
    old.list_dates = _union(old.list_dates, new.list_dates)
    old.sources = _union(old.sources, new.sources)
    old.tags = _union(old.tags, new.tags)
    for name in ("arxiv_id", "abstract", "authors", "published", "categories", "ai_summary", "ai_keywords"):
        if not getattr(old, name) and getattr(new, name):
            setattr(old, name, copy.deepcopy(getattr(new, name)))
    for kind, url in new.links.items():
        old.links.setdefault(kind, url)
    old.links = dict(sorted(old.links.items()))
    if new.figures_date and (old.figures_date is None or new.figures_date >= old.figures_date):
        if new.upvotes is not None:
            old.upvotes = new.upvotes
        if new.stars is not None:
            old.stars = new.stars
        old.figures_date = new.figures_date
