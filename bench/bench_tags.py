"""How well taxonomy.yml tags real papers: precision and recall against the
labelled set (bench/labels/papers.jsonl, see bench/labels/README.md), and how
long tagging takes at archive size.

    .venv/bin/python bench/bench_tags.py                    # writes bench/results-tags.md
    .venv/bin/python bench/bench_tags.py --summary --base-rev main  # a short table: this taxonomy
                                                            # beside main's (CI: `make tag-figures`,
                                                            # appended to $GITHUB_STEP_SUMMARY)
    .venv/bin/python bench/bench_tags.py --errors tuning    # what the rules get wrong (tuning split only)
    .venv/bin/python bench/bench_tags.py --sizes 1000 20000 # tagging time on bench/synth.py archives
    .venv/bin/python bench/bench_tags.py --explain 2503.08638 a-tutorial-on-bayesian-optimization
                                                            # why papers of data/ (or the labelled set)
                                                            # get their tags: each tag's points

Figures are deterministic (same labels, same taxonomy: same numbers); times
are not. The held-out split (a hash of the paper id) is never used to tune
rules: read its figures, not its errors.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from generator.archive.model import InputError, Paper  # noqa: E402
from generator.tags.tagging import Scoring  # noqa: E402
from generator.tags.taxonomy import Taxonomy, parse, tags_of  # noqa: E402

LABELS = HERE / "labels" / "papers.jsonl"
BEFORE = HERE / "labels" / "taxonomy-before.yml"
RESULTS = HERE / "results-tags.md"
SPLITS = ("tuning", "held-out")
TARGET_P, TARGET_R = 0.85, 0.80


@dataclass(frozen=True)
class Labelled:
    id: str
    split: str
    tags: tuple[str, ...]
    paper: Paper


def load_labels(path: Path = LABELS) -> list[Labelled]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        paper = Paper(key=row["id"], title=row["title"], abstract=row["abstract"], ai_keywords=row["ai_keywords"])
        out.append(Labelled(row["id"], row["split"], tuple(row["tags"]), paper))
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    papers: int = 0
    given: int = 0
    labelled: int = 0
    per_tag: dict[str, Counter] = field(default_factory=dict)

    def add(self, want: set[str], got: set[str]) -> None:
        self.papers += 1
        self.given += len(got)
        self.labelled += len(want)
        self.tp += len(want & got)
        self.fp += len(got - want)
        self.fn += len(want - got)
        for slug, kind in [(s, "tp") for s in want & got] + [(s, "fp") for s in got - want] + [(s, "fn") for s in want - got]:
            self.per_tag.setdefault(slug, Counter())[kind] += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(taxonomy: Taxonomy, labelled: list[Labelled]) -> dict[str, Counts]:
    """Counts per split and for all papers: the tags a reader gave against the archive's."""
    out = {name: Counts() for name in (*SPLITS, "all")}
    for item in labelled:
        got = set(tags_of(item.paper, taxonomy))
        for name in (item.split, "all"):
            out[name].add(set(item.tags), got)
    return out


def errors(taxonomy: Taxonomy, labelled: list[Labelled], split: str) -> str:
    lines = []
    for item in labelled:
        if item.split != split:
            continue
        got, want = set(tags_of(item.paper, taxonomy)), set(item.tags)
        if got != want:
            scores = {s: m.points(taxonomy.scoring) for s, m in taxonomy.mentions(item.paper).items()}
            near = ", ".join(f"{s}={p}" for s, p in sorted(scores.items(), key=lambda kv: -kv[1]) if p)
            lines.append(f"{item.id}: {item.paper.title[:90]}\n   missing {sorted(want - got)}  extra {sorted(got - want)}\n   scores {near}")
    return "\n".join(lines)


def any_mention(taxonomy: Taxonomy) -> Taxonomy:
    """The same phrases under the rule before issue 10: every tag one phrase matches."""
    tags = tuple(dataclasses.replace(t, threshold=None, yields_to=()) for t in taxonomy.tags)
    return Taxonomy(tags, Scoring(title=1, keywords=1, abstract=1, abstract_max=1, threshold=1, max_tags=len(tags)))


