"""`paper-archive import`, `check`, `stats` and `--version`, end to end on a temporary archive."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__
from generator.archive import store
from generator.ingest.importer import import_paths
from generator.archive.model import InputError

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed" / "000_1a471a6960d07015.txt"
HF = FIXTURES / "hf-daily-papers"
ARXIV = FIXTURES / "arxiv"
NOTHING_IMPORTED = ("Nothing was imported: {} problem(s). "
                    "Fix them, or pass --skip-invalid to import the valid records.")
REPR_ITEM = "item: must be a JSON object, found str (it looks like a Python repr, not JSON)"


@pytest.fixture(autouse=True)
def plain_logs(monkeypatch):
    """Problems as plain lines, whatever CI this runs in."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def tree(root: Path) -> dict[str, str]:
    """Every file under data/ with the hash of its bytes."""
    data = root / "data"
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data.rglob("*")) if p.is_file()}


def keys(root: Path) -> list[str]:
    return sorted(store.load(root))


def hf_file(folder: Path, name: str, *papers: dict) -> Path:
    """A daily_papers answer with one item per given `paper` object."""
    path = folder / name
    path.write_text(json.dumps([{"paper": p} for p in papers]), encoding="utf-8")
    return path


def hf_paper(n: int = 1, **fields) -> dict:
    return {"id": f"2503.{n:05d}", "title": f"Paper number {n}", "summary": "An abstract.", **fields}


# --- the embedded archive and the real fixtures -------------------------------------------


def test_seed_page_import(cli, archive):
    result = cli("import", "--date", "2025-03-12", SEED)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "77 added, 0 updated, 0 unchanged; 1 file(s) written.\n", "")
    papers = store.load(archive)
    assert len(papers) == 77
    assert "Light Schrödinger Bridge" in [p.title for p in papers.values()]
    assert {d for p in papers.values() for d in p.list_dates} == {"2025-03-12"}
    assert list(tree(archive)) == ["data/papers/2025-03.jsonl"]


def test_embedded_archive_is_the_seed_page_of_2025_03_12(cli, archive):
    """A fresh clone holds the seed's 77 papers; importing its embedded copy again changes nothing."""
    shutil.copytree(REPO / "data", archive / "data", dirs_exist_ok=True)
    seed_titles = [line for i, line in enumerate(SEED.read_text(encoding="utf-8").splitlines()[10:]) if i % 4 == 0]
    papers = store.load(archive)
    assert sorted(p.title for p in papers.values() if "2025-03-12" in p.list_dates) == sorted(seed_titles)
    assert len(seed_titles) == 77
    before = tree(archive)
    result = cli("import", archive / "data" / "sources" / "daily-page" / "2025-03-12.txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("0 added, 0 updated, ")
    assert result.stdout.endswith(" unchanged; 0 file(s) written.\n")
    assert tree(archive) == before


def test_importing_the_same_input_twice_is_byte_identical(cli, archive):
    inputs = ["--skip-invalid", "--year", "2025", SEED, HF, ARXIV]
    first = cli("import", *inputs)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == "164 added, 0 updated, 0 unchanged; 7 file(s) written.\n"
    once = tree(archive)
    again = cli("import", *inputs)
    assert again.stdout == "0 added, 0 updated, 164 unchanged; 0 file(s) written.\n"
    assert tree(archive) == once


def test_importing_day_by_day_then_all_at_once_changes_nothing(cli, archive):
    for name in sorted(p.name for p in HF.glob("*.json")):
        assert cli("import", "--skip-invalid", HF / name).exit_code == 0
    assert cli("import", "--skip-invalid", ARXIV).exit_code == 0
    step_by_step = tree(archive)
    result = cli("import", "--skip-invalid", ARXIV, HF)
    assert result.stdout == "0 added, 0 updated, 87 unchanged; 0 file(s) written.\n"
    assert tree(archive) == step_by_step


def test_the_store_is_sorted_with_a_fixed_key_order(cli, archive):
    cli("import", "--skip-invalid", HF, ARXIV)
    files = sorted((archive / "data" / "papers").glob("*.jsonl"))
    assert [f.name for f in files] == ["2024-05.jsonl", "2024-09.jsonl", "2025-03.jsonl", "2025-07.jsonl",
                                       "2025-10.jsonl", "2026-01.jsonl", "2026-08.jsonl"]
    for path in files:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert [r["key"] for r in records] == sorted(r["key"] for r in records)  # one list day per file here
        assert all(list(r) == list(records[0]) for r in records)
        assert all(list(r["links"]) == sorted(r["links"]) for r in records)
        assert all(r["list_dates"][0][:7] == path.stem for r in records)


def test_hf_and_arxiv_records_of_one_paper_become_one(cli, archive):
    """The HF record and the arXiv record of one paper become one record."""
    folder = archive.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-10-17.json", {"id": "2510.14968", "title": "RDD: Retrieval-Based Demonstration "
                                        "Decomposer for Planner Alignment in\n  Long-Horizon Tasks", "upvotes": 3})
    assert cli("import", folder, ARXIV / "arxiv_response.xml").exit_code == 0
    rdd = store.load(archive)["2510.14968"]
    assert rdd.list_dates == ["2025-10-16", "2025-10-17"]
    assert rdd.authors == ["Mingxuan Yan", "Yuping Wang", "Zechun Liu", "Jiachen Li"]
    assert rdd.categories[:2] == ["cs.RO", "cs.AI"]
    assert rdd.upvotes == 3
    assert rdd.sources == ["2025-10-17.json", "arxiv_response.xml"]


