"""Search finds a paper by its arXiv id, a pasted arXiv or Hugging Face URL,
or an author; corrects misspelt words; keeps the site's own pages apart from
papers; shows filter counts for the query; and browses the whole archive
sorted by upvotes without a query.

The embedded archive has no arXiv ids, authors or upvotes (a copied Daily
Papers page): a copy of its built site gets an index in which a few of its
papers carry them, and a hand-written page full of JSON (like the API page).
"""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.build import search, search_lookup, pages as site
from generator.archive import store
from generator.tags.taxonomy import load_taxonomy

from .browser_support import open_page
from .site_server import serve

REPO = Path(__file__).resolve().parent.parent
ECONTROL = "econtrol-fast-distributed-optimization-with-compression-and-error-control"
ECONTROL_TITLE = "EControl: Fast Distributed Optimization with Compression and Error Control"
ECONTROL_ID = "2606.01599"
OLD_ID = "hep-th/9901001"
AUTHOR = "Grace Hopperwell"
BOX = "[data-pa-search] input[name=q]"
OPTIONS = "#pa-search-list [role=option]"
BOX_STATUS = "[data-pa-search] .pa-search__status"
PAGE_INPUT = "[data-pa-search-page] input[name=q]"
RESULTS = "[data-pa-search-page] .pa-results > li"
STATUS = "[data-pa-search-page] .pa-search-page__status"
NOTE = "[data-pa-search-page] .pa-search-page__note"
SITE_PAGES = "[data-pa-search-page] .pa-search-page__pages"


def _records(papers):
    ctx = site.make_context(papers, load_taxonomy(REPO))
    keys = sorted(papers)
    changed = {ECONTROL: {"arxiv_id": ECONTROL_ID, "authors": ["Ada Byron", AUTHOR], "upvotes": 50},
               keys[0]: {"arxiv_id": OLD_ID, "upvotes": 70}, keys[1]: {"authors": [AUTHOR], "upvotes": 3}}
    out = []
    for k in keys:
        p = dataclasses.replace(papers[k], **changed.get(k, {}))
        out.append(search.paper_record(p, [ctx.tag_title(t) for t in ctx.tags[k]]))
    return out


@pytest.fixture(scope="module")
def find_site(built_site, tmp_path_factory):
    site = tmp_path_factory.mktemp("find") / "site"
    shutil.copytree(built_site.site_dir, site, ignore=shutil.ignore_patterns("pagefind"))
    papers = store.load(built_site.site_dir.parent)
    api = search.page_html("API", "<h1>API</h1><pre>{\"title\": \"Diffusion models\", \"tags\": [\"diffusion\"]}</pre>"
                                  "<p>Diffusion papers as JSON.</p>")
    search.write_index(_records(papers), [("api/", api)], site / "pagefind")
    served = serve(site)
    served.papers = papers
    yield served
    served.close()


@pytest.fixture
def page(chromium, find_site):
    context, page, watch = open_page(chromium, find_site.url)
    yield page
    context.close()
    assert watch.problems() == []


def test_lookup_files_are_small_and_split(tmp_path):
    papers = store.load(REPO)
    files = search_lookup.files(_records(papers))
    assert json.loads(files["ids/index.json"]) == ["2606.01", "hep-th-9901"]
    table = json.loads(files["ids/2606.01.json"])
    assert table[ECONTROL_ID][:2] == [f"papers/{ECONTROL}/", ECONTROL_TITLE]
    assert table[ECONTROL_ID][3] == f"Ada Byron, {AUTHOR}"
    words = dict(json.loads(files["words/d.json"]))
    assert words["diffusion"] >= 2 and "difusion" not in words
    assert sorted(k for k in files if k.startswith("words/")) == sorted(f"words/{c}.json" for c in search_lookup.LETTERS)
    assert search_lookup.id_shard("math.GT/0309136") == "math-0309"
    assert search_lookup.id_shard("not an id") is None


@pytest.mark.browser
@pytest.mark.parametrize("query", [ECONTROL_ID, f"{ECONTROL_ID}v2", f"arXiv:{ECONTROL_ID}",
                                   f"https://arxiv.org/abs/{ECONTROL_ID}v3", f"https://arxiv.org/pdf/{ECONTROL_ID}v1.pdf",
                                   f"https://huggingface.co/papers/{ECONTROL_ID}", f"arxiv.org/abs/{ECONTROL_ID}"])
