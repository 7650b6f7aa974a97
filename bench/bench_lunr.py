"""Pagefind beside Material's built-in (lunr) search, and spelling correction,
measured in Chromium on the synthetic archive: bench/results-search.md.

    .venv/bin/python bench/bench_lunr.py [N ...]    # default: 1000 5000
    .venv/bin/python bench/bench_lunr.py 20000     # the size the README's case is made at

For each N, in bench/work/lunr-<N>/ (git-ignored, wiped first):
  ours/  the project's site (generate + `mkdocs build --strict`: Pagefind);
  lunr/  the same generated pages built with Material and its own search
         plugin enabled (the floor config of bench/run.py plus `search`).
Then, in headless Chromium (Debian's) with a fresh browser context each run:
  - a reader opens a light page (about/) and types a title word into the
    header's search box as soon as the box exists; the figure is the time
    from the start of the navigation to the first result on screen, and the
    bytes the page and its search fetched until then (gzip estimated for
    text, as GitHub Pages serves it). lunr must fetch the whole
    search_index.json and index it in the browser before its first result.
  - every typed word of bench/misspellings.txt is corrected by the
    archive's search (search-query.js) to the word meant, on our site;
  - and on its search page, beside "models", cold and warm
    (bench_search.spelling): the correction rate a reader meets (issue 25).
bench/run.py calls `measure(n)`; the README's and MAINTAINING.md's case for Pagefind cite the
figures written here.
"""
from __future__ import annotations

import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import yaml  # noqa: E402

import project  # noqa: E402 - bench/project.py: the synthetic project and the floor config
import bench_search  # noqa: E402
from bench_search import _TYPE, ARGS, BOX, CHROMIUM, LIST, PRECOMPRESSED, _serve, default_queries  # noqa: E402

RESULTS = HERE / "results-search.md"
MISSPELLINGS = HERE / "misspellings.txt"
START_PAGE = "about/"
RUNS = 3
TIMEOUT_MS = 300_000
ENGINES = {
    # engine: (input, first result)
    "pagefind": ("[data-pa-search] input[name=q]", "#pa-search-list [role=option]"),
    "lunr": ("input.md-search__input", ".md-search-result__item"),
}


def lunr_config(ours: Path) -> str:
    """bench/run.py's floor (Material and nothing else) with Material's search plugin on."""
    config = yaml.safe_load(project.floor_config(ours))
    config["plugins"] = ["search"]
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def build(n: int) -> dict:
    out = project.WORK / f"lunr-{n}"
    ours, lunr = out / "ours", out / "lunr"
    if os.environ.get("BENCH_LUNR_REUSE") == "1" and (ours / "site").is_dir() and (lunr / "site").is_dir():
        # Measure again the sites an earlier run built (their build times are not known here).
        return {"root": ours, "sites": {"pagefind": ours / "site", "lunr": lunr / "site"},
                "build_s": {"pagefind": "(reused)", "lunr": "(reused)"}}
    shutil.rmtree(out, ignore_errors=True)
    ours.mkdir(parents=True)
    print(f"[lunr {n}] synthetic archive, generate, build ours ...", flush=True)
    project.make_project(ours, n)
    project.measured([sys.executable, "-m", "generator", "--root", str(ours), "generate"], ours)
    b_ours = project.measured([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(ours / "site")], ours)
    print(f"[lunr {n}] build with Material's search plugin ...", flush=True)
    project.make_floor(ours, lunr)
    (lunr / "mkdocs.yml").write_text(lunr_config(ours), encoding="utf-8")
    b_lunr = project.measured([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(lunr / "site")], lunr)
    return {"root": ours, "sites": {"pagefind": ours / "site", "lunr": lunr / "site"},
            "build_s": {"pagefind": round(b_ours.wall, 1), "lunr": round(b_lunr.wall, 1)}}


def _first_result(browser, url: str, engine: str, query: str) -> dict:
    box, first = ENGINES[engine]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    page = context.new_page()
    got = {"raw": 0, "gzip": 0, "search": 0}

    def count(response):
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        name = response.url.split("?", 1)[0]
        got["raw"] += len(body)
        got["gzip"] += len(body) if name.endswith(PRECOMPRESSED) else len(gzip.compress(body, 6))
        if "/pagefind/" in name or "search" in name.rsplit("/", 1)[-1]:
            got["search"] += len(body)

    page.on("response", count)
    try:
        page.goto(url + START_PAGE, wait_until="commit")
        page.wait_for_selector(box, state="attached")
        page.locator(box).fill(query)
        page.wait_for_selector(first, timeout=TIMEOUT_MS)
        ms = page.evaluate("performance.now()")  # since the navigation started
        page.wait_for_load_state("networkidle")
        return {"ms": ms, **got}
    finally:
        context.close()


