"""Work `make serve` hands to a child process, so that it never slows an edit.

Related papers (17 s of TF-IDF at 20,000 papers) and the search index ran on
threads of the server: scikit-learn's tokenizing and the Pagefind client's
encoding of 20,000 records hold the GIL, and an edit saved meanwhile took
2.9 s instead of 0.7 s (bench/results-serve.md). In a process of their own,
at a lower priority, they take a core the edit does not need.

The child is `python -m generator.serve.child related`: a pickled
{key: text} on stdin, the pickled {key: [related keys]} on stdout. The same
code as the build (related.compute_texts), so the same result.

When everything must be redone (the first start without a build to reuse, a
taxonomy or generator change), `build_site` runs `make build`'s own steps in
two fresh processes: one generates every page, the other runs MkDocs with the
hooks once they are written (but not the search index: the server builds it
next, in the background). The server's process holds the previous state
(1.5 GB at 20,000 papers) and threads; doing the same work there took 353 s
where `make build` took 159 s. The first child leaves the archive's state in
the serve cache, which the server loads while MkDocs is still running.
"""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time

NICE = 10  # below the server's own work: a save is rendered first


class ChildFailed(RuntimeError):
    pass


class Cancelled(ChildFailed):
    """Its result was no longer wanted (`cancel`)."""


_running: dict[int, tuple[str, subprocess.Popen]] = {}
_cancelled: set[int] = set()


def cancel(*tasks: str) -> None:
    """Stop the children running these tasks (a whole build redoes their work)."""
    for pid, (task, proc) in list(_running.items()):
        if task in tasks:
            _cancelled.add(pid)
            proc.terminate()


def run(task: str, payload, timeout: float | None = None):
    """Run `task` in a child process with `payload`; its result."""
    proc = subprocess.Popen([sys.executable, "-m", "generator.serve.child", task], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _running[proc.pid] = (task, proc)
    try:
        out, err = proc.communicate(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), timeout=timeout)
    except BrokenPipeError:  # it was stopped before it read its input
        proc.wait()
        out, err = b"", b""
    finally:
        _running.pop(proc.pid, None)
    if proc.pid in _cancelled:
        _cancelled.discard(proc.pid)
        raise Cancelled(task)
    if proc.returncode != 0:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        raise ChildFailed(f"{task} (child process): {last[0]}")
    return pickle.loads(out)  # noqa: S301 (our own child's answer)


def related_for(papers) -> dict[str, list[str]]:
    from ..site import related

    return run("related", {k: related.text_of(p) for k, p in papers.items()})


def search_index(records, pages, output) -> None:
    """The Pagefind index of these records and pages, written into `output`
    (its Python side encodes 20,000 records: on the server it held the GIL)."""
    run("search", {"records": records, "pages": pages, "output": str(output)})


def build_site(root, site_dir, cache, page_size: int, on_state) -> None:
    """generate + build the site into `site_dir` (the caller holds the
    writers' lock for it); `on_state()` is called once the archive's state is
    in `cache`. Raises InputError for broken inputs.

    Two child processes, as `make build` runs two: the first generates and
    saves the state, the second runs MkDocs in a fresh interpreter (MkDocs in
    the process that had generated took 93 s at 20,000 papers where `mkdocs
    build` takes 57 s: the generate step's heap stays behind). The second
    starts with the first: it imports MkDocs and reads the config while the
    pages are generated, and builds as soon as docs/ is whole, while the first
    still saves the state."""
    from ..archive import lock
    from ..archive.model import InputError

    payload = {"root": str(root), "site_dir": str(site_dir), "cache": str(cache), "page_size": page_size}
    held = lock.inheritable(root)
    mkdocs = _start("mkdocs", payload, held, keep_stdin=True)
    try:
        def go() -> None:
            mkdocs.stdin.write(b"go\n")
            mkdocs.stdin.close()

        outcome = _events(_start("generate", payload, held), {"docs": go, "state": on_state})
        if outcome.get("event") == "done":
            outcome = _events(mkdocs, {})
    finally:
        if not mkdocs.stdin.closed:
            mkdocs.stdin.close()  # not wanted: it ends without building
        mkdocs.wait()
    if outcome.get("event") == "input-error":
        raise InputError([_Said(p) for p in outcome["problems"]])
    if outcome.get("event") != "done":
        raise ChildFailed(outcome.get("message") or "the build (child process) failed")


