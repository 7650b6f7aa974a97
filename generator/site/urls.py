"""Where each generated page lives in docs/ and the URL MkDocs gives it.

Pages are built with `use_directory_urls`: `papers/x.md` is served at
`papers/x/`. Generated pages link to each other with relative URLs computed
here, so the site works under any base path (a GitHub Pages project site).
"""
from __future__ import annotations

import functools
import posixpath

HOME = "index.md"
ARCHIVE = "days/index.md"
TAGS = "tags/index.md"
CURATED = "curated/index.md"  # papers with commentary (generator/curated/commentary.py)


def commentator(handle: str) -> str:
    """The page of one commentator's notes. GitHub handles ignore case (and
    are letters, digits and hyphens: checked when a commentary is read)."""
    return f"curated/by/{handle.lower()}.md"


def paper(key: str) -> str:
    return f"papers/{key}.md"


def day(date: str, page: int = 1) -> str:
    y, m, d = date.split("-")
    return f"days/{y}/{m}/{d}.md" if page == 1 else f"days/{y}/{m}/{d}/page-{page}.md"


def month(ym: str) -> str:
    y, m = ym.split("-")
    return f"days/{y}/{m}/index.md"


def year(y: str) -> str:
    return f"days/{y}/index.md"


def tag(slug: str, page: int | None = None) -> str:
    """A tag's list: its front page (the newest papers), or numbered page
    `page` counted from the oldest (indexes.newest_pages)."""
    return f"tags/{slug}.md" if page is None else f"tags/{slug}/page-{page}.md"


def url(path: str) -> str:
    """The site URL (relative to the site root) of a docs/ file."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _relpath(there: str, here: str) -> str:
    """posixpath.relpath for the clean relative paths used here (no '.', '..'
    or empty segments; '.' is the root), without its os.getcwd() per call:
    generate computes hundreds of thousands of links (profiled in bench/)."""
    t = there.split("/") if there != "." else []
    h = here.split("/") if here != "." else []
    i = 0
    while i < len(t) and i < len(h) and t[i] == h[i]:
        i += 1
    return "/".join([".."] * (len(h) - i) + t[i:]) or "."


@functools.lru_cache(maxsize=1 << 16)
def href(from_path: str, to_path: str) -> str:
    """A relative link from one generated page to another. Cached: a list
    page links the same few tag pages from each of its 300 items."""
    here = url(from_path).rstrip("/") or "."
    there = url(to_path).rstrip("/") or "."
    rel = _relpath(there, here)
    return "./" if rel == "." else rel + "/"


def file_href(from_path: str, file: str) -> str:
    """A relative link from a generated page to a file of the site that is
    not a page (a feed, a JSON file), given by its path in docs/."""
    here = url(from_path).rstrip("/") or "."
    return _relpath(posixpath.normpath(file), here)


def absolute(site_url: str, path: str) -> str:
    """The full URL of a docs/ file (a page, or a file with any other suffix)."""
    return site_url.rstrip("/") + "/" + (url(path) if path.endswith(".md") else path)
