"""The site benchmark (`make bench`): generate and build a synthetic archive
of 1k, 5k and 20k papers and write the figures to bench/results-build.md,
then run every other benchmark, each writing its own report (bench/README.md).

    .venv/bin/python bench/run.py                 # 1000, 5000, 20000 papers
    BENCH_SIZES=1000 .venv/bin/python bench/run.py
    BENCH_PROFILE=1 ...                           # also cProfile `generate` (bench/work/<N>/generate.prof)

For each N, in bench/work/<N>/ (git-ignored, wiped first):
  ours/   a copy of the project's site sources (mkdocs.yml, overrides/, hooks/,
          hand-written docs/) with the synthetic store (bench/synth.py) and taxonomy;
  floor/  the same generated Markdown with a minimal config.
and measures, each step a child process (wall time, CPU time and peak resident
memory from os.wait4):
  (a) `paper-archive generate` into an empty docs/;
  (b) `paper-archive generate` again: files written (must be 0) and time;
  (c) `mkdocs build --strict` with our config (its hook regenerates, which
      must change nothing, and indexes the site for search after the build);
      the whole `make build` of a fresh checkout is (a) + (c);
  (d) the floor: `mkdocs build` of the same docs/ with Material and nothing
      else (no hooks, no plugins, no extra CSS/JS, MkDocs' default Markdown
      extensions, the same small nav).
Targets (reported, never asserted): at 20,000 papers the whole build <= 1.25 x
the floor, a paper page <= 16 KB of HTML, a re-run of generate writes no file
and takes < 3 s.
"""
from __future__ import annotations

import importlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]


from project import ENV, WORK, Run, code_state, make_floor, make_project, measured, source_files  # noqa: E402

SIZES = (1_000, 5_000, 20_000)
RESULTS = HERE / "results-build.md"
TARGET_RATIO = 1.25
TARGET_PAGE_KB = 16
TARGET_RERUN_S = 3.0


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    out = {}
    for path in folder.rglob("*"):
        if path.is_file():
            st = path.stat()
            out[path.relative_to(folder).as_posix()] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out


