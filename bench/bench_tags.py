"""How well the archive tags real papers: precision and recall against the
labelled papers (labels/*.jsonl, see labels/README.md), and how long tagging
takes at archive size.

    .venv/bin/python bench/bench_tags.py                    # writes bench/results-tags.md
    .venv/bin/python bench/bench_tags.py --summary --base-rev main  # a short table: this taxonomy.yml
                                                            # and labels/ beside main's (CI: `make
                                                            # tag-figures`, appended to $GITHUB_STEP_SUMMARY)
    .venv/bin/python bench/bench_tags.py --errors tuning    # what the tagging gets wrong (tuning split only)
    .venv/bin/python bench/bench_tags.py --sizes 1000 20000 # tagging time on bench/synth.py archives
    .venv/bin/python bench/bench_tags.py --explain 2503.08638 a-tutorial-on-bayesian-optimization
                                                            # why papers of data/ (or the labelled set)
                                                            # get their tags: rules' points, the model's why

The tagging measured is the archive's: taxonomy.yml's rules and the model
learned from labelled papers (generator/tags/tagmodel.py), here trained on the
tuning split of every labels file only, so that the held-out figures are of
papers the model never saw. (The site's model learns from every labelled
paper.) Figures are deterministic (same labels, same taxonomy: same
numbers); times are not. The held-out split (a hash of the paper id) is
never used to tune: read its figures, not its errors.
"""
from __future__ import annotations

import argparse
import dataclasses
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

from generator.tags import labels as labels_file  # noqa: E402
from generator.tags.labels import Labelled  # noqa: E402,F401  (tests and the cv scripts use it from here)
from generator.archive.model import InputError  # noqa: E402
from generator.tags.tagging import Scoring  # noqa: E402
from generator.tags.taxonomy import Taxonomy, parse, tags_of, tags_of_all  # noqa: E402
import tags_readers  # noqa: E402

BEFORE = HERE / "labels" / "taxonomy-before.yml"
RESULTS = HERE / "results-tags.md"
SPLITS = ("tuning", "held-out")
TARGET_P, TARGET_R, TARGET_TAGS = 0.85, 0.80, 0.3
NEW = "labels/hf-papers-240.jsonl"  # issue 20's real papers: the figures the targets are about
OLD = "labels/papers.jsonl"
FRESH = "labels/hf-papers-fresh.jsonl"  # papers no rule or setting was tuned on, all held out (labels/README.md)
# Kept when the report is rewritten: the record of every look at a held-out split.
LOOKS = "<!-- Everything below is kept by bench_tags.py when it rewrites this file. -->"


def load_labels(root: Path = REPO, taxonomy: Taxonomy | None = None) -> list[Labelled]:
    known = set((taxonomy or parse_file(root / "taxonomy.yml")).by_slug)
    found, problems = labels_file.read(root, known)
    if problems:
        raise InputError(problems)
    return found


def trained(taxonomy: Taxonomy, labelled: list[Labelled]) -> Taxonomy:
    """`taxonomy` learning from the tuning split of the labelled papers alone."""
    return taxonomy.with_labels([x for x in labelled if x.split == "tuning"])


def source(item: Labelled) -> str:
    return item.where.split(":")[0]


def groups(item: Labelled) -> list[str]:
    """The rows a labelled paper counts in."""
    name = {NEW: "new", OLD: "old", FRESH: "fresh"}.get(source(item), source(item))
    return [f"{name} {item.split}", "all"]


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


GROUPS = ("new held-out", "new tuning", "fresh held-out", "old held-out", "old tuning", "all")


def evaluate(taxonomy: Taxonomy, labelled: list[Labelled]) -> dict[str, Counts]:
    """Counts per group (labels file and split) and for all papers: the tags a
    reader gave against the archive's. `taxonomy` is used as it is: pass it
    through `trained` to measure the learned tagging."""
    out = {name: Counts() for name in GROUPS}
    found = tags_of_all({x.id: x.paper for x in labelled}, taxonomy)
    for item in labelled:
        for name in groups(item):
            out.setdefault(name, Counts()).add(set(item.tags), set(found[item.id]))
    return out


