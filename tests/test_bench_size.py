"""bench/bench_size.py's marginal figure: what one more paper adds, and what
that slope says about 100,000 papers and one Pages site (issue 12)."""
from __future__ import annotations

import sys

from .project import REPO

sys.path.insert(0, str(REPO / "bench"))
import bench_size  # noqa: E402

MIB = 2**20


def _figures(papers: int, **parts: int) -> dict:
    full = dict.fromkeys(bench_size.PARTS, 0)
    full.update({name.replace("_", " "): size for name, size in parts.items()})
    return {"papers": papers, "total": sum(full.values()), "parts": full}


def test_fixed_bytes_do_not_count_as_cost_per_added_paper():
    small = _figures(5_000, paper_pages=50 * MIB, feeds=5 * MIB, assets=3 * MIB)
    large = _figures(20_000, paper_pages=200 * MIB, feeds=5 * MIB, assets=3 * MIB)
    m = bench_size.marginal(small, large)
    assert m["slope"] == 150 * MIB / 15_000
    assert m["parts"]["paper pages"] == m["slope"] and m["parts"]["feeds"] == m["parts"]["assets"] == 0
    assert m["fixed"] == 8 * MIB  # feeds and assets: the line's value at no papers
    assert m["projected"] == 8 * MIB + 100_000 * m["slope"]
    assert m["capacity"] == int((bench_size.PAGES_LIMIT - 8 * MIB) / m["slope"])
    assert m["slope_needed"] == (bench_size.PAGES_LIMIT - 8 * MIB) / 100_000


def test_report_shows_the_marginal_cost_of_the_two_largest_sizes():
    measured = {n: {**_figures(n, paper_pages=n * 10_000, API=n * 2_000, assets=3 * MIB), "paper_median": 9_000,
                    "paper_max": (12_000, "papers/x/index.html"), "paper_median_chrome": 6_000,
                    "list_max": (30_000, "days/x/index.html"), "list_pages": 10, "phone": "skipped"}
                for n in (1_000, 5_000, 20_000)}
    text = bench_size.report(measured)
    assert "## Marginal cost: one more paper (5,000 -> 20,000 papers)" in text
    assert "**11.7 KB per added paper**" in text  # 12,000 bytes
    assert "| API | 2.0 KB | 17 % |" in text
    assert "one Pages site holds **" in text
    assert "Marginal cost" not in bench_size.report({1_000: measured[1_000]})  # one size: no slope


def test_the_tar_pages_is_given_has_its_own_slope_and_room():
    """The build's size line counts the tar (headers and padding): the bench
    gives the same room, beside the files' bytes the issue counts."""
    small = {**_figures(5_000, paper_pages=50 * MIB, assets=3 * MIB), "tar": 63 * MIB}
    large = {**_figures(20_000, paper_pages=200 * MIB, assets=3 * MIB), "tar": 243 * MIB}
    m = bench_size.marginal(small, large)
    assert m["tar_slope"] == 180 * MIB / 15_000  # a fifth more than the files' 150 MiB
    assert m["tar_capacity"] == int((bench_size.PAGES_LIMIT - 3 * MIB) / m["tar_slope"])
    assert m["capacity"] > m["tar_capacity"]
    assert f"one Pages site holds **{m['tar_capacity']:,} papers**: the figure the build's size line gives" \
        in "\n".join(bench_size.marginal_section(m))
