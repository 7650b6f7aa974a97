"""Citation metadata in built paper pages: present, and each value escaped
exactly once for its context, even for a title made to break out of them.

The pages come from a real `mkdocs build --strict` of a small archive (the
sample papers and a hostile record) and are read with html.parser, which
splits <script> and attributes the way a browser does.
"""
from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.archive import store
from generator.build.generate import site_url
from generator.archive.model import Paper
from generator.site.render import escape, math

from .project import mkdocs_build
from .site_server import copy_project
from .sample import sample_papers

TITLE = 'A "quoted" \'title\' </script><script>alert(1)</script> <b>x</b> & &amp; <!-- \u2028 end'
ABSTRACT = ("An abstract with </script>, <!-- a comment -->, \"quotes\", 'apostrophes', & and &amp; "
            "and words enough to be cut: " + " ".join(f"word{i}" for i in range(60)))
AUTHORS = ['Ada "Countess" <Lovelace>', "Flann O'Brien & Sons", "Zoë </script>"]
PDF = "https://arxiv.org/pdf/2503.00001?a=1&b=2"
HOSTILE = Paper(key="hostile", arxiv_id="2503.00001", title=TITLE, abstract=ABSTRACT, authors=AUTHORS,
                published="2025-03-10", list_dates=["2025-03-12"],
                links={"arxiv": "https://arxiv.org/abs/2503.00001", "pdf": PDF})
TEX = Paper(key="tex-title", arxiv_id="2503.00002", title=r'Schr\"odinger bridges in $O(1/\alpha^2)$ steps',
            abstract="Bridges.", authors=["A. Author"], published="2025-03-10", list_dates=["2025-03-12"])
PAGE_LIMIT = 16 * 1024  # bytes of HTML per paper page


