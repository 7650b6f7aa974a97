"""Search cost in the browser and at build time, for a built site.

    .venv/bin/python bench/bench_search.py [SITE_DIR [ROOT]]   # defaults: site, .

`measure(site_dir)` serves the built site on 127.0.0.1 and drives headless
Chromium (Debian's, never a downloaded one) as a reader does: open a page,
focus the header's search box and type a query. It reports, for a first
query in a fresh browser context (cold: nothing cached) and for a second
query on the same page (warm):

- the time from the input event to the first result in the list, measured
  in the page (performance.now() and a MutationObserver); it includes the
  box's debounce (`debounce_ms`, read from the site's search.js);
- the bytes fetched meanwhile: as served here (no compression) and as a
  gzip-serving host such as GitHub Pages would send them (Pagefind's own
  index, fragment and wasm files are gzip already; text is compressed here
  to estimate).

`spelling(site_dir, pairs)` measures the spelling correction as a reader
meets it on the search page (issue 25): each misspelt word of
bench/misspellings.txt beside a word most papers use ("models"), opened from
a link in a fresh browser (cold), and typed in one page after other searches,
then opened from a link again with the browser's cache warm (warm). It counts
the queries whose page offers the word meant ("Showing results for" or "Did
you mean"), and those whose page (status line and note) is the same warm as
cold. bench/bench_lunr.py writes the figures into bench/results-search.md.

With the archive's root (data/, taxonomy.yml, docs/) it also rebuilds the
index in a fresh process, timing generator.build.search.build_index and reporting
peak memory (the Python process and the Pagefind indexer it drives).
bench/run.py calls measure() for its synthetic archives.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
import statistics
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
START_PAGE = "about/"  # a light hand-written page: what loads before the reader types
BOX = "[data-pa-search] input[name=q]"
LIST = "#pa-search-list"
PRECOMPRESSED = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")

# Types `query` into the header box and resolves with the milliseconds until
# the list shows that query's first result.
_TYPE = """async ([box, listSel, query]) => {
  const input = document.querySelector(box);
  const list = document.querySelector(listSel);
  return await new Promise((resolve, reject) => {
    const done = () => list.getAttribute("data-pa-query") === query && list.querySelector("[role=option]");
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(performance.now() - t0); }
    });
    observer.observe(list, { childList: true, subtree: true, attributes: true });
    setTimeout(() => { observer.disconnect(); reject(new Error("no result for " + query)); }, 30000);
    const t0 = performance.now();
    input.focus();
    input.value = query;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's name
        pass


class _Pages(_Quiet):
    """Sends Cache-Control as GitHub Pages does: a warm cache asks for nothing."""

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


def _serve(site_dir: Path, handler=_Quiet) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _Bytes:
    """Bytes of the responses a page received while `on` is set."""

    def __init__(self):
        self.on = False
        self.raw = self.gzip = self.requests = 0
        self.search_raw = 0  # of which Pagefind's files

    def __call__(self, response):
        if not self.on:
            return
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        url = response.url.split("?", 1)[0]
        self.requests += 1
        self.raw += len(body)
        self.gzip += len(body) if url.endswith(PRECOMPRESSED) else len(gzip.compress(body, 6))
        if "/pagefind/" in url:
            self.search_raw += len(body)

    def take(self) -> dict:
        out = {"bytes": self.raw, "bytes_gzip": self.gzip, "search_bytes": self.search_raw, "requests": self.requests}
        self.raw = self.gzip = self.requests = self.search_raw = 0
        return out


