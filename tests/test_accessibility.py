"""axe-core (through axe-playwright-python) on the pages a reader meets, in
light and dark mode: no violation of serious or critical impact.

Rules are never switched off wholesale here; when Material itself (not our
templates or CSS) causes a violation that cannot reasonably be fixed in
overrides/ or docs/assets/archive.css, the rule is excluded for that element
only, in EXCLUDE below, with the reason.
"""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .browser_support import SCHEMES, axe_violations, open_page

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "archive": "days/",
    "day": "days/2025/03/12/",
    "paper": "papers/a-tutorial-on-bayesian-optimization/",
    "tag-index": "tags/",
    "tag": "tags/optimization/",
}
# axe `context.exclude` selectors, each with the reason it cannot be fixed by us.
EXCLUDE: list[list[str]] = []


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violations(chromium, built_site, axe, name, scheme):
    context, page, watch = open_page(chromium, built_site.url, scheme=scheme)
    try:
        page.goto(built_site.page(PAGES[name]))
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
        expect(page.locator("article h1")).to_be_visible()
        # Judge the settled page: the repository facts (answered by the stand-in
        # in browser_support; only when REPO_URL gives the site a repository
        # link) fade in, and axe would read a half-faded colour.
        if page.locator("a.md-source").count():
            page.locator(".md-source__facts").first.wait_for(state="attached")
        assert axe_violations(page, axe, EXCLUDE) == []
        assert watch.problems() == [], "\n".join(watch.problems())
    finally:
        context.close()