def errors(taxonomy: Taxonomy, labelled: list[Labelled], split: str) -> str:
    lines = []
    found = tags_of_all({x.id: x.paper for x in labelled}, taxonomy)
    for item in labelled:
        if item.split != split:
            continue
        got, want = set(found[item.id]), set(item.tags)
        if got != want:
            scores = {s: m.points(taxonomy.scoring) for s, m in taxonomy.mentions(item.paper).items()}
            near = ", ".join(f"{s}={p}" for s, p in sorted(scores.items(), key=lambda kv: -kv[1]) if p)
            lines.append(f"{item.id}: {item.paper.title[:90]}\n   missing {sorted(want - got)}  extra {sorted(got - want)}"
                         f"\n   rules' points {near}")
    return "\n".join(lines)


def rules_alone(taxonomy: Taxonomy) -> Taxonomy:
    return Taxonomy(taxonomy.tags, dataclasses.replace(taxonomy.scoring, learned=0))


def any_mention(taxonomy: Taxonomy) -> Taxonomy:
    """The same phrases under the rule before issue 10: every tag one phrase matches."""
    tags = tuple(dataclasses.replace(t, threshold=None, yields_to=()) for t in taxonomy.tags)
    return Taxonomy(tags, Scoring(title=1, keywords=1, abstract=1, abstract_max=1, threshold=1, max_tags=len(tags)))


def steps(taxonomy: Taxonomy, labelled: list[Labelled], base: Taxonomy | None) -> list[tuple[str, dict[str, "Counts"]]]:
    """What the archive's tagging is made of: the taxonomy before issue 10
    under its rule, issue 10's rules (`base`), this taxonomy's rules alone."""
    rows = [("before issue 10: every matching tag", evaluate(any_mention(parse_file(BEFORE)), labelled))]
    if base is not None:
        rows.append(("issue 10's rules (main before issue 20)", evaluate(rules_alone(base), labelled)))
    rows.append(("taxonomy.yml's rules alone", evaluate(rules_alone(taxonomy), labelled)))
    return rows


def explain(taxonomy: Taxonomy, ids: list[str], labelled: list[Labelled]) -> str:
    """Why papers of the archive (key or arXiv id) or of the labelled set get
    their tags: each tag's rule points, and the model's probability and the
    evidence that weighs most for it."""
    from generator.archive import store
    papers = {p.key: p for p in store.load(REPO).values()}
    papers.update({p.arxiv_id: p for p in list(papers.values()) if p.arxiv_id})
    papers.update({item.id: item.paper for item in labelled if item.id not in papers})
    reader = {item.id: item.tags for item in labelled}
    s = taxonomy.scoring
    lines = []
    if taxonomy.model is not None:
        lines.append(f"(model learned from {taxonomy.model.papers} labelled papers; a tag needs probability "
                     f"{s.learned / 100:.2f}, at most {s.max_tags} tags)")
    for wanted in ids:
        paper = papers.get(wanted)
        if paper is None:
            lines.append(f"{wanted}: no such paper in data/ or the labelled set")
            continue
        lines.append(f"{wanted}: {paper.title}")
        lines.append(f"  tags: {', '.join(tags_of(paper, taxonomy)) or '(none)'}"
                     + (f"   (reader: {', '.join(reader[wanted])}; the site shows these)" if wanted in reader else "")
                     + (f"   (the record's own: {', '.join(paper.tags)})" if paper.tags else ""))
        lines.append(f"  rules: {', '.join(taxonomy.rule_tags(paper)) or '(none)'}; points / needed:")
        scored = sorted(taxonomy.mentions(paper).items(), key=lambda kv: (-kv[1].points(s), kv[0]))
        for slug, m in scored:
            need = m.needs(taxonomy.by_slug[slug].threshold or s.threshold, s)
            lines.append(f"  {m.points(s):3} / {need:<3} {slug:28} title {m.title}, keywords {m.keywords}, abstract {m.abstract}")
        if taxonomy.model is not None:
            lines.append("  model: probability, and the evidence that weighs most (+ for the tag, - against):")
            for slug, p, why in taxonomy.model.explain(paper):
                lines.append(f"  {p:5.2f} {slug:28} {why}")
    return "\n".join(lines)