# --- keys across imports ------------------------------------------------------------------


def page(folder: Path, name: str, *titles: str) -> Path:
    """A Daily Papers page named YYYY-MM-DD.txt listing `titles` on that day."""
    path = folder / name
    path.write_text(f"Mar {name[8:10]}\n\n" + "".join(f"{t}\n\nAbstract of {t}.\n\n" for t in titles), encoding="utf-8")
    return path


def test_slug_collisions_are_stable_across_reimports(cli, archive):
    folder = archive.parent / "in"
    folder.mkdir()
    first = page(folder, "2025-03-12.txt", "Café Networks", "Cafe Networks", "Cafè Networks")
    assert cli("import", first).exit_code == 0
    assert keys(archive) == ["cafe-networks", "cafe-networks-2", "cafe-networks-3"]
    titles = {k: p.title for k, p in store.load(archive).items()}
    # Another day lists them in another order, with a newcomer: the keys hold.
    later = page(folder, "2025-03-13.txt", "Cafe Networks!", "Cafés Networks", "Cafè Networks", "Café networks")
    assert cli("import", "--date", "2025-03-13", later).exit_code == 0
    papers = store.load(archive)
    assert {k: papers[k].title for k in titles} == titles
    assert sorted(papers) == ["cafe-networks", "cafe-networks-2", "cafe-networks-3", "cafes-networks"]
    assert papers["cafe-networks-2"].list_dates == ["2025-03-12", "2025-03-13"]
    before = tree(archive)
    assert cli("import", "--year", "2025", first).exit_code == 0
    assert tree(archive) == before


def test_key_never_changes_when_the_arxiv_id_is_learnt(cli, archive):
    cli("import", "--date", "2025-03-12", SEED)
    folder = archive.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-03-20.json", hf_paper(1, title="Light  Schrödinger\n Bridge", id="2311.14324", upvotes=9))
    result = cli("import", folder)
    assert result.stdout == "0 added, 1 updated, 76 unchanged; 1 file(s) written.\n"
    light = store.load(archive)["light-schrodinger-bridge"]
    assert (light.arxiv_id, light.upvotes, light.list_dates) == ("2311.14324", 9, ["2025-03-12", "2025-03-20"])
    assert light.links["hf"] == "https://huggingface.co/papers/2311.14324"
    assert "2311.14324" not in keys(archive)


