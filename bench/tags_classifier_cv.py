"""Would a small classifier beside taxonomy.yml's rules tag better? Measured on
the tuning split alone, by 5-fold cross-validation within it (the folds of
bench/tags_cv.py), so the answer does not touch the held-out split
(labels/README.md, look 6).

    .venv/bin/python bench/tags_classifier_cv.py

Two classifiers (scikit-learn), each trained inside the folds, its settings
chosen on the training folds by tags_cv.py's criterion (best precision with
recall >= 0.83):

- "re-scorer": one logistic regression over the rules' evidence for each
  (paper, tag) candidate (title / keywords / abstract mentions, points above
  the tag's threshold, points below the paper's best tag, best tag or not,
  keywords present but silent), in place of points and thresholds;
- "text": one TF-IDF logistic regression per tag over title, abstract and
  keywords, beside the rules: a tag the rules give is dropped below
  probability `lo`, a tag the classifier gives at `hi` or more is added
  (`lo` and `hi` chosen on inner folds of the training folds).

Prints the rules' figures on each fold left out beside each classifier's.
Deterministic. Not part of the build: tagging uses the rules alone, because
neither classifier beat them here (labels/README.md).
"""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from bench_tags import REPO, load_labels, parse_file  # noqa: E402
from tags_cv import FOLDS, RECALL_FLOOR, pr  # noqa: E402

TAXONOMY = parse_file(REPO / "taxonomy.yml")
SLUGS = [t.slug for t in TAXONOMY.tags]
ITEMS = [x for x in load_labels() if x.split == "tuning"]
WANT = [set(x.tags) for x in ITEMS]
RULES = [set(TAXONOMY.matched(x.paper)) for x in ITEMS]


def folds(n: int) -> list[tuple[list[int], list[int]]]:
    return [([i for i in range(n) if i % FOLDS != k], [i for i in range(n) if i % FOLDS == k]) for k in range(FOLDS)]


def tally(pairs) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for want, got in pairs:
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
    return tp, fp, fn


def best(options, score):
    """The option with the best precision among those with recall >= RECALL_FLOOR (ties: the first)."""
    def key(io):
        p, r = pr(score(io[1]))
        return (r >= RECALL_FLOOR, p, r, -io[0])
    return max(enumerate(options), key=key)[1]


# -- re-scorer: a logistic regression over the rules' evidence --------------

def candidates(x) -> list[tuple[str, list[float], int]]:
    s = TAXONOMY.scoring
    mentions = TAXONOMY.mentions(x.paper)
    points = {slug: m.points(s) for slug, m in mentions.items()}
    top = max(points.values(), default=0)
    first = min(points, key=lambda slug: (-points[slug], TAXONOMY._order[slug]), default=None)
    rows = []
    for slug, m in mentions.items():
        need = m.needs(TAXONOMY._thresholds.get(slug, s.threshold), s)
        rows.append((slug, [m.title > 0, m.keywords > 0, min(m.abstract, 5), points[slug] - need,
                            points[slug] - top, slug == first, bool(x.paper.ai_keywords) and m.keywords == 0], points[slug]))
    return rows


CANDIDATES = [candidates(x) for x in ITEMS]
CUTS = [c / 100 for c in range(20, 81, 5)]


def rescored(model, i: int, cut: float) -> set[str]:
    rows = CANDIDATES[i]
    if not rows:
        return set()
    p = model.predict_proba(np.array([f for _, f, _ in rows], float))[:, 1]
    order = sorted(range(len(rows)), key=lambda j: (-p[j], TAXONOMY._order[rows[j][0]]))
    got = [rows[j][0] for j in order if p[j] >= cut][:TAXONOMY.scoring.max_tags]
    if not got and rows[order[0]][2] >= TAXONOMY.scoring.threshold:
        got = [rows[order[0]][0]]  # as the rules: a paper keeps its best tag
    return set(got)


def rescorer(train: list[int], c: float):
    x = [f for i in train for _, f, _ in CANDIDATES[i]]
    y = [slug in WANT[i] for i in train for slug, _, _ in CANDIDATES[i]]
    return LogisticRegression(C=c, max_iter=2000).fit(np.array(x, float), np.array(y))


# -- text: TF-IDF and a logistic regression per tag, beside the rules -------

TEXTS = [f"{x.paper.title} {x.paper.title} {x.paper.abstract} {' '.join(x.paper.ai_keywords)}" for x in ITEMS]
LOS, HIS = (0.0, 0.1, 0.2, 0.3, 0.4), (0.5, 0.6, 0.7, 0.8, 1.1)  # hi 1.1: add nothing


def text_probabilities(train: list[int], test: list[int], c: float) -> np.ndarray:
    vec = TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words="english", ngram_range=(1, 2))
    x_train, x_test = vec.fit_transform([TEXTS[i] for i in train]), vec.transform([TEXTS[i] for i in test])
    out = np.zeros((len(test), len(SLUGS)))
    for j, slug in enumerate(SLUGS):
        y = np.array([slug in WANT[i] for i in train])
        if y.sum() >= 2:
            model = LogisticRegression(C=c, class_weight="balanced", max_iter=1000).fit(x_train, y)
            out[:, j] = model.predict_proba(x_test)[:, 1]
    return out


def beside_rules(i: int, p: np.ndarray, lo: float, hi: float) -> set[str]:
    kept = {slug for slug in RULES[i] if p[SLUGS.index(slug)] >= lo} or RULES[i]
    return kept | {slug for j, slug in enumerate(SLUGS) if p[j] >= hi}


def main() -> None:
    n = len(ITEMS)
    rules = tally((WANT[i], RULES[i]) for i in range(n))
    print(f"{n} tuning papers, {FOLDS} folds; rules (taxonomy.yml): precision %.3f, recall %.3f {rules}" % pr(rules))
    for c in (0.1, 1.0, 10.0):
        total, cuts = (0, 0, 0), []
        for train, test in folds(n):
            model = rescorer(train, c)
            cut = best(CUTS, lambda cut: tally((WANT[i], rescored(model, i, cut)) for i in train))
            cuts.append(cut)
            total = tuple(a + b for a, b in zip(total, tally((WANT[i], rescored(model, i, cut)) for i in test)))
        print(f"re-scorer C={c}: out of fold precision %.3f, recall %.3f {total}; cuts {cuts}" % pr(total))
    for c in (1.0, 10.0, 100.0):
        total, chosen = (0, 0, 0), []
        for train, test in folds(n):
            inner = np.zeros((len(train), len(SLUGS)))
            for inner_train, inner_test in folds(len(train)):
                inner[inner_test] = text_probabilities([train[a] for a in inner_train], [train[a] for a in inner_test], c)
            lo, hi = best(list(itertools.product(LOS, HIS)),
                          lambda lh: tally((WANT[i], beside_rules(i, inner[a], *lh)) for a, i in enumerate(train)))
            chosen.append((lo, hi))
            p = text_probabilities(train, test, c)
            total = tuple(a + b for a, b in zip(total, tally((WANT[i], beside_rules(i, p[a], lo, hi)) for a, i in enumerate(test))))
        print(f"rules + text C={c}: out of fold precision %.3f, recall %.3f {total}; (lo, hi) {chosen}" % pr(total))


if __name__ == "__main__":
    main()
