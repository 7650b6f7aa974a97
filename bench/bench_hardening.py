"""What issue 15's safety costs (a script, not a test): the store's journal,
validation and `check` on synthetic archives (bench/synth.py).

    flock /work/wt/heavy.lock .venv/bin/python bench/bench_hardening.py [--sizes 1000 5000 20000]

For each size, in a fresh temporary folder:
  save (journal)   the first save of the whole archive: every month file is new,
                   so all of them go through data/papers/.journal.json first;
  save (direct)    the same files written without the journal (what a save
                   cost before), for comparison;
  move save        one record moved to another month (2 files, journal);
  day save         one new paper on the last list day (1 file, no journal);
  read_located     reading and validating every record (the store part of check);
  check            `paper-archive check` whole (store, taxonomy, commentary, site).
Writes bench/results-hardening.md (overwritten) with the commit measured.
"""
from __future__ import annotations

import argparse
import copy
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import synth  # noqa: E402
from generator.archive import store  # noqa: E402
from generator.build.checks import check_all  # noqa: E402
from generator.archive.merge import merge_all  # noqa: E402
from generator.archive.model import Paper  # noqa: E402

RESULTS = HERE / "results-hardening.md"


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(n: int) -> dict:
    papers = synth.archive(n)
    out: dict = {"papers": len(papers)}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "a"
        (root / "data" / "papers").mkdir(parents=True)
        (root / "taxonomy.yml").write_text(synth.taxonomy_yaml(), encoding="utf-8")
        out["save (journal)"] = timed(lambda: store.save(root, papers))
        out["files"] = len(list((root / "data" / "papers").glob("*.jsonl")))
        out["journal MB"] = sum(len(c.encode()) for c in store.month_files(papers).values()) / 1e6
        direct = Path(tmp) / "b"
        (direct / "data" / "papers").mkdir(parents=True)
        out["save (direct)"] = timed(lambda: store._apply(direct, store.month_files(papers)))
        moved = copy.deepcopy(papers)
        first = sorted(moved.values(), key=lambda p: (p.first_listed, p.key))[-1]
        earlier = sorted(moved.values(), key=lambda p: p.first_listed)[0].first_listed
        first.list_dates = sorted({earlier, *first.list_dates})
        out["move save"] = timed(lambda: store.save(root, moved))
        last_day = max(p.last_listed for p in moved.values())
        added = merge_all(moved, [Paper(title="A brand new paper", abstract="New.", list_dates=[last_day],
                                        sources=["bench"])])
        out["day save"] = timed(lambda: store.save(root, added))
        out["read_located"] = timed(lambda: store.read_located(root))
        problems: list = []
        out["check"] = timed(lambda: problems.extend(check_all(root)[0]))
        assert not problems, problems[:3]
    return out


def commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "generator"], cwd=REPO, capture_output=True, text=True).stdout
        return sha + (" (with uncommitted changes in generator/)" if dirty.strip() else "")
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 5_000, 20_000])
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        print(f"[{n}] measuring ...", flush=True)
        rows.append(measure(n))
    cols = ["papers", "files", "journal MB", "save (journal)", "save (direct)", "move save", "day save",
            "read_located", "check"]
    lines = ["# Issue 15: what the store's journal, validation and check cost", "",
             f"Commit {commit()}, Python {platform.python_version()}, {os.cpu_count()} cores "
             "(shared machine; one run each). Times in seconds. `bench/bench_hardening.py` explains each column.", "",
             "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(f"{r[c]:.2f}" if isinstance(r[c], float) else f"{r[c]:,}" for c in cols) + " |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
