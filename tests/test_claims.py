"""Every file the generator writes into docs/ is claimed in its manifest
before it is written, whatever its kind (issue 24), so that a run killed at
any moment leaves pages the next run knows as its own and completes.

Python's audit hooks see every file opened for writing, renamed or removed,
whichever module does it. In a forked child (a hook cannot be removed) they
check each write into docs/ against the manifest on disk at that instant, or
kill the child there (os._exit: no cleanup, as kill -9). The kinds of
generated files are found, not listed: a new kind of page is checked and
killed at as soon as it exists, and one written past the manifest fails here.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.archive import store
from generator.build.generate import generate
from generator.build.writer import MANIFEST, _TEMPORARY
from generator.commands.cli import main

from .project import REPO, copy_project, mkdocs_build
from .sample import sample_papers

KILLED = 137
# The hand-written files of docs/ (tracked in git), and the folders holding them.
HAND_WRITTEN = [rel[len("docs/"):] for rel in subprocess.run(
    ["git", "ls-files", "docs"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()]
HAND_WRITTEN_FOLDERS = {"/".join(rel.split("/")[:i]) + "/" for rel in HAND_WRITTEN for i in range(1, rel.count("/") + 1)}
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _written_path(event: str, args: tuple):
    """The file an audit event writes, renames onto or removes; None for any other event."""
    if event == "open":
        path, mode, flags = args
        writes = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITING)
        return path if writes else None
    if event in ("os.rename", "shutil.copyfile", "shutil.move", "os.link", "os.symlink"):
        return args[1]  # the destination
    if event in ("os.remove", "os.truncate"):
        return args[0]
    return None


def in_child(docs: Path, on_write, action) -> tuple[int, list]:
    """Run `action` in a forked child whose audit hook calls on_write(event,
    rel) before every write of a file in `docs` other than the manifest and the
    writer's temporary files; returns its exit status and what on_write returned."""
    import shutil
    import tempfile

    box = Path(tempfile.mkdtemp(prefix="paper-archive-audit-"))
    out = box / "seen.json"
    docs_prefix = os.path.abspath(docs) + os.sep
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            seen: list = []
            busy = [False]

            def hook(event, args):
                if busy[0]:
                    return
                path = _written_path(event, args)
                if not isinstance(path, (str, os.PathLike)):
                    return  # a file descriptor, or no write at all
                full = os.path.abspath(os.fspath(path))
                if not full.startswith(docs_prefix):
                    return
                rel = full[len(docs_prefix):].replace(os.sep, "/")
                if rel == MANIFEST or _TEMPORARY.fullmatch(rel.rsplit("/", 1)[-1]):
                    return
                busy[0] = True
                try:
                    seen.append(on_write(event, rel))
                finally:
                    busy[0] = False

            sys.addaudithook(hook)
            action()
            busy[0] = True
            out.write_text(json.dumps(seen), encoding="utf-8")
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    seen = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    shutil.rmtree(box)
    return os.waitstatus_to_exitcode(status), seen


def claimed(docs: Path) -> set[str]:
    path = docs / MANIFEST
    return set(json.loads(path.read_text(encoding="utf-8"))["files"]) if path.exists() else set()


def audit(docs: Path, action) -> list[tuple[str, str, bool]]:
    """(event, docs-relative file, claimed at that instant) of every write of `action`."""
    status, seen = in_child(docs, lambda event, rel: (event, rel, rel in claimed(docs)), action)
    assert status == 0
    return [tuple(s) for s in seen]


def kill_at(docs: Path, kind: str, n: int, action) -> int:
    """Run `action`, killed just before its n-th write of a file of `kind`."""
    count = [0]

    def on_write(event, rel):
        if kind_of(rel) == kind:
            count[0] += 1
            if count[0] == n:
                os._exit(KILLED)

    return in_child(docs, on_write, action)[0]


def kind_of(rel: str) -> str:
    """A kind of generated file: its first folder below docs/ that holds no
    hand-written file ("papers/", "api/v1/days/"), or the file itself."""
    parts = rel.split("/")
    for i in range(1, len(parts)):
        folder = "/".join(parts[:i]) + "/"
        if folder not in HAND_WRITTEN_FOLDERS:
            return folder
    return rel


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=False)


