"""Top lists (generator/site/tops.py, render/top.py), previous/next links on month
and year pages, and the papers-per-month charts (render/chart.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.site import indexes, tops
from generator.build import pages as site
from generator.archive import store
from generator.build.generate import generate
from generator.archive.model import Paper
from generator.site.render import chart, top
from generator.tags.taxonomy import load_taxonomy

from .golden import assert_golden
from .project import copy_project
from .sample import sample_papers

REPO = Path(__file__).resolve().parent.parent


def _p(key: str, days: list[str], upvotes: int | None, title: str | None = None) -> Paper:
    return Paper(key=key, title=title or key.title(), abstract="About things.", list_dates=days, upvotes=upvotes)


def test_week_names_follow_iso_weeks():
    assert tops.week_of("2025-03-12") == "2025-W11"
    assert tops.week_of("2024-12-30") == "2025-W01"  # a Monday in ISO year 2025
    assert tops.week_days("2025-W01") == ("2024-12-30", "2025-01-05")


def test_tops_rank_by_upvotes_count_each_paper_once_and_skip_periods_without_upvotes():
    papers = [_p("a", ["2025-03-10", "2025-03-11"], 5, title="Zebra"), _p("b", ["2025-03-11"], 9), _p("c", ["2025-03-12"], None),
              _p("d", ["2025-03-12"], 5, title="Aardvark"), _p("e", ["2025-04-01"], None)]
    days = indexes.by_day({p.key: p for p in papers})
    months = tops.tops(days, "month")
    assert list(months) == ["2025-03"]  # April has no upvote counts: no list
    march = months["2025-03"]
    assert [p.key for p in march.papers] == ["b", "d", "a"]  # equal upvotes: by title
    assert (march.listed, march.unranked) == (4, 1)
    assert list(tops.tops(days, "week")) == ["2025-W11"]
    assert [p.key for p in tops.tops(days, "year", size=2)["2025"].papers] == ["b", "d"]


def test_month_range_and_counts_fill_empty_months():
    assert tops.month_range("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    papers = [_p("a", ["2024-11-02", "2025-02-01"], 1), _p("b", ["2025-02-03"], 1)]
    assert tops.monthly_counts(papers, tops.month_range("2024-11", "2025-02")) == [
        ("2024-11", 1), ("2024-12", 0), ("2025-01", 0), ("2025-02", 1)]


def test_chart_is_static_svg_with_a_text_alternative():
    svg = chart.monthly([("2024-12", 3), ("2025-01", 0), ("2025-02", 6)], "Papers tagged <b>X</b>", "trend")
    assert "<script" not in svg
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="trend-caption"', svg)
    assert ('<figcaption id="trend-caption">Papers tagged &lt;b&gt;X&lt;/b&gt; per month, December 2024 to '
            'February 2025: 9 papers in all; most in February 2025 (6); 6 in February 2025.</figcaption>') in svg
    assert svg.count("<rect") == 2  # an empty month has no bar
    assert "<tr><th scope=\"row\">Jan 2025</th><td>0</td></tr>" in svg
    assert chart.monthly([("2025-01", 4)], "Papers", "t") == ""  # one month is no trend


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("top"), data=False, commentary=False)
    papers = sample_papers()
    extra = _p("2504.00001", ["2025-04-02"], 7, title="Bayesian Optimization in April")
    papers[extra.key] = extra
    store.save(root, papers)
    generate(root)
    return root / "docs"


def test_top_pages_match_golden(docs: Path):
    assert_golden("top-month.md", (docs / "top/2025/03.md").read_text(encoding="utf-8"))
    assert_golden("top-index.md", (docs / "top/index.md").read_text(encoding="utf-8"))


def test_top_pages_exist_for_each_period_with_upvotes_and_are_linked(docs: Path):
    for rel in ("top/2025.md", "top/2025/03.md", "top/2025/04.md", "top/2025/week-11.md", "top/2025/week-14.md"):
        assert (docs / rel).is_file(), rel
    march = (docs / "top/2025/03.md").read_text(encoding="utf-8")
    assert 'rel="next">April 2025 →' in march and 'rel="prev"' not in march
    assert "1 paper without an upvote count is not ranked" in march
    assert 'href="../../../../top/2025/week-11/">of the week of 10 March 2025</a>' in (docs / "days/2025/03/12.md").read_text()
    assert 'href="../../../top/2025/03/">of March 2025</a>' in (docs / "days/2025/03/index.md").read_text()
    assert 'href="../../top/2025/">of 2025</a>' in (docs / "days/2025/index.md").read_text()
    assert 'href="top/2025/week-14/">week of 31 March 2025</a>' in (docs / "index.md").read_text()


def test_month_and_year_pages_link_previous_and_next(docs: Path):
    march = (docs / "days/2025/03/index.md").read_text(encoding="utf-8")
    april = (docs / "days/2025/04/index.md").read_text(encoding="utf-8")
    assert '<a href="../04/" rel="next">April 2025 →</a>' in march and 'rel="prev"' not in march
    assert '<a href="../03/" rel="prev">← March 2025</a>' in april and 'rel="next"' not in april
    assert '<nav class="pa-daynav" aria-label="years"><a href="../">The whole archive</a></nav>' in (
        docs / "days/2025/index.md").read_text(encoding="utf-8")


def test_archive_and_tag_pages_show_the_monthly_chart(docs: Path):
    archive = (docs / "days/index.md").read_text(encoding="utf-8")
    assert "Papers per month, March 2025 to April 2025: 4 papers in all" in archive
    tag = (docs / "tags/bayesian-optimization.md").read_text(encoding="utf-8")
    assert "Papers tagged Bayesian optimization per month, March 2025 to April 2025" in tag


def test_embedded_list_without_upvotes_claims_no_order(tmp_path):
    """The seed (a copied Daily Papers page) has no upvote counts."""
    papers = store.load(REPO)
    assert all(p.upvotes is None for p in papers.values())
    ctx = site.make_context(papers, load_taxonomy(REPO))
    pages = site.build(papers, ctx, [top.extension])
    day = pages["days/2025/03/12.md"]
    assert "most upvoted" not in day and "by title (no upvote counts)" in day
    assert "No top lists: no paper of the archive has an upvote count" in pages["top/index.md"]
    assert not any(path.startswith("top/") and path != "top/index.md" for path in pages)


# ---------- built and in the browser ----------

@pytest.fixture(scope="module")
def top_site(tmp_path_factory):
    from .project import mkdocs_build
    from .site_server import serve

    root = copy_project(tmp_path_factory.mktemp("top-site"), data=False, commentary=False)
    papers = sample_papers()
    for i, day in enumerate(["2025-01-15", "2025-02-03", "2025-04-02"]):
        extra = _p(f"2504.0000{i}", [day], 7 + i, title=f"Paper number {i}")
        papers[extra.key] = extra
    store.save(root, papers)
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr[-3000:]
    served = serve(root / "site")
    yield served
    served.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["top/", "top/2025/03/", "top/2025/week-11/", "days/", "tags/optimization/", "days/2025/03/"])
def test_top_pages_and_charts_pass_axe(chromium, top_site, path, scheme):
    from playwright.sync_api import expect

    from .browser_support import axe_violations, open_page

    context, page, watch = open_page(chromium, top_site.url, scheme=scheme)
    try:
        page.goto(top_site.page(path))
        expect(page.locator("article h1")).to_be_visible()
        assert axe_violations(page) == []
        assert watch.problems() == []
    finally:
        context.close()


@pytest.mark.browser
def test_reader_walks_from_home_to_a_top_list_and_sees_the_trend(chromium, top_site):
    from playwright.sync_api import expect

    from .browser_support import open_page

    context, page, watch = open_page(chromium, top_site.url)
    try:
        page.goto(top_site.url)
        page.locator(".pa-pagelinks a", has_text="April 2025").click()
        page.wait_for_url(top_site.page("top/2025/04/"))
        expect(page.locator("article h1")).to_have_text("Top papers of April 2025")
        page.locator("a[rel=prev]").click()
        expect(page.locator("article h1")).to_have_text("Top papers of March 2025")
        expect(page.locator(".pa-list > li > a").first).to_have_text(
            "YuE: Scaling Open Foundation Models for Long-Form Music Generation")
        page.locator("nav.md-tabs a", has_text="Archive").click()
        chart = page.locator("figure.pa-trend svg[role=img]")
        expect(chart).to_be_visible()
        expect(chart).to_have_accessible_name(re.compile(r"^Papers per month, January 2025 to April 2025: 6 papers in all"))
        box = chart.bounding_box()
        assert box["width"] > 40 and box["height"] > 40
        page.locator("figure.pa-trend summary").click()
        expect(page.locator("figure.pa-trend table tr", has_text="Feb 2025")).to_contain_text("1")
        assert watch.problems() == []
    finally:
        context.close()
