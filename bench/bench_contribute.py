"""What the paper pages' links to GitHub and the commentary pages cost (issue 21).

Generates a synthetic archive (bench/synth.py) with 40 commentaries by 8
readers twice, without and with REPO_URL (the workflows set it), and writes
bench/results-contribute.md: paper-page bytes per paper, the commentary pages
(curated/: index, commentator pages, the script) and the commentary feed.

    .venv/bin/python bench/bench_contribute.py [N]     # default 20,000 papers
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from project import HERE, code_state, make_project  # bench/project.py: also puts the repository on sys.path

from generator.build.generate import generate  # noqa: E402

GENERATED = ("papers", "days", "tags", "curated", "feeds", "api/v1/papers", "api/v1/days", "top")
NOTES, READERS = 40, 8


def _clean(docs: Path) -> None:
    (docs / ".generated-manifest.json").unlink(missing_ok=True)
    for d in GENERATED:
        shutil.rmtree(docs / d, ignore_errors=True)
    for f in ("index.md", "api/v1/index.json"):
        (docs / f).unlink(missing_ok=True)


def measure(n: int) -> list[tuple[str, float, float, int, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        papers = make_project(root, n)
        for i, key in enumerate(sorted(papers)[:NOTES]):
            path = root / "commentary" / key / f"reader-{i % READERS}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\npaper: {key}\nauthor: reader-{i % READERS}\ndate: 2025-03-{1 + i % 28:02d}\n"
                            "verdict: Worth a read.\n---\n" + "A paragraph of commentary. " * 60 + "\n", encoding="utf-8")
        rows = []
        for repo_url in (None, "https://github.com/octo-org/paper-archive"):
            if repo_url:
                os.environ["REPO_URL"] = repo_url
            else:
                os.environ.pop("REPO_URL", None)
            docs = root / "docs"
            _clean(docs)
            start = time.perf_counter()
            generate(root)
            seconds = time.perf_counter() - start
            per_paper = sum(p.stat().st_size for p in (docs / "papers").glob("*.md")) / len(papers)
            curated = sum(p.stat().st_size for p in (docs / "curated").rglob("*") if p.is_file())
            feed = (docs / "feeds" / "commentary.xml").stat().st_size
            rows.append((repo_url or "unset", seconds, per_paper, curated, feed))
        return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    rows = measure(n)
    commit = code_state()
    growth = rows[1][2] - rows[0][2]
    lines = [
        "# Links to GitHub on paper pages, commentary pages and feed (issue 21)",
        "",
        f"Written by `bench/bench_contribute.py` at commit {commit}: `paper-archive generate` of a synthetic "
        f"archive of {n:,} papers (bench/synth.py) with {NOTES} commentaries by {READERS} readers (about 1.6 KB "
        "each), without and with `REPO_URL`. Bytes are the generated Markdown in `docs/` (with REPO_URL "
        "Material's header also links the repository on every page: not counted here). Generate times are one run each on a shared 2-core machine: noise, not a comparison.",
        "",
        "| REPO_URL | generate | paper page, per paper | curated/ (index, commentator pages, script) | feeds/commentary.xml |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {r[0]} | {r[1]:.0f} s | {r[2]:,.1f} B | {r[3]:,} B | {r[4]:,} B |" for r in rows]
    lines += ["", f"With a repository each paper page grows by **{growth:.0f} bytes** (the line "
              "\"Comment on this paper · Report a wrong tag\" and its script tag; the prefilled file is built by "
              "the one cached script, `curated/contribute.js`). The commentary feed holds the newest 50: "
              "it does not grow with the archive.", ""]
    (HERE / "results-contribute.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
