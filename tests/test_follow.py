"""What the build writes for following tags and the reading list (issue 23;
generator/site/follow.py): the Following and Saved pages, a bounded JSON file of
each tag's newest papers, and the script only on the pages that use it.
The browser side is in test_follow_browser.py."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from generator.archive.model import Paper
from generator.build import pages as site
from generator.site import follow
from generator.tags.taxonomy import load_taxonomy

from .conftest import REPO

SCRIPT = re.compile(r'<script src="(?:\.\./)*assets/follow-save\.js" defer></script>')


def _papers(n: int) -> dict[str, Paper]:
    """n papers tagged large-language-models, one a day, one with HTML in its title."""
    out = {}
    for i in range(n):
        day = (dt.date(2025, 1, 1) + dt.timedelta(days=i)).isoformat()
        title = f"Large language models, part {i}" + (" <img src=x onerror=alert(1)> $O(n^2)$" if i == n - 1 else "")
        out[f"p{i:03d}"] = Paper(key=f"p{i:03d}", title=title, abstract="About large language models.",
                                 list_dates=[day], upvotes=i % 7 or None)
    return out


def _build(papers):
    ctx = site.make_context(papers, load_taxonomy(REPO))
    return site.build(papers, ctx, [follow.extension])


def test_tag_file_holds_the_newest_papers_only_as_plain_fields():
    out = _build(_papers(100))
    data = json.loads(out[follow.tag_path("large-language-models")])
    assert data["slug"] == "large-language-models" and data["count"] == 100
    assert len(data["papers"]) == follow.TAG_NEWEST
    assert [p["key"] for p in data["papers"]] == [f"p{i:03d}" for i in range(99, 99 - follow.TAG_NEWEST, -1)]
    first = data["papers"][0]
    assert set(first) == {"key", "title", "day", "upvotes", "tags"}
    # TeX as text, HTML as it was written: the script shows it with textContent.
    assert first["title"] == "Large language models, part 99 <img src=x onerror=alert(1)> O(n^2)"
    assert first["day"] == "2025-04-10" and "large-language-models" in first["tags"]
    # Bounded whatever the archive's size: no more papers with 1,000 in the tag.
    big = _build(_papers(1000))[follow.tag_path("large-language-models")]
    assert len(json.loads(big)["papers"]) == follow.TAG_NEWEST
    assert len(big.encode()) < 6000


def test_tag_files_and_pages_are_deterministic_and_the_pages_say_where_the_data_stays():
    a, b = _build(_papers(40)), _build(dict(reversed(list(_papers(40).items()))))
    mine = {k: v for k, v in a.items() if k.startswith("feeds/tags/") and k.endswith(".json")} | {
        follow.FOLLOWING: a[follow.FOLLOWING], follow.SAVED: a[follow.SAVED]}
    assert mine and all(b[k] == v for k, v in mine.items())
    for page in (follow.FOLLOWING, follow.SAVED):
        assert "Saved in this browser only; nothing is sent anywhere." in a[page]
        assert "<noscript>" in a[page]
        assert a[page].count('<a href="../tags/') == len(load_taxonomy(REPO).tags)
    assert 'data-pa-keep="following" data-newest="30"' in a[follow.FOLLOWING]


@pytest.mark.browser
def test_script_loads_only_on_pages_that_use_it(built_site):
    """Pages with a paper, a list of papers, a tag or the tags, and the two
    pages: the script; the home page (a phone's first visit), the calendars
    and hand-written pages: none."""
    d = built_site.site_dir

    def has(rel: str) -> bool:
        return bool(SCRIPT.search((d / rel / "index.html").read_text(encoding="utf-8")))

    paper = next((d / "papers").iterdir()).name
    day = next(p for p in (d / "days").glob("*/*/*") if p.is_dir() and (p / "index.html").is_file())
    tag = next(p.name for p in (d / "tags").iterdir() if p.is_dir())
    for rel in (f"papers/{paper}", day.relative_to(d).as_posix(), f"tags/{tag}", "tags", "following", "saved",
                "curated"):
        assert has(rel), rel
    for rel in (".", "days", day.parent.relative_to(d).as_posix(), "about", "search", "api"):
        if (d / rel / "index.html").is_file():
            assert not has(rel), rel
    assert (d / "assets" / "follow-save-pages.js").is_file() and (d / "assets" / "follow-save.css").is_file()
    # One small file a tag, beside its Atom feed.
    for feed in (d / "feeds" / "tags").glob("*.xml"):
        assert (feed.with_suffix(".json")).stat().st_size < 12_000
