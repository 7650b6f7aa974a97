"""A real `mkdocs build --strict` of the embedded archive, read back as a reader would."""
from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from generator.curated import commentary
from generator.site import indexes, urls
from generator.archive import store
from generator.build.pages import make_context
from generator.tags.taxonomy import load_taxonomy

from .project import REPO, copy_project, mkdocs_build, read_page

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("build"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root


def _paper_links(site: Path, page_url: str) -> set[str]:
    """Keys of the papers a page links to, resolved from its relative links."""
    page = read_page(site, page_url)
    out = set()
    for href in page.links:
        if "://" in href or href.startswith("#"):
            continue
        target = posixpath.normpath(posixpath.join(page_url, href))
        if target.startswith("papers/"):
            out.add(target.split("/")[1])
    return out


def test_every_paper_has_a_page_with_its_exact_title(built: Path):
    papers = store.load(REPO)
    assert len(papers) == 77
    for key, paper in papers.items():
        page = read_page(built / "site", urls.url(urls.paper(key)))
        assert page.h1 == paper.title
        assert page.title == f"{paper.title} - Paper archive"


def test_every_day_page_links_exactly_its_papers(built: Path):
    papers = store.load(REPO)
    for day, listed in indexes.by_day(papers).items():
        pages = indexes.pages(listed)  # a day of more than PAGE_SIZE papers is paged
        found = set().union(*(_paper_links(built / "site", urls.url(urls.day(day, pg.number))) for pg in pages))
        assert found == {p.key for p in listed}, day


def test_every_tag_page_links_exactly_its_papers(built: Path):
    papers = store.load(REPO)
    taxonomy = load_taxonomy(REPO)
    # Commentary tags join the paper's own (generator/curated/commentary.py).
    ctx = make_context(papers, taxonomy, commentary.extra_tags(commentary.load(REPO, papers, taxonomy)))
    for tag in ctx.taxonomy.tags:
        expected = {k for k, tags in ctx.tags.items() if tag.slug in tags}
        pages = indexes.newest_pages(sorted(expected))
        found = set().union(*(_paper_links(built / "site", urls.url(urls.tag(tag.slug, pg.number))) for pg in pages))
        assert found == expected, tag.slug


def test_every_seed_paper_has_a_tag(built: Path):
    papers = store.load(REPO)
    ctx = make_context(papers, load_taxonomy(REPO))
    assert all(ctx.tags[k] for k in papers)


def test_paper_pages_stay_out_of_the_navigation(built: Path):
    page = read_page(built / "site", "days/2025/03/12/")
    nav_links = [href for href in page.links if "papers/" in href]
    # Only the day's own list links papers: the first 50 of its 77 (a page), once each.
    assert len(nav_links) == len(set(nav_links)) == indexes.PAGE_SIZE


def test_the_site_also_builds_with_properdocs(tmp_path: Path):
    root = copy_project(tmp_path)
    result = mkdocs_build(root, tool="properdocs")
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "papers" / "a-tutorial-on-bayesian-optimization" / "index.html").exists()


def test_a_bad_store_fails_the_build_naming_the_line(tmp_path: Path):
    root = copy_project(tmp_path)
    path = root / "data" / "papers" / "2025-03.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace('"title": "', '"title": "  ', 1).replace('"list_dates": ["2025-03-12"]', '"list_dates": ["2025-02-30"]')
    path.write_text("".join(lines), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "data/papers/2025-03.jsonl:5: list_dates: '2025-02-30' is not a real day (YYYY-MM-DD)" in result.stderr
