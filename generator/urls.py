"""Where each generated page lives in docs/ and the URL MkDocs gives it.

Pages are built with `use_directory_urls`: `papers/x.md` is served at
`papers/x/`. Generated pages link to each other with relative URLs computed
here, so the site works under any base path (a GitHub Pages project site).
"""
from __future__ import annotations

import posixpath

HOME = "index.md"
ARCHIVE = "days/index.md"
TAGS = "tags/index.md"
CURATED = "curated/index.md"  # papers with commentary (generator/commentary.py)


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


def tag(slug: str, page: int = 1) -> str:
    return f"tags/{slug}.md" if page == 1 else f"tags/{slug}/page-{page}.md"


def url(path: str) -> str:
    """The site URL (relative to the site root) of a docs/ file."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def href(from_path: str, to_path: str) -> str:
    """A relative link from one generated page to another."""
    here = url(from_path).rstrip("/") or "."
    there = url(to_path).rstrip("/") or "."
    rel = posixpath.relpath(there, here)
    return "./" if rel == "." else rel + "/"


def file_href(from_path: str, file: str) -> str:
    """A relative link from a generated page to a file of the site that is
    not a page (a feed, a JSON file), given by its path in docs/."""
    here = url(from_path).rstrip("/") or "."
    return posixpath.relpath(file, here)


def absolute(site_url: str, path: str) -> str:
    """The full URL of a docs/ file (a page, or a file with any other suffix)."""
    return site_url.rstrip("/") + "/" + (url(path) if path.endswith(".md") else path)