# --- bad input: exact messages, nothing written -------------------------------------------


def failed_import(cli, archive, *args):
    """Run an import that must fail; return its problem lines. data/ must not change."""
    before = tree(archive)
    result = cli("import", *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert tree(archive) == before
    *problems, summary = result.stderr.splitlines()
    assert summary == NOTHING_IMPORTED.format(len(problems))
    return problems


@pytest.fixture
def seeded(cli, archive):
    """The archive holding the seed page, so a failed import has something to leave alone."""
    assert cli("import", "--date", "2025-03-12", SEED).exit_code == 0
    return archive


@pytest.mark.parametrize("fields, problem", [
    ({"title": " \n "}, "title: is empty"),
    ({"title": "T" * 501}, "title: is 501 characters long; the limit is 500"),
    ({"title": 5}, "title: must be text, not a number"),
    ({"title": ["A", "title"]}, "title: must be text, not a list"),
    ({"title": "A \u202etitle"}, None),  # bidi override: stripped, see test_invisible_characters_are_stripped
    ({"title": "A\x07title"}, "title: contains a control character (U+0007)"),
    ({"title": "A \ufdd0 title"}, "title: contains a Unicode non-character (U+FDD0)"),
    ({"title": "A \ud800 title"}, "title: contains a lone surrogate (U+D800)"),
    ({"id": "not-an-id"}, "arxiv_id: 'not-an-id' is not an arXiv id such as 2503.08638"),
    ({"id": 2503.08638}, 'arxiv_id: must be text such as "2503.08638", not a number'),
    ({"id": "a" * 250 + "/0101001"}, None),  # checked below: refused, never a 'File name too long'
])
def test_bad_identity_refuses_the_item_with_its_exact_message(cli, seeded, fields, problem):
    folder = seeded.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-03-13.json", hf_paper(1), hf_paper(2, **fields))
    if problem is None:
        result = cli("import", folder)
        if "id" in fields:
            assert result.exit_code == 1 and "item 1: arxiv_id: 'aaaaaaaa" in result.stderr
        else:
            assert result.exit_code == 0, result.stderr
        return
    problems = failed_import(cli, seeded, folder)
    assert problems == [f"{folder.as_posix()}/2025-03-13.json:item 1: {problem}"]


# The review set of drifted optional fields (issue 15): each is dropped or
# repaired with a warning naming file, item and field; the paper is kept.
@pytest.mark.parametrize("fields, warning, kept", [
    ({"summary": "a" * 20_001}, "abstract: is 20001 characters long; the limit is 20000; dropped (the paper is kept)",
     {"abstract": ""}),
    ({"summary": 42}, "abstract: must be text, not a number; dropped (the paper is kept)", {"abstract": ""}),
    ({"githubRepo": "javascript:alert(1)"},
     "links.code: 'javascript:alert(1)' is not an http(s) URL; dropped (the paper is kept)", {}),
    ({"projectPage": "ftp://example.org/x"},
     "links.project: 'ftp://example.org/x' is not an http(s) URL; dropped (the paper is kept)", {}),
    ({"githubRepo": "https://github.com/\nFightingFighting/DreamActor"},
     "links.code: 'https://github.com/\\nFightingFighting/DreamActor' held white space; "
     "repaired to 'https://github.com/FightingFighting/DreamActor'",
     {"links.code": "https://github.com/FightingFighting/DreamActor"}),
    ({"githubRepo": "https://github.com/a/b\u2028c"},
     "links.code: 'https://github.com/a/b\\u2028c' held white space; repaired to 'https://github.com/a/bc'",
     {"links.code": "https://github.com/a/bc"}),
    ({"githubRepo": {"url": "https://github.com/a/b"}},
     "links.code: must be a URL (text), not an object; dropped (the paper is kept)", {}),
    ({"githubRepo": "https://github.com/a/\ud800"},
     "links.code: 'https://github.com/a/\\ud800' is not an http(s) URL; dropped (the paper is kept)", {}),
    ({"upvotes": -1}, "upvotes: must be a whole number, 0 or more; dropped (the paper is kept)", {"upvotes": None}),
    ({"upvotes": "12"}, "upvotes: must be a whole number, 0 or more; dropped (the paper is kept)", {"upvotes": None}),
    ({"upvotes": True}, "upvotes: must be a whole number, 0 or more; dropped (the paper is kept)", {"upvotes": None}),
    ({"upvotes": 10**13}, "upvotes: is more than 1,000,000,000,000; dropped (the paper is kept)", {"upvotes": None}),
    ({"githubStars": 1.5}, "stars: must be a whole number, 0 or more; dropped (the paper is kept)", {"stars": None}),
    ({"ai_keywords": "transformer"}, "ai_keywords: must be a list, not text; dropped (the paper is kept)",
     {"ai_keywords": []}),
    ({"ai_keywords": ["transformer", 5]},
     "ai_keywords: item 1 is a number, not text; that item is dropped (the paper is kept)",
     {"ai_keywords": ["transformer"]}),
    ({"authors": "Alice"}, "authors: must be a list, not text; dropped (the paper is kept)", {"authors": []}),
    ({"authors": 5}, "authors: must be a list, not a number; dropped (the paper is kept)", {"authors": []}),
    ({"authors": [{"name": "Alice"}, "Bob"]},
     "authors: item 1 is text, not an author; that item is dropped (the paper is kept)", {"authors": ["Alice"]}),
    ({"authors": [{"name": "Al\x00ice"}]},
     "authors: item 0 contains a control character (U+0000); dropped (the paper is kept)", {"authors": []}),
    ({"ai_summary": ["x"]}, "ai_summary: must be text, not a list; dropped (the paper is kept)", {"ai_summary": None}),
    ({"publishedAt": "yesterday"},
     "published: 'yesterday' is not a time such as 2025-03-12T00:00:00Z; dropped (the paper is kept)",
     {"published": None}),
])
def test_drifted_optional_field_is_dropped_with_a_warning_and_the_paper_kept(cli, seeded, fields, warning, kept):
    folder = seeded.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-03-13.json", hf_paper(1), hf_paper(2, **fields))
    result = cli("import", folder)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [f"{folder.as_posix()}/2025-03-13.json:item 1: {warning}",
                                          "1 field(s) dropped or repaired; their papers were kept."]
    assert result.stdout.startswith("2 added")
    paper = store.load(seeded)["2503.00002"]
    for name, value in kept.items():
        got = paper.links.get(name[6:]) if name.startswith("links.") else getattr(paper, name)
        assert got == value


def test_drift_warnings_are_annotations_in_github_actions(cli, seeded, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    folder = seeded.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-03-13.json", hf_paper(1, ai_keywords="transformer"))
    result = cli("import", folder)
    assert result.exit_code == 0, result.stderr
    assert (f"::warning file={folder.as_posix()}/2025-03-13.json,title=ai_keywords::item 0: must be a list, "
            "not text; dropped (the paper is kept)") in result.stdout.splitlines()


def test_invisible_characters_are_stripped_from_web_text(cli, seeded):
    folder = seeded.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-03-13.json", hf_paper(1, title="Safe \u202egnp.exe", summary="Zero\u200bwidth.",
                                                authors=[{"name": "Ali\u200bce"}]))
    assert cli("import", folder).exit_code == 0
    paper = store.load(seeded)["2503.00001"]
    assert (paper.title, paper.abstract, paper.authors) == ("Safe gnp.exe", "Zerowidth.", ["Alice"])


