"""Curated commentary: reading, every check with its exact message, hostile
text, rendering (golden files) and a real build that shows it.

Golden files: tests/golden/commentary-*; regenerate after an intended change with
    UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/test_commentary.py
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.curated import commentary, sanitize
from generator.archive import store
from generator.site import feeds, urls
from generator.build.generate import generate
from generator.archive.model import InputError
from generator.site.render import commentary as render, contribute
from generator.build.pages import make_context
from generator.tags.taxonomy import load_taxonomy

from .golden import assert_golden
from .project import REPO, Page, copy_project, mkdocs_build, read_page
from .sample import sample_papers

TODAY = dt.date(2025, 3, 20)
KEY = "a-tutorial-on-bayesian-optimization"
REL = f"commentary/{KEY}/octocat.md"
BODY = "Gaussian processes, explained *well*.\n"


def note(fields: str = "", body: str = BODY, *, paper: str = KEY, author: str = "octocat", date: str = "2025-03-14") -> str:
    """A commentary file's text; `fields` adds front matter lines."""
    head = "".join(f"{k}: {v}\n" for k, v in (("paper", paper), ("author", author), ("date", date)) if v is not None)
    return f"---\n{head}{fields}---\n{body}"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(REPO)


def problems(text: str, taxonomy, rel: str = REL) -> list[str]:
    note_, found = commentary.parse(rel, text, sample_papers(), taxonomy, TODAY)
    assert (note_ is None) == bool(found)
    return [str(p) for p in found]


# --- Reading valid commentary --------------------------------------------------

def test_a_valid_commentary_is_read_with_every_field(taxonomy):
    text = note("name: Mona Lisa Octocat\ntags: [automl]\nverdict: \"Read it: twice.\"\n")
    n, found = commentary.parse(REL, text, sample_papers(), taxonomy, TODAY)
    assert found == []
    assert (n.paper, n.author, n.date, n.name, n.tags, n.verdict) == (
        KEY, "octocat", "2025-03-14", "Mona Lisa Octocat", ("automl",), "Read it: twice.")
    assert n.html == "<p>Gaussian processes, explained <em>well</em>.</p>"


@pytest.mark.parametrize("value", ["2503.08638", "arXiv:2503.08638", "2503.08638v2"])
def test_the_paper_may_be_named_by_arxiv_id(taxonomy, value: str):
    n, found = commentary.parse("commentary/2503.08638/octocat.md", note(paper=value), sample_papers(), taxonomy, TODAY)
    assert found == [] and n.paper == "2503.08638"


def test_values_stay_text_and_windows_line_ends_and_a_bom_are_fine(taxonomy):
    text = "\ufeff" + note("verdict: no\n", date="2025-03-14").replace("\n", "\r\n")
    n, found = commentary.parse(REL, text, sample_papers(), taxonomy, TODAY)
    assert found == [] and n.verdict == "no" and n.date == "2025-03-14"


