"""The built site in headless Chromium: a reader's walk home -> a day -> a
paper -> a tag and back, by clicking links, in light and dark mode, on a
desktop and a phone, with no console errors, page errors or failed requests.

Material's instant navigation is off (issue 12: it downloads the whole
sitemap.xml on every first visit and switches itself off on any other port):
each click is a full page load; each step waits for the URL and the heading.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browser_support import SCHEMES, open_page

pytestmark = pytest.mark.browser

DAY = "2025-03-12"
DAY_PATH = "days/2025/03/12/"
DAY_HEADING = "Papers of 12 March 2025"
OTHER = {"light": "dark", "dark": "light"}
TOGGLE = {"light": "Switch to dark mode", "dark": "Switch to light mode"}


def _url(site, path: str) -> re.Pattern:
    return re.compile("^" + re.escape(site.page(path)) + "(#.*)?$")


def _scheme(page) -> str | None:
    return page.locator("body").get_attribute("data-md-color-scheme")


def _at(page, site, path: str, heading: str, scheme: str) -> None:
    page.wait_for_url(_url(site, path))
    # A long tag is paged: its first page says so (issue 12).
    expect(page.locator("article h1")).to_have_text(re.compile("^" + re.escape(heading) + r"( \(page 1 of \d+\))?$"))
    expect(page).to_have_title(re.compile("^" + re.escape(heading.split(" (page")[0])))
    assert _scheme(page) == SCHEMES[scheme]


def _toggle(page, to: str) -> None:
    """Click Material's palette toggle (the label the reader sees)."""
    label = page.locator(f'label[title="{TOGGLE[OTHER[to]]}"]')
    expect(label).to_be_visible()
    label.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[to])


@pytest.fixture
def opened(chromium, built_site, request):
    scheme, viewport = request.param
    context, page, watch = open_page(chromium, built_site.url, scheme=scheme, viewport=viewport)
    yield page, watch, scheme
    context.close()


CASES = [(s, v) for s in ("light", "dark") for v in ("desktop", "phone")]


@pytest.mark.parametrize("opened", CASES, ids=[f"{s}-{v}" for s, v in CASES], indirect=True)
def test_walk_home_day_paper_tag_and_back(opened, built_site):
    page, watch, scheme = opened
    page.goto(built_site.url)
    _at(page, built_site, "", "Paper archive", scheme)

    # The palette follows the system's colour scheme, and the toggle switches it both ways.
    _toggle(page, OTHER[scheme])
    _toggle(page, scheme)

    # Home -> the latest list day, through the link in the "Latest list" heading.
    page.locator("article h2#latest a").click()
    _at(page, built_site, DAY_PATH, DAY_HEADING, scheme)

    # Day -> its first paper.
    first = page.locator("article .pa-list > li > a").first
    title = first.inner_text()
    href = first.get_attribute("href")
    key = href.rstrip("/").rsplit("/", 1)[-1]
    first.click()
    _at(page, built_site, f"papers/{key}/", title, scheme)
    expect(page.locator(f'article .pa-facts a[href$="{DAY_PATH[len("days/"):]}"]')).to_have_count(1)

    # Paper -> its first tag.
    tag = page.locator("article p.pa-tags a").first
    tag_title = tag.inner_text()
    slug = tag.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    tag.click()
    _at(page, built_site, f"tags/{slug}/", tag_title, scheme)
    # The paper we came from is listed on its tag's page.
    expect(page.locator("article .pa-list > li > a", has_text=title).first).to_be_visible()

    # And back, the way a reader does: the browser's back button.
    page.go_back()
    _at(page, built_site, f"papers/{key}/", title, scheme)
    page.go_back()
    _at(page, built_site, DAY_PATH, DAY_HEADING, scheme)
    page.go_back()
    _at(page, built_site, "", "Paper archive", scheme)

    assert watch.problems() == [], "\n".join(watch.problems())


@pytest.mark.parametrize("opened", [("light", "desktop"), ("dark", "phone")], ids=["light-desktop", "dark-phone"],
                         indirect=True)
def test_chosen_palette_is_kept_across_pages(opened, built_site):
    """A reader who picks the other scheme keeps it on the next page and after a reload."""
    page, watch, scheme = opened
    other = OTHER[scheme]
    page.goto(built_site.url)
    _toggle(page, other)
    page.locator("article h2#latest a").click()
    _at(page, built_site, DAY_PATH, DAY_HEADING, other)
    page.reload()
    _at(page, built_site, DAY_PATH, DAY_HEADING, other)
    assert watch.problems() == [], "\n".join(watch.problems())


@pytest.mark.parametrize("opened", [("light", "desktop")], ids=["light-desktop"], indirect=True)
def test_header_tabs_reach_archive_and_tags(opened, built_site):
    """The small navigation: Archive and Tags tabs lead to their indexes."""
    page, watch, scheme = opened
    page.goto(built_site.url)
    page.locator("nav.md-tabs a", has_text="Archive").click()
    _at(page, built_site, "days/", "Archive by date", scheme)
    page.locator("nav.md-tabs a", has_text="Tags").click()
    _at(page, built_site, "tags/", "Tags", scheme)
    page.locator("article table a").first.click()
    page.wait_for_url(re.compile(re.escape(built_site.page("tags/")) + r"[a-z0-9-]+/$"))
    expect(page.locator("article .pa-list > li").first).to_be_visible()
    page.go_back()
    _at(page, built_site, "tags/", "Tags", scheme)
    assert watch.problems() == [], "\n".join(watch.problems())


def test_commentary_math_is_mathml_and_no_math_script_loads(chromium, built_site):
    """The seed commentary holds inline and display math: typeset at build time
    into MathML (issue 12), so the page loads no math script and no TeX shows."""
    context, page, watch = open_page(chromium, built_site.url)
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(built_site.page("days/2025/03/12/"))
    page.locator("article .pa-list > li > a", has_text="A Tutorial on Bayesian Optimization").click()
    page.wait_for_url(_url(built_site, "papers/a-tutorial-on-bayesian-optimization/"))
    body = page.locator(".pa-note-body")
    expect(body.locator("math:not([display])")).to_have_count(1)
    expect(body.locator("div.pa-math math[display=block]")).to_have_count(1)
    assert "\\mathrm" not in body.inner_text() and "\\(" not in body.inner_text()
    # MathML is laid out: the display formula has a height of its own.
    assert body.locator("math[display=block]").bounding_box()["height"] > 10
    assert not [u for u in scripts if "katex" in u or "math" in u.rsplit("/", 1)[-1]], scripts
    assert watch.problems() == []
    context.close()
