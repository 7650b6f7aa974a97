"""Related papers: each paper's nearest neighbours by TF-IDF cosine of title
and abstract, computed at build time, and their section on the paper page.

Deterministic: papers are taken in key order, and equal scores are broken by
key. Fast: the similarity matrix is never held whole; rows are multiplied
in blocks of sparse matrices and only each row's best few are kept. Blocks
run on a few threads (SciPy's sparse products and NumPy release the GIL);
each block's result depends only on the block, so the threads change nothing.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import urls
from ..archive.model import Paper
from .render import escape, math
from .render.common import Context, long_date

COUNT = 5
BLOCK = 512  # rows of the similarity matrix computed at a time (~100 MB each at 20,000 papers)
WORKERS = min(2, os.cpu_count() or 1)
# A word in more than this share of the papers (and in more than COMMON papers)
# says little about any of them; leaving such words out keeps the sparse
# products sparse, and fast.
MAX_DF = 0.2
COMMON = 10


def text_of(p: Paper) -> str:
    return f"{p.title}\n{p.abstract}"


def compute(papers: dict[str, Paper], count: int = COUNT) -> dict[str, list[str]]:
    """Paper key -> keys of its `count` most similar papers, best first.

    Only papers sharing some word are related: a paper may get fewer than
    `count` (none in an archive of one paper).
    """
    return compute_texts({k: text_of(p) for k, p in papers.items()}, count)


def compute_texts(texts: dict[str, str], count: int = COUNT) -> dict[str, list[str]]:
    """`compute` from each paper's text_of (what `make serve` hands a child process)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = sorted(texts)
    if len(keys) < 2:
        return {k: [] for k in keys}
    vectorizer = TfidfVectorizer(lowercase=True, strip_accents="unicode", stop_words="english",
                                 sublinear_tf=True, dtype=np.float32,
                                 max_df=max(int(MAX_DF * len(keys)), COMMON))
    try:
        matrix = vectorizer.fit_transform([texts[k] for k in keys]).tocsr()
    except ValueError:  # no words at all (every text empty or stop words)
        return {k: [] for k in keys}
    transposed = matrix.T.tocsr()

    def block(start: int) -> tuple[np.ndarray, np.ndarray]:
        return _best((matrix[start : start + BLOCK] @ transposed).toarray(), start, count)

    out: dict[str, list[str]] = {k: [] for k in keys}
    with ThreadPoolExecutor(WORKERS) as pool:
        for rows, cols in pool.map(block, range(0, len(keys), BLOCK)):  # in block order
            for i, j in zip(rows.tolist(), cols.tolist()):
                out[keys[i]].append(keys[j])
    return out


def _best(scores: np.ndarray, start: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(paper, related paper) index pairs: each row's `count` best columns,
    best first, equal scores in column (= key) order; only positive scores.

    `scores` holds rows start.. of the similarity matrix, dense.
    """
    rows, n = scores.shape
    scores[np.arange(rows), np.arange(start, start + rows)] = 0  # a paper is not related to itself
    if n > count:
        # The count-th best score of each row; everything at least as good is
        # a candidate (more than `count` only when scores tie).
        threshold = np.partition(scores, n - count, axis=1)[:, n - count]
    else:
        threshold = np.zeros(rows, dtype=scores.dtype)
    threshold = np.maximum(threshold, np.finfo(scores.dtype).tiny)
    r, c = np.nonzero(scores >= threshold[:, None])
    order = np.lexsort((c, -scores[r, c], r))
    r, c = r[order], c[order]
    rank = np.arange(len(r)) - np.searchsorted(r, r)  # position within its row
    keep = rank < count
    return r[keep] + start, c[keep]


def extension(papers: dict[str, Paper], ctx: Context) -> dict[str, str]:
    """An Extension: a "Related papers" section on every paper page. The
    map stays in the context (`make serve` keeps it between edits)."""
    for key, related in ctx.memo("related", lambda: compute(papers)).items():
        if related:
            ctx.paper_sections.setdefault(key, []).append(section(key, [papers[k] for k in related]))
    return {}


def section(key: str, related: list[Paper]) -> str:
    here = urls.paper(key)
    items = "".join(
        f'<li>{escape.link(urls.href(here, urls.paper(p.key)), math.to_text(p.title))} · '
        f'{escape.text(", ".join(long_date(d) for d in p.list_dates))}</li>'
        for p in related)
    return f'<h2 id="related">Related papers</h2>\n<ol class="pa-related">{items}</ol>'
