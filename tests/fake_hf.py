"""A fake Hugging Face daily_papers API on loopback, and the helpers the
fetch tests share. No other network is used; port 0 picks a free port."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from generator.ingest import fetch as fetch_module
from generator.commands.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "hf-daily-papers"
GOOD_DAYS = ["2024-05-27", "2024-09-16", "2025-03-12", "2025-07-01", "2026-01-05", "2026-08-21"]
RAW = Path("data") / "raw" / "hf-daily-papers"


# -- the server --------------------------------------------------------------

def reply(status: int = 200, body: bytes = b"", *, headers: dict | None = None, length: int | None = None,
          content_type: str = "application/json; charset=utf-8"):
    """An answer; `length` other than len(body) declares more than is sent."""
    def respond(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
    return respond


def fixture(day: str):
    return reply(body=(FIXTURES / f"{day}.json").read_bytes())


def empty_list():
    return reply(body=b"[]")


def status(code: int, **headers):
    return reply(code, b'{"error": "try later"}', headers=headers)


def slow(seconds: float, then):
    def respond(handler, stop):
        if not stop.wait(seconds):
            then(handler, stop)
    return respond


class Server:
    """Answers GET /api/daily_papers?date=D from a plan per day: each request
    takes the next planned answer; the last one repeats."""

    def __init__(self) -> None:
        self.plans: dict[str, list] = {}
        self.default = reply(404, b'{"error": "no plan for this day"}')
        self.requests: list[str] = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                parts = urlsplit(self.path)
                day = parse_qs(parts.query).get("date", [""])[0]
                server.requests.append(day)
                plan = server.plans.get(day) if parts.path == "/api/daily_papers" else None
                answer = (plan.pop(0) if len(plan) > 1 else plan[0]) if plan else server.default
                answer(self, server.stop)

            def log_message(self, *args):
                pass

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # the client hung up on a slow answer: expected here

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/daily_papers"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def plan(self, day: str, *answers) -> None:
        self.plans[day] = list(answers)

    def day_url(self, day: str) -> str:
        return f"{self.url}?date={day}"


@pytest.fixture
def server():
    s = Server()
    s.thread.start()
    yield s
    s.stop.set()
    s.httpd.shutdown()
    s.httpd.server_close()


@pytest.fixture(autouse=True)
def quiet_env(monkeypatch):
    for name in ("GITHUB_ACTIONS", "CI", "PAPER_ARCHIVE_HF_API", "PAPER_ARCHIVE_ROOT",
                 "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def waits(monkeypatch):
    """The waits between attempts, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(fetch_module, "sleep", recorded.append)
    return recorded


@pytest.fixture
def root(tmp_path):
    path = tmp_path / "archive"
    path.mkdir()
    return path


def run(root: Path, server: Server, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), "fetch", "--api-url", server.url, *args])


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under data/, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def seeded(root: Path, server: Server) -> dict[str, bytes]:
    """An archive holding the list of 2024-05-27, fetched; its snapshot."""
    server.plan("2024-05-27", fixture("2024-05-27"))
    result = run(root, server, "--date", "2024-05-27")
    assert result.exit_code == 0, result.output
    return snapshot(root)


def count_items(day: str) -> int:
    return len(json.loads((FIXTURES / f"{day}.json").read_text(encoding="utf-8")))
