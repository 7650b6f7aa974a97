"""One run makes an archive current: `paper-archive fetch` goes day after day,
saving each day as soon as it is fetched and read. A day that fails for good
stops the run there; every day before it stays saved, and the next run
continues from that day. Against the loopback fake API."""
from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from generator.ingest import fetch as fetch_module
from generator.commands.cli import main

from .fake_hf import (FIXTURES, RAW, count_items, empty_list, fixture, quiet_env, root, run,  # noqa: F401
                      seeded, server, snapshot, status, waits)


def days(first: str, last: str) -> list[str]:
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(a + dt.timedelta(days=n)).isoformat() for n in range((b - a).days + 1)]


def plan_lists(server, listed: dict[str, str]) -> None:
    """Each day answers a real fixture (listed) or an empty list."""
    server.default = empty_list()
    for day, source in listed.items():
        server.plan(day, fixture(source))


def test_no_day_given_fetches_every_missing_day_in_one_run(root, server, monkeypatch):
    seeded(root, server)  # the archive ends on 2024-05-27
    plan_lists(server, {"2024-06-10": "2024-09-16", "2024-07-01": "2025-07-01"})
    monkeypatch.setattr(fetch_module, "utc_today", lambda: dt.date(2024, 7, 1))
    server.requests.clear()
    result = run(root, server)
    assert result.exit_code == 0, result.output
    assert server.requests == days("2024-05-27", "2024-07-01")  # 36 days, no cap
    lines = result.stdout.splitlines()
    assert len(lines) == 36 + 1  # one line per day, then the summary
    assert lines[0] == f"2024-05-27: {count_items('2024-05-27')} paper(s), 0 new [1/36]"
    assert lines[1] == "2024-05-28: no list [2/36]"
    assert lines[14] == f"2024-06-10: {count_items('2024-09-16')} paper(s), {count_items('2024-09-16')} new [15/36]"
    assert lines[-2] == f"2024-07-01: {count_items('2025-07-01')} paper(s), {count_items('2025-07-01')} new [36/36]"
    assert result.stderr == ""
    assert len(list((root / RAW).iterdir())) == 36


def test_a_day_that_fails_for_good_keeps_the_days_before_it(root, server, waits):
    before = seeded(root, server)
    plan_lists(server, {"2025-03-10": "2025-03-12", "2025-03-13": "2025-07-01"})
    server.plan("2025-03-12", status(503))
    result = run(root, server, "--since", "2025-03-10", "--until", "2025-03-14", "--retries", "1")
    assert result.exit_code == 1
    url = server.day_url("2025-03-12")
    assert result.stderr.splitlines()[-2:] == [
        f"Could not fetch 2025-03-12: HTTP 503 Service Unavailable from {url} (gave up after 2 attempts).",
        "Stopped at 2025-03-12: the 2 day(s) before it (2025-03-10 to 2025-03-11) are saved. "
        "To continue: paper-archive fetch --since 2025-03-12 --until 2025-03-14.",
    ]
    assert result.stdout.splitlines() == [
        f"2025-03-10: {count_items('2025-03-12')} paper(s), {count_items('2025-03-12')} new [1/5]",
        "2025-03-11: no list [2/5]",
    ]
    # Nothing after the failing day was asked for; the days before it are on disk.
    assert "2025-03-13" not in server.requests
    after = snapshot(root)
    assert sorted(k for k in after if k.startswith("data/raw/")) == [
        "data/raw/hf-daily-papers/2024-05-27.json", "data/raw/hf-daily-papers/2025-03-10.json",
        "data/raw/hf-daily-papers/2025-03-11.json"]
    assert after["data/papers/2024-05.jsonl"] == before["data/papers/2024-05.jsonl"]
    assert "data/papers/2025-03.jsonl" in after

    # The next run, as the message says, continues from the failing day only.
    server.plan("2025-03-12", empty_list())
    server.requests.clear()
    again = run(root, server, "--since", "2025-03-12", "--until", "2025-03-14")
    assert again.exit_code == 0, again.output
    assert server.requests == ["2025-03-12", "2025-03-13", "2025-03-14"]
    resumed = snapshot(root)

    # Byte for byte what one run without the failure would have written.
    fresh = root.parent / "fresh"
    fresh.mkdir()
    seeded(fresh, server)
    assert run(fresh, server, "--since", "2025-03-10", "--until", "2025-03-14").exit_code == 0
    assert snapshot(fresh) == resumed


