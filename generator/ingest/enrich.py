"""`paper-archive enrich`: the arXiv identity of records that have none.

A record imported from page text (the 77 embedded papers, any later copied
Daily Papers page) has a title, an abstract and list days, and nothing that
leads to the paper. For each record without an arXiv id, oldest first, this
asks arXiv's query API for its title (`search_query=ti:"words of the title"`)
and accepts an answer only when exactly one entry has the same title, case,
punctuation, white space and TeX aside (`titles`). It then fills the arXiv
id, and every one of authors, publication day, categories, abstract and links
the record does not have yet: a field that holds something is never changed
(records do not mark fields set by hand; a filled field is left alone,
whoever filled it). The key, and with it the paper's URL, stays: the arXiv
id finds the paper through the search lookup and the API, and a later
`fetch` of the same paper merges into this record by its id.

Polite and bounded like `fetch`: every request through the same bounds and
retries (`fetch.get`), a pause between requests (arXiv's API terms ask for
3 seconds), and each answer kept under `data/raw/arxiv-query/` before it is
used, so a rerun, or a run after a failed or killed one, asks nothing twice.
The cache files are named for the query, not the address: a mirror's answers
are the same. Their suffix is not one `import` reads: an answer holds near
misses that are other papers. A record is all or nothing: its fields are
filled and saved together, or it is left as it was.
"""
from __future__ import annotations

import copy
import dataclasses
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

import click

from . import fetch, importer, titles
from ..archive import report, store
from ..archive.model import InputError, Paper, shown, validate
from ..sources import arxiv_atom, arxiv_links

API_URL = "http://export.arxiv.org/api/query"
API_ENV = "PAPER_ARCHIVE_ARXIV_API"
RAW_FOLDER = "arxiv-query"
SUFFIX = ".atom.cache"
PAUSE = 3.0  # seconds between requests: arXiv's API terms of use
# Entries asked for: the exact title is among the first few when it exists;
# more only make the kept answers larger (about 3 KB an entry).
MAX_RESULTS = 10
FILLED = ("authors", "published", "categories", "abstract")
# Records found are saved together at most this many seconds apart (and at
# the end, and before a stop): one save per record rewrote a month file each
# time, 0.2 s a record at 20,000 papers. A kill loses no request: the answers
# are kept first, and the next run reads them again.
SAVE_EVERY = 10.0

# Looked up at call time, so tests can replace them and never wait.
sleep: Callable[[float], None] = time.sleep
clock: Callable[[], float] = time.monotonic


def query(title: str) -> str | None:
    """The arXiv search for a title: its words as one phrase; None when it has no words."""
    words = titles.query_words(title)
    return f'ti:"{" ".join(words)}"' if words else None


def query_url(api_url: str, search: str) -> str:
    joiner = "&" if "?" in api_url else "?"
    return f"{api_url}{joiner}{urlencode({'search_query': search, 'start': 0, 'max_results': MAX_RESULTS})}"


def raw_name(search: str) -> str:
    """Where the answer to a search is kept, under data/raw/."""
    digest = hashlib.sha256(f"{search}\0{MAX_RESULTS}".encode("utf-8")).hexdigest()[:24]
    return f"{RAW_FOLDER}/{digest}{SUFFIX}"


# -- deciding, for one record (pure) ----------------------------------------

@dataclass
class Verdict:
    found: Paper | None  # the one arXiv entry with the same title
    why: str  # what was found, or why the record is left alone
    kind: str  # found, no match, different title, several, taken, unreadable


