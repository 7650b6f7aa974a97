"""A few pages of the built site and what they need to display: the small
preview of a pull request's commentary (`paper-archive review`).

The pages are taken as they are from the site `make build` made (strict, the
real theme and hooks): what a reviewer opens is byte for byte what will be
published. With them go the files they load to display: stylesheets,
scripts, icons and images the pages name (and what the stylesheets and
our scripts name),
found by reading them. Links to the rest of the site lead nowhere in the
excerpt, and search (Pagefind's index is the size of the archive) is left out.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

MARKER = ".paper-archive-excerpt"  # says a folder is an excerpt we may replace (hidden: not uploaded)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
# Our scripts name what they load later (follow-save.js its stylesheet) from
# the site's root, as a quoted "assets/..." string joined to the base path.
_SCRIPT_ASSET = re.compile(r"""["'](assets/[\w./-]+\.(?:css|js|svg|png|woff2?))["']""")


class ExcerptError(Exception):
    """The excerpt could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class Excerpt:
    files: tuple[str, ...]  # site-relative, sorted
    bytes: int


class _Loads(HTMLParser):
    """The addresses a page loads to display: stylesheets, icons, scripts, images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and {"stylesheet", "icon", "preload"} & set((attrs.get("rel") or "").lower().split()):
            self.found.append(attrs.get("href") or "")
        elif tag in ("script", "img", "source") and attrs.get("src"):
            self.found.append(attrs["src"])

    handle_startendtag = handle_starttag


def _local(ref: str, base: str) -> str | None:
    """The site-relative path `ref` names from the file at `base`, or None
    when it is elsewhere (another host, a data: URL) or outside the site."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path or ref.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
    if path.startswith("../") or path == "..":
        return None
    return path


def loads(text: str, rel: str) -> list[str]:
    """Site-relative files that the page or stylesheet `rel` loads."""
    if rel.endswith(".css"):
        refs = [m[2] or m[4] for m in _CSS_URL.finditer(text)]
    elif rel.endswith(".js"):
        return sorted(set(_SCRIPT_ASSET.findall(text)))
    else:
        parser = _Loads()
        parser.feed(text)
        parser.close()
        refs = parser.found
    return [p for p in (_local(r, rel) for r in refs) if p]


def needed(site_dir: Path, pages: list[str]) -> list[str]:
    """The pages and every file they need to display, site-relative, sorted;
    a file the site does not have is left out (the build's own warnings say so)."""
    todo, seen = list(pages), set()
    while todo:
        rel = todo.pop()
        path = site_dir / rel
        if rel in seen or not path.is_file() or path.is_symlink():
            continue
        seen.add(rel)
        if rel.endswith((".html", ".css", ".js")):
            todo += loads(path.read_text(encoding="utf-8", errors="replace"), rel)
    return sorted(seen)


def _clear(out_dir: Path) -> None:
    """Empty `out_dir` for a new excerpt; only a former excerpt (or nothing) is replaced."""
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise ExcerptError(f"{out_dir} is not a folder: choose another place for the preview")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        if not (out_dir / MARKER).is_file():
            raise ExcerptError(f"{out_dir} holds files that are not a preview: choose an empty or new folder")
        shutil.rmtree(out_dir)


def write(site_dir: Path, pages: list[str], out_dir: Path) -> Excerpt:
    """Copy `pages` (site-relative, such as papers/<key>/index.html) and what
    they need from the built site into `out_dir`, which is replaced."""
    if not (site_dir / "index.html").is_file():
        raise ExcerptError(f"{site_dir} holds no built site: build it first (make build)")
    files = needed(site_dir, pages)
    _clear(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    for rel in files:
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site_dir / rel, target)
        total += os.stat(target).st_size
    (out_dir / MARKER).write_text("Made by paper-archive review; replaced by its next run.\n", encoding="utf-8")
    return Excerpt(tuple(files), total)
