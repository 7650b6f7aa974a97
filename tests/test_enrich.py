"""`paper-archive enrich` against a fake arXiv query API on loopback.

Answers have the shape of real ones (tests/fake_arxiv.py): an exact match, a
near miss, several papers with one title, a title with TeX, an empty feed, a
slow or broken server. Pauses between requests are recorded, not slept.
"""
from __future__ import annotations

import json

import pytest

from generator.archive import store
from generator.ingest import enrich

from .fake_arxiv import (CACHE, EMPTY, NIFF, RDD, REAL, archive, arxiv, atom, entry, feed, paper, pauses,  # noqa: F401
                         records, run, snapshot)
from .fake_hf import quiet_env, reply, root, slow, status  # noqa: F401

REAL_BYTES = REAL.encode("utf-8")
SEARCH_FILE = "data/sources/daily-page/2025-03-12.txt"


def cache_file(title: str) -> str:
    return (store.RAW / enrich.raw_name(enrich.query(title))).as_posix()


# -- what a match fills, and what it leaves ----------------------------------------

def test_an_exact_title_fills_id_authors_date_categories_and_links(root, arxiv, pauses):
    archive(root, paper("rdd", RDD.lower().replace(":", " -")))  # case and punctuation aside
    arxiv.plan(RDD, atom(REAL_BYTES))
    result = run(root, arxiv)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "rdd: found arXiv 2510.14968; filled arxiv_id, authors, published, categories, links\n"
        "1 of 1 record(s) without an arXiv id: 1 found; 1 request(s), 0 answer(s) kept from before; "
        "1 file(s) written; answers in data/raw/arxiv-query/.\n")
    got = records(root)["rdd"]
    assert got["key"] == "rdd"  # the page keeps its address
    assert got["arxiv_id"] == "2510.14968"
    assert got["authors"] == ["Mingxuan Yan", "Yuping Wang", "Zechun Liu", "Jiachen Li"]
    assert got["published"] == "2025-10-16"
    assert got["categories"] == ["cs.RO", "cs.AI", "cs.CV", "cs.LG", "cs.SY", "eess.SY"]
    assert got["links"] == {"arxiv": "https://arxiv.org/abs/2510.14968", "hf": "https://huggingface.co/papers/2510.14968",
                            "pdf": "https://arxiv.org/pdf/2510.14968"}
    assert got["abstract"] == "About rdd."  # had one: kept
    assert got["list_dates"] == ["2025-03-12"]  # arXiv's day is no list day
    assert got["sources"] == sorted([SEARCH_FILE, cache_file(RDD.lower().replace(":", " -"))])
    assert (root / cache_file(RDD.lower().replace(":", " -"))).read_bytes() == REAL_BYTES
    assert arxiv.requests == ['ti:"rdd retrieval based demonstration decomposer for planner alignment in long horizon tasks"']
    assert pauses == []  # one request: nothing to wait for


def test_a_field_that_holds_something_is_never_changed(root, arxiv, pauses):
    hand = paper("rdd", RDD, authors=["Set By Hand"], published="2025-10-01", categories=["cs.XX"],
                 links={"code": "https://example.org/code", "arxiv": "https://arxiv.org/abs/2510.14968v1"})
    archive(root, hand)
    arxiv.plan(RDD, atom(REAL_BYTES))
    result = run(root, arxiv)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "rdd: found arXiv 2510.14968; filled arxiv_id, links"
    got = records(root)["rdd"]
    assert (got["authors"], got["published"], got["categories"]) == (["Set By Hand"], "2025-10-01", ["cs.XX"])
    assert got["links"] == {"arxiv": "https://arxiv.org/abs/2510.14968v1", "code": "https://example.org/code",
                            "hf": "https://huggingface.co/papers/2510.14968", "pdf": "https://arxiv.org/pdf/2510.14968"}


def test_an_empty_abstract_is_filled_too(root, arxiv, pauses):
    archive(root, paper("niff", NIFF, abstract=""))
    arxiv.plan(NIFF, atom(REAL_BYTES))
    result = run(root, arxiv)
    assert result.stdout.splitlines()[0] == (
        "niff: found arXiv 2510.14827; filled arxiv_id, authors, published, categories, abstract, links")
    assert records(root)["niff"]["abstract"].startswith("Safe and efficient robot operation")