def test_id_or_url_in_the_box_finds_that_paper(page, find_site, query):
    page.goto(find_site.page("about/"))
    page.fill(BOX, query)
    expect(page.locator(OPTIONS)).to_have_count(1)
    expect(page.locator(f"{OPTIONS} .pa-hit__title")).to_have_text(ECONTROL_TITLE)
    expect(page.locator(f"{OPTIONS} .pa-hit__meta")).to_have_text(f"12 March 2025 · arXiv {ECONTROL_ID}")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(find_site.page(f"papers/{ECONTROL}/"))


@pytest.mark.browser
def test_id_on_the_search_page_and_old_style_ids(page, find_site):
    page.goto(find_site.page("search/?q=" + "https%3A%2F%2Farxiv.org%2Fabs%2F" + ECONTROL_ID))
    expect(page.locator(RESULTS)).to_have_count(1)
    expect(page.locator(f"{RESULTS} .pa-hit__title")).to_have_text(ECONTROL_TITLE)
    page.fill(PAGE_INPUT, "hep-th/9901001v2")
    expect(page.locator(f"{RESULTS} .pa-hit__meta")).to_have_text(re.compile(r"arXiv hep-th/9901001$"))


@pytest.mark.browser
def test_unknown_id_says_so_and_links_to_arxiv(page, find_site):
    page.goto(find_site.page("search/?q=2606.99999"))
    expect(page.locator(STATUS)).to_have_text("arXiv 2606.99999 is not in this archive. Open it on arxiv.org")
    assert page.locator(f"{STATUS} a").get_attribute("href") == "https://arxiv.org/abs/2606.99999"
    expect(page.locator(RESULTS)).to_have_count(0)
    page.fill(BOX, "1999.12345")  # no lookup file for that month: answered without a failing request
    expect(page.locator(BOX_STATUS)).to_have_text("arXiv 1999.12345 is not in this archive")


@pytest.mark.browser
def test_author_name_ranks_their_papers_first(page, find_site):
    page.goto(find_site.page("search/?q=" + AUTHOR.replace(" ", "+")))
    expect(page.locator(RESULTS)).to_have_count(2)
    expect(page.locator(f"{RESULTS} .pa-hit__authors mark").first).to_have_text("Grace")
    page.fill(BOX, "Hopperwell")
    expect(page.locator(f"{OPTIONS} .pa-hit__title").first).to_have_text(ECONTROL_TITLE)


@pytest.mark.browser
def test_misspelt_query_finds_its_topic(page, find_site):
    page.goto(find_site.page("search/?q=difusion+modles"))
    expect(page.locator(NOTE)).to_have_text("Showing results for “diffusion models”. Search for “difusion modles” instead")
    expect(page.locator(RESULTS).first).to_be_visible()
    # The corrected query's results are about it: each names diffusion in its
    # title, snippet or tags (a paper may be found through its tag alone, so
    # its snippet has nothing to mark), and the best ones are marked.
    expect(page.locator(RESULTS).first.locator("mark").first).to_be_visible()
    for item in page.locator(RESULTS).all()[:5]:
        expect(item).to_contain_text(re.compile("diffusion", re.I))
    # The typed query stays what the reader typed; the other link searches it as typed.
    expect(page.locator(PAGE_INPUT)).to_have_value("difusion modles")
    page.locator(f"{NOTE} a").click()
    expect(page).to_have_url(re.compile(r"verbatim=1"))
    expect(page.locator(NOTE)).to_be_hidden()
    # In the header box too.
    page.fill(BOX, "difusion modles")
    expect(page.locator(BOX_STATUS)).to_have_text("Showing results for “diffusion models”")
    expect(page.locator(f"{OPTIONS} .pa-hit__title").first).to_be_visible()
    # Pagefind's stemmer finds "reinforcment" by itself: the typed query's
    # results stay, with a suggestion.
    page.fill(BOX, "reinforcment lerning")
    expect(page.locator(BOX_STATUS)).to_have_text("Did you mean “reinforcement learning”?")
    expect(page.locator(f"{OPTIONS} .pa-hit__title").first).to_contain_text(re.compile("reinforcement", re.I))


