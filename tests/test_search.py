"""Search: the Pagefind index built from the records (generator/build/search.py)
and the browser side (docs/assets/search.js) in Debian's chromium.

The embedded archive's site is built once per session (`built_site` in
conftest.py). A second copy of it, served under /paper-archive/ like a Pages
project site, gets an index holding a hostile record: its title, abstract,
authors and tag are HTML that must show as text.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from generator.build import search, search_lookup
from generator.archive import store
from generator.site import urls
from generator.archive.model import Paper

from .browser_support import axe_violations, open_page
from .site_server import serve

REPO = Path(__file__).resolve().parent.parent
ECONTROL = "econtrol-fast-distributed-optimization-with-compression-and-error-control"
ECONTROL_TITLE = "EControl: Fast Distributed Optimization with Compression and Error Control"
ECONTROL_PHRASE = "regulate error compensation by controlling the strength of the feedback signal"
HOSTILE = "<img src=x onerror=window.__pwned=1>"
BOX = "[data-pa-search] input[name=q]"
OPTIONS = "#pa-search-list [role=option]"
PAGE_INPUT = "[data-pa-search-page] input[name=q]"
RESULTS = "[data-pa-search-page] .pa-results > li"
STATUS = "[data-pa-search-page] .pa-search-page__status"
PREFIX = "/paper-archive/"


# ---------- records (no build) ----------

def _paper(**fields) -> Paper:
    base = dict(key="a-paper", title="A Paper", abstract="About things.", list_dates=["2025-03-12"])
    return Paper(**{**base, **fields})


def test_paper_record_carries_the_fields_search_needs():
    p = _paper(title="Zebra Stripes", abstract="Stripes confuse flies.", authors=["Ada Lovelace", "Alan Turing"],
               list_dates=["2024-12-30", "2025-01-02"], upvotes=42)
    r = search.paper_record(p, ["Optimization", "Learning theory"], "A commentary on flies.")
    assert r.url == "papers/a-paper/" == urls.url(urls.paper("a-paper"))
    for text in ("Zebra Stripes", "Ada Lovelace, Alan Turing", "Stripes confuse flies.",
                 "Optimization · Learning theory", "A commentary on flies."):
        assert text in r.content
    # The title is weighted like a page's <h1>.
    assert f"___PAGEFIND_WEIGHT___{search.TITLE_WEIGHT} Zebra Stripes ___END_PAGEFIND_WEIGHT___" in r.content
    assert r.meta == {"title": "Zebra Stripes", "date": "2024-12-30", "authors": "Ada Lovelace, Alan Turing",
                      "upvotes": "42"}
    assert r.filters == {"kind": ["paper"], "year": ["2024", "2025"], "tag": ["Optimization", "Learning theory"]}
    # Authors weigh a little more than abstract words.
    assert f"___PAGEFIND_WEIGHT___{search.AUTHOR_WEIGHT} Ada Lovelace, Alan Turing ___END_PAGEFIND_WEIGHT___" in r.content
    assert r.sort == {"date": "2024-12-30", "upvotes": "42"}


def test_tex_is_searched_and_shown_as_the_page_reads_it():
    """A result shows `O(1/α) ... Schrödinger`, not the TeX source, and the
    query "Schrödinger" finds an abstract that spells it `Schr\\"odinger`."""
    r = search.paper_record(_paper(title=r"$O(1/\alpha)$ rates for Schr\"odinger bridges",
                                   abstract=r"We bound Schr\"odinger's \textbf{error} by~$\epsilon$."), [])
    assert r.meta["title"] == "O(1/α) rates for Schrödinger bridges"
    assert "O(1/α) rates for Schrödinger bridges" in r.content
    assert "We bound Schrödinger's error by\u00a0ϵ." in r.content
    assert "\\" not in r.content and "$" not in r.content


def test_the_arxiv_id_is_kept_for_the_id_lookup_not_stored_in_the_index():
    """The browser resolves ids through search_lookup's files; a copy in every
    Pagefind fragment would be bytes no result shows."""
    r = search.paper_record(_paper(arxiv_id="2503.08638"), [])
    assert r.arxiv == "2503.08638" and "arxiv" not in r.meta
    assert search_lookup.ids([r]) == {"2503.08": {"2503.08638": [r.url, r.meta["title"], r.meta["date"], ""]}}


def test_paper_record_without_figures_still_sorts():
    """Pagefind leaves records without a sort key out of sorted results."""
    r = search.paper_record(_paper(), [])
    assert r.sort == {"date": "2025-03-12", "upvotes": "0"}
    assert "upvotes" not in r.meta and "authors" not in r.meta and "tag" not in r.filters


def test_record_text_cannot_forge_weights():
    p = _paper(title="Plain ___END_PAGEFIND_WEIGHT___ title", abstract="x ___PAGEFIND_WEIGHT___99 boosted",
               authors=["___pagefind_anchor___h1:x Eve"])
    r = search.paper_record(p, [], "see___PAGEFIND_WEIGHT___9")
    assert r.content.upper().count("PAGEFIND_") == 4  # only the title's and the authors' own pairs
    assert "boosted" in r.content and "Eve" in r.content and "see" in r.content


def test_handwritten_pages_are_those_the_generator_did_not_write(tmp_path):
    docs = tmp_path / "docs"
    for rel in ("about.md", "search.md", "guide/more.md", "papers/x.md", "index.md"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("# x\n", encoding="utf-8")
    (docs / ".generated-manifest.json").write_text(json.dumps({"files": ["papers/x.md", "index.md"]}), encoding="utf-8")
    assert search.handwritten_pages(docs) == ["about.md", "guide/more.md"]
    assert search.built_html(tmp_path / "site", "guide/more.md") == tmp_path / "site" / "guide" / "more" / "index.html"


def test_commentary_is_searchable_and_adds_its_tags():
    """The repository's seed commentary on the Bayesian optimization tutorial."""
    records = {r.url: r for r in search.archive_records(REPO)}
    r = records["papers/a-tutorial-on-bayesian-optimization/"]
    assert "Peter Frazier" in r.content and "The archive's editors" in r.content
    assert "AutoML and algorithm discovery" in r.filters["tag"]
    assert len(records) == len(store.load(REPO))


