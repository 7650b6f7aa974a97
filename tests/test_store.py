"""Merging records, assigning keys, and the JSONL store under data/papers/."""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.archive import files, store
from generator.archive.merge import KEY_LENGTH, merge_all, new_key
from generator.archive.model import FIELDS, InputError, Paper, clean_text, normalized_title


def paper(title: str = "A paper", day: str = "2025-03-12", **kw) -> Paper:
    kw.setdefault("abstract", "An abstract.")
    kw.setdefault("sources", [f"{day}.json"])
    return Paper(title=title, list_dates=[day], **kw)


def only(papers: dict[str, Paper]) -> Paper:
    assert len(papers) == 1, sorted(papers)
    return next(iter(papers.values()))


# --- merging ------------------------------------------------------------------------------


def test_same_arxiv_id_on_two_days_is_one_record_listed_on_both():
    merged = merge_all({}, [
        paper("Gemini Embedding", "2025-03-12", arxiv_id="2503.07891"),
        paper("Gemini Embedding: Generalizable Embeddings from Gemini", "2025-03-11", arxiv_id="2503.07891"),
    ])
    p = only(merged)
    assert p.key == "2503.07891"
    assert p.title == "Gemini Embedding"  # the first title stays
    assert p.list_dates == ["2025-03-11", "2025-03-12"]
    assert p.sources == ["2025-03-11.json", "2025-03-12.json"]


def test_same_normalized_title_is_one_record():
    merged = merge_all({}, [
        paper("Light Schrödinger Bridge", "2025-03-12"),
        paper("light  schrödinger-bridge.", "2025-03-13"),
        paper("LIGHT SCHRÖDINGER BRIDGE", "2025-03-14", arxiv_id="2310.01174"),
    ])
    p = only(merged)
    assert p.key == "light-schrodinger-bridge"
    assert p.arxiv_id == "2310.01174"
    assert p.list_dates == ["2025-03-12", "2025-03-13", "2025-03-14"]


def test_one_title_with_two_arxiv_ids_is_two_papers():
    merged = merge_all({}, [
        paper("Technical Report", arxiv_id="2501.00001"),
        paper("Technical Report", arxiv_id="2501.00002"),
    ])
    assert sorted(merged) == ["2501.00001", "2501.00002"]


def test_empty_fields_are_filled_and_known_ones_kept():
    old = paper("Program Synthesis with Large Language Models", "2025-03-12", abstract="From the page.",
                links={"code": "https://example.org/first"}, sources=["page.txt"])
    new = paper("Program synthesis with large language models", "2025-03-13", abstract="From the API.",
                arxiv_id="2108.07732", authors=["Jacob Austin", "Augustus Odena"], published="2021-08-16",
                categories=["cs.PL", "cs.LG"], ai_summary="A summary.", ai_keywords=["program synthesis"],
                links={"arxiv": "https://arxiv.org/abs/2108.07732", "code": "https://example.org/second"})
    p = only(merge_all(merge_all({}, [old]), [new]))
    assert p.key == "program-synthesis-with-large-language-models"
    assert p.title == "Program Synthesis with Large Language Models"
    assert p.abstract == "From the page."
    assert p.arxiv_id == "2108.07732"
    assert p.authors == ["Jacob Austin", "Augustus Odena"]
    assert (p.published, p.categories) == ("2021-08-16", ["cs.PL", "cs.LG"])
    assert (p.ai_summary, p.ai_keywords) == ("A summary.", ["program synthesis"])
    assert p.links == {"arxiv": "https://arxiv.org/abs/2108.07732", "code": "https://example.org/first"}
    assert p.sources == ["2025-03-13.json", "page.txt"]


def test_upvotes_and_stars_take_the_newest_list_day():
    def seen(day, upvotes, stars):
        return paper("Ovis-U1 Technical Report", day, arxiv_id="2506.23044", upvotes=upvotes, stars=stars,
                     figures_date=day)

    archive = merge_all({}, [seen("2025-07-02", 30, 120)])
    archive = merge_all(archive, [seen("2025-07-01", 26, 100)])  # older: ignored
    assert (only(archive).upvotes, only(archive).stars, only(archive).figures_date) == (30, 120, "2025-07-02")
    archive = merge_all(archive, [seen("2025-07-05", 41, None)])  # newer; no stars given
    assert (only(archive).upvotes, only(archive).stars, only(archive).figures_date) == (41, 120, "2025-07-05")
    assert only(archive).list_dates == ["2025-07-01", "2025-07-02", "2025-07-05"]


