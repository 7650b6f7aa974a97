"""A misspelt query is corrected the same way every time (issue 25): cold or
after other searches, opened from a link or typed, with the lookup files or
the index slow to arrive.

Pagefind's answer for a misspelt word depends on which index chunks it holds
(pagefind 1.5.2 may match it against words of a chunk that only the corrected
query loads), so a correction decided on whatever had arrived first changed
with the browser's cache. Each misspelling of bench/misspellings.txt is
searched beside a word that alone matches most papers ("models"), on a
synthetic archive (bench/synth.py) large enough for that: its index is built
once into a copy of the embedded archive's site, served with Cache-Control as
GitHub Pages sends it, so a warm cache really is warm.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from generator.build import pages as site
from generator.build import search
from generator.tags.taxonomy import load_taxonomy

from .browser_support import open_page
from .site_server import serve

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import synth  # noqa: E402

PAPERS = 2000
COMMON = "models"  # a word most papers use: the typed query still finds many
OTHER_SEARCHES = ("diffusion", "transformers", "optimal control")  # and an arXiv id: other_searches()
SLOW_S = 0.2
LOOKUPS, INDEX = "pagefind/archive/", "pagefind/index/"
PAGE_INPUT = "[data-pa-search-page] input[name=q]"
RESULTS = "[data-pa-search-page] .pa-results > li"
STATUS = "[data-pa-search-page] .pa-search-page__status"
NOTE = "[data-pa-search-page] .pa-search-page__note"
SHOWN = 5  # results compared
COLD_AT_ONCE = 10  # fresh browsers opened together
# The page shows the answer to `query`: its results (the first `shown` of
# them) or the lack of any, and the line that says what they are.
_SETTLED = """([query, shown]) => {
  const list = document.querySelector('[data-pa-search-page] .pa-results');
  const status = document.querySelector('[data-pa-search-page] .pa-search-page__status');
  if (!list || list.getAttribute('data-pa-query') !== query || /^Searching/.test(status.textContent)) return false;
  const m = /^(\\d+) results? for/.exec(status.textContent);
  return list.children.length >= (m ? Math.min(shown, Number(m[1])) : 0);
}"""


def misspellings() -> list[tuple[str, str]]:
    lines = (REPO / "bench" / "misspellings.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def spelling_site(built_site, tmp_path_factory):
    work = tmp_path_factory.mktemp("spelling")
    (work / "taxonomy.yml").write_text(synth.taxonomy_yaml(REPO), encoding="utf-8")
    papers = synth.archive(PAPERS)
    records = search.paper_records(papers, site.make_context(papers, load_taxonomy(work)))
    site_dir = work / "site"
    shutil.copytree(built_site.site_dir, site_dir, ignore=shutil.ignore_patterns("pagefind"))
    search.write_index(records, [], site_dir / "pagefind")
    served = serve(site_dir, max_age=600)
    served.arxiv_id = next(papers[k].arxiv_id for k in sorted(papers) if papers[k].arxiv_id)
    yield served
    served.close()


def _outcome(page, query: str) -> tuple[str, str, list[str]]:
    """What a reader sees of `query`: the status line, the correction note, the first results."""
    page.wait_for_function(_SETTLED, arg=[query, SHOWN], timeout=30_000)
    note = page.locator(NOTE)
    return (page.locator(STATUS).inner_text(), note.inner_text() if note.is_visible() else "",
            page.locator(f"{RESULTS} .pa-hit__title").all_inner_texts()[:SHOWN])


def _typed(page, query: str) -> tuple[str, str, list[str]]:
    page.fill(PAGE_INPUT, query)
    return _outcome(page, query)


def _query(typed: str) -> str:
    return f"{typed} {COMMON}"


def _link(served, query: str) -> str:
    return served.page("search/?q=" + query.replace(" ", "+"))


def _cold(chromium, served, words: list[str]) -> dict:
    """Each misspelt query opened from a link in a fresh browser (a few at a
    time, each in its own context: nothing cached)."""
    out = {}
    for start in range(0, len(words), COLD_AT_ONCE):
        opened = []
        try:
            for typed in words[start:start + COLD_AT_ONCE]:
                context, page, watch = open_page(chromium, served.url)
                opened.append((typed, context, page, watch))
                page.goto(_link(served, _query(typed)), wait_until="commit")
            for typed, _, page, watch in opened:
                out[typed] = _outcome(page, _query(typed))
                assert watch.problems() == []
        finally:
            for _, context, _, _ in opened:
                context.close()
    return out


@pytest.fixture(scope="module")
def reference(chromium, spelling_site):
    """Each misspelt query as a first visit opened from a link shows it."""
    spelling_site.delays.clear()
    return _cold(chromium, spelling_site, [typed for typed, _ in misspellings()])


def _differences(reference: dict, got: dict) -> list[str]:
    return [f"{typed!r}: {got[typed]} instead of {reference[typed]}" for typed in got if got[typed] != reference[typed]]


@pytest.mark.browser
def test_cold_query_offers_the_word_meant(reference):
    wrong = [f"{typed!r}: note {reference[typed][1]!r}" for typed, meant in misspellings()
             if f"“{meant} {COMMON}”" not in reference[typed][1]]
    assert wrong == []
    # The correction was worth making: the typed query alone finds many papers.
    counts = [int(re.match(r"(\d+)", status)[1]) for status, _, _ in reference.values() if status[0].isdigit()]
    assert max(counts) >= PAPERS // 2


@pytest.mark.browser
@pytest.mark.parametrize("slow", [LOOKUPS, INDEX])
def test_cold_query_with_slow_files_is_corrected_the_same(chromium, spelling_site, reference, slow):
    spelling_site.delays.clear()
    spelling_site.delays[slow] = SLOW_S
    try:
        got = _cold(chromium, spelling_site, [typed for typed, _ in misspellings()])
    finally:
        spelling_site.delays.clear()
    assert _differences(reference, got) == []


def other_searches(served) -> tuple[str, ...]:
    return (served.arxiv_id, *OTHER_SEARCHES)


@pytest.mark.browser
@pytest.mark.parametrize("slow", [None, LOOKUPS, INDEX])
def test_query_after_other_searches_is_corrected_the_same(chromium, spelling_site, reference, slow):
    """In one page and browser: other searches, then the misspelt query typed;
    then (files not slowed) the same query opened from a link with the
    browser's cache warm."""
    spelling_site.delays.clear()
    context, page, watch = open_page(chromium, spelling_site.url)
    typed_got, linked_got = {}, {}
    try:
        page.goto(spelling_site.page("search/?q=" + OTHER_SEARCHES[0]))
        _outcome(page, OTHER_SEARCHES[0])
        if slow:
            spelling_site.delays[slow] = SLOW_S
        others = other_searches(spelling_site)
        for i, (typed, _) in enumerate(misspellings()):
            _typed(page, others[i % len(others)])  # and the misspelt queries before it
            typed_got[typed] = _typed(page, _query(typed))
        if not slow:  # the files are cached: nothing left to be slow
            for typed, _ in misspellings():
                page.goto(_link(spelling_site, _query(typed)))
                linked_got[typed] = _outcome(page, _query(typed))
        assert watch.problems() == []
    finally:
        spelling_site.delays.clear()
        context.close()
    assert _differences(reference, typed_got) == []
    assert _differences(reference, linked_got) == []