def test_the_seed_commentary_and_the_contributing_example_are_valid(taxonomy):
    notes = commentary.load(REPO, store.load(REPO), taxonomy)
    assert [n.file for n in notes] == [f"commentary/{KEY}/paper-archive-editors.md"]
    words = len(notes[0].body.split())
    assert 150 <= words <= 300 and notes[0].verdict and notes[0].tags
    example = re.search(r"^The file `(commentary/[^`]+)`:\n\n````markdown\n(.*?)^````$",
                        (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"), re.S | re.M)
    rel, text = example[1], example[2]
    n, found = commentary.parse(rel, text, store.load(REPO), taxonomy, TODAY)
    assert found == [], found
    assert "<table>" in n.html and 'class="arithmatex"' in n.html and "<blockquote>" in n.html


# --- Every check, with its exact message ------------------------------------------------

CHECKS = [
    # Where the file is.
    ("commentary/octocat.md", note(),
     ["commentary/octocat.md:1: file: is in the wrong place: a commentary is a Markdown file named "
      "commentary/<paper-key>/<your-github-handle>.md"]),
    (f"commentary/{KEY}/octocat.txt", note(),
     [f"commentary/{KEY}/octocat.txt:1: file: is in the wrong place: a commentary is a Markdown file named "
      "commentary/<paper-key>/<your-github-handle>.md"]),
    (f"commentary/{KEY}/notes/octocat.md", note(),
     [f"commentary/{KEY}/notes/octocat.md:1: file: is in the wrong place: a commentary is a Markdown file named "
      "commentary/<paper-key>/<your-github-handle>.md"]),
    (f"commentary/{KEY}/octo_cat.md", note(),
     [f"commentary/{KEY}/octo_cat.md:1: file: 'octo_cat.md' is not named after a GitHub handle: "
      f"name the file commentary/{KEY}/<your-github-handle>.md"]),
    ("commentary/2503.08638/octocat.md", note(),
     [f"commentary/2503.08638/octocat.md:2: paper: is the paper '{KEY}' but the file is in the folder '2503.08638': "
      f"move the file to commentary/{KEY}/octocat.md"]),
    # The front matter.
    (REL, BODY,
     [f"{REL}:1: front matter: is missing: the file must start with a line '---', then the fields "
      "(paper, author, date, ...), then another line '---', then your commentary"]),
    (REL, "---\npaper: x\n" + BODY,
     [f"{REL}:1: front matter: is not closed: add a line '---' after the last field, before your commentary"]),
    (REL, note("verdict: Good: but \"odd\n"),
     [f"{REL}:5: front matter: is not valid YAML (mapping values are not allowed here): write one 'field: value' per line, "
      "and put a value that contains ': ' or starts with a quote in double quotes"]),
    (REL, "---\n- paper\n---\n" + BODY,
     [f"{REL}:2: front matter: must be 'field: value' lines, such as 'paper: a-tutorial-on-bayesian-optimization'"]),
    (REL, "---\n---\n" + BODY,
     [f"{REL}:1: paper: is missing: add a line 'paper: ...' to the front matter, with the paper's key "
      "(the end of its page address, papers/<key>/) or its arXiv id",
      f"{REL}:1: author: is missing: add a line 'author: ...' to the front matter, with your GitHub handle",
      f"{REL}:1: date: is missing: add a line 'date: ...' to the front matter, with the day you wrote the "
      "commentary, as YYYY-MM-DD"]),
    (REL, note("summary: great\n"),
     [f"{REL}:5: summary: is not a front matter field: the fields are paper, author, date, name, tags and verdict"]),
    (REL, note("date: 2025-03-15\n"),
     [f"{REL}:5: date: appears twice in the front matter: keep one"]),
    # The paper.
    (REL, note(paper=""),
     [f"{REL}:2: paper: is empty: write the paper's key (the end of its page address, papers/<key>/) or its arXiv id"]),
    (REL, note(paper="[a, b]"),
     [f"{REL}:2: paper: must be one line of text, not a list or a mapping"]),
    (REL, note(paper="a-tutorial-on-bayesian-optimisation"),
     [f"{REL}:2: paper: 'a-tutorial-on-bayesian-optimisation' is not a paper of the archive; did you mean "
      f"'{KEY}'? Use the paper's key (the end of its page address, papers/<key>/) or its arXiv id"]),
    (REL, note(paper="A Tutorial on Bayesian Optimization"),
     [f"{REL}:2: paper: 'A Tutorial on Bayesian Optimization' is not a paper of the archive; did you mean "
      f"'{KEY}'? Use the paper's key (the end of its page address, papers/<key>/) or its arXiv id"]),
    (REL, note(paper="quantum-gravity"),
     [f"{REL}:2: paper: 'quantum-gravity' is not a paper of the archive: Use the paper's key "
      "(the end of its page address, papers/<key>/) or its arXiv id"]),
    # The author.
    (REL, note(author="-octocat"),
     [f"{REL}:3: author: '-octocat' is not a GitHub handle: a handle has 1 to 39 letters, digits or single "
      "hyphens, and does not start or end with a hyphen"]),
    (REL, note(author="octo--cat"),
     [f"{REL}:3: author: 'octo--cat' is not a GitHub handle: a handle has 1 to 39 letters, digits or single "
      "hyphens, and does not start or end with a hyphen"]),
    (REL, note(author="a" * 40),
     [f"{REL}:3: author: '{'a' * 40}' is not a GitHub handle: a handle has 1 to 39 letters, digits or single "
      "hyphens, and does not start or end with a hyphen"]),
    (REL, note(author="hubot"),
     [f"{REL}:3: author: is 'hubot' but the file is named 'octocat.md': name the file after your GitHub handle, "
      f"commentary/{KEY}/hubot.md"]),
    (REL, note(author=None),
     [f"{REL}:1: author: is missing: add a line 'author: ...' to the front matter, with your GitHub handle"]),
    # The date.
    (REL, note(date="14/03/2025"),
     [f"{REL}:4: date: '14/03/2025' is not written YYYY-MM-DD: write it like 2025-03-12"]),
    (REL, note(date="2025-02-30"),
     [f"{REL}:4: date: '2025-02-30' is not a real day"]),
    (REL, note(date="2025-03-21"),
     [f"{REL}:4: date: '2025-03-21' is in the future: use the day you wrote the commentary"]),
    # Optional fields.
    (REL, note("name: [Mona, Lisa]\n"),
     [f"{REL}:5: name: must be one line of text, not a list or a mapping"]),
    (REL, note("name: ''\n"),
     [f"{REL}:5: name: is empty: write the name to show, or remove the line"]),
    (REL, note(f"name: {'M' * 101}\n"),
     [f"{REL}:5: name: is 101 characters long; the limit is 100"]),
    (REL, note(f"verdict: {'v' * 201}\n"),
     [f"{REL}:5: verdict: is 201 characters long; the limit is 200"]),
    (REL, note("verdict: |\n  first line\n  second line\n"),
     [f"{REL}:5: verdict: must be one line of text"]),
    (REL, note("tags: automl\n"),
     [f"{REL}:5: tags: must be a list of tags, such as [optimization, reasoning]"]),
    (REL, note("tags:\n  - automl\n  - optimisation\n"),
     [f"{REL}:7: tags: 'optimisation' is not a tag of the archive; did you mean 'optimization' or 'bilevel-optimization'? "
      "The tags are listed in taxonomy.yml"]),
    (REL, note("tags: [cooking]\n"),
     [f"{REL}:5: tags: 'cooking' is not a tag of the archive: use tags listed in taxonomy.yml, for example "
      "optimization, bayesian-optimization, distributed-learning, reinforcement-learning, rlhf-alignment"]),
    # The body.
    (REL, note(body="\n  \n"),
     [f"{REL}:6: body: is empty: write your commentary below the front matter's closing '---' line"]),
    (REL, note(body="x" * 10_001),
     [f"{REL}:6: body: is 10001 characters long; the limit is 10000"]),
    (REL, note(body="fine\nbell \x07 here\n"),
     [f"{REL}:7: body: contains the control character U+0007: remove it"]),
]


@pytest.mark.parametrize("rel, text, expected", CHECKS, ids=[f"{i}" for i in range(len(CHECKS))])
def test_each_check_says_exactly_what_is_wrong_and_where(taxonomy, rel: str, text: str, expected: list[str]):
    assert problems(text, taxonomy, rel) == expected


UNSAFE = [
    ("<script>alert(1)</script>", "<script> is not allowed: commentary cannot run scripts"),
    ('<img src="x" onerror="alert(1)">', "the event-handler attribute 'onerror' is not allowed: commentary cannot run scripts"),
    ('<sub style="color:red">2</sub>', "the 'style' attribute is not allowed: the site's style applies to every commentary"),
    ('<iframe src="https://example.org"></iframe>',
     "raw HTML <iframe> is not allowed; write Markdown instead (the only HTML tags allowed are "
     "<sub>, <sup>, <kbd>, <br> and <abbr>)"),
    ('<abbr title="Gaussian process">GP</abbr>', "<abbr> cannot have attributes here: write it as plain <abbr>"),
    ("<!-- hidden -->", "HTML comments (<!-- ... -->) are not allowed: they hide text from readers and reviewers"),
    ("<!DOCTYPE html>", "raw HTML '<!DOCTYPE' is not allowed; write Markdown instead"),
    ("[x](javascript:alert(1))",
     "the address 'javascript:alert(1' is not allowed: links and images must start with https://, http:// or "
     "mailto: (or be a relative link within this site)"),
    ("Para.\n{: onclick=\"alert(1)\" }",
     "attribute lists such as '{: ... }', '{.class}' or '{#id}' are not allowed in commentary: remove the braces"),
]


@pytest.mark.parametrize("body, message", UNSAFE)
def test_each_unsafe_construct_is_named_on_its_line(taxonomy, body: str, message: str):
    line = 6 + body.count("\n") if body.startswith("Para") else 6
    assert problems(note(body=body), taxonomy) == [f"{REL}:{line}: body: {message}"]


def test_lines_count_from_the_top_of_the_file(taxonomy):
    body = "Fine.\n\nStill fine.\n\n![x](data:image/png;base64,AAAA)\n"
    assert problems(note("verdict: ok\n", body), taxonomy) == [
        f"{REL}:11: body: the address 'data:image/png;base64,AAAA' is not allowed: links and images must start "
        "with https://, http:// or mailto: (or be a relative link within this site)"]


def test_what_only_the_sanitizer_catches_is_refused_with_its_own_message(taxonomy, monkeypatch):
    monkeypatch.setattr(sanitize, "scan", lambda body: [])  # as if the source scan were bypassed
    assert problems(note(body="Fine.\n\n<img src=x onerror=alert(1)>\n"), taxonomy) == [
        f"{REL}:8: body: the HTML sanitizer had to remove the 'onerror' attribute of <img>: remove it from your "
        "commentary (CONTRIBUTING.md lists what is allowed)"]


def test_files_that_cannot_be_read_are_refused(tmp_path: Path, taxonomy):
    folder = tmp_path / "commentary" / KEY
    folder.mkdir(parents=True)
    (folder / "octocat.md").write_bytes(note().encode("utf-16"))
    (folder / "hubot.md").write_text(note(author="hubot", body="x" * 100_001), encoding="utf-8")
    outside = tmp_path / "secret.md"
    outside.write_text(note(author="mallory"), encoding="utf-8")
    (folder / "mallory.md").symlink_to(outside)
    (folder / ".gitkeep").write_text("", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "octocat.md").write_text(note(), encoding="utf-8")
    (tmp_path / "commentary" / "linked").symlink_to(tmp_path / "elsewhere")
    _, found = commentary.read(tmp_path, sample_papers(), taxonomy, TODAY)
    assert [str(p) for p in found] == [
        f"commentary/{KEY}/hubot.md:1: file: is {(folder / 'hubot.md').stat().st_size} bytes; the limit is 100000",
        f"commentary/{KEY}/mallory.md:1: file: is a symbolic link: commit the commentary as a regular file",
        f"commentary/{KEY}/octocat.md:1: file: is not UTF-8 text: save it as UTF-8",
        "commentary/linked:1: file: is a symbolic link: commit the commentary as a regular file",
    ]


def test_paper_archive_check_reports_file_line_field_and_exits_1(archive: Path, cli, monkeypatch):
    store.save(archive, sample_papers())
    bad = archive / "commentary" / KEY / "octocat.md"
    bad.parent.mkdir(parents=True)
    bad.write_text(note("tags: [cooking]\n", date="2999-01-01"), encoding="utf-8")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{REL}:4: date: '2999-01-01' is in the future: use the day you wrote the commentary",
        f"{REL}:5: tags: 'cooking' is not a tag of the archive: use tags listed in taxonomy.yml, for example "
        "optimization, bayesian-optimization, distributed-learning, reinforcement-learning, rlhf-alignment",
        "2 problem(s) found.",
    ]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("check")
    assert f"::error file={REL},line=4,title=date::'2999-01-01' is in the future: use the day you wrote the commentary" \
        in result.stdout.splitlines()
    bad.write_text(note(), encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 0 and "1 commentary" in result.stdout


# --- Hostile commentary ------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<sub onmouseover='alert(1)'>x</sub>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x61;script:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](java&Tab;script:alert(1))",
    "[click](  java\tscript:alert(1))",
    "[click]\n\n[click]: javascript:alert(1)",
    "[click][r]\n\n[r]:\n    vbscript:msgbox(1)",
    "<javascript:alert(1)>",
    "![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body { display: none }</style>",
    '<p style="position:fixed">x</p>',
    "Para\n{: onclick=\"alert(1)\" }",
    "# Title {#main-content}",
    "Text {.md-button}",
    "<!-- <script>alert(1)</script> -->",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<div markdown="1">*x*</div>',
    "<object data=x.swf></object>",
    '<form action="https://evil.example"><input name=q></form>',
]


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_commentary_is_refused_by_the_check(taxonomy, body: str):
    found = problems(note(body=body + "\n"), taxonomy)
    assert found and all(p.startswith(f"{REL}:") and ": body: " in p for p in found), found


def browser_scheme(url: str) -> str | None:
    """The scheme a browser reads (WHATWG URL: outer spaces and controls
    trimmed, tabs and line breaks removed); None for a relative URL."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return m[1].lower() if m else None


def assert_inert(fragment: str) -> None:
    """No live script, handler, embedding element or dangerous address."""
    for event in sanitize.events(fragment):
        if event[0] != "start":
            assert event[0] != "comment"
            continue
        tag, attrs = event[1], dict(event[2])
        assert tag in sanitize.TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in ("style", "id", "srcdoc", "formaction"), (tag, name)
            if name in ("href", "src"):
                assert browser_scheme(value) in (None, "http", "https", "mailto"), (tag, value)
    assert not re.search(r"<\s*(script|iframe|style|svg|math|object|form)", fragment, re.I)


@pytest.mark.parametrize("body", HOSTILE)
def test_without_the_check_the_sanitizer_still_publishes_nothing_live(body: str):
    rendered = sanitize.markdown_html(body)
    assert_inert(sanitize.clean(rendered))
    try:
        html = sanitize.render(body)
    except sanitize.UnsafeContent as exc:
        assert str(exc).startswith("the HTML sanitizer had to remove ")
    else:
        # Accepted only when what Markdown made of it is inert text already.
        assert_inert(html)
        assert html == sanitize.clean(rendered)


def test_the_sanitizer_refuses_what_it_had_to_change():
    for body in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
                 "<!-- x -->", "<iframe></iframe>", '<p style="color:red">x</p>', "![i](data:image/png,AAAA)"):
        with pytest.raises(sanitize.UnsafeContent):
            sanitize.render(body)


def test_attribute_values_stay_on_one_line():
    # A line of its own inside an attribute could be read by MkDocs' snippets
    # extension as an include directive: values are joined into one line.
    html = sanitize.render("![a\n--8<--\nmkdocs.yml\n--8<--\nb](https://example.org/i.png)")
    assert not re.search(r"^\s*-+8<", html, re.M)
    assert 'alt="a --8&lt;-- mkdocs.yml --8&lt;-- b"' in html


def _hostile_project(tmp_path: Path, body: str) -> Path:
    root = tmp_path / "project"
    (root / "data" / "papers").mkdir(parents=True)
    for name in ("taxonomy.yml", "mkdocs.yml"):
        shutil.copy(REPO / name, root / name)
    store.save(root, sample_papers())
    path = root / REL
    path.parent.mkdir(parents=True)
    path.write_text(note(body=body), encoding="utf-8")
    return root


def test_generate_fails_and_writes_nothing_even_when_the_check_is_bypassed(tmp_path: Path, monkeypatch, cli):
    root = _hostile_project(tmp_path, "Fine.\n\n<img src=x onerror=alert(1)>\n")
    with pytest.raises(InputError) as caught:
        generate(root)
    assert [p.message for p in caught.value.problems] == [
        "the event-handler attribute 'onerror' is not allowed: commentary cannot run scripts"]
    monkeypatch.setattr(sanitize, "scan", lambda body: [])
    with pytest.raises(InputError) as caught:
        generate(root)
    assert [str(p) for p in caught.value.problems] == [
        f"{REL}:8: body: the HTML sanitizer had to remove the 'onerror' attribute of <img>: remove it from your "
        "commentary (CONTRIBUTING.md lists what is allowed)"]
    assert not (root / "docs").exists()
    result = cli("generate", root=root)
    assert result.exit_code == 1 and "the HTML sanitizer had to remove" in result.stderr


# --- Rendering -------------------------------------------------------------------

GOLDEN_BODY = """A short **commentary** with `code`, a [link](https://example.org/a?b=1&c=2) and math $e^{i\\pi} + 1 = 0$.

## What it shows

- a list
- with <sub>sub</sub> and <kbd>Ctrl</kbd>

| a | b |
|:--|--:|
| 1 | 2 |

> A quote of the abstract.

```python
print("<not html>")
```
"""


def golden_notes(taxonomy) -> list:
    texts = [
        ("octocat", note("name: Mona <Lisa> & \"Octocat\"\ntags: [automl]\nverdict: Worth it — <b>really</b>.\n", GOLDEN_BODY)),
        ("hubot", note(author="hubot", date="2025-03-14")),
        ("abe", note(author="abe", date="2025-03-11")),
    ]
    out = []
    for handle, text in texts:
        n, found = commentary.parse(f"commentary/{KEY}/{handle}.md", text, sample_papers(), taxonomy, TODAY)
        assert found == []
        out.append(n)
    return out


def test_the_paper_page_section_matches_its_golden_file(taxonomy):
    group = commentary.by_paper(golden_notes(taxonomy))[KEY]
    assert [n.author for n in group] == ["hubot", "octocat", "abe"]  # newest first, then by handle
    ctx = make_context(sample_papers(), taxonomy)
    assert_golden("commentary-section.html", render.section(group, ctx) + "\n")
    ctx.repository = contribute.Repository("https://github.com/octo-org/paper-archive", "main")
    with_line = render.section(group, ctx)
    assert with_line.endswith("</article>\n" + contribute.line(urls.paper(KEY)) + "\n</section>")


def test_the_curated_page_matches_its_golden_file(taxonomy):
    papers = sample_papers()
    notes = golden_notes(taxonomy)
    n, _ = commentary.parse("commentary/2503.08638/hubot.md", note(paper="2503.08638", author="hubot", date="2025-03-13"),
                            papers, taxonomy, TODAY)
    notes.append(n)
    ctx = make_context(papers, taxonomy, commentary.extra_tags(notes))
    pages = commentary.extension(notes, "https://example.org/archive/")(papers, ctx)
    assert sorted(pages) == ["curated/by/abe.md", "curated/by/hubot.md", "curated/by/octocat.md",
                             urls.CURATED, feeds.COMMENTARY_FEED]
    assert ctx.marked == {KEY, "2503.08638"}
    assert "automl" in ctx.tags[KEY]
    assert_golden("commentary-curated.md", pages[urls.CURATED])
    assert_golden("commentary-commentator.md", pages["curated/by/hubot.md"])
    assert_golden("commentary-commentator-named.md", pages["curated/by/octocat.md"])
    assert_golden("commentary-feed.xml", pages[feeds.COMMENTARY_FEED])


def test_commentary_text_gives_plain_text_per_paper(tmp_path: Path):
    root = _hostile_project(tmp_path, "Gaussian *processes* and <kbd>Ctrl</kbd> &amp; [links](https://example.org).\n")
    assert commentary.commentary_text(root) == {KEY: "octocat Gaussian processes and Ctrl & links."}
    assert set(commentary.commentary_text(REPO)) == {KEY}


def test_generate_never_changes_commentary_files(tmp_path: Path):
    root = _hostile_project(tmp_path, BODY)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (root / "commentary").rglob("*") if p.is_file()}
    generate(root)
    generate(root)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (root / "commentary").rglob("*") if p.is_file()}
    assert before == after


def test_contributing_is_one_text_on_github_and_on_the_site():
    assert (REPO / "docs" / "contributing.md").read_text(encoding="utf-8").strip() == '--8<-- "CONTRIBUTING.md"'
    assert (REPO / ".github" / "pull_request_template.md").exists()


# --- A real build ------------------------------------------------------------------

ADDED = "reward-model-ensembles-help-mitigate-overoptimization"
ADDED_BODY = """Ensembles of reward models, measured *carefully*.

![chart
--8<--
mkdocs.yml
--8<--
](https://example.org/chart.png)
"""


@pytest.mark.build
def test_an_added_commentary_shows_on_the_paper_page_and_the_curated_index(tmp_path: Path):
    root = copy_project(tmp_path / "site-copy")
    path = root / "commentary" / ADDED / "octocat.md"
    path.parent.mkdir(parents=True)
    path.write_text(note("name: Mona Lisa Octocat\ntags: [evaluation-benchmarks]\nverdict: Try this first.\n",
                         ADDED_BODY, paper=ADDED, date="2025-03-13"), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    site = root / "site"

    html = (site / "papers" / ADDED / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert "https://github.com/octocat" in page.links
    assert "Mona Lisa Octocat" in html and "Try this first." in html and "measured <em>carefully</em>" in html
    assert not re.search(r"^\s*-+8<", html, re.M) and "site_name" not in html
    assert "../../tags/evaluation-benchmarks/" in page.links  # the commentary's tag joined the paper's

    curated = read_page(site, "curated/")
    assert curated.h1 == "Curated commentary"
    targets = [h for h in curated.links if h.startswith("../papers/")]
    # Newest commentary first: the seed commentary is newer than 2025-03-13.
    assert targets == [f"../papers/{KEY}/#commentary", f"../papers/{ADDED}/#commentary"]
    assert "curated/" in {h.rsplit("../", 1)[-1] for h in read_page(site, "").links}  # in the navigation

    day_pages = sorted((site / "days" / "2025" / "03" / "12").glob("**/index.html"))  # the day is paged
    assert len(day_pages) == 2
    assert sum(p.read_text(encoding="utf-8").count('class="pa-curated"') for p in day_pages) == 2
    tag = (site / "tags" / "evaluation-benchmarks" / "index.html").read_text(encoding="utf-8")
    assert f"../../papers/{ADDED}/" in tag

    contributing = read_page(site, "contributing/")
    assert contributing.h1 == "Contributing"
    assert "commentary/&lt;paper-key&gt;/&lt;your-github-handle&gt;.md" in \
        (site / "contributing" / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_a_hostile_commentary_fails_the_strict_build(tmp_path: Path):
    root = copy_project(tmp_path / "site-copy")
    path = root / "commentary" / ADDED / "mallory.md"
    path.parent.mkdir(parents=True)
    path.write_text(note(body="[x](jav&#x61;script:alert(1))\n", paper=ADDED, author="mallory"), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert (f"commentary/{ADDED}/mallory.md:6: body: the address 'jav&#x61;script:alert(1' is not allowed"
            in result.stderr)
    assert not (root / "site" / "papers" / ADDED).exists()


def test_the_mkdocs_hook_fails_the_build_when_the_sanitizer_had_to_change_anything(tmp_path: Path, monkeypatch):
    from mkdocs.exceptions import PluginError

    from generator.build import mkdocs_hooks

    root = _hostile_project(tmp_path, '<a href="https://example.org" onclick="steal()">x</a>\n')
    monkeypatch.setattr(sanitize, "scan", lambda body: [])  # the check bypassed

    class Config:
        config_file_path = str(root / "mkdocs.yml")

    with pytest.raises(PluginError) as caught:
        mkdocs_hooks.on_pre_build(Config())
    assert "the HTML sanitizer had to remove the 'onclick' attribute of <a>" in str(caught.value)
    assert not (root / "docs").exists()
