"""A small, fixed archive for golden files and page-structure tests."""
from __future__ import annotations

from generator.archive.model import Paper


def sample_papers() -> dict[str, Paper]:
    papers = [
        Paper(
            key="2503.08638", arxiv_id="2503.08638",
            title="YuE: Scaling Open Foundation Models for Long-Form Music Generation",
            abstract="We tackle the task of long-form music generation, particularly the challenging "
                     "lyrics-to-song problem, by introducing YuE, a family of open foundation models.",
            authors=["Ruibin Yuan", "Hanfeng Lin"], published="2025-03-11",
            list_dates=["2025-03-12"], categories=["cs.SD"],
            links={"arxiv": "https://arxiv.org/abs/2503.08638", "code": "https://github.com/multimodal-art-projection/YuE",
                   "hf": "https://huggingface.co/papers/2503.08638", "pdf": "https://arxiv.org/pdf/2503.08638"},
            upvotes=34, stars=120, figures_date="2025-03-12",
            ai_summary="YuE generates songs from lyrics with open models.",
            ai_keywords=["music generation", "in-context learning"],
            sources=["tests/fixtures/hf-daily-papers/2025-03-12.json"],
        ),
        Paper(
            key="a-tutorial-on-bayesian-optimization",
            title="A Tutorial on Bayesian Optimization",
            abstract="Bayesian optimization is an approach to optimizing objective functions that take "
                     "a long time to evaluate, using Gaussian process regression.",
            list_dates=["2025-03-12", "2025-03-13"],
            sources=["data/sources/daily-page/2025-03-12.txt"],
        ),
        Paper(
            key="o-1-alpha-bounds-for-b-tags-and-x-markdown",
            title="$O(1/\\alpha)$ bounds for <b>tags</b> & *x* [markdown] #1",
            abstract="Text with <script>alert(1)</script>, _underscores_ and `code`; a link [x](javascript:alert(1)).",
            authors=["Ada <Lovelace>", "Ren\u00e9 Desc\u00e4rtes"],
            list_dates=["2025-03-13"], upvotes=2, figures_date="2025-03-13",
            sources=["tests/sample.py"],
        ),
    ]
    return {p.key: p for p in papers}
