"""Enrichment benchmark (a script, not a test): `paper-archive enrich` on a
20,000-paper archive against a loopback fake of arXiv's query API.

    .venv/bin/python bench/bench_enrich.py [--papers 20000]

bench/synth.py's archive (30% of its papers without an arXiv id, as page-text
imports are) is saved, then the real command runs in a child process with
`--pause 0` against a local server answering each title search with a feed
in the shape of arXiv's real answers (tests/fixtures/arxiv/): one entry with
the same title for 9 records in 10, an empty feed for the rest.
  (1) the first run: every record without an id asked, found or left alone;
  (2) a rerun: every answer kept, nothing asked.
The client's own cost per record is measured here; arXiv's pause (3 s, its
API terms) and answer time are added as stated figures. Also: what the paper
page's search links weigh on the pages of papers without an id.
Writes bench/results-enrich.md (overwritten).
"""
from __future__ import annotations

import argparse
import html
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import project  # noqa: E402 - bench/project.py: the loopback server
import synth  # noqa: E402
from generator.archive import store  # noqa: E402
from generator.ingest import enrich  # noqa: E402
from generator.site.render import paper as paper_page  # noqa: E402

RESULTS = HERE / "results-enrich.md"
REAL = (REPO / "tests" / "fixtures" / "arxiv" / "arxiv_response.xml").read_text(encoding="utf-8")
EMPTY = (REPO / "tests" / "fixtures" / "arxiv" / "arxiv_empty.xml").read_bytes()
ASSUMED_LATENCY = (0.5, 2.0)  # seconds per real arXiv answer: an assumption, not a measurement


def answer(arxiv_id: str, title: str) -> bytes:
    """arXiv's real answer, its first entry as this paper, alone."""
    head = REAL.split("<entry>")[0]
    first = "<entry>" + REAL.split("<entry>")[1].split("</entry>")[0] + "</entry>"
    first = re.sub(r"<title>.*?</title>", lambda _: f"<title>{html.escape(title, quote=False)}</title>",
                   first.replace("2510.14968", arxiv_id), flags=re.S)
    return (head + first + "\n</feed>\n").encode("utf-8")


def serve(answers: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str, list]:
    asked: list[str] = []

    def answer(search: str) -> bytes:
        asked.append(search)
        return answers.get(search, EMPTY)
    httpd, url = project.loopback("/api/query", "search_query", answer, "application/atom+xml")
    return httpd, url, asked


def run(root: Path, url: str) -> dict:
    cmd = [sys.executable, "-m", "generator", "--root", str(root), "enrich", "--arxiv-api", url, "--pause", "0"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CI": "1"})
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"enrich failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return {"wall": wall, "lines": proc.stdout.splitlines()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20_000)
    args = parser.parse_args()
    papers = synth.archive(args.papers)
    todo = enrich.candidates(papers)
    answers = {}
    for n, p in enumerate(todo):
        if n % 10 != 9:
            answers[enrich.query(p.title)] = answer(f"2601.{n:05d}", p.title)
    rows = [len(paper_page._searches(p.title).encode("utf-8")) + 1 for p in todo]  # +1: its line break

    with tempfile.TemporaryDirectory(prefix="bench-enrich-") as tmp:
        root = Path(tmp) / "archive"
        store.save(root, papers)
        httpd, url, asked = serve(answers)
        first = run(root, url)
        n_first = len(asked)
        again = run(root, url)
        n_again = len(asked) - n_first
        kept = list((root / store.RAW / enrich.RAW_FOLDER).iterdir())
        kept_bytes = sum(p.stat().st_size for p in kept)
        after = store.load(root)
        httpd.shutdown()
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    linked = sum(1 for p in after.values() if p.arxiv_id) - (len(papers) - len(todo))
    per_record = first["wall"] / len(todo)
    hours = [len(todo) * (enrich.PAUSE + lat + per_record) / 3600 for lat in ASSUMED_LATENCY]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    lines = [
        "# Enrichment benchmark (`paper-archive enrich`)",
        "",
        f"Written by `bench/bench_enrich.py` at commit `{commit}` (overwritten on every run):",
        f"`.venv/bin/python bench/bench_enrich.py --papers {args.papers}`. The real command in a child process,",
        "`--pause 0`, against a loopback fake of arXiv's query API answering in the shape of real answers: the",
        "same title for 9 records in 10, an empty feed for the rest. bench/synth.py's archive.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| archive | {len(papers):,} papers, {len(todo):,} without an arXiv id |",
        f"| (1) first run | **{first['wall']:.1f} s** wall, {per_record * 1000:.0f} ms per record (the client's own cost); "
        f"{n_first:,} requests; {linked:,} records linked, {len(todo) - linked:,} left alone |",
        f"| (1) its summary line | {first['lines'][-1]} (synthetic titles repeat: one search, then the id is "
        "another record's) |",
        f"| (2) rerun, every answer kept | {again['wall']:.1f} s wall; **{n_again} requests** |",
        f"| one line per record, and a summary | {len(first['lines']):,} lines for {len(todo):,} records |",
        f"| answers kept in data/raw/arxiv-query/ | {len(kept):,} files, {kept_bytes / 1e6:.1f} MB "
        "(one entry or none each here; real answers hold up to 10 entries, about 3 KB each) |",
        f"| largest memory of a run (child, max RSS) | {rss:.0f} MB |",
        f"| paper page: the search links of a paper without an id | mean {statistics.mean(rows):.0f} bytes, "
        f"largest {max(rows)}; over the whole archive **{sum(rows) / len(papers):.0f} bytes a paper**; "
        "none once the paper is linked |",
        "",
        "## Against arXiv itself, estimated",
        "",
        f"Per record: the pause arXiv's API terms ask for ({enrich.PAUSE:g} s), its answer time (assumed "
        f"{ASSUMED_LATENCY[0]:g}-{ASSUMED_LATENCY[1]:g} s, not measurable here: no network) and the client's cost above.",
        f"The {len(todo):,} records of this archive: **{hours[0]:.1f}-{hours[1]:.1f} hours**, over several daily runs "
        "at 10 minutes each (`ingest.yml`); the 77 embedded papers: "
        f"{77 * (enrich.PAUSE + ASSUMED_LATENCY[0]) / 60:.0f}-{77 * (enrich.PAUSE + ASSUMED_LATENCY[1]) / 60:.0f} minutes, "
        "within a fork's first run.",
        "",
        f"Machine: {platform.python_implementation()} {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, shared with other jobs (wall time is noisy). One run.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
