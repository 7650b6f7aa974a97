"""Catch-up benchmark (a script, not a test): `paper-archive fetch` day after
day against a loopback fake of the Hugging Face daily_papers API.

    .venv/bin/python bench/bench_fetch.py [--papers 15000] [--days 600] [--catchup 31]

Builds deterministic daily answers (bench/bench_import.py's generator: real
field shapes, hard-wrapped text, links, repeats on later days), serves them
from a local HTTP server, then runs the real command in a child process:
  (1) a first-time backfill of `--days` days into an empty archive;
  (2) a catch-up of `--catchup` more days onto the archive (1) left, which
      then holds ~`--papers` papers: the per-day cost of a fork that is behind.
Writes bench/results-fetch.md (overwritten). The API's own latency is not in
these figures (no network here): the results page adds it as a stated
assumption to estimate a real full backfill since 2023-05-04.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import bench_import  # noqa: E402
import project  # noqa: E402 - bench/project.py: the loopback server

RESULTS = HERE / "results-fetch.md"
FIRST_LIST_DAY = dt.date(2023, 5, 4)  # the first Daily Papers list
ASSUMED_LATENCY = (0.5, 2.0)  # seconds per real API answer: an assumption, not a measurement


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    def day(date: str) -> bytes:
        path = folder / f"{date}.json"
        return path.read_bytes() if path.is_file() else b"[]"
    return project.loopback("/api/daily_papers", "date", day, "application/json")


def fetch(root: Path, url: str, since: dt.date, until: dt.date) -> dict:
    """Run the command as a user would; its wall time and output lines."""
    cmd = [sys.executable, "-m", "generator", "--root", str(root), "fetch", "--api-url", url,
           "--since", since.isoformat(), "--until", until.isoformat()]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "CI": "1"})
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"fetch failed ({proc.returncode}):\n{err[-2000:]}")
    lines = out.splitlines()
    return {"wall": wall, "lines": lines, "days": (until - since).days + 1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=15_000)
    parser.add_argument("--days", type=int, default=600)
    parser.add_argument("--catchup", type=int, default=31)
    args = parser.parse_args()
    total_days = args.days + args.catchup
    papers = args.papers * total_days // args.days

    with tempfile.TemporaryDirectory(prefix="bench-fetch-") as tmp:
        work = Path(tmp)
        _, items = bench_import.build_inputs(work / "in", papers, total_days, 0.05)
        sizes = sorted(p.stat().st_size for p in (work / "in").iterdir())
        httpd, url = serve(work / "in")
        root = work / "archive"
        (root / "data" / "papers").mkdir(parents=True)
        first = bench_import.FIRST_DAY
        cpu0 = os.times()
        backfill = fetch(root, url, first, first + dt.timedelta(days=args.days - 1))
        stored = sum(1 for p in (root / "data" / "papers").glob("*.jsonl") for _ in p.open(encoding="utf-8"))
        # The catch-up in two runs: one day alone (loading the archive, then a
        # day), then the rest; the difference is the cost of a day at this size.
        one = fetch(root, url, first + dt.timedelta(days=args.days), first + dt.timedelta(days=args.days))
        catchup = fetch(root, url, first + dt.timedelta(days=args.days + 1), first + dt.timedelta(days=total_days - 1))
        cpu1 = os.times()
        final = sum(1 for p in (root / "data" / "papers").glob("*.jsonl") for _ in p.open(encoding="utf-8"))
        raw_bytes = sum(p.stat().st_size for p in (root / "data" / "raw").rglob("*.json"))
        httpd.shutdown()

    child_cpu = (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system)
    per_day_backfill = backfill["wall"] / backfill["days"]
    per_day_catchup = (catchup["wall"] - one["wall"]) / (catchup["days"] - 1)
    startup = one["wall"] - per_day_catchup
    today = dt.date.today()
    full_days = (today - FIRST_LIST_DAY).days + 1
    cheapest, dearest = sorted((per_day_backfill, per_day_catchup))
    low = full_days * (cheapest + ASSUMED_LATENCY[0]) / 60
    high = full_days * (dearest + ASSUMED_LATENCY[1]) / 60
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    lines = [
        "# Catch-up benchmark (`paper-archive fetch`)",
        "",
        f"Written by `bench/bench_fetch.py` at commit `{commit}` (overwritten on every run):",
        f"`.venv/bin/python bench/bench_fetch.py --papers {args.papers} --days {args.days} --catchup {args.catchup}`.",
        "The real command in a child process against a loopback fake of the daily_papers API serving synthetic",
        "answers (bench/bench_import.py's generator; 5% of papers listed again on a later day). Each day is",
        "fetched, read, merged and saved (raw answer + the month files it changed) before the next.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| answers | {total_days} days, {items:,} items, median {sizes[len(sizes) // 2] / 1e3:.0f} KB, "
        f"largest {sizes[-1] / 1e3:.0f} KB |",
        f"| (1) backfill of {args.days} days into an empty archive | **{backfill['wall']:.1f} s** wall, "
        f"{per_day_backfill * 1000:.0f} ms per day; {stored:,} papers stored |",
        f"| (2) catch-up onto {stored:,} papers: 1 day, then {catchup['days']} days | {one['wall']:.1f} s, then "
        f"{catchup['wall']:.1f} s wall: **{per_day_catchup * 1000:.0f} ms per day** once the archive is loaded "
        f"({startup:.1f} s per run to load it); {final:,} papers after |",
        f"| CPU of all runs (children) | {child_cpu:.1f} s: most of the wall time is waiting for disk "
        "(every day's files are synced) on a machine shared with other jobs |",
        f"| raw answers kept in data/raw/ | {raw_bytes / 1e6:.1f} MB for {total_days} days |",
        f"| one progress line per day | {len(backfill['lines']) - 1} lines for {backfill['days']} days |",
        "",
        "## A first-time full backfill (`--since 2023-05-04`), estimated",
        "",
        f"From 2023-05-04 to {today} is {full_days} days. Per day: the client cost measured above "
        f"({cheapest * 1000:.0f}-{dearest * 1000:.0f} ms) plus the",
        f"API's answer time, assumed {ASSUMED_LATENCY[0]:g}-{ASSUMED_LATENCY[1]:g} s (not measurable here: no network).",
        f"Estimate: **{low:.0f}-{high:.0f} minutes**, plus any waits the API asks for (429 Retry-After).",
        "",
        f"Machine: {platform.python_implementation()} {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, shared with other jobs (wall time is noisy). One run.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