def browser_figures(sites: dict[str, Path], query: str) -> dict:
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for engine, site in sites.items():
            server, url = _serve(site)
            runs, failures = [], []
            try:
                for _ in range(RUNS):
                    try:
                        runs.append(_first_result(browser, url, engine, query))
                    except Exception as exc:  # the tab crashed (out of memory) or never showed a result
                        failures.append(str(exc).splitlines()[0])
                        browser.close()
                        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                        break  # one such run says it; the next ones would take as long
            finally:
                server.shutdown()
                server.server_close()
            if not runs:
                out[engine] = {"failed": failures}
                continue
            out[engine] = {"ms_median": round(statistics.median(r["ms"] for r in runs)),
                           "ms_runs": [round(r["ms"]) for r in runs], "failed": failures,
                           "bytes": runs[0]["raw"], "bytes_gzip": runs[0]["gzip"], "search_bytes": runs[0]["search"]}
        browser.close()
    return out


def typing(site: Path, root: Path, runs: int = RUNS) -> dict:
    """Milliseconds from the last keystroke (the input event) to the first
    result in the header box of our site, debounce included: a title word in
    a fresh page (cold), then on the same page another title word, a misspelt
    word and an arXiv id (warm)."""
    from playwright.sync_api import sync_playwright

    from generator.archive import store

    cold_word, warm_word = default_queries(root)
    papers = store.load(root)
    arxiv_id = next((papers[k].arxiv_id for k in sorted(papers) if papers[k].arxiv_id), None)
    queries = {"title word (cold)": cold_word, "title word (warm)": warm_word,
               "misspelt word (warm)": "difusion" if cold_word.lower() != "diffusion" else "optimzation"}
    if arxiv_id:
        queries["arXiv id (warm)"] = arxiv_id
    times: dict[str, list[float]] = {k: [] for k in queries}
    server, url = _serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(url + START_PAGE, wait_until="networkidle")
                for label, query in queries.items():
                    times[label].append(page.evaluate(_TYPE, [BOX, LIST, query]))
                    page.wait_for_load_state("networkidle")
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {label: {"query": queries[label], "ms_median": round(statistics.median(t)), "ms_runs": [round(x) for x in t]}
            for label, t in times.items()}


def misspellings() -> list[tuple[str, str]]:
    pairs = []
    for line in MISSPELLINGS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            typed, meant = line.split("\t")
            pairs.append((typed.strip(), meant.strip()))
    return pairs


def corrections(site: Path, pairs: list[tuple[str, str]]) -> dict:
    """What search-query.js makes of each typed word, in Chromium on our site."""
    from playwright.sync_api import sync_playwright

    server, url = _serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page()
            page.goto(url + START_PAGE)
            page.focus(BOX)  # the search scripts load on first use of the box (search-on-use.js)
            page.wait_for_function("() => window.paSearchQuery !== undefined")
            got = page.evaluate("""async (typed) => {
              const out = [];
              for (const t of typed) out.push(await window.paSearchQuery.correct(t + " "));
              return out;
            }""", [t for t, _ in pairs])
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    rows = [(t, m, (g or "").strip() or None) for (t, m), g in zip(pairs, got)]
    return {"total": len(rows), "corrected": sum(1 for _, m, g in rows if g == m),
            "missed": [(t, m, g) for t, m, g in rows if g != m]}


def words_bytes(site: Path) -> dict:
    folder = site / "pagefind" / "archive"
    words = [p.stat().st_size for p in (folder / "words").glob("*.json")]
    ids = [p.stat().st_size for p in (folder / "ids").glob("*.json") if p.name != "index.json"]
    return {"words_files": len(words), "words_max_kb": round(max(words) / 1024, 1),
            "ids_files": len(ids), "ids_max_kb": round(max(ids) / 1024, 1) if ids else 0,
            "ids_index_kb": round((folder / "ids" / "index.json").stat().st_size / 1024, 1)}


def measure(n: int) -> dict:
    built = build(n)
    query = default_queries(built["root"])[0]
    print(f"[lunr {n}] Chromium: first result for {query!r} ...", flush=True)
    figures = browser_figures(built["sites"], query)
    print(f"[lunr {n}] Chromium: typing in the header box ...", flush=True)
    typed = typing(built["sites"]["pagefind"], built["root"])
    print(f"[lunr {n}] Chromium: misspellings ...", flush=True)
    return {"n": n, "query": query, "build_s": built["build_s"], "engines": figures, "typing": typed,
            "spelling": corrections(built["sites"]["pagefind"], misspellings()),
            "spelling_page": bench_search.spelling(built["sites"]["pagefind"], misspellings()),
            "lookups": words_bytes(built["sites"]["pagefind"]),
            "search_index_json": (built["sites"]["lunr"] / "search" / "search_index.json").stat().st_size}


def _kb(b: int) -> str:
    return f"{b / 1024:,.0f} KB" if b < 2**20 else f"{b / 2**20:,.1f} MB"


