"""Untrusted text (titles, abstracts, authors, URLs from the web) reaches the
built site as text: never as HTML, script, Markdown syntax or a bad link."""
from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.archive import store
from generator.site import urls
from generator.build.generate import generate
from generator.archive.model import Paper, validate
from generator.site.render import paper as paper_page
from generator.site.render.common import Context
from generator.build.pages import make_context
from generator.tags.taxonomy import load_taxonomy

from .project import REPO, Page, copy_project, mkdocs_build, read_page

HOSTILE_TITLE = ('</title><script>alert(1)</script> <img src=x onerror=alert(1)> *bold* _it_ '
                 '[click](javascript:alert(1)) {: onclick="alert(1)" } # $\\alpha$ &amp;')
# (A bidi override such as U+202E is refused by the store: tests/test_hostile.py.)
HOSTILE_ABSTRACT = ('<a href="javascript:alert(1)">x</a> <iframe src="data:text/html,<script>alert(1)</script>"></iframe> '
                    '<style>body{display:none}</style> ![i](data:image/svg+xml,<svg onload=alert(1)>) '
                    '<!-- <script>alert(2)</script> --> ``` code ``` <div markdown="1">*x*</div>')
HOSTILE_AUTHOR = '<b onmouseover="alert(1)">Eve</b> & "Mallory"'
# Material's bundle and the archive's own scripts (docs/assets/: search on use,
# the palette, follow and save; search.js, search-query.js and search-page.js are
# loaded by search-on-use.js, follow-save-pages.js by follow-save.js; a paper page's
# links to GitHub, generated where the site has a repository: render/contribute.py).
SAFE_SCRIPT_SRC = re.compile(r"^(\.\./)*(assets/(javascripts/bundle\.[0-9a-f]+\.min|search-on-use|palette|follow-save)"
                             r"|curated/contribute)\.js$")


def hostile_papers() -> dict[str, Paper]:
    p = Paper(key="hostile", title=HOSTILE_TITLE, abstract=HOSTILE_ABSTRACT, authors=[HOSTILE_AUTHOR],
              list_dates=["2025-03-12"], ai_summary="<script>alert(3)</script>",
              ai_keywords=["<img src=x onerror=alert(4)>"],
              links={"code": "https://example.org/\"onmouseover=\"alert(1)"}, sources=["test"])
    return {p.key: p}