def test_arxiv_id_with_a_trailing_line_break_is_refused(cli, seeded):
    folder = seeded.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-03-13.json", hf_paper(1, id="2503.00001\n"))
    where = f"{folder.as_posix()}/2025-03-13.json:item 0"
    assert failed_import(cli, seeded, folder) == [
        f"{where}: arxiv_id: '2503.00001\\n' is not an arXiv id such as 2503.08638",
        f"{where}: links.arxiv: 'https://arxiv.org/abs/2503.00001\\n' is not an http(s) URL",
        f"{where}: links.hf: 'https://huggingface.co/papers/2503.00001\\n' is not an http(s) URL",
        f"{where}: links.pdf: 'https://arxiv.org/pdf/2503.00001\\n' is not an http(s) URL",
    ]


def test_title_and_abstract_limits_are_inclusive(cli, seeded):
    folder = seeded.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-03-13.json", hf_paper(1, title="T" * 500, summary="a" * 20_000))
    assert cli("import", folder).exit_code == 0


def test_impossible_date_option_is_refused(cli, seeded):
    before = tree(seeded)
    result = cli("import", "--date", "2025-02-30", SEED)
    assert result.exit_code == 2
    assert "Invalid value for '--date': '2025-02-30' is not a real day (YYYY-MM-DD)" in result.stderr
    assert tree(seeded) == before