def test_key_stays_when_arxiv_id_is_learnt_later():
    archive = merge_all({}, [paper("Light Schrödinger Bridge", "2025-03-12")])
    archive = merge_all(archive, [paper("Light Schrödinger Bridge", "2025-03-13", arxiv_id="2310.01174")])
    assert sorted(archive) == ["light-schrodinger-bridge"]
    # Later sources match on the id learnt, whatever their title says.
    archive = merge_all(archive, [paper("Light Schroedinger Bridge (v2)", "2025-03-20", arxiv_id="2310.01174")])
    assert sorted(archive) == ["light-schrodinger-bridge"]
    assert archive["light-schrodinger-bridge"].list_dates == ["2025-03-12", "2025-03-13", "2025-03-20"]


def test_key_stays_when_title_is_corrected(tmp_path):
    store.save(tmp_path, merge_all({}, [paper("Ligth Schrodinger Brigde", arxiv_id=None)]))
    archive = store.load(tmp_path)
    archive["ligth-schrodinger-brigde"].title = "Light Schrödinger Bridge"  # corrected by hand
    archive["ligth-schrodinger-brigde"].arxiv_id = "2310.01174"
    store.save(tmp_path, archive)
    archive = merge_all(store.load(tmp_path), [paper("Light Schrödinger Bridge", "2025-03-13", arxiv_id="2310.01174")])
    assert sorted(archive) == ["ligth-schrodinger-brigde"]
    assert archive["ligth-schrodinger-brigde"].title == "Light Schrödinger Bridge"


def test_merge_does_not_change_its_inputs():
    archive = merge_all({}, [paper("A paper", "2025-03-12")])
    incoming = [paper("A paper", "2025-03-13", authors=["Ann"])]
    merge_all(archive, incoming)
    assert archive["a-paper"].list_dates == ["2025-03-12"] and archive["a-paper"].authors == []
    assert incoming[0].key == ""


# --- keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize("record, key", [
    (paper("Anything", arxiv_id="2503.08638"), "2503.08638"),
    (paper("Anything", arxiv_id="hep-th/9901001"), "hep-th-9901001"),
    (paper("Light Schrödinger Bridge"), "light-schrodinger-bridge"),
    (paper("LLM-R1: 3B LMMs & RL (v2)"), "llm-r1-3b-lmms-rl-v2"),
    (paper("∑ ≈ ∫"), "paper"),
])
def test_new_key(record, key):
    assert new_key(record, set()) == key


def test_long_title_key_is_cut_at_a_word_boundary():
    title = ("Balancing Computational Efficiency and Forecast Error in Machine Learning-based "
             "Time-Series Forecasting: Insights from Live Experiments on Meteorological Nowcasting")
    key = new_key(paper(title), set())
    assert key == "balancing-computational-efficiency-and-forecast-error-in-machine-learning-based"
    assert len(key) == KEY_LENGTH - 1  # "-time-series" would not fit
    # The cut keeps the title's words in order: none is skipped to fill the 80 characters.
    title = "Investigation of reinforcement learning for shape optimization of profile extrusion dies"
    assert new_key(paper(title), set()) == "investigation-of-reinforcement-learning-for-shape-optimization-of-profile"


def test_slug_collisions_get_deterministic_suffixes():
    titles = ["Café Networks", "Cafe Networks", "Cafè Networks!", "CAFE networks"]
    merged = merge_all({}, [paper(t) for t in titles])
    assert {k: p.title for k, p in merged.items()} == {
        "cafe-networks": "Café Networks",
        "cafe-networks-2": "Cafe Networks",  # "CAFE networks" is the same title
        "cafe-networks-3": "Cafè Networks!",
    }
    assert merge_all({}, [paper(t) for t in titles]) == merged


