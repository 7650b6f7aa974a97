"""Crash consistency: a save of data/ or a generate killed at any instant
leaves a store and a docs/ folder the next run accepts and completes by itself.

The child process is killed (os._exit, as abrupt as kill -9 for the files:
no cleanup, no finally blocks) just before its Nth rename or removal; the
property tests let hypothesis choose N. One test also uses a real SIGKILL.
"""
from __future__ import annotations

import hashlib
import os
import pathlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.archive import store
from generator.commands.cli import main
from generator.build.generate import generate
from generator.archive.merge import merge_all
from generator.archive.model import Paper

from .project import copy_project
from .sample import sample_papers

KILLED = 137


def killed_at(step: int, action) -> int:
    """Run `action` in a forked child that dies just before its `step`-th
    file rename or removal (or finishes, when it makes fewer). Returns the
    child's exit status: KILLED or 0."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            count = [0]
            real_replace, real_unlink = os.replace, pathlib.Path.unlink

            def tick():
                count[0] += 1
                if count[0] == step:
                    os._exit(KILLED)

            def replace(src, dst, *a, **kw):
                tick()
                return real_replace(src, dst, *a, **kw)

            def unlink(self, *a, **kw):
                tick()
                return real_unlink(self, *a, **kw)

            os.replace = replace
            pathlib.Path.unlink = unlink
            action()
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def paper(title: str, day: str, **kw) -> Paper:
    return Paper(title=title, abstract="An abstract.", list_dates=[day], sources=[f"{day}.json"], **kw)


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the store ----------------------------------------------------------------------------

def archives():
    """Old and new archive, where the new one moves records between months,
    adds a month and empties another."""
    old = merge_all({}, [paper("Alpha", "2025-03-12", arxiv_id="2503.00001"), paper("Beta", "2025-04-02"),
                         paper("Gamma", "2025-05-01"), paper("Delta", "2025-04-20")])
    new = merge_all(old, [paper("Alpha", "2025-02-27", arxiv_id="2503.00001"), paper("Beta", "2025-01-05"),
                          paper("Epsilon", "2025-06-01")])
    new.pop("gamma")
    return old, new


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(step=st.integers(min_value=1, max_value=40))
def test_a_save_killed_at_any_instant_is_whole_or_not_at_all(tmp_path_factory, step):
    root = tmp_path_factory.mktemp("store")
    old, new = archives()
    store.save(root, old)
    status = killed_at(step, lambda: store.save(root, new))
    assert status in (0, KILLED)
    located, problems = store.read_located(root)  # a reader, without the lock: no repair
    assert problems == []
    seen = {item.paper.key: item.paper for item in located}
    assert seen in (old, new)
    if status == 0:
        assert seen == new
    # The next writer completes (or forgets) the interrupted save by itself.
    store.recover(root)
    assert store.load(root) == seen
    assert sorted(p.name for p in (root / "data" / "papers").iterdir()) == sorted(
        Path(rel).name for rel in store.month_files(seen))
    assert store.save(root, seen) == []  # nothing left to do


def test_a_record_moving_months_is_in_exactly_one_file_after_any_kill(tmp_path):
    old, new = archives()
    outcomes = set()
    for step in range(1, 30):
        root = tmp_path / f"s{step}"
        store.save(root, old)
        status = killed_at(step, lambda: store.save(root, new))
        located, problems = store.read_located(root)
        assert problems == [], (step, problems)
        outcomes.add("new" if {i.paper.key: i.paper for i in located} == new else "old")
        if status == 0:
            break
    assert outcomes == {"old", "new"}  # the kills did land before and after the commit point


def test_a_damaged_journal_is_reported_not_trusted(tmp_path):
    old, _ = archives()
    store.save(tmp_path, old)
    (tmp_path / store.JOURNAL).write_text('{"files": {"../../etc/passwd": "x"}}', encoding="utf-8")
    _, problems = store.read_located(tmp_path)
    assert [str(p) for p in problems] == [
        "data/papers/.journal.json:1: journal: is not a journal written by paper-archive: remove it"]
    assert store.recover(tmp_path) is False


# --- generate -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("crash") / "project", data=False, commentary=False)
    papers = dict(list(sample_papers().items())[:12])
    store.save(root, papers)
    return root


def fresh_copy(project: Path, dst: Path) -> Path:
    subprocess.run(["cp", "-a", str(project), str(dst)], check=True)
    return dst


@pytest.fixture(scope="module")
def clean_docs(project, tmp_path_factory) -> dict[str, str]:
    clean = fresh_copy(project, tmp_path_factory.mktemp("clean") / "p")
    generate(clean)
    return tree(clean / "docs")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(step=st.integers(min_value=1, max_value=110))  # ~100 renames in all: most runs are killed
def test_a_generate_killed_at_any_instant_is_completed_by_the_next(project, clean_docs, tmp_path_factory, step):
    root = fresh_copy(project, tmp_path_factory.mktemp("gen") / "p")
    killed_at(step, lambda: generate(root))
    result = CliRunner().invoke(main, ["--root", str(root), "generate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output  # never "not written by paper-archive"
    assert tree(root / "docs") == clean_docs


def test_generate_killed_by_sigkill_on_a_fresh_checkout(project, tmp_path):
    """The review's case: kill -9 during a first generate, 10 tries."""
    for attempt in range(10):
        root = fresh_copy(project, tmp_path / f"p{attempt}")
        child = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "generate"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3 + 0.15 * attempt)  # from start-up to the last page (~2 s)
        child.send_signal(signal.SIGKILL)
        child.wait()
        result = CliRunner().invoke(main, ["--root", str(root), "generate"], catch_exceptions=False)
        assert result.exit_code == 0, (attempt, result.output)


def test_check_completes_an_interrupted_save_so_git_sees_whole_files(tmp_path):
    old, new = archives()
    (tmp_path / "data" / "papers").mkdir(parents=True)
    (tmp_path / "taxonomy.yml").write_bytes((Path(__file__).parent.parent / "taxonomy.yml").read_bytes())
    store.save(tmp_path, old)
    for step in range(2, 10):  # the journal is written at step 1; kill while applying it
        killed_at(step, lambda: store.save(tmp_path, new))
        if (tmp_path / store.JOURNAL).exists():
            break
    assert (tmp_path / store.JOURNAL).exists()
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "check"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stderr == "Completed a save of data/ that was interrupted.\n"
    assert not (tmp_path / store.JOURNAL).exists()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "data" / "papers").glob("*.jsonl")}
    assert on_disk == {Path(rel).name: text for rel, text in store.month_files(new).items()}