# ---------- the built index ----------

@pytest.mark.build
def test_index_holds_every_paper_and_handwritten_page(built_site):
    project = built_site.site_dir.parent
    entry = json.loads((built_site.site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    papers = store.load(project)
    pages = [rel for rel in search.handwritten_pages(project / "docs")
             if search.built_html(built_site.site_dir, rel).exists()]
    assert "about.md" in pages and "search.md" not in pages
    assert list(entry["languages"]) == ["en"]
    assert entry["languages"]["en"]["page_count"] == len(papers) + len(pages)
    assert len(papers) == 77
    # Pagefind's ready-made interfaces are not published: search.js uses pagefind.js itself.
    assert (built_site.site_dir / "pagefind" / "pagefind.js").is_file()
    assert not [n for n in search.UNUSED_UI if (built_site.site_dir / "pagefind" / n).exists()]


# ---------- a copy of the site under a base path, with a hostile record ----------

@pytest.fixture(scope="module")
def hostile_site(built_site, tmp_path_factory):
    site = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(built_site.site_dir, site, ignore=shutil.ignore_patterns("pagefind"))
    project = built_site.site_dir.parent
    papers = store.load(project)
    hostile = _paper(key=ECONTROL, title=f"Zebrafish {HOSTILE} <b>bold</b>",
                     abstract=f"Zebrafish <script>window.__pwned=2</script> swim {HOSTILE} in tanks.",
                     authors=["<svg onload=window.__pwned=3>"])
    records = [search.paper_record(hostile, ['<img src=y onerror="window.__pwned=4">'])]
    records += [search.paper_record(p, []) for k, p in sorted(papers.items()) if k != ECONTROL]
    search.write_index(records, [], site / "pagefind")
    served = serve(site, prefix=PREFIX)
    yield served.url
    served.close()


# ---------- in the browser ----------

@pytest.fixture
def page(chromium, built_site):
    context, page, watch = open_page(chromium, built_site.url)
    yield page
    context.close()
    assert watch.problems() == []


def _first_option_title(page):
    return page.locator(f"{OPTIONS} .pa-hit__title").first


@pytest.mark.browser
def test_title_word_finds_its_paper_first(page, built_site):
    page.goto(built_site.page("days/2025/03/12/"))
    page.fill(BOX, "EControl")
    expect(_first_option_title(page)).to_have_text(ECONTROL_TITLE)
    expect(page.locator(BOX)).to_have_attribute("aria-expanded", "true")
    # The matched word is highlighted, as text.
    expect(page.locator(f"{OPTIONS} .pa-hit__title mark").first).to_have_text("EControl")


@pytest.mark.browser
def test_abstract_phrase_finds_its_paper(page, built_site):
    page.goto(built_site.page("search/"))
    page.fill(PAGE_INPUT, ECONTROL_PHRASE)
    first = page.locator(RESULTS).first
    expect(first.locator(".pa-hit__title")).to_have_text(ECONTROL_TITLE)
    expect(first.locator(".pa-hit__meta")).to_have_text("12 March 2025")
    expect(first.locator(".pa-hit__tag").first).to_be_visible()
    expect(first.locator(".pa-hit__snippet mark", has_text="compensation").first).to_be_visible()
    # The typed query is in the URL, so the search can be shared.
    expect(page).to_have_url(re.compile(r"\?q=regulate\+error\+compensation"))


@pytest.mark.browser
def test_tag_filter_narrows_results(page, built_site):
    page.goto(built_site.page("search/?q=learning"))
    status = page.locator(STATUS)
    expect(status).to_have_text(re.compile(r"^\d+ results for “learning”$"))
    everything = int(status.inner_text().split()[0])
    tag = page.locator("[data-pa-search-page] select[name=tag]")
    expect(tag.locator("option[value='Bayesian optimization']")).to_have_count(1)
    tag.select_option("Bayesian optimization")
    expect(status).to_have_text(re.compile(r"tagged Bayesian optimization$"))
    narrowed = int(status.inner_text().split()[0])
    assert 0 < narrowed < everything
    expect(page.locator(RESULTS)).to_have_count(narrowed)
    for item in page.locator(RESULTS).all():
        expect(item.locator(".pa-hit__tag", has_text="Bayesian optimization")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]tag=Bayesian\+optimization"))
    # A filter change is a step in history: Back undoes it.
    page.go_back()
    expect(status).to_have_text(f"{everything} results for “learning”")
    expect(tag).to_have_value("")


@pytest.mark.browser
def test_query_in_the_url_restores_the_search(page, built_site):
    page.goto(built_site.page("search/?q=EControl&sort=newest&year=2025"))
    expect(page.locator(PAGE_INPUT)).to_have_value("EControl")
    expect(page.locator("[data-pa-search-page] select[name=sort]")).to_have_value("newest")
    expect(page.locator("[data-pa-search-page] select[name=year]")).to_have_value("2025")
    expect(page.locator(RESULTS).first.locator(".pa-hit__title")).to_have_text(ECONTROL_TITLE)
    # Back from the paper comes back to the same search.
    page.locator(RESULTS).first.locator("a").click()
    page.wait_for_url(built_site.page(f"papers/{ECONTROL}/"))
    page.go_back()
    expect(page.locator(PAGE_INPUT)).to_have_value("EControl")
    expect(page.locator(RESULTS).first.locator(".pa-hit__title")).to_have_text(ECONTROL_TITLE)


@pytest.mark.browser
def test_hostile_query_shows_as_text(page, built_site):
    page.goto(built_site.page("search/?q=" + quote(HOSTILE)))
    expect(page.locator(PAGE_INPUT)).to_have_value(HOSTILE)
    expect(page.locator(STATUS)).to_contain_text(HOSTILE)
    page.fill(BOX, HOSTILE + " EControl")
    expect(page.locator(f"{OPTIONS}, [data-pa-search] .pa-search__status").first).to_be_visible()
    assert page.locator("[data-pa-search] img, [data-pa-search-page] img").count() == 0
    assert page.evaluate("window.__pwned") is None


@pytest.mark.browser
def test_keyboard_only_from_the_header_box(page, built_site):
    page.goto(built_site.url)
    page.keyboard.press("/")
    expect(page.locator(BOX)).to_be_focused()
    page.keyboard.type("EControl")
    expect(_first_option_title(page)).to_have_text(ECONTROL_TITLE)
    page.keyboard.press("Escape")
    expect(page.locator(BOX)).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")  # opens the list again
    expect(page.locator(BOX)).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(page.locator(OPTIONS).first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.wait_for_url(built_site.page(f"papers/{ECONTROL}/"))
    expect(page.locator("article h1")).to_have_text(ECONTROL_TITLE)
    # Enter without a chosen result opens the search page for the query.
    page.locator(BOX).fill("bayesian")
    expect(page.locator(OPTIONS).first).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(built_site.page("search/?q=bayesian"))
    expect(page.locator(RESULTS).first).to_be_visible()
    # On the search page, arrows walk the results and Escape goes back.
    page.locator(PAGE_INPUT).focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"{RESULTS} a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(PAGE_INPUT)).to_be_focused()


@pytest.mark.browser
def test_commentary_words_find_the_paper(page, built_site):
    page.goto(built_site.page("search/?q=Frazier"))
    expect(page.locator(RESULTS).first.locator(".pa-hit__title")).to_have_text("A Tutorial on Bayesian Optimization")
    expect(page.locator(RESULTS).first.locator(".pa-hit__snippet mark", has_text="Frazier")).to_be_visible()


@pytest.mark.browser
def test_search_page_works_after_instant_navigation(page, built_site):
    page.goto(built_site.url)
    page.locator("nav.md-tabs a", has_text="Search").click()
    page.wait_for_url(built_site.page("search/"))
    page.fill(PAGE_INPUT, "EControl")
    expect(page.locator(RESULTS).first.locator(".pa-hit__title")).to_have_text(ECONTROL_TITLE)


@pytest.mark.browser
@pytest.mark.parametrize("scheme,viewport", [("dark", "phone"), ("light", "phone")])
def test_phone_and_dark(chromium, built_site, scheme, viewport):
    context, page, watch = open_page(chromium, built_site.url, scheme=scheme, viewport=viewport)
    try:
        page.goto(built_site.page("tags/"))
        box = page.locator(BOX)
        expect(box).to_be_visible()
        box.fill("EControl")
        first = _first_option_title(page)
        expect(first).to_be_in_viewport()
        first.click()
        page.wait_for_url(built_site.page(f"papers/{ECONTROL}/"))
        assert watch.problems() == []
    finally:
        context.close()


@pytest.mark.browser
def test_hostile_records_and_base_path(chromium, hostile_site):
    """Titles, abstracts, authors and tags from the index are text, and
    result links stay under the site's base path."""
    context, page, watch = open_page(chromium, hostile_site)
    try:
        page.goto(hostile_site + "about/")
        page.fill(BOX, "zebrafish")
        first = _first_option_title(page)
        expect(first).to_contain_text(HOSTILE)
        expect(first).to_contain_text("<b>bold</b>")
        expect(page.locator(f"{OPTIONS} .pa-hit__tag").first).to_have_text('<img src=y onerror="window.__pwned=4">')
        assert page.locator("[data-pa-search] img, [data-pa-search] b, [data-pa-search] script").count() == 0
        href = page.locator(OPTIONS).first.evaluate("a => a.href")
        assert href == hostile_site + f"papers/{ECONTROL}/"
        # "All results" leads to the search page under the base path too.
        assert page.locator(OPTIONS).last.evaluate("a => a.href") == hostile_site + "search/?q=zebrafish"

        page.goto(hostile_site + "search/?q=zebrafish%20swim")
        item = page.locator(RESULTS).first
        expect(item.locator(".pa-hit__snippet")).to_contain_text("<script>window.__pwned=2</script>")
        assert page.locator("[data-pa-search-page] .pa-results img, [data-pa-search-page] .pa-results script").count() == 0
        page.wait_for_timeout(300)  # let any onerror handler that slipped through run
        assert page.evaluate("window.__pwned") is None
        item.locator("a").click()
        page.wait_for_url(hostile_site + f"papers/{ECONTROL}/")
        assert watch.problems() == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_ui_has_no_serious_accessibility_violations(chromium, built_site, scheme):
    """axe-core on the search page with results, and with the header's list open."""
    context, page, watch = open_page(chromium, built_site.url, scheme=scheme)
    try:
        page.goto(built_site.page("search/?q=learning"))
        expect(page.locator(RESULTS).first).to_be_visible()
        expect(page.locator(".pa-search-page__more")).to_be_visible()  # more than a page of results
        page.fill(BOX, "EControl")
        expect(_first_option_title(page)).to_have_text(ECONTROL_TITLE)
        page.keyboard.press("ArrowDown")
        assert axe_violations(page) == []
        assert watch.problems() == []
    finally:
        context.close()


@pytest.mark.browser
def test_more_results_page_by_page(page, built_site):
    page.goto(built_site.page("search/?q=learning"))
    status = page.locator(STATUS)
    expect(status).to_have_text(re.compile(r"^\d+ results"))
    total = int(status.inner_text().split()[0])
    assert total > 20
    expect(page.locator(RESULTS)).to_have_count(20)
    page.locator(".pa-search-page__more").click()
    expect(page.locator(RESULTS)).to_have_count(min(total, 40))
    expect(page.locator(f"{RESULTS} a").nth(20)).to_be_focused()


def test_the_index_is_taken_only_once_its_entry_file_is_whole(tmp_path):
    """Pagefind may answer before its entry file is on disk: the build waits
    for it, and fails loudly rather than publish a search that cannot start."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from generator.build.search import ENTRY, whole_entry

    def run(coro):  # a thread of its own: the browser tests leave an event loop running in this one
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coro).result()

    entry = tmp_path / ENTRY
    entry.write_text("", encoding="utf-8")  # as seen: empty when the indexer answered

    async def late_writer():
        await asyncio.sleep(0.2)
        entry.write_text('{"version": "1.5.2", "languages": {}}', encoding="utf-8")

    async def both():
        await asyncio.gather(whole_entry(tmp_path, timeout=5), late_writer())

    run(both())
    entry.write_text('{"version": ', encoding="utf-8")
    with pytest.raises(RuntimeError) as exc:
        run(whole_entry(tmp_path, timeout=0.2))
    assert str(exc.value) == "Pagefind wrote no whole pagefind-entry.json within 0.2 s: build again"
