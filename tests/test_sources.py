"""Each reader in generator/sources/ on the real fixtures and on broken variants of them."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from generator.archive.model import Paper, Problem
from generator.sources import arxiv_atom, daily_page, hf_api

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed" / "000_1a471a6960d07015.txt"
HF = FIXTURES / "hf-daily-papers"
ARXIV = FIXTURES / "arxiv"
MAR_12 = dt.date(2025, 3, 12)

FIRST_TITLE = "Existence, Stability and Scalability of Orthogonal Convolutional Neural Networks"
LAST_TITLE = ("Balancing Computational Efficiency and Forecast Error in Machine Learning-based "
              "Time-Series Forecasting: Insights from Live Experiments on Meteorological Nowcasting")
NO_ABSTRACT = "this title has no abstract after it (title, blank line, abstract)"
REPR_ITEM = "must be a JSON object, found str (it looks like a Python repr, not JSON)"


def papers(reading) -> list[Paper]:
    return [f.paper for f in reading.found]


def squeezed(text: str) -> str:
    """The text without any white space: what clean_text must not change."""
    return re.sub(r"\s+", "", text)


# --- Daily Papers page text ---------------------------------------------------------------


def read_page(path: Path, **kw):
    return daily_page.read(path, path.name, **kw)


def test_seed_page_gives_its_77_papers_with_exact_titles():
    reading = read_page(SEED, date=MAR_12)
    assert reading.problems == []
    found = papers(reading)
    assert len(found) == 77
    assert found[0].title == FIRST_TITLE
    assert found[-1].title == LAST_TITLE
    assert "Light Schrödinger Bridge" in [p.title for p in found]
    assert len({p.title for p in found}) == 77
    assert all(p.list_dates == ["2025-03-12"] for p in found)


def test_seed_titles_and_abstracts_are_the_lines_of_the_page():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    reading = read_page(SEED, date=MAR_12)
    for item in reading.found:
        line = int(item.where)
        assert item.paper.title == lines[line - 1].strip()
        assert lines[line] == ""
        assert item.paper.abstract == lines[line + 1].strip()
    # LaTeX in an abstract is the store's text, untouched.
    schrodinger = next(p for p in papers(reading) if p.title == "Light Schrödinger Bridge")
    assert schrodinger.abstract.startswith(r'Despite the recent advances in the field of computational Schr\"odinger Bridges (SB)')


@pytest.mark.parametrize("how", ["date", "year", "file name", "embedded copy"])
def test_list_day_comes_from_date_year_or_file_name(tmp_path, how):
    if how == "date":
        reading = read_page(SEED, date=MAR_12)
    elif how == "year":
        reading = read_page(SEED, year=2025)
    elif how == "file name":
        named = tmp_path / "2025-03-12.txt"
        named.write_bytes(SEED.read_bytes())
        reading = read_page(named)
    else:
        reading = read_page(REPO / "data" / "sources" / "daily-page" / "2025-03-12.txt")
    assert reading.problems == []
    assert len(reading.found) == 77
    assert {d for p in papers(reading) for d in p.list_dates} == {"2025-03-12"}


def test_page_without_a_known_year_asks_for_one():
    reading = read_page(SEED)
    assert reading.found == []
    assert [str(p) for p in reading.problems] == [
        "000_1a471a6960d07015.txt:9: date: 'Mar 12' has no year: pass --date YYYY-MM-DD or --year YYYY"
    ]


def seed_variant(tmp_path: Path, text: str, name: str = "2025-03-12.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("variant", ["crlf", "blank lines", "trailing spaces", "all three"])
def test_page_tolerates_crlf_blank_lines_and_trailing_spaces(tmp_path, variant):
    text = SEED.read_text(encoding="utf-8")
    if variant in ("blank lines", "all three"):
        text = text.replace("\n\n", "\n\n\n  \n\t\n")
    if variant in ("trailing spaces", "all three"):
        text = text.replace("\n", "   \t\n")
    if variant in ("crlf", "all three"):
        text = text.replace("\n", "\r\n")
    plain = [(p.title, p.abstract, p.list_dates) for p in papers(read_page(SEED, date=MAR_12))]
    reading = read_page(seed_variant(tmp_path, text))
    assert reading.problems == []
    assert [(p.title, p.abstract, p.list_dates) for p in papers(reading)] == plain


def test_title_without_abstract_is_an_error_naming_its_line(tmp_path):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[202] == "Light Schrödinger Bridge"
    del lines[204:206]  # its abstract and the blank line after it
    reading = read_page(seed_variant(tmp_path, "\n".join(lines)))
    assert [str(p) for p in reading.problems] == [f"2025-03-12.txt:203: abstract: {NO_ABSTRACT}"]
    assert len(reading.found) == 76
    assert "Light Schrödinger Bridge" not in [p.title for p in papers(reading)]


def test_last_title_without_abstract_is_an_error_naming_its_line(tmp_path):
    text = "Mar 12\n\nA first paper\n\nIts abstract.\n\nA last paper with nothing after it\n"
    reading = read_page(seed_variant(tmp_path, text))
    assert [p.title for p in papers(reading)] == ["A first paper"]
    assert [str(p) for p in reading.problems] == [f"2025-03-12.txt:7: abstract: {NO_ABSTRACT}"]


def test_title_without_abstract_before_the_next_date_line(tmp_path):
    text = "Mar 11\n\nA lonely title\n\nMar 12\n\nA paper\n\nIts abstract.\n"
    reading = read_page(seed_variant(tmp_path, text, "page.txt"), year=2025)
    assert [(p.title, p.list_dates) for p in papers(reading)] == [("A paper", ["2025-03-12"])]
    assert [str(p) for p in reading.problems] == [f"page.txt:3: abstract: {NO_ABSTRACT}"]


def test_impossible_date_line_is_an_error_naming_its_line(tmp_path):
    text = "new\n\nFeb 30\n\nA paper\n\nIts abstract.\n"
    reading = read_page(seed_variant(tmp_path, text, "page.txt"), year=2025)
    assert reading.found == []
    assert [str(p) for p in reading.problems] == ["page.txt:3: date: 'Feb 30' is not a real day in 2025"]


def test_date_line_that_contradicts_date_option(tmp_path):
    reading = read_page(SEED, date=dt.date(2025, 3, 13))
    assert reading.found == []
    assert [str(p) for p in reading.problems] == [
        "000_1a471a6960d07015.txt:9: date: 'Mar 12' does not match the given date 2025-03-13"
    ]


def test_text_without_a_date_line_is_not_taken_for_a_page(tmp_path):
    reading = read_page(seed_variant(tmp_path, "Just some notes\n\nabout nothing.\n", "notes.txt"), year=2025)
    assert reading.found == []
    assert [str(p) for p in reading.problems] == [
        "notes.txt:1: date: no date line such as 'Mar 12' found: is this a Daily Papers page?"
    ]


def test_page_that_is_not_utf8_is_reported_not_a_crash(tmp_path):
    path = tmp_path / "2025-03-12.txt"
    path.write_bytes(b"Mar 12\n\nA paper\n\nCaf\xe9 abstract.\n")
    reading = read_page(path)
    assert reading.found == []
    assert [str(p) for p in reading.problems] == ["2025-03-12.txt:5: text: not UTF-8 text"]


# --- Hugging Face daily_papers API JSON ---------------------------------------------------

GOOD_HF = ["2024-05-27", "2024-09-16", "2025-03-12", "2025-07-01", "2026-01-05", "2026-08-21"]


def read_hf(path: Path, **kw):
    return hf_api.read(path, path.name, **kw)


def raw_items(day: str) -> list[dict]:
    return json.loads((HF / f"{day}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("day", GOOD_HF)
def test_hf_bare_array_gives_one_record_per_item_listed_on_the_file_day(day):
    reading = read_hf(HF / f"{day}.json")
    assert reading.problems == []
    assert len(reading.found) == len(raw_items(day))
    assert [f.where for f in reading.found] == [f"item {i}" for i in range(len(raw_items(day)))]
    assert all(p.list_dates == [day] for p in papers(reading))


def test_hf_wrapped_array_reads_like_the_bare_one(tmp_path):
    items = raw_items("2025-07-01")
    wrapped = tmp_path / "2025-07-01.json"
    wrapped.write_text(json.dumps({"status": "success", "date": "2025-07-01", "count": len(items), "data": items}))
    assert read_hf(wrapped) == read_hf(HF / "2025-07-01.json")


def test_hf_every_field_is_mapped():
    p = papers(read_hf(HF / "2026-01-05.json"))[0]
    assert p.arxiv_id == "2512.24615"
    assert p.title == "Youtu-Agent: Scaling Agent Productivity with Automated Generation and Hybrid Policy Optimization"
    assert p.abstract.startswith("Existing Large Language Model (LLM) agent frameworks face two significant challenges:")
    assert p.authors[:3] == ["Yuchen Shi", "Yuzheng Cai", "Siqi Cai"]
    assert p.authors[-1] == "Xing Sun"
    assert len(p.authors) == 18
    assert p.published == "2025-12-31"
    assert p.list_dates == ["2026-01-05"]
    assert (p.upvotes, p.stars, p.figures_date) == (68, 4059, "2026-01-05")
    assert p.links == {
        "arxiv": "https://arxiv.org/abs/2512.24615",
        "pdf": "https://arxiv.org/pdf/2512.24615",
        "hf": "https://huggingface.co/papers/2512.24615",
        "code": "https://github.com/TencentCloudADP/youtu-agent",
        "project": "https://tencentcloudadp.github.io/youtu-agent/",
    }


def test_hf_ai_summary_and_keywords_are_mapped():
    p = papers(read_hf(HF / "2025-07-01.json"))[0]
    assert (p.arxiv_id, p.title, p.upvotes, p.stars) == ("2506.23044", "Ovis-U1 Technical Report", 26, 120)
    assert p.ai_summary == (
        "Ovis-U1, a 3-billion-parameter model, combines multimodal understanding, text-to-image generation, "
        "and image editing, achieving state-of-the-art performance in various benchmarks."
    )
    assert p.ai_keywords == [
        "diffusion-based visual decoder", "bidirectional token refiner", "unified training", "OpenCompass",
        "DPG-Bench", "GenEval", "ImgEdit-Bench", "GEdit-Bench-EN",
    ]
    assert p.links["code"] == "https://github.com/AIDC-AI/Ovis-U1"
    assert "project" not in p.links


def test_hf_old_schema_has_no_stars_summary_or_code_link():
    p = papers(read_hf(HF / "2024-05-27.json"))[0]
    assert (p.stars, p.ai_summary, p.ai_keywords) == (None, None, [])
    assert sorted(p.links) == ["arxiv", "hf", "pdf"]
    assert p.upvotes == raw_items("2024-05-27")[0]["paper"]["upvotes"]


@pytest.mark.parametrize("day", GOOD_HF)
def test_hf_records_follow_their_items(day):
    for raw, p in zip(raw_items(day), papers(read_hf(HF / f"{day}.json"))):
        src = raw["paper"]
        assert p.arxiv_id == src["id"]
        assert p.authors == [a["name"] for a in src["authors"]]
        assert p.published == src["publishedAt"][:10]
        assert p.upvotes == src["upvotes"]
        assert p.stars == src.get("githubStars")
        assert p.links.get("code") == (src.get("githubRepo") or None)
        assert p.links.get("project") == (src.get("projectPage") or None)
        assert p.links["hf"] == f"https://huggingface.co/papers/{src['id']}"
        assert p.ai_summary == src.get("ai_summary")
        assert p.ai_keywords == src.get("ai_keywords", [])
        # Hard wraps and runs of spaces collapse; no other character changes.
        assert p.title == " ".join(src["title"].split())
        assert p.abstract == " ".join(src["summary"].split())
        assert squeezed(p.title) == squeezed(src["title"])


def test_hf_hard_wrapped_title_and_summary_are_collapsed():
    raw = raw_items("2024-05-27")[0]["paper"]
    assert raw["title"] == "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal\n  Models"
    p = papers(read_hf(HF / "2024-05-27.json"))[0]
    assert p.title == "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"
    assert p.abstract.startswith("High-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive")
    assert "\n" not in p.abstract and "  " not in p.abstract
    # Markup-like characters are the renderer's business, not the reader's.
    titles = [q.title for q in papers(read_hf(HF / "2025-03-12.json"))]
    assert "UniF^2ace: Fine-grained Face Understanding and Generation with Unified Multimodal Models" in titles


@pytest.mark.parametrize("day, count", [("2024-12-11", 26), ("2025-01-10", 9)])
def test_hf_python_repr_items_are_reported_by_file_and_item(day, count):
    reading = read_hf(HF / f"{day}.json")
    assert reading.found == []
    assert [str(p) for p in reading.problems] == [f"{day}.json:item {i}: item: {REPR_ITEM}" for i in range(count)]


def test_hf_list_day_from_date_option_wins_over_file_name():
    reading = read_hf(HF / "2025-07-01.json", date=dt.date(2025, 7, 2))
    assert {d for p in papers(reading) for d in p.list_dates} == {"2025-07-02"}


def test_hf_list_day_from_the_item_when_the_file_name_has_none(tmp_path):
    renamed = tmp_path / "response.json"
    renamed.write_bytes((HF / "2025-07-01.json").read_bytes())
    assert {d for p in papers(read_hf(renamed)) for d in p.list_dates} == {"2025-07-01"}  # submittedOnDailyAt
    old = tmp_path / "old.json"
    old.write_bytes((HF / "2024-05-27.json").read_bytes())
    assert {d for p in papers(read_hf(old)) for d in p.list_dates} == {"2024-05-27"}  # top-level publishedAt


def test_hf_item_without_any_list_day(tmp_path):
    path = tmp_path / "response.json"
    path.write_text(json.dumps([{"paper": {"title": "A paper"}}]))
    assert [str(p) for p in read_hf(path).problems] == [
        "response.json:item 0: publishedAt: no list day: pass --date or name the file YYYY-MM-DD.json"
    ]


@pytest.mark.parametrize("content, problem", [
    ('{"status": "error"}', "x.json:item -: json: expected a list of papers or an object with a 'data' list"),
    ('[{"paper": {"title": "A"}},\n', "x.json:2: json: not valid JSON: Expecting value"),
    ('[{"paper": "2501.00001"}]', "x.json:item 0: paper: must be a JSON object"),
    ('[{"paper": {"title": "  \\n "}}]', "x.json:item 0: title: is empty"),
])
def test_hf_broken_files_are_reported(tmp_path, content, problem):
    path = tmp_path / "x.json"
    path.write_text(content)
    reading = hf_api.read(path, "x.json", date=MAR_12)
    assert reading.found == []
    assert [str(p) for p in reading.problems] == [problem]


# --- arXiv API Atom -----------------------------------------------------------------------


def test_arxiv_feed_entries():
    reading = arxiv_atom.read(ARXIV / "arxiv_response.xml", "feed.xml")
    assert reading.problems == []
    first, second = papers(reading)
    assert first.arxiv_id == "2510.14968"
    assert first.title == "RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in Long-Horizon Tasks"
    assert first.abstract.startswith("To tackle long-horizon tasks, recent hierarchical vision-language-action (VLAs) "
                                     "frameworks employ vision-language model (VLM)-based planners to decompose")
    assert first.abstract.endswith("Code and more results are available at rdd-neurips.github.io.")
    assert first.authors == ["Mingxuan Yan", "Yuping Wang", "Zechun Liu", "Jiachen Li"]
    assert first.published == "2025-10-16"
    assert first.list_dates == ["2025-10-16"]  # arXiv has no list: its publication day
    assert first.links["pdf"] == "http://arxiv.org/pdf/2510.14968v1"
    assert first.links["arxiv"] == "http://arxiv.org/abs/2510.14968v1"
    assert first.categories == ["cs.RO", "cs.AI", "cs.CV", "cs.LG", "cs.SY", "eess.SY"]
    assert (first.upvotes, first.stars, first.figures_date) == (None, None, None)
    assert second.arxiv_id == "2510.14827"
    assert second.title == "Neural Implicit Flow Fields for Spatio-Temporal Motion Mapping"
    assert second.authors[0] == "Yufei Zhu" and second.authors[-1] == "Martin Magnusson"
    assert second.categories == ["cs.RO"]


def test_arxiv_list_day_from_date_option():
    reading = arxiv_atom.read(ARXIV / "arxiv_response.xml", "feed.xml", date=dt.date(2025, 10, 20))
    assert [p.list_dates for p in papers(reading)] == [["2025-10-20"], ["2025-10-20"]]
    assert [p.published for p in papers(reading)] == ["2025-10-16", "2025-10-16"]


def test_arxiv_empty_feed_gives_nothing_and_no_problem():
    reading = arxiv_atom.read(ARXIV / "arxiv_empty.xml", "empty.xml")
    assert (reading.found, reading.problems) == ([], [])


def test_arxiv_broken_and_unsafe_xml(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<feed>\n<entry>\n</feed>\n')
    assert arxiv_atom.read(broken, "broken.xml").problems == [
        Problem("broken.xml", "4", "xml", "not well-formed XML: mismatched tag: line 4, column 2")
    ]
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE f [<!ENTITY a "aaaa">]>\n<feed>&a;</feed>\n')
    assert [str(p) for p in arxiv_atom.read(bomb, "bomb.xml").problems] == [
        "bomb.xml:1: xml: refused unsafe XML: EntitiesForbidden"
    ]
