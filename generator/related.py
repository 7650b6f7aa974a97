"""Related papers: each paper's nearest neighbours by TF-IDF cosine of title
and abstract, computed at build time, and their section on the paper page.

Deterministic: papers are taken in key order, and equal scores are broken by
key. Fast: the similarity matrix is never held whole; rows are multiplied
in blocks of sparse matrices and only each row's best few are kept.
"""
from __future__ import annotations

import numpy as np

from . import urls
from .model import Paper
from .render import escape
from .render.common import Context, long_date

COUNT = 5
BLOCK = 1024  # rows of the similarity matrix computed at a time
# A word in more than this share of the papers says little about any of them;
# leaving such words out keeps the sparse products sparse (and fast).
MAX_DF = 0.2


def text_of(p: Paper) -> str:
    return f"{p.title}\n{p.abstract}"


def compute(papers: dict[str, Paper], count: int = COUNT) -> dict[str, list[str]]:
    """Paper key -> keys of its `count` most similar papers, best first.

    Only papers sharing some word are related: a paper may get fewer than
    `count` (none in an archive of one paper).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = sorted(papers)
    if len(keys) < 2:
        return {k: [] for k in keys}
    vectorizer = TfidfVectorizer(lowercase=True, strip_accents="unicode", stop_words="english",
                                 sublinear_tf=True, dtype=np.float32,
                                 max_df=MAX_DF if len(keys) >= 50 else 1.0)
    try:
        matrix = vectorizer.fit_transform([text_of(papers[k]) for k in keys]).tocsr()
    except ValueError:  # no words at all (every text empty or stop words)
        return {k: [] for k in keys}
    matrix.sort_indices()
    transposed = matrix.T.tocsr()
    out: dict[str, list[str]] = {}
    for start in range(0, len(keys), BLOCK):
        block = (matrix[start : start + BLOCK] @ transposed).tocsr()
        block.sort_indices()
        for row in range(block.shape[0]):
            i = start + row
            lo, hi = block.indptr[row], block.indptr[row + 1]
            cols, scores = block.indices[lo:hi], block.data[lo:hi]
            keep = (cols != i) & (scores > 0)
            cols, scores = cols[keep], scores[keep]
            if len(cols) > count:
                # Everything scoring at least the count-th best, then an exact,
                # tie-breaking sort of those few: score descending, key ascending.
                threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
                near = scores >= threshold
                cols, scores = cols[near], scores[near]
            order = np.lexsort((cols, -scores))[:count]
            out[keys[i]] = [keys[j] for j in cols[order]]
    return out


def extension(papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
    """An Extension: a "Related papers" section on every paper page."""
    for key, related in compute(papers).items():
        if related:
            ctx.paper_sections.setdefault(key, []).append(section(key, [papers[k] for k in related]))
    return {}


def section(key: str, related: list[Paper]) -> str:
    here = urls.paper(key)
    items = "".join(
        f'<li>{escape.link(urls.href(here, urls.paper(p.key)), p.title)} · '
        f'{escape.text(", ".join(long_date(d) for d in p.list_dates))}</li>'
        for p in related)
    return f'<h2 id="related">Related papers</h2>\n<ol class="pa-related">{items}</ol>'
