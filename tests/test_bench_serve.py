"""bench/bench_serve.py's comparison of a first start with `make build`
(issue 11): turn by turn, because this machine's speed drifts between runs."""
from __future__ import annotations

import sys

from .project import REPO

sys.path.insert(0, str(REPO / "bench"))
import bench_serve  # noqa: E402


def _result(pairs: list[tuple[float, float]]) -> dict:
    rounds = [{"build_s": b, "build_cpu": b, "first_start": f, "first_how": "built the site", "first_peak_mib": 1.0}
              for b, f in pairs]
    firsts, builds = sorted(f for _, f in pairs), sorted(b for b, _ in pairs)
    return {"n": 5_000, "commit": "abc1234", "complete": True, "rounds": rounds, "first_start": firsts[len(firsts) // 2],
            "build_s": builds[len(builds) // 2], "build_cpu": 1.0, "first_how": "built the site", "first_peak_mib": 1.0}


def test_a_first_start_faster_in_most_turns_passes_though_the_medians_taken_apart_say_otherwise():
    # 5,000 papers at c026a9c: the first start won two turns of three; the
    # medians taken apart (35.8 s against 32.5 s) compared different turns.
    r = _result([(32.5, 28.0), (26.1, 38.6), (37.4, 35.8)])
    assert round(bench_serve._paired(r), 2) == 0.96
    text = bench_serve.report([r])
    assert "<= make build: **pass** (first start / `make build` of the same turn, median 0.96)" in text
    assert "| by turns: `make build` (generate + MkDocs), then a first start | 32.5 s, 28.0 s; 26.1 s, 38.6 s; " \
           "37.4 s, 35.8 s |" in text


def test_a_first_start_slower_in_most_turns_fails():
    r = _result([(30.0, 33.0), (30.0, 29.0), (31.0, 34.1)])
    assert "<= make build: **FAIL** (first start / `make build` of the same turn, median 1.10)" in bench_serve.report([r])
