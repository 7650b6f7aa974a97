"""The preview's background work: related papers (large archives) and the
search index, each made in a child process (child.py) from a thread that
yields the CPU to a rebuild, then applied to the served site.

A part of Preview (preview.py), which inherits it: the jobs and whether an
index is wanted live on the Preview (its __init__), since a rebuild, a whole
build and a stop start, cancel or drop them too. A finished job is applied
from the preview's loop (`_finish_jobs`), under the writers' lock.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from ..site import urls
from ..build import mkdocs_hooks, search
from . import child

log = logging.getLogger("paper_archive.serve")
SEARCH_RETRIES = 2  # a failed index is built again this many times, then at the next edit
BACKGROUND_NICE = 10  # related papers and the search index yield the CPU to a rebuild


class Background:
    """Related papers and the search index, behind the edits (Preview's part)."""

    def settle(self) -> None:
        """Wait for the background work (related papers, search index) and apply it."""
        self._finish_jobs()
        while self._jobs:
            for _, thread, _ in list(self._jobs):
                thread.join()
            self._finish_jobs()

    def _start_related(self) -> None:
        if any(name == "related" for name, _, _ in self._jobs):
            return  # the one running compares versions: a newer one starts after it
        version, papers = self.archive.related_job()
        box: dict = {"version": version}

        def run():
            box["related"] = child.related_for(papers)  # its own process: the GIL stays free for edits

        self._spawn("related", run, box)

    def _start_search(self) -> None:
        if not self._search_wanted or any(name == "search" for name, _, _ in self._jobs) or not self.archive.loaded:
            self.state.publish(reload=False, search_updating=self._search_wanted or self._has("search"))
            return
        self._search_wanted = False
        archive = self.archive
        records = self._records.of(self.archive)
        if self._search_pages is None:  # the hand-written pages, rendered: redone when one of them changes
            self._search_pages = mkdocs_hooks.handwritten_search_pages(self.site.config)
        pages = self._search_pages
        folder = Path(tempfile.mkdtemp(prefix="paper-archive-serve-search-"))
        box: dict = {"folder": folder, "epoch": self._search_epoch}

        def run():
            child.search_index(records, pages, folder / search.OUTPUT)  # its own process, as related papers

        self.state.publish(reload=False, search_updating=True)
        self._spawn("search", run, box)

    def _has(self, name: str) -> bool:
        return any(n == name for n, _, _ in self._jobs)

    def _spawn(self, name: str, target, box: dict) -> None:
        def run():
            try:
                # Behind the next edit: a lower priority for this thread, and for
                # the threads and the Pagefind process it starts (they inherit it).
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
            except (AttributeError, OSError):
                pass
            try:
                target()
            except BaseException as exc:
                box["error"] = exc

        thread = threading.Thread(target=run, name=f"paper-archive-{name}", daemon=True)
        self._jobs.append((name, thread, box))
        thread.start()

    def _finish_jobs(self) -> None:
        for job in [j for j in self._jobs if not j[1].is_alive()]:
            self._jobs.remove(job)
            name, _, box = job
            if isinstance(box.get("error"), child.Cancelled):
                pass
            elif "error" in box:
                log.error("paper-archive serve: %s failed: %s", name, box["error"])
                if name == "search" and box["epoch"] == self._search_epoch and self._search_retries < SEARCH_RETRIES:
                    self._search_retries += 1  # a site without its index must not stay so silently
                    self._search_wanted = True
            elif name == "related":
                self._apply_related(box)
            elif name == "search":
                if box["epoch"] == self._search_epoch:  # else a whole build made a newer index meanwhile
                    self._swap_search(box["folder"])
                    self._search_retries = 0
            if name == "search":
                shutil.rmtree(box["folder"], ignore_errors=True)
                self._start_search()
        if self._unstamped and not self._jobs and not self._search_wanted and not self.state.problems \
                and self.site_ready and self.archive.loaded and not self.archive.related_pending \
                and self.watcher.snapshot() == self.snapshot:  # else a save is not in yet: no stamp of it
            self._save_stamp()

    def _apply_related(self, box: dict) -> None:
        if box["version"] != self.archive.version:
            if self.archive.related_pending:
                self._start_related()  # the records changed meanwhile
            return
        started = time.perf_counter()
        with self.writing():
            update = self.archive.refresh_related(box["version"], box["related"])
            if update.changed:
                self.site.update(update.changed, [])
                self.site.finish()
        if update.changed:
            log.info("paper-archive serve: related papers updated on %d page(s) in %.2f s",
                     len(update.changed), time.perf_counter() - started)
            self.state.publish(paths=[urls.url(rel) for rel in update.changed])  # only pages that changed reload

    def _swap_search(self, folder: Path) -> None:
        entry = folder / search.OUTPUT / "pagefind-entry.json"
        try:
            json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # Seen under heavy load: an index whose entry file was left empty.
            # Keep the index being served and build it again.
            log.warning("paper-archive serve: the new search index was incomplete; building it again")
            self._search_wanted = True
            return
        target = self.site_dir / search.OUTPUT
        old = self.site_dir / ".pagefind-old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        shutil.move(str(folder / search.OUTPUT), str(target))
        shutil.rmtree(old, ignore_errors=True)
        log.info("paper-archive serve: search index updated")
