"""`paper-archive serve` (`make serve`): one process that keeps the site in step.

Start: bring docs/ up to date (generator/serve/archive.py) and build the site
into build/serve/site, or take the one the last run left when nothing it was
made from has changed. Then, in one loop: poll the inputs (watch.py); after a
save, rebuild once (`rebuild`): regenerate only the pages the edit changes,
re-render only those through MkDocs (pages.py), and tell the open page to
reload once (httpd.py). Related papers (large archives) and the search index
are redone in background processes (background.py); the page says when
search is behind. A whole build (the first start, a taxonomy change) serves
its pages before its search index is built, as an edit does.
"""
from __future__ import annotations

import contextlib
import logging
import shutil
import threading
import time
import traceback
from pathlib import Path

from ..site import indexes
from ..archive import lock, store
from ..build import search
from ..build.checks import check_all
from ..archive.model import InputError
from . import child, reuse
from .archive import Archive, Update
from .background import Background
from .httpd import State
from .pages import Site
from .records import SearchRecords
from .watch import Changes, Watcher

log = logging.getLogger("paper_archive.serve")
SETTLE = 0.25  # seconds a broken input must stay as it is before it is shown as a problem
POLL = 0.05  # seconds between two looks at the inputs; a save is taken once unchanged for one more look
WORK = Path("build") / "serve"