def rescored(taxonomy: Taxonomy, like: Taxonomy) -> Taxonomy:
    """`taxonomy`'s phrases under `like`'s scoring (no per-tag thresholds)."""
    return Taxonomy(tuple(dataclasses.replace(t, threshold=None) for t in taxonomy.tags), like.scoring)


def without_yields(taxonomy: Taxonomy) -> Taxonomy:
    """`taxonomy` with no tag giving way to another (no `yields_to`)."""
    return Taxonomy(tuple(dataclasses.replace(t, yields_to=()) for t in taxonomy.tags), taxonomy.scoring)


def steps(taxonomy: Taxonomy, labelled: list[Labelled]) -> list[tuple[str, dict[str, "Counts"]]]:
    """What the revision changed, one part at a time: the old tags and rule,
    the old tags scored, the new tags under the old rule, the new rules
    without `yields_to`."""
    before = parse_file(BEFORE)
    return [
        ("before: 39 tags, every matching tag", evaluate(any_mention(before), labelled)),
        ("before's phrases, scored (no per-tag thresholds)", evaluate(rescored(before, taxonomy), labelled)),
        ("taxonomy.yml's phrases, every matching tag", evaluate(any_mention(taxonomy), labelled)),
        ("taxonomy.yml without yields_to", evaluate(without_yields(taxonomy), labelled)),
    ]


def explain(taxonomy: Taxonomy, ids: list[str], labelled: list[Labelled]) -> str:
    """Each tag's mentions and points for papers of the archive (key or arXiv id) or of the labelled set."""
    from generator.archive import store
    papers = {p.key: p for p in store.load(REPO).values()}
    papers.update({p.arxiv_id: p for p in list(papers.values()) if p.arxiv_id})
    papers.update({item.id: item.paper for item in labelled if item.id not in papers})
    reader = {item.id: item.tags for item in labelled}
    s = taxonomy.scoring
    lines = []
    for wanted in ids:
        paper = papers.get(wanted)
        if paper is None:
            lines.append(f"{wanted}: no such paper in data/ or the labelled set")
            continue
        lines.append(f"{wanted}: {paper.title}")
        lines.append(f"  tags: {', '.join(tags_of(paper, taxonomy)) or '(none)'}"
                     + (f"   (reader: {', '.join(reader[wanted])})" if wanted in reader else ""))
        scored = sorted(taxonomy.mentions(paper).items(), key=lambda kv: (-kv[1].points(s), kv[0]))
        for slug, m in scored:
            need = m.needs(taxonomy.by_slug[slug].threshold or s.threshold, s)
            lines.append(f"  {m.points(s):3} / {need:<3} {slug:28} title {m.title}, keywords {m.keywords}, abstract {m.abstract}")
    return "\n".join(lines)


def timing(path: Path, sizes: list[int]) -> list[tuple[int, float, float, float]]:
    """(papers, wall and CPU seconds to tag them all with a fresh matcher, tags per paper) on bench/synth.py archives."""
    import synth
    out = []
    for n in sizes:
        papers = list(synth.archive(n).values())
        fresh = parse_file(path)  # a cold cache, as in a build
        started, cpu = time.perf_counter(), time.process_time()
        given = sum(len(tags_of(p, fresh)) for p in papers)
        out.append((n, time.perf_counter() - started, time.process_time() - cpu, given / n))
    return out


def git_show(rev: str, path: str) -> str:
    found = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=REPO, capture_output=True, text=True)
    if found.returncode != 0:
        raise OSError(f"git show {rev}:{path}: {found.stderr.strip() or 'failed'}")
    return found.stdout


def parse_file(path: Path) -> Taxonomy:
    return parse(path.read_text(encoding="utf-8"), path.name)


def _f(x: float) -> str:
    return f"{x:.2f}"


