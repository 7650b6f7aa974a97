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

from .browser_support import SCHEMES, open_page

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
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


def _describe(violation: dict) -> str:
    nodes = "; ".join(f"{' '.join(n['target'])}: {n.get('failureSummary', '').splitlines()[-1].strip()}"
                      for n in violation["nodes"][:5])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} -- {nodes}"


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
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        target = {"exclude": EXCLUDE} if EXCLUDE else None
        results = axe.run(page, context=target)
        violations = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
        assert [_describe(v) for v in violations] == []
        assert watch.problems() == [], "\n".join(watch.problems())
    finally:
        context.close()
