"""Site weight (issue 12): what the archive costs GitHub Pages and a reader.

    .venv/bin/python bench/bench_size.py SITE_DIR PAPERS    # one built site
    .venv/bin/python bench/bench_size.py SITE_A PAPERS_A SITE_B PAPERS_B   # two, and the slope between them
    (make bench calls measure() for each size; figures go to bench/results-size.md)

Measures, on a built site/:
  - bytes per paper of every part: paper pages, list pages (home, days, months,
    years, tags, curated, top papers), search index (Pagefind), API, feeds, sitemaps,
    assets (CSS, JS, icons), other pages; the whole site against Pages' 1 GB;
  - paper page HTML, median and largest, and how much of the median page is
    Material's chrome (everything outside the article);
  - the largest list page;
  - a phone's first visit to the home page in Debian's Chromium: every request,
    its bytes gzipped as Pages serves them (level 6), and whether any download
    grows with the archive (sitemap, search index, API) at load.
  - with two sizes (make bench: 5,000 and 20,000 papers), the MARGINAL cost of
    one more paper, whole site and per part: (bytes at the larger size - bytes
    at the smaller) / (papers between them). Bytes per paper at one size mixes
    in what does not grow (assets, feeds of a bounded length, Pagefind's
    scripts); the slope is what each new paper adds, so it says how big the
    site is at 100,000 papers and how many papers one Pages site holds.
Targets (reported, never asserted): site <= 10 KB a paper, paper page <= 8 KB
median, no list page over 60 KB, phone first visit <= 70 KB gzipped.
"""
from __future__ import annotations

import functools
import gzip
import statistics
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
from generator.build import sitesize  # noqa: E402  (the build's own count of the tar)
RESULTS = HERE / "results-size.md"
CHROMIUM = "/usr/bin/chromium"
PAGES_LIMIT = 1_000_000_000
TARGETS = {"site_kb_per_paper": 10, "paper_median_kb": 8, "list_max_kb": 60, "phone_kb": 70}
PROJECTED = 100_000  # papers: the goal for one Pages site
PARTS = ("paper pages", "list pages", "search index", "API", "feeds", "sitemaps", "assets", "other pages")
LIST_DIRS = ("days", "tags", "curated", "top")  # top: the top papers of a week, month, year
# Requests whose size grows with the archive: none may happen on a first visit.
GROWING = ("sitemap", "/pagefind/", "/api/")

_measured: dict[int, dict] = {}


def part_of(rel: str) -> str:
    top = rel.split("/", 1)[0]
    if top == "papers":
        return "paper pages"
    if rel == "index.html" or top in LIST_DIRS:
        return "list pages"
    if top == "pagefind":
        return "search index"
    if top == "api":
        return "API"
    if top == "feeds" or rel.endswith((".xml", ".atom", ".rss")) and not rel.startswith("sitemap"):
        return "feeds"
    if rel.startswith("sitemap") or "/sitemap" in rel:
        return "sitemaps"
    if top == "assets":
        return "assets"
    return "other pages"


def chrome_bytes(html: str) -> int:
    """Bytes of a page outside its article (Material's chrome, head and scripts)."""
    start = html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    return len(html.encode()) - len(html[start:end + 10].encode()) if start >= 0 and end > start else 0