class Preview(Background):
    def __init__(self, root: Path, work: Path | None = None):
        self.root = root.resolve()
        self.work = (work or self.root / WORK).resolve()
        self.site_dir = self.work / "site"
        self.stamp_file = self.work / "site.stamp"
        self.state = State()
        self.archive = Archive(self.root, cache=self.work / "archive.pickle")
        self.watcher: Watcher | None = None
        self.site: Site | None = None
        self._jobs: list[tuple[str, threading.Thread, dict]] = []
        self._search_wanted = False
        self._search_epoch = 0  # one step per whole build
        self._search_retries = 0  # of a failed index, in a row
        self._drop_index = False  # stopped before the index was current
        self._stop = threading.Event()
        self.loop_thread: threading.Thread | None = None
        self.site_ready = False  # the site folder matches a build (full or reused)
        self._unstamped = True  # the site changed since the stamp was written
        self._retry: tuple[list[str], list[str]] = ([], [])  # pages a failed rebuild left to render
        self._records = SearchRecords()
        self._search_pages: list | None = None  # (url, HTML) of the hand-written pages, for the search index

    # --- Start -------------------------------------------------------------------

    def start(self) -> str:
        """Generate and build (or reuse the last build); returns how it started."""
        started = time.perf_counter()
        self.work.mkdir(parents=True, exist_ok=True)
        how = "reused the last build"
        # The inputs as they are before the build reads them: a save made while
        # it runs (the server answers meanwhile, a commentator types at once) is
        # a change at the first look after it, and rebuilt then.
        self.watcher = Watcher(self.root)
        before = self.watcher.snapshot()
        with self.writing():
            how = self._start(how)
        self.watcher.refresh_generated()
        self.snapshot = self.watcher.without_generated(before)  # the pages it wrote are no edit
        log.info("paper-archive serve: %s in %.1f s", how, time.perf_counter() - started)
        self._start_search()  # after a whole build: served first, indexed now
        return how

    def _start(self, how: str) -> str:
        for left in self.work.glob("site.old*"):  # a run stopped while removing an old site
            shutil.rmtree(left, ignore_errors=True)
        self.site = Site(self.root, self.site_dir)
        # A site made from these very bytes is taken only if the inputs pass
        # `check` now (as generate checks a warm docs/): a symbolic link, say, is
        # not hidden by the build an earlier run made from the same bytes.
        if (self.archive.load_cached() and self._stamp() == self._saved_stamp()
                and (self.site_dir / "index.html").exists() and not check_all(self.root)[0]):
            self.site.attach()
            self.site_ready, self._unstamped = True, False
            self._search_wanted = not (self.site_dir / search.OUTPUT).exists()  # the last run stopped before it was in
            return how
        self.stamp_file.unlink(missing_ok=True)
        try:
            self._build_whole(self.site_dir)
        except InputError as exc:
            # Nothing to build from: serve what there is, with the problems.
            self._fail(exc)
            self.site_dir.mkdir(parents=True, exist_ok=True)
            return "could not build: see the problems"
        except Exception as exc:  # a theme or page error: serve, say so, build again at the next save
            traceback.print_exc()
            self.state.problems = [f"the build failed: {type(exc).__name__}: {exc}"]
            self.site_dir.mkdir(parents=True, exist_ok=True)
            return "could not build: see the problems"
        self.site_ready = True
        self._search_wanted = True  # the stamp is saved once the index is in (_finish_jobs)
        return "built the site"

    def _build_whole(self, target: Path) -> None:
        """`make build`'s steps in a child process (child.build_site), into
        `target`. Once its docs/ and state are written, and while its MkDocs
        build runs, this process loads that state and makes ready to render
        pages into the site folder (self.site: attached and warmed up)."""
        self.archive.loaded = False  # until the child's state is in
        ready: dict = {}

        def on_state() -> None:
            started = time.perf_counter()
            if not self.archive.adopt():
                return
            site = Site(self.root, self.site_dir)
            site.attach()
            site.warm_up()
            ready["site"] = site
            log.info("paper-archive serve: whole build: state loaded here in %.1f s (beside MkDocs)",
                     time.perf_counter() - started)

        child.build_site(self.root, target, self.archive.cache, indexes.PAGE_SIZE, on_state)
        if "site" not in ready:
            raise child.ChildFailed("the whole build left no state to serve from")
        self.site = ready["site"]

    # --- The loop ------------------------------------------------------------------

    def warm_up(self) -> None:
        """What the first edit after a start would wait for: importing
        scikit-learn (related papers) and compiling the theme's templates."""
        try:
            import sklearn.feature_extraction.text  # noqa: F401

            if self.site_ready:
                self.site.warm_up()
        except Exception:  # only a head start: a real problem shows at the first edit
            log.debug("warm-up failed", exc_info=True)
        self.state.publish(reload=False, warm=True)

    def run_loop(self) -> None:
        self.warm_up()
        pending = None
        while not self._stop.is_set():
            self._finish_jobs()
            now = self.watcher.snapshot()
            if now != self.snapshot and now == pending:  # unchanged for one more look: the save is complete
                self._take(now)
                pending = None
            else:
                pending = now if now != self.snapshot else None
            self._stop.wait(POLL)

    def rebuild_now(self) -> bool:
        """Take whatever changed since the last look, without waiting (tests, bench)."""
        self._finish_jobs()
        now = self.watcher.snapshot()
        if now == self.snapshot:
            return False
        self._take(now)
        return True

    def _take(self, now) -> None:
        changes = Watcher.changes(self.snapshot, now)
        self.snapshot = now
        self.rebuild(changes)

    def start_loop(self) -> threading.Thread:
        self.loop_thread = threading.Thread(target=self.run_loop, name="paper-archive-rebuild", daemon=True)
        self.loop_thread.start()
        return self.loop_thread

    def stop(self) -> None:
        self._stop.set()
        if self.loop_thread:
            self.loop_thread.join()
        if self._search_wanted or self._has("search"):
            # Ctrl-C does not wait for an index (a minute at 20,000 papers): one
            # not current is dropped, and the next start builds it in the background.
            child.cancel("search")
            self._search_wanted = False
            self._drop_index = True
        self.settle()  # related papers; also writes the stamp of a site that is up to date
        self.archive.save_cache()

    @contextlib.contextmanager
    def writing(self):
        """Held while docs/ and the site folder are written (start, each
        rebuild, related papers applied): the writers' lock, so an import or
        fetch running beside the server waits, and a save of data/ that was
        killed halfway is completed first (as the build hook does)."""
        with lock.writing(self.root, say=log.info):
            store.recover(self.root)
            yield

    def rebuild(self, changes: Changes) -> None:
        """One rebuild for one save: what the edit changed, and nothing else."""
        with self.writing():
            self._rebuild(changes)

    def _rebuild(self, changes: Changes) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        self.state.publish(reload=False, busy=True)
        self.stamp_file.unlink(missing_ok=True)
        self._unstamped = True
        later, noted = None, None
        if changes.pages or changes.removed_pages or changes.theme:
            self._search_pages = None
        try:
            if changes.theme or not self.site_ready:
                self._full_build()
                kind = "whole site"
            elif changes.inputs and self.archive.needs_everything():
                self._full_build()
                kind = "whole site (taxonomy, generator or site_url changed)"
            else:
                update = self.archive.update() if changes.inputs or not self.archive.loaded else Update()
                if update.full:
                    self._full_build()
                    kind = "whole site (taxonomy, generator or site_url changed)"
                else:
                    # Kept until rendered: a theme error must not lose the pages of this edit.
                    self._retry = (self._retry[0] + update.changed + changes.pages,
                                   self._retry[1] + update.removed + changes.removed_pages)
                    self.site.update(*(list(dict.fromkeys(files)) for files in self._retry))
                    self._retry = ([], [])
                    later, noted = update.later, (update.changed, update.removed)
                    kind = f"{len(update.changed) + len(changes.pages)} file(s) changed, {len(update.removed)} removed"
                    # |=: an index still wanted (its job was busy) stays wanted after an edit that needs none
                    self._search_wanted |= bool(update.changed or update.removed or changes.pages or changes.removed_pages)
                if self.archive.related_pending:
                    self._start_related()
        except InputError as exc:
            if self._still_saving():  # read halfway through a save: the next look takes the whole of it
                self.state.publish(reload=False, busy=False)
                return
            self._fail(exc)
            self.state.publish(busy=False, rebuilds=self.state.rebuilds + 1)
            return
        except Exception as exc:  # a bug or a theme error: say so on the page, keep serving
            traceback.print_exc()
            self.state.publish(busy=False, rebuilds=self.state.rebuilds + 1,
                               problems=[f"the rebuild failed: {type(exc).__name__}: {exc}"])
            return
        finally:
            if noted is None:  # a whole build, or a failure: read what is generated
                self.watcher.refresh_generated()
                self.snapshot = self.watcher.without_generated(self.snapshot)
            else:
                self.watcher.note(*noted)
        if self.state.problems:
            log.info("paper-archive serve: fixed; the site is up to date again")
        log.info("paper-archive serve: %s in %.2f s (%.2f s CPU)", kind, time.perf_counter() - started,
                 time.thread_time() - cpu)
        self.state.publish(busy=False, problems=[], rebuilds=self.state.rebuilds + 1)
        if later is not None:
            self._write_later(later)
        else:
            self._finish_site()
        self._start_search()

    def _still_saving(self) -> bool:
        """Whether the inputs changed again shortly after the look that found
        them broken. An editor that truncates a file and then writes it can be
        seen in between (an empty file, under load): that is no problem to show,
        and no rebuild of its own, but the first half of one save."""
        self._stop.wait(SETTLE)
        return self.watcher.snapshot() != self.snapshot

    def _finish_site(self) -> None:
        try:
            self.site.finish()
        except Exception as exc:  # a theme error: say so, build everything at the next save
            traceback.print_exc()
            self.site_ready = False
            self.state.publish(problems=[f"the rebuild failed: {type(exc).__name__}: {exc}"])

    def _write_later(self, later) -> None:
        """The rest of the rebuild, after the open page was told to reload:
        feeds and API files (archive.Update.later)."""
        started = time.perf_counter()
        try:
            update = later()
            self.watcher.note(update.changed, update.removed)
            self.site.update(update.changed, update.removed)
            self.site.finish()
        except Exception as exc:  # a bug: say so on the page, and redo everything at the next save
            traceback.print_exc()
            self.watcher.refresh_generated()
            self.site_ready = False
            self.state.publish(problems=[f"the rebuild failed: {type(exc).__name__}: {exc}"])
            return
        log.info("paper-archive serve: then %d feed and API file(s) in %.2f s", len(update.changed),
                 time.perf_counter() - started)

    def _full_build(self) -> None:
        """Build the whole site beside the served one and swap them when done:
        pages keep being served, whole, while it runs (two minutes at 20,000 papers)."""
        self.site_ready = False  # until it is done: a failure means "build it all" at the next save
        self._retry = ([], [])
        self._search_epoch += 1  # the build makes its own search index: earlier ones are out of date
        self._search_wanted = False
        child.cancel("search", "related")  # the build redoes both: their CPU is the build's now
        fresh = self.work / "site.new"
        shutil.rmtree(fresh, ignore_errors=True)
        self._build_whole(fresh)
        self._search_wanted = True  # built without its index: the last one is served until the new one is in
        if (self.site_dir / search.OUTPUT).exists():
            shutil.move(str(self.site_dir / search.OUTPUT), str(fresh / search.OUTPUT))
        old = self.work / f"site.old-{time.time_ns()}"
        if self.site_dir.exists():
            self.site_dir.rename(old)
        fresh.rename(self.site_dir)
        self.site_ready = True
        # 100,000 files at 20,000 papers: removed after the reload, not before it.
        threading.Thread(target=shutil.rmtree, args=(old, True), name="paper-archive-cleanup", daemon=True).start()

    def _fail(self, exc: InputError) -> None:
        """Show the problems as `paper-archive check` words them."""
        try:
            problems, _ = check_all(self.root)
        except Exception:
            problems = []
        lines = [str(p) for p in (problems or exc.problems)]
        for line in lines:
            log.error("%s", line)
        self.state.problems = lines

    # --- Reusing the last build ---------------------------------------------------------

    def _stamp(self) -> str:
        return reuse.stamp(self.root, self.watcher or Watcher(self.root))

    def _saved_stamp(self) -> str | None:
        return reuse.saved(self.stamp_file)

    def _save_stamp(self) -> None:
        """The site matches its inputs: the next start may take it as it is
        (and builds its search index in the background if it has none)."""
        if self._drop_index:
            shutil.rmtree(self.site_dir / search.OUTPUT, ignore_errors=True)
        self._unstamped = False
        reuse.save(self.stamp_file, self._stamp())