def changed(before: dict, after: dict) -> int:
    return sum(1 for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def page_sizes(site: Path) -> list[int]:
    return sorted(p.stat().st_size for p in (site / "papers").glob("*/index.html"))


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def optional(module: str, *args) -> dict | str | None:
    """Figures from another part of the benchmark, when it exists."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    if not hasattr(mod, "measure"):
        return None
    try:
        return mod.measure(*args)
    except Exception as exc:  # report, never lose the rest of the run
        return f"failed: {type(exc).__name__}: {exc}"


def profile_generate(ours: Path, out: Path) -> str:
    """cProfile of a full generate into an emptied docs/ (not part of the timings)."""
    import pstats

    prof = out / "generate.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "generator", "--root", str(ours), "generate"],
                   cwd=ours, env=ENV, check=True, capture_output=True)
    text = out / "generate-profile.txt"
    with text.open("w") as f:
        pstats.Stats(str(prof), stream=f).sort_stats("cumulative").print_stats(40)
    return str(text.relative_to(REPO))


def bench(n: int, profile: bool) -> dict:
    out = WORK / str(n)
    shutil.rmtree(out, ignore_errors=True)
    ours, floor = out / "ours", out / "floor"
    ours.mkdir(parents=True)
    print(f"[{n}] synthetic archive ...", flush=True)
    papers = make_project(ours, n)
    gen = [sys.executable, "-m", "generator", "--root", str(ours), "generate"]
    r = {"n": n, "days": len({d for p in papers.values() for d in p.list_dates}),
         "store_mib": tree_bytes(ours / "data") / 2**20}

    print(f"[{n}] (a) generate ...", flush=True)
    r["generate"] = measured(gen, ours)
    docs_before = snapshot(ours / "docs")
    r["pages"] = sum(1 for k in docs_before if k.endswith(".md"))
    print(f"[{n}] (b) generate again ...", flush=True)
    r["regenerate"] = measured(gen, ours)
    r["regenerate_changed"] = changed(docs_before, snapshot(ours / "docs"))

    print(f"[{n}] (c) mkdocs build --strict ...", flush=True)
    r["build"] = measured([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(ours / "site")], ours)
    found = re.search(r"search index of .*? in ([\d.]+) s", r["build"].output)
    r["build_search_s"] = float(found.group(1)) if found else None
    r["build_changed"] = changed(docs_before, snapshot(ours / "docs"))

    print(f"[{n}] (d) floor: bare mkdocs build ...", flush=True)
    make_floor(ours, floor)
    r["floor"] = measured([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(floor / "site")], floor)

    r["page_ours"] = page_sizes(ours / "site")
    r["page_floor"] = page_sizes(floor / "site")
    r["site_ours"] = tree_bytes(ours / "site")
    r["site_search"] = tree_bytes(ours / "site" / "pagefind") if (ours / "site" / "pagefind").exists() else 0
    r["site_floor"] = tree_bytes(floor / "site")
    if n >= 5_000:
        print(f"[{n}] search figures ...", flush=True)
        r["search"] = optional("bench_search", ours / "site")
    print(f"[{n}] site weight (bench/results-size.md) ...", flush=True)
    r["size"] = optional("bench_size", ours / "site", n)
    print(f"[{n}] related figures ...", flush=True)
    r["related"] = optional("bench_related", papers)
    if profile:
        print(f"[{n}] profiling generate ...", flush=True)
        shutil.rmtree(ours / "docs")
        make_project_docs_only(ours)
        r["profile"] = profile_generate(ours, out)
    return r


def make_project_docs_only(root: Path) -> None:
    for rel in source_files():
        if rel.startswith("docs/") and (REPO / rel).is_file():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, root / rel)


# --- The report ----------------------------------------------------------------

def _s(run: Run) -> str:
    return f"{run.wall:.1f} s ({run.cpu:.1f} s CPU)"


def _kb(b: float) -> str:
    return f"{b / 1024:.1f} KB"


def _mib(b: float) -> str:
    return f"{b / 2**20:.1f} MiB"


def targets(r: dict) -> list[tuple[str, str, str]]:
    whole = r["generate"].wall + r["build"].wall
    whole_cpu = r["generate"].cpu + r["build"].cpu
    ratio, ratio_cpu = whole / r["floor"].wall, whole_cpu / r["floor"].cpu
    page = max(r["page_ours"]) if r["page_ours"] else 0
    rerun_ok = r["regenerate_changed"] == 0 and r["regenerate"].wall < TARGET_RERUN_S
    return [
        (f"whole build (generate + mkdocs build) <= {TARGET_RATIO} x floor",
         f"{ratio:.2f} x wall, {ratio_cpu:.2f} x CPU", "pass" if ratio <= TARGET_RATIO else "FAIL"),
        (f"a paper page <= {TARGET_PAGE_KB} KB of HTML (largest)", _kb(page), "pass" if page <= TARGET_PAGE_KB * 1024 else "FAIL"),
        (f"re-run of generate writes nothing, < {TARGET_RERUN_S:.0f} s",
         f"{r['regenerate_changed']} files, {r['regenerate'].wall:.2f} s", "pass" if rerun_ok else "FAIL"),
    ]


def _flat(figures: dict, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for k, v in figures.items():
        if isinstance(v, dict):
            out += _flat(v, f"{prefix}{k} ")
        else:
            out.append((f"{prefix}{k}", v))
    return out


def _extra(title: str, figures) -> list[str]:
    if figures is None:
        return []
    if isinstance(figures, str):
        return [f"| {title} | {figures} | |"]
    return [f"| {title}: {k} | {v} | |" for k, v in _flat(figures)]


def table(r: dict) -> list[str]:
    n = r["n"]
    med_o, med_f = statistics.median(r["page_ours"]), statistics.median(r["page_floor"])
    search_s = "-" if r.get("build_search_s") is None else f"{r['build_search_s']:.1f} s"
    lines = [
        f"## {n:,} papers", "",
        f"{r['days']} list days, {r['pages']:,} generated pages, store {r['store_mib']:.1f} MiB.", "",
        "| measure | ours | floor |", "|---|---|---|",
        f"| (a) `paper-archive generate` (empty docs/) | {_s(r['generate'])}, peak {r['generate'].peak_mib:.0f} MiB | |",
        f"| (b) `generate` again: files written, time | {r['regenerate_changed']} files, {_s(r['regenerate'])}, "
        f"peak {r['regenerate'].peak_mib:.0f} MiB | |",
        f"| (c) `mkdocs build --strict` (hook regenerates: {r['build_changed']} files written; search index) | "
        f"{_s(r['build'])}, peak {r['build'].peak_mib:.0f} MiB | |",
        f"| search index, built beside the pages (its own log: not added to the build time) | {search_s} | |",
        f"| (d) bare `mkdocs build`, minimal config | | {_s(r['floor'])}, peak {r['floor'].peak_mib:.0f} MiB |",
        f"| whole `make build` of a fresh checkout = (a) + (c) | {r['generate'].wall + r['build'].wall:.1f} s "
        f"({r['generate'].cpu + r['build'].cpu:.1f} s CPU) | {_s(r['floor'])} |",
        f"| per page (whole build / generated pages) | {(r['generate'].wall + r['build'].wall) / r['pages'] * 1000:.1f} ms "
        f"| {r['floor'].wall / r['pages'] * 1000:.1f} ms |",
        f"| paper page HTML, median / max | {_kb(med_o)} / {_kb(max(r['page_ours']))} "
        f"| {_kb(med_f)} / {_kb(max(r['page_floor']))} |",
        f"| site per paper (whole site / papers) | {_kb(r['site_ours'] / n)} (search index {_kb(r['site_search'] / n)}) "
        f"| {_kb(r['site_floor'] / n)} |",
        f"| whole site | {_mib(r['site_ours'])} | {_mib(r['site_floor'])} |",
    ]
    lines += _extra("search (bench/bench_search.py)", r.get("search"))
    lines += _extra("related (bench/bench_related.py)", r.get("related"))
    lines += ["", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {t} | {m} | **{v}** |" for t, m, v in targets(r)]
    if r.get("profile"):
        lines += ["", f"Profile of `generate` (BENCH_PROFILE=1; git-ignored, on the machine that ran it): `{r['profile']}`."]
    return lines + [""]


def report(results: list[dict], started: str) -> str:
    ended = code_state()
    commit = started if started == ended else f"{started} at the start, {ended} at the end (the code changed during the run)"
    lines = [
        "# Site benchmark", "",
        "Written by `make bench` (`bench/run.py`; `BENCH_SIZES=1000` for fewer sizes), overwritten on every run.",
        "Synthetic archive from `bench/synth.py`: the seed's abstracts remixed with `random.Random(20250312)`, "
        "25-40 papers per weekday over two years, 60 tags. Times are wall clock (CPU time of the process and its "
        "children in brackets: steadier on a shared machine); memory is peak resident set size.", "",
        f"Machine: CPython {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; commit {commit}. One run per size.", "",
        "Targets (issue 3), judged at the largest size measured: whole build <= 1.25 x floor, a paper page <= 16 KB, "
        "a re-run of generate writes no file and takes < 3 s.", "",
    ]
    for r in results:
        lines += table(r)
    return "\n".join(lines)


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "").replace(",", " ").split()] or list(SIZES)
    profile = os.environ.get("BENCH_PROFILE") == "1"
    results = []
    started = code_state()
    for n in sizes:
        results.append(bench(n, profile))
        RESULTS.write_text(report(results, started), encoding="utf-8")  # after each size: a long run keeps what it measured
    print(RESULTS.read_text(encoding="utf-8"))
    # The catch-up benchmark writes its own page, bench/results-fetch.md (BENCH_FETCH=0 skips it).
    if os.environ.get("BENCH_FETCH", "1") != "0":
        subprocess.run([sys.executable, str(HERE / "bench_fetch.py")], cwd=REPO, env=ENV, check=False)
    importlib.import_module("bench_tags").main(["--sizes", *map(str, sizes)])  # bench/results-tags.md
    # Importing 10,000 records, and related papers' TF-IDF alone: their own reports.
    subprocess.run([sys.executable, str(HERE / "bench_import.py")], cwd=REPO, env=ENV, check=False)
    subprocess.run([sys.executable, str(HERE / "bench_related.py")], cwd=REPO, env=ENV, check=False)
    # Issue 15's costs (journal, validation, check): their own results file.
    subprocess.run([sys.executable, str(HERE / "bench_hardening.py"), "--sizes", *map(str, sizes)], check=False)
    # Pagefind beside Material's lunr search, and spelling: bench/results-search.md.
    importlib.import_module("bench_lunr").main([str(n) for n in sizes])
    if os.environ.get("BENCH_SERVE", "1") == "1":  # make serve's figures: bench/results-serve.md
        importlib.import_module("bench_serve").measure_all(sizes)


if __name__ == "__main__":
    main()