def assert_inert(page: Page, *, content_only: bool = True) -> None:
    """No live markup from the data: no handler, no dangerous URL, no foreign
    script anywhere; and in the content, none of the embedding elements."""
    for tag, attrs in page.elements:
        if content_only:
            assert tag not in ("iframe", "style", "object", "embed", "img", "svg", "form", "input"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action") and value:
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (tag, name, value)
        if tag == "script":
            assert attrs.get("type") in ("application/json", "application/ld+json") or \
                SAFE_SCRIPT_SRC.match(attrs.get("src", "")) or not attrs.get("src") and attrs == {}, attrs


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile"), data=False, commentary=False)
    assert [f for f, _ in validate(next(iter(hostile_papers().values())))] == ["links.code"]
    papers = hostile_papers()
    papers["hostile"].links = {}  # the store refuses that URL; the renderer is tested with it below
    store.save(root, papers)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.build
@pytest.mark.parametrize("url", ["papers/hostile/", "days/2025/03/12/", "", "tags/", "days/"])
def test_hostile_text_is_inert_on_every_page(hostile_site: Path, url: str):
    html = (hostile_site / url / "index.html").read_text(encoding="utf-8")
    assert_inert(Page(html), content_only=False)
    content = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    assert_inert(Page("<article " + content))
    # Material's own inline script is the only one without src or type.
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert all("alert" not in s for s in inline)


@pytest.mark.build
def test_hostile_title_shows_as_written(hostile_site: Path):
    page = read_page(hostile_site, "papers/hostile/")
    # Everything as written but its math, typeset at build time (issue 12):
    # $\alpha$ becomes MathML in the heading and the letter in the <title>.
    shown = HOSTILE_TITLE.replace("$\\alpha$", "α")
    assert page.h1 == shown
    assert page.title == f"{shown} - Paper archive"
    html = (hostile_site / "papers/hostile/index.html").read_text(encoding="utf-8")
    assert "<h1>" in html and "<math><mrow><mi>α</mi></mrow></math> &amp;amp;" in html
    html = (hostile_site / "papers/hostile/index.html").read_text(encoding="utf-8")
    assert "Eve&lt;/b&gt; &amp; &quot;Mallory&quot;</p>" in html


def test_a_bad_link_from_the_web_never_becomes_an_href():
    papers = hostile_papers()
    papers["hostile"].links = {"code": "javascript:alert(1)", "project": "https://ok.example/\"><script>",
                               "pdf": "https://arxiv.org/pdf/1"}
    ctx = make_context(papers, load_taxonomy(REPO))
    text = paper_page.render(papers["hostile"], ctx)
    link_row = re.search(r'<p class="pa-links">.*?</p>', text)[0]
    assert link_row == '<p class="pa-links"><a href="https://arxiv.org/pdf/1" rel="nofollow noopener">PDF</a></p>'



def _search_row(text: str) -> str | None:
    m = re.search(r'<p class="pa-links">Search by title: .*?</p>', text)
    return m[0] if m else None


@pytest.mark.parametrize("title", [HOSTILE_TITLE, "\u8a9e" * 500, 'A "quoted" & <tagged> title; 100% #1 + ?q=x',
                                   "Lone \ud800 surrogate"])
def test_a_paper_without_an_arxiv_id_links_searches_for_its_title(title):
    """No page is a dead end (issue 26): three searches, the title URL-encoded
    in each (at most its first 150 characters: the URL stays valid)."""
    from urllib.parse import parse_qs, urlsplit

    from generator.site.render import math

    papers = {"p": Paper(key="p", title=title, list_dates=["2025-03-12"])}
    if "\ud800" in title:  # refused by the store, and yet never a crash here
        title = title.replace("\ud800", "?")
    else:
        assert validate(papers["p"]) == []
    ctx = make_context(papers, load_taxonomy(REPO))
    row = _search_row(paper_page.render(papers["p"], ctx))
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', row)]
    assert [urlsplit(h).netloc for h in hrefs] == ["arxiv.org", "huggingface.co", "scholar.google.com"]
    assert re.findall(r">([^<]+)</a>", row) == ["arXiv", "Hugging Face", "Google Scholar"]
    assert all(re.fullmatch(r"https://[\w./?=&%+-]+", h) for h in hrefs)  # nothing but an encoded query
    wanted = math.to_text(title)[:150]
    for h in hrefs:
        query = parse_qs(urlsplit(h).query)
        searched = (query.get("query") or query["q"])[0]
        assert wanted.startswith(searched) and len(searched) > 100 or searched == wanted
    assert parse_qs(urlsplit(hrefs[0]).query)["searchtype"] == ["title"]


def test_a_paper_with_an_arxiv_id_has_no_searches():
    papers = {"p": Paper(key="p", arxiv_id="2503.08638", title="YuE", list_dates=["2025-03-12"])}
    ctx = make_context(papers, load_taxonomy(REPO))
    assert _search_row(paper_page.render(papers["p"], ctx)) is None


def _mkdocs_markdown() -> markdown.Markdown:
    """Python-Markdown configured exactly as MkDocs configures it for the site."""
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


MD = _mkdocs_markdown()
TAXONOMY = load_taxonomy(REPO)
# Text without TeX: TeX is typeset on purpose (generator/site/render/math.py), see
# test_any_tex_renders_inert below.
text_strategy = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="$\\~"),
                        min_size=1, max_size=120) \
    .map(lambda s: " ".join(s.split())).filter(lambda s: s and "``" not in s and "''" not in s)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text_strategy, abstract=text_strategy, author=text_strategy)
def test_any_text_renders_as_exactly_that_text(title, abstract, author):
    paper = Paper(key="p", title=title, abstract=abstract, authors=[author], list_dates=["2025-03-12"])
    ctx = Context(taxonomy=TAXONOMY, tags={"p": []})
    source = paper_page.render(paper, ctx)
    front, body = source.split("---\n", 2)[1:]
    meta = yaml.safe_load(front)
    MD.reset()
    page = Page(MD.convert(body))
    assert page.h1 == title
    assert Page(meta["title"]).elements == [] and _unescape(meta["title"]) == title
    assert [tag for tag, _ in page.elements if tag not in ("div", "h1", "p", "dl", "dt", "dd", "a", "h2", "pre", "code")] == []
    assert_inert(page)
    assert abstract in _texts(page, body)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _texts(page: Page, body: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", MD.convert(body)))


TEX_ALPHABET = st.sampled_from(list("$\\{}^_~`'&<>\"()[]%#=.:/ ax0α") + [
    "\\alpha", "\\frac", "\\text{", "\\href{javascript:alert(1)}{", "\\textbf{", '\\"o', "<script>", "$$",
    "\\(", "\\)", "\\[", "\\]", "\\begin{array}", "\\end{array}", "\\\\", "\\mathrm{", "\\sqrt"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.lists(TEX_ALPHABET, max_size=40).map("".join))
def test_any_tex_renders_inert(value):
    """Whatever TeX a record holds: HTML of text and MathML only, nothing live,
    never an exception (unreadable TeX shows as its source)."""
    from generator.site.render import math

    fragment = math.to_html(value)
    page = Page(fragment)
    assert {tag for tag, _ in page.elements} <= math._TAGS, fragment
    assert_inert(page)
    math.to_text(value)  # titles and snippets: plain text (escaped by its callers), never an exception
    if "$" not in value and "\\" not in value and "~" not in value and "``" not in value and "''" not in value:
        assert html.unescape(fragment) == value