def test_impossible_date_line_is_refused(cli, seeded):
    path = seeded.parent / "page.txt"
    path.write_text("Feb 30\n\nA paper\n\nIts abstract.\n", encoding="utf-8")
    assert failed_import(cli, seeded, "--year", "2025", path) == [
        f"{path.as_posix()}:1: date: 'Feb 30' is not a real day in 2025"]


def test_page_without_year_asks_for_one(cli, seeded):
    assert failed_import(cli, seeded, SEED) == [
        f"{SEED.as_posix()}:9: date: 'Mar 12' has no year: pass --date YYYY-MM-DD or --year YYYY"]


def test_every_problem_in_every_file_is_listed_in_order(cli, seeded):
    folder = seeded.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-03-13.json", hf_paper(1, title=""), hf_paper(2),
            hf_paper(3, githubRepo="javascript:void(0)", summary="b" * 20_001))
    (folder / "2025-03-14.txt").write_text("Mar 14\n\nA title alone\n", encoding="utf-8")
    (folder / "2025-03-15.json").write_text("[{,]", encoding="utf-8")
    shutil.copy(HF / "2025-01-10.json", folder / "2025-01-10.json")
    name = folder.as_posix()
    assert failed_import(cli, seeded, folder) == [
        *(f"{name}/2025-01-10.json:item {i}: {REPR_ITEM}" for i in range(9)),
        f"{name}/2025-03-13.json:item 0: title: is empty",
        # item 2's bad optional fields are only dropped (with a warning): not problems
        f"{name}/2025-03-14.txt:3: abstract: this title has no abstract after it (title, blank line, abstract)",
        f"{name}/2025-03-15.json:1: json: not valid JSON: Expecting property name enclosed in double quotes",
    ]


def test_repr_items_of_the_real_fixtures_fail_the_import(cli, seeded):
    problems = failed_import(cli, seeded, HF)
    assert problems == [f"{HF.as_posix()}/2024-12-11.json:item {i}: {REPR_ITEM}" for i in range(26)] + [
        f"{HF.as_posix()}/2025-01-10.json:item {i}: {REPR_ITEM}" for i in range(9)]


def test_missing_and_unknown_paths(cli, seeded):
    notes = seeded.parent / "notes.md"
    notes.write_text("# notes\n", encoding="utf-8")
    missing = seeded.parent / "nope.json"
    assert failed_import(cli, seeded, missing, notes) == [
        f"{missing.as_posix()}:-: path: no such file or folder",
        f"{notes.as_posix()}:-: path: unknown kind of file; expected one of .atom, .json, .txt, .xml",
    ]


def test_a_broken_store_stops_the_import(cli, seeded):
    path = seeded / "data" / "papers" / "2025-03.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    assert failed_import(cli, seeded, HF / "2025-07-01.json") == [
        "data/papers/2025-03.jsonl:78: json: not valid JSON: Expecting property name enclosed in double quotes"]


def test_failed_import_raises_before_writing(seeded):
    before = tree(seeded)
    with pytest.raises(InputError) as exc:
        import_paths(seeded, [HF])
    assert len(exc.value.problems) == 35
    assert tree(seeded) == before