def decide(record: Paper, entries: list[Paper], problems: list, holders: dict[str, str]) -> Verdict:
    """What to do with `record` given arXiv's entries for its title.
    `holders`: arXiv id -> key of the record that already has it."""
    same = [e for e in entries if titles.same(e.title, record.title)]
    ids = sorted({e.arxiv_id for e in same})
    if problems:
        first = problems[0]
        return Verdict(None, f"arXiv's answer has {len(problems)} entry(ies) that could not be read "
                             f"({first.where}: {first.field}: {first.message})", "unreadable")
    if not entries:
        return Verdict(None, "arXiv has no paper with this title", "no match")
    if not same:
        nearest = entries[0]
        return Verdict(None, f"no arXiv title is the same; the nearest is {shown(nearest.title)} "
                             f"(arXiv {nearest.arxiv_id}), a different title", "different title")
    if len(ids) > 1:
        return Verdict(None, f"{len(ids)} arXiv papers have this title ({', '.join(ids)}); "
                             "set the right one by hand", "several")
    found = same[0]
    holder = holders.get(found.arxiv_id)
    if holder and holder != record.key:
        return Verdict(None, f"arXiv {found.arxiv_id} is already the paper {holder!r}: if this record is "
                             "the same paper, merge the two by hand", "taken")
    return Verdict(found, f"arXiv {found.arxiv_id}", "found")


def fill(record: Paper, found: Paper, source: str) -> list[str]:
    """Fill `record` from the arXiv entry: the id, and the fields it lacks.
    Returns the names of the fields filled."""
    filled = ["arxiv_id"]
    record.arxiv_id = found.arxiv_id
    for name in FILLED:
        if not getattr(record, name) and getattr(found, name):
            setattr(record, name, getattr(found, name))
            filled.append(name)
    # Canonical addresses (no version: always the latest), and the paper's
    # Hugging Face page: every record comes from a Daily Papers list.
    links = {**arxiv_links(found.arxiv_id), "hf": f"https://huggingface.co/papers/{found.arxiv_id}"}
    added = {kind: url for kind, url in links.items() if kind not in record.links}
    if added:
        record.links = dict(sorted({**record.links, **added}.items()))
        filled.append("links")
    record.sources = sorted(set(record.sources) | {source})
    return filled


# -- the command ---------------------------------------------------------------

@dataclass
class Tally:
    asked: int = 0  # requests answered
    cached: int = 0  # answers read from data/raw/
    kinds: dict[str, int] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class Asker:
    """arXiv's answers: from data/raw/ when kept, else asked, one request at a
    time with the pause between them."""

    def __init__(self, root: Path, api_url: str, policy: fetch.Policy, pause: float):
        self.root, self.api_url, self.policy, self.pause = root, api_url, policy, pause
        self.last: float | None = None

    def cached(self, search: str) -> bytes | None:
        path = self.root / store.RAW / raw_name(search)
        return path.read_bytes() if path.is_file() else None

    def wait(self) -> None:
        """Until `pause` seconds have passed since the last answer."""
        if self.last is not None:
            wait = self.pause - (clock() - self.last)
            if wait > 0:
                sleep(wait)

    def ask(self, search: str, what: str, say: Callable[[str], None]) -> tuple[str, bytes]:
        url = query_url(self.api_url, search)
        try:
            return url, fetch.get(url, what, self.policy, accept="application/atom+xml", say=say)
        finally:
            self.last = clock()


def candidates(papers: dict[str, Paper]) -> list[Paper]:
    """The records without an arXiv id, oldest first."""
    return sorted((p for p in papers.values() if not p.arxiv_id), key=lambda p: (p.first_listed, p.key))


