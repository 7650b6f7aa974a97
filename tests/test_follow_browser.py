"""Follow tags and a reading list (issue 23) in Debian's Chromium, on a site
served under a fork's base path (/fork/, as GitHub Pages serves a project
site): follow, reload, new since the last visit, save, remove, export and
import, BibTeX that parses and matches the paper pages', hostile values in
localStorage, axe in light and dark, the keyboard, a phone, and no buttons
without script.

The site is the embedded archive plus four papers listed on later days (one
with HTML in its title, two with TeX), built once for this module.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.archive import store
from generator.archive.model import Paper
from generator.site.follow import TAG_NEWEST

from .browser_support import SCHEMES, axe_violations, open_page
from .project import copy_project
from .site_server import build, serve

pytestmark = pytest.mark.browser

PREFIX = "/fork/"
STORE = "paper-archive:" + PREFIX + ":"  # the script's localStorage keys: site's base path inside
LLM, BO = "large-language-models", "bayesian-optimization"
OLD = "affinequant-affine-transformation-quantization-for-large-language-models"  # of the embedded archive
HOSTILE_TITLE = 'Large language models read <img src=x onerror="window.__pwned=1"> tags'
TEX_KEY = "schrodinger-bridges-in-o-1-alpha-2-steps"
TEX_TITLE = 'Schr\\"odinger bridges in $O(1/\\alpha^2)$ steps: Bayesian optimization'
TEX_READ = "Schrödinger bridges in O(1/α^2) steps: Bayesian optimization"  # as its page's <title> and feeds read it
EXTRA = [
    Paper(key="2503.20001", arxiv_id="2503.20001", title=HOSTILE_TITLE,
          abstract="Large language models are evaluated on instruction tuning with in-context learning.",
          authors=["Ada <b>Lovelace</b>", "C. {Brace} Person"], published="2025-03-13", list_dates=["2025-03-14"],
          categories=["cs.CL"], links={"arxiv": "https://arxiv.org/abs/2503.20001"}, upvotes=50,
          sources=["tests/test_follow_browser.py"]),
    Paper(key="bayesian-optimization-of-kernels", title="Bayesian optimization of $O(n^2)$ kernels & 100% of_them",
          abstract="Bayesian optimization with Gaussian process surrogate models and acquisition functions.",
          authors=["Grace Hopper"], list_dates=["2025-03-13"], upvotes=7, sources=["tests/test_follow_browser.py"]),
    Paper(key=TEX_KEY, title=TEX_TITLE, abstract="Bayesian optimization of Schr\\\"odinger bridges with Gaussian processes.",
          authors=["Erwin Schrödinger"], list_dates=["2025-03-13"], upvotes=1, sources=["tests/test_follow_browser.py"]),
    Paper(key="2503.20002", arxiv_id="2503.20002", title="Small language models for large language model distillation",
          abstract="Language models distilled from large language models, with in-context learning.",
          list_dates=["2025-03-13", "2025-03-14"], upvotes=3, categories=["cs.LG"],
          links={"arxiv": "https://arxiv.org/abs/2503.20002"}, sources=["tests/test_follow_browser.py"]),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("follow") / "project")
    papers = store.load(project)
    papers.update({p.key: p for p in EXTRA})
    store.save(project, papers)
    served = serve(build(project), prefix=PREFIX)
    yield served
    served.close()


@pytest.fixture
def browse(chromium, site):
    """browse(scheme=..., viewport=...) -> page; every page's problems are
    checked at the end, but for those naming a file in `browse.missing` (a
    saved paper the archive does not have: its API file is a 404)."""
    opened = []

    def open_(**kwargs):
        context, page, watch = open_page(chromium, site.url, **kwargs)
        opened.append((context, watch))
        return page

    open_.missing = []
    yield open_
    for context, watch in opened:
        context.close()
        problems = [p for p in watch.problems() if not any(m in p for m in open_.missing)]
        assert problems == [], "\n".join(problems)


def _tag_json(site, slug: str) -> dict:
    return json.loads((site.site_dir / "feeds" / "tags" / f"{slug}.json").read_text(encoding="utf-8"))


def _set(page, name: str, value) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE + name, value if isinstance(value, str) else json.dumps(value)])


def _get(page, name: str):
    raw = page.evaluate("k => localStorage.getItem(k)", STORE + name)
    return None if raw is None else json.loads(raw)


def _items(page) -> list[dict]:
    """The Following or Saved page's list: key, title, date text, tags, new mark."""
    page.locator("[data-pa-keep] .pa-count").wait_for()
    return page.evaluate("""() => [...document.querySelectorAll('[data-pa-keep] ol.pa-list > li')].map(li => ({
        key: li.querySelector(':scope > a').getAttribute('href').split('/papers/')[1].replace(/\\/$/, ''),
        title: li.querySelector(':scope > a').textContent,
        meta: li.querySelector(':scope > small').textContent,
        tags: [...li.querySelectorAll('.pa-tags a')].map(a => a.textContent),
        isNew: !!li.querySelector('.pa-new')}))""")