def overall_rows(name: str, figures: dict[str, Counts]) -> list[str]:
    rows = []
    for split in (*SPLITS, "all"):
        c = figures[split]
        rows.append(f"| {name} | {split} ({c.papers}) | {_f(c.precision)} | {_f(c.recall)} | {_f(c.f1)} "
                    f"| {c.given / c.papers:.2f} | {c.labelled / c.papers:.2f} |")
    return rows


HEAD = ["| taxonomy | split (papers) | precision | recall | F1 | tags per paper | reader's tags per paper |",
        "|---|---|---|---|---|---|---|"]


def per_tag_table(taxonomy: Taxonomy, figures: dict[str, Counts]) -> list[str]:
    lines = ["| tag | reader | archive | right | precision | recall | held-out P / R |", "|---|---|---|---|---|---|---|"]
    slugs = [t.slug for t in taxonomy.tags] + sorted(set(figures["all"].per_tag) - set(taxonomy.by_slug))
    for slug in slugs:
        c = figures["all"].per_tag.get(slug, Counter())
        h = figures["held-out"].per_tag.get(slug, Counter())
        reader, given = c["tp"] + c["fn"], c["tp"] + c["fp"]
        p = _f(c["tp"] / given) if given else "-"
        r = _f(c["tp"] / reader) if reader else "-"
        hp = _f(h["tp"] / (h["tp"] + h["fp"])) if h["tp"] + h["fp"] else "-"
        hr = _f(h["tp"] / (h["tp"] + h["fn"])) if h["tp"] + h["fn"] else "-"
        lines.append(f"| {slug} | {reader} | {given} | {c['tp']} | {p} | {r} | {hp} / {hr} |")
    return lines


def commit() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "taxonomy.yml", "bench/labels"],
                           cwd=REPO, capture_output=True, text=True).stdout.strip()
    return (head or "unknown") + (" with uncommitted changes" if dirty else "")


def summary(current: dict[str, Counts], base: dict[str, Counts] | None, base_note: str = "") -> str:
    """The CI job summary: this taxonomy's figures, beside the base branch's."""
    lines = ["### Tags: precision and recall on the labelled papers", "",
             f"Targets: precision >= {TARGET_P}, recall >= {TARGET_R} (micro-averaged; bench/results-tags.md explains).", ""]
    if base is not None:
        lines += ["The base branch's taxonomy.yml and this one, both tagged by this pull request's code.", ""]
    lines += HEAD
    if base is not None:
        lines += overall_rows("base branch", base)
    lines += overall_rows("this pull request", current)
    if base_note:
        lines += ["", base_note]
    return "\n".join(lines) + "\n"


