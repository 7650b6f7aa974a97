"""The generator writes only its own pages, only when they change."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.archive import store
from generator.commands.cli import main
from click.testing import CliRunner

from .project import copy_project
from .sample import sample_papers


def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=False)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project", data=False, commentary=False)
    store.save(root, sample_papers())
    return root


def test_generate_twice_writes_nothing_the_second_time(root: Path):
    first = run(root, "generate")
    assert first.exit_code == 0, first.output
    before = tree_hashes(root / "docs")
    mtimes = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*.md")}
    second = run(root, "generate")
    assert second.stdout.startswith("0 page(s) written, 0 removed, ")
    assert tree_hashes(root / "docs") == before
    assert {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*.md")} == mtimes


def test_same_inputs_give_byte_identical_pages(root: Path, tmp_path: Path):
    other = copy_project(tmp_path / "other", data=False, commentary=False)
    store.save(other, sample_papers())
    run(root, "generate")
    run(other, "generate")
    assert tree_hashes(root / "docs") == tree_hashes(other / "docs")


def test_hand_written_pages_are_never_touched(root: Path):
    hand = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    notes = root / "docs" / "papers" / "notes.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("# My notes\n", encoding="utf-8")
    run(root, "generate")
    store.save(root, {})  # every paper gone: their pages become stale
    run(root, "generate")
    assert notes.read_text(encoding="utf-8") == "# My notes\n"
    assert all(p.read_bytes() == content for p, content in hand.items())


def test_stale_generated_pages_are_removed(root: Path):
    run(root, "generate")
    papers = sample_papers()
    del papers["2503.08638"]
    store.save(root, papers)
    result = run(root, "generate")
    assert result.exit_code == 0
    assert not (root / "docs" / "papers" / "2503.08638.md").exists()
    assert (root / "docs" / "papers" / "a-tutorial-on-bayesian-optimization.md").exists()


def test_a_hand_written_file_in_the_way_stops_the_run_before_writing(root: Path):
    (root / "docs" / "index.md").write_text("# My own home page\n", encoding="utf-8")
    result = run(root, "generate")
    assert result.exit_code == 1
    assert result.stderr == ("docs/index.md:1: file: was not written by paper-archive and a generated page "
                             "belongs here: move your page elsewhere in docs/\n")
    assert (root / "docs" / "index.md").read_text(encoding="utf-8") == "# My own home page\n"
    assert not (root / "docs" / "papers").exists()


def test_every_generated_file_is_ignored_by_git(root: Path):
    """Generated pages are rebuilt on every run: a new kind of page must be
    added to .gitignore, or `make serve` leaves untracked files in a checkout."""
    import json
    import shutil
    import subprocess

    from .project import REPO

    assert run(root, "generate").exit_code == 0
    files = json.loads((root / "docs" / ".generated-manifest.json").read_text(encoding="utf-8"))["files"]
    paths = [f"docs/{rel}" for rel in files] + ["docs/.generated-manifest.json"]
    assert any(p.startswith("docs/top/") for p in paths) and any(p.startswith("docs/papers/") for p in paths)
    git = shutil.which("git")
    assert git, "git is needed to read .gitignore"
    done = subprocess.run([git, "-C", str(REPO), "check-ignore", "--no-index", "--stdin"],
                          input="\n".join(paths), capture_output=True, text=True)
    ignored = set(done.stdout.split())
    assert [p for p in paths if p not in ignored] == []
