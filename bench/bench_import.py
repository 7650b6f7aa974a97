"""Import benchmark (a script, not a test): 10,000 synthetic papers through `import_paths`.

    .venv/bin/python bench/bench_import.py [--papers 10000] [--days 250]

Builds deterministic Hugging Face daily_papers answers (one JSON file per day)
by remixing the seed page's titles and abstracts with a seeded random.Random,
imports them into a fresh archive, imports them again (must change nothing),
and writes the figures to bench/results-import.md (overwritten).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import textwrap
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from generator.archive import store  # noqa: E402
from generator.ingest.importer import import_paths  # noqa: E402
from generator.sources import daily_page  # noqa: E402
import project  # noqa: E402 - bench/project.py: the commit measured

SEED = REPO / "data" / "sources" / "daily-page" / "2025-03-12.txt"
RESULTS = HERE / "results-import.md"
FIRST_DAY = dt.date(2024, 1, 1)
NAMES = ["Ada", "Wei", "Priya", "Jonas", "Fatima", "Kenji", "Olga", "Mateo", "Amara", "Lars", "Chen", "Noor",
         "Sven", "Yuki", "Ravi", "Elena", "Tomás", "Zoë", "Ibrahim", "Hana"]
SURNAMES = ["Okafor", "Zhang", "Müller", "Sato", "Rossi", "Novak", "García", "Haddad", "Kim", "Singh", "Ivanova",
            "Dubois", "Andersson", "Nakamura", "O'Brien", "Kowalski", "Da Silva", "Nguyen", "Schrödinger", "Park"]


def seed_pairs() -> list[tuple[str, str]]:
    reading = daily_page.read(SEED, SEED.name)
    return [(f.paper.title, f.paper.abstract) for f in reading.found]


def remix_title(rng: random.Random, pairs) -> str:
    a, b = rng.sample(pairs, 2)
    left, right = a[0].split(), b[0].split()
    cut_a, cut_b = max(1, len(left) // 2), len(right) // 2
    return " ".join(left[:cut_a] + right[cut_b:])


def remix_abstract(rng: random.Random, pairs) -> str:
    sentences = [s for _, abstract in rng.sample(pairs, 3) for s in abstract.split(". ") if s]
    text = ". ".join(rng.sample(sentences, min(len(sentences), rng.randint(4, 9)))).rstrip(".") + "."
    return "\n".join(textwrap.wrap(text, 79))  # hard-wrapped, as arXiv abstracts arrive


def item(rng: random.Random, pairs, day: dt.date, serial: int) -> dict:
    title = remix_title(rng, pairs)
    arxiv_id = f"{(day - dt.timedelta(days=2)):%y%m}.{serial:05d}"
    words = [w.strip(",.:;()").lower() for w in title.split()]
    paper = {
        "id": arxiv_id,
        "title": "\n  ".join(textwrap.wrap(title, 72)),
        "summary": remix_abstract(rng, pairs),
        "authors": [{"name": f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"} for _ in range(rng.randint(1, 12))],
        "publishedAt": f"{day - dt.timedelta(days=rng.randint(1, 4))}T17:59:37.000Z",
        "submittedOnDailyAt": f"{day}T04:30:09.856Z",
        "upvotes": rng.randint(0, 300),
        "ai_keywords": sorted({w for w in words if len(w) > 6})[:6],
        "ai_summary": title + " is studied; " + remix_abstract(rng, pairs).split(". ")[0].replace("\n", " "),
    }
    if rng.random() < 0.4:
        paper["githubRepo"] = f"https://github.com/lab{serial % 97}/repo-{serial}"
        paper["githubStars"] = rng.randint(0, 5000)
    if rng.random() < 0.2:
        paper["projectPage"] = f"https://lab{serial % 97}.github.io/p{serial}/"
    return {"paper": paper, "publishedAt": f"{day}T00:00:00.000Z", "title": title, "numComments": 0}


def build_inputs(folder: Path, papers: int, days: int, repeats: float) -> tuple[int, int]:
    """JSON files for `days` days holding `papers` distinct papers, plus a share of
    them listed again on a later day with newer upvotes. Returns (files, items)."""
    rng = random.Random(20250312)
    pairs = seed_pairs()
    per_day: list[list[dict]] = [[] for _ in range(days)]
    for serial in range(papers):
        index = serial * days // papers
        day = FIRST_DAY + dt.timedelta(days=index)
        record = item(rng, pairs, day, serial)
        per_day[index].append(record)
        if rng.random() < repeats and index + 1 < days:
            again = json.loads(json.dumps(record))
            later = min(days - 1, index + rng.randint(1, 3))
            again["paper"]["upvotes"] += rng.randint(1, 50)
            again["paper"]["submittedOnDailyAt"] = f"{FIRST_DAY + dt.timedelta(days=later)}T04:30:09.856Z"
            per_day[later].append(again)
    folder.mkdir(parents=True)
    for index, items in enumerate(per_day):
        day = FIRST_DAY + dt.timedelta(days=index)
        (folder / f"{day}.json").write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return days, sum(len(items) for items in per_day)


def tree_digest(root: Path) -> tuple[str, int, int]:
    digest, size, count = hashlib.sha256(), 0, 0
    for path in sorted((root / "data").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + data)
            size, count = size + len(data), count + 1
    return digest.hexdigest(), size, count


def fresh_archive(work: Path, name: str) -> Path:
    root = work / name
    (root / "data" / "papers").mkdir(parents=True)
    shutil.copy(REPO / "taxonomy.yml", root / "taxonomy.yml")
    return root


def timed(fn):
    """The value, wall seconds and CPU seconds of fn() (CPU time is the figure to
    compare on a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--repeats", type=float, default=0.05, help="share of papers listed again on a later day")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        files, items = build_inputs(work / "in", args.papers, args.days, args.repeats)
        input_bytes = sum(p.stat().st_size for p in (work / "in").iterdir())

        root = fresh_archive(work, "archive")
        first, first_s, first_cpu = timed(lambda: import_paths(root, [work / "in"]))
        digest_1, store_bytes, store_files = tree_digest(root)
        rss_after_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        second, second_s, second_cpu = timed(lambda: import_paths(root, [work / "in"]))
        digest_2, _, _ = tree_digest(root)
        loaded, load_s, _ = timed(lambda: store.load(root))

        # Python's own allocations, measured apart: tracemalloc slows the run it watches.
        traced = fresh_archive(work, "traced")
        tracemalloc.start()
        import_paths(traced, [work / "in"])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    identical = digest_1 == digest_2 and not second.changed_files
    lines = [
        "# Import benchmark",
        "",
        "Written by `bench/bench_import.py` (overwritten on every run):",
        f"`.venv/bin/python bench/bench_import.py --papers {args.papers} --days {args.days} --repeats {args.repeats}`.",
        "Synthetic Hugging Face `daily_papers` answers remixed from the seed page with `random.Random(20250312)`:",
        "hard-wrapped titles and abstracts, 1-12 authors, keywords, AI summaries, some code and project links.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| input | {files} JSON files, {items:,} items ({args.papers:,} distinct papers), {input_bytes / 1e6:.1f} MB |",
        f"| first import (empty archive) | **{first_s:.2f} s** wall, {first_cpu:.2f} s CPU "
        f"({items / first_cpu:,.0f} items per CPU second): {first.added:,} added, "
        f"{len(first.changed_files)} files written |",
        f"| second import (same input) | **{second_s:.2f} s** wall, {second_cpu:.2f} s CPU: {second.added} added, "
        f"{second.updated} updated, {len(second.changed_files)} files written |",
        f"| store byte-identical after the second import | {'yes' if identical else '**NO**'} |",
        f"| store | {len(loaded):,} records in {store_files} JSONL files, {store_bytes / 1e6:.1f} MB |",
        f"| loading the store (`store.load`) | {load_s:.2f} s |",
        f"| peak Python allocations during an import (tracemalloc) | {peak / 2**20:.0f} MiB |",
        f"| peak resident memory of the process after the first import (ru_maxrss) | {rss_after_first / 1024:.0f} MiB |",
        "",
        f"Commit {project.code_state()}. Machine: {platform.python_implementation()} {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, "
        "shared with other jobs (wall time is noisy there; CPU time is the steadier figure). One run.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0 if identical and len(loaded) == args.papers else 1


if __name__ == "__main__":
    sys.exit(main())
