"""From a paper page to GitHub (issue 21): "Comment on this paper" opens the
web editor on a prefilled commentary file that the check accepts once the
handle and the text are written, "Report a wrong tag" opens the issue form
prefilled; neither exists where the site has no repository."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.archive import store
from generator.build.generate import generate
from generator.curated import commentary, template
from generator.site import feeds, urls
from generator.site.render import contribute, math
from generator.tags.taxonomy import load_taxonomy

from .project import REPO, copy_project, mkdocs_build
from .sample import sample_papers

OWNER_REPO = "https://github.com/octo-org/paper-archive"
KEY = "a-tutorial-on-bayesian-optimization"
HOSTILE_KEY = "o-1-alpha-bounds-for-b-tags-and-x-markdown"
HOSTILE_TITLE = '$O(1/\\alpha)$ bounds for <b>tags</b> & "quotes"? *x* [markdown] #1 </script>'
TODAY = dt.date(2025, 3, 20)
LINE = re.compile(r'<p><a href="[^"]*">Comment on this paper</a> · .*?</script></p>')


def _papers():
    papers = sample_papers()
    papers[HOSTILE_KEY] = dataclasses.replace(papers[HOSTILE_KEY], title=HOSTILE_TITLE)
    return papers


HOSTILE_NOTE = f"""---
paper: {HOSTILE_KEY}
author: mallory
date: 2025-03-14
name: "<script>alert(1)</script> & Mallory"
verdict: "<img src=x onerror=alert(1)> [x](javascript:alert(1)) </p>"
---
Read it with [the music paper](../2503.08638/).
"""


def _project(root: Path, *, hostile_note: bool = False) -> Path:
    copy_project(root, data=False, commentary=True)
    store.save(root, _papers())
    if hostile_note:
        path = root / "commentary" / HOSTILE_KEY / "mallory.md"
        path.parent.mkdir(parents=True)
        path.write_text(HOSTILE_NOTE, encoding="utf-8")
    return root


# --- The prefilled file and the check ------------------------------------------------

def _problems(rel: str, text: str) -> list[str]:
    note, found = commentary.parse(rel, text, sample_papers(), load_taxonomy(REPO), TODAY)
    assert (note is None) == bool(found)
    return [str(p) for p in found]


def test_the_prefilled_file_passes_once_the_handle_and_the_text_are_written():
    text = template.fill(KEY, "2025-03-14")
    filled = text.replace(template.HANDLE, "octocat").replace(template.BODY, "Gaussian processes, *well* explained.")
    assert _problems(f"commentary/{KEY}/octocat.md", filled) == []
    note, _ = commentary.parse(f"commentary/{KEY}/octocat.md", filled, sample_papers(), load_taxonomy(REPO), TODAY)
    assert (note.author, note.date, note.verdict, note.name, note.tags) == ("octocat", "2025-03-14", None, None, ())
    # The guide's optional lines, uncommented, are valid fields.
    optional = filled.replace("# verdict: your", "verdict: your").replace("# tags: [a-tag-from-taxonomy-yml]",
                                                                           "tags: [automl]")
    assert _problems(f"commentary/{KEY}/octocat.md", optional) == []


def test_each_placeholder_left_in_is_named_on_its_line():
    rel = f"commentary/{KEY}/{template.FILE_NAME}"
    assert _problems(rel, template.fill(KEY, "2025-03-14")) == [
        f"{rel}:1: file: is still named YOUR-GITHUB-HANDLE.md: replace YOUR-GITHUB-HANDLE with your GitHub "
        f"handle, commentary/{KEY}/<your-github-handle>.md",
        f"{rel}:9: author: is still YOUR-GITHUB-HANDLE: write your GitHub handle, the same as the file name",
        f"{rel}:15: body: still holds the sentence '{template.BODY}': write your commentary in its place",
    ]
    rel = f"commentary/{KEY}/octocat.md"
    renamed = template.fill(KEY, "YYYY-MM-DD").replace(f"author: {template.HANDLE}", "author: octocat")
    assert _problems(rel, renamed.replace(template.BODY, "Fine.")) == [
        f"{rel}:10: date: is still YYYY-MM-DD: write the day you wrote the commentary, such as 2025-03-12"]
    # Only the file renamed: the author line is named, not a mismatch with the file.
    assert _problems(rel, template.fill(KEY, "2025-03-14").replace(template.BODY, "Fine.")) == [
        f"{rel}:9: author: is still YOUR-GITHUB-HANDLE: write your GitHub handle, the same as the file name"]


def test_paper_archive_check_explains_a_file_committed_as_prefilled(archive: Path, cli, monkeypatch):
    store.save(archive, sample_papers())
    path = archive / "commentary" / KEY / template.FILE_NAME
    path.parent.mkdir(parents=True)
    path.write_text(template.fill(KEY, "2025-03-14"), encoding="utf-8")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = cli("check")
    assert result.exit_code == 1
    assert [line.split(": ", 2)[1] for line in result.stderr.splitlines()[:-1]] == ["file", "author", "body"]
    assert "is still named YOUR-GITHUB-HANDLE.md" in result.stderr


# --- Where the line is, and where it is not ----------------------------------------------

def test_no_line_and_no_script_where_the_site_has_no_repository(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("REPO_URL", raising=False)
    docs = _project(tmp_path / "p") / "docs"
    generate(docs.parent)
    for key in (KEY, HOSTILE_KEY):
        page = (docs / urls.paper(key)).read_text(encoding="utf-8")
        assert "Comment on this paper" not in page and "contribute.js" not in page
    assert not (docs / contribute.SCRIPT).exists()
    assert (docs / feeds.COMMENTARY_FEED).exists()  # the feed does not need a repository


def test_every_paper_page_has_one_light_line_where_the_site_has_a_repository(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("REPO_URL", OWNER_REPO + "/")
    docs = _project(tmp_path / "p") / "docs"
    generate(docs.parent)
    for key in _papers():
        page = (docs / urls.paper(key)).read_text(encoding="utf-8")
        lines = LINE.findall(page)
        assert len(lines) == 1, key
        assert len(lines[0].encode()) <= 240  # bench/results-size.md: ~14 KB a paper
        assert lines[0] == ('<p><a href="../../contributing/#add-commentary-on-a-paper">Comment on this paper</a> · '
                            '<a href="../../contributing/#report-a-wrong-tag">Report a wrong tag</a>'
                            '<script src="../../curated/contribute.js" async></script></p>')
    # Under the commentary where there is some, in its section.
    commented = (docs / urls.paper(KEY)).read_text(encoding="utf-8")
    assert commented.index('<h2 id="commentary">') < commented.index("Comment on this paper") < \
        commented.index("</section>")
    script = (docs / contribute.SCRIPT).read_text(encoding="utf-8")
    assert f'("{OWNER_REPO}", "main", "http://127.0.0.1:8000/"' in script


@pytest.mark.parametrize("url, expected", [
    ("https://github.com/octo-org/paper-archive", "https://github.com/octo-org/paper-archive"),
    ("https://github.com/octo-org/paper-archive.git/", "https://github.com/octo-org/paper-archive"),
    ("https://ghe.example.com/team/archive", "https://ghe.example.com/team/archive"),
    ("https://gitlab.com/group/sub/archive", None),  # not owner/name: GitHub's addresses would not work
    ("javascript:alert(1)//github.com/a/b", None),
    ('https://github.com/a/b"onmouseover="x', None),
    ("", None),
    (None, None),
])
def test_the_repository_is_a_plain_web_address_or_none(url, expected):
    repo = contribute.repository(url, "main")
    assert (repo.url if repo else None) == expected


def test_the_issue_form_has_the_fields_the_script_fills():
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / contribute.ISSUE_FORM).read_text(encoding="utf-8"))
    ids = {item["id"] for item in form["body"] if "id" in item}
    filled = set(re.findall(r'[?&](\w+)=', contribute._JS.split("/issues/new", 1)[1]))
    assert filled - {"template", "title"} == {"paper", "tags"} and {"paper", "tags"} <= ids
    assert form["name"] and form["description"] and form["title"].startswith("Wrong tag")


# --- In a browser -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    import os

    from .site_server import serve

    root = _project(tmp_path_factory.mktemp("contribute") / "p", hostile_note=True)
    env_before = os.environ.get("REPO_URL")
    os.environ["REPO_URL"] = OWNER_REPO
    try:
        result = mkdocs_build(root)
    finally:
        if env_before is None:
            del os.environ["REPO_URL"]
        else:
            os.environ["REPO_URL"] = env_before
    assert result.returncode == 0, result.stderr
    site = serve(root / "site")
    yield site
    site.close()


def _links(chromium, url: str, *, javascript: bool = True) -> tuple[list[str], str]:
    context = chromium.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(url)
        if javascript:
            page.wait_for_function("document.querySelector('a[href*=\"/issues/new\"]') !== null")
        hrefs = page.eval_on_selector_all("article p a", "as => as.filter(a => /^(Comment on|Report a)/.test("
                                          "a.textContent)).map(a => a.href)")
        day = page.evaluate("(() => { const d = new Date(), t = n => String(n).padStart(2, '0');"
                            " return d.getFullYear() + '-' + t(d.getMonth() + 1) + '-' + t(d.getDate()); })()")
        return hrefs, day
    finally:
        context.close()


@pytest.mark.build
@pytest.mark.parametrize("key", [KEY, HOSTILE_KEY])
def test_comment_opens_githubs_editor_on_a_file_the_check_accepts_once_filled(served, chromium, key: str):
    (comment, wrong_tag), day = _links(chromium, served.page(f"papers/{key}/"))
    parts = urlsplit(comment)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{OWNER_REPO}/new/main/commentary/{key}"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert query["filename"] == [template.FILE_NAME] and set(query) == {"filename", "value"}
    value = query["value"][0]
    assert value == template.fill(key, day)
    filled = value.replace(template.HANDLE, "octocat").replace(template.BODY, "Worth *reading*.")
    note, found = commentary.parse(f"commentary/{key}/octocat.md", filled, _papers(), load_taxonomy(REPO),
                                   dt.date.fromisoformat(day) + dt.timedelta(days=1))
    assert found == [] and note.date == day

    parts = urlsplit(wrong_tag)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{OWNER_REPO}/issues/new"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    title = math.to_text(_papers()[key].title)
    tags = [load_taxonomy(REPO).by_slug[t].title for t in _page_tags(served, key)]
    assert query == {"template": ["wrong-tag.yml"], "title": [f"Wrong tag: {title}"],
                     "paper": [f"http://127.0.0.1:8000/papers/{key}/"], "tags": [", ".join(tags)]}


def _page_tags(served, key: str) -> list[str]:
    html = (served.site_dir / "papers" / key / "index.html").read_text(encoding="utf-8")
    tags = re.search(r'<p class="pa-tags">(.*?)</p>', html)
    return re.findall(r'href="\.\./\.\./tags/([a-z0-9-]+)/"', tags[1]) if tags else []


@pytest.mark.build
def test_without_javascript_the_links_lead_to_contributing(served, chromium):
    hrefs, _ = _links(chromium, served.page(f"papers/{HOSTILE_KEY}/"), javascript=False)
    assert hrefs == [served.page("contributing/#add-commentary-on-a-paper"),
                     served.page("contributing/#report-a-wrong-tag")]
    html = (served.site_dir / "contributing" / "index.html").read_text(encoding="utf-8")
    assert 'id="add-commentary-on-a-paper"' in html and 'id="report-a-wrong-tag"' in html


@pytest.mark.build
@pytest.mark.parametrize("url", [f"papers/{HOSTILE_KEY}/", "curated/by/mallory/", "curated/"])
def test_a_hostile_commentary_stays_text_on_the_new_pages(served, url: str):
    from .project import Page
    from .test_safety import assert_inert

    html = (served.site_dir / url / "index.html").read_text(encoding="utf-8")
    assert_inert(Page(html), content_only=False)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Mallory" in html
    assert "<script>alert" not in html and "<img src=x" not in html


@pytest.mark.build
def test_the_commentary_feed_is_valid_and_links_resolve_from_the_paper_page(served):
    import feedparser

    parsed = feedparser.parse((served.site_dir / "feeds" / "commentary.xml").read_bytes())
    assert not parsed.bozo and parsed.version == "atom10"
    mallory = next(e for e in parsed.entries if e.id.endswith("#commentary-mallory"))
    assert mallory.title == f"<script>alert(1)</script> & Mallory on {math.to_text(HOSTILE_TITLE)}"
    assert mallory.link == f"http://127.0.0.1:8000/papers/{HOSTILE_KEY}/#commentary-mallory"
    content = mallory.content[0].value
    assert 'href="http://127.0.0.1:8000/papers/2503.08638/"' in content  # xml:base: the paper page
    assert "&lt;img src=x onerror=alert(1)&gt;" in content and "<img" not in content
    curated = (served.site_dir / "curated" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate feed" type="application/atom+xml" href="../feeds/commentary.xml"' in curated
    assert '<a class="pa-feed" href="../feeds/commentary.xml" type="application/atom+xml">Atom feed</a>' in curated


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("url", [f"papers/{HOSTILE_KEY}/", "papers/2503.08638/", "curated/by/mallory/", "curated/"])
def test_the_new_pages_and_links_pass_axe_without_a_console_error(served, chromium, url: str):
    from .browser_support import axe_violations, open_page

    context, page, watch = open_page(chromium, served.url)
    try:
        page.goto(served.page(url))
        if url.startswith("papers/"):
            page.wait_for_function("document.querySelector('a[href*=\"/issues/new\"]') !== null")
        if page.locator("a.md-source").count():
            page.locator(".md-source__facts").first.wait_for(state="attached")
        assert axe_violations(page) == []
        assert watch.problems() == [], "\n".join(watch.problems())
    finally:
        context.close()