def fresh_copy(project: Path, dst: Path) -> Path:
    subprocess.run(["cp", "-a", str(project), str(dst)], check=True)
    return dst


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Three papers and a commentary: every kind of generated file, quickly."""
    root = copy_project(tmp_path_factory.mktemp("claims") / "project", data=False)
    store.save(root, sample_papers())
    return root


@pytest.fixture(scope="module")
def clean(project, tmp_path_factory) -> tuple[dict[str, str], list[tuple[str, str, bool]]]:
    """A clean generate's docs/ and its writes, in order."""
    root = fresh_copy(project, tmp_path_factory.mktemp("clean") / "p")
    writes = audit(root / "docs", lambda: generate(root))
    return tree(root / "docs"), writes


def test_every_generated_file_of_every_kind_is_claimed_before_it_is_written(clean, project):
    docs_tree, writes = clean
    assert writes, "the audit saw no write: it would pass whatever the writer does"
    unclaimed = sorted({rel for _, rel, was_claimed in writes if not was_claimed})
    assert unclaimed == [], f"written before the manifest claimed them: {unclaimed[:10]}"
    # Every generated file was seen written (the audit misses no way of writing).
    generated = {rel for rel in docs_tree if rel != MANIFEST} - set(HAND_WRITTEN)
    assert generated == {rel for _, rel, _ in writes}
    kinds = {kind_of(rel) for rel in generated}
    # The kinds of today, to show the test reaches them (a new kind is checked without being named here).
    assert {"papers/", "days/", "tags/", "top/", "feeds/", "curated/", "api/v1/papers/", "api/v1/days/",
            "api/v1/index.json", "index.md"} <= kinds


def test_a_whole_strict_build_writes_into_docs_only_what_is_claimed(project, clean, tmp_path):
    """`mkdocs build --strict` in this process, hooks and all (generate before
    MkDocs, the search index and sitemaps after it): whatever it writes into
    docs/ is claimed first, and nothing in docs/ is left unclaimed."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = fresh_copy(project, tmp_path / "p")

    def strict_build():
        os.chdir(root)
        build(load_config(config_file=str(root / "mkdocs.yml"), strict=True))

    writes = audit(root / "docs", strict_build)
    assert len(writes) >= len(clean[1])
    assert [w for w in writes if not w[2]] == []
    assert unclaimed_leftovers(root / "docs") == []
    assert (root / "site" / "sitemap.xml").exists()


@pytest.mark.parametrize("written", ["search lookups", "pagefind", "sitemap.xml", "robots.txt"])
def test_a_build_killed_while_writing_after_mkdocs_is_completed_by_the_next(project, tmp_path, written):
    """What is written after MkDocs (the search index with its lookups, made
    in a folder of its own and moved into the site; the sitemap) lands in
    MkDocs' site folder, which every build empties first: a build killed while
    writing them is followed by a strict build that succeeds."""
    import shutil
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = fresh_copy(project, tmp_path / "p")
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("paper-archive-pagefind-*"))

    def strict_build():
        os.chdir(root)
        build(load_config(config_file=str(root / "mkdocs.yml"), strict=True))

    def on_write(event, rel):
        if rel == written or rel.startswith(written + "/") or (
                written == "search lookups" and rel.startswith("paper-archive-pagefind-") and "/archive/" in rel):
            os._exit(KILLED)

    folder = temp if written == "search lookups" else root / "site"
    try:
        assert in_child(folder, on_write, strict_build)[0] == KILLED
    finally:
        for left in set(temp.glob("paper-archive-pagefind-*")) - before:  # the killed build's own
            shutil.rmtree(left, ignore_errors=True)
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr[-2000:]
    assert (root / "site" / "pagefind" / "archive" / "ids" / "index.json").exists()
    assert (root / "site" / "sitemap.xml").exists() and (root / "site" / "robots.txt").exists()


def test_writes_of_a_changed_archive_and_of_make_serve_are_claimed_too(project, tmp_path):
    """Stale pages removed, new kinds of pages (a new day, month and top
    list), and `make serve`'s edits (archive.Archive.update): each claimed."""
    from generator.serve.archive import Archive

    root = fresh_copy(project, tmp_path / "p")
    assert run(root, "generate").exit_code == 0
    papers = sample_papers()
    papers.pop("2503.08638")
    base = papers["a-tutorial-on-bayesian-optimization"]
    papers["a-new-paper"] = dataclasses.replace(base, key="a-new-paper", title="A new paper", list_dates=["2025-04-02"])
    store.save(root, papers)
    writes = audit(root / "docs", lambda: generate(root))
    assert {e for e, _, _ in writes} >= {"os.rename", "os.remove"}
    assert [w for w in writes if not w[2]] == []

    def serve_edits():
        archive = Archive(root)
        archive.load(use_cache=False)
        again = dict(papers)
        again["another-one"] = dataclasses.replace(base, key="another-one", title="Another one", list_dates=["2025-05-07"])
        again.pop("a-new-paper")
        store.save(root, again)
        update = archive.update()
        update.later()

    writes = audit(root / "docs", serve_edits)
    assert {e for e, _, _ in writes} >= {"os.rename", "os.remove"}
    assert [w for w in writes if not w[2]] == []