def timing(taxonomy: Taxonomy, sizes: list[int]) -> list[tuple[int, float, float, float, float, float]]:
    """(papers, wall and CPU seconds to learn from the labels, wall and CPU seconds to tag them all, tags per paper)
    on bench/synth.py archives, as the site does it: the model learns from every labelled paper."""
    import synth
    out = []
    for n in sizes:
        papers = synth.archive(n)
        fresh = taxonomy.with_labels(taxonomy.labels)  # a cold cache, as in a build
        started, cpu = time.perf_counter(), time.process_time()
        fresh.model  # noqa: B018  learning
        learned = (time.perf_counter() - started, time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        given = sum(len(t) for t in tags_of_all(papers, fresh).values())
        out.append((n, *learned, time.perf_counter() - started, time.process_time() - cpu, given / n))
    return out


def git_show(rev: str, path: str) -> str:
    found = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=REPO, capture_output=True, text=True)
    if found.returncode != 0:
        raise OSError(f"git show {rev}:{path}: {found.stderr.strip() or 'failed'}")
    return found.stdout


def at_rev(rev: str) -> Taxonomy:
    """taxonomy.yml and labels/ at a git revision (labels/ may not exist there: rules alone)."""
    import tempfile
    taxonomy = parse(git_show(rev, "taxonomy.yml"))
    names = subprocess.run(["git", "ls-tree", "--name-only", f"{rev}:{labels_file.FOLDER}"], cwd=REPO,
                           capture_output=True, text=True)
    if names.returncode != 0:
        return taxonomy
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / labels_file.FOLDER
        folder.mkdir()
        for name in names.stdout.split():
            if name.endswith(".jsonl"):
                (folder / name).write_text(git_show(rev, f"{labels_file.FOLDER}/{name}"), encoding="utf-8")
        found, problems = labels_file.read(Path(tmp), set(taxonomy.by_slug))
    if problems:
        raise InputError(problems)
    return taxonomy.with_labels(found)


def parse_file(path: Path) -> Taxonomy:
    return parse(path.read_text(encoding="utf-8"), path.name)


def _f(x: float) -> str:
    return f"{x:.2f}"


def overall_rows(name: str, figures: dict[str, Counts], shown: tuple[str, ...] = GROUPS) -> list[str]:
    rows = []
    for split in shown:
        c = figures.get(split)
        if not c or not c.papers:
            continue
        rows.append(f"| {name} | {split} ({c.papers}) | {_f(c.precision)} | {_f(c.recall)} | {_f(c.f1)} "
                    f"| {c.given / c.papers:.2f} | {c.labelled / c.papers:.2f} |")
    return rows


HEAD = ["| tagging | labels (papers) | precision | recall | F1 | tags per paper | reader's tags per paper |",
        "|---|---|---|---|---|---|---|"]


def _pr(c: Counter) -> str:
    given, reader = c["tp"] + c["fp"], c["tp"] + c["fn"]
    return f"{_f(c['tp'] / given) if given else '-'} / {_f(c['tp'] / reader) if reader else '-'}"


def per_tag_table(taxonomy: Taxonomy, figures: dict[str, Counts]) -> list[str]:
    cols = ("new held-out", "new tuning", "fresh held-out", "old held-out", "old tuning")
    lines = ["| tag | reader (all) | tagged (all) | right (all) | " + " | ".join(f"{c} P / R" for c in cols) + " |",
             "|---|---|---|---|" + "---|" * len(cols)]
    slugs = [t.slug for t in taxonomy.tags] + sorted(set(figures["all"].per_tag) - set(taxonomy.by_slug))
    for slug in slugs:
        c = figures["all"].per_tag.get(slug, Counter())
        cells = " | ".join(_pr(figures[g].per_tag.get(slug, Counter())) for g in cols)
        lines.append(f"| {slug} | {c['tp'] + c['fn']} | {c['tp'] + c['fp']} | {c['tp']} | {cells} |")
    return lines