def _no_injection(page) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.locator("article img, article script, article b").count() == 0


def _following(page, site, count: int) -> list[dict]:
    page.goto(site.page("following/"))
    expect(page.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(count)
    return _items(page)


def _expected_following(site, slugs) -> list[dict]:
    """What the Following page must list: the tags' JSON papers, merged, once each, newest day first."""
    seen = {}
    for s in slugs:
        for p in _tag_json(site, s)["papers"]:
            seen.setdefault(p["key"], p)
    return sorted(seen.values(), key=lambda p: (p["day"], p["upvotes"] or -1), reverse=True)


# ---------- follow ----------

def test_follow_on_tag_pages_survives_reload_and_following_merges_newest_first(browse, site):
    page = browse()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for slug in (LLM, BO):
        page.goto(site.page(f"tags/{slug}/"))
        button = page.locator("article .pa-keep button")
        expect(button).to_have_text("Follow")
        expect(button).to_have_attribute("aria-pressed", "false")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        page.reload()
        expect(page.locator("article .pa-keep button")).to_have_attribute("aria-pressed", "true")
    assert _get(page, "following")["tags"] == [LLM, BO]

    expected = _expected_following(site, (LLM, BO))
    requests.clear()
    items = _following(page, site, len(expected))
    keys = [i["key"] for i in items]
    assert len(set(keys)) == len(keys)  # a paper in both tags is listed once
    assert set(keys) == {p["key"] for p in expected}
    days = [p["day"] for p in expected]
    assert days == sorted(days, reverse=True)
    assert [i["key"] for i in items][:3] == ["2503.20001", "2503.20002", "bayesian-optimization-of-kernels"]
    # Tags and upvotes beside each; a title with HTML is text.
    first = items[0]
    assert first["title"] == HOSTILE_TITLE
    assert first["meta"].startswith("▲ 50 · 14 March 2025")
    assert "Large language models" in first["tags"]
    _no_injection(page)
    # A first visit marks nothing new.
    assert not any(i["isNew"] for i in items)
    # Bounded: one small file a followed tag, nothing else that grows with the archive.
    fetched = [u for u in requests if "/feeds/tags/" in u or "/api/" in u or "sitemap" in u or "pagefind" in u]
    assert sorted(fetched) == sorted(site.page(f"feeds/tags/{s}.json") for s in (LLM, BO))
    assert all(len(_tag_json(site, s)["papers"]) <= TAG_NEWEST for s in (LLM, BO))


def test_follow_from_the_tag_index_and_the_following_page_itself(browse, site):
    page = browse()
    page.goto(site.page("tags/"))
    page.get_by_role("button", name="Follow: Bayesian optimization").click()
    page.goto(site.page("following/"))
    expect(page.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(len(_expected_following(site, (BO,))))
    expect(page.get_by_role("button", name="Follow: Bayesian optimization")).to_have_attribute("aria-pressed", "true")
    # Unfollow from the page's own tag list: the list follows at once.
    page.get_by_role("button", name="Follow: Bayesian optimization").click()
    expect(page.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(0)
    expect(page.locator("[data-pa-keep] .pa-count")).to_contain_text("You follow no tags yet")
    page.get_by_role("button", name="Follow: Large language models").click()
    expect(page.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(len(_expected_following(site, (LLM,))))
    assert _get(page, "following")["tags"] == [LLM]


def test_papers_listed_after_the_previous_visit_are_marked_new_until_newer_ones_come(browse, site):
    page = browse()
    page.goto(site.page("following/"))
    # The previous visit saw the lists up to 13 March: the 14 March papers are new.
    _set(page, "following", {"v": 1, "tags": [LLM, BO], "seen": "2025-03-13", "mark": "2025-03-12"})
    expected = _expected_following(site, (LLM, BO))
    new = {p["key"] for p in expected if p["day"] > "2025-03-13"}
    assert new == {"2503.20001", "2503.20002"}
    for _ in range(2):  # and still after a reload: the marks stay until newer papers come
        items = _following(page, site, len(expected))
        assert {i["key"] for i in items if i["isNew"]} == new
        expect(page.locator("[data-pa-keep] .pa-count")).to_contain_text("2 new since your last visit")
        page.reload()
    assert _get(page, "following") == {"v": 1, "tags": [LLM, BO], "seen": "2025-03-14", "mark": "2025-03-13"}


def test_following_is_paged_like_the_other_lists(browse, site):
    page = browse()
    page.goto(site.page("following/"))
    slugs = [p.name[:-5] for p in sorted((site.site_dir / "feeds" / "tags").glob("*.json"))]
    _set(page, "following", {"v": 1, "tags": slugs})
    total = len(_expected_following(site, slugs))
    assert total > 50
    _following(page, site, 50)
    nav = page.locator("[data-pa-keep] nav.pa-pager").first
    expect(nav.locator("[aria-current=page]")).to_have_text("1")
    nav.get_by_role("link", name="next →").click()
    expect(page).to_have_url(site.page("following/#page-2"))
    expect(page.locator("[data-pa-keep] ol.pa-list")).to_have_attribute("start", "51")
    expect(page.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(min(50, total - 50))


# ---------- save ----------

def test_save_with_the_keyboard_from_a_list_and_a_paper_page_then_remove(browse, site):
    page = browse()
    page.goto(site.page("days/2025/03/14/"))
    title_link = page.locator("article ol.pa-list > li > a").first
    key = title_link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    title_link.focus()
    page.keyboard.press("Tab")  # the next stop after a paper's title is its Save button
    focused = page.evaluate("[document.activeElement.textContent, document.activeElement.getAttribute('aria-label')]")
    assert focused[0] == "Save" and focused[1].startswith("Save: ")
    page.keyboard.press("Space")
    expect(page.locator("article ol.pa-list > li").first.locator("button")).to_have_attribute("aria-pressed", "true")

    page.goto(site.page("papers/a-tutorial-on-bayesian-optimization/"))
    save = page.locator("article .pa-keep button")
    expect(save).to_have_text("Save")
    save.focus()
    page.keyboard.press("Enter")
    expect(save).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator("article .pa-keep button")).to_have_attribute("aria-pressed", "true")
    page.locator("article .pa-keep a", has_text="Saved papers").click()

    page.wait_for_url(site.page("saved/"))
    expect(page.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(2)
    items = _items(page)
    assert [i["key"] for i in items] == ["a-tutorial-on-bayesian-optimization", key]  # last saved first
    # Day and tags come from the paper's API file, whatever the list showed.
    expect(page.locator("[data-pa-keep] ol.pa-list > li").nth(1).locator(".pa-tags a").first).to_be_visible()
    assert "14 March 2025" in _items(page)[1]["meta"]
    assert "13 March 2025" in items[0]["meta"] or "12 March 2025" in items[0]["meta"]

    remove = page.get_by_role("button", name=re.compile("^Remove: A Tutorial on Bayesian"))
    remove.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(1)
    # The keyboard keeps its place: on the next Remove button.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Remove: ")
    assert [p["key"] for p in _get(page, "saved")["papers"]] == [key]


def _bibtex_entries(text: str) -> dict[str, str]:
    """A small BibTeX reader: @type{key, name = {value}, ...} entries with
    balanced braces (as BibTeX counts them: a backslash escapes none), each
    field once; returns {key: entry text}."""
    entries, depth, start, head = {}, 0, None, False
    for i, c in enumerate(text):
        if c == "@" and depth == 0:
            start, head = i, True
        elif head and c != "{":
            assert c.isalpha(), repr(text[start:i + 1])  # the entry type
        elif c == "{":
            head = False
            depth += 1
        elif c == "}":
            depth -= 1
            assert depth >= 0, text[:i + 1]
            if depth == 0:
                entry = text[start:i + 1]
                m = re.fullmatch(r"@misc\{([a-z0-9.\-]+),\n((?:  [A-Za-z]+ = \{.*\},?\n)+)\}", entry, re.S)
                assert m, entry
                names = re.findall(r"^  ([A-Za-z]+) = \{", m[2], re.M)
                assert len(names) == len(set(names)) and names[0] == "title" and "year" in names, entry
                entries[m[1]] = entry
        elif depth == 0:
            assert c in " \n\t", repr(text[i:i + 40])
    assert depth == 0
    return entries


def _page_bibtex(site, key: str) -> str:
    page = (site.site_dir / "papers" / key / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.search(r'<pre class="pa-bibtex"><code>(.*?)</code></pre>', page, re.S)[1])


def _download(page, button: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_export_import_round_trip_and_bibtex_that_parses(browse, site, tmp_path):
    keys = ["2503.20001", "bayesian-optimization-of-kernels", OLD, "a-tutorial-on-bayesian-optimization"]
    keys = [k for k in keys if (site.site_dir / "papers" / k).is_dir()]
    assert len(keys) >= 3
    page = browse()
    page.goto(site.page("saved/"))
    _set(page, "saved", {"v": 1, "papers": [{"key": k} for k in keys]})  # as little as a list could have
    _set(page, "following", {"v": 1, "tags": [BO, LLM]})
    page.reload()
    expect(page.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(len(keys))

    bib = _download(page, "Download BibTeX")
    entries = _bibtex_entries(bib)
    assert list(entries) == keys
    for k in keys:  # the browser's BibTeX is the paper page's, to the byte
        assert entries[k] == _page_bibtex(site, k)
    assert "100\\% of\\_them" in entries["bayesian-optimization-of-kernels"]
    assert "{\\textbraceleft}Brace{\\textbraceright}" in entries["2503.20001"]

    exported = tmp_path / "reading-list.json"
    exported.write_text(_download(page, "Export list (JSON)"), encoding="utf-8")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert [p["key"] for p in data["saved"]] == keys and data["following"] == [BO, LLM]
    assert exported.stat().st_size < 4096

    # Another browser: empty, then the file imported.
    other = browse()
    other.goto(site.page("saved/"))
    expect(other.locator("[data-pa-keep] .pa-count")).to_contain_text("No saved papers yet")
    other.locator("input[type=file]").set_input_files(str(exported))
    expect(other.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(len(keys))
    expect(other.locator(".pa-keep-said")).to_contain_text(f"Imported {len(keys)} papers and 2 followed tags")
    assert [i["key"] for i in _items(other)] == keys
    assert _get(other, "following")["tags"] == [BO, LLM]
    assert _bibtex_entries(_download(other, "Download BibTeX")) == entries
    # Importing it again adds nothing; a file that is not a list changes nothing.
    other.locator("input[type=file]").set_input_files(str(exported))
    expect(other.locator(".pa-keep-said")).to_contain_text("Imported 0 papers and 0 followed tags")
    junk = tmp_path / "junk.json"
    junk.write_text('{"saved": [{"key": "x"}]}', encoding="utf-8")
    other.locator("input[type=file]").set_input_files(str(junk))
    expect(other.locator(".pa-keep-said")).to_contain_text("not a reading list")
    expect(other.locator("[data-pa-keep] ol.pa-list > li")).to_have_count(len(keys))


def test_copy_bibtex_puts_the_entries_on_the_clipboard(browse, site):
    page = browse()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url.split(PREFIX)[0])
    page.goto(site.page("saved/"))
    _set(page, "saved", {"v": 1, "papers": [{"key": "2503.20002"}]})
    page.reload()
    page.get_by_role("button", name="Copy BibTeX").click()
    expect(page.locator(".pa-keep-said")).to_contain_text("BibTeX of 1 paper copied")
    assert _bibtex_entries(page.evaluate("navigator.clipboard.readText()")) == {"2503.20002": _page_bibtex(site, "2503.20002")}


def test_titles_with_tex_read_as_on_the_paper_page_on_the_saved_and_following_pages(browse, site, tmp_path):
    """A title's TeX as the paper page reads it (its <title>, feeds, search),
    wherever a saved or followed paper is listed: never the source's TeX, not
    even after the Saved page refreshes it from the API (which keeps the
    source); the BibTeX keeps the paper page's own entry."""
    page = browse()
    page.goto(site.page(f"papers/{TEX_KEY}/"))
    assert page.title().startswith(TEX_READ + " - ")
    page.locator("article .pa-keep button").click()

    # Following: the tag's JSON file holds the title as text already.
    tag = next(s for s in (BO, LLM) if any(p["key"] == TEX_KEY for p in _tag_json(site, s)["papers"]))
    _set(page, "following", {"v": 1, "tags": [tag]})
    following = {i["key"]: i["title"] for i in _following(page, site, len(_expected_following(site, (tag,))))}
    assert following[TEX_KEY] == TEX_READ
    expect(page.get_by_role("button", name=f"Save: {TEX_READ}")).to_have_attribute("aria-pressed", "true")

    # Saved: saved from the page (whose MathML reads "α2" as text), then as the
    # old Saved page left it in storage (the API's source TeX): both refreshed.
    for stored in (None, TEX_TITLE):
        if stored:
            _set(page, "saved", {"v": 1, "papers": [{"key": TEX_KEY, "title": stored}]})
        page.goto(site.page("saved/"))
        title = page.locator(f'[data-pa-keep] ol.pa-list > li > a[href$="/{TEX_KEY}/"]')
        expect(title).to_have_text(TEX_READ)
        assert title.evaluate("a => a.children.length") == 0  # a text node: untrusted titles are never markup
        assert _get(page, "saved")["papers"][0]["title"] == TEX_READ
        page.reload()  # and so it stays
        expect(title).to_have_text(TEX_READ)
    expect(page.get_by_role("button", name=f"Remove: {TEX_READ}")).to_be_visible()
    exported = json.loads(_download(page, "Export list (JSON)"))
    assert [(p["key"], p["title"]) for p in exported["saved"]] == [(TEX_KEY, TEX_READ)]
    assert _bibtex_entries(_download(page, "Download BibTeX")) == {TEX_KEY: _page_bibtex(site, TEX_KEY)}
    assert 'Schr{\\textbackslash}"odinger' in _page_bibtex(site, TEX_KEY)  # the source's text, as the page's entry has it
    page.get_by_role("button", name=f"Remove: {TEX_READ}").click()
    expect(page.locator(".pa-keep-said")).to_have_text(f"Removed “{TEX_READ}”.")


# ---------- what storage may hold ----------

HOSTILE_VALUES = {
    "not-json": "{not json",
    "huge": '{"v":1,"papers":[' + ",".join(['{"key":"2503.20002","title":"' + "x" * 1000 + '"}'] * 1100) + "]}",
    "a-string": '"a string"',
    "a-number": "42",
    "null": "null",
    "a-list": "[1, 2, 3]",
    "wrong-types": '{"v": "one", "papers": "nope", "tags": 7, "seen": ["2025-03-14"], "mark": {}}',
    "hostile-items": json.dumps({"v": 1, "unknown": {"deep": [1]}, "papers": [
        {"key": "../../evil", "title": "x"}, 5, None, [], {"key": "constructor"}, {"key": "__proto__"},
        {"key": "2503.20001", "title": '<img src=x onerror="window.__pwned=1"><b>bold</b>', "day": "<b>14</b>",
         "tags": ["<script>", 5, LLM, "javascript:alert(1)"], "extra": {"x": 1}},
        {"key": "2503.20001", "title": "a duplicate"}],
        "tags": ["__proto__", "constructor", LLM, "<img src=x>", "javascript:alert(1)", LLM],
        "seen": "<img src=x>", "mark": 5}),
}


@pytest.mark.parametrize("value", list(HOSTILE_VALUES.values()), ids=list(HOSTILE_VALUES))
def test_hostile_storage_values_never_break_a_page_or_reach_it_as_html(browse, site, value):
    browse.missing.append("api/v1/papers/constructor.json")  # a valid key, but no such paper
    page = browse()
    page.goto(site.page("saved/"))
    _set(page, "saved", value)
    _set(page, "following", value)
    for path in ("days/2025/03/14/", "papers/2503.20001/", f"tags/{LLM}/", "tags/", "following/", "saved/"):
        page.goto(site.page(path))
        page.locator("[data-pa-keep] .pa-count, .pa-keep-btn").first.wait_for()
        _no_injection(page)
    # The Saved page shows what is valid, as text, and its buttons work.
    saved = _items(page)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9.\-]*", i["key"]) for i in saved)
    assert len({i["key"] for i in saved}) == len(saved)
    # Saving repairs the stored value.
    page.goto(site.page(f"papers/{OLD}/"))
    button = page.locator("article .pa-keep button")
    if button.get_attribute("aria-pressed") == "true":
        button.click()
    button.click()
    stored = _get(page, "saved")
    assert stored["v"] == 1 and stored["papers"][0]["key"] == OLD
    assert all(set(p) == {"key", "title", "day", "tags"} for p in stored["papers"])


# ---------- accessibility, phone, no script ----------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_clean_with_buttons_pressed_and_lists_filled(browse, site, scheme):
    page = browse(scheme=scheme)
    page.goto(site.page("saved/"))
    _set(page, "saved", {"v": 1, "papers": [{"key": "2503.20001"}, {"key": OLD}]})
    _set(page, "following", {"v": 1, "tags": [LLM], "seen": "2025-03-13", "mark": "2025-03-13"})
    for path in ("saved/", "following/", "papers/2503.20001/", f"tags/{LLM}/", "tags/", "days/2025/03/14/"):
        page.goto(site.page(path))
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
        page.locator("article .pa-keep-btn").first.wait_for()
        if "saved" in path:
            expect(page.locator("[data-pa-keep] ol.pa-list > li .pa-tags a").first).to_be_visible()
        assert axe_violations(page) == [], path


def test_phone_buttons_fit_and_work(browse, site):
    page = browse(viewport="phone")
    for path in ("papers/2503.20001/", f"tags/{LLM}/", "days/2025/03/14/", "following/"):
        page.goto(site.page(path))
        page.locator("article .pa-keep-btn").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page.goto(site.page(f"tags/{LLM}/"))
    page.locator("article .pa-keep button").tap()
    page.goto(site.page("following/"))
    expect(page.locator("[data-pa-keep] ol.pa-list > li").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_without_script_no_buttons_and_pages_read_as_before(chromium, site):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for path in ("papers/2503.20001/", f"tags/{LLM}/", "tags/", "days/2025/03/14/", "", "following/", "saved/"):
            page.goto(site.page(path))
            expect(page.locator("article h1")).to_be_visible()
            assert page.locator("button.pa-keep-btn, .pa-keep").count() == 0, path
        # (Playwright turns script off after the parser has read <noscript> as text: its text is markup here.)
        assert "The reading list needs JavaScript" in page.locator("article noscript").text_content()
        page.goto(site.page("following/"))
        assert "Following tags needs JavaScript" in page.locator("article noscript").text_content()
        expect(page.locator("article ul.pa-follow-tags a").first).to_be_visible()  # the tags still lead somewhere
    finally:
        context.close()


def test_a_long_reading_list_is_paged_with_a_short_pager(browse, site):
    browse.missing.append("api/v1/papers/gone-")  # saved papers this archive does not have
    page = browse()
    page.goto(site.page("saved/"))
    _set(page, "saved", {"v": 1, "papers": [{"key": f"gone-{i:03d}", "title": f"Gone {i}"} for i in range(400)]})
    page.goto(site.page("saved/#page-5"))
    expect(page.locator("[data-pa-keep] ol.pa-list")).to_have_attribute("start", "201")
    expect(page.locator("[data-pa-keep] ol.pa-list > li").first).to_contain_text("Gone 200")
    pager = page.locator("[data-pa-keep] nav.pa-pager").first
    expect(pager).to_have_text("Page ← previous 1 … 3 4 5 6 7 8 next →")
    assert _get(page, "saved")["papers"][200]["title"] == "Gone 200"  # kept, though the site has no such paper