def _kill_points(writes) -> list[tuple[str, int]]:
    """The first, a middle and the last write of each kind."""
    counts: dict[str, int] = {}
    for _, rel, _ in writes:
        counts[kind_of(rel)] = counts.get(kind_of(rel), 0) + 1
    return [(kind, n) for kind, total in sorted(counts.items()) for n in sorted({1, (total + 1) // 2, total})]


def imported(papers: dict) -> dict:
    """The archive after an import of a paper that tops the lists of its day,
    week, month and year: most generated files change."""
    base = papers["a-tutorial-on-bayesian-optimization"]
    new = dataclasses.replace(base, key="a-newly-imported-paper", arxiv_id=None, links={}, upvotes=99,
                              title="A newly imported paper on Bayesian optimization", list_dates=["2025-03-12"])
    return {**papers, new.key: new}


def unclaimed_leftovers(docs: Path) -> list[str]:
    """Files in docs/ that are neither hand-written, nor claimed, nor a
    temporary file of an atomic write: what the next run would refuse."""
    return sorted(rel for rel in tree(docs) if rel != MANIFEST and rel not in HAND_WRITTEN
                  and rel not in claimed(docs) and not _TEMPORARY.fullmatch(rel.rsplit("/", 1)[-1]))


def test_a_generate_killed_at_every_kind_of_write_is_completed_by_the_next(project, clean, tmp_path):
    """Killed before the first, a middle and the last file of each kind, then
    a paper is imported (the review's case: the next run's pages differ from
    the ones the kill left): every file left is claimed, and the next generate
    succeeds and leaves what a clean run leaves."""
    _, writes = clean
    points = _kill_points(writes)
    assert len({kind for kind, _ in points}) >= 10
    expected_root = fresh_copy(project, tmp_path / "expected")
    store.save(expected_root, imported(sample_papers()))
    generate(expected_root)
    expected = tree(expected_root / "docs")
    for kind, n in points:
        root = fresh_copy(project, tmp_path / f"{kind.replace('/', '_')}{n}")
        assert kill_at(root / "docs", kind, n, lambda: generate(root)) == KILLED, (kind, n)
        assert unclaimed_leftovers(root / "docs") == [], (kind, n)
        store.save(root, imported(sample_papers()))
        result = run(root, "generate")
        assert result.exit_code == 0, (kind, n, result.output)  # never "not written by paper-archive"
        assert tree(root / "docs") == expected, (kind, n)
        subprocess.run(["rm", "-rf", str(root)], check=True)


def test_kills_at_each_kind_in_a_row_then_a_strict_build(project, clean, tmp_path):
    """One run after another, each killed at the first file of the next kind
    it writes, each starting from what the last one left; then `mkdocs build
    --strict` (its hook generates) succeeds, with the pages of a clean run."""
    docs_tree, writes = clean
    kinds = sorted({kind_of(rel) for _, rel, _ in writes})
    root = fresh_copy(project, tmp_path / "p")
    killed = []
    for kind in kinds:
        if kill_at(root / "docs", kind, 1, lambda: generate(root)) == KILLED:
            killed.append(kind)
        assert unclaimed_leftovers(root / "docs") == [], kind
    assert len(killed) >= len(kinds) // 2, killed
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr[-2000:]
    assert tree(root / "docs") == docs_tree


def test_a_generate_killed_at_each_removal_is_completed_by_the_next(project, tmp_path):
    """A run that removes stale pages (a paper and its day gone), killed
    before each removal."""
    first = fresh_copy(project, tmp_path / "first")
    assert run(first, "generate").exit_code == 0
    papers = sample_papers()
    papers.pop("o-1-alpha-bounds-for-b-tags-and-x-markdown")
    key = "a-tutorial-on-bayesian-optimization"
    papers[key] = dataclasses.replace(papers[key], list_dates=["2025-03-12"])  # its second day goes too
    store.save(first, papers)
    after = fresh_copy(first, tmp_path / "after")
    removals = [rel for event, rel, _ in audit(after / "docs", lambda: generate(after)) if event == "os.remove"]
    assert {kind_of(rel) for rel in removals} >= {"papers/", "days/", "api/v1/papers/", "api/v1/days/"}
    expected = tree(after / "docs")
    for n in range(1, len(removals) + 1):
        root = fresh_copy(first, tmp_path / f"r{n}")
        count = [0]

        def on_write(event, rel):
            if event == "os.remove":
                count[0] += 1
                if count[0] == n:
                    os._exit(KILLED)

        assert in_child(root / "docs", on_write, lambda: generate(root))[0] == KILLED
        result = run(root, "generate")
        assert result.exit_code == 0, (n, result.output)
        assert tree(root / "docs") == expected, n


# --- make serve's whole build ---------------------------------------------------------------

FAULT = Path(__file__).parent / "fault"  # sitecustomize.py: kills or pauses the processes a test starts


def inject_fault(monkeypatch, docs: Path, n: int, action: str) -> None:
    """Processes started from here on die (or pause) at their n-th write into `docs`."""
    paths = [str(FAULT), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    monkeypatch.setenv("PAPER_ARCHIVE_TEST_FAULT", f"{docs}|{n}|{action}")


def test_make_serve_killed_during_its_whole_build_is_completed_by_the_next_run(project, clean, tmp_path, monkeypatch):
    """The whole build's generating process killed before its first (the
    claim), second, a middle and a late write: every file left is claimed;
    generate completes it, and so does the next `make serve`."""
    from generator.serve.preview import Preview

    docs_tree, writes = clean
    for n in (1, 2, len(writes) // 2, len(writes)):
        root = fresh_copy(project, tmp_path / f"p{n}")
        inject_fault(monkeypatch, root / "docs", n, "exit")
        preview = Preview(root, tmp_path / f"work{n}")
        assert preview.start() == "could not build: see the problems", n
        preview.stop()
        monkeypatch.delenv("PAPER_ARCHIVE_TEST_FAULT")
        assert unclaimed_leftovers(root / "docs") == [], n
        if n == 2:
            again = Preview(root, tmp_path / f"work{n}")
            assert again.start() == "built the site"
            again.settle()
            again.stop()
        else:
            result = run(root, "generate")
            assert result.exit_code == 0, (n, result.output)
        assert tree(root / "docs") == docs_tree, n


def test_a_kill_9_of_make_serve_leaves_the_lock_to_its_whole_build_until_it_ends(project, clean, tmp_path, monkeypatch):
    """`make serve` killed (kill -9, a runner that dies) while its whole build
    writes docs/: the build's process goes on and holds the writers' lock
    until it ends, so a generate started meanwhile waits instead of writing
    beside it; then generate and a strict build succeed."""
    import signal

    from generator.archive import lock

    docs_tree, writes = clean
    root = fresh_copy(project, tmp_path / "p")
    marker = tmp_path / "paused"
    inject_fault(monkeypatch, root / "docs", len(writes) // 2, f"pause:{marker}")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", "127.0.0.1:0"], cwd=root,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(1200):  # 60 s
            if marker.exists() or proc.poll() is not None:
                break
            subprocess.run(["sleep", "0.05"])
        assert marker.exists(), "the whole build never reached its pause"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with pytest.raises(lock.Busy):  # the build's process still writes
            with lock.writing(root, timeout=0.3):
                pass
    finally:
        marker.unlink(missing_ok=True)  # the build goes on, and ends
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    monkeypatch.delenv("PAPER_ARCHIVE_TEST_FAULT")
    result = run(root, "generate")  # waits for the lock
    assert result.exit_code == 0, result.output
    assert unclaimed_leftovers(root / "docs") == []
    assert tree(root / "docs") == docs_tree
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr[-2000:]