def _start(phase: str, payload: dict, lock_fds: tuple[int, ...], keep_stdin: bool = False) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "generator.serve.child", "build", phase], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, pass_fds=lock_fds)  # its log goes where ours does
    proc.stdin.write(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    if keep_stdin:
        proc.stdin.flush()
    else:
        proc.stdin.close()
    return proc


def _events(proc: subprocess.Popen, handlers: dict) -> dict:
    """Read a build child's events until it ends; call `handlers[event]` for
    the ones on the way, and return the last (its outcome)."""
    outcome: dict = {}
    for line in proc.stdout:
        if not line.startswith(b'{"event"'):
            continue
        event = json.loads(line)
        if event["event"] in handlers:
            handlers[event["event"]]()
        else:
            outcome = event
    if proc.wait() != 0 and outcome.get("event") == "done":
        outcome = {}
    if not outcome:
        outcome = {"event": "error", "message": f"the build (child process) ended with status {proc.returncode}"}
    return outcome


def _say(events, event: str) -> None:
    events.write(json.dumps({"event": event}) + "\n")
    events.flush()


class _Said(str):
    """A problem as the child worded it (InputError wants objects that print)."""


def _build(phase: str, payload: dict, events) -> dict:
    import logging
    from pathlib import Path

    from ..site import indexes
    from ..archive import lock
    from ..archive.model import InputError
    from .archive import Archive
    from .logs import log_to_stderr
    from .pages import Site

    log_to_stderr()
    indexes.PAGE_SIZE = payload["page_size"]  # the server's (tests make pages small)
    root = Path(payload["root"])
    log = logging.getLogger("paper_archive.serve")
    started: float | None = time.perf_counter()
    try:
        with lock.held_by_parent(root):
            if phase == "generate":
                def written() -> None:
                    log.info("paper-archive serve: whole build: pages generated in %.1f s", time.perf_counter() - started)
                    _say(events, "docs")

                Archive(root, cache=Path(payload["cache"])).load(on_written=written)  # `paper-archive generate`
                log.info("paper-archive serve: whole build: state saved after %.1f s", time.perf_counter() - started)
                _say(events, "state")
            else:
                from ..build import mkdocs_hooks

                mkdocs_hooks.build_search_later()  # the server indexes once the pages are served
                site = Site(root, Path(payload["site_dir"]))  # MkDocs imported, config read: ready
                if sys.stdin.buffer.readline() != b"go\n":
                    started = None
                    return {"event": "cancelled"}  # the pages could not be generated
                started = time.perf_counter()
                site.build()  # `mkdocs build` with the hooks
                log.info("paper-archive serve: whole build: MkDocs in %.1f s", time.perf_counter() - started)
    except InputError as exc:
        return {"event": "input-error", "problems": [str(p) for p in exc.problems]}
    except Exception as exc:
        import traceback

        traceback.print_exc()
        return {"event": "error", "message": f"{type(exc).__name__}: {exc}"}
    finally:
        import resource

        if started is not None:  # else cancelled: it built nothing
            own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            log.info("paper-archive serve: the whole build's process peaked at %.0f MiB, %.1f s CPU",
                     own.ru_maxrss / 1024, own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime)
    return {"event": "done"}


def main(argv: list[str]) -> int:
    payload = pickle.load(sys.stdin.buffer)  # noqa: S301 (from the server that started us)
    if argv[:1] == ["build"] and argv[1:] in (["generate"], ["mkdocs"]):
        # Our stdout carries the events; whatever else writes to it (MkDocs,
        # the search indexer's process) goes to stderr, with the log.
        events = os.fdopen(os.dup(1), "w", encoding="utf-8")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        outcome = _build(argv[1], payload, events)
        events.write(json.dumps(outcome) + "\n")
        events.flush()
        return 0 if outcome["event"] == "done" else 1
    try:
        os.nice(NICE)
    except OSError:
        pass
    if argv == ["related"]:
        from ..site import related

        result = related.compute_texts(payload)
    elif argv == ["search"]:
        from pathlib import Path

        from ..build import search

        search.write_index(payload["records"], payload["pages"], Path(payload["output"]))
        result = None
    else:
        print(f"unknown task {argv!r}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
