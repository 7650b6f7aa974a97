"""Tagging learned from the labelled papers (`labels/`), on top of taxonomy.yml's rules.

For each tag, a logistic regression weighs two kinds of evidence: what the
tag's rules found (its phrases in the title, the keywords, the abstract; its
points against its threshold; whether the rules give the tag) and the words
of the paper (TF-IDF of the title, and of the abstract with the keywords).
It is trained at generate time on every labelled paper, in a second or two,
and gives a probability per tag; a paper gets the tags of probability at
least `scoring.learned` percent, the `max_tags` highest (ties: taxonomy
order), else the rules' tags. A tag with fewer than MIN_LABELS labelled
papers is left to the rules. Same labels, taxonomy and text: same tags
(the solver is deterministic, and probabilities are rounded before any
comparison so the last bits of floating point never decide).

Steering: a phrase added to taxonomy.yml changes the evidence the model
weighs; a labelled paper added or corrected in labels/ changes the weights.
`explain` says which evidence gave a paper a tag.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .labels import Labelled
from ..archive.model import Paper
from .tagging import Mentions

# `taxonomy` arguments are taxonomy.Taxonomy, which imports this module when
# it has labels to learn from (not imported here: no import circle).

C = 0.3  # inverse regularisation, chosen by bench/tags_model_cv.py
RULE_WEIGHT = 3.0  # the rules' features are scaled up beside TF-IDF values, so they weigh as much
MIN_LABELS = 2  # labelled papers a tag needs to be learned; below, the rules decide it
RULE_FEATURES = ("title", "keywords", "abstract", "earned", "given", "points")
DIGITS = 6  # probabilities are rounded to this many decimals


def title_text(p: Paper) -> str:
    return p.title


def body_text(p: Paper) -> str:
    return p.abstract + "\n" + "\n".join(p.ai_keywords)


def rule_features(taxonomy: "Taxonomy", mentions: dict[str, Mentions], given: Sequence[str]) -> np.ndarray:
    """Tags x RULE_FEATURES: the rules' evidence for each tag, each in 0..1."""
    s, out = taxonomy.scoring, np.zeros((len(taxonomy.tags), len(RULE_FEATURES)))
    given = set(given)
    for j, tag in enumerate(taxonomy.tags):
        m = mentions.get(tag.slug)
        if m is None:
            continue
        points = m.points(s)
        need = m.needs(tag.threshold or s.threshold, s)
        out[j] = (m.title > 0, m.keywords > 0, min(m.abstract, 3) / 3, points >= need, tag.slug in given, min(points, 6) / 6)
    return out


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer
    return TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words="english", ngram_range=(1, 2),
                           strip_accents="unicode", dtype=np.float64)


@dataclass
class Evidence:
    """What the model sees of some papers: their text and the rules' findings."""

    titles: object  # sparse, papers x title vocabulary
    bodies: object  # sparse, papers x body vocabulary
    rules: np.ndarray  # papers x tags x RULE_FEATURES
    given: list[list[str]]  # the rules' tags of each paper


