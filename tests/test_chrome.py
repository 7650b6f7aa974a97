"""The chrome around every page (overrides/base.html and partials/): light
(issue 12) and still whole, as a reader on a phone or a desktop meets it.

- the navigation is in each page once: on phones the header's menu button
  opens the tabs list itself as a panel, where a section also lists its pages;
- wide screens keep Material's layout (tabs, a section's sidebar, the column
  where pages outside a section have none);
- the header's search box is a plain form without JavaScript;
- the shared chrome stays within its byte budget.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from .browser_support import open_page

PAPER = "papers/a-tutorial-on-bayesian-optimization/"
# Bytes of a paper page outside its <article>, less the paper's own <head>
# tags (title, description, canonical link, citation tags, og:title): what
# every page carries. 2,923 when set; 5,893 before (the drawer's copy of the
# navigation, three stylesheets, og:/JSON-LD repeats), Material's own ~11 KB.
CHROME_BUDGET = 3100
NAV = ["Home", "Archive", "Tags", "Top", "Curated", "Search", "About"]


class Links(HTMLParser):
    """Texts of the links in a page's <nav> elements (header, tabs, sidebar),
    and whether a primary sidebar is there."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.sidebar = False
        self._navs = 0
        self._in_a = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self._navs += 1
        if tag == "a" and self._navs:
            self._in_a = True
            self.texts.append("")
        if "md-sidebar--primary" in (dict(attrs).get("class") or ""):
            self.sidebar = True

    def handle_endtag(self, tag):
        if tag == "nav":
            self._navs -= 1
        if tag == "a":
            self._in_a = False

    def handle_data(self, data):
        if self._in_a:
            self.texts[-1] += data


def _shared_chrome(html: str) -> int:
    article = html[html.index('<article class="md-content__inner'):html.rindex("</article>")]
    head = re.search(r"<head>(.*?)</head>", html, re.S)[1]
    own = re.findall(r'<title>.*?</title>|<meta name="(?:description|citation_[a-z_]+)" content="[^"]*">'
                     r'|<meta property="og:title" content="[^"]*">|<link rel="canonical" href="[^"]*">', head)
    return len(html.encode()) - len(article.encode()) - sum(len(t.encode()) for t in own)


@pytest.mark.build
def test_every_page_carries_the_navigation_once_and_the_chrome_stays_light(built_site):
    site = built_site.site_dir
    paper = (site / PAPER / "index.html").read_text(encoding="utf-8")
    links = Links(paper)
    assert [t for t in links.texts if t in NAV] == NAV  # the tabs, and no second copy (drawer)
    assert not links.sidebar
    assert _shared_chrome(paper) <= CHROME_BUDGET, _shared_chrome(paper)
    # A section's pages list its pages beside them, and in the tabs' panel.
    about = Links((site / "about" / "index.html").read_text(encoding="utf-8"))
    assert about.sidebar
    assert [t for t in about.texts if t in ("API", "Contributing", "Run your own")] == ["API", "Contributing", "Run your own"] * 2
    # Material's scripts get the configuration they read, and nothing else.
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', paper)[1]
    assert config == ('{"base":"../..","features":["content.code.copy"],"translations":'
                      '{"clipboard.copy":"Copy to clipboard","clipboard.copied":"Copied to clipboard"}}')
    # Material's main stylesheet, its palette's cut to our colours, and one of the project's own.
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)">', paper) == [
        "../../assets/stylesheets/main.57a0d79d.min.css", "../../assets/palette.css", "../../assets/archive.css"]
    assert "[data-md-color-scheme=slate]" in (site / "assets" / "palette.css").read_text(encoding="utf-8")


@pytest.mark.browser
def test_phone_menu_opens_the_tabs_and_a_sections_pages(chromium, built_site):
    context, page, watch = open_page(chromium, built_site.url, viewport="phone")
    try:
        page.goto(built_site.page(PAPER))
        menu = page.locator("label.md-header__button[for=__drawer]")
        tabs = page.locator("nav.md-tabs")
        expect(menu).to_be_visible()
        expect(tabs.get_by_role("link", name="Tags")).not_to_be_visible()
        # Closed, the panel's links are out of the keyboard's way.
        assert page.evaluate("(a => (a.focus(), document.activeElement !== a))(document.querySelector('nav.md-tabs a'))")
        expect(page.locator("[data-pa-search] input[name=q]")).to_have_attribute("role", "combobox")
        menu.click()
        for name in NAV:
            expect(tabs.get_by_role("link", name=name, exact=True)).to_be_visible()
        # The dimmed page closes it.
        page.mouse.click(360, 400)
        expect(tabs.get_by_role("link", name="Tags")).not_to_be_visible()
        # On a section's page, the panel lists the section's pages.
        menu.click()
        tabs.get_by_role("link", name="About", exact=True).click()
        page.wait_for_url(built_site.page("about/"))
        menu.click()
        expect(tabs.locator(".pa-subnav a[aria-current=page]")).to_have_text("About")
        tabs.get_by_role("link", name="API", exact=True).click()
        page.wait_for_url(built_site.page("api/"))
        expect(page.locator("article h1")).to_be_visible()
        assert watch.problems() == [], "\n".join(watch.problems())
    finally:
        context.close()


