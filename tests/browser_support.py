"""Driving Debian's chromium with Playwright, for the browser and
accessibility tests: never a downloaded browser.

`open_page` gives a page whose problems are collected in a `Watch`: console
errors, uncaught page errors, failed requests and HTTP errors from the site.
The site asks one third party for something: Material's repository widget
reads the repository's facts from api.github.com. The tests must not depend
on the network, so that request is answered here with a small stand-in; any
other request that leaves the site is recorded as a problem (the site loads
no fonts, scripts or images from elsewhere).
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
# Material's body attribute for each emulated colour scheme (mkdocs.yml palette).
SCHEMES = {"light": "default", "dark": "slate"}
GITHUB_API = "api.github.com"
_GITHUB_FACTS = {"stargazers_count": 0, "forks_count": 0, "tag_name": "v0.0.0"}


def launch(playwright):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)


@dataclass
class Watch:
    """Everything that went wrong while a page was open."""

    site: str
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console]
                + [f"page error: {m}" for m in self.page_errors]
                + [f"request failed: {m}" for m in self.failed]
                + [f"third-party request: {u}" for u in self.third_party])


def _route(watch: Watch):
    def handle(route):
        url = route.request.url
        if url.startswith(watch.site):
            route.continue_()
        elif urlsplit(url).hostname == GITHUB_API:
            route.fulfill(status=200, content_type="application/json", body=json.dumps(_GITHUB_FACTS))
        else:
            watch.third_party.append(url)
            route.abort()
    return handle


def open_page(browser, site_url: str, *, scheme: str = "light", viewport: str = "desktop"):
    """A new context and page (emulating `scheme` and `viewport`) and its Watch."""
    phone = viewport == "phone"
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme,
                                  is_mobile=phone, has_touch=phone)
    watch = Watch(site_url)
    context.route("**/*", _route(watch))
    page = context.new_page()
    page.on("console", lambda m: watch.console.append(f"{m.text} ({m.location.get('url', '')})") if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    # net::ERR_ABORTED is the browser cancelling a request it no longer needs
    # (a favicon or prefetch overtaken by the next navigation), not a failure.
    page.on("requestfailed", lambda r: watch.failed.append(f"{r.url}: {r.failure}")
            if r.url.startswith(site_url) and "ERR_ABORTED" not in (r.failure or "") else None)
    page.on("response", lambda r: watch.failed.append(f"{r.url}: HTTP {r.status}")
            if r.url.startswith(site_url) and r.status >= 400 else None)
    return context, page, watch


def axe_violations(page, axe=None, exclude: list[list[str]] | None = None) -> list[str]:
    """axe-core's serious and critical violations on the settled page (no
    animation running: axe would read a half-faded colour), described."""
    if axe is None:
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    results = axe.run(page, context={"exclude": exclude} if exclude else None)
    return [_describe(v) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def _describe(violation: dict) -> str:
    nodes = "; ".join(f"{' '.join(n['target'])}: {n.get('failureSummary', '').splitlines()[-1].strip()}"
                      for n in violation["nodes"][:5])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} -- {nodes}"