def commit() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "taxonomy.yml", "labels", "bench/labels"],
                           cwd=REPO, capture_output=True, text=True).stdout.strip()
    return (head or "unknown") + (" with uncommitted changes" if dirty else "")


def summary(current: dict[str, Counts], base: dict[str, Counts] | None, base_note: str = "") -> str:
    """The CI job summary: this tagging's figures, beside the base branch's."""
    lines = ["### Tags: precision and recall on the labelled papers", "",
             f"Targets: precision >= {TARGET_P}, recall >= {TARGET_R} (micro-averaged) on the new papers' held-out "
             f"split, tags per paper within {TARGET_TAGS} of the reader's (bench/results-tags.md explains). "
             "The model learns from the tuning split only here.", ""]
    if base is not None:
        lines += ["The base branch's taxonomy.yml and labels/ and this pull request's, both tagged by this "
                  "pull request's code and measured on this pull request's labelled papers.", ""]
    lines += HEAD
    if base is not None:
        lines += overall_rows("base branch", base)
    lines += overall_rows("this pull request", current)
    if base_note:
        lines += ["", base_note]
    return "\n".join(lines) + "\n"


def report(taxonomy: Taxonomy, figures: dict[str, Counts], compared: list[tuple[str, dict[str, Counts]]],
           times: list, labelled: list[Labelled], looks: str) -> str:
    held, fresh = figures["new held-out"], figures["fresh held-out"]
    tags_gap = held.given / held.papers - held.labelled / held.papers
    met = held.precision >= TARGET_P and held.recall >= TARGET_R and abs(tags_gap) <= TARGET_TAGS
    count = Counter(source(x) for x in labelled)
    lines = [
        "# Tag benchmark", "",
        "Written by `bench/bench_tags.py` (and `make bench`), overwritten on every run but for the record of "
        "looks at the end. Figures are deterministic.", "",
        f"Labelled papers: {len(labelled)} (`labels/`, see `labels/README.md`): **new**, {count[NEW]} real papers of "
        f"the Hugging Face lists of May 2024 to August 2026 (`{NEW}`, issue 20); **old**, {count[OLD]} papers "
        f"(`{OLD}`: the 77 of the seed and the fixture papers, issue 10). Each split by a hash of the id, about a "
        "third held out. The tagging measured is the archive's: taxonomy.yml's rules, weighed by the model learned "
        "from labelled papers (`generator/tags/tagmodel.py`), trained here on the tuning split of both files only. "
        f"**fresh**, {count[FRESH]} real papers of 2025-2026 (`{FRESH}`), all held out: labelled after the "
        "new papers' held-out split was spent, by two more readers blind to the rules and to each other (the "
        "tags both gave), and never used to choose anything.", "",
        f"Commit {commit()}; CPython {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs.", "",
        f"Targets (issue 20), on the new papers' held-out split: micro precision >= {TARGET_P}, recall >= {TARGET_R}, "
        f"tags per paper within {TARGET_TAGS} of the reader's. There: precision {_f(held.precision)}, recall "
        f"{_f(held.recall)}, {held.given / held.papers:.2f} tags per paper (the reader gives "
        f"{held.labelled / held.papers:.2f}): the tagging **{'meets' if met else 'falls short of'}** the targets."
        + (f" On the fresh papers: precision {_f(fresh.precision)}, recall {_f(fresh.recall)}, "
           f"{fresh.given / fresh.papers:.2f} tags per paper (the readers give {fresh.labelled / fresh.papers:.2f})."
           if fresh.papers else ""), "",
        "## Overall (micro-averaged)", "",
        "Tuning rows are in-sample for the model and for the phrases (written while reading the tuning errors); "
        "held-out rows are not.", "",
    ]
    lines += HEAD
    for name, figs in compared:
        lines += overall_rows(name, figs)
    lines += overall_rows("**taxonomy.yml + model**", figures)
    lines += ["", "## Per tag", "",
              "reader: papers the reader gave the tag (all labelled papers); tagged: papers the archive gave it; "
              "right: both. Then precision / recall in each group.", ""]
    lines += per_tag_table(taxonomy, figures)
    agree = tags_readers.table(REPO)
    if agree:
        lines += ["", "## How well careful readers agree", "",
                  "Other careful readers' tags for papers of the labels files (`labels/second-readers/`), given "
                  "blind to the labels and the rules: the level a reader reaches, beside the tagging's figures "
                  "above.", ""] + agree
    if times:
        lines += ["", "## Speed", "",
                  "Learning from every labelled paper, then tagging every paper of a `bench/synth.py` archive (seed "
                  "abstracts remixed) at once, from a freshly parsed taxonomy, in one process (wall clock on a shared "
                  "machine, and CPU time; not asserted by tests).", "",
                  "| papers | learning, wall | learning, CPU | tagging, wall | tagging, CPU | CPU per 1,000 papers | tags per paper |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| {n:,} | {lw:.2f} s | {lc:.2f} s | {w:.2f} s | {c:.2f} s | {c / n * 1000:.2f} s | {t:.2f} |"
                  for n, lw, lc, w, c, t in times]
    lines += ["", LOOKS, looks.strip("\n") if looks else ""]
    return "\n".join(lines) + "\n"


