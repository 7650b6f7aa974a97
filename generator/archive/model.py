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
MAX_KEY = 100  # a key names files (papers/<key>.md, api/v1/papers/<key>.json): far below 255 bytes
MAX_ITEM = 1_000  # one author name, keyword, category, tag or source
MAX_ITEMS = 5_000  # authors, keywords, ... of one paper
MAX_URL = 2_000
MAX_COUNT = 10**12  # upvotes and stars
LINK_KINDS = ("arxiv", "pdf", "hf", "code", "project")
# Old-style ids: an archive name (hep-th, math-ph, cs, math.AG) then 7 digits.
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z\-]{0,15}(\.[A-Z]{2})?/\d{7})$")
KEY = re.compile(r"[a-z0-9][a-z0-9.\-]*")
IDENTITY = ("key", "arxiv_id", "title", "list_dates")  # invalid: the record is refused, not repaired
_SPACE = re.compile(r"\s+")
# White space (U+2028 included), quotes, angle brackets and control characters.
_NOT_IN_URL = re.compile(r"[\s\"'<>\x00-\x1f\x7f]")
# C0/C1 controls and lone surrogates have no place in text shown on a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters that change how text around them reads without being seen:
# bidi overrides and isolates, zero-width spaces, the BOM as a zero-width
# no-break space. (ZWJ and ZWNJ stay: some scripts and emoji need them.)
INVISIBLE = "\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# Unicode non-characters: U+FDD0..U+FDEF and the last two code points of every
# plane. The astral ones have a pattern of their own, used only on text that
# holds astral characters: in one class with the rest they made every search
# 15 times slower (the regex engine then tests each character against a list).
NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
_BAD_CHAR = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{INVISIBLE}{NONCHARACTERS}]")
_ASTRAL_NONCHARACTER = re.compile("[" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}"
                                                for p in range(1, 17)) + "]")


def bad_char(text: str) -> str | None:
    """Why `text` cannot be shown as it is: a control character, a lone
    surrogate, a non-character or an invisible (bidi, zero-width) one."""
    m = _BAD_CHAR.search(text)
    if not m and not text.isascii() and max(text) > "\uffff":
        m = _ASTRAL_NONCHARACTER.search(text)
    if not m:
        return None
    c = m[0]
    kind = ("a lone surrogate" if "\ud800" <= c <= "\udfff" else "an invisible formatting character"
            if _INVISIBLE.match(c) else "a control character" if _CONTROL.match(c) else "a Unicode non-character")
    return f"contains {kind} (U+{ord(c):04X})"


def latest_day() -> dt.date:
    """No list day is later: today where the day starts first (UTC+14)."""
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=14)).date()


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


