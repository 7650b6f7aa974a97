"""bench/tags_readers.py: how well a second careful reader agrees with the
labels, and two second readers with each other."""
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import tags_readers  # noqa: E402


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_a_reader_is_measured_against_the_labels_on_the_papers_both_hold(tmp_path: Path):
    write(tmp_path / "labels" / "set.jsonl", [{"id": "a", "tags": ["video", "multimodal"]}, {"id": "b", "tags": ["code"]},
                                              {"id": "c", "tags": ["graphs"]}])
    folder = tmp_path / tags_readers.FOLDER
    write(folder / "set-held-out.one.jsonl", [{"id": "a", "tags": ["video"]}, {"id": "b", "tags": ["code", "agents-tools"]}])
    write(folder / "set-held-out.two.jsonl", [{"id": "a", "tags": ["video", "multimodal"]}, {"id": "b", "tags": ["code"]}])
    found = {(name, against): figures for name, against, figures in tags_readers.rows(tmp_path)}
    # one: 2 of its 3 tags right, 2 of the labels' 3 found (c is not one of its papers)
    n, p, r, f1, given, wanted = found[("one", "`labels/set.jsonl`")]
    assert (n, round(p, 3), round(r, 3), given, wanted) == (2, 0.667, 0.667, 1.5, 1.5)
    assert found[("two", "`labels/set.jsonl`")][1:4] == (1.0, 1.0, 1.0)
    assert found[("two", "one")][1:3] == (2 / 3, 2 / 3)
    assert len(found) == 3


def test_readers_whose_tags_made_the_labels_are_compared_with_each_other_only(tmp_path: Path):
    write(tmp_path / "labels" / "hf-papers-fresh.jsonl", [{"id": "a", "tags": ["video"]}])
    folder = tmp_path / tags_readers.FOLDER
    write(folder / "hf-papers-fresh.c.jsonl", [{"id": "a", "tags": ["video", "code"]}])
    write(folder / "hf-papers-fresh.d.jsonl", [{"id": "a", "tags": ["video"]}])
    assert [(name, against) for name, against, _ in tags_readers.rows(tmp_path)] == [("d", "c")]
    assert tags_readers.table(tmp_path)[2] == "| d | c | 1 | 1.00 | 0.50 | 0.67 | 1.00 / 2.00 |"
