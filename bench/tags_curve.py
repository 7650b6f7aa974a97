"""Would more labelled papers help the learned tagging? Two measures, on the
labelled papers alone (deterministic; a minute on 2 cores):

    .venv/bin/python bench/tags_curve.py

1. The learning curve: 5-fold cross-validation over the tuning split of every
   labels file, the model (generator/tags/tagmodel.py, taxonomy.yml's settings)
   trained on a quarter, a half, three quarters or all of the other folds;
   out-of-fold figures on the new and old papers.
2. Recent papers: the fresh papers (labels/hf-papers-fresh.jsonl, 2025-2026)
   tagged by a model trained on every other labelled paper, against one that
   also learns from the other four fifths of the fresh papers.

Figures of the fresh papers are looks at a held-out set: record them in
bench/results-tags.md (labels/README.md).
"""
from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from bench_tags import FRESH, NEW, REPO, load_labels, parse_file, source  # noqa: E402
from generator.tags.tagmodel import C, Model, choose_row  # noqa: E402
from tags_model_cv import FOLDS, figures, tally  # noqa: E402

FRACTIONS = (0.25, 0.5, 0.75, 1.0)


def out_of_fold(tax, items, train_extra=(), fraction=1.0, fold_of=None):
    """Each item's tags from a model that never saw it."""
    fold_of = fold_of or (lambda i: i % FOLDS)
    got = [None] * len(items)
    for fold in range(FOLDS):
        train = [x for i, x in enumerate(items) if fold_of(i) != fold]
        train = random.Random(fold).sample(train, int(len(train) * fraction)) + list(train_extra)
        test = [i for i in range(len(items)) if fold_of(i) == fold]
        model = Model.fit(tax, train, C)
        ev = model.evidence([items[i].paper for i in test])
        for i, p, given in zip(test, model.probabilities(ev), ev.given):
            got[i] = set(choose_row(tax, p, given))
    return got


def line(name: str, items, got) -> str:
    p, r, f1, g, w = figures(tally((set(x.tags), t) for x, t in zip(items, got)), len(items))
    return f"{name}: {len(items)} papers, P {p:.3f} R {r:.3f} F1 {f1:.3f}, tags {g:.2f} (readers {w:.2f})"


def main() -> None:
    tax = parse_file(REPO / "taxonomy.yml")
    labelled = load_labels(REPO, tax)
    tuning = [x for x in labelled if x.split == "tuning"]
    print("1. learning curve (out of fold, tuning split)")
    for fraction in FRACTIONS:
        got = out_of_fold(tax, tuning, fraction=fraction)
        for name, keep in (("new", lambda x: source(x) == NEW), ("other", lambda x: source(x) != NEW)):
            idx = [i for i, x in enumerate(tuning) if keep(x)]
            print(f"  {fraction:.0%} of the training folds, " + line(name, [tuning[i] for i in idx], [got[i] for i in idx]))
    fresh = [x for x in labelled if source(x) == FRESH]
    others = [x for x in labelled if source(x) != FRESH]
    if fresh:
        print("2. fresh papers (5 folds)")
        alone = out_of_fold(tax, fresh, train_extra=others, fraction=0.0)
        print("  learning from the other labels files only, " + line("fresh", fresh, alone))
        both = out_of_fold(tax, fresh, train_extra=others)
        print("  and from the other fresh folds too, " + line("fresh", fresh, both))


if __name__ == "__main__":
    main()