def test_a_title_with_tex_matches_its_plain_copy(root, arxiv, pauses):
    tex = r"Schr\"odinger Bridges with $O(1/\alpha)$ Regret"
    archive(root, paper("schrodinger", "Schrödinger bridges with O(1/α) regret"))
    arxiv.plan("Schrödinger bridges with O(1/α) regret", atom(feed(entry("2501.00001", tex))))
    result = run(root, arxiv)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "schrodinger: found arXiv 2501.00001; filled arxiv_id, authors, published, categories, links")
    assert records(root)["schrodinger"]["title"] == "Schrödinger bridges with O(1/α) regret"  # the title stays


# -- what is left alone, and why ------------------------------------------------------

def test_a_near_miss_is_left_alone_naming_the_nearest_title(root, arxiv, pauses):
    near = "RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment"
    before = archive(root, paper("rdd", near))
    arxiv.plan(near, atom(REAL_BYTES))
    result = run(root, arxiv)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "rdd: left alone: no arXiv title is the same; the nearest is 'RDD: Retrieval-Based Demonstration "
        "Decomposer for Planner Alignment in Long...' (arXiv 2510.14968), a different title\n"
        "1 of 1 record(s) without an arXiv id: 0 found, left alone: 1 different title; 1 request(s), "
        "0 answer(s) kept from before; 0 file(s) written; answers in data/raw/arxiv-query/.\n")
    after = snapshot(root)
    assert {k: v for k, v in after.items() if not k.startswith(CACHE.as_posix())} == before


def test_several_papers_with_the_title_are_left_alone(root, arxiv, pauses):
    before = archive(root, paper("attention", "Attention Is All You Need"))
    arxiv.plan("Attention Is All You Need", atom(feed(entry("1706.03762", "Attention Is All You Need"),
                                                      entry("2401.00002", "Attention is all you need"),
                                                      entry("2402.00003", "Attention Is All You Need?!"),
                                                      entry("2403.00004", "Attention Is Not All You Need"))))
    result = run(root, arxiv)
    assert result.stdout.splitlines()[0] == (
        "attention: left alone: 3 arXiv papers have this title (1706.03762, 2401.00002, 2402.00003); "
        "set the right one by hand")
    assert snapshot(root).items() >= before.items()
    assert records(root)["attention"]["arxiv_id"] is None


def test_no_answer_is_left_alone(root, arxiv, pauses):
    before = archive(root, paper("unknown", "A Paper arXiv Never Saw"))
    arxiv.plan("A Paper arXiv Never Saw", atom(EMPTY))
    result = run(root, arxiv)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "unknown: left alone: arXiv has no paper with this title"
    assert "0 found, left alone: 1 no match;" in result.stdout
    assert snapshot(root).items() >= before.items()


def test_an_id_another_record_has_is_left_alone(root, arxiv, pauses):
    other = paper("2510.14968", RDD + " (v2)", day="2025-03-11", arxiv_id="2510.14968")
    archive(root, other, paper("rdd", RDD))
    arxiv.plan(RDD, atom(REAL_BYTES))
    result = run(root, arxiv)
    assert result.stdout.splitlines()[0] == (
        "rdd: left alone: arXiv 2510.14968 is already the paper '2510.14968': if this record is the same paper, "
        "merge the two by hand")
    assert records(root)["rdd"]["arxiv_id"] is None


def test_a_title_without_words_is_not_asked(root, arxiv, pauses):
    archive(root, paper("paper", "?!"))
    result = run(root, arxiv)
    assert result.stdout.splitlines()[0] == "paper: left alone: its title has no words to search for"
    assert arxiv.requests == []


def test_records_with_an_id_are_not_asked(root, arxiv, pauses):
    archive(root, paper("2510.14968", RDD, arxiv_id="2510.14968"))
    result = run(root, arxiv)
    assert result.exit_code == 0
    assert result.stdout == "Every one of the 1 record(s) has an arXiv id: nothing to look up.\n"
    assert arxiv.requests == []


# -- polite and bounded ------------------------------------------------------------

