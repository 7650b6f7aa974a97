"""The archive's search index: Pagefind, built from the records at build time.

Paper pages are indexed from the records themselves (one Pagefind custom
record per paper: title, authors, abstract, tags and any extra text such as
commentary), never by re-parsing the HTML MkDocs wrote. Hand-written pages
(about, contributing, ...) have no record: their Markdown is rendered with the
site's own settings and indexed as HTML.

Nothing in the index needs the built site, so it is built in the background
while MkDocs renders pages (`start`, then `finish` after the build): on two
cores the indexer runs beside MkDocs instead of after it.

The index is written to `<site>/pagefind/`; `docs/assets/search.js` queries
it in the browser and loads only the chunks a query needs.
"""
from __future__ import annotations

import asyncio
import base64
import html as html_lib
import json
import re
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from ..curated import commentary
from . import search_lookup, pages as site
from ..archive import store
from ..site import urls
from ..archive.model import Paper
from ..site.render import math
from ..site.render.common import Context
from ..tags.taxonomy import load_taxonomy
from .writer import generated_files

OUTPUT = "pagefind"
LANGUAGE = "en"
# The hand-written page that shows results: not a result itself.
SEARCH_PAGE = "search.md"
# Material puts a page's content in this element; header, nav and footer stay out.
CONTENT = "article.md-content__inner"
# Pagefind sends records over a pipe; keep a bounded number in flight.
BATCH = 500
# Ranking weight of a title word (Pagefind's weight for a word of an <h1>);
# every other word of a record weighs 1.
TITLE_WEIGHT = 7
AUTHOR_WEIGHT = 2
KIND_PAPER, KIND_PAGE = "paper", "page"
_WEIGHT, _END_WEIGHT = "___PAGEFIND_WEIGHT___", "___END_PAGEFIND_WEIGHT___"
# Pagefind's word splitter reads words like these as instructions (weights,
# anchors): text from the web must not carry any.
_MARKER = re.compile(r"___(END_)?PAGEFIND_[A-Z]+___\S*", re.I)


@dataclass(frozen=True)
class Record:
    """What Pagefind gets for one paper. Values are plain text: the browser
    side renders them with textContent only."""

    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]
    # For search_lookup.py's id files only: the browser never reads an id from
    # a result, so it is not stored in every Pagefind fragment (issue 12).
    arxiv: str | None = None


@dataclass
class Stats:
    papers: int = 0
    pages: int = 0  # hand-written pages
    seconds: float = 0.0
    output: Path | None = None
    urls: list[str] = field(default_factory=list)


def _plain(text: str) -> str:
    """Text for a record, minus anything Pagefind would read as a marker."""
    return _MARKER.sub(" ", text)


def paper_record(p: Paper, tag_titles: list[str], extra: str = "") -> Record:
    authors = ", ".join(p.authors)
    # A title word weighs what Pagefind gives a word of a page's <h1>: a paper
    # whose title holds the query ranks above papers that only mention it.
    # Custom-record content goes through the same word splitter as HTML, which
    # reads these markers (and leaves them out of the stored text).
    # TeX as the page shows it in text (`Schr\"odinger` -> Schrödinger, `$\alpha$`
    # -> α): results read as the page does, and a query finds the word it names.
    title_text, abstract = math.to_text(p.title), math.to_text(p.abstract)
    title = f"{_WEIGHT}{TITLE_WEIGHT} {_plain(title_text)} {_END_WEIGHT}"
    # Authors weigh a little more than abstract words: a name query ranks
    # that author's papers above papers that merely mention the name.
    names = f"{_WEIGHT}{AUTHOR_WEIGHT} {_plain(authors)} {_END_WEIGHT}" if authors else ""
    body = (names, _plain(abstract), _plain(" · ".join(tag_titles)), _plain(extra))
    content = "\n".join(part for part in (title, *body) if part)
    # The abstract is in `content` already, which Pagefind hands to the browser
    # with each result: a copy in `meta` cost a quarter more memory to index.
    meta = {"title": title_text, "date": p.first_listed}
    if authors:
        meta["authors"] = authors
    if p.upvotes is not None:
        meta["upvotes"] = str(p.upvotes)
    years = sorted({d[:4] for d in p.list_dates})
    # `kind` keeps the site's own pages (about, API...) apart from papers.
    filters = {"kind": [KIND_PAPER], "year": years}
    if tag_titles:
        filters["tag"] = list(tag_titles)
    # Pagefind sorts numerically when every value of a key is a number, and
    # drops records without the key from a sorted search: every paper gets both.
    sort = {"date": p.first_listed, "upvotes": str(p.upvotes or 0)}
    # ids are found through search_lookup.py (Pagefind splits them into numbers)
    return Record(urls.url(urls.paper(p.key)), content, meta, filters, sort, p.arxiv_id)


