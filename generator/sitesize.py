"""The built site's size against GitHub Pages' limit (issue 12).

Pages publishes at most 1 GB per site. Every build says how much of it the
site uses and, from 80 % on, warns with what to do. The warning never fails a
build (not even `mkdocs build --strict`: the archive must keep publishing
while its maintainers act), so it goes to a logger of its own, outside
MkDocs' strict count, and in GitHub Actions also to the run's annotations.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

PAGES_LIMIT = 1_000_000_000  # bytes: GitHub Pages' published-site limit
WARN_FROM = 0.80

log = logging.getLogger("paper_archive.sitesize")
ADVICE = ("to stay under it: move old years to a second archive site (a fork whose data/ "
          "holds them), or publish site/ to a static host without this limit; see README 'Site size'")


# What grows with the archive: a page, an API file, search index entries, list
# entries and sitemap lines a paper. The rest (theme assets, feeds of a bounded
# length, Pagefind's scripts, hand-written pages) is there at any size, so a
# small archive's bytes / papers would overstate what a paper costs (the
# embedded 77 papers: 57 KB, where one more paper adds ~14 KB).
GROWING_DIRS = ("papers", "api", "days", "tags", "top", "curated")
GROWING_SEARCH = ("pagefind/fragment/", "pagefind/index/", "pagefind/filter/")


def grows(rel: str) -> bool:
    return (rel.split("/", 1)[0] in GROWING_DIRS or rel.startswith(GROWING_SEARCH)
            or rel.startswith("sitemap"))


@dataclass(frozen=True)
class SiteSize:
    bytes: int
    papers: int
    growing: int | None = None  # bytes that grow with the archive; None: all of them

    @property
    def share(self) -> float:
        return self.bytes / PAGES_LIMIT

    @property
    def per_paper(self) -> float:
        """What a paper costs: the bytes that grow with the archive, a paper."""
        growing = self.bytes if self.growing is None else self.growing
        return growing / self.papers if self.papers else 0.0

    @property
    def room(self) -> int:
        """Papers one Pages site holds at this cost a paper."""
        if not self.per_paper:
            return 0
        return max(self.papers + int((PAGES_LIMIT - self.bytes) / self.per_paper), 0)

    def message(self) -> str:
        text = f"paper-archive: site is {self.bytes / 1e6:.1f} MB, {100 * self.share:.1f} % of GitHub Pages' 1 GB"
        if self.papers:
            text += f" ({self.per_paper / 1024:.1f} KB per paper: room for about {self.room:,} papers)"
        if self.share >= 1:
            return text + f". Pages will not publish a site this large; {ADVICE}."
        if self.share >= WARN_FROM:
            return text + f". Over {WARN_FROM:.0%} of the limit; {ADVICE}."
        return text


def measure(site_dir: Path, papers: int) -> SiteSize:
    total = growing = 0
    for p in site_dir.rglob("*"):
        if p.is_file():
            size = p.stat().st_size
            total += size
            if grows(p.relative_to(site_dir).as_posix()):
                growing += size
    return SiteSize(total, papers, growing)


def report(site_dir: Path, papers: int, info=None) -> SiteSize:
    """Measure and say it: as information under 80 %, as a warning from there."""
    size = measure(site_dir, papers)
    if size.share >= WARN_FROM:
        log.warning("WARNING - %s", size.message())
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(f"::warning title=Site size::{size.message()}", flush=True)
    else:
        (info or log.info)("%s", size.message())
    return size
