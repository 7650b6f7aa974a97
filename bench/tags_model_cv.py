"""Choosing `scoring.learned` (the probability a tag needs from the model
learned from labels/), `max_tags` and the model's regularisation
(generator/tags/tagmodel.py's C) on the tuning split alone, by 5-fold
cross-validation within it, so the choice never touches the held-out split
(labels/README.md).

    .venv/bin/python bench/tags_model_cv.py

Per fold, the model (generator/tags/tagmodel.py) is trained on the other four
folds' labelled papers and tags the fold left out; every setting of the grid
is scored on the out-of-fold tags of all tuning papers. The chosen setting
has the best F1 among those whose tags per paper are within 0.3 of the
reader's in every labels file (the target of issue 20; ties: fewer tags,
then grid order). Prints every setting, overall
and for each labels file. Deterministic: folds by position in the files.
"""
from __future__ import annotations

import dataclasses
import itertools
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from bench_tags import REPO, load_labels, parse_file  # noqa: E402
from generator.tags.tagmodel import Model, choose_row  # noqa: E402

LEARNED = (20, 25, 30, 35, 40, 45, 50)
MAX_TAGS = (3, 4)
CS = (0.3, 1.0, 3.0, 10.0)  # the model's regularisation (tagmodel.C)
FOLDS = 5
TAG_SPREAD = 0.3


def tally(pairs) -> tuple[int, int, int, int, int]:
    tp = fp = fn = given = wanted = 0
    for want, got in pairs:
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
        given, wanted = given + len(got), wanted + len(want)
    return tp, fp, fn, given, wanted


def figures(c, n: int) -> tuple[float, float, float, float, float]:
    tp, fp, fn, given, wanted = c
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), given / n, wanted / n


def main() -> None:
    base = parse_file(REPO / "taxonomy.yml")
    items = [x for x in load_labels() if x.split == "tuning"]
    files = sorted({x.where.split(":")[0] for x in items})
    rows = []
    for c, k in itertools.product(CS, MAX_TAGS):
        # learned: 1 so that the rules' evidence is computed under this max_tags
        tax = dataclasses.replace(base, scoring=dataclasses.replace(base.scoring, max_tags=k, learned=1))
        probs: list[tuple[np.ndarray, list[str]]] = [None] * len(items)  # type: ignore[list-item]
        for fold in range(FOLDS):
            train = [x for i, x in enumerate(items) if i % FOLDS != fold]
            test = [i for i in range(len(items)) if i % FOLDS == fold]
            model = Model.fit(tax, train, c)
            ev = model.evidence([items[i].paper for i in test])
            for i, p, given in zip(test, model.probabilities(ev), ev.given):
                probs[i] = (p, given)
        for cut in LEARNED:
            chosen = dataclasses.replace(tax, scoring=dataclasses.replace(tax.scoring, learned=cut))
            got = [set(choose_row(chosen, p, given)) for p, given in probs]
            per = {"all": figures(tally((set(x.tags), g) for x, g in zip(items, got)), len(items))}
            for f in files:
                idx = [i for i, x in enumerate(items) if x.where.startswith(f + ":")]
                per[f] = figures(tally((set(items[i].tags), got[i]) for i in idx), len(idx))
            rows.append(((cut, k, c), per))
    for (cut, k, c), per in rows:
        text = "  ".join(f"{name}: P {p:.3f} R {r:.3f} F1 {f1:.3f} tags {g:.2f}/{w:.2f}" for name, (p, r, f1, g, w) in per.items())
        print(f"C {c:4} learned {cut:2} max_tags {k}: {text}")
    ok = [(i, row) for i, row in enumerate(rows)
          if all(abs(f[3] - f[4]) <= TAG_SPREAD for f in row[1].values())] or list(enumerate(rows))
    i, ((cut, k, c), per) = max(ok, key=lambda ir: (round(ir[1][1]["all"][2], 4), -ir[1][1]["all"][3], -ir[0]))
    print(f"chosen: C {c}, learned {cut}, max_tags {k} (out of fold: P {per['all'][0]:.3f}, R {per['all'][1]:.3f}, F1 {per['all'][2]:.3f})")


if __name__ == "__main__":
    main()