def test_requests_are_three_seconds_apart_and_a_rerun_asks_nothing(root, arxiv, pauses):
    archive(root, paper("a", RDD), paper("b", NIFF), paper("c", "Nothing Like It"))
    arxiv.plan(RDD, atom(REAL_BYTES))
    arxiv.plan(NIFF, atom(REAL_BYTES))
    first = run(root, arxiv)
    assert first.exit_code == 0, first.output
    assert len(arxiv.requests) == 3
    assert pauses == [3.0, 3.0]
    assert sorted(p.name for p in (root / CACHE).iterdir()) == sorted(
        enrich.raw_name(enrich.query(t)).split("/")[1] for t in (RDD, NIFF, "Nothing Like It"))
    enriched = snapshot(root)
    again = run(root, arxiv)
    assert again.exit_code == 0
    assert len(arxiv.requests) == 3  # nothing asked twice
    assert again.stdout == ("c: left alone: arXiv has no paper with this title\n"
                            "1 of 3 record(s) without an arXiv id: 0 found, left alone: 1 no match; 0 request(s), "
                            "1 answer(s) kept from before; 0 file(s) written; answers in data/raw/arxiv-query/.\n")
    assert snapshot(root) == enriched
    # Asked again on purpose: only the record still without an id.
    arxiv.plan("Nothing Like It", atom(feed(entry("2504.00001", "Nothing like it"))))
    again = run(root, arxiv, "--ask-again")
    assert again.exit_code == 0, again.output
    assert arxiv.requests[3:] == [enrich.query("Nothing Like It")]
    assert again.stdout.splitlines()[0] == "c: found arXiv 2504.00001; filled arxiv_id, authors, published, categories, links"


def test_the_pause_can_be_shortened_for_a_mirror(root, arxiv, pauses):
    archive(root, paper("a", RDD), paper("b", NIFF))
    assert run(root, arxiv, "--pause", "0.5").exit_code == 0
    assert pauses == [0.5]


def test_a_persistent_500_stops_the_run_keeping_what_was_found(root, arxiv, pauses):
    archive(root, paper("a", RDD), paper("b", NIFF, day="2025-03-13"))
    arxiv.plan(RDD, atom(REAL_BYTES))
    arxiv.plan(NIFF, status(500))
    result = run(root, arxiv, "--retries", "2")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["a: found arXiv 2510.14968; filled arxiv_id, authors, published, categories, links"]
    url = arxiv.search_url(NIFF)
    assert result.stderr == (
        "arXiv's answer for 'b': HTTP 500 Internal Server Error; trying again in 3 s (attempt 2 of 3).\n"
        "arXiv's answer for 'b': HTTP 500 Internal Server Error; trying again in 6 s (attempt 3 of 3).\n"
        f"Could not fetch arXiv's answer for 'b': HTTP 500 Internal Server Error from {url} (gave up after 3 attempts).\n"
        "Stopped at 'b': the 1 record(s) linked before it are saved; the next run continues from there.\n")
    assert pauses == [3.0, 3.0, 6.0]  # a retry waits at least the pause
    got = records(root)
    assert got["a"]["arxiv_id"] == "2510.14968" and got["b"]["arxiv_id"] is None
    assert not (root / cache_file(NIFF)).exists()  # a failure is not an answer to keep
    # The next run asks only what is left.
    arxiv.plan(NIFF, atom(REAL_BYTES))
    arxiv.requests.clear()
    result = run(root, arxiv)
    assert result.exit_code == 0
    assert arxiv.requests == [enrich.query(NIFF)]
    assert records(root)["b"]["arxiv_id"] == "2510.14827"


def test_a_server_slower_than_the_deadline_is_bounded(root, arxiv, pauses):
    before = archive(root, paper("a", RDD))
    arxiv.plan(RDD, slow(30, atom(REAL_BYTES)))
    result = run(root, arxiv, "--deadline", "0.5", "--retries", "0")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Could not fetch arXiv's answer for 'a': no complete answer within 0.5 s (the deadline) from ")
    assert result.stderr.endswith("Stopped at 'a': the 0 record(s) linked before it are saved; "
                                  "the next run continues from there.\n")
    assert snapshot(root) == before


@pytest.mark.parametrize("body, says", [
    (b"<html><body>Service unavailable</body></html>", "not an Atom feed (its root element is 'html')"),
    (REAL_BYTES[:2000], "not well-formed XML: no element found: line 27, column 76"),
])
def test_an_answer_that_is_no_feed_stops_the_run_and_is_not_kept(root, arxiv, pauses, body, says):
    before = archive(root, paper("a", RDD))
    arxiv.plan(RDD, reply(body=body, content_type="text/html"))
    result = run(root, arxiv)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"The answer for 'a' from {arxiv.search_url(RDD)} is unusable: {says}."
    assert snapshot(root) == before


