"""The labelled papers (labels/) as a maintainer meets them: they steer the
tagging, a bad line is reported with its file, line and field by `check` and
stops `generate`, and a paper's own tags still win over what is learned."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.tags import labels
from generator.archive.model import Paper
from generator.tags.taxonomy import load_taxonomy, parse, tags_of, tags_of_all

REPO = Path(__file__).resolve().parent.parent

TAGS = ("scoring: {learned: 50, max_tags: 2}\ntags:\n"
        "  - {slug: graphs, title: Graphs, description: Graphs., match: ['graph neural network*']}\n"
        "  - {slug: speech, title: Speech, description: Speech., match: [speech]}\n"
        "  - {slug: evaluation, title: Evaluation, description: Benchmarks., match: [benchmark, '*bench']}\n")


def line(id_: str, tags: list[str], title: str, abstract: str = "", **more) -> str:
    return json.dumps({"id": id_, "tags": tags, "title": title, "abstract": abstract, **more}) + "\n"


def labelled_root(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "archive"
    (root / "labels").mkdir(parents=True)
    (root / "taxonomy.yml").write_text(TAGS, encoding="utf-8")
    (root / "labels" / "papers.jsonl").write_text(text, encoding="utf-8")
    return root


def speech_labels(n: int = 12) -> str:
    # Papers about voices that never say "speech": only the labels teach that they are.
    out = ""
    for i in range(n):
        if i % 2:
            out += line(f"v{i}", ["speech"], f"Cloning a voice with vocoder number {i}", "A vocoder for voice cloning and singing voices.")
        else:
            out += line(f"g{i}", ["graphs"], f"Graph neural networks for molecules {i}", "Message passing on molecule graphs.")
    return out


def test_a_leading_star_matches_the_end_of_a_word_such_as_a_benchmark_name():
    tx = parse(TAGS.replace("{learned: 50, max_tags: 2}", "{max_tags: 2}"))
    assert tags_of(Paper(title="ScrambleToolBench: agents search exhaustively"), tx) == ["evaluation"]
    assert tags_of(Paper(title="MIGRATION-BENCH for code"), tx) == ["evaluation"]
    assert tags_of(Paper(title="Benchmarking pipelines"), tx) == []  # "benchmarking" does not end in "bench"


def test_a_leading_star_is_for_one_word():
    bad = TAGS.replace("'*bench'", "'*bench suite'")
    try:
        parse(bad)
    except Exception as exc:  # InputError
        assert str(exc) == "taxonomy.yml:item 2 (evaluation): match: '*bench suite': a leading * (a word ending so) is for one word, such as '*bench'"
    else:
        raise AssertionError("no error")


def test_labelled_papers_teach_a_topic_the_rules_do_not_name(tmp_path: Path):
    paper = Paper(title="Singing voice conversion with a vocoder", abstract="Voice cloning for singing voices.")
    rules_only = labelled_root(tmp_path / "a", "")
    assert tags_of(paper, load_taxonomy(rules_only)) == []
    taught = labelled_root(tmp_path / "b", speech_labels())
    assert tags_of(paper, load_taxonomy(taught)) == ["speech"]
    # learned: 0 in taxonomy.yml turns the model off: the rules alone again
    (taught / "taxonomy.yml").write_text(TAGS.replace("learned: 50", "learned: 0"), encoding="utf-8")
    assert tags_of(paper, load_taxonomy(taught)) == []


def test_what_is_learned_is_the_same_every_time_and_for_one_paper_or_many(tmp_path: Path):
    root = labelled_root(tmp_path, speech_labels())
    papers = {f"p{i}": Paper(key=f"p{i}", title=t, abstract=a) for i, (t, a) in enumerate([
        ("Graph neural networks for traffic", "Message passing."), ("Vocoder voices", "Singing voice cloning."),
        ("A speech benchmark", "SpeechBench evaluates speech models."), ("Nothing at all", "")])}
    first = tags_of_all(papers, load_taxonomy(root))
    assert first == tags_of_all(papers, load_taxonomy(root))
    fresh = load_taxonomy(root)
    assert {k: tags_of(p, fresh) for k, p in papers.items()} == first


def test_a_records_own_tags_and_a_commentarys_are_kept_whatever_is_learned(tmp_path: Path):
    tx = load_taxonomy(labelled_root(tmp_path, speech_labels()))
    paper = Paper(title="Singing voice conversion with a vocoder", abstract="Voice cloning.", tags=["graphs"])
    assert tags_of(paper, tx) == ["graphs", "speech"]
    assert tags_of(Paper(title="Vocoder voices", abstract="Voice cloning."), tx, extra=("evaluation",)) == ["speech", "evaluation"]


BAD = [
    ('{"id": "a", "tags": ["graphs"], "title": "T", "abstract": "A"}', None),
    ('{"id": "a", "tags": ["graphs"], "title": "T", "abstract": "A"}', "labels/papers.jsonl:2: id: 'a' is already labelled at labels/papers.jsonl:1"),
    ('{"id": "b", "tags": ["graph"], "title": "T", "abstract": "A"}', "labels/papers.jsonl:3: tags: 'graph' is not a tag of taxonomy.yml"),
    ('{"id": "c", "tags": [], "title": "T", "abstract": "A"}', "labels/papers.jsonl:4: tags: must be a list of 1 to 4 tag slugs"),
    ('{"id": "d", "tag": ["graphs"], "title": "T", "abstract": "A"}',
     "labels/papers.jsonl:5: tag: unknown field (known: id, split, tags, title, source, list_date, abstract, ai_keywords)"),
    ('{"id": "e", "tags": ["graphs"], "title": "T", "abstract": "A", "split": "test"}', "labels/papers.jsonl:6: split: must be one of tuning, held-out"),
    ('{"id": "f", "tags": ["graphs"], "title": ""}', "labels/papers.jsonl:7: title: must be non-empty text"),
    ('{"id": "g", "tags": ["graphs"], "title": "T", "abstract": "A", "ai_keywords": "x"}', "labels/papers.jsonl:8: ai_keywords: must be a list of text"),
    ('{"id": "h", "tags": ["graphs", "graphs"], "title": "T", "abstract": "A"}', "labels/papers.jsonl:9: tags: lists a tag twice"),
    ('{"id": "i", "tags": ["graphs"], "title": "T"}', "labels/papers.jsonl:10: abstract: missing (the text the tagging learns from: the paper's abstract)"),
    ('{"id": "j", "tags": ["graphs"],', "labels/papers.jsonl:11: json: not valid JSON: Expecting property name enclosed in double quotes"),
]


def test_every_bad_label_is_named_with_its_file_line_and_field(tmp_path: Path):
    root = labelled_root(tmp_path, "\n".join(text for text, _ in BAD) + "\n")
    found, problems = labels.read(root, {"graphs", "speech", "evaluation"})
    assert [str(p) for p in problems] == [m for _, m in BAD if m]
    assert [x.id for x in found] == ["a"]


def test_check_reports_bad_labels_and_generate_stops_at_them(cli, archive: Path):
    (archive / "labels").mkdir()
    (archive / "labels" / "mine.jsonl").write_text(
        line("2501.00001", ["graphs"], "Graphs", "Graph neural networks.") + line("2501.00002", ["no-such-tag"], "X", "Y."),
        encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 1
    assert "labels/mine.jsonl:2: tags: 'no-such-tag' is not a tag of taxonomy.yml" in result.stderr.splitlines()
    (archive / "mkdocs.yml").write_text("site_name: A\nsite_url: https://example.org/\n", encoding="utf-8")
    generated = cli("generate")
    assert generated.exit_code != 0
    assert "labels/mine.jsonl:2: tags: 'no-such-tag' is not a tag of taxonomy.yml" in generated.stderr
    assert not (archive / "docs" / "tags").exists()


def test_the_repository_labels_check_clean_and_are_counted(cli, archive: Path):
    shutil.copytree(REPO / "labels", archive / "labels")
    result = cli("check")
    assert result.exit_code == 0, result.stderr
    assert "559 labelled papers" in result.stdout


def test_a_labelled_paper_is_tagged_on_the_site_as_its_reader_said(tmp_path: Path):
    tx = load_taxonomy(labelled_root(tmp_path, speech_labels() + line("2501.00001", ["evaluation"], "Whatever it says")
                                     + line("my-key", ["graphs"], "Whatever it says")))
    # The tagging would say "speech" (a vocoder); the reader said otherwise.
    by_id = Paper(key="voices", arxiv_id="2501.00001", title="Vocoder voices", abstract="Singing voice cloning.")
    by_key = Paper(key="my-key", title="Vocoder voices", abstract="Singing voice cloning.", tags=["speech"])
    assert tags_of(by_id, tx) == ["speech"]  # the tagging alone: what the benchmark measures
    assert tags_of(by_id, tx, readers=True) == ["evaluation"]
    assert tags_of(by_key, tx, readers=True) == ["graphs", "speech"]  # a record's own tags are still kept
    unlabelled = Paper(key="other", title="Vocoder voices", abstract="Singing voice cloning.")
    papers = {p.key: p for p in (by_id, by_key, unlabelled)}
    assert tags_of_all(papers, tx, {"other": ("graphs",)}, readers=True) == {
        "voices": ["evaluation"], "my-key": ["graphs", "speech"], "other": ["graphs", "speech"]}


def test_a_line_in_labels_corrects_that_papers_pages(cli, archive: Path):
    (archive / "mkdocs.yml").write_text("site_name: A\nsite_url: https://example.org/\n", encoding="utf-8")
    seed = (REPO / "data" / "papers" / "2025-03.jsonl").read_text(encoding="utf-8").splitlines()[0]
    key = json.loads(seed)["key"]
    (archive / "data" / "papers" / "2025-03.jsonl").write_text(seed + "\n", encoding="utf-8")

    def tags() -> list[str]:
        assert cli("generate").exit_code == 0
        return json.loads((archive / "docs" / "api" / "v1" / "papers" / f"{key}.json").read_text())["tags"]

    assert tags() == ["bayesian-optimization", "surveys-tutorials"]
    (archive / "labels").mkdir()
    (archive / "labels" / "fixes.jsonl").write_text(line(key, ["graphs"], "A Tutorial on Bayesian Optimization", "."),
                                                    encoding="utf-8")
    assert tags() == ["graphs"]
    index = json.loads((archive / "docs" / "api" / "v1" / "index.json").read_text())
    assert [t["count"] for t in index["tags"] if t["slug"] == "graphs"] == [1]
    assert not [t for t in index["tags"] if t["slug"] == "surveys-tutorials" and t["count"]]