def test_suffixed_long_key_stays_within_80_characters_at_a_word_boundary():
    stem = "Learning to Understand Extremely Large Multilingual Documents with Hierarchical"
    merged = merge_all({}, [paper(f"{stem} Sparse Attention"), paper(f"{stem} Dense Attention"),
                            paper(f"{stem} Attention")])
    assert sorted(merged) == [
        "learning-to-understand-extremely-large-multilingual-documents-with-2",
        "learning-to-understand-extremely-large-multilingual-documents-with-3",
        "learning-to-understand-extremely-large-multilingual-documents-with-hierarchical",
    ]
    assert len("learning-to-understand-extremely-large-multilingual-documents-with-hierarchical") == KEY_LENGTH - 1


# --- the store ----------------------------------------------------------------------------


def test_record_line_has_the_fixed_key_order():
    p = merge_all({}, [paper("A <b>paper</b> with *marks* and [links]", links={"pdf": "https://x.org/a.pdf"},
                             upvotes=3, figures_date="2025-03-12")])["a-b-paper-b-with-marks-and-links"]
    line = store.encode(p)
    assert list(json.loads(line)) == list(FIELDS)
    assert line == (
        '{"key": "a-b-paper-b-with-marks-and-links", "arxiv_id": null, '
        '"title": "A <b>paper</b> with *marks* and [links]", "abstract": "An abstract.", "authors": [], '
        '"published": null, "list_dates": ["2025-03-12"], "tags": [], "categories": [], '
        '"links": {"pdf": "https://x.org/a.pdf"}, "upvotes": 3, "stars": null, "figures_date": "2025-03-12", '
        '"ai_summary": null, "ai_keywords": [], "sources": ["2025-03-12.json"]}'
    )


def test_one_file_per_month_of_first_listing_sorted_by_day_then_key(tmp_path):
    archive = merge_all({}, [
        paper("Zeta", "2025-03-02"), paper("Alpha", "2025-03-12"), paper("Beta", "2025-03-02"),
        paper("Gamma", "2025-04-01"), paper("Delta", "2025-02-28"),
    ])
    assert store.save(tmp_path, archive) == [
        "data/papers/2025-02.jsonl", "data/papers/2025-03.jsonl", "data/papers/2025-04.jsonl"]
    march = (tmp_path / "data/papers/2025-03.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["key"] for line in march] == ["beta", "zeta", "alpha"]
    assert store.load(tmp_path) == archive
    assert store.save(tmp_path, archive) == []


def test_record_moves_to_the_month_of_its_earliest_listing(tmp_path):
    store.save(tmp_path, merge_all({}, [paper("Gamma", "2025-04-01")]))
    archive = merge_all(store.load(tmp_path), [paper("Gamma", "2025-03-30")])
    assert store.save(tmp_path, archive) == ["data/papers/2025-03.jsonl", "data/papers/2025-04.jsonl"]
    assert sorted(p.name for p in (tmp_path / "data/papers").iterdir()) == ["2025-03.jsonl"]
    assert store.load(tmp_path)["gamma"].list_dates == ["2025-03-30", "2025-04-01"]


def test_line_separators_inside_text_do_not_split_a_record(tmp_path):
    archive = merge_all({}, [paper("Odd text", categories=["cs.AI\u2028cs.LG"], ai_keywords=["a\u2029b"])])
    store.save(tmp_path, archive)
    assert len((tmp_path / "data/papers/2025-03.jsonl").read_bytes().split(b"\n")) == 2
    assert store.load(tmp_path) == archive


GOOD = store.encode(merge_all({}, [paper("Good")])["good"])


@pytest.mark.parametrize("lines, problem", [
    ([GOOD, '{"key": "broken", "title": '], "data/papers/2025-03.jsonl:2: json: not valid JSON: Expecting value"),
    (["[1, 2]"], "data/papers/2025-03.jsonl:1: json: a record must be a JSON object"),
    ([GOOD.replace('"sources"', '"colour": "red", "sources"')], "data/papers/2025-03.jsonl:1: colour: unknown field"),
    ([GOOD.replace('"An abstract."', "42")], "data/papers/2025-03.jsonl:1: abstract: must be text"),
    ([GOOD.replace('"key": "good"', '"key": "Good Paper"')],
     "data/papers/2025-03.jsonl:1: key: must be lowercase letters, digits, '.' and '-'"),
    ([GOOD.replace("2025-03-12", "2025-02-30")],
     "data/papers/2025-03.jsonl:1: list_dates: '2025-02-30' is not a real day (YYYY-MM-DD)"),
    ([GOOD.replace("2025-03-12", "2025-04-01")],
     "data/papers/2025-03.jsonl:1: list_dates: first listed in 2025-04: belongs in 2025-04.jsonl"),
    ([GOOD, "", GOOD], "data/papers/2025-03.jsonl:3: key: 'good' is already used at data/papers/2025-03.jsonl:1"),
])
def test_store_problems_name_file_line_and_field(tmp_path, lines, problem):
    path = tmp_path / "data/papers/2025-03.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = store.read_located(tmp_path)
    assert [str(p) for p in problems] == [problem]
    with pytest.raises(InputError) as exc:
        store.load(tmp_path)
    assert str(exc.value) == problem


def test_failed_atomic_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "data/papers/2025-03.jsonl"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"old content\n")

    def crash(src, dst):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        files.atomic_write(target, b"new content\n")
    assert target.read_bytes() == b"old content\n"
    assert [p.name for p in target.parent.iterdir()] == ["2025-03.jsonl"]
    # The same through the store: an interrupted save leaves the old store readable.
    with pytest.raises(OSError, match="disk gone"):
        store.save(tmp_path, merge_all({}, [paper("Good")]))
    assert target.read_bytes() == b"old content\n"
    assert [p.name for p in target.parent.iterdir()] == ["2025-03.jsonl"]


