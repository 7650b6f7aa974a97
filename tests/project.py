"""A throwaway copy of the project to generate and build in, and ways to read
what it built. The repository's own docs/ and site/ are never touched."""
from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Hand-written, tracked parts of the project that a build needs.
PROJECT_PARTS = ("mkdocs.yml", "overrides", "hooks", "taxonomy.yml", "labels", "CONTRIBUTING.md")


def copy_project(dst: Path, *, data: bool = True, commentary: bool = True) -> Path:
    """Copy what a build needs into `dst`; generated pages are left behind."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dst / name)
        elif src.exists():
            shutil.copy(src, dst / name)
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    for rel in tracked:
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, dst / rel)
    if data:
        shutil.copytree(REPO / "data", dst / "data", ignore=shutil.ignore_patterns("raw"))
    else:
        (dst / "data" / "papers").mkdir(parents=True)
    if commentary and (REPO / "commentary").is_dir():
        shutil.copytree(REPO / "commentary", dst / "commentary")
    return dst


def mkdocs_build(root: Path, *, tool: str = "mkdocs") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in `root`; the result keeps stdout and stderr."""
    return subprocess.run([sys.executable, "-m", tool, "build", "--strict"], cwd=root,
                          capture_output=True, text=True, env=_env())


def _env() -> dict:
    import os

    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


class Page(HTMLParser):
    """The parts of a built page the tests look at."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.links: list[str] = []
        self.title = ""
        self.h1 = ""
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag in ("title", "h1"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if "title" in self._in:
            self.title += data
        if "h1" in self._in:
            self.h1 += data


def read_page(site: Path, url: str) -> Page:
    return Page((site / url / "index.html").read_text(encoding="utf-8"))
