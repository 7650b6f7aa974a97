"""Atom feeds: valid (a real feed parser reads them without complaint), stable
ids, the right entries, and linked from the home and tag pages."""
from __future__ import annotations

import feedparser
import pytest

from generator.site import feeds, urls
from generator.build import pages as site
from generator.archive import store
from generator.archive.model import Paper
from generator.site.render import math
from generator.tags.taxonomy import load_taxonomy

from .project import REPO
from .sample import sample_papers

SITE = "https://example.org/archive/"


def build(papers: dict[str, Paper]) -> dict[str, str]:
    ctx = site.make_context(papers, load_taxonomy(REPO))
    return site.build(papers, ctx, [feeds.extension(SITE)])


@pytest.fixture(scope="module")
def embedded() -> dict[str, str]:
    return build(store.load(REPO))


def parse(text: str):
    parsed = feedparser.parse(text.encode("utf-8"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_every_feed_of_the_embedded_archive_parses(embedded):
    paths = [p for p in embedded if p.startswith("feeds/")]
    taxonomy = load_taxonomy(REPO)
    assert sorted(paths) == sorted([feeds.ARCHIVE_FEED] + [feeds.tag_feed(t.slug) for t in taxonomy.tags])
    for path in paths:
        parse(embedded[path])


def test_archive_feed_entries(embedded):
    papers = store.load(REPO)
    parsed = parse(embedded[feeds.ARCHIVE_FEED])
    assert parsed.feed.id == SITE + "feeds/index.xml"
    assert parsed.feed.link == SITE
    assert len(parsed.entries) == min(feeds.FEED_SIZE, len(papers))
    for entry in parsed.entries:
        key = entry.id.removeprefix(SITE + "papers/").rstrip("/")
        p = papers[key]
        assert entry.id == SITE + f"papers/{key}/"
        assert entry.link == entry.id
        assert entry.title == p.title  # no TeX in the embedded titles
        assert entry.title_detail.type == "text/plain"
        assert entry.summary_detail.type == "text/plain"
        if key == "light-schrodinger-bridge":  # its abstract's TeX accents as a reader expects them
            assert p.abstract.startswith('Despite the recent advances in the field of computational Schr\\"odinger')
            assert entry.summary.startswith(f"Listed on {p.list_dates[0]}.\n\nDespite the recent advances in the field "
                                            "of computational Schrödinger Bridges (SB)")
        # TeX noise as text (test_math has the cases), the abstract otherwise whole
        assert entry.summary == f"Listed on {', '.join(p.list_dates)}.\n\n{math.to_text(p.abstract)}"
        assert entry.updated == f"{p.last_listed}T00:00:00Z"
        assert entry.published == f"{p.first_listed}T00:00:00Z"


def test_tag_feeds_carry_the_abstracts_start(embedded):
    """A tag feed's entry has the abstract's first words (the archive feed the whole):
    a paper is in several feeds, and whole abstracts in each were most of their bytes."""
    papers = store.load(REPO)
    parsed = parse(embedded[feeds.tag_feed("optimization")])
    assert parsed.entries
    cut = 0
    for entry in parsed.entries:
        p = papers[entry.id.removeprefix(SITE + "papers/").rstrip("/")]
        head, _, text = entry.summary.partition("\n\n")
        assert head == f"Listed on {', '.join(p.list_dates)}."
        assert len(text) <= feeds.TAG_SUMMARY + 1
        if text != p.abstract:
            cut += 1
            assert text.endswith("…") and p.abstract.startswith(text[:-1].rstrip())
    assert cut  # embedded abstracts are longer than TAG_SUMMARY


def test_feeds_are_not_indented(embedded):
    assert "\n <entry>" not in embedded[feeds.ARCHIVE_FEED]
    assert embedded[feeds.ARCHIVE_FEED].count("\n<") == 1  # after the XML declaration only


def test_ids_and_bytes_are_stable_across_builds(embedded):
    again = build(store.load(REPO))
    for path in (p for p in embedded if p.startswith("feeds/")):
        assert again[path] == embedded[path]
    first = [e.id for e in parse(embedded[feeds.ARCHIVE_FEED]).entries]
    assert first == [e.id for e in parse(again[feeds.ARCHIVE_FEED]).entries]
    assert len(set(first)) == len(first)


def test_newest_papers_first_and_feed_updated_from_list_days():
    papers = sample_papers()
    parsed = parse(build(papers)[feeds.ARCHIVE_FEED])
    assert parsed.feed.updated == "2025-03-13T00:00:00Z"
    # Newest list day first, then the day's list order (most upvoted first).
    assert [e.id.split("/")[-2] for e in parsed.entries] == [
        "o-1-alpha-bounds-for-b-tags-and-x-markdown", "a-tutorial-on-bayesian-optimization", "2503.08638"]


def test_authors_tags_and_related_link():
    parsed = parse(build(sample_papers())[feeds.ARCHIVE_FEED])
    yue = next(e for e in parsed.entries if e.id.endswith("/2503.08638/"))
    assert [a.name for a in yue.authors] == ["Ruibin Yuan", "Hanfeng Lin"]
    assert any(link.rel == "related" and link.href == "https://arxiv.org/abs/2503.08638" for link in yue.links)
    assert {t.term for t in yue.tags} >= {"speech-audio"}
    # Entries without authors fall back to the feed's author.
    assert parsed.feed.author_detail.name == feeds.SITE_TITLE


def test_tex_in_titles_and_abstracts_is_text_in_feeds():
    """A feed reader shows no MathML: math as the closest text, noise as text."""
    papers = sample_papers()
    papers["x"] = Paper(key="x", title=r"$O(1/\alpha)$ rates for Schr\"odinger bridges",
                        abstract=r"We bound the \textbf{error} by~$\epsilon$.", list_dates=["2025-03-14"])
    entry = parse(build(papers)[feeds.ARCHIVE_FEED]).entries[0]
    assert entry.title == "O(1/α) rates for Schrödinger bridges"
    assert entry.summary == "Listed on 2025-03-14.\n\nWe bound the error by\u00a0ϵ."


def test_hostile_text_is_escaped_not_markup():
    papers = sample_papers()
    hostile = Paper(key="x", title="</title><entry>&amp; ]]> <b>bold</b> \ufffe end",
                    abstract="<summary>&lt;&#x26;</summary> \x85? no: tab\tok", authors=['A "B" <c@d>'],
                    list_dates=["2025-03-14"])
    hostile.abstract = hostile.abstract.replace("\x85", "")  # C1 controls never pass validation
    papers["x"] = hostile
    parsed = parse(build(papers)[feeds.ARCHIVE_FEED])
    entry = parsed.entries[0]
    assert entry.id == SITE + "papers/x/"
    assert entry.title == "</title><entry>&amp; ]]> <b>bold</b>  end"  # U+FFFE cannot be in XML at all
    assert entry.summary.endswith(hostile.abstract)
    assert entry.authors[0].name == 'A "B" <c@d>'
    assert len(parsed.entries) == len(papers)


def test_empty_archive_feed_is_valid():
    parsed = parse(build({})[feeds.ARCHIVE_FEED])
    assert parsed.entries == []
    assert parsed.feed.updated == f"{feeds.EPOCH}T00:00:00Z"


def test_home_and_tag_pages_link_their_feeds(embedded):
    home = embedded[urls.HOME]
    # "alternate feed" (not a bare "alternate", which Material takes for a translation).
    assert '<link rel=\\"alternate feed\\" type=\\"application/atom+xml\\" href=\\"feeds/index.xml\\"' in home
    assert '<a class="pa-feed" href="feeds/index.xml" type="application/atom+xml">Atom feed</a>' in home
    tag = embedded[urls.tag("optimization")]
    assert 'href=\\"../../feeds/tags/optimization.xml\\"' in tag
    assert '<a class="pa-feed" href="../../feeds/tags/optimization.xml"' in tag

