"""`make serve` (generator/serve/): edits through the incremental path give
the site a clean build gives; one rebuild and one reload per save; broken
input is answered with its problems, and the site recovers by itself."""
from __future__ import annotations

import dataclasses
import json
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from generator.archive import store
from generator.serve import archive as archive_module
from generator.serve.httpd import Server
from generator.serve.preview import Preview

from .site_server import copy_project

PAPER = "a-tutorial-on-bayesian-optimization"
NOTE = f"commentary/{PAPER}/paper-archive-editors.md"


def _note(key: str, author: str, body: str, tags: str = "[]") -> str:
    return f"---\npaper: {key}\nauthor: {author}\ndate: 2026-11-29\ntags: {tags}\n---\n{body}\n"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _search_shape(files: dict[str, bytes]) -> dict:
    """The search index, but for its hashed file names: how many files of each kind, and its pages."""
    shape: dict = {}
    for rel in files:
        if rel.startswith("pagefind/"):
            kind = rel.rsplit(".", 1)[-1] if "." in rel else rel
            shape[kind] = shape.get(kind, 0) + 1
    assert files["pagefind/pagefind-entry.json"], sorted((k, len(v)) for k, v in files.items() if k.startswith("pagefind/") and "/" not in k[9:])
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    shape["pages"] = {lang: v["page_count"] for lang, v in entry["languages"].items()}
    return shape


def assert_same_as_clean_build(preview: Preview, tmp_path: Path, name: str) -> None:
    """The served site equals `mkdocs build --strict` of the same inputs, file by file."""
    preview.settle()
    clean = tmp_path / f"clean-{name}"
    shutil.copytree(preview.root, clean, ignore=shutil.ignore_patterns("build", "site"))
    for rel in json.loads((clean / "docs" / ".generated-manifest.json").read_text())["files"]:
        (clean / "docs" / rel).unlink()  # generated from scratch
    (clean / "docs" / ".generated-manifest.json").unlink()
    # In this process: list pages hold PAGE_SIZE papers, made small here (the
    # `small_pages` fixture) so that tags and days span several pages.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(config_file=str(clean / "mkdocs.yml"), site_dir=str(clean / "site"), strict=True))
    served, built = _files(preview.site_dir), _files(clean / "site")
    assert _search_shape(served) == _search_shape(built)
    served = {k: v for k, v in served.items() if not k.startswith("pagefind/")}
    built = {k: v for k, v in built.items() if not k.startswith("pagefind/")}
    assert sorted(served.keys() - built.keys()) == [] and sorted(built.keys() - served.keys()) == []
    differ = sorted(k for k in served if served[k] != built[k])
    assert differ == [], f"{len(differ)} file(s) differ from a clean build, first: {differ[:5]}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def small_pages(monkeypatch):
    """Lists of 4 papers a page: the embedded archive's tags and its day then
    span several pages, as on a real archive (where a page holds 300)."""
    from generator.site import indexes

    monkeypatch.setattr(indexes, "PAGE_SIZE", 4)
    monkeypatch.setattr(indexes.pages, "__defaults__", (4,))


@pytest.fixture
def preview(project: Path, tmp_path: Path):
    p = Preview(project, tmp_path / "work")
    p.start()
    yield p
    p.stop()


