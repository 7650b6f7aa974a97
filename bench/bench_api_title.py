"""What the API's `title_text` costs (generator/site/api.py): the bytes it adds
to the per-paper files of a 20,000-paper synthetic archive, as its titles are
and with TeX put into a share of them.

    .venv/bin/python bench/bench_api_title.py [PAPERS]    # 20,000 unless given

The synthetic titles (bench/synth.py) hold no TeX, so on them the field costs
nothing; real ones do now and then (1 of the 98 titles of the Hugging Face
fixtures). So the archive is measured again with TeX in 1 %, 5 % and every
title, put in as real titles have it (`\\textsc{...}` around a word, or a
formula such as `$O(n^2)$` in front), each title picked with a fixed seed.
A file's bytes are counted with the field and without it (what main wrote);
nothing else of a file depends on it, so the tags are left empty (no tagging
run). Prints a Markdown section, pasted into bench/results-size.md.
"""
from __future__ import annotations

import random
import sys
from dataclasses import replace

from project import REPO, code_state, synth  # bench/project.py: also puts the repository on sys.path

from generator.site import api  # noqa: E402
from generator.site.render.common import Context  # noqa: E402
from generator.tags.taxonomy import load_taxonomy  # noqa: E402

SHARES = (0.0, 0.01, 0.05, 1.0)
FORMULAS = ("$O(n^2)$", "$k$-NN:", "$\\alpha$-divergence", "$\\mathcal{O}(1/\\epsilon)$")
SITE = "https://example.github.io/paper-archive/"


def with_tex(title: str, rng: random.Random) -> str:
    words = title.split()
    if rng.random() < 0.5:
        i = rng.randrange(len(words))
        words[i] = f"\\textsc{{{words[i]}}}"
        return " ".join(words)
    return f"{rng.choice(FORMULAS)} {title}"


def added_bytes(papers, ctx: Context) -> tuple[int, int]:
    """(bytes the field adds over every per-paper file, files that have it)."""
    added = files = 0
    for p in papers.values():
        data = api.paper(p, ctx, SITE)
        if "title_text" in data:
            files += 1
            with_field = len(api.dump(data).encode())
            del data["title_text"]
            added += with_field - len(api.dump(data).encode())
    return added, files


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    papers = synth.archive(n)
    ctx = Context(taxonomy=load_taxonomy(REPO), tags={})
    lines = [f"Commit {code_state()}, `bench/bench_api_title.py`: {n:,} synthetic papers, each per-paper file's bytes with "
             "`title_text` and without it.", "",
             "| titles with TeX | files with `title_text` | bytes added | per paper | per title with TeX |",
             "|---|---|---|---|---|"]
    for share in SHARES:
        rng = random.Random(23)
        varied = {k: replace(p, title=with_tex(p.title, rng)) if rng.random() < share else p for k, p in papers.items()}
        added, files = added_bytes(varied, ctx)
        each = f"{added / files:.0f} bytes" if files else "-"
        label = "as synth.py makes them" if share == 0 else f"{share:.0%}"
        lines.append(f"| {label} | {files:,} | +{added:,} | +{added / n:.1f} bytes | {each} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
