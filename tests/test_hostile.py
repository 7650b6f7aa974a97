"""Hostile and broken input at the edges (issue 15): never a traceback, never
a lost record, never unbounded work.

The parametrized tables below are the review set: each row is one hostile or
broken input and the exact message a person sees (FILE:WHERE: field: message).
The hypothesis tests feed every reader arbitrary bytes.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import time
import xml.dom.minidom
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.curated import commentary
from generator.archive import store, yamlsafe
from generator.build.checks import check_all
from generator.archive.merge import merge_all
from generator.archive.model import FIELDS, InputError, Paper, Problem, validate
from generator.site.render import bibtex, escape
from generator.sources import arxiv_atom, daily_page, hf_api
from generator.tags.taxonomy import load_taxonomy, parse as parse_taxonomy

from .project import REPO

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])
TAXONOMY = load_taxonomy(REPO)


def good_record(**fields) -> dict:
    paper = merge_all({}, [Paper(title="Good", abstract="An abstract.", list_dates=["2025-03-12"],
                                 sources=["2025-03-12.json"], arxiv_id="2503.00001")])["2503.00001"]
    return {**json.loads(store.encode(paper)), **fields}


def store_problems(root: Path, *lines: str | bytes, month: str = "2025-03") -> list[str]:
    path = root / "data" / "papers" / f"{month}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join((line if isinstance(line, bytes) else line.encode("utf-8")) + b"\n" for line in lines))
    _, problems = store.read_located(root)
    return [str(p) for p in problems]


F = "data/papers/2025-03.jsonl:1"

# --- the store: hand-edited records -------------------------------------------------------

STORE_CASES = [
    # types checked, never coerced
    (good_record(authors="Alice"), f"{F}: authors: must be a list of names, not str"),
    (good_record(authors=5), f"{F}: authors: must be a list of names, not int"),
    (good_record(authors=[["Alice"]]), f"{F}: authors: item 0 must be text, not list"),
    (good_record(ai_keywords="transformer"), f"{F}: ai_keywords: must be a list of text, not str"),
    (good_record(tags=[["x"]]), f"{F}: tags: item 0 must be text, not list"),
    (good_record(list_dates=[5]), f"{F}: list_dates: 5 is not a real day (YYYY-MM-DD)"),
    (good_record(list_dates="2025-03-12"), f"{F}: list_dates: needs at least one day the paper was listed"),
    (good_record(links=["https://example.org"]), f"{F}: links: must be a mapping of kind to URL, not list"),
    (good_record(links={"code": 5}), f"{F}: links.code: 5 is not an http(s) URL"),
    (good_record(links={"video": "https://example.org"}),
     f"{F}: links: unknown link kind 'video'; use one of arxiv, pdf, hf, code, project"),
    (good_record(upvotes="12"), f"{F}: upvotes: must be a whole number, 0 or more"),
    (good_record(upvotes=True), f"{F}: upvotes: must be a whole number, 0 or more"),
    (good_record(upvotes=10**20), f"{F}: upvotes: is more than 1,000,000,000,000"),
    (good_record(stars=1.5), f"{F}: stars: must be a whole number, 0 or more"),
    (good_record(title=["A"]), f"{F}: title: must be text"),
    (good_record(ai_summary={"x": 1}), f"{F}: ai_summary: must be text, not dict"),
    (good_record(key=["x"]), f"{F}: key: must be lowercase letters, digits, '.' and '-'"),
    # what the site can hold
    (good_record(key="a" * 101), f"{F}: key: is 101 characters long; the limit is 100 (it names the paper's files)"),
    (good_record(arxiv_id="a" * 250 + "/0101001"), f"{F}: arxiv_id: '{'a' * 75}...' is not an arXiv id such as 2503.08638"),
    (good_record(list_dates=["2025-03-12", "2099-01-01"]), f"{F}: list_dates: '2099-01-01' is in the future"),
    (good_record(authors=["x" * 1001]), f"{F}: authors: item 0 is 1001 characters long; the limit is 1000"),
    # text free of controls, surrogates, non-characters and bidi/zero-width spoofing
    (good_record(title="Safe \u202egnp.exe"), f"{F}: title: contains an invisible formatting character (U+202E)"),
    (good_record(title="Zero\u200bwidth"), f"{F}: title: contains an invisible formatting character (U+200B)"),
    (good_record(title="Bell\x07"), f"{F}: title: contains a control character (U+0007)"),
    (good_record(title="Not \ufffe a char"), f"{F}: title: contains a Unicode non-character (U+FFFE)"),
    (good_record(authors=["Ev\u2066e"]), f"{F}: authors: item 0 contains an invisible formatting character (U+2066)"),
    (good_record(abstract="Text \x0c here"), f"{F}: abstract: contains a control character (U+000C)"),
    (good_record(links={"code": "https://example.org/\uffff"}),
     f"{F}: links.code: 'https://example.org/\\uffff' is not an http(s) URL"),
    (good_record(links={"code": "https://[::1/"}), f"{F}: links.code: 'https://[::1/' is not an http(s) URL"),
]


@pytest.mark.parametrize("record, problem", STORE_CASES, ids=[p.split(": ", 1)[1][:50] for _, p in STORE_CASES])
def test_hand_edited_record_is_a_located_problem(tmp_path, record, problem):
    assert store_problems(tmp_path, json.dumps(record, ensure_ascii=False)) == [problem]


RAW_LINES = [
    (json.dumps(good_record(title="A \ud800")).encode(), f"{F}: title: contains a lone surrogate (U+D800)"),
    (json.dumps(good_record(links={"code": "https://example.org/\udfff"})).encode(),
     f"{F}: links.code: 'https://example.org/\\udfff' is not an http(s) URL"),
    (b"\xff\xfe garbage", f"{F}: json: not UTF-8 text (byte 1 of the line)"),
    (b"[" * 200_000 + b"]" * 200_000, f"{F}: json: nested too deeply"),
    (b'{"upvotes": ' + b"9" * 5000 + b"}", f"{F}: json: not a record: Exceeds the limit (4300 digits) for integer string conversion"),
    (b'"just text"', f"{F}: json: a record must be a JSON object"),
]


@pytest.mark.parametrize("line, problem", RAW_LINES, ids=["surrogate", "surrogate-in-link", "not-utf8", "deep", "huge-number", "text"])
def test_unreadable_store_line_is_a_located_problem(tmp_path, line, problem):
    assert store_problems(tmp_path, line) == [problem]


def test_one_paper_per_arxiv_id(tmp_path):
    a = good_record()
    b = {**good_record(), "key": "good-2", "title": "Good again"}
    assert store_problems(tmp_path, json.dumps(a), json.dumps(b)) == [
        "data/papers/2025-03.jsonl:2: arxiv_id: '2503.00001' is already the paper at data/papers/2025-03.jsonl:1: "
        "merge the two records into one"]


# --- check: the whole truth, never a traceback ---------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@settings(FUZZ, max_examples=60)
@given(fields=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=len(FIELDS)))
def test_check_never_raises_on_any_record_shape(tmp_path_factory, fields):
    root = tmp_path_factory.mktemp("check")
    (root / "taxonomy.yml").write_bytes((REPO / "taxonomy.yml").read_bytes())
    store_problems(root, json.dumps({**good_record(), **fields}))
    problems, _ = check_all(root)
    assert all(p.field != "check" for p in problems), problems  # no internal error
    if not problems:  # what check accepts, the archive loads
        store.load(root)


@FUZZ
@given(data=st.binary(max_size=400))
def test_store_reader_turns_any_bytes_into_problems(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("bytes")
    problems = store_problems(root, data)
    assert all(isinstance(p, str) and p.startswith("data/papers/2025-03.jsonl:") for p in problems)


def test_check_reports_what_generate_would_stop_at(tmp_path):
    (tmp_path / "taxonomy.yml").write_bytes((REPO / "taxonomy.yml").read_bytes())
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / ".generated-manifest.json").write_text("{not json", encoding="utf-8")
    store_problems(tmp_path, json.dumps(good_record()))
    problems, _ = check_all(tmp_path)
    assert [str(p) for p in problems] == [
        "mkdocs.yml:1: site_url: needed (an http(s) URL): feeds and citation tags use absolute URLs",
        "docs/.generated-manifest.json:1: file: is not a manifest written by paper-archive: remove it, "
        "and the generated pages it listed, then generate again",
    ]


# --- readers: any bytes become records or located problems ---------------------------------

def read_bytes(reader, tmp_path: Path, name: str, data: bytes, **kw):
    path = tmp_path / name
    path.write_bytes(data)
    reading = reader(path, name, **kw)
    for p in reading.problems + reading.warnings:
        assert isinstance(p, Problem) and p.file == name and isinstance(p.where, str), p
        str(p).encode("utf-8")  # printable
    return reading


@FUZZ
@given(data=st.binary(max_size=600))
def test_page_text_reader_never_raises(tmp_path_factory, data):
    read_bytes(daily_page.read, tmp_path_factory.mktemp("t"), "2025-03-12.txt", data)


@FUZZ
@given(data=st.binary(max_size=600))
def test_atom_reader_never_raises(tmp_path_factory, data):
    read_bytes(arxiv_atom.read, tmp_path_factory.mktemp("a"), "feed.xml", data, date=dt.date(2025, 3, 12))


@FUZZ
@given(data=st.binary(max_size=600))
def test_hf_reader_never_raises_on_bytes(tmp_path_factory, data):
    read_bytes(hf_api.read, tmp_path_factory.mktemp("h"), "2025-03-12.json", data)


hf_items = st.lists(st.dictionaries(
    st.sampled_from(["paper", "title", "publishedAt", "summary"]),
    json_values | st.dictionaries(st.sampled_from(["id", "title", "summary", "authors", "upvotes", "githubStars",
                                                   "githubRepo", "projectPage", "ai_summary", "ai_keywords",
                                                   "publishedAt"]), json_values)), max_size=3)


@FUZZ
@given(items=hf_items)
def test_hf_reader_never_raises_on_any_item_shape(tmp_path_factory, items):
    from generator.ingest.importer import accept

    data = json.dumps(items).encode()
    reading = accept(read_bytes(hf_api.read, tmp_path_factory.mktemp("h"), "2025-03-12.json", data), "x")
    for found in reading.found:  # what is kept is valid: the store takes it as it is
        assert validate(found.paper, need_key=False) == []


@pytest.mark.parametrize("data, problem", [
    (b"[" * 100_000, "2025-03-12.json:1: json: nested too deeply"),
    (b"[" + b"9" * 5000 + b"]", "2025-03-12.json:1: json: not usable JSON: Exceeds the limit (4300 digits) for integer string conversion"),
    (b'[{"title": "ok"}]\n\xff', "2025-03-12.json:2: json: not UTF-8 text"),
], ids=["deep", "huge-number", "not-utf8"])
def test_hf_file_that_cannot_be_read_is_one_located_problem(tmp_path, data, problem):
    reading = read_bytes(hf_api.read, tmp_path, "2025-03-12.json", data)
    assert [str(p) for p in reading.problems] == [problem]


@FUZZ
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_taxonomy_reader_never_raises(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("tax")
    (root / "taxonomy.yml").write_bytes(data)
    try:
        load_taxonomy(root)
    except InputError as exc:
        assert all(p.file == "taxonomy.yml" for p in exc.problems)


@FUZZ
@given(text=st.text(max_size=600), body=st.text(max_size=300))
def test_commentary_reader_never_raises(text, body):
    papers = {"good": Paper(key="good", title="Good", list_dates=["2025-03-12"])}
    taxonomy = TAXONOMY
    for source in (text, f"---\npaper: good\nauthor: eve\ndate: 2025-03-13\n{text}\n---\n{body}\n"):
        note, problems = commentary.parse("commentary/good/eve.md", source, papers, taxonomy)
        assert (note is None) == bool(problems)


# --- YAML limits -----------------------------------------------------------------------------

def laughs(levels: int) -> str:
    lines = ["a0: &a0 {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9}"]
    lines += [f"a{i}: &a{i} " + "{" + ", ".join(f"k{j}: *a{i - 1}" for j in range(9)) + "}" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def merges(levels: int) -> str:
    lines = ["m0: &m0 {x: 1, y: 2}"]
    lines += [f"m{i}: &m{i}\n  <<: [{', '.join([f'*m{i - 1}'] * 9)}]\n  z{i}: 1" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


YAML_CASES = [
    (laughs(10), "taxonomy.yml:5: yaml: expands to more than 100,000 values (aliases and merge keys count as copies)"),
    (merges(10), "taxonomy.yml:15: yaml: expands to more than 100,000 values (aliases and merge keys count as copies)"),
    ("tags: " + "[" * 5000 + "]" * 5000, "taxonomy.yml:1: yaml: nests deeper than 50 levels"),
    ("tags:\n" + "".join("  " * i + "- \n" for i in range(200)), "taxonomy.yml:51: yaml: nests deeper than 50 levels"),
    ("tags: [a\n", "taxonomy.yml:2: yaml: not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ("tags:\n  - slug: " + "9" * 5000 + "\n",
     "taxonomy.yml:2: yaml: not valid YAML: a value that cannot be read (Exceeds the limit (4300 digits) for integer string conversion)"),
    ("tags:\n  - slug: x\n    title: 2025-13-45\n",
     "taxonomy.yml:3: yaml: not valid YAML: a value that cannot be read (month must be in 1..12)"),
    ("tags: !!python/object:os.system ls\n",
     "taxonomy.yml:1: yaml: not valid YAML: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object:os.system'"),
]


@pytest.mark.parametrize("text, problem", YAML_CASES, ids=["aliases", "merge-keys", "flow-nesting", "block-nesting",
                                                         "syntax", "huge-number", "bad-date", "python-tag"])
def test_taxonomy_yaml_is_read_within_bounds(tmp_path, text, problem):
    (tmp_path / "taxonomy.yml").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError) as exc:
        load_taxonomy(tmp_path)
    assert [str(p) for p in exc.value.problems] == [problem]
    assert time.perf_counter() - started < 5  # a guard against hanging, not a benchmark


def test_taxonomy_that_is_not_utf8_names_its_line(tmp_path):
    (tmp_path / "taxonomy.yml").write_bytes(b"tags:\n  - slug: ok\n    title: Caf\xe9\n")
    with pytest.raises(InputError) as exc:
        load_taxonomy(tmp_path)
    assert str(exc.value) == "taxonomy.yml:3: yaml: not UTF-8 text: save the file as UTF-8"


TAG = "  - slug: {slug}\n    title: {title}\n    description: A tag.\n    match: [word]\n"


@pytest.mark.parametrize("slug, title, problem", [
    ("index", "Index", "taxonomy.yml:item 0 (index): slug: 'index' is reserved: tags/index.md is the page listing every tag"),
    ("a" * 65, "Long", "taxonomy.yml:item 0 (" + "a" * 65 + "): slug: is 65 characters long; the limit is 64 (it names the tag's files)"),
    ("ctl", '"A\\x07title"', "taxonomy.yml:item 0 (ctl): title: contains a control character (U+0007)"),
    ("bidi", '"A\\u202etitle"', "taxonomy.yml:item 0 (bidi): title: contains an invisible formatting character (U+202E)"),
])
def test_taxonomy_tag_the_site_cannot_hold_is_refused(slug, title, problem):
    with pytest.raises(InputError) as exc:
        parse_taxonomy("tags:\n" + TAG.format(slug=slug, title=title))
    assert [str(p) for p in exc.value.problems] == [problem]


def test_commentary_front_matter_yaml_is_bounded():
    papers = {"good": Paper(key="good", title="Good", list_dates=["2025-03-12"])}
    text = "---\npaper: good\nauthor: eve\ndate: 2025-03-13\nname: " + "[" * 5000 + "]" * 5000 + "\n---\nHello.\n"
    note, problems = commentary.parse("commentary/good/eve.md", text, papers, TAXONOMY)
    assert [str(p) for p in problems][0] == "commentary/good/eve.md:5: front matter: nests deeper than 50 levels"


@pytest.mark.parametrize("body", ["[" * 9_990, "[a](" * 2_490, "![[" * 66 + "x" * 9_000, "x" * 9_000 + "(" * 900],
                         ids=["brackets", "open-links", "images", "parens"])
def test_commentary_markdown_work_is_bounded(body):
    papers = {"good": Paper(key="good", title="Good", list_dates=["2025-03-12"])}
    text = f"---\npaper: good\nauthor: eve\ndate: 2025-03-13\n---\n{body}\n"
    started = time.perf_counter()
    note, problems = commentary.parse("commentary/good/eve.md", text, papers, TAXONOMY)
    assert time.perf_counter() - started < 2  # was 10-30 s; a guard, not a benchmark
    assert [p.field for p in problems] == ["body"]
    assert problems[0].message.startswith("has too many '[' or '(' without a closing")


def test_commentary_with_many_closed_links_is_fine():
    papers = {"good": Paper(key="good", title="Good", list_dates=["2025-03-12"])}
    body = "See [this](https://example.org/a) and (that). " * 150
    text = f"---\npaper: good\nauthor: eve\ndate: 2025-03-13\n---\n{body}\n"
    note, problems = commentary.parse("commentary/good/eve.md", text, papers, TAXONOMY)
    assert problems == [] and note.html.count("<a ") == 150


@pytest.mark.parametrize("field, value, problem", [
    ("name", "Eve \u202eevil", "name: contains an invisible formatting character (U+202E)"),
    ("verdict", "Great\u200b!", "verdict: contains an invisible formatting character (U+200B)"),
    ("verdict", "Great\ufdd0!", "verdict: contains a Unicode non-character (U+FDD0)"),
])
def test_commentary_byline_without_invisible_characters(field, value, problem):
    papers = {"good": Paper(key="good", title="Good", list_dates=["2025-03-12"])}
    text = f"---\npaper: good\nauthor: eve\ndate: 2025-03-13\n{field}: {value}\n---\nHello.\n"
    _, problems = commentary.parse("commentary/good/eve.md", text, papers, TAXONOMY)
    assert [str(p) for p in problems] == [f"commentary/good/eve.md:5: {problem}"]


# --- output always valid ------------------------------------------------------------------------

def test_feed_is_well_formed_whatever_the_text():
    from generator.site import feeds
    from generator.build import pages as site
    from generator.tags.taxonomy import Tag, Taxonomy

    nasty = "".join(chr(c) for c in (0, 1, 8, 0xB, 0x1F, 0xFFFE, 0xFFFF, 0xD800)) + "<&>\"'"
    taxonomy = Taxonomy((Tag("t", "Tag " + nasty, "About " + nasty),))
    p = Paper(key="p", title="Title " + nasty, abstract="Abstract " + nasty, authors=["A " + nasty],
              list_dates=["2025-03-12"], links={"arxiv": "https://arxiv.org/abs/1?" + nasty}, tags=["t"])
    papers = {"p": p}
    ctx = site.make_context(papers, taxonomy)
    out = site.build(papers, ctx, [feeds.extension("https://example.org/")])
    for path in (feeds.ARCHIVE_FEED, feeds.tag_feed("t")):
        doc = xml.dom.minidom.parseString(out[path].encode("utf-8", "surrogatepass"))
        assert doc.documentElement.tagName == "feed"
    assert "Title <&>\"'" in out[feeds.ARCHIVE_FEED].replace("&lt;", "<").replace("&amp;", "&").replace(
        "&gt;", ">").replace("&quot;", '"')


def bibtex_fields(entry: str) -> list[str]:
    """Field names at brace depth 1 of an entry, the way BibTeX counts braces
    (a backslash does not escape one)."""
    depth, names, token = 0, [], ""
    for c in entry:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 1 and c == "=":
            names.append(token.strip().split(",")[-1].strip())
            token = ""
            continue
        if depth == 1 and c not in "{}":
            token += c
        elif depth == 1 and c == "}":
            token = ""
    assert depth == 0, entry
    return names


@pytest.mark.parametrize("field, value", [
    ("title", "A} , note = {injected"),
    ("title", "Unbalanced { brace"),
    ("title", "Back\\slash } x"),
    ("authors", ["Eve}, note={x"]),
    ("categories", ["cs.LG}, note = {injected"]),
    ("links", {"arxiv": "https://arxiv.org/abs/1}, note = {injected"}),
])
def test_bibtex_fields_cannot_be_injected(field, value):
    p = Paper(key="p", title="T", arxiv_id="2503.00001", list_dates=["2025-03-12"], categories=["cs.LG"])
    setattr(p, field, value)
    names = bibtex_fields(bibtex.entry(p))
    assert "note" not in names
    assert names[0] == "title"


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=80).filter(lambda t: not re.search(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", t) and t.strip()))
def test_citation_tags_round_trip_the_exact_text(text):
    from html.parser import HTMLParser

    from generator.site import citation
    from generator.site.render import math

    class Meta(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.found: list[tuple[str, str]] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            self.found.append((tag, a.get("name") or a.get("property"), a.get("content")))

    p = Paper(key="p", title=text, authors=[text], list_dates=["2025-03-12"])
    parser = Meta()
    parser.feed(citation.head(p))
    assert {tag for tag, _, _ in parser.found} == {"meta"}  # nothing but the tags, whatever the text
    values = {name: content for _, name, content in parser.found}
    assert values["citation_author"] == text
    # The title reads as the page's <title> does (TeX as text), exactly.
    assert values["citation_title"] == values["og:title"] == math.to_text(text)


valid_text = st.text(min_size=1, max_size=80).map(lambda t: " ".join(t.split())).filter(
    lambda t: t and not __import__("generator.archive.model", fromlist=["bad_char"]).bad_char(t))


@settings(max_examples=100, deadline=None)
@given(title=valid_text, author=valid_text)
def test_feed_and_api_round_trip_the_exact_text_of_any_valid_record(title, author):
    """Whatever a valid record holds comes out of the XML and JSON as it went
    in: the API the source's text, the feed the text a reader reads (TeX noise
    as text, generator/site/render/math.py)."""
    import xml.etree.ElementTree as ET

    from generator.site import api, feeds
    from generator.build import pages as site
    from generator.site.render import math
    from generator.tags.taxonomy import Taxonomy

    p = Paper(key="p", title=title, abstract="x", authors=[author], list_dates=["2025-03-12"])
    assert validate(p) == []
    papers = {"p": p}
    ctx = site.make_context(papers, Taxonomy(()))
    out = site.build(papers, ctx, [feeds.extension("https://example.org/"), api.extension("https://example.org/")])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = ET.fromstring(out[feeds.ARCHIVE_FEED].encode("utf-8")).find("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == math.to_text(title)
    assert entry.findtext("a:author/a:name", namespaces=ns) == author
    record = json.loads(out[api.paper_path("p")])
    assert (record["title"], record["authors"]) == (title, [author])


def test_each_commentary_body_is_rendered_once_per_process(monkeypatch):
    from generator.curated import sanitize

    calls = []
    real = sanitize.render
    monkeypatch.setattr(sanitize, "render", lambda body: calls.append(body) or real(body))
    commentary._render.cache_clear()
    papers = {"good": Paper(key="good", title="Good", list_dates=["2025-03-12"])}
    text = "---\npaper: good\nauthor: eve\ndate: 2025-03-13\n---\nA *unique* note 7f3a.\n"
    for _ in range(3):  # check, generate and the search index of one build
        note, problems = commentary.parse("commentary/good/eve.md", text, papers, TAXONOMY)
        assert problems == [] and "<em>unique</em>" in note.html
    assert len(calls) == 1


xml_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30).map(
    lambda t: escape.xml_chars(t).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;"))


@FUZZ
@given(ident=xml_text, published=st.sampled_from(["2025-03-12T00:00:00Z", "2099-01-01", "", "2025-02-30"]) | xml_text,
       title=xml_text, href=xml_text, term=xml_text, name=xml_text)
def test_atom_reader_never_raises_on_any_entry(tmp_path_factory, ident, published, title, href, term, name):
    from generator.ingest.importer import accept

    entry = (f'<entry><id>http://arxiv.org/abs/{ident}</id><published>{published}</published><title>{title}</title>'
             f'<summary>{title}</summary><author><name>{name}</name></author><link href="{href}" rel="alternate"/>'
             f'<link title="pdf" href="{href}"/><category term="{term}"/></entry>')
    data = f'<feed xmlns="http://www.w3.org/2005/Atom">{entry}</feed>'.encode()
    reading = accept(read_bytes(arxiv_atom.read, tmp_path_factory.mktemp("a"), "feed.xml", data), "x")
    for found in reading.found:
        assert validate(found.paper, need_key=False) == []


@FUZZ
@given(paragraphs=st.lists(st.text(max_size=60) | st.sampled_from(["Mar 12", "Feb 30", "Dec 31", ""]), max_size=8))
def test_page_text_reader_never_raises_on_any_page_shape(tmp_path_factory, paragraphs):
    from generator.ingest.importer import accept

    data = ("Mar 12\n\n" + "\n\n".join(paragraphs)).encode("utf-8", "surrogatepass")
    reading = accept(read_bytes(daily_page.read, tmp_path_factory.mktemp("t"), "2025-03-12.txt", data), "x")
    for found in reading.found:
        assert validate(found.paper, need_key=False) == []


def test_check_reports_a_hand_written_page_generate_would_stop_at(tmp_path):
    from .project import copy_project
    from click.testing import CliRunner
    from generator.commands.cli import main

    root = copy_project(tmp_path / "p")
    (root / "docs" / "index.md").write_text("# My own home page\n", encoding="utf-8")
    message = "docs/index.md:1: file: was not written by paper-archive and a generated page belongs here: " \
              "move your page elsewhere in docs/"
    check = CliRunner().invoke(main, ["--root", str(root), "check"])
    assert check.exit_code == 1 and check.stderr.splitlines()[0] == message
    generate = CliRunner().invoke(main, ["--root", str(root), "generate"])
    assert generate.exit_code == 1 and generate.stderr.splitlines()[0] == message  # the same, found first by check


@settings(max_examples=100, deadline=None)
@given(name=valid_text, verdict=valid_text)
def test_commentary_feed_and_pages_hold_any_valid_byline_as_text(name, verdict):
    """A commentator's name and verdict (issue 21) come out of the commentary
    feed, the commentator's page and the Curated page as the text written:
    never as markup, whatever characters they hold."""
    import xml.etree.ElementTree as ET

    from hypothesis import assume

    from generator.build import pages as site
    from generator.curated import sanitize
    from generator.site import feeds, urls
    from generator.site.render import contribute

    papers = {"good": Paper(key="good", title='A <b>"title"</b> & $x$', abstract="x", list_dates=["2025-03-12"])}
    text = (f"---\npaper: good\nauthor: eve\ndate: 2025-03-13\nname: {escape.yaml_str(name)}\n"
            f"verdict: {escape.yaml_str(verdict)}\n---\nHello.\n")
    note, problems = commentary.parse("commentary/good/eve.md", text, papers, TAXONOMY)
    assume(note is not None)
    assert (note.name, note.verdict) == (name.strip(), verdict.strip())
    ctx = site.make_context(papers, TAXONOMY)
    ctx.repository = contribute.Repository("https://github.com/o/r", "main")
    pages = commentary.extension([note], "https://example.org/")(papers, ctx)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = ET.fromstring(pages[feeds.COMMENTARY_FEED].encode("utf-8")).find("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == f"{note.name} on A <b>\"title\"</b> & x"
    assert entry.findtext("a:author/a:name", namespaces=ns) == note.name
    content = entry.findtext("a:content", namespaces=ns)
    assert [e for e in sanitize.events(content) if e[0] == "start"] == [("start", "p", ()), ("start", "strong", ()),
                                                                        ("start", "p", ())]
    assert sanitize.plain_text(content) == " ".join(f"Verdict: {note.verdict} Hello.".split())
    for path in (urls.commentator("eve"), urls.CURATED):
        body = pages[path].split("\n---\n", 1)[1]
        starts = [e for e in sanitize.events(body) if e[0] == "start"]
        assert {tag for _, tag, _ in starts} <= {"h1", "h2", "p", "a", "ol", "li", "small", "span", "math", "mrow", "mi"}
        assert all(not k.startswith("on") and k != "style" for _, _, attrs in starts for k, _ in attrs)
    commentator = sanitize.events(pages[urls.commentator("eve")].split("\n---\n", 1)[1])
    assert ("data", f"Commentary by {note.name}") in commentator
    assert ("data", note.verdict) in commentator