def _save(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _edit_papers(root: Path, change) -> None:
    papers = store.load(root)
    change(papers)
    store.save(root, papers)


@pytest.fixture
def with_repository(monkeypatch):
    """REPO_URL as the workflows set it: paper pages link to GitHub (issue 21)."""
    monkeypatch.setenv("REPO_URL", "https://github.com/octo-org/paper-archive")


def test_edits_through_the_incremental_path_give_the_clean_build(small_pages, with_repository, preview: Preview,
                                                                 tmp_path: Path, monkeypatch):
    root = preview.root
    assert preview.rebuild_now() is False  # nothing changed: no rebuild

    # Commentary: changed, and a new one with a tag on another paper.
    other = sorted(store.load(root))[5]
    _save(root / NOTE, (root / NOTE).read_text(encoding="utf-8") + "\nOne more sentence about acquisition.\n")
    _save(root / f"commentary/{other}/reader-one.md", _note(other, "reader-one", "A *fine* read.", "[automl]"))
    assert preview.rebuild_now() is True
    assert_same_as_clean_build(preview, tmp_path, "commentary")

    # Commentary removed; a record's title and tags changed; a paper added on
    # a day of its own (new day, month, feeds...); a hand-written page edited.
    (root / f"commentary/{other}/reader-one.md").unlink()
    target = sorted(store.load(root))[10]

    def change(papers):
        p = papers[target]
        papers[target] = dataclasses.replace(p, title="Bayesian optimization of quantum widgets", tags=[*p.tags, "automl"])
        base = papers[PAPER]
        papers["a-brand-new-paper"] = dataclasses.replace(
            base, key="a-brand-new-paper", arxiv_id=None, title="A brand new paper on reasoning",
            list_dates=["2025-03-13"], links={})

    _edit_papers(root, change)
    _save(root / "docs/about.md", (root / "docs/about.md").read_text(encoding="utf-8") + "\nEdited while serving.\n")
    assert preview.rebuild_now() is True
    assert_same_as_clean_build(preview, tmp_path, "records")

    # Related papers computed in the background (as on a large archive).
    monkeypatch.setattr(archive_module, "INLINE_RELATED", 0)
    _edit_papers(root, lambda papers: papers.pop("a-brand-new-paper"))
    assert preview.rebuild_now() is True
    assert_same_as_clean_build(preview, tmp_path, "removed")

    # Taxonomy: everything may be retagged.
    text = (root / "taxonomy.yml").read_text(encoding="utf-8")
    _save(root / "taxonomy.yml", text.replace("description: ", "description: Edited. ", 1))
    assert preview.rebuild_now() is True
    assert_same_as_clean_build(preview, tmp_path, "taxonomy")


def test_papers_added_to_a_tag_leave_its_older_pages_alone_and_cross_a_page_boundary(small_pages, preview: Preview,
                                                                                     tmp_path: Path):
    """Tag lists are numbered from their oldest paper (4 a page here): new
    papers redo the front page and, when a page fills up, the pages next to
    the newest one; every older page keeps its file. The site still equals a
    clean build."""
    root, slug = preview.root, "optimization"
    folder = preview.site_dir / "tags" / slug

    def stamps() -> dict[str, int]:
        return {p.parent.name: p.stat().st_mtime_ns for p in folder.glob("page-*/index.html")}

    def add(day: str, count: int) -> None:
        def change(papers):
            base = papers[PAPER]
            for i in range(count):
                key = f"new-on-{day}-{i}"
                papers[key] = dataclasses.replace(base, key=key, arxiv_id=None, links={}, list_dates=[day],
                                                  title=f"Bayesian optimization, take {day} {i}", tags=[slug],
                                                  upvotes=10 + i)  # upvotes: top lists of the week, month, year
        _edit_papers(root, change)

    from generator.archive import store
    from generator.tags.taxonomy import load_taxonomy, tags_of_all

    # How many papers the site gives the tag (24 today: the embedded papers are labelled, and the
    # site shows a labelled paper's reader tags; the tagging alone gives it to 24 to 26).
    tagged = sum(slug in t for t in tags_of_all(store.load(root), load_taxonomy(root), readers=True).values())
    assert 24 <= tagged <= 26
    before = stamps()
    assert sorted(before) == [f"page-{n}" for n in range(1, 7)]  # 24-26 papers: 6 full pages
    add("2025-03-13", 27 - tagged)  # 27: the front page only
    assert preview.rebuild_now() is True
    assert stamps() == before
    assert (preview.site_dir / "top" / "2025" / "week-11" / "index.html").exists()
    assert_same_as_clean_build(preview, tmp_path, "added")  # the seed's own day links the new top lists

    add("2025-03-14", 1)  # 28: a 7th page; the pagers of pages 4 to 6 show it
    assert preview.rebuild_now() is True
    after = stamps()
    assert sorted(after) == [f"page-{n}" for n in range(1, 8)]
    assert sorted(n for n in before if after[n] != before[n]) == ["page-4", "page-5", "page-6"]
    assert_same_as_clean_build(preview, tmp_path, "boundary")


def test_a_second_start_reuses_the_build(project: Path, tmp_path: Path):
    first = Preview(project, tmp_path / "work")
    assert first.start() == "built the site"
    first.settle()
    first.stop()
    second = Preview(project, tmp_path / "work")
    assert second.start() == "reused the last build"
    _save(project / NOTE, (project / NOTE).read_text(encoding="utf-8") + "\nAfter a restart.\n")
    assert second.rebuild_now() is True
    assert "After a restart." in (second.site_dir / "papers" / PAPER / "index.html").read_text(encoding="utf-8")
    second.stop()


def _save_during_whole_builds(monkeypatch, saves: list) -> list[str]:
    """Each whole build (child.build_site) runs the next of `saves` (a
    function) at its last moment: its children have read every input and
    written the site, the server answers, and the build is not done yet.
    Returns what was done."""
    from generator.serve import child

    real, done = child.build_site, []

    def build_site(*args):
        real(*args)
        if saves:
            done.append(saves.pop(0)())

    monkeypatch.setattr(child, "build_site", build_site)
    return done


def test_a_save_during_the_first_build_shows_once_it_is_done(project: Path, tmp_path: Path, monkeypatch):
    """Issue 21: a commentary saved while the first build ran never showed
    (until the next save): the server took its first look at the inputs
    after the build, so the save was part of what it thought it had built.
    The same for a save during a whole rebuild (a taxonomy edit)."""
    note, about = project / NOTE, project / "docs/about.md"

    def commentary_and_page():
        _save(note, note.read_text(encoding="utf-8") + "\nSaved during the first build.\n")
        _save(about, about.read_text(encoding="utf-8") + "\nAbout, edited during the first build.\n")
        return "first"

    def commentary_again():
        _save(note, note.read_text(encoding="utf-8") + "\nSaved during the taxonomy rebuild.\n")
        return "taxonomy"

    done = _save_during_whole_builds(monkeypatch, [commentary_and_page, commentary_again])
    preview = Preview(project, tmp_path / "work")
    try:
        assert preview.start() == "built the site"
        assert done == ["first"]
        paper_page = preview.site_dir / "papers" / PAPER / "index.html"
        assert "Saved during the first build." not in paper_page.read_text(encoding="utf-8")  # read before the save
        assert preview.rebuild_now() is True
        assert "Saved during the first build." in paper_page.read_text(encoding="utf-8")
        assert "About, edited during the first build." in (preview.site_dir / "about" / "index.html").read_text(
            encoding="utf-8")
        assert preview.rebuild_now() is False  # its own pages were no edit

        taxonomy = project / "taxonomy.yml"
        text = taxonomy.read_text(encoding="utf-8")
        _save(taxonomy, text.replace("description: ", "description: Edited. ", 1))
        assert preview.rebuild_now() is True  # a whole build
        assert done == ["first", "taxonomy"]
        assert preview.rebuild_now() is True
        assert "Saved during the taxonomy rebuild." in paper_page.read_text(encoding="utf-8")
        assert preview.rebuild_now() is False
        preview.settle()
        assert preview.stamp_file.exists()
    finally:
        preview.stop()


def _hold_search(preview: Preview) -> threading.Event:
    """Search index jobs of `preview` wait for the returned event (30 s at most)."""
    release = threading.Event()
    real = preview._spawn

    def held(name, target, box):
        if name == "search":
            inner = target

            def target():
                release.wait(30)
                inner()
        real(name, target, box)

    preview._spawn = held
    return release


def test_a_first_start_serves_the_pages_before_the_search_index_is_built(project: Path, tmp_path: Path):
    """The index is built once the pages are served (it used to hold the start
    back by a minute at 20,000 papers): until then the search box says so, and
    the build is only kept for the next start once its index is in."""
    preview = Preview(project, tmp_path / "work")
    release = _hold_search(preview)
    try:
        assert preview.start() == "built the site"
        assert (preview.site_dir / "papers" / PAPER / "index.html").exists()
        assert not (preview.site_dir / "pagefind").exists()
        assert preview.state.snapshot()["search_updating"] is True
        assert not preview.stamp_file.exists()
    finally:
        release.set()
    preview.settle()
    assert (preview.site_dir / "pagefind" / "pagefind-entry.json").exists()
    assert preview.state.snapshot()["search_updating"] is False
    assert preview.stamp_file.exists()
    preview.stop()


def test_ctrl_c_before_the_index_is_in_drops_it_and_the_next_start_builds_it(project: Path, tmp_path: Path):
    """Stopping does not wait for the index (a minute at 20,000 papers): the
    pages are kept for the next start, which builds the index in the background."""
    first = Preview(project, tmp_path / "work")
    release = _hold_search(first)
    assert first.start() == "built the site"
    release.set()
    first.stop()
    assert first.stamp_file.exists() and not (first.site_dir / "pagefind").exists()
    second = Preview(project, tmp_path / "work")
    assert second.start() == "reused the last build"
    assert second.state.snapshot()["search_updating"] is True
    second.settle()
    assert (second.site_dir / "pagefind" / "pagefind-entry.json").exists()
    assert second.state.snapshot()["search_updating"] is False
    second.stop()
    assert (second.site_dir / "pagefind" / "pagefind-entry.json").exists()  # current: kept


def test_a_failed_search_index_is_built_again(project: Path, tmp_path: Path):
    """An index that fails (a killed indexer) is not left failed: the site
    would have no search, or a stale one, without a word."""
    preview = Preview(project, tmp_path / "work")
    real, tries = preview._spawn, []

    def failing_once(name, target, box):
        if name == "search":
            tries.append(name)
            if len(tries) == 1:
                def target():
                    raise RuntimeError("the pagefind indexer exited")
        real(name, target, box)

    preview._spawn = failing_once
    assert preview.start() == "built the site"
    preview.settle()
    assert len(tries) == 2
    assert (preview.site_dir / "pagefind" / "pagefind-entry.json").exists()
    assert preview.stamp_file.exists()
    preview.stop()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.fixture
def served(preview: Preview):
    server = Server(("127.0.0.1", 0), preview.site_dir, preview.state)
    server.start()
    preview.start_loop()
    yield preview, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _wait_version(base: str, since: int) -> dict:
    return json.loads(_get(f"{base}.paper-archive/wait?since={since}")[1])


def test_one_rebuild_and_one_reload_per_save(served):
    preview, base = served
    status = json.loads(_get(base + ".paper-archive/status")[1])
    page = base + f"papers/{PAPER}/"
    code, html = _get(page)
    assert code == 200 and 'id="pa-serve"' in html  # the reload script: served pages only
    assert 'id="pa-serve"' not in (preview.site_dir / "papers" / PAPER / "index.html").read_text(encoding="utf-8")

    note = preview.root / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\nSaved once: XYZZY.\n", encoding="utf-8")
    after = _wait_version(base, status["version"])
    assert after["version"] == status["version"] + 1
    assert "XYZZY" in _get(page)[1]
    time.sleep(1.0)  # whatever the generator wrote meanwhile is not a second change
    again = json.loads(_get(base + ".paper-archive/status")[1])
    assert (again["version"], again["rebuilds"]) == (after["version"], status["rebuilds"] + 1)


def test_broken_input_is_answered_with_its_problem_and_recovers(served):
    preview, base = served
    note = preview.root / NOTE
    good = note.read_text(encoding="utf-8")
    status = json.loads(_get(base + ".paper-archive/status")[1])
    note.write_text(good + "\n[click](javascript:alert(1))\n", encoding="utf-8")
    broken = _wait_version(base, status["version"])
    line = len((good + "\n[click]").splitlines())
    expected = (f"{NOTE}:{line}: body: the address 'javascript:alert(1' is not allowed: links and images must "
                "start with https://, http:// or mailto: (or be a relative link within this site)")
    assert broken["problems"] == [expected]
    for url in (base, base + f"papers/{PAPER}/", base + "no/such/page/"):
        code, html = _get(url)  # answered at once, with the problem on the page
        assert code in (200, 404) and "pa-serve-problems" in html
        assert "javascript:alert(1" in html and "<li>" + expected.replace("'", "&#x27;") + "</li>" in html
    assert "javascript:" not in (preview.site_dir / "papers" / PAPER / "index.html").read_text(encoding="utf-8")

    note.write_text(good + "\nFixed now.\n", encoding="utf-8")
    fixed = _wait_version(base, broken["version"])
    assert fixed["problems"] == []
    code, html = _get(base + f"papers/{PAPER}/")
    assert code == 200 and "Fixed now." in html and "pa-serve-problems" not in html


def test_a_save_seen_halfway_is_no_problem_and_no_rebuild_of_its_own(preview: Preview):
    """An editor truncates, then writes; under load a look can fall in between
    and find an empty file. That is not shown as a problem: the rest of the
    save comes within SETTLE, and the whole save is one rebuild."""
    from generator.serve import preview as preview_module

    note = preview.root / NOTE
    whole = note.read_text(encoding="utf-8") + "\nWritten in two steps.\n"

    class SaveEnds(threading.Event):  # the editor's write lands while the server waits SETTLE
        def wait(self, timeout=None):
            if timeout == preview_module.SETTLE:
                note.write_text(whole, encoding="utf-8")
                return False
            return super().wait(timeout)

    preview._stop = SaveEnds()
    rebuilds = preview.state.rebuilds
    note.write_text("", encoding="utf-8")  # truncated, not yet written
    assert preview.rebuild_now() is True
    assert preview.state.problems == [] and preview.state.rebuilds == rebuilds
    assert preview.rebuild_now() is True  # the whole save
    assert preview.state.problems == [] and preview.state.rebuilds == rebuilds + 1
    assert "Written in two steps." in (preview.site_dir / "papers" / PAPER / "index.html").read_text(encoding="utf-8")


def test_a_broken_taxonomy_and_record_are_shown_too(preview: Preview):
    root = preview.root
    taxonomy = (root / "taxonomy.yml").read_text(encoding="utf-8")
    _save(root / "taxonomy.yml", "tags: [\n")
    preview.rebuild_now()
    assert preview.state.problems and all(p.startswith("taxonomy.yml:") for p in preview.state.problems)
    _save(root / "taxonomy.yml", taxonomy)
    preview.rebuild_now()
    assert preview.state.problems == []

    data = root / "data/papers/2025-03.jsonl"
    good = data.read_text(encoding="utf-8")
    lines = good.split("\n")
    record = json.loads(lines[1])
    record["upvotes"] = -3
    _save(data, "\n".join([lines[0], json.dumps(record), *lines[2:]]))
    preview.rebuild_now()
    assert len(preview.state.problems) == 1
    assert preview.state.problems == ["data/papers/2025-03.jsonl:2: upvotes: must be a whole number, 0 or more"]
    _save(data, good)
    preview.rebuild_now()
    assert preview.state.problems == []


def test_the_search_box_says_when_the_index_is_behind(served):
    preview, base = served
    release = _hold_search(preview)  # until the page was looked at
    status = json.loads(_get(base + ".paper-archive/status")[1])
    note = preview.root / NOTE
    note.write_text(note.read_text(encoding="utf-8") + "\nSearchable soon.\n", encoding="utf-8")
    _wait_version(base, status["version"])
    deadline = time.monotonic() + 10
    while not json.loads(_get(base + ".paper-archive/status")[1])["search_updating"] and time.monotonic() < deadline:
        time.sleep(0.05)
    html = _get(base + "search/")[1]
    assert "search = true" in html  # the page shows the notice and the box says so
    release.set()
    deadline = time.monotonic() + 30
    while json.loads(_get(base + ".paper-archive/status")[1])["search_updating"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "search = false" in _get(base + "search/")[1]


def test_a_broken_page_and_a_broken_start_are_answered_and_recover(project: Path, tmp_path: Path):
    note = project / NOTE
    good = note.read_text(encoding="utf-8")
    note.write_text(good.replace("paper: ", "paper: no-such-", 1), encoding="utf-8")
    preview = Preview(project, tmp_path / "work")
    assert preview.start() == "could not build: see the problems"
    assert preview.state.problems and preview.state.problems[0].startswith(f"{NOTE}:2: paper: ")
    note.write_text(good, encoding="utf-8")
    assert preview.rebuild_now() is True
    assert preview.state.problems == [] and (preview.site_dir / "papers" / PAPER / "index.html").exists()

    about = project / "docs/about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text + '\n--8<-- "missing.md"\n', encoding="utf-8")  # a snippet the build refuses
    assert preview.rebuild_now() is True
    assert len(preview.state.problems) == 1 and preview.state.problems[0].startswith("the rebuild failed: ")
    about.write_text(text + "\nBack to normal.\n", encoding="utf-8")
    assert preview.rebuild_now() is True
    assert preview.state.problems == []
    assert "Back to normal." in (preview.site_dir / "about" / "index.html").read_text(encoding="utf-8")
    preview.stop()


def _open_paper(chromium, base: str):
    """Chromium on the served paper page; `loads` collects the page's loads from here on."""
    from playwright.sync_api import expect

    from .browser_support import open_page

    context, page, watch = open_page(chromium, base)
    loads: list[str] = []
    try:
        page.goto(base + f"papers/{PAPER}/")
        expect(page.locator("article h1")).to_have_text("A Tutorial on Bayesian Optimization")
    except BaseException:
        context.close()
        raise
    page.on("load", lambda: loads.append(page.url))
    return context, page, watch, loads


@pytest.mark.browser
def test_the_open_page_reloads_once_and_shows_problems_in_chromium(served, chromium):
    from playwright.sync_api import expect

    preview, base = served
    context, page, watch, loads = _open_paper(chromium, base)
    try:
        note = preview.root / NOTE
        good = note.read_text(encoding="utf-8")
        note.write_text(good + "\nSeen in the browser.\n", encoding="utf-8")
        expect(page.locator("article.md-content__inner")).to_contain_text("Seen in the browser.", timeout=20_000)
        page.wait_for_timeout(1500)  # a second reload would come now
        assert len(loads) == 1

        note.write_text(good + "\n[click](javascript:alert(1))\n", encoding="utf-8")
        banner = page.locator("#pa-serve-problems")
        expect(banner).to_contain_text(f"{NOTE}:", timeout=20_000)
        expect(banner).to_contain_text("javascript:alert(1")
        note.write_text(good, encoding="utf-8")
        expect(banner).to_have_count(0, timeout=20_000)
        expect(page.locator("article.md-content__inner")).not_to_contain_text("Seen in the browser.")
        assert watch.problems() == []
    finally:
        context.close()


@pytest.mark.browser
def test_related_papers_that_follow_a_save_replace_the_page_text_without_a_reload(served, chromium):
    """Related papers redone in the background (large archives) reach the open
    page in place: one save, one reload."""
    from playwright.sync_api import expect

    preview, base = served
    context, page, watch, loads = _open_paper(chromium, base)
    try:
        built = preview.site_dir / "papers" / PAPER / "index.html"
        text = built.read_text(encoding="utf-8")
        assert text.count("</h1>") == 1
        built.write_text(text.replace("</h1>", '</h1><p id="pa-late">Related papers redone.</p>'), encoding="utf-8")
        preview.state.publish(paths=["papers/other/"])  # another page's: nothing here
        preview.state.publish(paths=[f"papers/{PAPER}/"])
        expect(page.locator("#pa-late")).to_have_text("Related papers redone.", timeout=15_000)
        expect(page.locator("article h1")).to_have_text("A Tutorial on Bayesian Optimization")
        page.wait_for_timeout(500)
        assert loads == [] and watch.problems() == []
    finally:
        context.close()


def test_background_related_papers_reload_only_the_pages_they_change():
    from generator.serve.httpd import State

    state = State()
    state.publish()  # a save: every open page reloads
    assert state.wait(0, 0)["paths"] is None
    state.publish(paths=["papers/a/", "papers/b/"])  # related papers redone later
    assert state.wait(1, 0)["paths"] == ["papers/a/", "papers/b/"]
    assert state.wait(0, 0)["paths"] is None  # a page that missed the save reloads anyway


def test_paper_archive_serve_starts_serves_and_stops_on_ctrl_c(project: Path):
    import os
    import re
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", "127.0.0.1:0"], cwd=project,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if re.search(r"built the site in", line):
                break
        url = re.search(r"serving on (http://\S+/)", "".join(lines)).group(1)
        code, html = _get(url + f"papers/{PAPER}/")
        assert code == 200 and "A Tutorial on Bayesian Optimization" in html
        proc.send_signal(signal.SIGINT)
        assert proc.wait(60) == 0
        assert (project / "build/serve/archive.pickle").exists()  # what the next start reuses
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
