"""`paper-archive fetch` against a local HTTP server on loopback.

The server answers with the real Hugging Face fixtures, empty lists, 429 with
Retry-After, 5xx, answers too slow for the client's timeout, bodies cut short
and bodies that are not JSON. No other network is used; waits between retries
are recorded instead of slept.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from click.testing import CliRunner

from generator.ingest import fetch as fetch_module
from generator.commands.cli import main

from .fake_hf import (FIXTURES, GOOD_DAYS, RAW, count_items, empty_list, fixture, quiet_env, reply,  # noqa: F401
                      root, run, seeded, server, slow, snapshot, status, waits)


# -- fetching real answers -----------------------------------------------------

def test_one_day_is_imported_and_its_raw_answer_kept(root, server, waits):
    server.plan("2025-03-12", fixture("2025-03-12"))
    result = run(root, server, "--date", "2025-03-12")
    n = count_items("2025-03-12")
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"2025-03-12: {n} paper(s), {n} new\n"
                             f"{n} added, 0 updated, 0 unchanged; 1 file(s) written; "
                             "raw answers in data/raw/hf-daily-papers/.\n")
    assert result.stderr == ""
    assert server.requests == ["2025-03-12"]
    assert (root / RAW / "2025-03-12.json").read_bytes() == (FIXTURES / "2025-03-12.json").read_bytes()
    records = [json.loads(line) for line in (root / "data/papers/2025-03.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == n
    assert {tuple(r["sources"]) for r in records} == {("data/raw/hf-daily-papers/2025-03-12.json",)}
    assert waits == []


def test_every_real_fixture_and_a_replay_of_the_raw_answers(root, server):
    for day in GOOD_DAYS:
        server.plan(day, fixture(day))
        result = run(root, server, "--date", day)
        assert result.exit_code == 0, result.output
    for day in GOOD_DAYS:
        assert (root / RAW / f"{day}.json").read_bytes() == (FIXTURES / f"{day}.json").read_bytes()
    fetched = snapshot(root)
    papers = {k: v for k, v in fetched.items() if k.startswith("data/papers/")}
    assert len(papers) == len(GOOD_DAYS)  # one month file per day here

    # Replaying the raw answers with `import` builds the very same store.
    shutil.rmtree(root / "data" / "papers")
    replay = CliRunner().invoke(main, ["--root", str(root), "import", str(root / RAW)])
    assert replay.exit_code == 0, replay.output
    assert snapshot(root) == fetched


def test_fetching_a_day_again_changes_nothing(root, server):
    server.plan("2026-08-21", fixture("2026-08-21"))
    assert run(root, server, "--date", "2026-08-21").exit_code == 0
    before = snapshot(root)
    result = run(root, server, "--date", "2026-08-21")
    assert result.exit_code == 0, result.output
    n = count_items("2026-08-21")
    assert result.stdout.splitlines()[-1] == (f"0 added, 0 updated, {n} unchanged; 0 file(s) written; "
                                              "raw answers in data/raw/hf-daily-papers/.")
    assert snapshot(root) == before


def test_weekend_days_are_empty_lists_not_errors(root, server):
    server.plan("2025-03-14", fixture("2025-03-12"))  # any list will do for a Friday
    server.plan("2025-03-15", empty_list())
    server.plan("2025-03-16", empty_list())
    server.plan("2025-03-17", reply(body=b'{"status": "success", "date": "2025-03-17", "count": 0, "data": []}'))
    result = run(root, server, "--since", "2025-03-14", "--until", "2025-03-17")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1:4] == ["2025-03-15: no list [2/4]", "2025-03-16: no list [3/4]", "2025-03-17: no list [4/4]"]
    assert server.requests == ["2025-03-14", "2025-03-15", "2025-03-16", "2025-03-17"]
    assert (root / RAW / "2025-03-15.json").read_bytes() == b"[]"
    assert sorted(p.name for p in (root / RAW).iterdir()) == [f"2025-03-{d}.json" for d in (14, 15, 16, 17)]


# -- retries --------------------------------------------------------------------

def test_429_waits_as_long_as_retry_after_says(root, server, waits):
    server.plan("2025-03-12", status(429, **{"Retry-After": "7"}), fixture("2025-03-12"))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 0, result.output
    assert waits == [7]
    assert result.stderr == "2025-03-12: HTTP 429 Too Many Requests; trying again in 7 s (attempt 2 of 5).\n"
    assert server.requests == ["2025-03-12", "2025-03-12"]


def test_a_long_retry_after_is_capped(root, server, waits):
    server.plan("2025-03-12", status(429, **{"Retry-After": "86400"}), fixture("2025-03-12"))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 0, result.output
    assert waits == [120]


def test_5xx_is_retried_with_exponential_backoff(root, server, waits):
    server.plan("2025-03-12", status(500), status(503), status(502), fixture("2025-03-12"))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 0, result.output
    assert waits == [2, 4, 8]
    assert result.stderr.splitlines() == [
        "2025-03-12: HTTP 500 Internal Server Error; trying again in 2 s (attempt 2 of 5).",
        "2025-03-12: HTTP 503 Service Unavailable; trying again in 4 s (attempt 3 of 5).",
        "2025-03-12: HTTP 502 Bad Gateway; trying again in 8 s (attempt 4 of 5).",
    ]


def test_a_persistent_500_fails_and_writes_nothing(root, server, waits):
    before = seeded(root, server)
    waits.clear()
    server.plan("2025-03-12", status(500))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-2:] == [
        f"Could not fetch 2025-03-12: HTTP 500 Internal Server Error from {server.day_url('2025-03-12')} "
        "(gave up after 5 attempts).",
        "Nothing was written.",
    ]
    assert waits == [2, 4, 8, 16]
    assert server.requests.count("2025-03-12") == 5
    assert snapshot(root) == before


def test_in_github_actions_a_failure_is_also_an_annotation(root, server, waits, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    server.plan("2025-03-12", status(503))
    result = run(root, server, "--date", "2025-03-12", "--retries", "0")
    assert result.exit_code == 1
    assert result.stdout == (f"::error title=paper-archive fetch::Could not fetch 2025-03-12: HTTP 503 Service "
                             f"Unavailable from {server.day_url('2025-03-12')} (gave up after 1 attempt).%0A"
                             "Nothing was written.\n")


def test_other_client_errors_are_not_retried(root, server, waits):
    server.plan("2025-03-12", status(404))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 1
    assert result.stderr == (f"Could not fetch 2025-03-12: HTTP 404 Not Found from {server.day_url('2025-03-12')}.\n"
                             "Nothing was written.\n")
    assert waits == [] and server.requests == ["2025-03-12"]
    assert not (root / "data").exists()


def test_a_server_slower_than_the_timeout(root, server, waits):
    before = seeded(root, server)
    server.plan("2025-03-12", slow(5, fixture("2025-03-12")))
    result = run(root, server, "--date", "2025-03-12", "--timeout", "0.2", "--retries", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "2025-03-12: no answer within 0.2 s; trying again in 2 s (attempt 2 of 2).\n"
        f"Could not fetch 2025-03-12: no answer within 0.2 s from {server.day_url('2025-03-12')} "
        "(gave up after 2 attempts).\nNothing was written.\n")
    assert snapshot(root) == before


def test_a_slow_answer_then_a_good_one(root, server, waits):
    server.plan("2025-03-12", slow(5, fixture("2025-03-12")), fixture("2025-03-12"))
    result = run(root, server, "--date", "2025-03-12", "--timeout", "0.2")
    assert result.exit_code == 0, result.output
    assert waits == [2]


# -- bad bodies -------------------------------------------------------------------

def test_a_body_cut_short_of_its_content_length(root, server, waits):
    before = seeded(root, server)
    body = (FIXTURES / "2025-03-12.json").read_bytes()
    server.plan("2025-03-12", reply(body=body[:1000], length=len(body)))
    result = run(root, server, "--date", "2025-03-12", "--retries", "2")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"Could not fetch 2025-03-12: the answer was cut short (1000 of {len(body)} bytes) from "
        f"{server.day_url('2025-03-12')} (gave up after 3 attempts).",
        "Nothing was written.",
    ]
    assert waits == [2, 4]
    assert snapshot(root) == before


def test_json_that_ends_early(root, server, waits):
    before = seeded(root, server)
    body = (FIXTURES / "2025-03-12.json").read_bytes()[:1000]
    server.plan("2025-03-12", reply(body=body))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 1
    assert result.stderr == (
        f"The answer for 2025-03-12 from {server.day_url('2025-03-12')} is cut short: its JSON ends early "
        "(Expecting property name enclosed in double quotes at line 38 column 3).\nNothing was written.\n")
    assert waits == []
    assert snapshot(root) == before


def test_a_body_that_is_not_json(root, server, waits):
    before = seeded(root, server)
    server.plan("2025-03-12", reply(body=b"<!DOCTYPE html><title>Maintenance</title>", content_type="text/html"))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 1
    assert result.stderr == (
        f"The answer for 2025-03-12 from {server.day_url('2025-03-12')} is not JSON "
        "(Expecting value at line 1 column 1).\nNothing was written.\n")
    assert snapshot(root) == before


def test_an_empty_body(root, server):
    server.plan("2025-03-12", reply(body=b""))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 1
    assert result.stderr == (f"The answer for 2025-03-12 from {server.day_url('2025-03-12')} is empty.\n"
                             "Nothing was written.\n")


def test_items_that_are_not_json_objects_are_problems_not_losses(root, server):
    before = seeded(root, server)
    server.plan("2024-12-11", fixture("2024-12-11"))
    result = run(root, server, "--date", "2024-12-11")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    url = server.day_url("2024-12-11")
    n = count_items("2024-12-11")
    assert lines[0] == f"{url}:item 0: item: must be a JSON object, found str (it looks like a Python repr, not JSON)"
    assert len(lines) == n + 2
    assert lines[-2:] == [f"{n} problem(s) in the list of 2024-12-11 from {url}. "
                          "Pass --skip-invalid to import the valid records (the raw answers are then kept).",
                          "Nothing was written."]
    assert snapshot(root) == before

    skipped = run(root, server, "--date", "2024-12-11", "--skip-invalid")
    assert skipped.exit_code == 0, skipped.output
    assert skipped.stderr.splitlines()[-1] == f"2024-12-11: skipped {n} invalid item(s)."
    assert skipped.stdout.splitlines()[-1].startswith("0 added, 0 updated, ")
    assert (root / RAW / "2024-12-11.json").read_bytes() == (FIXTURES / "2024-12-11.json").read_bytes()


# -- which days ------------------------------------------------------------------------

def test_no_day_given_fetches_from_the_last_list_day_to_today(root, server, monkeypatch):
    seeded(root, server)
    server.default = empty_list()
    monkeypatch.setattr(fetch_module, "utc_today", lambda: dt.date(2024, 5, 29))
    server.requests.clear()
    result = run(root, server)
    assert result.exit_code == 0, result.output
    # The last list day is fetched again: a day's list grows while it lasts.
    assert server.requests == ["2024-05-27", "2024-05-28", "2024-05-29"]


def test_catching_up_is_capped(root, server, monkeypatch):
    seeded(root, server)
    server.default = empty_list()
    monkeypatch.setattr(fetch_module, "utc_today", lambda: dt.date(2024, 7, 1))
    server.requests.clear()
    result = run(root, server, "--max-days", "3")
    assert result.exit_code == 0, result.output
    assert server.requests == ["2024-05-27", "2024-05-28", "2024-05-29"]
    assert result.stderr == ("Catching up: fetching 2024-05-27 to 2024-05-29, 3 of the 36 days since the last "
                             "list day; the next run continues from there.\n")


def test_an_empty_archive_needs_a_day(root, server):
    result = run(root, server)
    assert result.exit_code == 2
    assert "Error: The archive has no list days yet: pass --date or --since." in result.stderr
    assert server.requests == []


@pytest.mark.parametrize("args, message", [
    (["--date", "2025-03-12", "--since", "2025-03-10"], "Pass either --date or --since/--until, not both."),
    (["--until", "2025-03-12"], "--until needs --since."),
    (["--since", "2025-03-12", "--until", "2025-03-10"], "--since 2025-03-12 is after --until 2025-03-10."),
    (["--date", "2999-01-01"], "2999-01-01 is in the future (today is "),
    (["--date", "2025-02-30"], "'2025-02-30' is not a real day (YYYY-MM-DD)"),
])
def test_bad_days_are_usage_errors(root, server, args, message):
    result = run(root, server, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert server.requests == []


def test_the_api_url_can_come_from_the_environment(root, server, monkeypatch):
    server.plan("2025-03-15", empty_list())
    monkeypatch.setenv("PAPER_ARCHIVE_HF_API", server.url)
    result = CliRunner().invoke(main, ["--root", str(root), "fetch", "--date", "2025-03-15"])
    assert result.exit_code == 0, result.output
    assert server.requests == ["2025-03-15"]


def test_retry_after_as_seconds_or_an_http_date():
    assert fetch_module.retry_after("12") == 12
    assert fetch_module.retry_after(None) is None
    assert fetch_module.retry_after("soon") is None
    now = dt.datetime(2025, 3, 12, 8, 0, 0, tzinfo=dt.timezone.utc).timestamp()
    assert fetch_module.retry_after("Wed, 12 Mar 2025 08:00:30 GMT", now) == 30
    assert fetch_module.retry_after("Wed, 12 Mar 2025 07:59:00 GMT", now) == 0


def test_a_drifted_optional_field_is_a_warning_and_the_paper_is_kept(root, server, monkeypatch):
    """Moved from issue 14 to 15: a githubRepo broken by a line break (seen in
    the wild) is repaired, a keyword string dropped; in Actions, as ::warning."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    item = {"paper": {"id": "2503.00001", "title": "A paper", "summary": "An abstract.",
                      "githubRepo": "https://github.com/\nFightingFighting/DreamActor", "ai_keywords": "transformer"}}
    server.plan("2025-03-12", reply(body=json.dumps([item]).encode()))
    result = run(root, server, "--date", "2025-03-12")
    assert result.exit_code == 0, result.output
    url = server.day_url("2025-03-12")
    assert result.stderr.splitlines() == [
        f"{url}:item 0: ai_keywords: must be a list, not text; dropped (the paper is kept)",
        f"{url}:item 0: links.code: 'https://github.com/\\nFightingFighting/DreamActor' held white space; "
        "repaired to 'https://github.com/FightingFighting/DreamActor'",
        "2 field(s) dropped or repaired; their papers were kept.",
    ]
    assert "::warning file=" in result.stdout and ",title=ai_keywords::item 0: must be a list" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("1 added, 0 updated, 0 unchanged; ")
    record = json.loads((root / "data" / "papers" / "2025-03.jsonl").read_text(encoding="utf-8"))
    assert record["links"]["code"] == "https://github.com/FightingFighting/DreamActor"
    assert record["ai_keywords"] == []