def site_figures(site: Path, papers: int) -> dict:
    parts = dict.fromkeys(PARTS, 0)
    paper_pages, list_pages = [], []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        size = path.stat().st_size
        part = part_of(rel)
        parts[part] += size
        if part == "paper pages" and rel.endswith("index.html"):
            paper_pages.append((size, rel))
        elif part == "list pages" and rel.endswith(".html"):
            list_pages.append((size, rel))
    total = sum(parts.values())
    paper_pages.sort()
    median_page = paper_pages[len(paper_pages) // 2] if paper_pages else (0, "")
    chrome = chrome_bytes((site / median_page[1]).read_text(encoding="utf-8")) if median_page[1] else 0
    return {
        "papers": papers,
        "total": total,
        "tar": sitesize.measure(site, papers).tar,  # what Pages is given (generator/build/sitesize.py)
        "parts": parts,
        "paper_median": statistics.median(s for s, _ in paper_pages) if paper_pages else 0,
        "paper_max": paper_pages[-1] if paper_pages else (0, ""),
        "paper_median_chrome": chrome,
        "list_max": max(list_pages) if list_pages else (0, ""),
        "list_pages": len(list_pages),
    }


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def phone_first_visit(site: Path) -> dict | str:
    """The home page opened once in a phone-sized Chromium with an empty cache,
    from a port the site was not built for (as a PR preview is)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped: playwright is not installed (make .venv/bin/.test-installed)"
    if not Path(CHROMIUM).exists():
        return f"skipped: {CHROMIUM} is not installed"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    requests: list[tuple[str, int, int]] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True,
                                          device_scale_factor=2)
            page = context.new_page()

            def record(response):
                try:
                    body = response.body()
                except Exception:  # redirects and aborted requests have none
                    return
                requests.append((response.url.removeprefix(url), len(body), len(gzip.compress(body, 6))))

            page.on("response", record)
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            browser.close()
    finally:
        server.shutdown()
    requests.sort(key=lambda r: -r[2])
    return {
        "raw": sum(r[1] for r in requests),
        "gzipped": sum(r[2] for r in requests),
        "requests": requests,
        "growing": [r[0] for r in requests if any(g in "/" + r[0] for g in GROWING)],
    }


def measure(site: Path, papers: int) -> dict:
    figures = site_figures(site, papers)
    figures["phone"] = phone_first_visit(site)
    _measured[papers] = figures
    RESULTS.write_text(report(_measured), encoding="utf-8")
    return {"site KB per paper": round(figures["total"] / papers / 1024, 2),
            "paper page median KB": round(figures["paper_median"] / 1024, 2)}


def _kb(b: float) -> str:
    return f"{b / 1024:.1f} KB"


def _verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def section(f: dict) -> list[str]:
    n = f["papers"]
    lines = [f"## {n:,} papers", "",
             f"Whole site {f['total'] / 2**20:.1f} MiB = **{_kb(f['total'] / n)} per paper**; "
             f"{100 * f['total'] / PAGES_LIMIT:.1f} % of Pages' 1 GB; at this rate one Pages site holds "
             f"{int(PAGES_LIMIT / (f['total'] / n)):,} papers.", "",
             *([f"As the tar Pages is given (a 512-byte header a file and a folder, files padded to 512 bytes; "
                f"generator/build/sitesize.py): {f['tar'] / 2**20:.1f} MiB = {_kb(f['tar'] / n)} per paper, "
                f"{100 * f['tar'] / PAGES_LIMIT:.1f} % of Pages' 1 GB.", ""] if f.get("tar") else []),
             "| part | bytes | per paper | share |", "|---|---|---|---|"]
    for part, size in f["parts"].items():
        lines.append(f"| {part} | {size / 2**20:.2f} MiB | {_kb(size / n)} | {100 * size / f['total']:.0f} % |")
    phone = f["phone"]
    lines += ["", "| measure | value | target | |", "|---|---|---|---|",
              f"| site per paper | {_kb(f['total'] / n)} | <= {TARGETS['site_kb_per_paper']} KB | "
              f"{_verdict(f['total'] / n <= TARGETS['site_kb_per_paper'] * 1024)} |",
              f"| paper page HTML, median (of it chrome outside the article) | {_kb(f['paper_median'])} "
              f"({_kb(f['paper_median_chrome'])}) | <= {TARGETS['paper_median_kb']} KB | "
              f"{_verdict(f['paper_median'] <= TARGETS['paper_median_kb'] * 1024)} |",
              f"| paper page HTML, largest | {_kb(f['paper_max'][0])} (`{f['paper_max'][1]}`) | | |",
              f"| largest list page ({f['list_pages']:,} list pages) | {_kb(f['list_max'][0])} (`{f['list_max'][1]}`) | "
              f"<= {TARGETS['list_max_kb']} KB | {_verdict(f['list_max'][0] <= TARGETS['list_max_kb'] * 1024)} |"]
    if isinstance(phone, str):
        lines.append(f"| phone first visit to the home page | {phone} | | |")
    else:
        lines.append(f"| phone first visit to the home page, gzipped (raw) | {_kb(phone['gzipped'])} ({_kb(phone['raw'])}), "
                     f"{len(phone['requests'])} requests | <= {TARGETS['phone_kb']} KB | "
                     f"{_verdict(phone['gzipped'] <= TARGETS['phone_kb'] * 1024)} |")
        lines.append(f"| downloads at load that grow with the archive | {', '.join(phone['growing']) or 'none'} | none | "
                     f"{_verdict(not phone['growing'])} |")
        lines += ["", "Phone first visit, each request (gzipped / raw):", ""]
        lines += [f"- `{u or '/'}`: {_kb(g)} / {_kb(r)}" for u, r, g in phone["requests"]]
    return lines + [""]


def marginal(small: dict, large: dict) -> dict:
    """What one more paper adds, from two measured sizes: per part and whole,
    the fixed bytes (the line's value at 0 papers), the site at PROJECTED
    papers and the papers one Pages site holds, both along that line."""
    added = large["papers"] - small["papers"]
    parts = {part: (large["parts"][part] - small["parts"].get(part, 0)) / added for part in large["parts"]}
    slope = (large["total"] - small["total"]) / added
    fixed = large["total"] - slope * large["papers"]
    tar = {}
    if small.get("tar") and large.get("tar"):
        tar_slope = (large["tar"] - small["tar"]) / added
        tar = {"tar_slope": tar_slope,
               "tar_capacity": int((PAGES_LIMIT - (large["tar"] - tar_slope * large["papers"])) / tar_slope)}
    return {**tar, "small": small["papers"], "large": large["papers"], "slope": slope, "parts": parts, "fixed": fixed,
            "projected": fixed + slope * PROJECTED,
            "capacity": int((PAGES_LIMIT - fixed) / slope) if slope > 0 else None,
            # what each paper may add for PROJECTED papers to fit in one Pages site
            "slope_needed": (PAGES_LIMIT - fixed) / PROJECTED}


def marginal_section(m: dict) -> list[str]:
    lines = [f"## Marginal cost: one more paper ({m['small']:,} -> {m['large']:,} papers)", "",
             f"Bytes at {m['large']:,} papers minus bytes at {m['small']:,}, divided by the "
             f"{m['large'] - m['small']:,} papers between them: **{_kb(m['slope'])} per added paper**. "
             f"What does not grow with the archive (assets, feeds of a bounded length, Pagefind's scripts...) "
             f"comes to {m['fixed'] / 2**20:.1f} MiB.", ""]
    if m["capacity"]:
        lines += [f"By that slope, {PROJECTED:,} papers make a site of **{m['projected'] / 2**20:,.0f} MiB** "
                  f"({100 * m['projected'] / PAGES_LIMIT:.0f} % of Pages' 1 GB; {_kb(m['projected'] / PROJECTED)} a paper), "
                  f"and one Pages site holds **{m['capacity']:,} papers**. For {PROJECTED:,} papers to fit, "
                  f"each may add at most {_kb(m['slope_needed'])}.", ""]
    if m.get("tar_slope"):
        lines += [f"In the tar Pages is given, one more paper adds {_kb(m['tar_slope'])} (its files' headers and padding "
                  f"too), and one Pages site holds **{m['tar_capacity']:,} papers**: the figure the build's size line "
                  f"gives.", ""]
    lines += ["| part | per added paper | share |", "|---|---|---|"]
    for part, b in m["parts"].items():
        share = f"{100 * b / m['slope']:.0f} %" if m["slope"] > 0 else ""
        lines.append(f"| {part} | {_kb(b)} | {share} |")
    return lines + [""]


def _marginal_pair(measured: dict[int, dict]) -> tuple[dict, dict] | None:
    """The two largest sizes measured (make bench: 5,000 and 20,000)."""
    sizes = sorted(measured)
    return (measured[sizes[-2]], measured[sizes[-1]]) if len(sizes) >= 2 else None


def _commit() -> str:
    run = functools.partial(subprocess.run, cwd=REPO, capture_output=True, text=True)
    commit = run(["git", "rev-parse", "--short", "HEAD"]).stdout.strip()
    dirty = run(["git", "status", "--porcelain", "--", "generator", "hooks", "overrides", "docs", "mkdocs.yml"]).stdout.strip()
    return commit + (" with uncommitted changes" if dirty else "")


def report(measured: dict[int, dict]) -> str:
    lines = ["# Site weight (issue 12)", "",
             "Written by `make bench` (`bench/bench_size.py`, called by `bench/run.py` on each size's built site). "
             "Synthetic archives of `bench/synth.py`; bytes are file sizes in `site/` (the issue's measure), per "
             "paper = bytes / papers; the tar Pages is given, on which its 1 GB is counted, adds a 512-byte header "
             "a file and a folder and pads files to 512 bytes (shown beside, as the build's size line counts it). The phone visit is Debian's Chromium at 375x812 with an empty "
             "cache, the site served from a port it was not built for; each response's body gzipped (level 6) as "
             "Pages serves it.", "",
             f"Commit {_commit()}.", "",
             "Targets: whole site <= 10 KB a paper, paper page <= 8 KB median, no list page over 60 KB, a phone's "
             "first visit to the home page <= 70 KB gzipped with no download that grows with the archive.", ""]
    pair = _marginal_pair(measured)
    if pair:
        lines += marginal_section(marginal(*pair))
    for n in sorted(measured):
        lines += section(measured[n])
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 5):
        raise SystemExit(__doc__)
    measured = {}
    for site_arg, count_arg in zip(sys.argv[1::2], sys.argv[2::2]):
        figures = site_figures(Path(site_arg), int(count_arg))
        figures["phone"] = phone_first_visit(Path(site_arg))
        measured[figures["papers"]] = figures
    pair = _marginal_pair(measured)
    print("\n".join((marginal_section(marginal(*pair)) if pair else [])
                    + [line for n in sorted(measured) for line in section(measured[n])]))