def test_write_if_changed_replaces_only_changed_files(tmp_path):
    target = tmp_path / "deep" / "folder" / "file.jsonl"
    assert files.write_if_changed(target, "one\n") is True
    stamp = target.stat().st_mtime_ns
    assert files.write_if_changed(target, "one\n") is False
    assert target.stat().st_mtime_ns == stamp
    assert files.write_if_changed(target, "two\n") is True
    assert target.read_bytes() == b"two\n"
    assert [p.name for p in target.parent.iterdir()] == ["file.jsonl"]


# --- properties ---------------------------------------------------------------------------

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@given(text)
def test_clean_text_only_collapses_white_space(value):
    cleaned = clean_text(value)
    assert clean_text(cleaned) == cleaned
    assert cleaned == " ".join(value.split())
    assert [c for c in cleaned if not c.isspace()] == [c for c in value if not c.isspace()]
    assert all(c == " " for c in cleaned if c.isspace())


TITLES = ["Foo", "foo!", "Bar", "Café", "Cafe", "Baz  Qux"]
DAYS = ["2025-01-31", "2025-02-01", "2025-02-02"]


@st.composite
def listing(draw) -> list[Paper]:
    """One day's list from one source: a page (titles only) or an API answer (with
    arXiv ids and figures); a source lists a paper at most once."""
    day, api = draw(st.sampled_from(DAYS)), draw(st.booleans())
    rows = draw(st.lists(st.tuples(st.sampled_from(TITLES), st.sampled_from(["2501.00001", "2501.00002", "2501.00003"]),
                                   st.sampled_from(["", "One.", "Two."]), st.sampled_from([[], ["Ann"]]),
                                   st.integers(0, 9)), max_size=5))
    out, seen = [], set()
    for title, arxiv_id, abstract, authors, upvotes in rows:
        ident = arxiv_id if api else normalized_title(title)
        if ident in seen:
            continue
        seen.add(ident)
        if api:
            out.append(Paper(title=title, abstract=abstract, arxiv_id=arxiv_id, authors=authors, list_dates=[day],
                             links={"pdf": f"https://arxiv.org/pdf/{arxiv_id}", "arxiv": f"https://arxiv.org/abs/{arxiv_id}"},
                             upvotes=upvotes, figures_date=day, sources=[f"{day}.json"]))
        else:
            out.append(Paper(title=title, abstract=abstract or "One.", list_dates=[day], sources=[f"{day}.txt"]))
    return out


listings = st.lists(listing(), max_size=4).map(lambda days: [p for day in days for p in day])


@settings(max_examples=300, deadline=None)
@given(listings, listings)
def test_importing_again_changes_nothing(first, second):
    archive = merge_all(merge_all({}, first), second)
    again = merge_all(archive, first + second)
    assert again == archive
    assert store.month_files(again) == store.month_files(archive)  # byte-identical files