class Head(HTMLParser):
    """The <head> of a page: meta tags, links, any JSON-LD, title; script counts."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []  # (name or property, content), in order
        self.links: list[dict] = []
        self.json_ld: list[str] = []
        self.scripts = 0
        self.title = ""
        self.h1 = ""
        self._where: str | None = None
        self._in_head = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "script":
            self.scripts += 1
            if a.get("type") == "application/ld+json":
                self._where = "ld"
                self.json_ld.append("")
        elif tag == "meta" and self._in_head and "content" in a:
            self.meta.append((a.get("name") or a.get("property") or "", a["content"]))
        elif tag == "link" and self._in_head:
            self.links.append(a)
        elif tag in ("title", "h1"):
            self._where = tag

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        if tag in ("script", "title", "h1"):
            self._where = None

    def handle_data(self, data):
        if self._where == "ld":
            self.json_ld[-1] += data
        elif self._where == "title":
            self.title += data
        elif self._where == "h1":
            self.h1 += data

    def values(self, name: str) -> list[str]:
        return [v for n, v in self.meta if n == name]

    def one(self, name: str) -> str:
        (value,) = self.values(name)
        return value


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    root = copy_project(tmp_path_factory.mktemp("citation"))
    shutil.rmtree(root / "commentary", ignore_errors=True)  # it is about papers of the embedded archive
    papers = sample_papers()
    papers[HOSTILE.key] = HOSTILE
    papers[TEX.key] = TEX
    store.save(root, papers)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site", site_url(root)


def page(built, path: str) -> str:
    return (built[0] / path / "index.html").read_text(encoding="utf-8")


pytestmark = pytest.mark.build


def test_highwire_tags_hold_the_exact_values(built):
    head = Head(page(built, "papers/hostile"))
    assert head.one("citation_title") == TITLE
    assert head.values("citation_author") == AUTHORS
    assert head.one("citation_publication_date") == "2025/03/10"
    assert head.one("citation_arxiv_id") == "2503.00001"
    assert head.one("citation_pdf_url") == PDF


def test_link_preview_tags_are_only_those_the_page_does_not_already_say(built):
    """og:title (the title without the site's name) and twitter:card; the
    description and address come from Material's own tags, which link
    previews fall back to: no og:description, og:url, og:type or JSON-LD that
    would repeat them (issue 12)."""
    html = page(built, "papers/hostile")
    head = Head(html)
    assert head.one("og:title") == TITLE
    assert head.one("twitter:card") == "summary"
    assert [n for n, _ in head.meta if n.startswith(("og:", "twitter:"))] == ["og:title", "twitter:card"]
    assert head.json_ld == [] and "application/ld+json" not in html
    # What previews fall back to, from front matter escaped once, holds the same text.
    assert head.one("description") == escape.snippet(ABSTRACT, 160)
    assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [built[1] + "papers/hostile/"]
    assert head.title == f"{TITLE} - Paper archive"
    assert head.h1 == TITLE


def test_a_title_with_tex_reads_in_the_head_as_on_the_page(built):
    # Zotero and link previews show no MathML: they get the text the page's <title> has.
    head = Head(page(built, "papers/tex-title"))
    assert head.one("citation_title") == head.one("og:title") == "Schrödinger bridges in O(1/α^2) steps"
    assert head.title == "Schrödinger bridges in O(1/α^2) steps - Paper archive"


def test_hostile_text_cannot_break_out_of_the_head(built):
    html = page(built, "papers/hostile")
    head = Head(html)
    # No element was injected: as many scripts as on a harmless paper page.
    assert head.scripts == Head(page(built, "papers/2503.08638")).scripts
    assert "<script>alert(1)" not in html
    assert head.values("citation_author") == AUTHORS and head.one("og:title") == TITLE


def test_every_paper_page_has_its_tags(built):
    for key, p in sample_papers().items():
        head = Head(page(built, f"papers/{key}"))
        assert head.one("citation_title") == math.to_text(p.title)  # the sample has a title with TeX
        assert head.values("citation_author") == p.authors
        assert head.one("citation_publication_date") == (p.published or p.first_listed).replace("-", "/")
        assert head.one("og:title") == math.to_text(p.title)
    plain = Head(page(built, "papers/a-tutorial-on-bayesian-optimization"))
    assert plain.values("citation_arxiv_id") == [] and plain.values("citation_pdf_url") == []
    assert plain.one("citation_publication_date") == "2025/03/12"  # no arXiv date: first list day


def test_feed_links_reach_the_head(built):
    home = Head(page(built, ""))
    feeds = [link for link in home.links if link.get("type") == "application/atom+xml"]
    assert [(link["rel"].split(), link["href"]) for link in feeds] == [(["alternate", "feed"], "feeds/index.xml")]
    tag = Head(page(built, "tags/optimization"))
    assert [link["href"] for link in tag.links if link.get("type") == "application/atom+xml"] == [
        "../../feeds/tags/optimization.xml"]
    assert (built[0] / "feeds" / "tags" / "optimization.xml").is_file()


def test_bibtex_block_can_be_copied(built):
    html = page(built, "papers/2503.08638")
    assert '<pre class="pa-bibtex"><code>@misc{2503.08638,' in html
    config = html.split('<script id="__config" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "content.code.copy" in json.loads(config)["features"]


def test_paper_pages_stay_light(built):
    sizes = {p.parent.name: p.stat().st_size for p in (built[0] / "papers").glob("*/index.html")}
    assert sizes and max(sizes.values()) <= PAGE_LIMIT, sizes


@pytest.mark.browser
def test_bibtex_copy_button_copies_the_entry(built_site, chromium):
    """Material adds the copy button in the browser: click it, read the clipboard."""
    from .browser_support import open_page

    context, browser_page, watch = open_page(chromium, built_site.url)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=built_site.url.rstrip("/"))
        key = sorted(store.load(Path(__file__).resolve().parent.parent))[0]
        browser_page.goto(built_site.page(f"papers/{key}/"))
        browser_page.locator(".pa-bibtex").hover()
        browser_page.locator('.pa-bibtex button[data-md-type="copy"]').click()
        copied = browser_page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("@misc{" + key + ",")
        assert copied.rstrip().endswith("}")
        assert watch.problems() == []
    finally:
        context.close()