def test_max_minutes_stops_between_requests_and_keeps_what_was_found(root, arxiv, pauses):
    archive(root, paper("a", RDD), paper("b", NIFF))
    arxiv.plan(RDD, atom(REAL_BYTES))
    result = run(root, arxiv, "--max-minutes", "0.01")  # 0.6 s: the first pause passes it
    assert result.exit_code == 0, result.output
    assert len(arxiv.requests) == 1
    assert "Stopped after 0.01 minute(s) (--max-minutes), before 'b': 1 of 2 record(s) looked up." in result.stderr
    assert records(root)["a"]["arxiv_id"] == "2510.14968"


def test_in_github_actions_a_stop_is_an_annotation(root, arxiv, pauses, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    archive(root, paper("a", RDD))
    arxiv.plan(RDD, status(503))
    result = run(root, arxiv, "--retries", "0")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error title=paper-archive enrich::Could not fetch arXiv's answer for 'a': HTTP 503")


# -- a record is all or nothing ----------------------------------------------------------

def test_killed_after_keeping_the_answer_the_store_is_whole_and_the_rerun_asks_nothing(root, arxiv, pauses,
                                                                                      monkeypatch):
    before = archive(root, paper("a", RDD))
    arxiv.plan(RDD, atom(REAL_BYTES))
    real_save = store.save

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the process dies between keeping the answer and saving the record

    monkeypatch.setattr(store, "save", killed)
    result = run(root, arxiv)
    assert result.exit_code == 1 and result.stderr == "\nAborted!\n"
    assert {k: v for k, v in snapshot(root).items() if not k.startswith(CACHE.as_posix())} == before
    monkeypatch.setattr(store, "save", real_save)
    result = run(root, arxiv)
    assert result.exit_code == 0, result.output
    assert len(arxiv.requests) == 1  # the kept answer was used
    assert records(root)["a"]["arxiv_id"] == "2510.14968"


def test_a_broken_store_is_not_touched(root, arxiv, pauses):
    (root / "data/papers").mkdir(parents=True)
    (root / "data/papers/2025-03.jsonl").write_text("{not json\n", encoding="utf-8")
    result = run(root, arxiv)
    assert result.exit_code == 1
    assert result.stderr.endswith("Nothing was looked up: the archive has 1 problem(s). Run `paper-archive check`.\n")
    assert arxiv.requests == []


def test_the_cache_is_named_for_the_search_not_the_address():
    name = enrich.raw_name(enrich.query(RDD))
    assert name.startswith("arxiv-query/") and name.endswith(".atom.cache")
    assert name == enrich.raw_name(enrich.query(RDD.upper() + " "))
    assert name != enrich.raw_name(enrich.query(NIFF))
    assert json.dumps(name).isascii()


# -- the key stays, and the id finds the paper ------------------------------------------

YUE = "YuE: Scaling Open Foundation Models for Long-Form Music Generation"


def test_a_later_fetch_of_the_paper_merges_into_the_enriched_record(root, arxiv, pauses):
    from .fake_hf import Server, fixture, run as fetch_run

    # As page text gives it (another punctuation: the fetch cannot match it by title).
    archive(root, paper("yue-scaling-open-foundation-models", "YuE - Scaling Open Foundation Models for "
                        "Long Form Music Generation", day="2025-03-11"))
    arxiv.plan("YuE - Scaling Open Foundation Models for Long Form Music Generation",
               atom(feed(entry("2503.08638", YUE))))
    assert run(root, arxiv).exit_code == 0
    hf = Server()
    hf.thread.start()
    try:
        hf.plan("2025-03-12", fixture("2025-03-12"))
        result = fetch_run(root, hf, "--date", "2025-03-12")
    finally:
        hf.stop.set()
        hf.httpd.shutdown()
        hf.httpd.server_close()
    assert result.exit_code == 0, result.output
    papers = records(root)
    yue = [p for p in papers.values() if p["arxiv_id"] == "2503.08638"]
    assert [p["key"] for p in yue] == ["yue-scaling-open-foundation-models"]  # one record, its key kept
    assert yue[0]["list_dates"] == ["2025-03-11", "2025-03-12"]
    assert yue[0]["upvotes"] is not None  # the list's figures reached it
    assert "22 added, 1 updated, 0 unchanged" in result.stdout


def test_the_id_finds_the_enriched_paper_at_its_old_address(root, arxiv, pauses):
    from generator.build import pages as site, search, search_lookup
    from generator.site import api
    from generator.tags.taxonomy import load_taxonomy

    from .project import REPO

    archive(root, paper("rdd-retrieval-based", RDD))
    arxiv.plan(RDD, atom(REAL_BYTES))
    assert run(root, arxiv).exit_code == 0
    papers = store.load(root)
    ctx = site.make_context(papers, load_taxonomy(REPO))
    ids = search_lookup.ids(search.paper_records(papers, ctx))
    assert ids["2510.14"]["2510.14968"][0].endswith("papers/rdd-retrieval-based/")
    built = site.build(papers, ctx, [api.extension("https://example.org/")])
    assert json.loads(built[api.paper_path("rdd-retrieval-based")])["arxiv_id"] == "2510.14968"
    assert "arxiv.org/abs/2510.14968" in built["papers/rdd-retrieval-based.md"]  # the page, at its address


def test_enrich_writes_under_the_writers_lock(root, arxiv, pauses, monkeypatch):
    from generator.archive import lock

    from .test_lock import hold

    before = archive(root, paper("a", RDD))
    arxiv.plan(RDD, atom(REAL_BYTES))
    monkeypatch.setenv(lock.TIMEOUT_ENV, "0.3")
    child = hold(root, 3.0)
    try:
        result = run(root, arxiv)
    finally:
        child.kill()
        child.wait()
    assert result.exit_code == 1
    assert "Nothing was done: another paper-archive run (process " in result.stderr
    assert arxiv.requests == [] and snapshot(root) == before


@pytest.mark.parametrize("a, b, same", [
    (RDD, "RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in\n  Long-Horizon Tasks", True),
    ("Schr\\\"odinger Bridges", "Schrödinger bridges", True),
    ("$O(1/\\alpha)$ Regret", "O(1/α) regret", True),
    ("{LLM}s Are ``Fun''", 'LLMs are "fun"', True),
    ("50% of it", "50 of it", True),  # a % is no TeX comment here
    ("ﬁne-tuning at scale", "Fine-tuning at scale", True),
    ("Attention Is All You Need", "Attention Is Not All You Need", False),
    ("RDD", "RDD: Retrieval-Based", False),
    ("GPT-4 Technical Report", "GPT-4o Technical Report", False),
])
def test_when_two_titles_are_one(a, b, same):
    from generator.ingest import titles

    assert titles.same(a, b) is same


def test_the_search_is_the_title_words_as_one_phrase():
    assert enrich.query('"Quoted" AND (grouped): $\\alpha$-nets?') == 'ti:"quoted and grouped alpha nets"'
    assert enrich.query("?! --") is None


def test_records_found_are_saved_every_few_seconds_so_a_kill_loses_little(root, arxiv, pauses, monkeypatch):
    titles = [f"Paper Number {n}" for n in range(6)]
    archive(root, *(paper(f"p{n}", t) for n, t in enumerate(titles)))
    for n, t in enumerate(titles):
        arxiv.plan(t, atom(feed(entry(f"2505.0000{n}", t))))
    real_save, saves = store.save, []

    def save_then_die(*args, **kwargs):
        saves.append(1)
        if len(saves) == 2:
            raise KeyboardInterrupt  # killed at the second save
        return real_save(*args, **kwargs)

    monkeypatch.setattr(store, "save", save_then_die)
    result = run(root, arxiv)
    assert result.exit_code == 1
    # Requests 3 s apart: the first save came 12 s in, before the sixth record.
    assert {k: v["arxiv_id"] for k, v in records(root).items()} == {
        "p0": "2505.00000", "p1": "2505.00001", "p2": "2505.00002", "p3": "2505.00003", "p4": "2505.00004", "p5": None}
    monkeypatch.setattr(store, "save", real_save)
    result = run(root, arxiv)
    assert result.exit_code == 0
    assert len(arxiv.requests) == 6  # the sixth answer was kept: nothing asked twice
    assert records(root)["p5"]["arxiv_id"] == "2505.00005"
