"""Every request `fetch` makes is bounded: a deadline for the whole attempt
(not only between bytes), a cap on the answer's size, and redirects within
the same origin only. Against the loopback fake API; a trickling server
must not hold a run past its deadline."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from generator.ingest import fetch

from .fake_hf import (FIXTURES, RAW, Server, fixture, quiet_env, reply, root, run, seeded, server,  # noqa: F401
                      snapshot, waits)


def trickle(body: bytes, every: float, *, headers_too: bool = False):
    """An answer sent one byte at a time, `every` seconds apart."""
    def respond(handler, stop):
        head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        if not headers_too:
            handler.wfile.write(head)
            handler.wfile.flush()
        for byte in (head + body if headers_too else body):
            if stop.wait(every):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
    return respond


def endless(chunk: bytes = b" " * 65536):
    """An answer without a Content-Length that never ends (until the client hangs up)."""
    def respond(handler, stop):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(b"[")
        while not stop.is_set():
            handler.wfile.write(chunk)
    return respond


def redirect(location: str, code: int = 302):
    return reply(code, b"", headers={"Location": location})


def test_a_body_trickling_a_byte_at_a_time_ends_at_the_deadline(root, server, waits):
    before = seeded(root, server)
    body = (FIXTURES / "2025-03-12.json").read_bytes()
    server.plan("2025-03-12", trickle(body, 0.5))  # ~70,000 s at this pace
    started = time.monotonic()
    result = run(root, server, "--date", "2025-03-12", "--deadline", "1.5", "--retries", "1")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    url = server.day_url("2025-03-12")
    assert result.stderr == (
        "2025-03-12: no complete answer within 1.5 s (the deadline); trying again in 2 s (attempt 2 of 2).\n"
        f"Could not fetch 2025-03-12: no complete answer within 1.5 s (the deadline) from {url} "
        "(gave up after 2 attempts).\nNothing was written.\n")
    assert elapsed < 10  # two attempts of 1.5 s; the waits are recorded, not slept
    assert snapshot(root) == before


def test_headers_trickling_a_byte_at_a_time_end_at_the_deadline(root, server, waits):
    server.plan("2025-03-15", trickle(b"[]", 0.3, headers_too=True))
    started = time.monotonic()
    result = run(root, server, "--date", "2025-03-15", "--deadline", "1", "--retries", "0")
    assert result.exit_code == 1
    assert result.stderr.startswith("Could not fetch 2025-03-15: no complete answer within 1 s (the deadline)")
    assert time.monotonic() - started < 10


def test_a_slow_but_steady_answer_within_the_deadline_is_fine(root, server, waits):
    server.plan("2025-03-15", trickle(b"[]", 0.05))
    result = run(root, server, "--date", "2025-03-15", "--deadline", "30", "--timeout", "5")
    assert result.exit_code == 0, result.output
    assert (root / RAW / "2025-03-15.json").read_bytes() == b"[]"


def test_an_answer_declared_too_large_is_refused_without_reading_it(root, server, waits):
    before = seeded(root, server)
    server.plan("2025-03-12", fixture("2025-03-12"))
    size = (FIXTURES / "2025-03-12.json").stat().st_size
    result = run(root, server, "--date", "2025-03-12", "--max-bytes", "65536")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Could not fetch 2025-03-12: the answer is {size:,} bytes, more than the 64 KiB accepted "
        f"from {server.day_url('2025-03-12')}.\nNothing was written.\n")
    assert waits == [] and server.requests.count("2025-03-12") == 1  # refused, not retried
    assert snapshot(root) == before


def test_an_endless_answer_is_cut_off_past_the_cap(root, server, waits):
    server.plan("2025-03-12", endless())
    started = time.monotonic()
    result = run(root, server, "--date", "2025-03-12", "--max-bytes", str(1024 * 1024))
    assert result.exit_code == 1
    assert result.stderr == (
        "Could not fetch 2025-03-12: the answer passed the 1 MiB accepted; stopped reading it "
        f"from {server.day_url('2025-03-12')}.\nNothing was written.\n")
    assert time.monotonic() - started < 10
    assert not (root / "data").exists()  # no raw answer, no record


def test_the_default_cap_fits_every_real_answer_many_times_over():
    from generator.ingest.fetch import MAX_BYTES
    largest = max(p.stat().st_size for p in FIXTURES.glob("*.json"))
    assert largest * 20 < MAX_BYTES < 50 * 1000 * 1000  # GitHub warns on files over 50 MB


def test_a_redirect_within_the_same_site_is_followed(root, server, waits):
    server.plan("2025-03-12", redirect("/api/daily_papers?date=2025-03-12&moved=1", 301))
    server.plans["2025-03-12"].append(fixture("2025-03-12"))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 0, result.output
    assert server.requests == ["2025-03-12", "2025-03-12"]
    assert (root / RAW / "2025-03-12.json").read_bytes() == (FIXTURES / "2025-03-12.json").read_bytes()


def test_a_redirect_to_another_site_is_refused(root, server, waits):
    elsewhere = Server()
    elsewhere.thread.start()
    try:
        elsewhere.plan("2025-03-12", fixture("2025-03-12"))
        target = elsewhere.day_url("2025-03-12")
        server.plan("2025-03-12", redirect(target))
        result = run(root, server, "--date", "2025-03-12")
    finally:
        elsewhere.stop.set()
        elsewhere.httpd.shutdown()
        elsewhere.httpd.server_close()
    assert result.exit_code == 1
    origin = server.url.split("/api/")[0]
    assert result.stderr == (
        f"Could not fetch 2025-03-12: HTTP 302 redirected it to another site ({target}); only redirects within "
        f"{origin} are followed from {server.day_url('2025-03-12')}.\nNothing was written.\n")
    assert elsewhere.requests == [] and waits == []
    assert not (root / "data").exists()


@pytest.mark.parametrize("body, says", [
    (b"[" * 200_000 + b"]" * 200_000, "is JSON nested too deeply to read."),
    (b"[" + b"9" * 5000 + b"]", "is not usable JSON (Exceeds the limit (4300 digits) for integer string conversion)."),
])
def test_an_answer_python_cannot_hold_is_a_located_error(body, says):
    day = dt.date(2025, 3, 12)
    with pytest.raises(fetch.FetchError) as exc:
        fetch.decode(day, "http://127.0.0.1:9/api/daily_papers?date=2025-03-12", body)
    assert str(exc.value) == f"The answer for 2025-03-12 from http://127.0.0.1:9/api/daily_papers?date=2025-03-12 {says}"
