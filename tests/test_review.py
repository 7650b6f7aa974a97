"""`paper-archive review`: a pull request's commentary as it will look, in the
job summary (exact text; hostile text inert once GitHub's Markdown renders
it) and in a small preview site taken from a real strict build."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.archive import store
from generator.build import excerpt, review
from generator.build.review import Reviewed, Touched
from generator.curated import commentary, sanitize
from generator.tags.taxonomy import load_taxonomy

from .project import REPO, Page, copy_project, mkdocs_build
from .sample import sample_papers
from .test_commentary import HOSTILE, browser_scheme

TODAY = dt.date(2025, 3, 20)
KEY = "a-tutorial-on-bayesian-optimization"
REL = f"commentary/{KEY}/octocat.md"
WJ = "\u2060"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(REPO)


def note(fields: str = "", body: str = "Gaussian processes, explained *well*.\n", *, paper: str = KEY,
         author: str = "octocat", date: str = "2025-03-14") -> str:
    return f"---\npaper: {paper}\nauthor: {author}\ndate: {date}\n{fields}---\n{body}"


def reviewed(text: str, taxonomy, *, rel: str = REL, status: str | None = "added", papers=None) -> Reviewed:
    papers = papers or sample_papers()
    found, problems = commentary.parse(rel, text, papers, taxonomy, TODAY)
    key = found.paper if found else rel.split("/")[1] if rel.split("/")[1] in papers else None
    return Reviewed(Touched(rel, status), key, papers[key].title if key else None, found, tuple(problems))


# --- The summary, exactly -----------------------------------------------------------

def test_the_summary_shows_title_byline_verdict_and_the_rendered_commentary(taxonomy):
    body = ("Read *this* first, with [the code](https://example.org/bo?a=1&b=2) and "
            "[another paper](../yue/).\n\n```\nx < 1\n\ny\n```\n")
    items = [reviewed(note("name: Mona Lisa Octocat\nverdict: Start here.\n", body), taxonomy)]
    preview = excerpt.Excerpt(("papers/a-tutorial-on-bayesian-optimization/index.html",), 290 * 1024)
    assert review.summary(items, preview, whole=300 * 1024 * 1024) == "\n".join([
        "### Commentary in this pull request",
        "",
        "<p>1 commentary file added, changed or deleted. Their papers' pages, as they will be published, are in the "
        "artifact <strong>commentary-preview</strong> (290 KB, beside 300.0 MB for the whole site): download it "
        "from this run's Artifacts, unzip it and open the page named under each file. Links to the rest of the "
        "site lead nowhere there, and search is off.</p>",
        "",
        "<h4>A Tutorial on Bayesian Optimization</h4>",
        "",
        f"<p><code>{REL}</code>, added: by <strong>Mona Lisa Octocat</strong> (octocat), 14 March 2025. "
        f"In the preview: <code>papers/{KEY}/index.html</code></p>",
        "",
        "<blockquote><p><strong>Verdict:</strong> Start here.</p><p>Read <em>this</em> first, with "
        '<a href="https://example.org/bo?a=1&amp;b=2">the code</a> and <a>another paper</a>.</p> '
        "<pre><code>x &lt; 1&#10;&#10;y&#10;</code></pre></blockquote>",
        "",
    ])


def test_problems_are_listed_with_file_and_line_and_a_deletion_is_named(taxonomy):
    bad = reviewed(note("tags: [cooking]\n", date="2999-01-01"), taxonomy, status="changed")
    gone = Reviewed(Touched(f"commentary/{KEY}/mallory.md", "deleted"), KEY, "A Tutorial on Bayesian Optimization",
                    None, ())
    assert review.summary([bad, gone], None, why_not="site holds no built site (the build failed)") == "\n".join([
        "### Commentary in this pull request",
        "",
        "<p>2 commentary files added, changed or deleted. No preview site: site holds no built site "
        "(the build failed).</p>",
        "",
        "<h4>A Tutorial on Bayesian Optimization</h4>",
        "",
        f"<p><code>{REL}</code>, changed: not published as it is; fix these problems (they are noted on "
        "their lines in the diff too):</p>",
        "",
        f"<ul><li><code>{REL}:4</code> date: &#x27;2999-01-01&#x27; is in the future: use the day you wrote the "
        f"commentary</li><li><code>{REL}:5</code> tags: &#x27;cooking&#x27; is not a tag of the archive: use tags "
        "listed in taxonomy.yml, for example optimization, bayesian-optimization, distributed-learning, "
        "reinforcement-learning, rlhf-alignment</li></ul>",
        "",
        "<h4>A Tutorial on Bayesian Optimization</h4>",
        "",
        f"<p><code>commentary/{KEY}/mallory.md</code>, deleted: the paper's page no longer shows this commentary.</p>",
        "",
    ])


def test_no_commentary_touched_means_no_summary():
    assert review.summary([]) == ""


def test_a_long_pull_request_keeps_the_summary_under_githubs_limit(taxonomy, monkeypatch):
    monkeypatch.setattr(review, "SUMMARY_BUDGET", 2500)  # counted in bytes: 1 body of 1,100 fits, not 2
    items = [reviewed(note(body="Long @. " * 100 + "\n", author=f"reader{i}"), taxonomy,
                      rel=f"commentary/{KEY}/reader{i}.md") for i in range(3)]
    text = review.summary(items)
    assert len(text.encode("utf-8")) < 2500
    assert text.count("<blockquote><p>Long @\u2060. Long") == 1 and text.count("Too long to show here beside the others") == 2


# --- Hostile text stays inert once GitHub's Markdown renders it ------------------------

HOSTILE_TEXT = ("<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) "
                "![pixel](https://evil.example/p.png) [site](https://evil.example) @octocat @org/team #1 GH-2 "
                "https://evil.example/bare www.evil.example *em* __strong__ `code` | a | b | \\ & &amp; "
                "<!-- c --> <details open><summary>x</summary></details> ~~~ ``` :tada: $x$")
ALLOWED_URLS = {"https://example.org/fine"}  # the one link the valid body has


def _hostile_items(taxonomy) -> list[Reviewed]:
    papers = sample_papers()
    papers[KEY] = dataclasses.replace(papers[KEY], title=HOSTILE_TEXT)
    valid = note(f'name: "{HOSTILE_TEXT[:90]}"\nverdict: "{HOSTILE_TEXT[:190]}"\n'.replace("\\", "/"),
                 "A [fine link](https://example.org/fine), @octocat and #12 and https://evil.example/bare, "
                 "`@octocat` in code.\n\n```\n@octocat <b>\n\n[x](https://evil.example)\n```\n", )
    items = [reviewed(valid, taxonomy, papers=papers)]
    assert items[0].note, items[0].problems
    for i, body in enumerate(HOSTILE):
        items.append(reviewed(note(body=body + "\n", author=f"mallory{i}"), taxonomy,
                              rel=f"commentary/{KEY}/mallory{i}.md", papers=papers))
    items.append(reviewed(note(), taxonomy, rel=f"commentary/{KEY}/[x](https:evil.example)@octocat.md",
                          papers=papers))
    assert all(r.problems for r in items[1:])
    return items


def _rendered(markdown: str) -> str:
    # A CommonMark renderer with raw HTML on, as GitHub's; tables as in GFM.
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def test_hostile_titles_names_verdicts_bodies_and_file_names_stay_text(taxonomy):
    items = _hostile_items(taxonomy)
    markdown = review.summary(items, excerpt.Excerpt((), 1000), whole=10_000)
    html = _rendered(markdown)
    tags = {"h3", "h4", "p", "code", "strong", "ul", "li", "blockquote", "pre", "em", "a"}
    for event in sanitize.events(html):
        if event[0] == "start":
            tag, attrs = event[1], dict(event[2])
            assert tag in tags, (tag, attrs)
            assert set(attrs) <= {"href"}, (tag, attrs)
            if "href" in attrs:
                assert attrs["href"] in ALLOWED_URLS and browser_scheme(attrs["href"]) == "https"
        else:
            assert event[0] in ("end", "data"), event
    text = "".join(e[1] for e in sanitize.events(html) if e[0] == "data")
    # Nothing GitHub's text filters turn into a mention, a reference or a link.
    assert not re.search(r"@[A-Za-z0-9]|#\d|://|www\.", text)
    # The hostile title shows as written (less the invisible joiners), every time.
    shown = [e[1].replace(WJ, "") for e in sanitize.events(html) if e[0] == "data" and "alert" in e[1]]
    assert shown.count(HOSTILE_TEXT) == len(items)


def test_every_untrusted_line_is_one_block_of_raw_html(taxonomy):
    markdown = review.summary(_hostile_items(taxonomy), excerpt.Excerpt((), 1000), whole=10_000)
    tokens = MarkdownIt("commonmark", {"html": True}).parse(markdown)
    inline = [t.content for t in tokens if t.type == "inline"]
    assert inline == ["Commentary in this pull request"]  # the only text read as Markdown is ours
    assert all(t.type == "html_block" for t in tokens if t.type not in ("heading_open", "inline", "heading_close"))


def test_the_test_catches_a_summary_that_only_escapes_html(taxonomy, monkeypatch):
    import html as stdlib_html

    monkeypatch.setattr(review, "text", lambda value: stdlib_html.escape(value))
    with pytest.raises(AssertionError):
        test_hostile_titles_names_verdicts_bodies_and_file_names_stay_text(taxonomy)


# --- Which files: git -------------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root,
                          check=True, capture_output=True, text=True).stdout


def test_changed_since_names_added_changed_and_deleted_files(tmp_path: Path):
    root = tmp_path / "repo"
    for rel in (f"commentary/{KEY}/kept.md", f"commentary/{KEY}/changed.md", f"commentary/{KEY}/gone.md",
                "commentary/.gitkeep", "data/papers/x.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("one\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    (root / f"commentary/{KEY}/changed.md").write_text("two\n", encoding="utf-8")
    (root / f"commentary/{KEY}/gone.md").unlink()
    (root / "commentary/2503.08638").mkdir()
    (root / "commentary/2503.08638/new.md").write_text("new\n", encoding="utf-8")
    (root / "commentary/2503.08638/.hidden.md").write_text("new\n", encoding="utf-8")
    (root / "data/papers/x.txt").write_text("two\n", encoding="utf-8")
    git(root, "add", f"commentary/{KEY}")
    git(root, "commit", "-q", "-m", "pr")
    (root / f"commentary/{KEY}/kept.md").rename(root / f"commentary/{KEY}/renamed.md")
    assert review.changed_since(root, "main~1") == [
        Touched("commentary/2503.08638/new.md", "added"),
        Touched(f"commentary/{KEY}/changed.md", "changed"),
        Touched(f"commentary/{KEY}/gone.md", "deleted"),
        Touched(f"commentary/{KEY}/kept.md", "deleted"),
        Touched(f"commentary/{KEY}/renamed.md", "added"),
    ]
    assert review.changed_since(root, "HEAD") == [
        Touched("commentary/2503.08638/new.md", "added"),
        Touched(f"commentary/{KEY}/kept.md", "deleted"),
        Touched(f"commentary/{KEY}/renamed.md", "added"),
    ]
    for rev, message in (("no-such-branch", "'no-such-branch' is not a commit of this repository (in a shallow "
                                            "clone, fetch it first)"),
                         ("--output=/tmp/x", "'--output=/tmp/x' is not a git revision: give a branch, tag or "
                                             "commit, such as main")):
        with pytest.raises(review.ReviewError) as caught:
            review.changed_since(root, rev)
        assert str(caught.value) == message


# --- A real preview -----------------------------------------------------------------------

ADDED = "reward-model-ensembles-help-mitigate-overoptimization"
SEED = f"commentary/{KEY}/paper-archive-editors.md"


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory):
    """A copy of the project as a git repository, a pull request on it that
    adds one commentary and deletes the seed's, and its site built strict."""
    root = copy_project(tmp_path_factory.mktemp("review") / "project")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    _write(root, f"commentary/{ADDED}/octocat.md",
           note("verdict: Try this first.\n", "Ensembles of reward models, measured *carefully*.\n",
                paper=ADDED, date="2025-03-13"))
    (root / SEED).unlink()
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_preview_holds_those_papers_pages_as_built_and_what_they_need(pull_request: Path, cli, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    root, out = pull_request, pull_request / "build" / "commentary-preview"
    result = cli("review", "--changed-since", "main", "--summary", root / "summary.md", root=root)
    assert result.exit_code == 0, result.stderr
    copied = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    pages = [f for f in copied if f.endswith(".html")]
    assert pages == ["curated/index.html", f"papers/{KEY}/index.html", f"papers/{ADDED}/index.html"]
    for rel in pages:  # byte for byte the pages of the whole site
        assert (out / rel).read_bytes() == (root / "site" / rel).read_bytes()
    added = (out / "papers" / ADDED / "index.html").read_text(encoding="utf-8")
    assert "measured <em>carefully</em>" in added and "Try this first." in added
    assert 'id="commentary-paper-archive-editors"' not in (out / "papers" / KEY / "index.html").read_text()
    for rel in pages:  # every stylesheet, script and icon a page loads is there
        page = (out / rel).read_text(encoding="utf-8")
        wanted = excerpt.loads(page, rel)
        assert wanted and all((out / w).is_file() for w in wanted), (rel, wanted)
        assert any(w.endswith(".css") for w in wanted) and any(w.endswith(".js") for w in wanted)
    assert "pagefind/pagefind.js" not in copied and not any(f.startswith(("days/", "tags/", "api/")) for f in copied)
    size = sum((out / f).stat().st_size for f in copied)
    whole = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
    assert size < 400 * 1024 and size * 10 < whole  # small: the theme's CSS and JS are most of it
    summary = (root / "summary.md").read_text(encoding="utf-8")
    assert f"({size / 1024:,.0f} KB, beside {whole / 1024:,.0f} KB for the whole site)" in summary
    assert ("<blockquote><p><strong>Verdict:</strong> Try this first.</p><p>Ensembles of reward models, measured "
            "<em>carefully</em>.</p></blockquote>") in summary
    assert f"<p><code>{SEED}</code>, deleted: the paper's page no longer shows this commentary. " in summary
    assert result.stderr.startswith("2 commentary file(s) reviewed, 0 problem(s); preview in build/commentary-preview")


def test_a_stale_site_or_none_is_said_and_fails(pull_request: Path, cli, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    root = pull_request
    late = f"commentary/{ADDED}/hubot.md"
    _write(root, late, note(paper=ADDED, author="hubot"))
    bad = f"commentary/{KEY}/mallory.md"
    _write(root, bad, note(body="[x](javascript:alert(1))\n", author="mallory"))
    saved = root / f"commentary/{ADDED}/octocat.md"  # below: saved again after the build
    try:
        result = cli("review", "--changed-since", "main", root=root)
        assert result.exit_code == 1
        assert result.stderr == ("4 commentary file(s) reviewed, 1 problem(s); no preview: site was built before "
                                 f"{late} changed: build the site again (make build).\n")
        assert (f"<ul><li><code>{bad}:6</code> body: the address &#x27;javascript:alert(1&#x27; is not allowed"
                in result.stdout)
        os.utime(saved, ns=(saved.stat().st_atime_ns, (root / "site/index.html").stat().st_mtime_ns + 10**9))
        result = cli("review", saved, root=root)
        assert result.exit_code == 1 and result.stderr.endswith(
            f"site was built before commentary/{ADDED}/octocat.md changed: build the site again (make build).\n")
        result = cli("review", bad, "--site-dir", "no-site", root=root)
        assert result.exit_code == 0 and "None can be previewed until its problems are fixed." in result.stdout
        result = cli("review", late, "--site-dir", "no-site", root=root)
        assert result.exit_code == 1
        assert "No preview site: no-site holds no built site (the build failed, or make build was not run)." \
            in result.stdout
    finally:
        (root / late).unlink()
        (root / bad).unlink()
        os.utime(saved, ns=(saved.stat().st_atime_ns, (root / "site/index.html").stat().st_mtime_ns - 10**9))


def test_the_preview_folder_replaces_only_a_former_preview(pull_request: Path, cli, tmp_path: Path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    result = cli("review", f"commentary/{ADDED}/octocat.md", "--preview-dir", mine, "--summary", tmp_path / "s.md",
                 root=pull_request)
    assert result.exit_code == 1
    assert result.stderr.endswith(f"no preview: {mine} holds files that are not a preview: choose an empty or new "
                                  "folder.\n")
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_files_named_must_be_inside_the_archive(tmp_path: Path):
    root = tmp_path / "archive"
    (root / "commentary" / KEY).mkdir(parents=True)
    (root / REL).write_text(note(), encoding="utf-8")
    assert review.named(root, [Path(REL), root / "commentary" / KEY / "gone.md", Path("commentary/x/../y/a.md")]) == [
        Touched(f"commentary/{KEY}/gone.md", "deleted"), Touched(REL, None), Touched("commentary/y/a.md", "deleted")]
    for path, message in ((Path("commentary/../../etc/passwd"), f"commentary/../../etc/passwd is not inside the "
                                                                 f"archive's folder {root}"),
                          (Path("commentary") / KEY, f"commentary/{KEY} is a folder: name the commentary files themselves")):
        with pytest.raises(review.ReviewError) as caught:
            review.named(root, [path])
        assert str(caught.value) == message


def test_without_files_or_a_revision_nothing_is_done(cli):
    result = cli("review")
    assert result.exit_code == 1
    assert result.stderr == "Nothing was reviewed: give commentary files or --changed-since REV (one of the two).\n"


@pytest.mark.browser
def test_the_preview_page_displays_styled_and_asks_for_nothing_it_lacks(pull_request: Path, cli, chromium, monkeypatch):
    from playwright.sync_api import expect

    from .browser_support import open_page
    from .site_server import serve

    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert cli("review", f"commentary/{ADDED}/octocat.md", root=pull_request).exit_code == 0
    served = serve(pull_request / "build" / "commentary-preview")
    context, page, watch = open_page(chromium, served.url)
    try:
        page.goto(served.page(f"papers/{ADDED}/"))
        expect(page.locator("article.pa-note")).to_contain_text("Ensembles of reward models, measured carefully.")
        page.wait_for_load_state("networkidle")
        styles = page.evaluate("""() => ({
            header: getComputedStyle(document.querySelector('.md-header')).backgroundColor,
            note: getComputedStyle(document.querySelector('.md-typeset .pa-note')).borderLeftStyle,
        })""")
        # Material's stylesheet and its palette colour the header; archive.css draws the note's rule.
        assert styles["header"] not in ("", "rgba(0, 0, 0, 0)") and styles["note"] == "solid", styles
        assert watch.problems() == []
    finally:
        context.close()
        served.close()
