"""How long related-paper computation (generator/site/related.py) takes at 1k/5k/20k papers.

    .venv/bin/python bench/bench_related.py            # writes bench/results-related.md
    .venv/bin/python bench/bench_related.py 1000 5000  # other sizes

Papers come from bench/synth.py (`synth.archive(n)`: the seed page remixed)
when it exists, else from a deterministic synthetic set made here
(`--own`, or no synth.py): abstracts of ~170 words drawn from topic vocabularies
and a Zipf-distributed general vocabulary of English-like words, which is what
makes TF-IDF products expensive (common words with long posting lists).
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
import platform
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from generator.site import related  # noqa: E402
import project  # noqa: E402 - bench/project.py: the commit measured
import sklearn.feature_extraction.text  # noqa: E402,F401  (imported here, not inside the first timing)
from generator.archive.model import Paper  # noqa: E402

SIZES = (1_000, 5_000, 20_000)
RESULTS = HERE / "results-related.md"
STOP = ("the of and to in a we is for that on with this our are by as an be from which it can "
        "these at using show not or has have its their than more both while into such").split()


def _word(rng: random.Random) -> str:
    syllables = ["ka", "to", "ri", "ne", "mo", "la", "si", "pe", "du", "ga", "vi", "tro", "pha", "lin", "ser",
                 "con", "ex", "ment", "tion", "al", "ic", "ive", "ar", "en", "um", "or", "is", "ly"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


def synthetic_papers(n: int, seed: int = 20250312) -> dict[str, Paper]:
    """`n` papers, the same for the same `n` and seed."""
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < 38_000:
        words.add(_word(rng))
    vocabulary = sorted(words)
    rng.shuffle(vocabulary)
    general = vocabulary[:20_000]
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(general))))
    topics = [vocabulary[20_000 + 60 * t: 20_000 + 60 * (t + 1)] for t in range(300)]
    start = dt.date(2023, 1, 2)
    papers = {}
    for i in range(n):
        topic = topics[rng.randrange(len(topics))]
        words = rng.choices(general, cum_weights=cumulative, k=90) + rng.choices(topic, k=40) + rng.choices(STOP, k=40)
        rng.shuffle(words)
        title = " ".join(rng.choices(topic, k=4) + rng.choices(general[:2000], k=4)).capitalize()
        key = f"paper-{i:06d}"
        day = (start + dt.timedelta(days=i // 50)).isoformat()
        papers[key] = Paper(key=key, title=title, abstract=" ".join(words).capitalize() + ".", list_dates=[day])
    return papers


def data_sets() -> dict[str, object]:
    """name -> make(n): bench/synth.py's archive when it exists, and our own set."""
    sets = {}
    if (HERE / "synth.py").exists():
        sys.path.insert(0, str(HERE))
        import synth  # another part of the benchmark: synth.archive(n) -> {key: Paper}

        sets["synth.archive (seed remixed)"] = synth.archive
    sets["zipf words (bench_related)"] = synthetic_papers
    return sets


def measure(papers: dict[str, Paper]) -> dict:
    """Time one computation of every paper's related list: wall-clock seconds,
    and CPU seconds of this process (steadier on a shared, busy machine)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = related.compute(papers)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    lengths = [len(v) for v in out.values()]
    return {"papers": len(papers), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "mean_related": round(sum(lengths) / max(len(lengths), 1), 2)}


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or list(SIZES)
    rows = []
    for name, make in data_sets().items():
        for n in sizes:
            result = measure(make(n))
            rows.append((name, result))
            print(f"{name}: {n:>6} papers: {result['seconds']:.2f} s ({result['cpu_seconds']:.2f} s CPU)", flush=True)
    lines = [
        "# Related papers: computation time",
        "",
        "`related.compute()` (TF-IDF of title + abstract, cosine in sparse row blocks on "
        f"{related.WORKERS} threads, top {related.COUNT} per paper),",
        "measured by `bench/bench_related.py`; the site build adds rendering on top (small).",
        "",
        f"Commit {project.code_state()}. Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"scikit-learn {_version('scikit-learn')}, scipy {_version('scipy')}, numpy {_version('numpy')}.",
        f"Load average when it finished: {_load()}. Wall time counts waiting for the CPU on a shared machine;",
        "CPU time is that of this process (all its threads).",
        "",
        "| data | papers | seconds (wall) | CPU seconds | mean related per paper |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {name} | {r['papers']:,} | {r['seconds']:.2f} | {r['cpu_seconds']:.2f} | {r['mean_related']} |"
              for name, r in rows]
    lines += ["", "Target: under 30 s at 20,000 papers on a 2-core machine.", ""]
    if not argv:
        RESULTS.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(HERE.parent)}")
    else:
        print("\n".join(lines))


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "unknown"


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    main(sys.argv[1:])