@pytest.mark.browser
def test_phone_panel_opens_and_is_walked_from_the_keyboard(chromium, built_site):
    """A keyboard on a narrow screen (a phone's, or a desktop zoomed in): the
    first Tab reaches the menu, Space opens it, Tab walks into its links."""
    context, page, watch = open_page(chromium, built_site.url, viewport="phone")
    try:
        page.goto(built_site.page(PAPER))
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "__drawer"
        expect(page.locator("#__drawer")).to_have_accessible_name("Menu")
        page.keyboard.press("Space")
        tags = page.locator("nav.md-tabs").get_by_role("link", name="Tags")
        expect(tags).to_be_visible()
        for _ in range(6):
            page.keyboard.press("Tab")
            if page.evaluate("!!document.activeElement.closest('nav.md-tabs')"):
                break
        assert page.evaluate("document.activeElement.textContent") == "Home"
        page.locator("#__drawer").focus()
        page.keyboard.press("Space")
        expect(tags).not_to_be_visible()
        assert watch.problems() == [], "\n".join(watch.problems())
    finally:
        context.close()


@pytest.mark.browser
def test_desktop_layout_keeps_its_columns(chromium, built_site):
    context, page, watch = open_page(chromium, built_site.url)
    try:
        page.goto(built_site.page("about/"))
        sidebar = page.locator(".md-sidebar--primary")
        expect(sidebar.get_by_role("link", name="Contributing")).to_be_visible()
        expect(page.locator(".md-header__button[for=__drawer]")).to_be_hidden()
        about_left = page.locator("article.md-content__inner").bounding_box()["x"]
        page.goto(built_site.page(PAPER))
        expect(page.locator("nav.md-tabs").get_by_role("link", name="Tags")).to_be_visible()
        # No sidebar in a paper page's markup; its text starts where the About page's does.
        assert page.locator("article.md-content__inner").bounding_box()["x"] == about_left
        assert about_left > 200
        assert watch.problems() == [], "\n".join(watch.problems())
    finally:
        context.close()


@pytest.mark.browser
def test_header_search_box_is_a_form_without_javascript(chromium, built_site):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(built_site.page(PAPER))
        box = page.locator("[data-pa-search] input[name=q]")
        expect(box).to_be_visible()
        assert box.get_attribute("role") is None  # a combobox only once the script makes it one
        box.fill("bayesian")
        box.press("Enter")
        page.wait_for_url(re.compile(re.escape(built_site.page("search/")) + r"\?q=bayesian$"))
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_palette_colours_are_materials_indigo(chromium, built_site, scheme):
    """The cut palette stylesheet gives the header, links and page Material's colours."""
    context, page, watch = open_page(chromium, built_site.url, scheme=scheme)
    try:
        page.goto(built_site.page(PAPER))
        colour = lambda sel, prop: page.evaluate(f"getComputedStyle(document.querySelector({sel!r})).{prop}")
        assert colour(".md-header", "backgroundColor") == "rgb(64, 81, 181)"  # indigo #4051b5
        link = colour("article .pa-facts a", "color")
        body = colour("body", "backgroundColor")
        if scheme == "light":
            assert (link, body) == ("rgb(64, 81, 181)", "rgb(255, 255, 255)")
        else:  # slate: its own link colour for indigo (#5488e8), a dark page
            assert link == "rgb(84, 136, 232)" and body != "rgb(255, 255, 255)"
        assert watch.problems() == [], "\n".join(watch.problems())
    finally:
        context.close()


@pytest.mark.build
def test_the_repository_link_is_in_the_header_and_the_phone_panel(tmp_path, monkeypatch):
    """With REPO_URL (as the workflows set it) the header links the repository
    on wide screens, and the phone panel lists it, as Material's drawer did."""
    from .project import mkdocs_build
    from .site_server import copy_project

    root = copy_project(tmp_path)
    monkeypatch.setenv("REPO_URL", "https://github.com/example/paper-archive")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "site" / PAPER / "index.html").read_text(encoding="utf-8")
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', html)[0]
    assert tabs.endswith('<li class="pa-repo"><a href="https://github.com/example/paper-archive">GitHub</a></li>'
                         '</ul></div></nav>')
    assert re.search(r'<div class="md-header__source"><a href="https://github.com/example/paper-archive"', html)


@pytest.mark.build
def test_a_forks_announcement_bar_still_shows(tmp_path):
    """Material's documented `announce` block works with the light skeleton;
    empty (this site), it prints nothing."""
    from .project import mkdocs_build
    from .site_server import copy_project

    root = copy_project(tmp_path)
    main = root / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "{% block announce %}Moved to a new address{% endblock %}\n",
                    encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert ('<div data-md-component="announce"><aside class="md-banner"><div class="md-banner__inner md-grid md-typeset">'
            "Moved to a new address</div></aside></div><header") in html