def default_queries(root: Path | None) -> tuple[str, str]:
    """Two different title words of the archive (cold, warm), else two common words."""
    if root and (root / "data" / "papers").is_dir():
        sys.path.insert(0, str(HERE.parent))
        from generator.archive import store

        papers = store.load(root)
        keys = sorted(papers)
        if keys:
            picked = []
            for key in (keys[0], keys[len(keys) // 2]):
                words = [w.strip(".,:;!?()") for w in papers[key].title.split()]
                word = max(words, key=len)
                if word and word.lower() not in (p.lower() for p in picked):
                    picked.append(word)
            if len(picked) == 2:
                return picked[0], picked[1]
    return "learning", "model"


def browser_search(site_dir: Path, queries: tuple[str, str], runs: int = 3) -> dict:
    from playwright.sync_api import sync_playwright

    server, url = _serve(site_dir)
    cold, warm = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                # Nothing leaves the loopback server (Material's GitHub widget, for one).
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
                page = context.new_page()
                counted = _Bytes()
                page.on("response", counted)
                page.goto(url + START_PAGE, wait_until="networkidle")
                counted.on = True
                ms = page.evaluate(_TYPE, [BOX, LIST, queries[0]])
                page.wait_for_load_state("networkidle")
                cold.append({"ms": ms, **counted.take()})
                ms = page.evaluate(_TYPE, [BOX, LIST, queries[1]])
                page.wait_for_load_state("networkidle")
                warm.append({"ms": ms, **counted.take()})
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    def summary(runs_: list[dict]) -> dict:
        return {"ms_median": round(statistics.median(r["ms"] for r in runs_), 1),
                "ms_runs": [round(r["ms"], 1) for r in runs_],
                "bytes": runs_[0]["bytes"], "bytes_gzip": runs_[0]["bytes_gzip"],
                "search_bytes": runs_[0]["search_bytes"], "requests": runs_[0]["requests"]}

    return {"queries": list(queries), "cold": summary(cold), "warm": summary(warm)}


COMMON = "models"  # beside each misspelling: a word most papers use
OTHER_SEARCHES = ("diffusion", "transformers", "optimal control")
PAGE_INPUT = "[data-pa-search-page] input[name=q]"
_STATUS = "[data-pa-search-page] .pa-search-page__status"
_NOTE = "[data-pa-search-page] .pa-search-page__note"
# The search page has answered a query other than the one it showed (`before`).
_ANSWERED = """(before) => {
  const s = document.querySelector('[data-pa-search-page] .pa-search-page__status');
  return !!s && s.textContent !== before && / results? for “|^No papers found/.test(s.textContent);
}"""


def _page_says(page, before: str = "") -> tuple[str, str]:
    page.wait_for_function(_ANSWERED, arg=before, timeout=60_000)
    note = page.locator(_NOTE)
    return page.locator(_STATUS).inner_text(), note.inner_text() if note.is_visible() else ""


def spelling(site_dir: Path, pairs: list[tuple[str, str]]) -> dict:
    """Misspelt queries on the search page, cold and warm (module docstring)."""
    from playwright.sync_api import sync_playwright

    server, url = _serve(site_dir, _Pages)
    link = lambda typed: url + "search/?q=" + f"{typed} {COMMON}".replace(" ", "+")  # noqa: E731
    cold, warm = {}, {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for typed, _ in pairs:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(link(typed))
                cold[typed] = _page_says(page)
                context.close()
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(url + "search/?q=" + OTHER_SEARCHES[0])
            said = _page_says(page)[0]
            typed_warm = {}
            for i, (typed, _) in enumerate(pairs):
                for query in (OTHER_SEARCHES[(i + 1) % len(OTHER_SEARCHES)], f"{typed} {COMMON}"):
                    page.fill(PAGE_INPUT, query)
                    said = _page_says(page, said)[0]
                typed_warm[typed] = (said, page.locator(_NOTE).inner_text() if page.locator(_NOTE).is_visible() else "")
            for typed, _ in pairs:
                page.goto(link(typed))
                warm[typed] = (typed_warm[typed], _page_says(page))
            context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    def offered(said: tuple[str, str], meant: str) -> bool:
        return f"“{meant} {COMMON}”" in said[1]

    return {"common": COMMON, "total": len(pairs),
            "cold": sum(offered(cold[t], m) for t, m in pairs),
            "warm": sum(all(offered(w, m) for w in warm[t]) for t, m in pairs),
            "same": sum(all(w == cold[t] for w in warm[t]) for t, _ in pairs),
            "differ": [(t, cold[t], warm[t]) for t, _ in pairs if any(w != cold[t] for w in warm[t])]}


_INDEX = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from generator.build import search
t0 = time.perf_counter()
stats = search.build_index(Path(sys.argv[1]), Path(sys.argv[2]))
seconds = time.perf_counter() - t0
print(json.dumps({"index_seconds": seconds, "papers": stats.papers, "pages": stats.pages,
                  "python_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "pagefind_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def index_cost(root: Path, site_dir: Path) -> dict:
    """Rebuild `site_dir/pagefind/` from the archive at `root` in a fresh
    process: seconds for generator.build.search.build_index and peak memory."""
    proc = subprocess.run([sys.executable, "-c", _INDEX, str(root), str(site_dir), str(HERE.parent)],
                          capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["index_seconds"] = round(out["index_seconds"], 2)
    for key in ("python_peak_rss_mb", "pagefind_peak_rss_mb"):
        out[key] = round(out[key], 1)
    out["peak_rss_mb"] = max(out["python_peak_rss_mb"], out["pagefind_peak_rss_mb"])
    return out


def debounce_ms(site_dir: Path) -> int | None:
    script = site_dir / "assets" / "search.js"
    found = re.search(r"DEBOUNCE_MS = (\d+)", script.read_text(encoding="utf-8")) if script.exists() else None
    return int(found[1]) if found else None


def index_size(site_dir: Path) -> dict:
    files = [p for p in (site_dir / "pagefind").rglob("*") if p.is_file()]
    return {"index_files": len(files), "index_bytes": sum(p.stat().st_size for p in files)}


def measure(site_dir: Path, root: Path | None = None, *, queries: tuple[str, str] | None = None,
            runs: int = 3) -> dict:
    """Search figures for a built site (see the module's docstring). `root`
    is the archive the site was built from; by default the site's parent
    when it holds data/. Without it, the index is not rebuilt or timed."""
    site_dir = Path(site_dir).resolve()
    if root is None and (site_dir.parent / "data").is_dir():
        root = site_dir.parent
    out: dict = {}
    if root is not None:
        out.update(index_cost(Path(root), site_dir))  # first: the browser then uses this index
    out.update(index_size(site_dir))
    out["debounce_ms"] = debounce_ms(site_dir)
    out.update(browser_search(site_dir, queries or default_queries(root), runs))
    return out


def main(argv: list[str]) -> None:
    site_dir = Path(argv[0]) if argv else Path("site")
    root = Path(argv[1]) if len(argv) > 1 else (Path(".") if (Path("data") / "papers").is_dir() else None)
    if not (site_dir / "pagefind" / "pagefind-entry.json").exists():
        sys.exit(f"{site_dir}: no Pagefind index; build the site first (make build)")
    print(json.dumps(measure(site_dir, root), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