def test_with_no_day_given_the_next_run_continues_from_the_last_list_day(root, server, monkeypatch, waits):
    seeded(root, server)
    plan_lists(server, {"2024-05-29": "2024-09-16"})
    server.plan("2024-05-31", status(500))
    monkeypatch.setattr(fetch_module, "utc_today", lambda: dt.date(2024, 6, 2))
    server.requests.clear()
    result = run(root, server, "--retries", "0")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Stopped at 2024-05-31: the 4 day(s) before it (2024-05-27 to 2024-05-30) are saved. "
        "The next `paper-archive fetch` continues from the last list day saved.")
    assert server.requests == days("2024-05-27", "2024-05-31")

    server.plan("2024-05-31", empty_list())
    server.requests.clear()
    again = run(root, server)
    assert again.exit_code == 0, again.output
    # From the last list day saved (fetched again: a day's list grows while it lasts).
    assert server.requests == days("2024-05-29", "2024-06-02")


def test_in_github_actions_a_stop_is_an_annotation_naming_the_day_and_address(root, server, waits, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    plan_lists(server, {})
    server.plan("2025-03-11", status(500))
    result = run(root, server, "--since", "2025-03-10", "--until", "2025-03-11", "--retries", "0")
    assert result.exit_code == 1
    url = server.day_url("2025-03-11")
    assert result.stdout.splitlines()[-1] == (
        f"::error title=paper-archive fetch::Could not fetch 2025-03-11: HTTP 500 Internal Server Error from {url} "
        "(gave up after 1 attempt).%0AStopped at 2025-03-11: the 1 day(s) before it (2025-03-10) are saved. "
        "To continue: paper-archive fetch --since 2025-03-11 --until 2025-03-11.")


def test_invalid_items_stop_the_run_at_their_day(root, server):
    plan_lists(server, {"2025-03-10": "2025-03-12", "2025-03-11": "2024-12-11"})
    result = run(root, server, "--since", "2025-03-10", "--until", "2025-03-12")
    assert result.exit_code == 1
    n = count_items("2024-12-11")
    assert result.stderr.splitlines()[-2:] == [
        f"{n} problem(s) in the list of 2025-03-11 from {server.day_url('2025-03-11')}. "
        "Pass --skip-invalid to import the valid records (the raw answers are then kept).",
        "Stopped at 2025-03-11: the 1 day(s) before it (2025-03-10) are saved. "
        "To continue: paper-archive fetch --since 2025-03-11 --until 2025-03-12.",
    ]
    assert not (root / RAW / "2025-03-11.json").exists()
    assert (root / RAW / "2025-03-10.json").exists()


def test_max_minutes_stops_between_days_and_keeps_them(root, server, monkeypatch):
    plan_lists(server, {})
    ticks = iter(range(0, 10_000, 40))  # each look at the clock: 40 s later
    monkeypatch.setattr(fetch_module, "clock", lambda: next(ticks))
    result = run(root, server, "--since", "2025-03-01", "--until", "2025-03-31", "--max-minutes", "2")
    assert result.exit_code == 0, result.output
    assert server.requests == ["2025-03-01", "2025-03-02", "2025-03-03"]
    assert result.stderr == ("Stopped after 2 minute(s) (--max-minutes), before 2025-03-04: 3 of 31 day(s) saved. "
                             "To continue: paper-archive fetch --since 2025-03-04 --until 2025-03-31.\n")
    assert len(list((root / RAW).iterdir())) == 3


def test_a_day_saved_again_rewrites_only_what_changed(root, server):
    plan_lists(server, {"2025-03-12": "2025-03-12"})
    assert run(root, server, "--date", "2025-03-12").exit_code == 0
    first = snapshot(root)
    result = CliRunner().invoke(main, ["--root", str(root), "fetch", "--api-url", server.url,
                                       "--since", "2025-03-11", "--until", "2025-03-13"])
    assert result.exit_code == 0, result.output
    n = count_items("2025-03-12")
    assert result.stdout.splitlines()[-1] == (f"0 added, 0 updated, {n} unchanged; 0 file(s) written; "
                                              "raw answers in data/raw/hf-daily-papers/.")
    assert {k: v for k, v in snapshot(root).items() if k in first} == first