@pytest.mark.browser
def test_site_pages_stay_out_of_paper_results(page, find_site):
    page.goto(find_site.page("search/?q=diffusion"))
    expect(page.locator(RESULTS).first).to_be_visible()
    assert all("/api/" not in a.get_attribute("href") for a in page.locator(f"{RESULTS} a.pa-hit__link").all())
    expect(page.locator(SITE_PAGES)).to_have_text("Site pages: API")
    # A query only the site's pages hold finds no paper, and says so.
    page.fill(PAGE_INPUT, "JSON")
    expect(page.locator(STATUS)).to_have_text("No papers found for “JSON”")
    expect(page.locator(SITE_PAGES)).to_have_text("Site pages: API")
    page.fill(PAGE_INPUT, "diffusion")
    # Filters count the query's results and leave out tags without any.
    tag_options = page.locator("[data-pa-search-page] select[name=tag] option")
    expect(tag_options.nth(1)).to_have_text(re.compile(r" \(\d+\)$"))
    total = int(page.locator(STATUS).inner_text().split()[0])
    counts = [int(re.search(r"\((\d+)\)$", t)[1]) for t in tag_options.all_inner_texts()[1:]]
    assert counts and all(0 < n <= total for n in counts)


@pytest.mark.browser
def test_sort_by_upvotes_without_a_query_browses_everything(page, find_site):
    page.goto(find_site.page("search/?sort=upvotes"))
    expect(page.locator(STATUS)).to_have_text(f"{len(find_site.papers)} results, most upvoted first")
    expect(page.locator(f"{RESULTS} .pa-hit__meta").first).to_have_text(re.compile(r"▲ 70$"))
    expect(page.locator(f"{RESULTS} .pa-hit__meta").nth(1)).to_have_text(re.compile(r"▲ 50$"))


@pytest.mark.browser
def test_upvote_sort_of_an_archive_without_upvotes_says_so(chromium, built_site):
    context, page, watch = open_page(chromium, built_site.url)
    try:
        page.goto(built_site.page("search/?sort=upvotes"))
        expect(page.locator(STATUS)).to_have_text("77 results, most upvoted first (no paper here has an upvote count)")
        assert watch.problems() == []
    finally:
        context.close()


@pytest.mark.browser
def test_browser_reads_ids_as_the_generator_splits_them(page, find_site):
    """search-query.js and generator/build/search_lookup.py agree on ids and their
    files; anything else (other hosts, scripts, words) is not an id."""
    page.goto(find_site.page("about/"))
    page.focus(BOX)  # the search scripts load on first use of the box
    page.wait_for_function("() => window.paSearchQuery !== undefined")
    ids = ["2503.08638", "2606.01599", "1501.00001", "hep-th/9901001", "math.gt/0309136", "cond-mat/0102536"]
    got = page.evaluate("ids => ids.map(i => window.paSearchQuery.idShard(i))", ids)
    assert got == [search_lookup.id_shard(i) for i in ids]
    queries = {
        "2503.08638": "2503.08638", "2503.08638v12": "2503.08638", "arXiv:2503.08638": "2503.08638",
        "https://arxiv.org/abs/2503.08638v2": "2503.08638", "http://export.arxiv.org/abs/hep-th/9901001v1": "hep-th/9901001",
        "https://arxiv.org/pdf/2503.08638": "2503.08638", "https://www.alphaxiv.org/abs/2503.08638": "2503.08638",
        "https://hf.co/papers/2503.08638": "2503.08638", "huggingface.co/papers/2503.08638#community": "2503.08638",
        "Math.GT/0309136": "math.gt/0309136",
        "https://evil.example/abs/2503.08638": None, "javascript:alert(1)//2503.08638": None,
        "2503.08638 diffusion": None, "diffusion": None, "2503": None, "25030.8638": None,
    }
    got = page.evaluate("qs => qs.map(q => window.paSearchQuery.parseId(q))", list(queries))
    assert dict(zip(queries, got)) == queries