def strip_invisible(text: str) -> str:
    """Text from the web without bidi overrides and zero-width spaces (copy
    and paste leaves them in abstracts; they can also disguise a name)."""
    return _INVISIBLE.sub("", text)


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
    if not isinstance(url, str) or len(url) > MAX_URL or _NOT_IN_URL.search(url) or bad_char(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # an invalid IPv6 host, ...
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def shown(value: object, limit: int = 80) -> str:
    """A value quoted for a message: short, and printable whatever it holds."""
    text = repr(value)
    text = text if len(text) <= limit else text[: limit - 4] + "...'"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _text_list(value: object, what: str) -> str | None:
    """Why `value` is not a list of short, clean texts; None when it is."""
    if not isinstance(value, list):
        return f"must be a list of {what}, not {type(value).__name__}"
    if len(value) > MAX_ITEMS:
        return f"has {len(value)} items; the limit is {MAX_ITEMS}"
    if all(type(v) is str and v.strip() and len(v) <= MAX_ITEM for v in value) and not bad_char("".join(value)):
        return None  # the common case, in one pass; below, which item is wrong
    for i, v in enumerate(value):
        if not isinstance(v, str):
            return f"item {i} must be text, not {type(v).__name__}"
        if not v.strip():
            return f"item {i} is empty"
        if len(v) > MAX_ITEM:
            return f"item {i} is {len(v)} characters long; the limit is {MAX_ITEM}"
        if why := bad_char(v):
            return f"item {i} {why}"
    return None


def _count(value: object) -> str | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_COUNT:
        return f"is more than {MAX_COUNT:,}"
    return "must be a whole number, 0 or more"


def validate(paper: Paper, *, need_key: bool = True, today: dt.date | None = None) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a record; empty when it is valid.
    Checks types before anything else: never raises, whatever the fields hold."""
    out: list[tuple[str, str]] = []
    if need_key:
        out += _validate_key(paper.key)
    if paper.arxiv_id is not None and not (isinstance(paper.arxiv_id, str) and ARXIV_ID.fullmatch(paper.arxiv_id)):
        out.append(("arxiv_id", f"{shown(paper.arxiv_id)} is not an arXiv id such as 2503.08638"))
    out += _validate_text(paper)
    if why := _text_list(paper.authors, "names"):
        out.append(("authors", why))
    if paper.published is not None and parse_day(paper.published) is None:
        out.append(("published", f"{shown(paper.published)} is not a real day (YYYY-MM-DD)"))
    out += _validate_days(paper, today or latest_day())
    for name in ("tags", "categories", "ai_keywords", "sources"):
        if why := _text_list(getattr(paper, name), "text"):
            out.append((name, why))
    out += _validate_links(paper.links)
    for name in ("upvotes", "stars"):
        if why := _count(getattr(paper, name)):
            out.append((name, why))
    if paper.figures_date is not None and parse_day(paper.figures_date) is None:
        out.append(("figures_date", f"{shown(paper.figures_date)} is not a real day (YYYY-MM-DD)"))
    if paper.ai_summary is not None:
        if not isinstance(paper.ai_summary, str):
            out.append(("ai_summary", f"must be text, not {type(paper.ai_summary).__name__}"))
        elif len(paper.ai_summary) > MAX_ABSTRACT:
            out.append(("ai_summary", f"is {len(paper.ai_summary)} characters long; the limit is {MAX_ABSTRACT}"))
        elif why := bad_char(paper.ai_summary):
            out.append(("ai_summary", why))
    return out


def _validate_key(key: object) -> list[tuple[str, str]]:
    if not (isinstance(key, str) and KEY.fullmatch(key)):
        return [("key", "must be lowercase letters, digits, '.' and '-'")]
    if len(key) > MAX_KEY:
        return [("key", f"is {len(key)} characters long; the limit is {MAX_KEY} (it names the paper's files)")]
    return []


def _validate_text(paper: Paper) -> list[tuple[str, str]]:
    out = []
    if not isinstance(paper.title, str):
        out.append(("title", "must be text"))
    elif not paper.title.strip():
        out.append(("title", "is empty"))
    elif why := bad_char(paper.title):
        out.append(("title", why))
    elif len(paper.title) > MAX_TITLE:
        out.append(("title", f"is {len(paper.title)} characters long; the limit is {MAX_TITLE}"))
    if not isinstance(paper.abstract, str):
        out.append(("abstract", "must be text"))
    elif len(paper.abstract) > MAX_ABSTRACT:
        out.append(("abstract", f"is {len(paper.abstract)} characters long; the limit is {MAX_ABSTRACT}"))
    elif why := bad_char(paper.abstract):
        out.append(("abstract", why))
    return out


def _validate_days(paper: Paper, today: dt.date) -> list[tuple[str, str]]:
    if not isinstance(paper.list_dates, list) or not paper.list_dates:
        return [("list_dates", "needs at least one day the paper was listed")]
    if len(paper.list_dates) > MAX_ITEMS:
        return [("list_dates", f"has {len(paper.list_dates)} days; the limit is {MAX_ITEMS}")]
    bad = [d for d in paper.list_dates if parse_day(d) is None]
    if bad:
        return [("list_dates", f"{shown(bad[0])} is not a real day (YYYY-MM-DD)")]
    if paper.list_dates != sorted(set(paper.list_dates)):
        return [("list_dates", "must be sorted, without repeats")]
    if parse_day(paper.list_dates[-1]) > today:
        return [("list_dates", f"{paper.list_dates[-1]!r} is in the future")]
    return []


def _validate_links(links: object) -> list[tuple[str, str]]:
    if not isinstance(links, dict):
        return [("links", f"must be a mapping of kind to URL, not {type(links).__name__}")]
    out = []
    for kind, url in sorted(links.items(), key=lambda item: str(item[0])):
        name = f"links.{kind}" if kind in LINK_KINDS else "links"
        if kind not in LINK_KINDS:
            out.append((name, f"unknown link kind {shown(kind, 40)}; use one of {', '.join(LINK_KINDS)}"))
        elif not is_web_url(url):
            out.append((name, f"{shown(url)} is not an http(s) URL"))
    return out


def drop_field(paper: Paper, name: str, message: str) -> None:
    """Forget an optional field that failed validation ('links' with the
    message naming the kind drops just that link)."""
    if name.startswith("links.") and isinstance(paper.links, dict):
        paper.links.pop(name[len("links."):], None)
    elif name == "links" and isinstance(paper.links, dict):
        paper.links = {k: v for k, v in paper.links.items() if k in LINK_KINDS and is_web_url(v)}
    else:
        default = next(f for f in dataclasses.fields(Paper) if f.name == name)
        setattr(paper, name, default.default_factory() if default.default_factory is not dataclasses.MISSING
                else default.default)


def from_dict(data: dict) -> Paper:
    """A Paper from stored JSON; unknown fields raise KeyError naming them."""
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise KeyError(unknown[0])
    return Paper(**data)
