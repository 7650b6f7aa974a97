"""The writers' lock: one process at a time writes `data/` or `docs/`.

Two imports at once each read the store, merge, and write it whole: the
second write loses what the first added. Every command that writes (import,
fetch, enrich, generate, the MkDocs hook's rebuild, `make serve`) holds this lock
around its read-merge-write; a second writer waits for it, says so, and gives
up with a clear message after `timeout` seconds. Readers (check, stats) need
no lock: every file is replaced atomically and the store's journal
(generator/archive/store.py) gives them a consistent view.

An OS lock (flock) on `.paper-archive.lock` in the archive's folder: the
kernel drops it when its holder dies, even by kill -9, so a crash never leaves
a stale lock behind. Re-entrant within a process (a hook inside a command).
"""
from __future__ import annotations

import fcntl
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

LOCK_FILE = ".paper-archive.lock"
TIMEOUT_ENV = "PAPER_ARCHIVE_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 600.0  # seconds: longer than a whole 20k-paper generate
POLL = 0.1

_held: dict[str, int] = {}  # lock path -> depth, for re-entry in this process
_fds: dict[str, int] = {}  # lock path -> the open lock file this process holds it through
_guard = threading.Lock()


class Busy(Exception):
    """Another process held the lock for longer than we were willing to wait."""


def default_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""
    return f" (process {text})" if text.isdigit() else ""


@contextmanager
def writing(root: Path, *, timeout: float | None = None, say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the archive's writers' lock; wait up to `timeout` seconds for it,
    telling `say` once that we wait, then raise Busy."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_FILE
    key = str(path.resolve())
    with _guard:
        if key in _held:
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[key] -= 1
        return
    timeout = default_timeout() if timeout is None else timeout
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(f"another paper-archive run{_holder(path)} is writing {root.as_posix()}/ "
                               f"and did not finish within {timeout:g} s: nothing was written; "
                               "run the command again when it is done") from None
                if say and not told:
                    say(f"Waiting for another paper-archive run{_holder(path)} writing this archive to finish ...")
                    told = True
                time.sleep(POLL)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        with _guard:
            _held[key] = 1
            _fds[key] = fd
        try:
            yield
        finally:
            with _guard:
                _held.pop(key, None)
                _fds.pop(key, None)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def inheritable(root: Path) -> tuple[int, ...]:
    """The lock as this process holds it, for a child that writes on its
    behalf (subprocess's pass_fds): a flock belongs to the open file, so the
    child holds the lock too, and keeps it if this process dies before it (a
    kill -9 of `make serve` during its whole build: the next writer waits for
    the child's last write instead of writing beside it)."""
    with _guard:
        fd = _fds.get(str((Path(root) / LOCK_FILE).resolve()))
    return () if fd is None else (fd,)


@contextmanager
def held_by_parent(root: Path) -> Iterator[None]:
    """In a child process started by the lock's holder to do its writing
    (`make serve` builds the whole site in one): `writing` re-enters here
    instead of waiting for the parent, which holds the lock until we are done
    (and which passed it on: `inheritable`)."""
    key = str((Path(root) / LOCK_FILE).resolve())
    with _guard:
        _held[key] = _held.get(key, 0) + 1
    try:
        yield
    finally:
        with _guard:
            _held[key] -= 1
            if not _held[key]:
                del _held[key]
