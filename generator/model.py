"""The paper record, its validation, and the problems bad input produces.

A `Paper` is plain data. Validation returns `Problem`s instead of raising, so
an import can list every problem in every file before deciding to write.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_TITLE = 500
MAX_ABSTRACT = 20_000
LINK_KINDS = ("arxiv", "pdf", "hf", "code", "project")
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})$")
_SPACE = re.compile(r"\s+")
# White space (U+2028 included), quotes, angle brackets and control characters.
_NOT_IN_URL = re.compile(r"[\s\"'<>\x00-\x1f\x7f]")
# C0/C1 controls and lone surrogates have no place in text shown on a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as FILE:WHERE: FIELD: MESSAGE."""

    file: str
    where: str  # a line number ("17") or an item ("item 3")
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.where}: {self.field}: {self.message}"


class InputError(Exception):
    """Raised with every problem found, after all input has been read."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Paper:
    """One paper of the archive. Field order here is the order on disk."""

    key: str = ""
    arxiv_id: str | None = None
    title: str = ""
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # arXiv publication day, YYYY-MM-DD
    list_dates: list[str] = field(default_factory=list)  # days on a daily list
    tags: list[str] = field(default_factory=list)  # taxonomy tags set by hand
    categories: list[str] = field(default_factory=list)  # arXiv categories
    links: dict[str, str] = field(default_factory=dict)
    upvotes: int | None = None
    stars: int | None = None
    figures_date: str | None = None  # the list day upvotes/stars were seen
    ai_summary: str | None = None
    ai_keywords: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # provenance: source files

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @property
    def first_listed(self) -> str:
        return self.list_dates[0]

    @property
    def last_listed(self) -> str:
        return self.list_dates[-1]


FIELDS = tuple(f.name for f in dataclasses.fields(Paper))


def clean_text(text: str) -> str:
    """Collapse hard wraps and runs of white space; change nothing else."""
    return _SPACE.sub(" ", text).strip()


def normalized_title(title: str) -> str:
    """The form two titles of the same paper share (case, spacing, punctuation)."""
    return re.sub(r"[\W_]+", " ", title.casefold()).strip()


def parse_day(value: str) -> dt.date | None:
    """A YYYY-MM-DD day, or None when the text is not a real calendar day."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def is_web_url(url: object) -> bool:
    if not isinstance(url, str) or _NOT_IN_URL.search(url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() and not _CONTROL.search(v) for v in value)


def _is_count(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def validate(paper: Paper, *, need_key: bool = True) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a record; empty when it is valid."""
    out: list[tuple[str, str]] = []
    if need_key and not (isinstance(paper.key, str) and re.fullmatch(r"[a-z0-9][a-z0-9.\-]*", paper.key)):
        out.append(("key", "must be lowercase letters, digits, '.' and '-'"))
    if paper.arxiv_id is not None and not (isinstance(paper.arxiv_id, str) and ARXIV_ID.fullmatch(paper.arxiv_id)):
        out.append(("arxiv_id", f"{paper.arxiv_id!r} is not an arXiv id such as 2503.08638"))
    out += _validate_text(paper)
    if not _is_text_list(paper.authors):
        out.append(("authors", "must be a list of names"))
    if paper.published is not None and parse_day(paper.published) is None:
        out.append(("published", f"{paper.published!r} is not a real day (YYYY-MM-DD)"))
    out += _validate_days(paper)
    for name in ("tags", "categories", "ai_keywords", "sources"):
        if not _is_text_list(getattr(paper, name)):
            out.append((name, "must be a list of text"))
    out += _validate_links(paper.links)
    for name in ("upvotes", "stars"):
        if not _is_count(getattr(paper, name)):
            out.append((name, "must be a whole number, 0 or more"))
    if paper.figures_date is not None and parse_day(paper.figures_date) is None:
        out.append(("figures_date", f"{paper.figures_date!r} is not a real day (YYYY-MM-DD)"))
    if paper.ai_summary is not None and not (isinstance(paper.ai_summary, str) and not _CONTROL.search(paper.ai_summary)):
        out.append(("ai_summary", "must be text without control characters"))
    return out


def _validate_text(paper: Paper) -> list[tuple[str, str]]:
    out = []
    if not isinstance(paper.title, str):
        out.append(("title", "must be text"))
    elif not paper.title.strip():
        out.append(("title", "is empty"))
    elif _CONTROL.search(paper.title):
        out.append(("title", "contains a control character"))
    elif len(paper.title) > MAX_TITLE:
        out.append(("title", f"is {len(paper.title)} characters long; the limit is {MAX_TITLE}"))
    if not isinstance(paper.abstract, str):
        out.append(("abstract", "must be text"))
    elif len(paper.abstract) > MAX_ABSTRACT:
        out.append(("abstract", f"is {len(paper.abstract)} characters long; the limit is {MAX_ABSTRACT}"))
    elif _CONTROL.search(paper.abstract):
        out.append(("abstract", "contains a control character"))
    return out


def _validate_days(paper: Paper) -> list[tuple[str, str]]:
    if not isinstance(paper.list_dates, list) or not paper.list_dates:
        return [("list_dates", "needs at least one day the paper was listed")]
    bad = [d for d in paper.list_dates if parse_day(d) is None]
    if bad:
        return [("list_dates", f"{bad[0]!r} is not a real day (YYYY-MM-DD)")]
    if paper.list_dates != sorted(set(paper.list_dates)):
        return [("list_dates", "must be sorted, without repeats")]
    return []


def _validate_links(links: object) -> list[tuple[str, str]]:
    if not isinstance(links, dict):
        return [("links", "must be a mapping of kind to URL")]
    out = []
    for kind, url in sorted(links.items()):
        if kind not in LINK_KINDS:
            out.append((f"links.{kind}", f"unknown link kind; use one of {', '.join(LINK_KINDS)}"))
        elif not is_web_url(url):
            out.append((f"links.{kind}", f"{str(url)[:80]!r} is not an http(s) URL"))
    return out


def from_dict(data: dict) -> Paper:
    """A Paper from stored JSON; unknown fields raise KeyError naming them."""
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise KeyError(unknown[0])
    return Paper(**data)