def run(root: Path, *, api_url: str | None = None, policy: fetch.Policy = fetch.Policy(), pause: float = PAUSE,
        max_minutes: float | None = None, ask_again: bool = False) -> None:
    """Look up every record without an arXiv id; every message a person sees.
    Exits non-zero (SystemExit) when arXiv cannot be asked, after saving every
    record enriched before. `ask_again`: ask even where an answer is kept."""
    api_url = api_url or API_URL
    # A retry waits at least the pause too.
    policy = dataclasses.replace(policy, backoff=max(policy.backoff, pause))
    try:
        papers = store.load(root)
    except InputError as exc:
        report.problems(exc.problems)
        _stop(f"Nothing was looked up: the archive has {len(exc.problems)} problem(s). Run `paper-archive check`.")
    todo = candidates(papers)
    holders = {p.arxiv_id: p.key for p in papers.values() if p.arxiv_id}
    say = lambda text: click.echo(text, err=True)  # noqa: E731
    asker = Asker(root, api_url, policy, pause)
    tally = Tally()
    started = saved = clock()
    months: set[str] = set()  # of records found and not saved yet

    def save() -> None:
        nonlocal saved
        if months:
            tally.files.update(store.save(root, papers, months=months))
            months.clear()
        saved = clock()

    for number, record in enumerate(todo, start=1):
        if months and clock() - saved >= SAVE_EVERY:
            save()
        search = query(record.title)
        if search is None:
            _tell(record, "left alone: its title has no words to search for", "no words", tally)
            continue
        body = None if ask_again else asker.cached(search)
        if body is not None:
            tally.cached += 1
        else:
            asker.wait()
            if max_minutes is not None and tally.asked and clock() - started >= max_minutes * 60:
                click.echo(f"Stopped after {max_minutes:g} minute(s) (--max-minutes), before {record.key!r}: "
                           f"{number - 1} of {len(todo)} record(s) looked up. The next run continues from there.",
                           err=True)
                break
            try:
                url, body = asker.ask(search, f"arXiv's answer for {record.key!r}", say)
            except fetch.FetchError as exc:
                save()
                _halt(str(exc), record, tally)
            tally.asked += 1
            reading = arxiv_atom.parse(body, url)
            if any(p.field == "xml" for p in reading.problems):
                save()
                _halt(f"The answer for {record.key!r} from {url} is unusable: {reading.problems[0].message}.",
                      record, tally)
            store.save_raw(root, raw_name(search), body)
        source = (store.RAW / raw_name(search)).as_posix()
        reading = importer.accept(arxiv_atom.parse(body, source), source)
        if any(p.field == "xml" for p in reading.problems):
            _tell(record, f"left alone: the kept answer {source} is unusable ({reading.problems[0].message}); "
                          "--ask-again asks again", "unreadable", tally)
            continue
        verdict = decide(record, [f.paper for f in reading.found], reading.problems, holders)
        if verdict.found is None:
            _tell(record, f"left alone: {verdict.why}", verdict.kind, tally)
            continue
        enriched = copy.deepcopy(record)
        filled = fill(enriched, verdict.found, source)
        bad = validate(enriched)
        if bad:  # cannot happen after accept(); refuse rather than trust that
            _tell(record, f"left alone: {verdict.why} would make it invalid ({bad[0][0]}: {bad[0][1]})",
                  "unreadable", tally)
            continue
        papers[record.key] = enriched
        holders[enriched.arxiv_id] = enriched.key
        months.add(enriched.first_listed[:7])
        _tell(record, f"found {verdict.why}; filled {', '.join(filled)}", "found", tally)
    save()
    _summary(len(papers), todo, tally)


def _tell(record: Paper, what: str, kind: str, tally: Tally) -> None:
    click.echo(f"{record.key}: {what}")
    tally.kinds[kind] = tally.kinds.get(kind, 0) + 1


ORDER = ("found", "no match", "different title", "several", "taken", "unreadable", "no words")


def _counts(tally: Tally) -> str:
    left = [f"{tally.kinds[k]} {k}" for k in ORDER[1:] if tally.kinds.get(k)]
    found = f"{tally.kinds.get('found', 0)} found"
    return found + (f", left alone: {', '.join(left)}" if left else "")


def _summary(total: int, todo: list[Paper], tally: Tally) -> None:
    if not todo:
        click.echo(f"Every one of the {total} record(s) has an arXiv id: nothing to look up.")
        return
    click.echo(f"{len(todo)} of {total} record(s) without an arXiv id: {_counts(tally)}; "
               f"{tally.asked} request(s), {tally.cached} answer(s) kept from before; "
               f"{len(tally.files)} file(s) written; answers in {(store.RAW / RAW_FOLDER).as_posix()}/.")


def _halt(reason: str, record: Paper, tally: Tally):
    found = tally.kinds.get("found", 0)
    _stop(f"{reason}\nStopped at {record.key!r}: the {found} record(s) linked before it are saved; "
          "the next run continues from there.")


def _stop(message: str):
    fetch._stop(message, "enrich")