def report(results: list[dict], commit: str) -> str:
    lines = ["# Search: Pagefind beside Material's lunr search, and spelling", "",
             "Written by `bench/bench_lunr.py` (also run by `make bench`), overwritten on every run. "
             "Synthetic archive of bench/synth.py. Chromium (Debian's, headless) on 127.0.0.1, a fresh browser "
             "context per run; time from the start of the navigation to about/ until the first result of a title "
             "word typed as soon as the search box exists (median of 3); bytes fetched until then (gzip: as a "
             "gzip-serving host sends them).", "",
             f"Machine: CPython {platform.python_version()}, {os.cpu_count()} CPUs, load "
             f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end; commit {commit}.", ""]
    def first(e: dict) -> str:
        if "ms_median" not in e:
            return f"no result ({e['failed'][0]})"
        failed = f"; {len(e['failed'])} run(s) failed: {e['failed'][0]}" if e["failed"] else ""
        return f"{e['ms_median']:,} ({', '.join(map(str, e['ms_runs']))}{failed})"

    def fetched(e: dict, key: str, gz: str | None = None) -> str:
        if key not in e:
            return "-"
        return _kb(e[key]) + (f" / {_kb(e[gz])}" if gz else "")

    for r in results:
        p, lu = r["engines"]["pagefind"], r["engines"]["lunr"]
        lines += [f"## {r['n']:,} papers (query “{r['query']}”)", "",
                  "| | Pagefind (this site) | Material's lunr search |", "|---|---|---|",
                  f"| first result, ms from navigation (median; runs) | {first(p)} | {first(lu)} |",
                  f"| bytes fetched until then: raw / gzip | {fetched(p, 'bytes', 'bytes_gzip')} "
                  f"| {fetched(lu, 'bytes', 'bytes_gzip')} |",
                  f"| of which search files (raw) | {fetched(p, 'search_bytes')} | {fetched(lu, 'search_bytes')} "
                  f"(search_index.json {_kb(r['search_index_json'])}) |",
                  f"| site build (s) | {r['build_s']['pagefind']} (`mkdocs build --strict`, our hooks) "
                  f"| {r['build_s']['lunr']} (Material only + search plugin) |", ""]
        lines += ["Our header box, from the last keystroke (input event) to the first result on screen, "
                  "its debounce included (median of 3 fresh pages):", "",
                  "| query | ms (median; runs) |", "|---|---|"]
        lines += [f"| {label}: “{t['query']}” | {t['ms_median']} ({', '.join(map(str, t['ms_runs']))}) |"
                  for label, t in r["typing"].items()] + [""]
        s = r["spelling"]
        lk = r["lookups"]
        lines += [f"Misspellings (bench/misspellings.txt): **{s['corrected']} of {s['total']}** corrected to the word meant. "
                  f"Lookup files: {lk['words_files']} vocabulary files (largest {lk['words_max_kb']} KB), "
                  f"{lk['ids_files']} id files (largest {lk['ids_max_kb']} KB; their list {lk['ids_index_kb']} KB).", ""]
        if s["missed"]:
            lines += ["| typed | meant | corrected to |", "|---|---|---|"]
            lines += [f"| {t} | {m} | {g or '(nothing)'} |" for t, m, g in s["missed"]] + [""]
        lines += spelling_lines(r["spelling_page"])
    return "\n".join(lines)


def spelling_lines(sp: dict) -> list[str]:
    """The correction rate on the search page, cold and warm (bench_search.spelling)."""
    common = sp["common"]
    lines = [f"On the search page, each misspelling beside “{common}” (issue 25): the word meant offered "
             f"**{sp['cold']} of {sp['total']}** cold (opened from a link in a fresh browser), "
             f"**{sp['warm']} of {sp['total']}** warm (typed after other searches, then opened from a link "
             f"with the cache warm); the same status line and note warm as cold for "
             f"**{sp['same']} of {sp['total']}**.", ""]
    if sp["differ"]:
        lines += ["| query | cold | warm (typed; opened from a link) |", "|---|---|---|"]
        lines += [f"| {t} {common} | {c[0]}. {c[1]} | {w[0][0]}. {w[0][1]}; {w[1][0]}. {w[1][1]} |"
                  for t, c, w in sp["differ"]] + [""]
    return lines


def kept_sections(sizes: list[int], commit: str) -> str:
    """Sections of the results file for sizes this run does not measure (a
    20,000-paper run alone keeps the 1k and 5k figures), marked with the
    commit they were measured at."""
    if not RESULTS.exists():
        return ""
    text = RESULTS.read_text(encoding="utf-8")
    was = re.search(r"commit ([0-9a-f]{7,})", text)
    out = []
    for section in re.split(r"(?m)^(?=## )", text)[1:]:
        n = int(re.match(r"## ([\d,]+) papers", section)[1].replace(",", ""))
        if n not in sizes:
            if was and "(measured at commit" not in section:
                section = section.replace(" papers", f" papers (measured at commit {was[1]})", 1)
            out.append((n, section))
    return "".join(s for _, s in sorted(out))


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1_000, 5_000]
    commit = project.code_state()
    kept = kept_sections(sizes, commit)
    results = []
    for n in sizes:
        results.append(measure(n))
        RESULTS.write_text(report(results, commit) + ("\n" + kept if kept else ""), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    t0 = time.time()
    main(sys.argv[1:])
    print(f"({time.time() - t0:.0f} s)")