def kept_looks() -> str:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    return text.split(LOOKS, 1)[1] if LOOKS in text else ""


def main(argv: list[str] | None = None) -> dict[str, Counts]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--taxonomy", type=Path, default=REPO / "taxonomy.yml")
    ap.add_argument("--base", type=Path, help="another taxonomy.yml to compare with (rules and scoring; this labels/)")
    ap.add_argument("--base-rev", help="compare with taxonomy.yml and labels/ at this git revision")
    ap.add_argument("--compare", nargs=2, action="append", default=[], metavar=("NAME", "FILE"),
                    help="a named taxonomy to list in the results (repeatable)")
    ap.add_argument("--summary", action="store_true",
                    help="print a short Markdown table (appended to $GITHUB_STEP_SUMMARY when set)")
    ap.add_argument("--errors", choices=SPLITS, help="print the papers whose tags differ (tune on 'tuning' only)")
    ap.add_argument("--sizes", type=int, nargs="*", default=None, help="synthetic archive sizes to time")
    ap.add_argument("--no-write", action="store_true", help="print, do not write bench/results-tags.md")
    ap.add_argument("--explain", nargs="+", metavar="ID",
                    help="why these papers (key or arXiv id) get their tags (the model learns from every label)")
    args = ap.parse_args(argv)
    taxonomy = parse_file(args.taxonomy)
    labelled = load_labels(REPO, taxonomy)
    if args.explain:
        print(explain(taxonomy.with_labels(labelled), args.explain, labelled))
        return {}
    figures = evaluate(trained(taxonomy, labelled), labelled)
    if args.errors:
        print(errors(trained(taxonomy, labelled), labelled, args.errors))
    base, note = None, ""
    try:
        if args.base:
            base = trained(parse_file(args.base), labelled)
        elif args.base_rev:
            at = at_rev(args.base_rev)
            base = at.with_labels([x for x in at.labels if x.split == "tuning"])
    except (InputError, OSError) as exc:
        note = f"The base branch's taxonomy or labels could not be read: {exc}"
    if args.summary:
        text = summary(figures, evaluate(base, labelled) if base is not None else None, note)
        print(text)
        if os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
                out.write(text)
        return figures
    compared = steps(taxonomy, labelled, base) + [(name, evaluate(trained(parse_file(Path(path)), labelled), labelled))
                                                  for name, path in args.compare]
    times = timing(taxonomy.with_labels(labelled), args.sizes) if args.sizes else []
    text = report(taxonomy, figures, compared, times, labelled, kept_looks())
    if args.no_write:
        print(text)
    else:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(REPO)}")
    return figures


if __name__ == "__main__":
    main()
