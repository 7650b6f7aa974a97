"""The writers' lock: two writers at once never lose records."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.archive import lock, store

HOLD = """
import sys, time
from pathlib import Path
from generator.archive import lock
with lock.writing(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold(root: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the lock for `seconds`."""
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(root), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "held"
    return child


def hf_items(start: int, count: int) -> str:
    return json.dumps([{"paper": {"id": f"2503.{n:05d}", "title": f"Paper number {n}", "summary": "An abstract."}}
                       for n in range(start, start + count)])


def test_a_second_writer_waits_then_proceeds(archive, cli):
    child = hold(archive, 1.0)
    started = time.monotonic()
    inbox = archive.parent / "in"
    inbox.mkdir()
    (inbox / "2025-03-13.json").write_text(hf_items(1, 3), encoding="utf-8")
    result = cli("import", inbox)
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started >= 0.5  # it did wait
    assert result.stderr.startswith("Waiting for another paper-archive run (process ")
    assert child.wait() == 0
    assert len(store.load(archive)) == 3


def test_a_writer_that_cannot_get_the_lock_refuses_and_writes_nothing(archive, cli, monkeypatch):
    monkeypatch.setenv(lock.TIMEOUT_ENV, "0.3")
    child = hold(archive, 3.0)
    try:
        result = cli("generate")
        assert result.exit_code == 1
        assert "Nothing was done: another paper-archive run (process " in result.stderr
        assert "did not finish within 0.3 s: nothing was written" in result.stderr
        assert not (archive / "docs").exists()
    finally:
        child.kill()
        child.wait()


def test_the_lock_dies_with_its_holder(archive):
    child = hold(archive, 60)
    child.kill()  # SIGKILL: no cleanup ran
    child.wait()
    with lock.writing(archive, timeout=0):
        pass


def test_the_lock_is_reentrant_within_a_process(archive):
    with lock.writing(archive, timeout=0):
        with lock.writing(archive, timeout=0):
            pass


def test_two_imports_at_once_keep_every_record(archive):
    """The review's case: two concurrent imports each exited 0 and the store
    kept only one of them. With the lock, both sets survive."""
    inputs = []
    for n, start in enumerate((1, 5001)):
        folder = archive.parent / f"in{n}"
        folder.mkdir()
        (folder / "2025-03-13.json").write_text(hf_items(start, 1500), encoding="utf-8")
        inputs.append(folder)
    env = {**os.environ, "PAPER_ARCHIVE_ROOT": str(archive)}
    runs = [subprocess.Popen([sys.executable, "-m", "generator", "import", str(f)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in inputs]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert len(store.load(archive)) == 3000


def test_busy_message_without_a_holder_pid(tmp_path):
    # An empty lock file (its holder just started): the message still reads well.
    with lock.writing(tmp_path, timeout=0):
        (tmp_path / lock.LOCK_FILE).write_text("")
        with pytest.raises(lock.Busy, match=r"^another paper-archive run is writing "):
            # A second open file description in the same process is a second flock holder.
            lock._held.clear()
            with lock.writing(tmp_path, timeout=0):
                pass
