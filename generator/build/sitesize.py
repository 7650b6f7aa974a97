"""The built site's size against GitHub Pages' limit (issue 12).

Pages publishes at most 1 GB per site, and what it is given is a tar of the
site (actions/upload-pages-artifact: "the tar file must be under 10GB in size
(we recommend under 1 GB!)", the officially supported limit). In a tar every
file takes a 512-byte header and is padded to 512 bytes, every folder takes a
header: 60 MB more than the files' 299 MB at 20,000 papers, 2.9 KB a paper. So
the share, the room left and the warning are of the tar, the safe side; the
files' bytes are said too. Every build says how much of the limit the site
uses and, from 80 % on, warns with what to do. The warning never fails a
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
          "holds them), or publish site/ to a static host without this limit; see MAINTAINING.md 'Site size and the GitHub Pages limit'")


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


def in_tar(rel: str, size: int | None) -> int:
    """Bytes a file of `size` (a folder: None) at `rel` takes in the tar:
    a header, past 100 characters of name ("./" + rel) GNU tar's long-name
    record before it, and the content padded to 512 bytes."""
    header = 512 if len(rel) + 2 <= 100 else 512 + 512 + -(-(len(rel) + 3) // 512) * 512
    return header + (0 if size is None else -(-size // 512) * 512)


TAR_END = 1024  # two empty blocks end a tar
TAR_RECORD = 10240  # GNU tar writes whole records of 20 blocks


@dataclass(frozen=True)
class SiteSize:
    bytes: int  # of the files
    papers: int
    growing: int | None = None  # tar bytes that grow with the archive; None: all of them
    upload: int | None = None  # the tar Pages is given; None: the files' bytes

    @property
    def tar(self) -> int:
        return self.bytes if self.upload is None else self.upload

    @property
    def share(self) -> float:
        return self.tar / PAGES_LIMIT

    @property
    def per_paper(self) -> float:
        """What a paper costs: the tar bytes that grow with the archive, a paper."""
        growing = self.tar if self.growing is None else self.growing
        return growing / self.papers if self.papers else 0.0

    @property
    def room(self) -> int:
        """Papers one Pages site holds at this cost a paper."""
        if not self.per_paper:
            return 0
        return max(self.papers + int((PAGES_LIMIT - self.tar) / self.per_paper), 0)

    def message(self) -> str:
        text = (f"paper-archive: site is {self.bytes / 1e6:.1f} MB, {self.tar / 1e6:.1f} MB as the tar Pages is given: "
                f"{100 * self.share:.1f} % of GitHub Pages' 1 GB")
        if self.papers:
            text += f" ({self.per_paper / 1024:.1f} KB per paper: room for about {self.room:,} papers)"
        if self.share >= 1:
            return text + f". Pages will not publish a site this large; {ADVICE}."
        if self.share >= WARN_FROM:
            return text + f". Over {WARN_FROM:.0%} of the limit; {ADVICE}."
        return text


def measure(site_dir: Path, papers: int) -> SiteSize:
    total, tar, growing = 0, TAR_END + in_tar("", None), 0
    for folder, dirs, files in os.walk(site_dir):
        here = Path(folder).relative_to(site_dir).as_posix()
        for name in dirs:
            rel = name if here == "." else f"{here}/{name}"
            cost = in_tar(rel + "/", None)
            tar += cost
            growing += cost if grows(rel + "/") else 0
        for name in files:
            rel = name if here == "." else f"{here}/{name}"
            size = os.stat(os.path.join(folder, name)).st_size
            cost = in_tar(rel, size)
            total, tar = total + size, tar + cost
            growing += cost if grows(rel) else 0
    return SiteSize(total, papers, growing, -(-tar // TAR_RECORD) * TAR_RECORD)


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