def paper_records(papers: Mapping[str, Paper], ctx: Context,
                  extra_text: Mapping[str, str] | None = None) -> list[Record]:
    """One record per paper, in key order. Pure. `extra_text` adds searchable
    text by paper key (commentary, for instance)."""
    extra_text = extra_text or {}
    return [paper_record(papers[k], [ctx.tag_title(s) for s in ctx.tags.get(k, [])], extra_text.get(k, ""))
            for k in sorted(papers)]


def handwritten_pages(docs: Path) -> list[str]:
    """docs-relative paths of the Markdown pages `paper-archive generate` did
    not write (its manifest lists those), minus the search page itself."""
    generated = set(generated_files(docs))
    pages = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    return sorted(rel for rel in pages if rel not in generated and rel != SEARCH_PAGE)


def built_html(site_dir: Path, rel: str) -> Path:
    """Where MkDocs (use_directory_urls) wrote the page of a docs/ file."""
    return site_dir / urls.url(rel) / "index.html"


class _Service(PagefindService):
    """Pagefind's service, read without pausing.

    The wrapper (pagefind 1.5.2) sleeps 0.1 s before reading each response,
    so it indexes 10 records a second: 33 minutes for 20,000 papers. This
    reads responses as they come, and fails every waiting request if the
    indexer exits instead of leaving them waiting forever.
    """

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        while True:
            try:
                output = await stdout.readuntil(b",")
            except asyncio.IncompleteReadError:
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(RuntimeError("the pagefind indexer exited"))
                return
            resp = json.loads(base64.b64decode(output[:-1]))
            if resp is None:
                continue
            message_id = resp.get("message_id")
            payload = resp["payload"]
            if message_id is None and payload.get("original_message"):
                message_id = json.loads(payload["original_message"]).get("message_id")
            future = self._responses.get(message_id)
            if future is None or future.done():
                continue
            if payload["type"] == "Error":
                future.set_exception(RuntimeError(f"pagefind: {payload.get('message')}"))
            else:
                future.set_result(payload)


async def _write(records: list[Record], html: list[tuple[str, str]], output: Path) -> None:
    async with _Service() as service:
        index = await service.create_index(IndexConfig(root_selector=CONTENT, force_language=LANGUAGE))
        for start in range(0, len(records), BATCH):
            await asyncio.gather(*(
                index.add_custom_record(url=r.url, content=r.content, language=LANGUAGE,
                                        meta=r.meta, filters=r.filters, sort=r.sort)
                for r in records[start:start + BATCH]))
        for url, text in html:
            await index.add_html_file(content=text, url=url)
        await index.write_files(output_path=str(output))
        await whole_entry(output)  # before the service closes and ends the indexer
    for name in UNUSED_UI:
        (output / name).unlink(missing_ok=True)
    search_lookup.write(records, output / search_lookup.FOLDER)


ENTRY = "pagefind-entry.json"
# Pagefind's own ready-made search interfaces: docs/assets/search.js talks to
# pagefind.js directly, so these 0.4 MB would be published unused.
UNUSED_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
             "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


async def whole_entry(output: Path, timeout: float = 30.0) -> None:
    """Wait until Pagefind's entry file is whole JSON. Under load an index was
    seen with an empty entry file (make serve, twice): the indexer had answered
    write_files before its last write reached the disk, and closing the
    service ended it. A site whose search cannot start must not be published
    silently: past `timeout` this is an error that fails the build."""
    entry = output / ENTRY
    deadline = time.monotonic() + timeout
    while True:
        try:
            json.loads(entry.read_bytes())
            return
        except (OSError, ValueError):
            if time.monotonic() >= deadline:
                raise RuntimeError(f"Pagefind wrote no whole {ENTRY} within {timeout:g} s: build again") from None
        await asyncio.sleep(0.05)