# --- --skip-invalid -----------------------------------------------------------------------


def test_skip_invalid_imports_the_valid_and_lists_the_skipped(cli, seeded):
    folder = seeded.parent / "in"
    folder.mkdir()
    hf_file(folder, "2025-03-13.json", hf_paper(1), hf_paper(2, title="A\x07title"), hf_paper(3))
    result = cli("import", "--skip-invalid", folder)
    assert result.exit_code == 0
    assert result.stdout == "2 added, 0 updated, 77 unchanged; 1 file(s) written.\n"
    assert result.stderr.splitlines() == [
        f"{folder.as_posix()}/2025-03-13.json:item 1: title: contains a control character (U+0007)",
        "Skipped 1 invalid item(s).",
    ]
    assert "2503.00001" in keys(seeded) and "2503.00003" in keys(seeded) and "2503.00002" not in keys(seeded)


def test_skip_invalid_on_the_real_fixtures(cli, archive):
    result = cli("import", "--skip-invalid", HF)
    assert result.stdout == "85 added, 0 updated, 0 unchanged; 6 file(s) written.\n"
    lines = result.stderr.splitlines()
    assert lines[0] == f"{HF.as_posix()}/2024-12-11.json:item 0: {REPR_ITEM}"
    assert lines[-1] == "Skipped 35 invalid item(s)."
    assert len(lines) == 36


# --- check, stats, version ----------------------------------------------------------------


def test_check_a_good_store(cli, seeded):
    result = cli("check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("All good: 77 papers, ")


def test_check_reports_a_corrupted_line_by_file_line_and_field(cli, seeded):
    path = seeded / "data" / "papers" / "2025-03.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[4])
    record["abstract"] = 42
    record["links"] = {"code": "javascript:alert(1)"}
    lines[4] = json.dumps(record)
    lines[9] = lines[9][:50]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "data/papers/2025-03.jsonl:5: abstract: must be text",
        "data/papers/2025-03.jsonl:5: links.code: 'javascript:alert(1)' is not an http(s) URL",
        "data/papers/2025-03.jsonl:10: json: not valid JSON: Unterminated string starting at",
        "3 problem(s) found.",
    ]


def test_check_in_github_actions_also_annotates(cli, seeded, monkeypatch):
    path = seeded / "data" / "papers" / "2025-03.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + "[]\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("check")
    assert result.exit_code == 1
    assert result.stdout == ("::error file=data/papers/2025-03.jsonl,line=78,title=json::"
                             "a record must be a JSON object\n")


def test_stats(cli, seeded):
    (seeded / "taxonomy.yml").write_text(
        "tags:\n"
        "  - {slug: optimization, title: Optimization, description: Optimizing., match: [optimization]}\n"
        "  - {slug: quantum, title: Quantum, description: Qubits., match: [qubit*]}\n",
        encoding="utf-8")
    result = cli("stats")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ("papers: 77\nlist days: 1\ntags: 1 in use of 2\n"
                             "date range: 2025-03-12 to 2025-03-12\n")


def test_stats_with_a_broken_taxonomy_names_the_line(cli, seeded):
    (seeded / "taxonomy.yml").write_text("tags:\n  - slug: a\n    title: A: b\n", encoding="utf-8")
    result = cli("stats")
    assert result.exit_code == 1
    assert result.stderr == ("taxonomy.yml:3: yaml: not valid YAML: mapping values are not allowed here "
                             "(quote text that holds ': ')\n")


def test_stats_of_an_empty_archive(cli):
    result = cli("stats")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == ["papers: 0", "list days: 0"]
    assert result.stdout.splitlines()[-1] == "date range: empty"


def test_version(cli):
    result = cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"paper-archive, version {__version__}\n")


def test_python_m_generator_version():
    done = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True,
                          cwd=REPO, check=False)
    assert (done.returncode, done.stdout) == (0, f"paper-archive, version {__version__}\n")
