"""Related papers: TF-IDF neighbours, deterministic, and their section on the page."""
from __future__ import annotations

import random

from generator.site import related
from generator.build import pages as site
from generator.archive import store
from generator.archive.model import Paper
from generator.tags.taxonomy import load_taxonomy

from .project import REPO

TOPICS = [
    "graph neural networks for molecule property prediction with message passing",
    "speech recognition with self supervised audio encoders and low resource languages",
    "reinforcement learning from human feedback for aligning chat assistants",
    "diffusion models for high resolution image synthesis and editing",
    "quantization of large language model weights to four bits for inference",
    "bayesian optimization of expensive black box functions with gaussian processes",
    "robot manipulation policies learned from teleoperated demonstrations",
    "protein structure prediction from sequence with attention networks",
]


def paper(key: str, title: str, abstract: str, day: str = "2025-03-12") -> Paper:
    return Paper(key=key, title=title, abstract=abstract, list_dates=[day])


def synthetic() -> dict[str, Paper]:
    """Sixty papers on eight topics, and two pairs of near-duplicates."""
    rng = random.Random(7)
    filler = ("we propose a method and evaluate it on standard benchmarks where it improves "
              "results over strong baselines while using less compute").split()
    papers = {}
    for i in range(60):
        topic = TOPICS[i % len(TOPICS)]
        words = topic.split()
        rng.shuffle(words)
        abstract = " ".join(words[:6] + rng.sample(filler, 8) + words[6:])
        papers[f"p{i:03d}"] = paper(f"p{i:03d}", f"Study {i} of {' '.join(words[:3])}", abstract)
    base = ("Sparse mixture of experts routers collapse onto few experts; we introduce a balancing loss "
            "with entropy regularisation that keeps every expert busy and speeds up pretraining")
    papers["dup-a1"] = paper("dup-a1", "Balanced routing for mixture of experts", base)
    papers["dup-a2"] = paper("dup-a2", "Balanced routing for mixture-of-experts models", base.replace("speeds up", "accelerates"))
    other = ("Tokenizer free byte level transformers read raw bytes of text in many scripts and match "
             "subword models on translation while handling spelling noise gracefully")
    papers["dup-b1"] = paper("dup-b1", "Byte level transformers without tokenizers", other, "2025-03-13")
    papers["dup-b2"] = paper("dup-b2", "Byte-level transformers without a tokenizer", other + " and code", "2025-03-14")
    return papers


def test_near_duplicate_abstracts_rank_each_other_first():
    out = related.compute(synthetic())
    assert out["dup-a1"][0] == "dup-a2"
    assert out["dup-a2"][0] == "dup-a1"
    assert out["dup-b1"][0] == "dup-b2"
    assert out["dup-b2"][0] == "dup-b1"


def test_lists_are_short_exclude_the_paper_and_name_real_papers():
    papers = synthetic()
    out = related.compute(papers)
    assert sorted(out) == sorted(papers)
    for key, keys in out.items():
        assert len(keys) == related.COUNT or (key.startswith("dup") and keys)  # dups share words with their twin only
        assert key not in keys
        assert len(set(keys)) == len(keys)
        assert set(keys) <= set(papers)


def test_same_topic_papers_are_related():
    out = related.compute(synthetic())
    # p000, p008, p016... share TOPICS[0]; most of p000's neighbours are among them.
    same = {f"p{i:03d}" for i in range(0, 60, len(TOPICS))}
    assert len(set(out["p000"]) & same) >= 4


def test_identical_results_across_runs_and_input_orders():
    papers = synthetic()
    first = related.compute(papers)
    keys = list(papers)
    random.Random(1).shuffle(keys)
    shuffled = {k: papers[k] for k in keys}
    assert related.compute(shuffled) == first
    assert related.compute(papers) == first


def test_equal_scores_are_broken_by_key():
    text = "contrastive pretraining of vision and language encoders on web image captions"
    papers = {k: paper(k, "Same title", text) for k in ("c", "a", "d", "b")}
    papers["z"] = paper("z", "Unrelated", "protein folding kinetics")
    out = related.compute(papers)
    assert out["a"] == ["b", "c", "d"]
    assert out["d"] == ["a", "b", "c"]
    assert out["z"] == []  # nothing shared: no related papers rather than arbitrary ones


def test_tiny_and_empty_archives():
    assert related.compute({}) == {}
    assert related.compute({"a": paper("a", "Only one", "text")}) == {"a": []}
    empty = {"a": paper("a", "The", ""), "b": paper("b", "A", "")}  # stop words only
    assert related.compute(empty) == {"a": [], "b": []}


def test_embedded_archive_is_deterministic():
    papers = store.load(REPO)
    first = related.compute(papers)
    assert related.compute(papers) == first
    assert all(len(v) == related.COUNT for v in first.values())


def test_section_on_the_paper_page_with_list_dates():
    papers = synthetic()
    ctx = site.make_context(papers, load_taxonomy(REPO))
    pages = site.build(papers, ctx, [related.extension])
    page = pages["papers/dup-b1.md"]
    assert '<h2 id="related">Related papers</h2>' in page
    assert '<a href="../dup-b2/">Byte-level transformers without a tokenizer</a> · 14 March 2025' in page


def test_section_escapes_titles():
    hostile = paper("h", "<script>x</script> & co", "a b")
    html = related.section("k", [hostile])
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in html