class Model:
    """Per-tag weights learned from labelled papers. Build with `fit`."""

    def __init__(self, taxonomy: "Taxonomy", titles, bodies, learned: np.ndarray, w_title: np.ndarray,
                 w_body: np.ndarray, w_rules: np.ndarray, bias: np.ndarray, papers: int):
        self.taxonomy = taxonomy
        self.titles, self.bodies = titles, bodies  # fitted vectorizers
        self.learned = learned  # tags x bool: learned, or left to the rules
        self.w_title, self.w_body, self.w_rules, self.bias = w_title, w_body, w_rules, bias
        self.papers = papers  # labelled papers trained on

    @classmethod
    def fit(cls, taxonomy: "Taxonomy", labelled: Sequence[Labelled], c: float = C) -> "Model":
        # One BLAS thread: from about 500 labelled papers OpenBLAS starts threads that,
        # beside any other work on 2 cores, made learning 10-15 times slower (20 s of CPU for 559).
        from threadpoolctl import threadpool_limits
        with threadpool_limits(limits=1):
            return cls._fit(taxonomy, labelled, c)

    @classmethod
    def _fit(cls, taxonomy: "Taxonomy", labelled: Sequence[Labelled], c: float) -> "Model":
        from scipy import sparse
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LogisticRegression

        tags = taxonomy.tags
        titles, bodies = _vectorizer(), _vectorizer()
        papers = [x.paper for x in labelled]
        try:
            xt = titles.fit_transform([title_text(p) for p in papers])
            xb = bodies.fit_transform([body_text(p) for p in papers])
        except ValueError:  # too few labelled papers to share a word: nothing to learn
            return cls._empty(taxonomy, len(papers))
        rules = _rule_evidence(taxonomy, papers)[0]
        nt, nb, nr = xt.shape[1], xb.shape[1], len(RULE_FEATURES)
        w_title, w_body = np.zeros((nt, len(tags))), np.zeros((nb, len(tags)))
        w_rules, bias, learned = np.zeros((len(tags), nr)), np.zeros(len(tags)), np.zeros(len(tags), bool)
        for j, tag in enumerate(tags):
            y = np.array([tag.slug in x.tags for x in labelled])
            if y.sum() < MIN_LABELS or y.all():
                continue
            x = sparse.hstack([xt, xb, sparse.csr_matrix(rules[:, j] * RULE_WEIGHT)]).tocsr()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
            w = model.coef_[0]
            w_title[:, j], w_body[:, j], w_rules[j] = w[:nt], w[nt:nt + nb], w[nt + nb:] * RULE_WEIGHT
            bias[j], learned[j] = model.intercept_[0], True
        return cls(taxonomy, titles, bodies, learned, w_title, w_body, w_rules, bias, len(papers))

    @classmethod
    def _empty(cls, taxonomy: "Taxonomy", papers: int) -> "Model":
        n = len(taxonomy.tags)
        return cls(taxonomy, None, None, np.zeros(n, bool), np.zeros((0, n)), np.zeros((0, n)),
                   np.zeros((n, len(RULE_FEATURES))), np.zeros(n), papers)

    def evidence(self, papers: Sequence[Paper]) -> Evidence:
        from scipy import sparse
        rules, given = _rule_evidence(self.taxonomy, papers)
        if self.titles is None:
            empty = sparse.csr_matrix((len(papers), 0))
            return Evidence(empty, empty, rules, given)
        return Evidence(self.titles.transform([title_text(p) for p in papers]),
                        self.bodies.transform([body_text(p) for p in papers]), rules, given)

    def probabilities(self, ev: Evidence) -> np.ndarray:
        """Papers x tags; a tag left to the rules is 1 where they give it, else 0."""
        score = (ev.titles @ self.w_title) + (ev.bodies @ self.w_body)
        score = np.asarray(score) + np.einsum("ntf,tf->nt", ev.rules, self.w_rules) + self.bias
        p = np.round(1.0 / (1.0 + np.exp(-score)), DIGITS)
        return np.where(self.learned, p, ev.rules[:, :, RULE_FEATURES.index("given")])

    def choose(self, papers: Sequence[Paper]) -> list[list[str]]:
        """Each paper's tags (slugs, highest probability first)."""
        from threadpoolctl import threadpool_limits
        with threadpool_limits(limits=1):
            ev = self.evidence(papers)
            rows = self.probabilities(ev)
        return [choose_row(self.taxonomy, row, given) for row, given in zip(rows, ev.given)]

    def explain(self, paper: Paper, top: int = 4) -> list[tuple[str, float, str]]:
        """(slug, probability, why) for every tag of probability 5% or more:
        the words and rule findings that weigh most for it."""
        ev = self.evidence([paper])
        p = self.probabilities(ev)[0]
        out = []
        names_t = self.titles.get_feature_names_out() if self.titles is not None else []
        names_b = self.bodies.get_feature_names_out() if self.bodies is not None else []
        for j in sorted(range(len(p)), key=lambda j: (-p[j], j)):
            if p[j] < 0.05:
                break
            slug = self.taxonomy.tags[j].slug
            if not self.learned[j]:
                out.append((slug, float(p[j]), "too few labelled papers: the rules decide"))
                continue
            parts = []
            row = ev.titles.getrow(0)
            parts += [(row.data[k] * self.w_title[i, j], f"title '{names_t[i]}'") for k, i in enumerate(row.indices)]
            row = ev.bodies.getrow(0)
            parts += [(row.data[k] * self.w_body[i, j], f"'{names_b[i]}'") for k, i in enumerate(row.indices)]
            parts += [(ev.rules[0, j, f] * self.w_rules[j, f], f"rules: {name}") for f, name in enumerate(RULE_FEATURES)
                      if ev.rules[0, j, f]]
            parts.sort(key=lambda cw: (-abs(cw[0]), cw[1]))
            why = ", ".join(f"{name} {c:+.2f}" for c, name in parts[:top] if abs(c) >= 0.005)
            out.append((slug, float(p[j]), f"{why}; base {self.bias[j]:+.2f}"))
        return out


def _rule_evidence(taxonomy: "Taxonomy", papers: Sequence[Paper]) -> tuple[np.ndarray, list[list[str]]]:
    rules, given = np.zeros((len(papers), len(taxonomy.tags), len(RULE_FEATURES))), []
    for i, p in enumerate(papers):
        mentions = taxonomy.mentions(p)
        chosen = taxonomy.rule_tags(p, mentions)
        rules[i] = rule_features(taxonomy, mentions, chosen)
        given.append(chosen)
    return rules, given


def choose_row(taxonomy: "Taxonomy", p: np.ndarray, given: list[str]) -> list[str]:
    """The tags of probability >= scoring.learned percent, the max_tags most
    probable (ties: taxonomy order), less those that yield to another of them
    (taxonomy.yml's `yields_to`, as for the rules); none: the rules' own tags."""
    cut = taxonomy.scoring.learned / 100
    order = sorted((j for j in range(len(p)) if p[j] >= cut), key=lambda j: (-p[j], j))
    passing = {taxonomy.tags[j].slug for j in order}
    kept = [taxonomy.tags[j].slug for j in order if not passing.intersection(taxonomy.tags[j].yields_to)]
    return kept[:taxonomy.scoring.max_tags] or list(given)