def write_index(records: list[Record], html: list[tuple[str, str]], output: Path) -> None:
    """Write a Pagefind bundle for these records and (url, HTML) pages into
    `output`, replacing whatever an earlier build left there."""
    output = output.resolve()
    if output.exists():
        shutil.rmtree(output)
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no event loop in this thread
        asyncio.run(_write(records, html, output))
        return
    # Called from async code (or Playwright's sync API): use a loop of its own.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _write(records, html, output)).result()


def archive_records(root: Path) -> list[Record]:
    """The records of the archive at `root`, read as `paper-archive generate`
    reads it: papers, taxonomy, and commentary (its text is searchable, its
    tags count like the taxonomy's)."""
    papers = store.load(root)
    taxonomy = load_taxonomy(root)
    notes = commentary.load(root, papers, taxonomy)
    ctx = site.make_context(papers, taxonomy, commentary.extra_tags(notes))
    return paper_records(papers, ctx, commentary.texts(notes))


def build_index(root: Path, site_dir: Path) -> Stats:
    """Index the archive at `root` into `site_dir/pagefind/`, after MkDocs built `site_dir`."""
    started = time.perf_counter()
    records = archive_records(root)
    html = []
    for rel in handwritten_pages(root / "docs"):
        path = built_html(site_dir, rel)
        if path.exists():
            text = path.read_text(encoding="utf-8")
            text = text.replace('class="md-content__inner', f'data-pagefind-filter="kind:{KIND_PAGE}" class="md-content__inner', 1)
            html.append((urls.url(rel), text))
    output = site_dir / OUTPUT
    write_index(records, html, output)
    return Stats(len(records), len(html), time.perf_counter() - started, output,
                 [r.url for r in records] + [u for u, _ in html])


def page_html(title: str, body_html: str) -> str:
    """A hand-written page as Pagefind reads it: its content in CONTENT."""
    return (f"<html lang=\"{LANGUAGE}\"><head><title>{html_lib.escape(title)}</title></head>"
            f"<body><article class=\"md-content__inner\" data-pagefind-filter=\"kind:{KIND_PAGE}\">{body_html}"
            "</article></body></html>")


class Background:
    """The index, built in a thread while MkDocs builds the site.

    `start` reads everything and begins; `finish` waits, then moves the
    finished index into the built site (MkDocs empties the site folder when
    its build starts, so the index is written elsewhere until then)."""

    def __init__(self, root: Path, pages: list[tuple[str, str]]):
        self.root, self.pages = root, pages
        self.folder = Path(tempfile.mkdtemp(prefix="paper-archive-pagefind-"))
        self.error: BaseException | None = None
        self.stats = Stats()
        self.thread = threading.Thread(target=self._run, name="pagefind-index", daemon=True)

    @classmethod
    def start(cls, root: Path, pages: list[tuple[str, str]]) -> "Background":
        job = cls(root, pages)
        job.thread.start()
        return job

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            records = archive_records(self.root)
            write_index(records, self.pages, self.folder / OUTPUT)
            self.stats = Stats(len(records), len(self.pages), time.perf_counter() - started, None,
                               [r.url for r in records] + [u for u, _ in self.pages])
        except BaseException as exc:  # re-raised by finish(), in the build's thread
            self.error = exc

    def finish(self, site_dir: Path) -> Stats:
        self.thread.join()
        try:
            if self.error is not None:
                raise self.error
            output = site_dir / OUTPUT
            if output.exists():
                shutil.rmtree(output)
            shutil.move(str(self.folder / OUTPUT), str(output))
            self.stats.output = output
            return self.stats
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def cancel(self) -> None:
        """Wait for the thread and throw its work away (a build that failed)."""
        self.thread.join()
        shutil.rmtree(self.folder, ignore_errors=True)
