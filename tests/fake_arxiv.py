"""A fake arXiv query API (`/api/query?search_query=...`) on loopback, with
answers in the shape of real ones, and the helpers the enrich tests share.

Answers are built from the real arXiv Atom answer in tests/fixtures/arxiv/
(namespaces, hard-wrapped titles, authors, links, categories as arXiv sends
them): an entry of another paper is the first real entry with its id and
title replaced. No other network is used; port 0 picks a free port.
"""
from __future__ import annotations

import html
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from generator.archive import store
from generator.archive.model import Paper
from generator.commands.cli import main
from generator.ingest import enrich, fetch

from .fake_hf import reply

ARXIV = Path(__file__).parent / "fixtures" / "arxiv"
REAL = (ARXIV / "arxiv_response.xml").read_text(encoding="utf-8")
EMPTY = (ARXIV / "arxiv_empty.xml").read_bytes()
# The real answer's two papers, as their titles read once unwrapped.
RDD = "RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in Long-Horizon Tasks"
NIFF = "Neural Implicit Flow Fields for Spatio-Temporal Motion Mapping"
CACHE = Path("data") / "raw" / "arxiv-query"

_HEAD, _FIRST = REAL.split("<entry>")[0], "<entry>" + REAL.split("<entry>")[1].split("</entry>")[0] + "</entry>"


def entry(arxiv_id: str, title: str) -> str:
    """The first real entry, as the paper `arxiv_id` titled `title` (raw TeX kept)."""
    text = _FIRST.replace("2510.14968", arxiv_id)
    return re.sub(r"<title>.*?</title>", lambda _: f"<title>{html.escape(title, quote=False)}</title>", text,
                  flags=re.S)


def feed(*entries: str) -> bytes:
    head = re.sub(r"(<opensearch:totalResults[^>]*>)\d+", rf"\g<1>{len(entries)}", _HEAD)
    return (head + "\n  ".join(entries) + "\n</feed>\n").encode("utf-8")


def atom(body: bytes):
    return reply(body=body, content_type="application/atom+xml; charset=utf-8")


class Server:
    """Answers GET /api/query from a plan per search: each request takes the
    next planned answer; the last one repeats. An unplanned search gets an
    empty feed (arXiv's answer when nothing matches)."""

    def __init__(self) -> None:
        self.plans: dict[str, list] = {}
        self.requests: list[str] = []  # the search_query of each request
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                search = query.get("search_query", [""])[0]
                server.requests.append(search)
                if parts.path != "/api/query" or query.get("max_results") != [str(enrich.MAX_RESULTS)]:
                    return reply(400, b"unexpected request")(self, server.stop)
                plan = server.plans.get(search)
                answer = (plan.pop(0) if len(plan) > 1 else plan[0]) if plan else atom(EMPTY)
                answer(self, server.stop)

            def log_message(self, *args):
                pass

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/query"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def plan(self, title: str, *answers) -> None:
        """Answers to the search `enrich` makes for a record titled `title`."""
        self.plans[enrich.query(title)] = list(answers)

    def search_url(self, title: str) -> str:
        return enrich.query_url(self.url, enrich.query(title))


@pytest.fixture
def arxiv():
    s = Server()
    s.thread.start()
    yield s
    s.stop.set()
    s.httpd.shutdown()
    s.httpd.server_close()


@pytest.fixture
def pauses(monkeypatch):
    """The pauses and waits between requests, recorded instead of slept, on
    a clock that moves only when they pass."""
    now = [1000.0]
    recorded: list[float] = []

    def sleep(seconds: float) -> None:
        recorded.append(round(seconds, 3))
        now[0] += seconds

    monkeypatch.setattr(enrich, "sleep", sleep)
    monkeypatch.setattr(enrich, "clock", lambda: now[0])
    monkeypatch.setattr(fetch, "sleep", sleep)
    return recorded


def archive(root: Path, *papers: Paper) -> dict[str, bytes]:
    """An archive holding these records; its snapshot."""
    store.save(root, {p.key: p for p in papers})
    return snapshot(root)


def paper(key: str, title: str, day: str = "2025-03-12", **fields) -> Paper:
    """A record as page text gives it: no arXiv id, authors, date or links."""
    return Paper(key=key, title=title, abstract=fields.pop("abstract", f"About {key}."), list_dates=[day],
                 sources=["data/sources/daily-page/2025-03-12.txt"], **fields)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def run(root: Path, server: Server, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), "enrich", "--arxiv-api", server.url, *args])


def records(root: Path) -> dict[str, dict]:
    return {p.key: p.to_dict() for p in store.load(root).values()}