def report(taxonomy: Taxonomy, figures: dict[str, Counts], compared: list[tuple[str, dict[str, Counts]]],
           times: list[tuple[int, float, float, float]], n_labelled: int) -> str:
    held = figures["held-out"]
    verdict = ("meet" if held.precision >= TARGET_P and held.recall >= TARGET_R else "fall short of")
    lines = [
        "# Tag benchmark", "",
        "Written by `bench/bench_tags.py` (and `make bench`), overwritten on every run. Figures are deterministic.", "",
        f"Labelled set: {n_labelled} papers (`bench/labels/papers.jsonl`: the 77 of the seed and every paper of "
        "`tests/fixtures/hf-daily-papers/`), each given 1-4 tags of this taxonomy by a reader of its title and "
        "abstract (`bench/labels/README.md`). The held-out split (a hash of the paper id, about a third) was never "
        "used to tune the rules.", "",
        f"Commit {commit()}; CPython {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs.", "",
        f"Targets (issue 10): micro precision >= {TARGET_P} and recall >= {TARGET_R}. "
        f"Held-out: precision {_f(held.precision)}, recall {_f(held.recall)}: the rules **{verdict}** the targets there.", "",
        "## Overall (micro-averaged)", "",
        "The first rows take the revision apart: the taxonomy before it (`bench/labels/taxonomy-before.yml`) "
        "under the old rule (a tag for every phrase found anywhere), its phrases under the new scoring, "
        "the new phrases under the old rule, and the new rules without `yields_to` (as at look 5 of the held-out "
        "split). Labels use the revised tags, so a tag the old taxonomy lacked counts as missed there.", "",
    ]
    lines += HEAD
    for name, figs in compared:
        lines += overall_rows(name, figs)
    lines += overall_rows("**taxonomy.yml**", figures)
    before = {t.slug for t in parse_file(BEFORE).tags}
    now = [t.slug for t in taxonomy.tags]
    lines += ["", "## The taxonomy's revision", "",
              f"{len(before)} tags before, {len(now)} now; {len(before & set(now))} kept with their slug (their URLs "
              f"keep working). Dropped: {', '.join(sorted(before - set(now))) or 'none'}. "
              f"Added: {', '.join(s for s in now if s not in before) or 'none'}."]
    lines += ["", "## Per tag (all labelled papers)", "",
              "reader: papers the reader gave the tag; archive: papers the rules gave it; right: both.", ""]
    lines += per_tag_table(taxonomy, figures)
    if times:
        lines += ["", "## Speed", "",
                  "Tagging every paper of a `bench/synth.py` archive (seed abstracts remixed) with taxonomy.yml, "
                  "from a freshly parsed taxonomy, in one process (wall clock on a shared machine, and CPU time; "
                  "not asserted by tests).", "",
                  "| papers | wall | CPU | CPU per 1,000 papers | tags per paper |", "|---|---|---|---|---|"]
        lines += [f"| {n:,} | {w:.2f} s | {c:.2f} s | {c / n * 1000:.2f} s | {t:.2f} |" for n, w, c, t in times]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> dict[str, Counts]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--taxonomy", type=Path, default=REPO / "taxonomy.yml")
    ap.add_argument("--base", type=Path, help="another taxonomy.yml to compare with (e.g. the base branch's)")
    ap.add_argument("--base-rev", help="compare with taxonomy.yml at this git revision")
    ap.add_argument("--compare", nargs=2, action="append", default=[], metavar=("NAME", "FILE"),
                    help="a named taxonomy to list in the results (repeatable)")
    ap.add_argument("--summary", action="store_true",
                    help="print a short Markdown table (appended to $GITHUB_STEP_SUMMARY when set)")
    ap.add_argument("--errors", choices=SPLITS, help="print the papers whose tags differ (tune on 'tuning' only)")
    ap.add_argument("--sizes", type=int, nargs="*", default=None, help="synthetic archive sizes to time")
    ap.add_argument("--no-write", action="store_true", help="print, do not write bench/results-tags.md")
    ap.add_argument("--explain", nargs="+", metavar="ID", help="each tag's points for these papers (key or arXiv id)")
    args = ap.parse_args(argv)
    labelled = load_labels()
    taxonomy = parse_file(args.taxonomy)
    if args.explain:
        print(explain(taxonomy, args.explain, labelled))
        return {}
    figures = evaluate(taxonomy, labelled)
    if args.errors:
        print(errors(taxonomy, labelled, args.errors))
    if args.summary or args.base or args.base_rev:
        base, note = None, ""
        try:
            if args.base:
                base = evaluate(parse_file(args.base), labelled)
            elif args.base_rev:
                base = evaluate(parse(git_show(args.base_rev, "taxonomy.yml")), labelled)
        except (InputError, OSError) as exc:
            note = f"The base branch's taxonomy could not be read: {exc}"
        text = summary(figures, base, note)
        print(text)
        if os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
                out.write(text)
        return figures
    compared = steps(taxonomy, labelled) + [(name, evaluate(parse_file(Path(path)), labelled)) for name, path in args.compare]
    times = timing(args.taxonomy, args.sizes) if args.sizes else []
    text = report(taxonomy, figures, compared, times, len(labelled))
    if args.no_write:
        print(text)
    else:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(REPO)}")
        print("\n".join(overall_rows("taxonomy.yml", figures)))
    return figures


if __name__ == "__main__":
    main()
