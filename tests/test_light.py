"""The site's weight where a reader feels it (issue 12): a first visit
downloads nothing that grows with the archive, from any host and port, and
navigation works there too; search loads when it is used."""
from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from .browser_support import open_page
from .site_server import _QuietHandler

pytestmark = pytest.mark.browser

# Requests whose size grows with the archive: none may happen at load.
GROWING = ("sitemap", "/pagefind/", "/api/")


@pytest.fixture
def elsewhere(built_site):
    """The built site (made for http://127.0.0.1:8000/) served on another host
    and port, as a PR preview or a fork's Pages site is."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.site_dir))
    try:
        server = ThreadingHTTPServer(("127.0.0.2", 0), handler)
    except OSError:
        pytest.skip("127.0.0.2 is not available on this machine")
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.2:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_navigation_works_from_another_host_and_port_without_the_sitemap(chromium, elsewhere, viewport):
    context, page, watch = open_page(chromium, elsewhere, viewport=viewport)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(elsewhere)
    expect(page.locator("article h1")).to_have_text("Paper archive")
    if viewport == "phone":  # the header's menu button opens the tabs list as a panel
        expect(page.locator("nav.md-tabs a", has_text="Tags")).not_to_be_visible()
        page.locator("label.md-header__button[for=__drawer]").click()
    page.locator("nav.md-tabs a", has_text="Tags").click()
    page.wait_for_url(elsewhere + "tags/")
    expect(page.locator("article h1")).to_have_text("Tags")
    page.locator("article table a").first.click()
    expect(page.locator("article .pa-list > li").first).to_be_visible()
    page.locator("article .pa-list > li > a").first.click()
    page.wait_for_url(elsewhere + "papers/**")
    expect(page.locator("article h2#abstract")).to_be_visible()
    page.go_back()
    expect(page.locator("article .pa-list > li").first).to_be_visible()
    assert all(u.startswith(elsewhere) for u in requests), requests
    assert not [u for u in requests if any(g in u for g in GROWING)], requests
    assert watch.problems() == [], "\n".join(watch.problems())
    context.close()


def test_search_script_loads_on_first_use_and_answers(chromium, built_site):
    context, page, watch = open_page(chromium, built_site.url, viewport="phone")
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url.rsplit("/", 1)[-1]))
    page.goto(built_site.url)
    page.wait_for_load_state("networkidle")
    assert "search.js" not in scripts and "pagefind.js" not in scripts
    box = page.locator("[data-pa-search] input[name=q]")
    box.click()
    box.press_sequentially("bayesian", delay=20)
    expect(page.locator("#pa-search-list li").first).to_be_visible()
    assert "search.js" in scripts
    assert watch.problems() == [], "\n".join(watch.problems())
    context.close()
