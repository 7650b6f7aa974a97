"""A pull request's commentary preview (`make review`, issue 21) at archive scale.

    .venv/bin/python bench/bench_review.py            # 20,000 papers
    .venv/bin/python bench/bench_review.py 1000 20000

For each N, in bench/work/review-<N>/ (git-ignored, wiped first): the project's
site sources with a `bench/synth.py` archive, committed to a fresh git
repository as the base branch; then a pull request's worth of commentary
(three added files on three papers, one of them with a table, code and
math), the site built with `mkdocs build --strict`, and
`paper-archive review --changed-since main` measured as a child process (wall
time, CPU time, peak memory). Figures: the preview's files and bytes beside
the whole site's, and the summary's size. Writes bench/results-review.md.
"""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from project import code_state, make_project, measured  # noqa: E402

WORK = HERE / "work"
RESULTS = HERE / "results-review.md"
BIN = Path(sys.executable).parent
BODY = """Measured *carefully*, with a [link](https://example.org/a) and math $e^{i\\pi} + 1 = 0$.

| setting | result |
|:--|--:|
| baseline | 1.0 |

```python
print("<code>")
```
"""


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args], cwd=root,
                   check=True, capture_output=True)


def bench(n: int) -> dict:
    root = WORK / f"review-{n}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    papers = make_project(root, n)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    keys = sorted(papers)[:: max(1, len(papers) // 3)][:3]
    for i, key in enumerate(keys):
        path = root / "commentary" / key / f"reader{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\npaper: {key}\nauthor: reader{i}\ndate: 2025-03-14\nverdict: Read it.\n---\n{BODY}",
                        encoding="utf-8")
    print(f"[{n}] mkdocs build --strict ...", flush=True)
    build = measured([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], root)
    print(f"[{n}] paper-archive review ...", flush=True)
    run = measured([str(BIN / "paper-archive"), "review", "--changed-since", "main", "--summary", "summary.md"], root)
    preview = root / "build" / "commentary-preview"
    files = [p for p in preview.rglob("*") if p.is_file() and not p.name.startswith(".")]
    site = [p for p in (root / "site").rglob("*") if p.is_file()]
    return {"n": n, "build": build, "review": run, "files": len(files),
            "bytes": sum(p.stat().st_size for p in files), "site_files": len(site),
            "site_bytes": sum(p.stat().st_size for p in site),
            "summary": (root / "summary.md").stat().st_size, "output": run.output.strip()}


def report(results: list[dict]) -> str:
    lines = [
        "# Commentary preview of a pull request (issue 21)", "",
        "Written by `bench/bench_review.py`, overwritten on every run. A `bench/synth.py` archive, three commentary "
        "files added by a pull request (one table, one code block, math), the site built with `mkdocs build "
        "--strict`, then `paper-archive review --changed-since main` (what `make review` runs in the pull-request "
        "workflow) in a child process: wall clock (CPU time: steadier on a shared machine), peak resident memory. "
        "Bytes are file sizes.", "",
        f"Machine: CPython {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; commit {code_state()}.", "",
        "| papers | review | preview (the artifact) | whole site | preview / site | job summary | site build |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b, v = r["build"], r["review"]
        lines.append(
            f"| {r['n']:,} | {v.wall:.1f} s ({v.cpu:.1f} s CPU), peak {v.peak_mib:.0f} MiB | {r['files']} files, "
            f"{r['bytes'] / 1024:,.0f} KB | {r['site_files']:,} files, {r['site_bytes'] / 1024 / 1024:,.1f} MiB | "
            f"{100 * r['bytes'] / r['site_bytes']:.3f} % | {r['summary'] / 1024:.1f} KB | {b.wall:.0f} s "
            f"({b.cpu:.0f} s CPU) |")
    lines += ["", "The preview holds the three paper pages, the Curated page and the theme's stylesheets, scripts "
              "and icon they load; its size does not grow with the archive. The review's time is mostly reading "
              "the store (to name each paper) and adding up the whole site's bytes.", ""]
    for r in results:
        lines += [f"What the command said at {r['n']:,} papers: `{r['output']}`", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [20_000]
    results = []
    for n in sizes:
        results.append(bench(n))
        RESULTS.write_text(report(results), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
